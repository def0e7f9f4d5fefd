//! base64url as WebAuthn's JSON carries bytes: written without padding,
//! read with or without it, and bounded before it is decoded.

use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;

use super::refusal::Refusal;

const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// base64url text, decoded, of at most `max` bytes.
pub fn decode(text: &str, max: usize, what: &'static str) -> Result<Vec<u8>, Refusal> {
    // Four characters carry three bytes: refuse the too long before decoding.
    if text.len() > max.div_ceil(3) * 4 {
        return Err(Refusal::Malformed(what));
    }
    let bytes = BASE64URL
        .decode(text)
        .map_err(|_| Refusal::Malformed(what))?;
    if bytes.len() > max {
        return Err(Refusal::Malformed(what));
    }
    Ok(bytes)
}

/// Bytes as base64url, as WebAuthn's JSON carries them.
pub fn encode(bytes: &[u8]) -> String {
    BASE64URL.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_is_bounded_before_it_is_decoded() {
        assert_eq!(decode("AQID", 3, "x"), Ok(vec![1, 2, 3]));
        assert_eq!(decode("AQI=", 3, "x"), Ok(vec![1, 2]));
        assert_eq!(decode("AQIDBA", 3, "x"), Err(Refusal::Malformed("x")));
        assert_eq!(
            decode(&"A".repeat(10_000), 3, "x"),
            Err(Refusal::Malformed("x"))
        );
        assert_eq!(decode("+/==", 3, "x"), Err(Refusal::Malformed("x")));
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }
}
