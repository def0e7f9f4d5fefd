//! A serde serializer that writes JSON text, for the wire types' requests:
//! strings, integers, booleans, options, sequences, maps with string keys
//! and structs, which is all a request holds. Small on purpose: the app's
//! wasm carries it instead of serde_json's printer or serde-wasm-bindgen
//! plus `JSON.stringify`. Its output is serde_json's, byte for byte. What
//! it has no JSON for (floats, bytes, enums with data, non-string map keys:
//! never in a request) is a [`Mismatch`]. A [`Document`]'s text is written
//! as it is: it is always one whole JSON value.
//!
//! [`Document`]: super::Document

use core::fmt::{self, Write as _};

use serde::ser::{self, Serialize};

use super::document::DOCUMENT;
use super::mismatch::Mismatch;

pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Mismatch> {
    let mut text = String::new();
    value.serialize(Writer::new(&mut text))?;
    Ok(text)
}

struct Writer<'a> {
    text: &'a mut String,
    /// Whether a string is a document's JSON text rather than a string
    /// value: only what a `Document` gives under its private name.
    document: bool,
}

/// A JSON string: quotes, and the escapes serde_json writes.
fn quote(text: &mut String, value: &str) {
    text.push('"');
    for c in value.chars() {
        match c {
            '"' => text.push_str("\\\""),
            '\\' => text.push_str("\\\\"),
            '\n' => text.push_str("\\n"),
            '\r' => text.push_str("\\r"),
            '\t' => text.push_str("\\t"),
            '\u{8}' => text.push_str("\\b"),
            '\u{c}' => text.push_str("\\f"),
            c if c < ' ' => {
                let _ = write!(text, "\\u{:04x}", c as u32);
            }
            c => text.push(c),
        }
    }
    text.push('"');
}

/// An object or an array being written: whether an item came before.
struct Compound<'a> {
    text: &'a mut String,
    first: bool,
    close: char,
}

impl Compound<'_> {
    fn separate(&mut self) {
        if !self.first {
            self.text.push(',');
        }
        self.first = false;
    }

    fn key(&mut self, key: &str) {
        self.separate();
        quote(self.text, key);
        self.text.push(':');
    }
}

impl<'a> Writer<'a> {
    fn new(text: &'a mut String) -> Self {
        Writer {
            text,
            document: false,
        }
    }

    fn open(self, open: char, close: char) -> Compound<'a> {
        self.text.push(open);
        Compound {
            text: self.text,
            first: true,
            close,
        }
    }

    fn integer(self, value: impl fmt::Display) -> Result<(), Mismatch> {
        let _ = write!(self.text, "{value}");
        Ok(())
    }
}

impl<'a> ser::Serializer for Writer<'a> {
    type Ok = ();
    type Error = Mismatch;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = ser::Impossible<(), Mismatch>;
    type SerializeTupleVariant = ser::Impossible<(), Mismatch>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = ser::Impossible<(), Mismatch>;

