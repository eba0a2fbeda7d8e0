//! Keeping secrets out of text: which keys are sensitive, and masking their values wherever a
//! body, a parameter list or a URL is shown (errors, traces, `Debug`).
//!
//! A key is sensitive if the service's spec marks it (`ServiceInfo::sensitive`), or if its
//! name, ignoring case and the separators `_`, `-`, `.` and spaces, contains one of
//! [`SENSITIVE_WORDS`]. The rule is deliberately wide: a masked harmless value costs nothing,
//! a shown password cannot be taken back.

/// Words that make a key sensitive wherever they appear in its name.
pub const SENSITIVE_WORDS: [&str; 8] = [
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "privatekey",
    "secret",
    "token",
    "signature",
];

/// What a masked value is replaced with.
pub const MASK: &str = "***";

/// Whether values under `key` must never be shown. `marked` holds the wire names the spec
/// marks sensitive; a flattened key (`Disks.0.Password`) is judged by every segment.
pub fn is_sensitive_key(key: &str, marked: &[&str]) -> bool {
    if key
        .split('.')
        .any(|seg| marked.iter().any(|m| seg.eq_ignore_ascii_case(m)))
    {
        return true;
    }
    let mut folded = String::with_capacity(key.len());
    folded.extend(
        key.chars()
            .filter(|c| !matches!(c, '_' | '-' | '.' | ' '))
            .map(|c| c.to_ascii_lowercase()),
    );
    SENSITIVE_WORDS.iter().any(|w| folded.contains(w))
}

/// `text` with the value after every sensitive key replaced by [`MASK`]. Understands the
/// shapes secrets travel in: JSON (`"Password": "x"`), forms (`Password=x&`), headers and
/// YAML (`Password: x`) and XML (`<Password>x</Password>`). A value cut off by the end of
/// `text` is masked to the end.
pub fn mask_text(text: &str, marked: &[&str]) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0; // bytes of `text` already in `out`
    let mut i = 0;
    while i < b.len() {
        if !is_key_byte(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && is_key_byte(b[i]) {
            i += 1;
        }
        if !is_sensitive_key(&text[start..i], marked) {
            continue;
        }
        let Some(value) = value_after(b, i) else {
            continue;
        };
        out.push_str(&text[copied..value.start]);
        out.push_str(MASK);
        copied = value.end;
        i = value.end;
    }
    out.push_str(&text[copied..]);
    out
}

fn is_key_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.')
}

/// The byte range of the value that follows a key ending at `i`, if a separator follows it.
fn value_after(b: &[u8], mut i: usize) -> Option<std::ops::Range<usize>> {
    if matches!(b.get(i), Some(b'"' | b'\'')) {
        i += 1; // the key's closing quote
    }
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    let xml = match b.get(i) {
        Some(b':' | b'=') => false,
        Some(b'>') => true,
        _ => return None,
    };
    i += 1;
    while !xml && matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    match b.get(i) {
        Some(&q @ (b'"' | b'\'')) if !xml => {
            let start = i + 1;
            let mut j = start;
            while j < b.len() && b[j] != q {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            Some(start..j.min(b.len()))
        }
        _ => {
            let start = i;
            let mut j = start;
            while j < b.len() && !is_value_end(b[j], xml) {
                j += 1;
            }
            (j > start).then_some(start..j)
        }
    }
}

fn is_value_end(c: u8, xml: bool) -> bool {
    if xml {
        c == b'<'
    } else {
        matches!(c, b'&' | b',' | b';' | b'}' | b']' | b'<' | b'"' | b'\'')
            || c.is_ascii_whitespace()
    }
}

/// Every form in which a secret value sent with a request could come back in an answer's
/// text: as sent (a Base64-encoded password), decoded (the password itself), form-encoded
/// and JSON-escaped; longest first, so that a longer form is masked whole.
pub(crate) fn sent_forms<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    use base64::Engine;
    let mut forms = Vec::new();
    for v in values.filter(|v| !v.is_empty()) {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(v)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .filter(|d| !d.is_empty());
        // Base64 as sent, and, if it is Base64, without its padding (some answers drop it).
        let unpadded = decoded
            .as_ref()
            .map(|_| v.trim_end_matches('='))
            .filter(|u| u.len() >= MIN_CUT_SECRET && u.len() < v.len())
            .map(str::to_owned);
        for text in std::iter::once(v.to_owned()).chain(unpadded).chain(decoded) {
            let escaped = crate::form::form_escaped(&text);
            // Percent-escapes in lower case too, as some servers write them.
            forms.push(lower_escapes(&escaped));
            forms.push(escaped);
            forms.push(json_escaped(&text));
            forms.push(text);
        }
    }
    forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    forms.dedup();
    forms
}

