//! Which web pages may call the API from a browser: pages served from this
//! machine (loopback, any port), and the origins given with
//! `--allow-origin`. Nothing else gets CORS, and `/_local/` none at all: a
//! page the developer happens to visit must not read the outbox (codes,
//! temporary passwords) or call the API.

use axum::http::{HeaderMap, HeaderValue};

/// The origin of a request that may read the answer, if it may.
pub fn allowed_origin<'h>(headers: &'h HeaderMap, allowed: &[String]) -> Option<&'h str> {
    let origin = headers.get("origin")?.to_str().ok()?;
    (is_loopback(origin) || allowed.iter().any(|a| a == origin)).then_some(origin)
}

/// `http(s)://127.0.0.1`, `localhost` or `[::1]`, with any port.
pub fn is_loopback(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    let host = match rest.strip_prefix('[') {
        Some(v6) => v6.split_once(']').map_or("", |(host, _)| host),
        None => rest.split(':').next().unwrap_or(""),
    };
    let port_ok = match rest.rsplit_once(':') {
        Some((_, port)) if !rest.ends_with(']') => port.parse::<u16>().is_ok(),
        _ => true,
    };
    port_ok && matches!(host, "127.0.0.1" | "localhost" | "::1")
}

/// The headers that let `origin` read an API answer.
pub fn grant(headers: &mut HeaderMap, origin: &str) {
    if let Ok(origin) = HeaderValue::from_str(origin) {
        headers.insert("access-control-allow-origin", origin);
    }
    headers.insert("vary", HeaderValue::from_static("origin"));
    headers.insert(
        "access-control-expose-headers",
        HeaderValue::from_static("x-amzn-errortype, x-amzn-requestid"),
    );
}

/// A preflight's answer headers: the methods and headers the official
/// clients send.
pub fn grant_preflight(headers: &mut HeaderMap) {
    headers.insert(
        "access-control-allow-methods",
        HeaderValue::from_static("POST, OPTIONS"),
    );
    headers.insert(
        "access-control-allow-headers",
        HeaderValue::from_static(
            "content-type, x-amz-target, x-amz-user-agent, cache-control, authorization",
        ),
    );
    headers.insert("access-control-max-age", HeaderValue::from_static("600"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_machine_and_the_listed_origins() {
        for origin in [
            "http://127.0.0.1:8080",
            "http://localhost:3000",
            "http://localhost",
            "https://localhost:8443",
            "http://[::1]:8080",
        ] {
            assert!(is_loopback(origin), "{origin}");
        }
        for origin in [
            "https://evil.example",
            "http://127.0.0.1.evil.example",
            "http://localhost.evil.example:80",
            "http://localhost:80@evil.example",
            "null",
            "file://",
            "http://[::2]:80",
        ] {
            assert!(!is_loopback(origin), "{origin}");
        }
        let mut headers = HeaderMap::new();
        headers.insert("origin", HeaderValue::from_static("https://app.example"));
        assert_eq!(allowed_origin(&headers, &[]), None);
        assert_eq!(
            allowed_origin(&headers, &["https://app.example".into()]),
            Some("https://app.example")
        );
    }
}