    fn serialize_bool(self, v: bool) -> Result<(), Mismatch> {
        self.text.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Mismatch> {
        self.integer(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Mismatch> {
        self.integer(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Mismatch> {
        self.integer(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Mismatch> {
        self.integer(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Mismatch> {
        self.integer(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Mismatch> {
        self.integer(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Mismatch> {
        self.integer(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Mismatch> {
        self.integer(v)
    }
    fn serialize_f32(self, _v: f32) -> Result<(), Mismatch> {
        Err(Mismatch)
    }
    fn serialize_f64(self, _v: f64) -> Result<(), Mismatch> {
        Err(Mismatch)
    }
    fn serialize_char(self, v: char) -> Result<(), Mismatch> {
        quote(self.text, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Mismatch> {
        if self.document {
            self.text.push_str(v);
        } else {
            quote(self.text, v);
        }
        Ok(())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Mismatch> {
        Err(Mismatch)
    }
    fn serialize_none(self) -> Result<(), Mismatch> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Mismatch> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Mismatch> {
        self.text.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Mismatch> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Mismatch> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Mismatch> {
        value.serialize(Writer {
            document: name == DOCUMENT,
            ..self
        })
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Mismatch> {
        Err(Mismatch)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Mismatch> {
        Ok(self.open('[', ']'))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>, Mismatch> {
        Ok(self.open('[', ']'))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Mismatch> {
        Err(Mismatch)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Mismatch> {
        Err(Mismatch)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, Mismatch> {
        Ok(self.open('{', '}'))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>, Mismatch> {
        Ok(self.open('{', '}'))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Mismatch> {
        Err(Mismatch)
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Mismatch;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Mismatch> {
        self.separate();
        value.serialize(Writer::new(self.text))
    }

    fn end(self) -> Result<(), Mismatch> {
        self.text.push(self.close);
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Mismatch;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Mismatch> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), Mismatch> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Mismatch;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Mismatch> {
        let mut text = String::new();
        key.serialize(Writer::new(&mut text))?;
        // Keys are strings, already quoted.
        if !text.starts_with('"') {
            return Err(Mismatch);
        }
        self.separate();
        self.text.push_str(&text);
        self.text.push(':');
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Mismatch> {
        value.serialize(Writer::new(self.text))
    }

    fn end(self) -> Result<(), Mismatch> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Mismatch;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Mismatch> {
        self.key(key);
        value.serialize(Writer::new(self.text))
    }

    fn end(self) -> Result<(), Mismatch> {
        ser::SerializeSeq::end(self)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::types::{AttributeType, InitiateAuthRequest, SignUpRequest};

    fn same_as_serde_json<T: Serialize>(value: &T) {
        assert_eq!(
            to_string(value).unwrap(),
            serde_json::to_string(value).unwrap()
        );
    }

    #[test]
    fn writes_what_serde_json_writes() {
        // Every character that needs an escape, and some that do not.
        let awkward: String = (0u32..0x80)
            .filter_map(char::from_u32)
            .chain(['é', '密', '😀', '\u{2028}', '\u{7f}'])
            .collect();
        same_as_serde_json(&awkward);
        same_as_serde_json(&SignUpRequest {
            client_id: "c".into(),
            username: "r\"@example.com".into(),
            password: "pa\\ss\nword".into(),
            user_attributes: vec![AttributeType::new("email", "r@example.com")],
            client_metadata: None,
        });
        same_as_serde_json(&InitiateAuthRequest {
            auth_flow: "USER_SRP_AUTH".into(),
            client_id: "client".into(),
            auth_parameters: BTreeMap::from([
                ("DEVICE_KEY".to_string(), None),
                ("SRP_A".to_string(), Some("ab12".to_string())),
            ]),
            client_metadata: Some(BTreeMap::new()),
        });
        same_as_serde_json(&(true, -5i64, u64::MAX, 'x', Vec::<u8>::new(), ()));
    }

    /// What a `Document` gives this writer in the browser (natively it
    /// goes through serde_json's `RawValue` instead).
    struct DocumentText(&'static str);

    impl Serialize for DocumentText {
        fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_newtype_struct(DOCUMENT, self.0)
        }
    }

    #[derive(serde::Serialize)]
    struct Name(&'static str);

    #[test]
    fn writes_a_documents_text_as_it_is() {
        let text = r#"{"a":[1,"b\"c"]}"#;
        assert_eq!(
            to_string(&BTreeMap::from([("X", DocumentText(text))])).unwrap(),
            format!(r#"{{"X":{text}}}"#)
        );
        // Another newtype's string is a string.
        assert_eq!(
            to_string(&(Name(text), DocumentText(text))).unwrap(),
            serde_json::to_string(&(text, serde_json::json!({"a": [1, "b\"c"]}))).unwrap()
        );
    }

    #[test]
    fn refuses_what_a_request_never_holds() {
        assert!(to_string(&1.5f64).is_err());
        assert!(to_string(&BTreeMap::from([(1, 2)])).is_err());
    }
}
