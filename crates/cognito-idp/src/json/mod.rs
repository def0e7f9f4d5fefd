//! JSON text for the wire types. In the browser (the `fetch` transport on
//! wasm32), small codecs of this crate instead of serde_json's parser and
//! printer, which would take a large part of the app's wasm: requests are
//! written by `to_text` (serde_json's text, byte for byte), and answers are
//! parsed by the browser's `JSON.parse` and read by `from_js`. Elsewhere,
//! serde_json. A [`Document`] field is written and read raw by either.

use serde::de::DeserializeOwned;
use serde::Serialize;

pub use document::Document;

/// The value as JSON text. The wire types always serialise; were one not
/// to, the text would be empty and the service would say the request is bad.
pub fn to_string<T: Serialize>(value: &T) -> String {
    imp::to_string(value).unwrap_or_default()
}

/// The value a JSON text holds, if it holds one of this type.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    imp::from_str(text)
}

mod document;
#[cfg(all(feature = "fetch", target_arch = "wasm32"))]
mod from_js;
#[cfg(any(test, all(feature = "fetch", target_arch = "wasm32")))]
mod mismatch;
#[cfg(any(test, all(feature = "fetch", target_arch = "wasm32")))]
mod to_text;

#[cfg(all(feature = "fetch", target_arch = "wasm32"))]
mod imp {
    use super::*;
    use serde::{de, Deserializer, Serializer};

    use super::document::DOCUMENT;

    pub fn to_string<T: Serialize>(value: &T) -> Option<String> {
        super::to_text::to_string(value).ok()
    }

    pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
        T::deserialize(super::from_js::Value(js_sys::JSON::parse(text).ok()?)).ok()
    }

    pub fn is_value(text: &str) -> bool {
        js_sys::JSON::parse(text).is_ok()
    }

    /// By its name, `to_text` writes the text as it is.
    pub fn write_document<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(DOCUMENT, text)
    }

    /// By its name, `from_js` gives the value's JSON text.
    pub fn read_document<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        struct Text;
        impl de::Visitor<'_> for Text {
            type Value = String;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("a JSON document")
            }
            fn visit_str<E>(self, text: &str) -> Result<String, E> {
                Ok(text.into())
            }
            fn visit_string<E>(self, text: String) -> Result<String, E> {
                Ok(text)
            }
        }
        deserializer.deserialize_newtype_struct(DOCUMENT, Text)
    }
}

#[cfg(not(all(feature = "fetch", target_arch = "wasm32")))]
mod imp {
    use super::*;
    use serde::{ser, Deserialize, Deserializer, Serializer};
    use serde_json::value::RawValue;

    pub fn to_string<T: Serialize>(value: &T) -> Option<String> {
        serde_json::to_string(value).ok()
    }

    pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
        serde_json::from_str(text).ok()
    }

    /// The same check as `write_document`'s, so that what passes it can be
    /// written.
    pub fn is_value(text: &str) -> bool {
        serde_json::from_str::<&RawValue>(text).is_ok()
    }

    pub fn write_document<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
        let raw: &RawValue = serde_json::from_str(text).map_err(ser::Error::custom)?;
        raw.serialize(serializer)
    }

    pub fn read_document<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        Box::<RawValue>::deserialize(deserializer).map(|raw| Box::<str>::from(raw).into())
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
