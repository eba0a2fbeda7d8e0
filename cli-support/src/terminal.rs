//! Text that reaches a person: what the API wrote (names, descriptions, messages) must never
//! act on the terminal that shows it. Every human-readable line goes through [`escape`];
//! JSON through [`json_safe`]; standard error through [`say`], which never fails.
//!
//! Escaped: C0 controls (newlines and tabs included: a line stays a line), DEL, C1
//! controls, and Unicode's format characters (bidi overrides and isolates, zero-width
//! characters, tags) and line and paragraph separators, which can reorder or hide what is
//! shown. They become `\x1b`-style escapes below U+0100, `\u{202e}` above.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;

/// Whether `c` could move the cursor, change the terminal, or hide or reorder text.
pub(crate) fn is_unsafe(c: char) -> bool {
    let n = c as u32;
    n < 0x20 || (0x7f..=0x9f).contains(&n) || is_format(n)
}

/// Unicode's format characters (general category Cf) and the line and paragraph separators.
fn is_format(n: u32) -> bool {
    matches!(n,
        0x00ad
        | 0x0600..=0x0605
        | 0x061c
        | 0x06dd
        | 0x070f
        | 0x0890..=0x0891
        | 0x08e2
        | 0x180e
        | 0x200b..=0x200f
        | 0x2028..=0x202e
        | 0x2060..=0x2064
        | 0x2066..=0x206f
        | 0xfeff
        | 0xfff9..=0xfffb
        | 0x110bd
        | 0x110cd
        | 0x13430..=0x1343f
        | 0x1bca0..=0x1bca3
        | 0x1d173..=0x1d17a
        | 0xe0001
        | 0xe0020..=0xe007f)
}

/// `text` as a terminal may show it: unsafe characters escaped, the rest as is.
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !is_unsafe(c) {
            out.push(c);
        } else if (c as u32) < 0x100 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

/// Text of many lines for a terminal: each line escaped, line ends (`\n`, `\r\n`) kept.
pub(crate) fn escape_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&escape(line.strip_suffix('\r').unwrap_or(line)));
    }
    out
}

/// JSON text with every unsafe character written as a `\u` escape: the same JSON value, but
/// one that cannot act on a terminal. (serde_json escapes C0 controls only.) They can occur
/// only inside strings, where `\u` escapes are always valid.
pub(crate) fn json_safe(json: String) -> String {
    if !json.chars().any(|c| is_unsafe(c) && c != '\n') {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        // Newlines outside strings are a pretty-printed document's own.
        if c == '\n' || !is_unsafe(c) {
            out.push(c);
            continue;
        }
        let mut units = [0u16; 2];
        for u in c.encode_utf16(&mut units) {
            let _ = write!(out, "\\u{u:04x}");
        }
    }
    out
}

/// Writes a line to standard error, escaped. A closed or failing standard error loses the
/// line: nothing a command prints there is worth failing (or panicking) for.
pub(crate) fn say(line: &str) {
    raw(&format!("{}\n", escape(line)));
}

/// Writes `text` to standard error as it is (the caller escaped what it took from
/// elsewhere), ignoring failures.
pub(crate) fn raw(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_format_characters_are_escaped() {
        assert_eq!(escape("plain 镜像 name"), "plain 镜像 name");
        assert_eq!(
            escape("a\x1b]0;title\x07b\rc\nd\x7f\u{9b}e"),
            "a\\x1b]0;title\\x07b\\x0dc\\x0ad\\x7f\\x9be"
        );
        assert_eq!(
            escape("x\u{202e}y\u{2066}z\u{200b}"),
            "x\\u{202e}y\\u{2066}z\\u{200b}"
        );
        assert_eq!(escape("\u{e0041}"), "\\u{e0041}");
        assert_eq!(escape_lines("a,b\r\nc\x1b,d\n"), "a,b\nc\\x1b,d\n");
    }

    #[test]
    fn json_keeps_its_value_and_loses_its_controls() {
        let value = serde_json::json!({"Name": "a\u{202e}b\u{9b}c\x7fd\u{e0041}", "n": 1});
        let text = json_safe(serde_json::to_string_pretty(&value).unwrap());
        assert!(!text.chars().any(|c| is_unsafe(c) && c != '\n'), "{text}");
        assert!(
            text.contains("\\u202e") && text.contains("\\udb40\\udc41"),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
