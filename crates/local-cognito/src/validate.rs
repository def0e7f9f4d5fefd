//! Checks on what requests carry, with Cognito's limits and messages.

use std::collections::BTreeMap;

use cognito_idp::types::{AttributeType, PasswordPolicy};
use cognito_idp::ErrorCode;

use crate::error::{lower_first, ApiError, ApiResult};
use crate::pool_schema::is_user_attribute;

/// Cognito's limits on names, passwords, attributes, codes and tokens.
pub const MAX_USERNAME: usize = 128;
pub const MAX_PASSWORD: usize = 256;
pub const MAX_ATTRIBUTE_VALUE: usize = 2048;
pub const MAX_ATTRIBUTES: usize = 50;
pub const MAX_CODE: usize = 2048;
pub const MAX_TOKEN: usize = 8192;

pub fn check_len(field: &str, value: &str, min: usize, max: usize) -> ApiResult<()> {
    let len = value.chars().count();
    if len > max {
        return Err(ApiError::too_long(field, max));
    }
    if len < min {
        return Err(ApiError::invalid(format!(
            "1 validation error detected: Value at '{}' failed to satisfy constraint: Member must have length greater than or equal to {min}",
            lower_first(field)
        )));
    }
    Ok(())
}

/// A number within Cognito's range for the field.
pub fn check_range(field: &str, value: i64, min: i64, max: i64) -> ApiResult<()> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(ApiError::out_of_range(field, min, max))
    }
}

pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
        && !domain.contains('@')
}

/// Cognito's password policy check, with its messages.
pub fn check_password(policy: &PasswordPolicy, password: &str) -> ApiResult<()> {
    check_len("Password", password, 1, MAX_PASSWORD)?;
    if let Some(rule) = policy.first_unmet(password) {
        return Err(ApiError::new(
            ErrorCode::InvalidPasswordException,
            format!(
                "Password did not conform with policy: {}",
                rule.cognito_reason()
            ),
        ));
    }
    if password.starts_with(' ') || password.ends_with(' ') {
        return Err(ApiError::invalid(
            "Password must not start or end with a space.",
        ));
    }
    Ok(())
}

/// The attributes a user may write: standard ones and `custom:*`; never
/// `sub`, and `email_verified` only by an administrator.
pub fn attributes(list: &[AttributeType], admin: bool) -> ApiResult<BTreeMap<String, String>> {
    if list.len() > MAX_ATTRIBUTES {
        return Err(ApiError::invalid(format!(
            "A user can have at most {MAX_ATTRIBUTES} attributes."
        )));
    }
    let mut map = BTreeMap::new();
    for attribute in list {
        let name = attribute.name.as_str();
        check_len("UserAttributes.Name", name, 1, 32)?;
        check_len(
            "UserAttributes.Value",
            &attribute.value,
            0,
            MAX_ATTRIBUTE_VALUE,
        )?;
        check_writable(name, admin)?;
        if name == "email" && !is_email(&attribute.value) {
            return Err(ApiError::invalid("Invalid email address format."));
        }
        map.insert(name.to_string(), attribute.value.clone());
    }
    Ok(map)
}

/// An attribute a user (or, with `admin`, an administrator) may write or
/// delete: standard ones and `custom:*`; never `sub`, and `email_verified`
/// only by an administrator.
pub fn check_writable(name: &str, admin: bool) -> ApiResult<()> {
    if name == "sub" {
        return Err(ApiError::invalid(
            "Cannot modify the non-mutable attribute sub",
        ));
    }
    let writable = is_user_attribute(name)
        || (name.starts_with("custom:") && name.len() > 7)
        || (admin && name == "email_verified");
    if !writable {
        return Err(ApiError::invalid(format!(
            "Attribute does not exist in the schema: {name}"
        )));
    }
    Ok(())
}

/// A group's name: 1 to 128 letters, marks, symbols, digits and
/// punctuation (Cognito's `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`), so no spaces
/// or control characters.
pub fn check_group_name(name: &str) -> ApiResult<()> {
    check_len("GroupName", name, 1, 128)?;
    if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ApiError::invalid(format!(
            "1 validation error detected: Value '{name}' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{{L}}\\p{{M}}\\p{{S}}\\p{{N}}\\p{{P}}]+"
        )));
    }
    Ok(())
}

/// A required parameter of AuthParameters or ChallengeResponses.
pub fn param<'a>(
    params: &'a BTreeMap<String, Option<String>>,
    name: &str,
    max: usize,
) -> ApiResult<&'a str> {
    let value = params
        .get(name)
        .and_then(|v| v.as_deref())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::invalid(format!("Missing required parameter {name}")))?;
    if value.len() > max {
        return Err(ApiError::invalid(format!(
            "{name} is longer than {max} characters."
        )));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_messages_are_cognitos() {
        let policy = PasswordPolicy::default();
        let message = |p: &str| {
            check_password(&policy, p)
                .err()
                .map(|e| e.message().to_string())
        };
        let reason = |r: &str| Some(format!("Password did not conform with policy: {r}"));
        assert_eq!(message("Aa1!"), reason("Password not long enough"));
        assert_eq!(
            message("AAAAAAA1!"),
            reason("Password must have lowercase characters")
        );
        assert_eq!(
            message("aaaaaaa1!"),
            reason("Password must have uppercase characters")
        );
        assert_eq!(
            message("aaaaaaaA!"),
            reason("Password must have numeric characters")
        );
        assert_eq!(
            message("aaaaaaaA1"),
            reason("Password must have symbol characters")
        );
        assert_eq!(message("aaaaaaaA1!"), None);
    }

    #[test]
    fn emails_and_ranges() {
        assert!(is_email("rider@example.com"));
        assert!(!is_email("rider"));
        assert!(!is_email("rider@localhost"));
        assert!(!is_email("a b@example.com"));
        assert!(check_range("MinimumLength", 6, 6, 99).is_ok());
        assert!(check_range("MinimumLength", 4_294_967_295, 6, 99).is_err());
    }
}
