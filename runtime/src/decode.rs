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

use std::borrow::Cow;
use std::fmt;
use std::time::Instant;

use crate::SecretString;
use crate::redact::{MASK, is_sensitive_key};

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

    /// Reads the value of `key` (ASCII-lowercased) into its field and returns `Ok(true)`, or
    /// returns `Ok(false)` without reading if the key is not a field.
    fn decode_field(&mut self, key: &str, r: &mut Reader<'_>) -> Step;
}

/// A field the API always sends (see [`DecodeFields::REQUIRED`]).
#[derive(Clone, Copy, Debug)]
pub struct Required {
    /// The wire name, as a mismatch's path shows it.
    pub wire: &'static str,
    /// The lowercased keys the field is read from.
    pub keys: &'static [&'static str],
}

/// The required fields among `required` that an object's keys so far include, as bits.
fn mark_present(seen: &mut u64, required: &[Required], key: &str) {
    for (i, r) in required.iter().take(64).enumerate() {
        if r.keys.contains(&key) {
            *seen |= 1 << i;
        }
    }
}

/// Every struct decodes from an object, field by field; `null` leaves it unset.
impl<T: DecodeFields> Decode for T {
    fn decode(r: &mut Reader<'_>) -> Read<Self> {
        r.fields()
    }
}

/// How a list or object value begins.
enum Open {
    Null,
    Empty,
    /// A single value where a list belongs; any value that is not an object where an object
    /// belongs.
    Single,
    Items,
}

