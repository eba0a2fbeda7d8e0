//! Lenient, single-pass JSON decoding of responses.
//!
//! The live API drifts from its declared types, so every scalar converts where the meaning is
//! clear: integers and floats from numbers or numeric strings, booleans from `true`/`false`
//! in any case and from 0/1, strings from numbers and booleans, `null` as unset, and a single
//! value where a list belongs as a one-element list. Keys match case-insensitively; unknown
//! keys are skipped. A value that fits no rule (an object where a number belongs) leaves its
//! field at the default and is recorded as a [`Mismatch`] with its JSON path; decoding goes
//! on. Only broken JSON, or a body past the reader's size budget or deadline, stops it.
//!
//! There is no intermediate tree: generated code matches lowercased keys and reads each
//! value straight into its field.
//!
//! What a server can make the reader spend is bounded: nesting by [`MAX_DEPTH`] (without
//! recursion when skipping), recorded mismatches by [`MAX_MISMATCHES`], and the memory of the
//! decoded values by a budget each element and string is charged against
//! ([`Reader::with_budget`]).

use std::fmt;

use crate::SecretString;

mod download;
mod lenient;
mod lex;
mod raw;
mod reader;
#[cfg(test)]
mod tests;

pub use download::Download;
pub use raw::RawJson;
pub use reader::Reader;

/// How deep objects and arrays may nest before the body is rejected.
pub const MAX_DEPTH: usize = 128;

/// How many mismatches a reader keeps; later ones are only counted.
pub const MAX_MISMATCHES: usize = 32;

/// How many bytes of a key a mismatch path shows.
const MAX_KEY_SHOWN: usize = 64;

/// How many values a reader reads between two looks at its deadline.
const TICKS_PER_CLOCK_CHECK: u32 = 1024;

/// The body is not JSON (or nests deeper than [`MAX_DEPTH`]), or the reader ran out of its
/// budget or time; decoding stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Malformed {
    /// Byte offset where the problem was found.
    pub offset: usize,
    /// What was wrong.
    pub reason: &'static str,
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.reason, self.offset)
    }
}

/// A value that did not fit its field's type. The field kept its default.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Mismatch {
    /// JSON path of the value, e.g. `ImageSet[3].Size`.
    pub path: String,
    /// What the field accepts.
    pub expected: &'static str,
    /// What was found instead: a kind (`an object`), or a short quote of a scalar (`"***"`
    /// for sensitive fields).
    pub found: String,
    /// Byte offset of the value in the body.
    pub offset: usize,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: expected {}, found {}",
            self.path, self.expected, self.found
        )
    }
}

/// Why a reader stopped early although the JSON was not broken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cut {
    /// The decoded values would exceed the budget.
    Budget,
    /// The deadline passed.
    Deadline,
}

/// Result of reading one value: `Ok(None)` means null or a mismatch (already recorded).
pub type Read<T> = Result<Option<T>, Malformed>;

/// Result of offering a key to [`DecodeFields::decode_field`]: whether it was a field.
pub type Step = Result<bool, Malformed>;

/// A type that can be read from one JSON value.
pub trait Decode: Sized {
    /// Reads the value at the reader's position.
    fn decode(r: &mut Reader<'_>) -> Read<Self>;
}

/// A struct whose fields are read one key at a time.
pub trait DecodeFields: Default {
    /// Fields the API always sends: each wire name with the lowercased keys it is read from.
    /// An object without one of them is recorded as a mismatch (the field keeps its default),
    /// so that drift is never silent. Only the first 64 are checked.
    const REQUIRED: &'static [Required] = &[];

    /// For each field, in order, the keys it is read from if it holds a value whether or not
    /// the answer has it (a list, a map, a required field: not an `Option`), else `None`. A
    /// reader that notes unsent fields records those an object lacks. Only the first 64 are
    /// noted.
    #[doc(hidden)]
    const FILLED: &'static [Option<&'static [&'static str]>] = &[];

    /// Reads the value of `key` (ASCII-lowercased) into its field and returns `Ok(true)`, or
    /// returns `Ok(false)` without reading if the key is not a field.
    fn decode_field(&mut self, key: &str, r: &mut Reader<'_>) -> Step;

    /// The output of an action that answers with a file ([`Action::FILE`](crate::Action::FILE)),
    /// from its `Content-Type` and body; `None` for outputs that are not files.
    #[doc(hidden)]
    fn from_file(_content_type: Option<&str>, _body: &[u8]) -> Option<Self> {
        None
    }
}

/// A field the API always sends (see [`DecodeFields::REQUIRED`]).
#[derive(Clone, Copy, Debug)]
pub struct Required {
    /// The wire name, as a mismatch's path shows it.
    pub wire: &'static str,
    /// The lowercased keys the field is read from.
    pub keys: &'static [&'static str],
}

/// Which of a struct's required and filled fields an object's keys so far include, as bits.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Present {
    required: u64,
    filled: u64,
}

impl Present {
    /// Notes `key` of an object decoded as `T`; `filled` when unsent fields are noted.
    pub(crate) fn mark<T: DecodeFields>(&mut self, key: &str, filled: bool) {
        for (i, r) in T::REQUIRED.iter().take(64).enumerate() {
            if r.keys.contains(&key) {
                self.required |= 1 << i;
            }
        }
        if filled {
            for (i, keys) in T::FILLED.iter().flatten().take(64).enumerate() {
                if keys.contains(&key) {
                    self.filled |= 1 << i;
                }
            }
        }
    }
}

/// Every struct decodes from an object, field by field; `null` leaves it unset.
impl<T: DecodeFields> Decode for T {
    fn decode(r: &mut Reader<'_>) -> Read<Self> {
        r.fields()
    }
}

impl Decode for String {
    fn decode(r: &mut Reader<'_>) -> Read<Self> {
        r.string()
    }
}

impl Decode for SecretString {
    fn decode(r: &mut Reader<'_>) -> Read<Self> {
        Ok(r.string()?.map(SecretString::from))
    }
}

impl Decode for i64 {
    fn decode(r: &mut Reader<'_>) -> Read<Self> {
        r.int()
    }
}

impl Decode for f64 {
    fn decode(r: &mut Reader<'_>) -> Read<Self> {
        r.float()
    }
}

impl Decode for bool {
    fn decode(r: &mut Reader<'_>) -> Read<Self> {
        r.boolean()
    }
}

/// A JSON object keyed by data (zone ids, GPU models), sorted by key.
pub type Map<T> = std::collections::BTreeMap<String, T>;

impl<T: Decode> Decode for Map<T> {
    fn decode(r: &mut Reader<'_>) -> Read<Self> {
        r.map()
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(r: &mut Reader<'_>) -> Read<Self> {
        r.list()
    }
}

/// The output of an action that returns nothing beyond its envelope.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Empty {}

impl DecodeFields for Empty {
    fn decode_field(&mut self, _key: &str, _r: &mut Reader<'_>) -> Step {
        Ok(false)
    }
}

/// Decodes one JSON object into `T` by the same lenient rules as a response: the value, and the
/// fields that fit no rule (left at their defaults). For fixtures and values kept as JSON.
pub fn decode_json<T: DecodeFields>(text: &str) -> Result<(T, Vec<Mismatch>), Malformed> {
    let mut r = Reader::new(text);
    let value = T::decode(&mut r)?;
    r.finish()?;
    let value = value.ok_or(Malformed {
        offset: 0,
        reason: "expected a JSON object",
    })?;
    Ok((value, r.take_mismatches().0))
}
