//! Lenient, single-pass JSON decoding of responses.
//!
//! The live API drifts from its declared types, so every scalar converts where the meaning is
//! clear: integers and floats from numbers or numeric strings, booleans from `true`/`false`
//! in any case and from 0/1, strings from numbers and booleans, `null` as unset. Keys match
//! case-insensitively; unknown keys are skipped. A value of the wrong kind (an object where a
//! number belongs) leaves its field at the default and is reported once, with its JSON path,
//! after the whole body has been read. Only broken JSON stops decoding early.
//!
//! There is no intermediate tree: generated code matches lowercased keys and reads each
//! value straight into its field.

use std::borrow::Cow;
use std::fmt;

use crate::SecretString;

/// How deep objects and arrays may nest before the body is rejected.
pub const MAX_DEPTH: usize = 128;

/// The body is not JSON (or nests deeper than [`MAX_DEPTH`]); decoding stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
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

/// A value that did not fit its field's type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// JSON path of the value, e.g. `ImageSet[3].Size`.
    pub path: String,
    /// What the field accepts.
    pub expected: &'static str,
    /// What was found instead.
    pub found: String,
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
    /// Reads the value of `key` (ASCII-lowercased) into its field and returns `Ok(true)`, or
    /// returns `Ok(false)` without reading if the key is not a field.
    fn decode_field(&mut self, key: &str, r: &mut Reader<'_>) -> Step;
}

/// Every struct decodes from an object, field by field; `null` leaves it unset.
impl<T: DecodeFields> Decode for T {
    fn decode(r: &mut Reader<'_>) -> Read<Self> {
        r.fields()
    }
}

#[derive(Clone, Copy, Debug)]
enum Seg {
    Key(usize, usize),
    Index(usize),
}

