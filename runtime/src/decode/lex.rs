//! Lexing: whitespace, literals, strings and their escapes, numbers, and skipping whole
//! values without recursion.

use std::borrow::Cow;

use super::{MAX_DEPTH, Malformed, Reader};

impl<'a> Reader<'a> {
    pub(super) fn bytes(&self) -> &'a [u8] {
        self.src.as_bytes()
    }

    pub(super) fn skip_ws(&mut self) {
        let b = self.bytes();
        while let Some(c) = b.get(self.pos) {
            if matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    pub(super) fn peek(&mut self) -> Result<u8, Malformed> {
        self.skip_ws();
        self.bytes()
            .get(self.pos)
            .copied()
            .ok_or_else(|| self.malformed("unexpected end of input"))
    }

    pub(super) fn expect(&mut self, c: u8, reason: &'static str) -> Result<(), Malformed> {
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

    pub(super) fn literal(&mut self, word: &'static str) -> Result<(), Malformed> {
        if self.src[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.malformed("invalid literal"))
        }
    }

    /// Reads a JSON string (the reader is at its opening quote): borrowed when it has no
    /// escapes, else decoded in the same pass that checks it.
    pub(super) fn string_token(&mut self) -> Result<Cow<'a, str>, Malformed> {
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
    pub(super) fn string_span(&mut self) -> Result<(usize, usize, bool), Malformed> {
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
    pub(super) fn escape(&mut self) -> Result<char, Malformed> {
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
    pub(super) fn hex_unit(&self, at: usize) -> Result<u32, Malformed> {
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

    pub(super) fn number_token(&mut self) -> Result<&'a str, Malformed> {
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
    pub(super) fn skip_key(&mut self) -> Result<(), Malformed> {
        if self.peek()? != b'"' {
            return Err(self.malformed("expected an object key"));
        }
        self.string_span()?;
        self.expect(b':', "expected ':' after an object key")
    }

    pub(super) fn kind_at(&mut self) -> Result<&'static str, Malformed> {
        Ok(match self.peek()? {
            b'{' => "an object",
            b'[' => "an array",
            b'"' => "a string",
            b't' | b'f' => "a boolean",
            b'n' => "null",
            _ => "a number",
        })
    }
}

/// The length of the plain run at the start of `b`, the content of a JSON string: up to the
/// first `"`, `\\` or control character (below 0x20), or all of `b`. Strings are most of a
/// response, so this looks at eight bytes at a time: in each word, the lowest byte flagged by
/// the classic "has a zero byte" tests below is exactly the first one that matches.
pub(super) fn plain_run(b: &[u8]) -> usize {
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
