//! Values kept as their raw JSON text.

use std::borrow::Cow;

use super::{Decode, Read, Reader};

/// A JSON value kept as its raw text, for fields whose shape the API does not fix (maps keyed
/// by ids, for instance). Parse it with the JSON library of your choice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawJson(String);

impl RawJson {
    pub(crate) fn from_text(text: String) -> Self {
        Self(text)
    }

    /// The JSON text, exactly as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The JSON text, exactly as received.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// Serializes as a string holding the JSON text (parse it to get the value back).
#[cfg(feature = "serde")]
impl serde::Serialize for RawJson {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Deserializes from a string holding JSON text, as it serializes.
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for RawJson {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self)
    }
}

impl Decode for RawJson {
    fn decode(r: &mut Reader<'_>) -> Read<Self> {
        if r.peek()? == b'n' {
            return r.literal("null").map(|()| None);
        }
        let start = r.pos;
        r.skip_value()?;
        let text = r.own(Cow::Borrowed(&r.src[start..r.pos]))?;
        Ok(Some(RawJson(text)))
    }
}
