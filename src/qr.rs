//! The QR code an authenticator app scans: the `otpauth://` URI drawn as
//! one SVG path, a unit square per dark module. A leaf.

use qrcodegen::{QrCode, QrCodeEcc};

/// The quiet zone around the code, in modules (the standard asks for 4).
pub const QUIET_ZONE: i32 = 4;

/// The code for `text`: its width in modules (quiet zone included), and
/// the SVG path of its dark modules. None if `text` is too long for any
/// QR code.
pub fn svg_path(text: &str) -> Option<(i32, String)> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let mut path = String::new();
    for y in 0..code.size() {
        for x in 0..code.size() {
            if code.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + QUIET_ZONE, y + QUIET_ZONE));
            }
        }
    }
    Some((code.size() + 2 * QUIET_ZONE, path))
}

/// `text` percent-encoded as `encodeURIComponent` does (UTF-8; letters,
/// digits and `-_.!~*'()` as they are).
fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => out.push(char::from(byte)),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The URI authenticator apps read (Google's Key Uri Format): the issuer
/// and the account as the app lists them, and the base32 secret.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &str) -> String {
    format!(
        "otpauth://totp/{}:{}?secret={secret}&issuer={}",
        encode(issuer),
        encode(account),
        encode(issuer)
    )
}

/// The secret as a person copies it: groups of four.
pub fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|chunk| std::str::from_utf8(chunk).unwrap_or_default())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_draws_the_finder_patterns_inside_the_quiet_zone() {
        let (width, path) = svg_path("otpauth://totp/Wild%20Rydes:r%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Wild%20Rydes").unwrap();
        // Version 4 (33 modules) at the least for a URI this long.
        assert!(width >= 33 + 2 * QUIET_ZONE, "{width}");
        // The top-left finder pattern: its corner module is dark, and the
        // module just outside it (the separator) is light.
        assert!(path.starts_with("M4,4h1v1h-1z"));
        assert!(!path.contains("M11,4h"));
        // A square per dark module, nothing else.
        assert_eq!(path.matches('M').count(), path.matches("h1v1h-1z").count());
    }

    #[test]
    fn the_uri_is_googles_key_uri_format() {
        assert_eq!(
            otpauth_uri("Wild Rydes", "r+1@example.com", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/Wild%20Rydes:r%2B1%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Wild%20Rydes"
        );
        assert_eq!(encode("é:/?"), "%C3%A9%3A%2F%3F");
    }

    #[test]
    fn text_too_long_for_any_code_is_refused() {
        assert!(svg_path(&"x".repeat(8000)).is_none());
    }

    #[test]
    fn a_secret_reads_in_groups_of_four() {
        assert_eq!(grouped("JBSWY3DPEHPK3PXPAB"), "JBSW Y3DP EHPK 3PXP AB");
    }
}
