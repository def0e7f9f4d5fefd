//! Pages of a list: a numeric token and a limit of 1 to 60, neither of
//! which can overflow or panic, whatever a caller sends.

use crate::error::{ApiError, ApiResult};
use crate::validate::check_range;

pub struct Page {
    start: usize,
    limit: usize,
}

impl Page {
    /// From a request's token and limit (`field` names the limit).
    pub fn read(field: &str, token: Option<&str>, limit: Option<u32>) -> ApiResult<Page> {
        let limit = limit.unwrap_or(60);
        check_range(field, limit.into(), 1, 60)?;
        let start = match token {
            None => 0,
            Some(token) => token
                .parse()
                .map_err(|_| ApiError::invalid("Invalid pagination token."))?,
        };
        Ok(Page {
            start,
            limit: limit as usize,
        })
    }

    /// The token of the next page, if a list of `len` has one.
    pub fn next_token(&self, len: usize) -> Option<String> {
        self.start
            .checked_add(self.limit)
            .filter(|next| *next < len)
            .map(|next| next.to_string())
    }

    /// This page's items.
    pub fn of<T>(&self, items: Vec<T>) -> impl Iterator<Item = T> {
        items.into_iter().skip(self.start).take(self.limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_never_overflow() {
        let huge = Page::read("limit", Some(&usize::MAX.to_string()), Some(60)).unwrap();
        assert_eq!(huge.next_token(10), None);
        assert_eq!(huge.of(vec![1, 2, 3]).count(), 0);
        let first = Page::read("limit", None, Some(2)).unwrap();
        assert_eq!(first.next_token(3).as_deref(), Some("2"));
        assert!(Page::read("limit", Some("99999999999999999999999"), None).is_err());
        assert!(Page::read("limit", Some("-1"), None).is_err());
        assert!(Page::read("limit", None, Some(61)).is_err());
        assert!(Page::read("limit", None, Some(0)).is_err());
    }
}
