//! A JSON document of the wire types: a field whose value is a JSON value
//! of its own (Smithy's `document`), such as the WebAuthn options and
//! credentials of the passkey operations. It is kept as its JSON text and
//! names its shape `T`: the app hands the text between the service and the
//! browser without reading it, so its wasm carries none of the shape's
//! serde code; the server writes it with [`Document::of`] and reads it with
//! [`Document::read`].
//!
//! On the wire it is the JSON value itself, not a string holding it, and
//! the codecs write the text as it is. So the text is always one whole
//! JSON value: it comes only from this crate's JSON writer (`of`), from
//! the JSON being read (serde_json's `RawValue` natively, the browser's
//! `JSON.stringify` of the parsed value in wasm), or from a text
//! [`Document::from_text`] checked.

use core::fmt;
use core::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The newtype-struct name by which a document reaches the browser's
/// codecs (`to_text` writes the text as it is; `from_js` gives the JSON
/// text of the value). Private: no other type can ask for a raw write.
#[cfg(any(test, all(feature = "fetch", target_arch = "wasm32")))]
pub(super) const DOCUMENT: &str = "$cognito_idp::json::Document";

/// A JSON value of shape `T`, as its JSON text.
pub struct Document<T> {
    text: String,
    // `fn() -> T`: a document holds no `T`, and is Send and Sync whatever
    // `T` is.
    shape: PhantomData<fn() -> T>,
}

impl<T> Document<T> {
    /// Every text here is one whole JSON value (the module's invariant).
    fn new(text: String) -> Self {
        Document {
            text,
            shape: PhantomData,
        }
    }

    /// The document of a JSON text (the browser's, say), if it is one
    /// whole JSON value. Its shape is not checked: [`Document::read`] does.
    pub fn from_text(text: String) -> Option<Self> {
        super::imp::is_value(&text).then(|| Self::new(text))
    }

    /// The document's JSON text.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl<T: Serialize> Document<T> {
    /// The value's document. The wire's shapes always serialise; one that
    /// does not (a float, in the browser's writer) has none.
    pub fn of(value: &T) -> Option<Self> {
        super::imp::to_string(value).map(Self::new)
    }
}

impl<T: DeserializeOwned> Document<T> {
    /// The value the document holds, if it has the shape `T`.
    pub fn read(&self) -> Option<T> {
        super::from_str(&self.text)
    }
}

impl<T> Clone for Document<T> {
    fn clone(&self) -> Self {
        Self::new(self.text.clone())
    }
}

impl<T> PartialEq for Document<T> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl<T> Eq for Document<T> {}

impl<T> fmt::Debug for Document<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Document").field(&self.text).finish()
    }
}

impl<T> Serialize for Document<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        super::imp::write_document(&self.text, serializer)
    }
}

impl<'de, T> Deserialize<'de> for Document<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::imp::read_document(deserializer).map(Self::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Shape {
        a: u32,
        #[serde(default)]
        b: Vec<String>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Wire {
        #[serde(rename = "X")]
        x: Document<Shape>,
    }

    #[test]
    fn is_the_json_value_itself_on_the_wire() {
        let wire = Wire {
            x: Document::of(&Shape { a: 1, b: vec![] }).unwrap(),
        };
        assert_eq!(wire.x.text(), r#"{"a":1,"b":[]}"#);
        assert_eq!(
            serde_json::to_string(&wire).unwrap(),
            r#"{"X":{"a":1,"b":[]}}"#
        );
        // Read as it came, the whole value: spacing, and fields the shape
        // does not name, kept.
        let read: Wire = serde_json::from_str(r#"{"X": {"a": 1, "c": [null, 2.5]} }"#).unwrap();
        assert_eq!(read.x.text(), r#"{"a": 1, "c": [null, 2.5]}"#);
        assert_eq!(read.x.read(), Some(Shape { a: 1, b: vec![] }));
        // Through serde_json's Value too (local-cognito reads requests so).
        let value = serde_json::json!({"X": {"a": 2, "b": ["é\"\\"]}});
        let read = Wire::deserialize(value).unwrap();
        assert_eq!(
            read.x.read(),
            Some(Shape {
                a: 2,
                b: vec!["é\"\\".into()]
            })
        );
        assert_eq!(serde_json::to_value(&read).unwrap()["X"]["b"][0], "é\"\\");
    }

    #[test]
    fn a_document_of_another_shape_reads_as_none() {
        let read: Wire = serde_json::from_str(r#"{"X":"{\"a\":1}"}"#).unwrap();
        assert_eq!(read.x.text(), r#""{\"a\":1}""#);
        assert_eq!(read.x.read(), None);
        let read: Wire = serde_json::from_str(r#"{"X":{"a":-1}}"#).unwrap();
        assert_eq!(read.x.read(), None);
        assert!(serde_json::from_str::<Wire>(r#"{"X":}"#).is_err());
    }

    #[test]
    fn only_whole_json_values_are_documents() {
        for text in [
            r#"{"a":1}"#,
            " [1, {\"b\": null}] ",
            "\"text\"",
            "-0.5",
            "null",
        ] {
            let document = Document::<Shape>::from_text(text.into()).unwrap();
            let written = serde_json::to_string(&BTreeMap::from([("X", document)])).unwrap();
            assert_eq!(
                serde_json::from_str::<serde_json::Value>(&written).unwrap()["X"],
                serde_json::from_str::<serde_json::Value>(text).unwrap()
            );
        }
        for text in [
            "",
            "{",
            r#"{"a":1}}"#,
            r#"{"a":1},{"a":2}"#,
            "1 2",
            "'a'",
            "{a:1}",
        ] {
            assert_eq!(Document::<Shape>::from_text(text.into()), None, "{text}");
        }
    }
}