#[derive(Clone, Copy, Debug)]
enum Seg {
    Key(usize, usize),
    Index(usize),
    /// A field that is not in the body (a required one left out).
    Absent(&'static str),
}

/// A cursor over a JSON document.
#[derive(Debug)]
pub struct Reader<'a> {
    src: &'a str,
    pos: usize,
    depth: usize,
    path: Vec<Seg>,
    mismatches: Vec<Mismatch>,
    uncounted_mismatches: usize,
    /// Bytes of decoded values still allowed.
    budget: usize,
    deadline: Option<Instant>,
    ticks: u32,
    cut: Option<Cut>,
    /// Wire names whose values mismatches must not quote.
    sensitive: &'static [&'static str],
    /// Key buffers of finished objects, for the next ones: an object per list element would
    /// otherwise allocate one each.
    keys: Vec<String>,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `src`, with no budget or deadline.
    pub fn new(src: &'a str) -> Self {
        Self {
            src,
            pos: 0,
            depth: 0,
            path: Vec::new(),
            mismatches: Vec::new(),
            uncounted_mismatches: 0,
            budget: usize::MAX,
            deadline: None,
            ticks: 0,
            cut: None,
            sensitive: &[],
            keys: Vec::new(),
        }
    }

    /// Limits the memory the decoded values may take to about `bytes`: each list element is
    /// charged its size and each string its length. Past it, decoding stops.
    pub fn with_budget(mut self, bytes: usize) -> Self {
        self.budget = bytes;
        self
    }

    /// Stops decoding once `deadline` has passed.
    pub fn with_deadline(mut self, deadline: Instant) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Wire names (besides those named like secrets) whose values mismatches must not quote.
    pub fn with_sensitive(mut self, sensitive: &'static [&'static str]) -> Self {
        self.sensitive = sensitive;
        self
    }

    /// The first mismatch seen so far, if any.
    pub fn mismatch(&self) -> Option<&Mismatch> {
        self.mismatches.first()
    }

    /// Takes the mismatches seen so far (at most [`MAX_MISMATCHES`]) and how many more there
    /// were.
    pub fn take_mismatches(&mut self) -> (Vec<Mismatch>, usize) {
        (
            std::mem::take(&mut self.mismatches),
            std::mem::take(&mut self.uncounted_mismatches),
        )
    }

    /// Why decoding stopped although the JSON was not broken, if it did.
    pub(crate) fn cut(&self) -> Option<Cut> {
        self.cut
    }

    /// Reads a value into a field that always holds one; null and mismatches leave it as is.
    pub fn read<T: Decode>(&mut self, slot: &mut T) -> Result<bool, Malformed> {
        if let Some(v) = T::decode(self)? {
            *slot = v;
        }
        Ok(true)
    }

    /// Reads a value into an optional field; null and mismatches leave it `None`.
    pub fn read_opt<T: Decode>(&mut self, slot: &mut Option<T>) -> Result<bool, Malformed> {
        *slot = T::decode(self)?;
        Ok(true)
    }

    fn malformed(&self, reason: &'static str) -> Malformed {
        Malformed {
            offset: self.pos,
            reason,
        }
    }

    /// Charges `bytes` of decoded memory against the budget.
    fn charge(&mut self, bytes: usize) -> Result<(), Malformed> {
        match self.budget.checked_sub(bytes) {
            Some(left) => {
                self.budget = left;
                Ok(())
            }
            None => {
                self.cut = Some(Cut::Budget);
                Err(self.malformed("decoded response exceeds the memory budget"))
            }
        }
    }

    /// Counts one value read; now and then, checks the deadline.
    fn tick(&mut self) -> Result<(), Malformed> {
        self.ticks += 1;
        if self.ticks < TICKS_PER_CLOCK_CHECK {
            return Ok(());
        }
        self.ticks = 0;
        match self.deadline {
            Some(d) if Instant::now() >= d => {
                self.cut = Some(Cut::Deadline);
                Err(self.malformed("decoding ran past the deadline"))
            }
            _ => Ok(()),
        }
    }

    /// An owned string, charged against the budget.
    fn own(&mut self, s: Cow<'_, str>) -> Result<String, Malformed> {
        self.charge(s.len())?;
        Ok(s.into_owned())
    }

    fn bytes(&self) -> &'a [u8] {
        self.src.as_bytes()
    }

    fn skip_ws(&mut self) {
        let b = self.bytes();
        while let Some(c) = b.get(self.pos) {
            if matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn peek(&mut self) -> Result<u8, Malformed> {
        self.skip_ws();
        self.bytes()
            .get(self.pos)
            .copied()
            .ok_or_else(|| self.malformed("unexpected end of input"))
    }

    fn expect(&mut self, c: u8, reason: &'static str) -> Result<(), Malformed> {
        if self.peek()? == c {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.malformed(reason))
        }
    }

    /// Checks that nothing but whitespace follows the top-level value.
    pub fn finish(&mut self) -> Result<(), Malformed> {
        self.skip_ws();
        if self.pos == self.src.len() {
            Ok(())
        } else {
            Err(self.malformed("trailing characters after the JSON value"))
        }
    }

    fn literal(&mut self, word: &'static str) -> Result<(), Malformed> {
        if self.src[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.malformed("invalid literal"))
        }
    }

    /// Reads a JSON string (the reader is at its opening quote): borrowed when it has no
    /// escapes, else decoded in the same pass that checks it.
    fn string_token(&mut self) -> Result<Cow<'a, str>, Malformed> {
        self.pos += 1; // opening quote
        let start = self.pos;
        let b = self.bytes();
        self.pos += plain_run(&b[self.pos..]);
        match b.get(self.pos) {
            Some(b'"') => {
                self.pos += 1;
                return Ok(Cow::Borrowed(&self.src[start..self.pos - 1]));
            }
            Some(b'\\') => {}
            Some(_) => return Err(self.malformed("control character in string")),
            None => return Err(self.malformed("unterminated string")),
        }
        let mut out = String::with_capacity(self.pos - start + 16);
        out.push_str(&self.src[start..self.pos]);
        loop {
            match b.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    out.push(self.escape()?);
                }
                Some(_) => return Err(self.malformed("control character in string")),
                None => return Err(self.malformed("unterminated string")),
            }
            let run = plain_run(&b[self.pos..]);
            out.push_str(&self.src[self.pos..self.pos + run]);
            self.pos += run;
        }
    }

    /// Finds the extent of the string at the cursor: content start, content end, and whether
    /// it holds escapes.
    /// Strings are checked as JSON requires even when skipped: no raw control characters,
    /// only the defined escapes, surrogates only in pairs.
    fn string_span(&mut self) -> Result<(usize, usize, bool), Malformed> {
        self.pos += 1; // opening quote
        let start = self.pos;
        let b = self.bytes();
        let mut escaped = false;
        loop {
            self.pos += plain_run(&b[self.pos..]);
            match b.get(self.pos) {
                None => return Err(self.malformed("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok((start, self.pos - 1, escaped));
                }
                Some(b'\\') => {
                    escaped = true;
                    self.pos += 1;
                    self.escape()?;
                }
                Some(_) => return Err(self.malformed("control character in string")),
            }
        }
    }

    /// Reads the escape after a backslash (the cursor is at its letter) and moves past it.
    /// Surrogates must come in pairs, as JSON requires.
    fn escape(&mut self) -> Result<char, Malformed> {
        let b = self.bytes();
        let simple = match b.get(self.pos) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let unit = self.hex_unit(self.pos + 1)?;
                self.pos += 5;
                let code = match unit {
                    0xD800..=0xDBFF => {
                        // A high surrogate must be followed by an escaped low one.
                        let low = if b.get(self.pos..self.pos + 2) == Some(b"\\u") {
                            self.hex_unit(self.pos + 2)?
                        } else {
                            0
                        };
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.malformed("unpaired surrogate in string"));
                        }
                        self.pos += 6;
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(self.malformed("unpaired surrogate in string")),
                    _ => unit,
                };
                return char::from_u32(code)
                    .ok_or_else(|| self.malformed("invalid escape in string"));
            }
            _ => return Err(self.malformed("invalid escape in string")),
        };
        self.pos += 1;
        Ok(simple)
    }

    /// The four hex digits at byte `at`.
    fn hex_unit(&self, at: usize) -> Result<u32, Malformed> {
        let digits = self
            .bytes()
            .get(at..at + 4)
            .ok_or_else(|| self.malformed("invalid escape in string"))?;
        digits.iter().try_fold(0u32, |v, d| {
            (*d as char)
                .to_digit(16)
                .map(|x| v * 16 + x)
                .ok_or_else(|| self.malformed("invalid escape in string"))
        })
    }

    fn number_token(&mut self) -> Result<&'a str, Malformed> {
        let b = self.bytes();
        let start = self.pos;
        if b.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        while b.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        if self.pos == int_start {
            return Err(self.malformed("invalid number"));
        }
        if b[int_start] == b'0' && self.pos - int_start > 1 {
            return Err(self.malformed("leading zero in number"));
        }
        if b.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            let frac = self.pos;
            while b.get(self.pos).is_some_and(u8::is_ascii_digit) {
                self.pos += 1;
            }
            if self.pos == frac {
                return Err(self.malformed("invalid number"));
            }
        }
        if matches!(b.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(b.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            let exp = self.pos;
            while b.get(self.pos).is_some_and(u8::is_ascii_digit) {
                self.pos += 1;
            }
            if self.pos == exp {
                return Err(self.malformed("invalid number"));
            }
        }
        Ok(&self.src[start..self.pos])
    }

    /// Skips one value of any kind, checking it is JSON, without recursion: which open
    /// containers are objects is kept in the bits of one integer (nesting is bounded by
    /// [`MAX_DEPTH`], which fits).
    pub fn skip_value(&mut self) -> Result<(), Malformed> {
        const _: () = assert!(MAX_DEPTH <= 128);
        let mut objects: u128 = 0;
        let mut open = 0usize;
        loop {
            // A value starts here.
            self.tick()?;
            match self.peek()? {
                c @ (b'{' | b'[') => {
                    if self.depth + open >= MAX_DEPTH {
                        return Err(self.malformed("nesting too deep"));
                    }
                    let object = c == b'{';
                    objects = (objects & !(1 << open)) | (u128::from(object) << open);
                    open += 1;
                    self.pos += 1;
                    let close = if object { b'}' } else { b']' };
                    if self.peek()? != close {
                        if object {
                            self.skip_key()?;
                        }
                        continue; // its first value
                    }
                    self.pos += 1;
                    open -= 1;
                }
                b'"' => {
                    self.string_span()?;
                }
                b't' => self.literal("true")?,
                b'f' => self.literal("false")?,
                b'n' => self.literal("null")?,
                b'-' | b'0'..=b'9' => {
                    self.number_token()?;
                }
                _ => return Err(self.malformed("expected a JSON value")),
            }
            // A value ended: close what it ends, or go on to the next one.
            loop {
                if open == 0 {
                    return Ok(());
                }
                let object = objects & (1 << (open - 1)) != 0;
                match self.peek()? {
                    b',' => {
                        self.pos += 1;
                        if object {
                            self.skip_key()?;
                        }
                        break;
                    }
                    b'}' if object => {
                        self.pos += 1;
                        open -= 1;
                    }
                    b']' if !object => {
                        self.pos += 1;
                        open -= 1;
                    }
                    _ => return Err(self.malformed("expected ',' or a closing bracket")),
                }
            }
        }
    }

    /// Skips an object key and its colon.
    fn skip_key(&mut self) -> Result<(), Malformed> {
        if self.peek()? != b'"' {
            return Err(self.malformed("expected an object key"));
        }
        self.string_span()?;
        self.expect(b':', "expected ':' after an object key")
    }

    fn kind_at(&mut self) -> Result<&'static str, Malformed> {
        Ok(match self.peek()? {
            b'{' => "an object",
            b'[' => "an array",
            b'"' => "a string",
            b't' | b'f' => "a boolean",
            b'n' => "null",
            _ => "a number",
        })
    }

    /// Records each of `required` that `seen` lacks, at the object that began at `offset`.
    fn record_absent(&mut self, required: &[Required], seen: u64, offset: usize) {
        for (i, r) in required.iter().take(64).enumerate() {
            if seen & (1 << i) == 0 {
                self.path.push(Seg::Absent(r.wire));
                self.record("a value (the field is required)", offset, || {
                    "nothing".to_owned()
                });
                self.path.pop();
            }
        }
    }

    /// Records a mismatch at the current path; `found` is only built for the ones kept.
    fn record(&mut self, expected: &'static str, offset: usize, found: impl FnOnce() -> String) {
        if self.mismatches.len() >= MAX_MISMATCHES {
            self.uncounted_mismatches += 1;
            return;
        }
        self.mismatches.push(Mismatch {
            path: self.path_string(),
            expected,
            found: found(),
            offset,
        });
    }

    /// Records a value of the wrong kind at the current path, then skips it.
    fn wrong_kind<T>(&mut self, expected: &'static str) -> Read<T> {
        let found = self.kind_at()?;
        let offset = self.pos;
        self.record(expected, offset, || found.to_owned());
        self.skip_value()?;
        Ok(None)
    }

    /// Records a scalar whose text does not convert.
    fn wrong_scalar(&mut self, expected: &'static str, offset: usize, text: &str) {
        if self.at_sensitive_key() {
            self.record(expected, offset, || format!("\"{MASK}\""));
            return;
        }
        self.record(expected, offset, || {
            let mut shown: String = text.chars().take(40).collect();
            if shown.len() < text.len() {
                shown.push('…');
            }
            format!("{shown:?}")
        });
    }

    fn at_sensitive_key(&self) -> bool {
        self.path.iter().rev().find_map(|seg| match *seg {
            Seg::Key(s, e) => Some(is_sensitive_key(&self.src[s..e], self.sensitive)),
            Seg::Absent(wire) => Some(is_sensitive_key(wire, self.sensitive)),
            Seg::Index(_) => None,
        }) == Some(true)
    }

    fn path_string(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            match *seg {
                Seg::Key(s, e) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    let key = &self.src[s..e];
                    let mut cut = key.len().min(MAX_KEY_SHOWN);
                    while !key.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    out.push_str(&key[..cut]);
                    if cut < key.len() {
                        out.push('…');
                    }
                }
                Seg::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
                Seg::Absent(wire) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(wire);
                }
            }
        }
        if out.is_empty() {
            "(top level)".to_owned()
        } else {
            out
        }
    }

    /// Reads an object, calling `field` with each ASCII-lowercased key. Keys `field` does not
    /// take are skipped. Returns `Ok(false)` (and reads nothing) if the value is not an object.
    ///
    /// Instantiated once per struct, so the key and bracket work lives in non-generic helpers.
    pub fn object(
        &mut self,
        mut field: impl FnMut(&mut Self, &str) -> Result<bool, Malformed>,
    ) -> Result<bool, Malformed> {
        match self.object_open()? {
            Open::Null | Open::Single => return Ok(false),
            Open::Empty => return Ok(true),
            Open::Items => {}
        }
        let mut key = self.keys.pop().unwrap_or_default();
        loop {
            self.object_key(&mut key)?;
            if !field(self, &key)? {
                self.skip_value()?;
            }
            self.path.pop();
            if !self.object_next()? {
                break;
            }
        }
        self.keys.push(key);
        Ok(true)
    }

    /// Reads what starts an object value; `Single` for anything that is not an object (the
    /// reader has not moved).
    fn object_open(&mut self) -> Result<Open, Malformed> {
        if self.peek()? != b'{' {
            return Ok(Open::Single);
        }
        self.enter()?;
        self.pos += 1;
        if self.peek()? == b'}' {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Open::Empty);
        }
        Ok(Open::Items)
    }

    /// Reads a key and its colon into `lower` (ASCII-lowercased) and extends the path.
    fn object_key(&mut self, lower: &mut String) -> Result<(), Malformed> {
        let key = self.member_key()?;
        lower.clear();
        lower.push_str(&key);
        lower.make_ascii_lowercase();
        Ok(())
    }

    /// Reads a member's key (escapes decoded) and its colon, and extends the path.
    fn member_key(&mut self) -> Result<Cow<'a, str>, Malformed> {
        self.tick()?;
        if self.peek()? != b'"' {
            return Err(self.malformed("expected an object key"));
        }
        let start = self.pos + 1;
        let key = self.string_token()?;
        let end = self.pos - 1;
        self.expect(b':', "expected ':' after an object key")?;
        self.path.push(Seg::Key(start, end));
        Ok(key)
    }

    /// After a member: `true` if another follows, `false` at the end of the object.
    fn object_next(&mut self) -> Result<bool, Malformed> {
        match self.peek()? {
            b',' => {
                self.pos += 1;
                Ok(true)
            }
            b'}' => {
                self.pos += 1;
                self.depth -= 1;
                Ok(false)
            }
            _ => Err(self.malformed("expected ',' or '}' in an object")),
        }
    }

    fn enter(&mut self) -> Result<(), Malformed> {
        if self.depth >= MAX_DEPTH {
            return Err(self.malformed("nesting too deep"));
        }
        self.depth += 1;
        Ok(())
    }

    /// Reads a struct value: an object decoded field by field; null gives `None`.
    pub fn fields<T: DecodeFields>(&mut self) -> Read<T> {
        let mut value = T::default();
        let mut seen = 0;
        let start = self.pos;
        if self.object(|r, key| {
            if !T::REQUIRED.is_empty() {
                mark_present(&mut seen, T::REQUIRED, key);
            }
            value.decode_field(key, r)
        })? {
            self.record_absent(T::REQUIRED, seen, start);
            Ok(Some(value))
        } else if self.peek()? == b'n' {
            self.literal("null")?;
            Ok(None)
        } else {
            self.wrong_kind("an object")
        }
    }

    /// Reads a string; numbers and booleans give their text.
    pub fn string(&mut self) -> Read<String> {
        match self.text()? {
            Some(text) => self.own(text).map(Some),
            None => Ok(None),
        }
    }

    /// Reads a string as [`Reader::string`] does and gives its text to `f`, without taking a
    /// copy: for open enums, whose known values hold no text.
    pub fn string_as<T>(&mut self, f: impl FnOnce(&str) -> T) -> Read<T> {
        match self.text()? {
            Some(text) => {
                self.charge(text.len())?;
                Ok(Some(f(&text)))
            }
            None => Ok(None),
        }
    }

    /// The text of a string, number or boolean; `None` for null.
    fn text(&mut self) -> Read<Cow<'a, str>> {
        Ok(Some(match self.peek()? {
            b'"' => self.string_token()?,
            b'-' | b'0'..=b'9' => Cow::Borrowed(self.number_token()?),
            b't' => self.literal("true").map(|()| Cow::Borrowed("true"))?,
            b'f' => self.literal("false").map(|()| Cow::Borrowed("false"))?,
            b'n' => return self.literal("null").map(|()| None),
            _ => return self.wrong_kind("a string"),
        }))
    }

    /// Reads the raw text of a scalar for numeric conversion: a number token or the trimmed
    /// content of a string, and where it starts. `Ok(None)` for null and empty strings.
    fn numeric_text(
        &mut self,
        expected: &'static str,
    ) -> Result<Option<(Cow<'a, str>, usize)>, Malformed> {
        let at = self.value_position();
        match self.peek()? {
            b'-' | b'0'..=b'9' => Ok(Some((Cow::Borrowed(self.number_token()?), at))),
            b'"' => {
                let s = self.string_token()?;
                let trimmed = s.trim();
                if trimmed.is_empty() {
                    Ok(None)
                } else if trimmed.len() == s.len() {
                    Ok(Some((s, at)))
                } else {
                    Ok(Some((Cow::Owned(trimmed.to_owned()), at)))
                }
            }
            b'n' => self.literal("null").map(|()| None),
            _ => self.wrong_kind(expected),
        }
    }

    /// Reads an integer from a number or numeric string whose value is a whole number that
    /// fits an `i64` (`"1.0"` and `1e3` too; `"1.5"` and `1e-400` are mismatches).
    pub fn int(&mut self) -> Read<i64> {
        let Some((text, at)) = self.numeric_text("an integer")? else {
            return Ok(None);
        };
        match integral(&text) {
            Some(v) => Ok(Some(v)),
            None => {
                self.wrong_scalar("an integer", at, &text);
                Ok(None)
            }
        }
    }

    /// Reads a float from a number or numeric string.
    pub fn float(&mut self) -> Read<f64> {
        let Some((text, at)) = self.numeric_text("a number")? else {
            return Ok(None);
        };
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Some(f)),
            _ => {
                self.wrong_scalar("a number", at, &text);
                Ok(None)
            }
        }
    }

    /// Reads a boolean from `true`/`false` (also as strings, any case), 0/1 or `"0"`/`"1"`.
    pub fn boolean(&mut self) -> Read<bool> {
        let at = self.value_position();
        let text: Cow<'a, str> = match self.peek()? {
            b't' => return self.literal("true").map(|()| Some(true)),
            b'f' => return self.literal("false").map(|()| Some(false)),
            b'n' => return self.literal("null").map(|()| None),
            b'"' => self.string_token()?,
            b'-' | b'0'..=b'9' => Cow::Borrowed(self.number_token()?),
            _ => return self.wrong_kind("a boolean"),
        };
        let t = text.trim();
        if t.eq_ignore_ascii_case("true") || t == "1" {
            Ok(Some(true))
        } else if t.eq_ignore_ascii_case("false") || t == "0" {
            Ok(Some(false))
        } else if t.is_empty() {
            Ok(None)
        } else {
            self.wrong_scalar("a boolean", at, t);
            Ok(None)
        }
    }

    /// Reads an array, decoding each element; null and mismatched elements are dropped. A
    /// single value where the array belongs reads as a one-element array.
    ///
    /// Instantiated once per element type, so the bracket and budget work lives in the
    /// non-generic helpers below.
    pub fn list<T: Decode>(&mut self) -> Read<Vec<T>> {
        let mut items = Vec::new();
        match self.list_open()? {
            Open::Null => return Ok(None),
            Open::Empty => return Ok(Some(items)),
            Open::Single => {
                if let Some(item) = T::decode(self)? {
                    self.grow(&mut items, 1)?;
                    items.push(item);
                }
                return Ok(Some(items));
            }
            Open::Items => {}
        }
        let mut index = 0;
        loop {
            self.element(index)?;
            let item = T::decode(self)?;
            self.path.pop();
            if let Some(item) = item {
                if items.len() == items.capacity() {
                    let more = items.capacity().max(4);
                    self.grow(&mut items, more)?;
                }
                items.push(item);
            }
            index += 1;
            if !self.list_next()? {
                return Ok(Some(items));
            }
        }
    }

    /// Reads an object whose keys are data (ids, names, models), each value decoded; keys keep
    /// their case and escapes are decoded. Members whose value is null or does not fit are
    /// dropped (the latter recorded as mismatches); a key given twice keeps its last value.
    /// Anything but an object or null is a mismatch.
    pub fn map<T: Decode>(&mut self) -> Read<Map<T>> {
        let mut map = Map::new();
        match self.object_open()? {
            Open::Empty => return Ok(Some(map)),
            Open::Items => {}
            Open::Null | Open::Single if self.peek()? == b'n' => {
                return self.literal("null").map(|()| None);
            }
            Open::Null | Open::Single => return self.wrong_kind("an object"),
        }
        loop {
            let key = self.map_key()?;
            let value = T::decode(self)?;
            self.path.pop();
            if let Some(value) = value {
                self.charge(std::mem::size_of::<(String, T)>() + MAP_ENTRY_OVERHEAD)?;
                map.insert(key, value);
            }
            if !self.object_next()? {
                return Ok(Some(map));
            }
        }
    }

    /// Reads a map's key and its colon, extends the path, and gives the key as written.
    fn map_key(&mut self) -> Result<String, Malformed> {
        let key = self.member_key()?;
        self.own(key)
    }

    /// Reads what starts a list value.
    fn list_open(&mut self) -> Result<Open, Malformed> {
        match self.peek()? {
            b'[' => {}
            b'n' => return self.literal("null").map(|()| Open::Null),
            _ => return Ok(Open::Single),
        }
        self.enter()?;
        self.pos += 1;
        if self.peek()? == b']' {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Open::Empty);
        }
        Ok(Open::Items)
    }

    /// Before element `index`: counts it and extends the path.
    fn element(&mut self, index: usize) -> Result<(), Malformed> {
        self.tick()?;
        self.path.push(Seg::Index(index));
        Ok(())
    }

    /// After an element: `true` if another follows, `false` at the end of the list.
    fn list_next(&mut self) -> Result<bool, Malformed> {
        match self.peek()? {
            b',' => {
                self.pos += 1;
                Ok(true)
            }
            b']' => {
                self.pos += 1;
                self.depth -= 1;
                Ok(false)
            }
            _ => Err(self.malformed("expected ',' or ']' in an array")),
        }
    }

    /// Reserves room for up to `more` elements, charging their size before it is allocated.
    /// Where the budget cannot pay for `more`, it grows by half of what the budget can still
    /// pay for (at least one element), leaving the rest for what those elements hold (their
    /// strings, nested lists): a list may come close to filling the whole budget rather than
    /// fail at the last doubling that fitted, and never holds more than was charged.
    fn grow<T>(&mut self, items: &mut Vec<T>, more: usize) -> Result<(), Malformed> {
        let size = std::mem::size_of::<T>().max(1);
        let affordable = self.budget / size;
        let more = if more <= affordable / 2 {
            more
        } else {
            (affordable / 2).max(1)
        };
        self.charge(more.saturating_mul(size))?;
        items.reserve_exact(more);
        Ok(())
    }

    /// The key of the member being read, as written (escapes not decoded), e.g. a profile
    /// name in a map keyed by name. `None` at the top level or in an array.
    pub fn current_key(&self) -> Option<&'a str> {
        match self.path.last()? {
            Seg::Key(s, e) => Some(&self.src[*s..*e]),
            Seg::Index(_) | Seg::Absent(_) => None,
        }
    }

    /// The byte offset where the next value starts (after any whitespace).
    pub fn value_position(&mut self) -> usize {
        self.skip_ws();
        self.pos
    }

    /// The byte offset of the cursor.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// Moves the cursor back to a position returned by [`Reader::position`].
    pub(crate) fn rewind(&mut self, pos: usize) {
        self.pos = pos;
    }
}

