//! JSON text for the wire types. In the browser (the `fetch` transport on
//! wasm32), small codecs of this crate instead of serde_json's parser and
//! printer, which would take a large part of the app's wasm: requests are
//! written by `to_text` (serde_json's text, byte for byte), and answers are
//! parsed by the browser's `JSON.parse` and read by `from_js`. Elsewhere,
//! serde_json.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// The value as JSON text. The wire types always serialise; were one not
/// to, the text would be empty and the service would say the request is bad.
pub fn to_string<T: Serialize>(value: &T) -> String {
    imp::to_string(value).unwrap_or_default()
}

/// The value a JSON text holds, if it holds one of this type.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    imp::from_str(text)
}

#[cfg(all(feature = "fetch", target_arch = "wasm32"))]
mod from_js;
#[cfg(any(test, all(feature = "fetch", target_arch = "wasm32")))]
mod mismatch;
#[cfg(any(test, all(feature = "fetch", target_arch = "wasm32")))]
mod to_text;

#[cfg(all(feature = "fetch", target_arch = "wasm32"))]
mod imp {
    use super::*;

    pub fn to_string<T: Serialize>(value: &T) -> Option<String> {
        super::to_text::to_string(value).ok()
    }

    pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
        T::deserialize(super::from_js::Value(js_sys::JSON::parse(text).ok()?)).ok()
    }
}

#[cfg(not(all(feature = "fetch", target_arch = "wasm32")))]
mod imp {
    use super::*;

    pub fn to_string<T: Serialize>(value: &T) -> Option<String> {
        serde_json::to_string(value).ok()
    }

    pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
        serde_json::from_str(text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Wire {
        #[serde(rename = "ChallengeParameters")]
        parameters: HashMap<String, String>,
        #[serde(rename = "ExpiresIn", skip_serializing_if = "Option::is_none")]
        expires_in: Option<u64>,
    }

    #[test]
    fn round_trips_and_refuses_other_shapes() {
        let wire = Wire {
            parameters: HashMap::from([("SRP_B".to_string(), "ab".to_string())]),
            expires_in: Some(3600),
        };
        let text = to_string(&wire);
        assert_eq!(
            text,
            r#"{"ChallengeParameters":{"SRP_B":"ab"},"ExpiresIn":3600}"#
        );
        assert_eq!(from_str::<Wire>(&text), Some(wire));
        assert_eq!(from_str::<Wire>(r#"{"ExpiresIn":"soon"}"#), None);
        assert_eq!(from_str::<Wire>("not json"), None);
    }
}