/// A cursor over a JSON document.
#[derive(Debug)]
pub struct Reader<'a> {
    src: &'a str,
    pos: usize,
    depth: usize,
    path: Vec<Seg>,
    mismatch: Option<Mismatch>,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `src`.
    pub fn new(src: &'a str) -> Self {
        Self {
            src,
            pos: 0,
            depth: 0,
            path: Vec::new(),
            mismatch: None,
        }
    }

    /// The first mismatch seen so far, if any.
    pub fn mismatch(&self) -> Option<&Mismatch> {
        self.mismatch.as_ref()
    }

    /// Takes the first mismatch seen so far.
    pub fn take_mismatch(&mut self) -> Option<Mismatch> {
        self.mismatch.take()
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

    /// Reads a JSON string (the reader is at its opening quote).
    fn string_token(&mut self) -> Result<Cow<'a, str>, Malformed> {
        let (start, end, escaped) = self.string_span()?;
        let raw = &self.src[start..end];
        if escaped {
            unescape(raw).map(Cow::Owned).ok_or(Malformed {
                offset: start,
                reason: "invalid escape in string",
            })
        } else {
            Ok(Cow::Borrowed(raw))
        }
    }

    /// Finds the extent of the string at the cursor: content start, content end, and whether
    /// it holds escapes.
    fn string_span(&mut self) -> Result<(usize, usize, bool), Malformed> {
        self.pos += 1; // opening quote
        let start = self.pos;
        let b = self.bytes();
        let mut escaped = false;
        loop {
            match b.get(self.pos) {
                None => return Err(self.malformed("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok((start, self.pos - 1, escaped));
                }
                Some(b'\\') => {
                    escaped = true;
                    self.pos += 2;
                }
                Some(_) => self.pos += 1,
            }
        }
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

    /// Skips one value of any kind, without recursion.
    pub fn skip_value(&mut self) -> Result<(), Malformed> {
        let mut open = 0usize;
        loop {
            match self.peek()? {
                b'{' | b'[' => {
                    open += 1;
                    if self.depth + open > MAX_DEPTH {
                        return Err(self.malformed("nesting too deep"));
                    }
                    self.pos += 1;
                    continue; // its first key, value or closing bracket comes next
                }
                b'}' | b']' if open > 0 => {
                    self.pos += 1;
                    open -= 1;
                }
                b'"' => {
                    self.string_span()?;
                    if open > 0 && self.peek()? == b':' {
                        self.pos += 1;
                        continue; // an object key; its value follows
                    }
                }
                b't' => self.literal("true")?,
                b'f' => self.literal("false")?,
                b'n' => self.literal("null")?,
                b'-' | b'0'..=b'9' => {
                    self.number_token()?;
                }
                _ => return Err(self.malformed("expected a JSON value")),
            }
            if open == 0 {
                return Ok(());
            }
            match self.peek()? {
                b',' => {
                    self.pos += 1;
                    if matches!(self.peek()?, b'}' | b']') {
                        return Err(self.malformed("trailing comma"));
                    }
                }
                b'}' | b']' => {}
                _ => return Err(self.malformed("expected ',' or a closing bracket")),
            }
        }
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

    /// Records a mismatch at the current path (the first one wins), then skips the value.
    fn mismatch_here(&mut self, expected: &'static str, found: String) -> Result<(), Malformed> {
        if self.mismatch.is_none() {
            self.mismatch = Some(Mismatch {
                path: self.path_string(),
                expected,
                found,
            });
        }
        self.skip_value()
    }

    fn wrong_kind<T>(&mut self, expected: &'static str) -> Read<T> {
        let found = self.kind_at()?.to_owned();
        self.mismatch_here(expected, found)?;
        Ok(None)
    }

    fn path_string(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            match *seg {
                Seg::Key(s, e) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(&self.src[s..e]);
                }
                Seg::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
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
    pub fn object(
        &mut self,
        mut field: impl FnMut(&mut Self, &str) -> Result<bool, Malformed>,
    ) -> Result<bool, Malformed> {
        if self.peek()? != b'{' {
            return Ok(false);
        }
        self.enter()?;
        self.pos += 1;
        if self.peek()? == b'}' {
            self.pos += 1;
            self.depth -= 1;
            return Ok(true);
        }
        let mut lower = String::new();
        loop {
            if self.peek()? != b'"' {
                return Err(self.malformed("expected an object key"));
            }
            let (start, end, escaped) = self.string_span()?;
            lower.clear();
            if escaped {
                let key = unescape(&self.src[start..end]).ok_or(Malformed {
                    offset: start,
                    reason: "invalid escape in string",
                })?;
                lower.push_str(&key);
            } else {
                lower.push_str(&self.src[start..end]);
            }
            lower.make_ascii_lowercase();
            self.expect(b':', "expected ':' after an object key")?;
            self.path.push(Seg::Key(start, end));
            if !field(self, &lower)? {
                self.skip_value()?;
            }
            self.path.pop();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(true);
                }
                _ => return Err(self.malformed("expected ',' or '}' in an object")),
            }
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
        if self.object(|r, key| value.decode_field(key, r))? {
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
        match self.peek()? {
            b'"' => Ok(Some(self.string_token()?.into_owned())),
            b'-' | b'0'..=b'9' => Ok(Some(self.number_token()?.to_owned())),
            b't' => self.literal("true").map(|()| Some("true".to_owned())),
            b'f' => self.literal("false").map(|()| Some("false".to_owned())),
            b'n' => self.literal("null").map(|()| None),
            _ => self.wrong_kind("a string"),
        }
    }

    /// Reads the raw text of a scalar for numeric conversion: a number token or the trimmed
    /// content of a string. `Ok(None)` for null and empty strings.
    fn numeric_text(&mut self, expected: &'static str) -> Result<Option<Cow<'a, str>>, Malformed> {
        match self.peek()? {
            b'-' | b'0'..=b'9' => Ok(Some(Cow::Borrowed(self.number_token()?))),
            b'"' => {
                let s = self.string_token()?;
                let trimmed = s.trim();
                if trimmed.is_empty() {
                    Ok(None)
                } else if trimmed.len() == s.len() {
                    Ok(Some(s))
                } else {
                    Ok(Some(Cow::Owned(trimmed.to_owned())))
                }
            }
            b'n' => self.literal("null").map(|()| None),
            _ => self.wrong_kind(expected),
        }
    }

    /// Reads an integer from a number or numeric string (`"1.0"` too, fractions are not).
    pub fn int(&mut self) -> Read<i64> {
        let Some(text) = self.numeric_text("an integer")? else {
            return Ok(None);
        };
        if let Ok(v) = text.parse::<i64>() {
            return Ok(Some(v));
        }
        match text.parse::<f64>() {
            Ok(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Ok(Some(f as i64)),
            _ => {
                self.record_scalar("an integer", &text);
                Ok(None)
            }
        }
    }

    /// Reads a float from a number or numeric string.
    pub fn float(&mut self) -> Read<f64> {
        let Some(text) = self.numeric_text("a number")? else {
            return Ok(None);
        };
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Some(f)),
            _ => {
                self.record_scalar("a number", &text);
                Ok(None)
            }
        }
    }

    /// Reads a boolean from `true`/`false` (also as strings, any case), 0/1 or `"0"`/`"1"`.
    pub fn boolean(&mut self) -> Read<bool> {
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
            self.record_scalar("a boolean", t);
            Ok(None)
        }
    }

    fn record_scalar(&mut self, expected: &'static str, text: &str) {
        if self.mismatch.is_none() {
            let mut shown: String = text.chars().take(40).collect();
            if shown.len() < text.len() {
                shown.push('…');
            }
            self.mismatch = Some(Mismatch {
                path: self.path_string(),
                expected,
                found: format!("{shown:?}"),
            });
        }
    }

    /// Reads an array, decoding each element; null and mismatched elements are dropped.
    pub fn list<T: Decode>(&mut self) -> Read<Vec<T>> {
        match self.peek()? {
            b'[' => {}
            b'n' => return self.literal("null").map(|()| None),
            _ => return self.wrong_kind("an array"),
        }
        self.enter()?;
        self.pos += 1;
        let mut items = Vec::new();
        if self.peek()? == b']' {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Some(items));
        }
        loop {
            self.path.push(Seg::Index(items.len()));
            if let Some(item) = T::decode(self)? {
                items.push(item);
            }
            self.path.pop();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(Some(items));
                }
                _ => return Err(self.malformed("expected ',' or ']' in an array")),
            }
        }
    }

    /// The byte offset of the cursor.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Moves the cursor back to a position returned by [`Reader::position`].
    pub fn rewind(&mut self, pos: usize) {
        self.pos = pos;
    }
}