/// The value of a decimal number's text if it is a whole number that fits an `i64`, exactly:
/// no rounding through floating point (`1e-400` is not 0, `9223372036854775808` overflows).
fn integral(text: &str) -> Option<i64> {
    if let Ok(v) = text.parse::<i64>() {
        return Some(v);
    }
    let t = text.as_bytes();
    let (negative, rest) = match t.first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let (mantissa, exponent) = match rest.iter().position(|c| matches!(c, b'e' | b'E')) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (whole, frac) = match mantissa.iter().position(|&c| c == b'.') {
        Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
        None => (mantissa, &[][..]),
    };
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.iter().chain(frac).all(u8::is_ascii_digit) {
        return None;
    }
    let exponent = match exponent {
        None => 0i64,
        Some(e) => {
            let (neg, digits) = match e.first()? {
                b'-' => (true, &e[1..]),
                b'+' => (false, &e[1..]),
                _ => (false, e),
            };
            if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            // Saturate: an exponent this large either overflows or leaves a fraction.
            let v = digits.iter().fold(0i64, |acc, d| {
                acc.saturating_mul(10).saturating_add(i64::from(d - b'0'))
            });
            if neg { -v } else { v }
        }
    };
    let digits: Vec<u8> = whole.iter().chain(frac).map(|d| d - b'0').collect();
    // value = digits * 10^shift
    let shift = exponent.saturating_sub(frac.len() as i64);
    let kept = if shift < 0 {
        let dropped = usize::try_from(shift.unsigned_abs()).unwrap_or(usize::MAX);
        let keep = digits.len().saturating_sub(dropped);
        if digits[keep..].iter().any(|&d| d != 0) {
            return None; // a fraction remains
        }
        &digits[..keep]
    } else {
        &digits[..]
    };
    let mut value: i128 = 0;
    for &d in kept {
        value = value * 10 + i128::from(d);
        if value > i128::from(i64::MAX) + 1 {
            return None;
        }
    }
    if shift > 0 && value != 0 {
        for _ in 0..shift {
            value *= 10;
            if value > i128::from(i64::MAX) + 1 {
                return None;
            }
        }
    }
    let value = if negative { -value } else { value };
    i64::try_from(value).ok()
}

