//! The CBOR items WebAuthn's binary documents are made of, read one at a
//! time with ciborium, and the integer- or text-keyed maps they hold.

use ciborium::Value;

use super::refusal::Refusal;

/// The most entries a map may have: WebAuthn's have a handful (a COSE
/// key 5, an attestation object 3). The bound keeps the check for a key
/// given twice, which compares each pair, cheap.
const MAX_MAP_ENTRIES: usize = 64;

/// Reads one item from the front of `bytes`, leaving the rest there (an
/// authenticator's data runs a COSE key and its extensions together).
pub fn read_one(bytes: &mut &[u8], what: &'static str) -> Result<Value, Refusal> {
    ciborium::de::from_reader(bytes).map_err(|_| Refusal::Malformed(what))
}

/// The whole of `bytes` as one item: nothing may follow it.
pub fn read_all(mut bytes: &[u8], what: &'static str) -> Result<Value, Refusal> {
    let value = read_one(&mut bytes, what)?;
    if bytes.is_empty() {
        Ok(value)
    } else {
        Err(Refusal::Malformed(what))
    }
}

/// A map's entries, at most `MAX_MAP_ENTRIES`, with no key given twice.
pub fn map(value: Value, what: &'static str) -> Result<Vec<(Value, Value)>, Refusal> {
    let Value::Map(entries) = value else {
        return Err(Refusal::Malformed(what));
    };
    if entries.len() > MAX_MAP_ENTRIES {
        return Err(Refusal::Malformed(what));
    }
    for (index, (key, _)) in entries.iter().enumerate() {
        if entries[..index].iter().any(|(earlier, _)| earlier == key) {
            return Err(Refusal::Malformed(what));
        }
    }
    Ok(entries)
}

/// The value under a text key.
pub fn by_text<'v>(entries: &'v [(Value, Value)], key: &str) -> Option<&'v Value> {
    entries
        .iter()
        .find(|(k, _)| k.as_text() == Some(key))
        .map(|(_, v)| v)
}

/// The value under an integer key (COSE's labels).
pub fn by_label(entries: &[(Value, Value)], label: i64) -> Option<&Value> {
    entries
        .iter()
        .find(|(k, _)| integer(k) == Some(label))
        .map(|(_, v)| v)
}

/// An integer that fits an i64.
pub fn integer(value: &Value) -> Option<i64> {
    value
        .as_integer()
        .and_then(|integer| i64::try_from(integer).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_item_is_read_and_the_rest_left() {
        // {1: 2} then 0x00.
        let mut bytes: &[u8] = &[0xa1, 0x01, 0x02, 0x00];
        let value = read_one(&mut bytes, "item").unwrap();
        assert_eq!(
            by_label(&map(value, "item").unwrap(), 1),
            Some(&Value::from(2))
        );
        assert_eq!(bytes, &[0x00]);
        assert!(read_all(&[0xa1, 0x01, 0x02, 0x00], "item").is_err());
        // A key given twice: {1: 2, 1: 3}.
        let twice = read_all(&[0xa2, 0x01, 0x02, 0x01, 0x03], "item").unwrap();
        assert!(map(twice, "item").is_err());
        // More entries than any WebAuthn map has.
        let entries = |n: i64| Value::Map((0..n).map(|k| (k.into(), k.into())).collect());
        assert!(map(entries(64), "item").is_ok());
        assert!(map(entries(65), "item").is_err());
        // Cut short, and a byte string longer than what follows.
        assert!(read_all(&[0xa1, 0x01], "item").is_err());
        assert!(read_all(&[0x5a, 0xff, 0xff, 0xff, 0xff, 0x00], "item").is_err());
    }
}
