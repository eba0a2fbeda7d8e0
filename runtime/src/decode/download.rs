//! Answers that are files (a CSV export, say) rather than the API's JSON.

use super::{DecodeFields, Reader, Step};

/// A file an action answers with ([`Action::FILE`](crate::Action::FILE)): its bytes as
/// received, and their `Content-Type`. An answer in the API's JSON is read as any other (its
/// its protocol decides) and, when it succeeds, kept whole as the file.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Download {
    content_type: Option<String>,
    bytes: Vec<u8>,
}

impl Download {
    /// The file as received.
    pub fn new(content_type: Option<String>, bytes: Vec<u8>) -> Self {
        Self {
            content_type,
            bytes,
        }
    }

    /// The answer's `Content-Type`, e.g. `text/csv`.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The file's bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// The file as text, if it is UTF-8 (a byte order mark left out).
    pub fn text(&self) -> Option<&str> {
        let text = std::str::from_utf8(&self.bytes).ok()?;
        Some(text.strip_prefix('\u{feff}').unwrap_or(text))
    }
}

/// The type and size only: a file may be large.
impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("content_type", &self.content_type)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// A JSON answer's fields are the envelope's: the file is the body itself.
impl DecodeFields for Download {
    fn decode_field(&mut self, _key: &str, _r: &mut Reader<'_>) -> Step {
        Ok(false)
    }

    fn from_file(content_type: Option<&str>, body: &[u8]) -> Option<Self> {
        Some(Self::new(content_type.map(str::to_owned), body.to_vec()))
    }
}

/// As `{"content_type": ..., "size": ..., "text": ...}`: the text when the file is UTF-8
/// (`null` otherwise).
#[cfg(feature = "serde")]
impl serde::Serialize for Download {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("Download", 3)?;
        out.serialize_field("content_type", &self.content_type)?;
        out.serialize_field("size", &self.bytes.len())?;
        out.serialize_field("text", &self.text())?;
        out.end()
    }
}

/// From what it serializes to (a file that is not UTF-8 comes back empty).
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Download {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        struct Shown {
            content_type: Option<String>,
            text: Option<String>,
        }
        let shown = Shown::deserialize(d)?;
        Ok(Self::new(
            shown.content_type,
            shown.text.unwrap_or_default().into_bytes(),
        ))
    }
}