/// The length of the plain run at the start of `b`, the content of a JSON string: up to the
/// first `"`, `\\` or control character (below 0x20), or all of `b`. Strings are most of a
/// response, so this looks at eight bytes at a time: in each word, the lowest byte flagged by
/// the classic "has a zero byte" tests below is exactly the first one that matches.
fn plain_run(b: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    let mut i = 0;
    while let Some(word) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let quote = x ^ (ONES * u64::from(b'"'));
        let slash = x ^ (ONES * u64::from(b'\\'));
        let found = ((quote.wrapping_sub(ONES) & !quote)
            | (slash.wrapping_sub(ONES) & !slash)
            | (x.wrapping_sub(ONES * 0x20) & !x))
            & HIGH;
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while b
        .get(i)
        .is_some_and(|c| !matches!(c, b'"' | b'\\' | 0..=0x1f))
    {
        i += 1;
    }
    i
}

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

/// What a map entry costs beyond its key and value: a B-tree node's share, about.
const MAP_ENTRY_OVERHEAD: usize = 16;

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

/// The output of an action that returns nothing beyond its `RetCode`.
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

/// What the runtime reads from every response besides the action's own fields.
#[derive(Debug, Default)]
pub(crate) struct Envelope {
    /// `None`: no `RetCode` key. `Some(None)`: a `RetCode` that is not one integer.
    pub ret_code: Option<Option<i64>>,
    pub message: Option<String>,
}