fn unescape(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            '/' => out.push('/'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'u' => {
                let hi = hex4(&mut chars)?;
                let code = if (0xD800..0xDC00).contains(&hi) {
                    let rest = chars.as_str();
                    if let Some(tail) = rest.strip_prefix("\\u") {
                        let mut probe = tail.chars();
                        match hex4(&mut probe) {
                            Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                                chars = probe;
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            }
                            _ => 0xFFFD,
                        }
                    } else {
                        0xFFFD
                    }
                } else {
                    hi
                };
                out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
            }
            _ => return None,
        }
    }
    Some(out)
}

fn hex4(chars: &mut std::str::Chars<'_>) -> Option<u32> {
    let mut v = 0;
    for _ in 0..4 {
        v = v * 16 + chars.next()?.to_digit(16)?;
    }
    Some(v)
}

/// A JSON value kept as its raw text, for fields whose shape the API does not fix (maps keyed
/// by ids, for instance). Parse it with the JSON library of your choice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawJson(String);

impl RawJson {
    /// The JSON text, exactly as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The JSON text, exactly as received.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl Decode for RawJson {
    fn decode(r: &mut Reader<'_>) -> Read<Self> {
        if r.peek()? == b'n' {
            return r.literal("null").map(|()| None);
        }
        let start = r.pos;
        r.skip_value()?;
        Ok(Some(RawJson(r.src[start..r.pos].to_owned())))
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

impl<T: Decode> Decode for Vec<T> {
    fn decode(r: &mut Reader<'_>) -> Read<Self> {
        r.list()
    }
}

/// The output of an action that returns nothing beyond its `RetCode`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Empty {}

impl DecodeFields for Empty {
    fn decode_field(&mut self, _key: &str, _r: &mut Reader<'_>) -> Step {
        Ok(false)
    }
}

/// What the runtime reads from every response besides the action's own fields.
#[derive(Debug, Default)]
pub(crate) struct Envelope {
    pub ret_code: Option<i64>,
    pub message: Option<String>,
}

/// Decodes a whole response body: the envelope and the action's output in one pass.
/// `Ok((envelope, output, mismatch))`; `Err` only for broken JSON or a non-object body.
pub(crate) fn decode_response<T: DecodeFields>(
    body: &str,
) -> Result<(Envelope, T, Option<Mismatch>), Malformed> {
    let mut r = Reader::new(body);
    let mut env = Envelope::default();
    let mut out = T::default();
    let is_object = r.object(|r, key| {
        match key {
            "retcode" => {
                let saved = r.take_mismatch();
                env.ret_code = r.int()?;
                r.mismatch = saved; // a strange RetCode is not an output mismatch
                Ok(true)
            }
            "message" => {
                // Some outputs have a Message field of their own: read the value twice.
                let start = r.position();
                let saved = r.take_mismatch();
                env.message = r.string()?;
                r.mismatch = saved;
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
    r.finish()?;
    let mismatch = r.take_mismatch();
    Ok((env, out, mismatch))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq)]
    struct Image {
        size: Option<i64>,
        price: Option<f64>,
        free: bool,
        name: Option<String>,
        tags: Vec<String>,
    }

    impl DecodeFields for Image {
        fn decode_field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, Malformed> {
            match key {
                "size" => r.read_opt(&mut self.size),
                "price" => r.read_opt(&mut self.price),
                "isfree" => r.read(&mut self.free),
                "name" => r.read_opt(&mut self.name),
                "tags" => r.read(&mut self.tags),
                _ => Ok(false),
            }
        }
    }

    #[derive(Debug, Default, PartialEq)]
    struct List {
        total: i64,
        images: Vec<Image>,
        message: Option<String>,
    }

    impl DecodeFields for List {
        fn decode_field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, Malformed> {
            match key {
                "totalcount" => r.read(&mut self.total),
                "imageset" | "images" => r.read(&mut self.images),
                "message" => r.read_opt(&mut self.message),
                _ => Ok(false),
            }
        }
    }

    fn decode(body: &str) -> (Envelope, List, Option<Mismatch>) {
        decode_response::<List>(body).unwrap()
    }

    #[test]
    fn drifted_scalars_convert() {
        let (env, list, mismatch) = decode(
            r#"{"RetCode":"0","totalcount":"3","ImageSet":[
                {"Size":"1.0","Price":"2.5","IsFree":"True","Name":12,"Tags":null},
                {"size":7,"price":1,"isfree":1,"name":"x","tags":["a",null,"b"]},
                {"Size":null,"Price":"","IsFree":"false"}
            ],"Unknown":{"deep":[1,2,{"a":[]}]}}"#,
        );
        assert_eq!(mismatch, None);
        assert_eq!(env.ret_code, Some(0));
        assert_eq!(list.total, 3);
        assert_eq!(
            list.images,
            vec![
                Image {
                    size: Some(1),
                    price: Some(2.5),
                    free: true,
                    name: Some("12".into()),
                    tags: vec![]
                },
                Image {
                    size: Some(7),
                    price: Some(1.0),
                    free: true,
                    name: Some("x".into()),
                    tags: vec!["a".into(), "b".into()]
                },
                Image {
                    size: None,
                    price: None,
                    free: false,
                    name: None,
                    tags: vec![]
                },
            ]
        );
    }

    #[test]
    fn mismatch_names_the_path_and_keeps_the_rest() {
        let (_, list, mismatch) = decode(
            r#"{"TotalCount":2,"ImageSet":[{"Size":1},{"Size":{"x":1},"Name":"kept"}],"Message":"ok"}"#,
        );
        let m = mismatch.unwrap();
        assert_eq!(m.path, "ImageSet[1].Size");
        assert_eq!(m.expected, "an integer");
        assert_eq!(m.found, "an object");
        assert_eq!(list.images[1].name.as_deref(), Some("kept"));
        assert_eq!(list.message.as_deref(), Some("ok"));
    }

    #[test]
    fn fractional_integer_is_a_mismatch() {
        let (_, _, m) = decode(r#"{"ImageSet":[{"Size":"1.5"}]}"#);
        assert_eq!(
            m.unwrap().to_string(),
            "ImageSet[0].Size: expected an integer, found \"1.5\""
        );
    }

    #[test]
    fn message_reaches_envelope_and_output() {
        let (env, list, _) =
            decode(r#"{"RetCode":230,"Message":"bad \"zone\" \u00e9\ud83d\ude00"}"#);
        assert_eq!(env.ret_code, Some(230));
        assert_eq!(env.message.as_deref(), Some("bad \"zone\" é😀"));
        assert_eq!(list.message, env.message);
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
                decode_response::<List>(body).is_err(),
                "{body:?} should be malformed"
            );
        }
    }

    #[test]
    fn deep_nesting_is_rejected_not_overflowed() {
        let deep = format!("{{\"x\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        let err = decode_response::<List>(&deep).unwrap_err();
        assert_eq!(err.reason, "nesting too deep");
        let deep_field = format!(
            "{{\"ImageSet\":{}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert_eq!(
            decode_response::<List>(&deep_field).unwrap_err().reason,
            "nesting too deep"
        );
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
        let (_, list, m) = decode(
            r#"{"a":{},"b":[],"c":{"k":[{},[],"s",1.5e3,true,false,null]},"d":"\"}","TotalCount":1}"#,
        );
        assert_eq!(m, None);
        assert_eq!(list.total, 1);
    }
}
