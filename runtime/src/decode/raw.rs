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

/// Serializes as the JSON value it holds (in JSON output, the value itself, not a string of
/// it).
#[cfg(feature = "serde")]
impl serde::Serialize for RawJson {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let value: serde_json::Value =
            serde_json::from_str(&self.0).map_err(serde::ser::Error::custom)?;
        value.serialize(s)
    }
}

/// Deserializes from any value, kept as its JSON text, as it serializes.
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for RawJson {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        Ok(Self(value.to_string()))
    }
}

impl Reader<'_> {
    /// Reads a member no field declares into `others`, under its key as sent: for the types
    /// of a service whose answers hold more than its spec names.
    #[doc(hidden)]
    pub fn other(&mut self, others: &mut super::Map<RawJson>) -> super::Step {
        let key = self.current_key().unwrap_or_default().to_owned();
        if let Some(value) = RawJson::decode(self)? {
            self.charge(key.len())?;
            others.insert(key, value);
        }
        Ok(true)
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