/// A whole response body, decoded: the envelope, the action's output and what did not fit.
#[derive(Debug)]
pub(crate) struct Decoded<T> {
    pub envelope: Envelope,
    pub output: T,
    pub mismatches: Vec<Mismatch>,
    /// Mismatches beyond [`MAX_MISMATCHES`], counted only.
    pub more_mismatches: usize,
}

/// Decodes a whole response body in one pass with `reader` (which sets the budget, deadline
/// and sensitive names). `Err` for broken JSON, a non-object body, or a cut (see
/// [`Reader::cut`]).
pub(crate) fn decode_response<T: DecodeFields>(
    r: &mut Reader<'_>,
) -> Result<Decoded<T>, Malformed> {
    let mut env = Envelope::default();
    let mut out = T::default();
    let mut seen = 0;
    let start = r.position();
    let is_object = r.object(|r, key| {
        if !T::REQUIRED.is_empty() {
            mark_present(&mut seen, T::REQUIRED, key);
        }
        match key {
            "retcode" => {
                // A strange RetCode is not an output mismatch; it makes the body invalid.
                let kept = r.mismatches.len();
                let code = r.int()?;
                r.mismatches.truncate(kept);
                env.ret_code = match env.ret_code {
                    Some(first) if first != code => Some(None), // two different codes
                    _ => Some(code),
                };
                Ok(true)
            }
            "message" => {
                // Some outputs have a Message field of their own: read the value twice.
                let start = r.position();
                let kept = r.mismatches.len();
                env.message = r.string()?;
                r.mismatches.truncate(kept);
                r.rewind(start);
                out.decode_field(key, r)
            }
            _ => out.decode_field(key, r),
        }
    })?;
    if !is_object {
        return Err(Malformed {
            offset: r.position(),
            reason: "expected a JSON object",
        });
    }
    r.record_absent(T::REQUIRED, seen, start);
    r.finish()?;
    let (mismatches, more_mismatches) = r.take_mismatches();
    Ok(Decoded {
        envelope: env,
        output: out,
        mismatches,
        more_mismatches,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_runs_end_at_the_first_quote_backslash_or_control_character() {
        let naive = |b: &[u8]| {
            b.iter()
                .position(|c| matches!(c, b'"' | b'\\' | 0..=0x1f))
                .unwrap_or(b.len())
        };
        // Every byte value at every position of every word, over fillers that sit next to the
        // bounds of the word tricks (0x20 and 0x21, 0x5b and 0x5d around `\\`, high bytes).
        for filler in [b'a', b' ', b'!', b'#', b'[', b']', 0x7f, 0x80, 0xa0, 0xff] {
            for len in 0..=19 {
                for at in 0..len {
                    for probe in 0..=255u8 {
                        let mut b = vec![filler; len];
                        b[at] = probe;
                        assert_eq!(plain_run(&b), naive(&b), "{b:?}");
                        // A second special byte later must not move the first.
                        if at + 3 < len {
                            b[at + 3] = b'"';
                            assert_eq!(plain_run(&b), naive(&b), "{b:?}");
                        }
                    }
                }
            }
        }
    }

    #[derive(Debug, Default, PartialEq)]
    struct Image {
        size: Option<i64>,
        price: Option<f64>,
        free: bool,
        name: Option<String>,
        tags: Vec<String>,
        password: Option<String>,
    }

    impl DecodeFields for Image {
        fn decode_field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, Malformed> {
            match key {
                "size" => r.read_opt(&mut self.size),
                "price" => r.read_opt(&mut self.price),
                "isfree" => r.read(&mut self.free),
                "name" => r.read_opt(&mut self.name),
                "tags" => r.read(&mut self.tags),
                "password" => r.read_opt(&mut self.password),
                _ => Ok(false),
            }
        }
    }

    #[derive(Debug, Default, PartialEq)]
    struct List {
        total: i64,
        images: Vec<Image>,
        ids: Vec<String>,
        message: Option<String>,
    }

    impl DecodeFields for List {
        fn decode_field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, Malformed> {
            match key {
                "totalcount" => r.read(&mut self.total),
                "imageset" | "images" => r.read(&mut self.images),
                "uhostids" => r.read(&mut self.ids),
                "message" => r.read_opt(&mut self.message),
                _ => Ok(false),
            }
        }
    }

    #[derive(Debug, Default, PartialEq)]
    struct Stock {
        by_zone: Map<Map<i64>>,
    }

    impl DecodeFields for Stock {
        fn decode_field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, Malformed> {
            match key {
                "byzone" => r.read(&mut self.by_zone),
                _ => Ok(false),
            }
        }
    }

    #[test]
    fn maps_keep_their_keys_and_drop_what_does_not_fit() {
        let (stock, mismatches) = decode_json::<Stock>(
            r#"{"ByZone": {"8100009": {"RTX4090": "3", "A\u0031": 1, "H20": "many", "L40": null},
                           "8100010": {}, "8100011": null, "8100012": [1]}}"#,
        )
        .unwrap();
        let zone = &stock.by_zone["8100009"];
        assert_eq!(zone.get("RTX4090"), Some(&3));
        assert_eq!(zone.get("A1"), Some(&1));
        assert_eq!(zone.len(), 2, "{zone:?}");
        assert!(stock.by_zone["8100010"].is_empty());
        assert_eq!(stock.by_zone.len(), 2, "{:?}", stock.by_zone);
        let paths: Vec<&str> = mismatches.iter().map(|m| m.path.as_str()).collect();
        assert_eq!(paths, ["ByZone.8100009.H20", "ByZone.8100012"]);
    }

    #[test]
    fn map_entries_are_charged_against_the_budget() {
        let body = format!(
            "{{\"ByZone\": {{{}}}}}",
            (0..1000)
                .map(|i| format!("\"z{i}\": {{}}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        let mut r = Reader::new(&body);
        r.budget = 10_000;
        assert!(Stock::decode(&mut r).is_err());
        let mut r = Reader::new(&body);
        assert_eq!(Stock::decode(&mut r).unwrap().unwrap().by_zone.len(), 1000);
    }

    fn decode(body: &str) -> Decoded<List> {
        decode_response::<List>(&mut Reader::new(body)).unwrap()
    }

    #[test]
    fn drifted_scalars_convert() {
        let d = decode(
            r#"{"RetCode":"0","totalcount":"3","ImageSet":[
                {"Size":"1.0","Price":"2.5","IsFree":"True","Name":12,"Tags":null},
                {"size":7,"price":1,"isfree":1,"name":"x","tags":["a",null,"b"]},
                {"Size":null,"Price":"","IsFree":"false"}
            ],"Unknown":{"deep":[1,2,{"a":[]}]}}"#,
        );
        assert_eq!(d.mismatches, []);
        assert_eq!(d.envelope.ret_code, Some(Some(0)));
        let list = d.output;
        assert_eq!(list.total, 3);
        assert_eq!(
            list.images,
            vec![
                Image {
                    size: Some(1),
                    price: Some(2.5),
                    free: true,
                    name: Some("12".into()),
                    ..Image::default()
                },
                Image {
                    size: Some(7),
                    price: Some(1.0),
                    free: true,
                    name: Some("x".into()),
                    tags: vec!["a".into(), "b".into()],
                    ..Image::default()
                },
                Image::default(),
            ]
        );
    }

    #[test]
    fn a_single_value_where_a_list_belongs_is_a_one_element_list() {
        let d = decode(r#"{"RetCode":0,"UHostIds":"uhost-1","ImageSet":{"Name":"only"}}"#);
        assert_eq!(d.mismatches, []);
        assert_eq!(d.output.ids, ["uhost-1"]);
        assert_eq!(d.output.images.len(), 1);
        assert_eq!(d.output.images[0].name.as_deref(), Some("only"));
    }

    #[test]
    fn every_mismatch_is_kept_with_its_path_and_the_rest_decodes() {
        let d = decode(
            r#"{"TotalCount":{"n":2},"ImageSet":[null,{"Size":1},{"Size":{"x":1},"Name":"kept"},{"Price":"cheap"}],"Message":"ok"}"#,
        );
        let shown: Vec<String> = d.mismatches.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "TotalCount: expected an integer, found an object",
                "ImageSet[2].Size: expected an integer, found an object",
                "ImageSet[3].Price: expected a number, found \"cheap\"",
            ]
        );
        assert_eq!(d.output.total, 0);
        assert_eq!(d.output.images[1].name.as_deref(), Some("kept"));
        assert_eq!(d.output.message.as_deref(), Some("ok"));
    }

    #[test]
    fn mismatches_are_capped_and_counted() {
        let body = format!(
            r#"{{"ImageSet":[{}]}}"#,
            vec![r#"{"Size":[]}"#; MAX_MISMATCHES + 10].join(",")
        );
        let d = decode(&body);
        assert_eq!(d.mismatches.len(), MAX_MISMATCHES);
        assert_eq!(d.more_mismatches, 10);
        assert_eq!(d.output.images.len(), MAX_MISMATCHES + 10);
    }

    #[test]
    fn sensitive_values_are_never_quoted_in_mismatches() {
        let d = decode(r#"{"ImageSet":[{"Password":{"x":1}},{"Size":"hunter2"}]}"#);
        assert_eq!(d.mismatches[0].found, "an object");
        let mut r = Reader::new(r#"{"Secret":"hunter2"}"#);
        #[derive(Default)]
        struct S {
            secret: Option<i64>,
        }
        impl DecodeFields for S {
            fn decode_field(&mut self, key: &str, r: &mut Reader<'_>) -> Step {
                match key {
                    "secret" => r.read_opt(&mut self.secret),
                    _ => Ok(false),
                }
            }
        }
        let d = decode_response::<S>(&mut r).unwrap();
        assert_eq!(d.mismatches[0].found, "\"***\"");
        assert!(d.output.secret.is_none());
    }

    #[test]
    fn integers_are_exact() {
        let ok = [
            ("0", 0),
            ("-7", -7),
            ("1.0", 1),
            ("1.000", 1),
            ("1e3", 1000),
            ("1.5e1", 15),
            ("150e-1", 15),
            ("-0.0", 0),
            ("0e99999999999999999999", 0),
            ("9223372036854775807", i64::MAX),
            ("-9223372036854775808", i64::MIN),
            ("9.223372036854775807e18", i64::MAX),
        ];
        for (text, value) in ok {
            assert_eq!(integral(text), Some(value), "{text}");
        }
        for text in [
            "1.5",
            "0.5",
            "1e-400",
            "1e400",
            "9223372036854775808",
            "-9223372036854775809",
            "1e-99999999999999999999",
            "",
            ".",
            "e5",
            "1x",
            "NaN",
        ] {
            assert_eq!(integral(text), None, "{text}");
        }
    }

    #[test]
    fn fractional_integer_is_a_mismatch() {
        let d = decode(r#"{"ImageSet":[{"Size":"1.5"}]}"#);
        assert_eq!(
            d.mismatches[0].to_string(),
            "ImageSet[0].Size: expected an integer, found \"1.5\""
        );
    }

    #[test]
    fn ret_code_must_be_one_integer() {
        for (body, code) in [
            (r#"{"RetCode":0}"#, Some(Some(0))),
            (r#"{"RetCode":"230"}"#, Some(Some(230))),
            (r#"{"RetCode":1e-400}"#, Some(None)),
            (r#"{"RetCode":"0.5"}"#, Some(None)),
            (r#"{"RetCode":{}}"#, Some(None)),
            (r#"{"RetCode":0,"RetCode":230}"#, Some(None)),
            (r#"{"Other":0}"#, None),
        ] {
            let d = decode(body);
            assert_eq!(d.envelope.ret_code, code, "{body}");
            assert_eq!(d.mismatches, [], "{body}");
        }
    }

    #[test]
    fn message_reaches_envelope_and_output() {
        let d = decode(r#"{"RetCode":230,"Message":"bad \"zone\" \u00e9\ud83d\ude00"}"#);
        assert_eq!(d.envelope.ret_code, Some(Some(230)));
        assert_eq!(d.envelope.message.as_deref(), Some("bad \"zone\" é😀"));
        assert_eq!(d.output.message, d.envelope.message);
    }

    #[test]
    fn broken_json_is_malformed() {
        for body in [
            "",
            "not json",
            "{",
            r#"{"a":}"#,
            r#"{"a":1,}"#,
            "[1,2]",
            r#"{"a":1} x"#,
            r#"{"a":"unterminated}"#,
            r#"{"a":[1,2}"#,
            r#"{"a":tru}"#,
            r#"{"a":-}"#,
            r#"{"Message":"\x"}"#,
        ] {
            assert!(
                decode_response::<List>(&mut Reader::new(body)).is_err(),
                "{body:?} should be malformed"
            );
        }
    }

    #[test]
    fn deep_nesting_is_rejected_not_overflowed() {
        let deep = format!("{{\"x\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        let err = decode_response::<List>(&mut Reader::new(&deep)).unwrap_err();
        assert_eq!(err.reason, "nesting too deep");
        let deep_field = format!(
            "{{\"ImageSet\":{}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let err = decode_response::<List>(&mut Reader::new(&deep_field)).unwrap_err();
        assert_eq!(err.reason, "nesting too deep");
    }

    #[test]
    fn the_budget_bounds_decoded_memory() {
        let body = format!(r#"{{"ImageSet":[{}]}}"#, vec!["{}"; 100_000].join(","));
        let size = std::mem::size_of::<Image>();
        // 100,000 elements need at least 100,000 * size bytes: a budget of a tenth stops it.
        let mut r = Reader::new(&body).with_budget(10_000 * size);
        let err = decode_response::<List>(&mut r).unwrap_err();
        assert_eq!(r.cut(), Some(Cut::Budget));
        assert_eq!(err.reason, "decoded response exceeds the memory budget");
        // Twice the elements' size is enough (capacity doubles).
        let mut r = Reader::new(&body).with_budget(2 * 100_000 * size + 1024);
        assert_eq!(
            decode_response::<List>(&mut r).unwrap().output.images.len(),
            100_000
        );
        // Strings are charged their length.
        let body = format!(r#"{{"Message":"{}"}}"#, "x".repeat(5000));
        let mut r = Reader::new(&body).with_budget(4000);
        assert!(decode_response::<List>(&mut r).is_err());
        assert_eq!(r.cut(), Some(Cut::Budget));
    }

    #[test]
    fn a_passed_deadline_stops_decoding() {
        let body = format!(r#"{{"ImageSet":[{}]}}"#, vec!["{}"; 10_000].join(","));
        let mut r = Reader::new(&body).with_deadline(Instant::now());
        assert!(decode_response::<List>(&mut r).is_err());
        assert_eq!(r.cut(), Some(Cut::Deadline));
        let mut r =
            Reader::new(&body).with_deadline(Instant::now() + std::time::Duration::from_secs(3600));
        assert!(decode_response::<List>(&mut r).is_ok());
    }

    #[test]
    fn raw_json_keeps_any_value_verbatim() {
        let mut r = Reader::new(r#" {"Exclusive":{"10027":{"2080":10}}} "#);
        assert_eq!(
            RawJson::decode(&mut r).unwrap().unwrap().as_str(),
            r#"{"Exclusive":{"10027":{"2080":10}}}"#
        );
        let mut r = Reader::new("null");
        assert_eq!(RawJson::decode(&mut r).unwrap(), None);
        let mut r = Reader::new(r#"[1, "a"]"#);
        assert_eq!(
            RawJson::decode(&mut r).unwrap().unwrap().into_string(),
            r#"[1, "a"]"#
        );
    }

    #[test]
    fn skip_handles_every_kind() {
        let d = decode(
            r#"{"a":{},"b":[],"c":{"k":[{},[],"s",1.5e3,true,false,null]},"d":"\"}","TotalCount":1}"#,
        );
        assert_eq!(d.mismatches, []);
        assert_eq!(d.output.total, 1);
    }
}