/// The shortest start of a secret masked where an excerpt's end cuts it off.
const MIN_CUT_SECRET: usize = 4;

/// `text` with every occurrence of each of `forms` replaced by [`MASK`], and a start of one
/// (at least [`MIN_CUT_SECRET`] bytes) where `text` ends, or ends in `…`: an excerpt cut
/// off in the middle of a secret must not show its first half.
pub(crate) fn mask_values(text: &str, forms: &[String]) -> String {
    let mut out = text.to_owned();
    for form in forms {
        if out.contains(form.as_str()) {
            out = out.replace(form.as_str(), MASK);
        }
    }
    // An excerpt ends in `…`, a quoted one (a mismatch's `found`) in `…"`.
    let (body, cut) = match (out.strip_suffix("…\""), out.strip_suffix('…')) {
        (Some(body), _) => (body.to_owned(), "…\""),
        (None, Some(body)) => (body.to_owned(), "…"),
        (None, None) => (out.clone(), ""),
    };
    for form in forms {
        let longest = (MIN_CUT_SECRET..form.len())
            .rev()
            .filter(|n| form.is_char_boundary(*n))
            .find(|n| body.ends_with(&form[..*n]));
        if let Some(n) = longest {
            return format!("{}{MASK}{cut}", &body[..body.len() - n]);
        }
    }
    out
}

