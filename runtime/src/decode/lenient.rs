//! The lenient scalar rules: what a string, integer, float or boolean may be read from (and,
//! for a strict reader, only its own JSON kind).

use std::borrow::Cow;

use super::{Malformed, Read, Reader};

impl<'a> Reader<'a> {
    /// Reads a string; numbers and booleans give their text.
    pub fn string(&mut self) -> Read<String> {
        match self.text()? {
            Some(text) => self.own(text).map(Some),
            None => Ok(None),
        }
    }

    /// The text of a REST answer's `error`: itself when it is text, its `message` when it is
    /// an object; `None` for anything else (skipped).
    pub(crate) fn error_text(&mut self) -> Read<String> {
        if self.peek()? == b'"' {
            return self.string();
        }
        let mut message = None;
        let object = self.object(|r, key| {
            if key == "message" {
                message = r.string()?;
                Ok(true)
            } else {
                Ok(false)
            }
        })?;
        if !object {
            self.skip_value()?;
        }
        Ok(message)
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
    pub(super) fn text(&mut self) -> Read<Cow<'a, str>> {
        Ok(Some(match self.peek()? {
            b'"' => self.string_token()?,
            b'-' | b'0'..=b'9' | b't' | b'f' if self.strict => return self.wrong_kind("a string"),
            b'-' | b'0'..=b'9' => Cow::Borrowed(self.number_token()?),
            b't' => self.literal("true").map(|()| Cow::Borrowed("true"))?,
            b'f' => self.literal("false").map(|()| Cow::Borrowed("false"))?,
            b'n' => return self.literal("null").map(|()| None),
            _ => return self.wrong_kind("a string"),
        }))
    }

    /// Reads the raw text of a scalar for numeric conversion: a number token or the trimmed
    /// content of a string, and where it starts. `Ok(None)` for null and empty strings.
    pub(super) fn numeric_text(
        &mut self,
        expected: &'static str,
    ) -> Result<Option<(Cow<'a, str>, usize)>, Malformed> {
        let at = self.value_position();
        match self.peek()? {
            b'-' | b'0'..=b'9' => Ok(Some((Cow::Borrowed(self.number_token()?), at))),
            b'"' if self.strict => self.wrong_kind(expected),
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
        // Strictly, an integer is written as one: `1.0` and `1e3` are numbers, not integers.
        let exact = !self.strict || text.bytes().all(|b| b == b'-' || b.is_ascii_digit());
        match integral(&text).filter(|_| exact) {
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
            _ if self.strict => return self.wrong_kind("a boolean"),
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
}

/// The value of a decimal number's text if it is a whole number that fits an `i64`, exactly:
/// no rounding through floating point (`1e-400` is not 0, `9223372036854775808` overflows).
pub(super) fn integral(text: &str) -> Option<i64> {
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