/// Percent-escapes (`%2B`) in lower case (`%2b`).
fn lower_escapes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut hex = 0;
    for c in s.chars() {
        if c == '%' {
            hex = 2;
            out.push(c);
        } else if hex > 0 {
            hex -= 1;
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn json_escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// `url` as text with its userinfo (a password, or a token written as the user) and the
/// values of query parameters named like secrets (`?token=`) replaced by [`MASK`].
pub fn mask_url(url: &reqwest::Url) -> String {
    mask_url_text(url.as_str())
}

/// A URL given as text, shown as written but safely, whether or not it parses: everything
/// between its scheme and its last `@` masked (a password or token may hide there, and may
/// hold `/`, `?` or `#`), and the values of query parameters named like secrets.
pub fn mask_url_text(text: &str) -> String {
    let (head, rest) = match text.rfind('@') {
        Some(at) => {
            let scheme = text
                .find("://")
                .filter(|&i| i + 3 <= at)
                .map_or("", |i| &text[..i + 3]);
            (format!("{scheme}{MASK}"), &text[at..])
        }
        None => (String::new(), text),
    };
    let rest = match rest.split_once('?') {
        Some((path, query)) => format!("{path}?{}", mask_text(query, &[])),
        None => rest.to_owned(),
    };
    format!("{head}{rest}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_keys_by_word_and_by_mark() {
        for key in [
            "Password",
            "password",
            "Disks.0.Password",
            "PRIVATE_KEY",
            "private-key",
            "PrivateKey",
            "client_secret",
            "X-Auth-Token",
            "Signature",
            "NewPasswd",
            "RootPwd",
            "KeyPassphrase",
        ] {
            assert!(is_sensitive_key(key, &[]), "{key}");
        }
        for key in ["PublicKey", "UHostId", "Name", "Tokyo"] {
            assert!(!is_sensitive_key(key, &[]), "{key}");
        }
        assert!(is_sensitive_key("Disks.0.LoginCode", &["LoginCode"]));
        assert!(is_sensitive_key("logincode", &["LoginCode"]));
    }

    #[test]
    fn masks_values_in_every_shape() {
        let cases = [
            (
                r#"{"RetCode":0,"Password":"aHVudGVyMg==","Name":"x"}"#,
                r#"{"RetCode":0,"Password":"***","Name":"x"}"#,
            ),
            (
                r#"{"password" : "a\"b", "n":1}"#,
                r#"{"password" : "***", "n":1}"#,
            ),
            (
                "Action=Create&Password=aGk%3D&Signature=abc123&Zone=z",
                "Action=Create&Password=***&Signature=***&Zone=z",
            ),
            ("private_key: sk-1 next", "private_key: *** next"),
            (
                "<Password>hunter2</Password><a>1</a>",
                "<Password>***</Password><a>1</a>",
            ),
            (r#"{"Token":12345}"#, r#"{"Token":***}"#),
            // Cut off by the end of an excerpt: masked to the end.
            (r#"{"Password":"aHVudGVy"#, r#"{"Password":"***"#),
            // No separator after the word: prose, left alone.
            ("password too weak", "password too weak"),
            ("no secrets here: 1", "no secrets here: 1"),
        ];
        for (text, masked) in cases {
            assert_eq!(mask_text(text, &[]), masked, "{text}");
        }
        assert_eq!(
            mask_text(r#"{"LoginCode":"1234"}"#, &["LoginCode"]),
            r#"{"LoginCode":"***"}"#
        );
    }

    #[test]
    fn values_that_are_not_base64_add_no_short_forms() {
        let forms = sent_forms(["ab=", "="].into_iter());
        assert_eq!(mask_values("about a table", &forms), "about a table");
    }

    #[test]
    fn secrets_just_sent_are_masked_in_their_forms_and_where_an_excerpt_cuts_them() {
        // "pw+/x=1" as sent, Base64: cHcrL3g9MQ==
        let forms = sent_forms(["cHcrL3g9MQ=="].into_iter());
        for (text, shown) in [
            ("bad: pw+/x=1.", "bad: ***."),
            ("bad: cHcrL3g9MQ", "bad: ***"),
            ("bad: pw%2b%2fx%3d1", "bad: ***"),
            ("bad: pw+\\/x=1", "bad: ***"),
            ("the body: {\"p\":\"pw+/x…", "the body: {\"p\":\"***…"),
            ("ends with cHcrL3", "ends with ***"),
            ("found \"pw+/x…\"", "found \"***…\""),
            ("no secret: pw", "no secret: pw"),
        ] {
            assert_eq!(mask_values(text, &forms), shown, "{text}");
        }
    }

    #[test]
    fn masks_the_password_of_a_url() {
        let url = reqwest::Url::parse("https://user:hunter2@proxy.example/api").unwrap();
        assert_eq!(mask_url(&url), "https://***@proxy.example/api");
        let url = reqwest::Url::parse("https://api.compshare.cn/").unwrap();
        assert_eq!(mask_url(&url), "https://api.compshare.cn/");
        let url = reqwest::Url::parse("https://api.example/?token=tok-123&x=1").unwrap();
        assert_eq!(mask_url(&url), "https://api.example/?token=***&x=1");
        assert_eq!(
            mask_url_text("http://user:pw-9@host:1/?access_token=tok-123"),
            "http://***@host:1/?access_token=***"
        );
        assert_eq!(mask_url_text("not a url"), "not a url");
        // A host named like a secret is a host, not a key.
        let url = "https://token.example.com:8443/x?y=1";
        assert_eq!(mask_url_text(url), url);
        assert_eq!(
            mask_url_text("me:pw-9@host/?token=t"),
            "***@host/?token=***"
        );
    }
}
