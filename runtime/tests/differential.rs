//! The hand-written JSON reader against serde_json, the reference: strings unescape alike,
//! numbers parse alike, `RawJson` keeps the exact text, and a document is accepted exactly
//! when serde_json accepts it. (Lenient conversions go beyond JSON on purpose; they are tested
//! in `decode.rs`. Here only what JSON defines is compared.)

use compshare_runtime::__private::Reader;
use compshare_runtime::{Decode, RawJson};
use proptest::prelude::*;

/// A JSON string literal for `s`, each character written raw, as a short escape or as
/// `\u` escapes (surrogate pairs beyond the BMP), chosen by `styles`.
fn literal(s: &str, styles: &[u8]) -> String {
    let mut out = String::from("\"");
    for (i, c) in s.chars().enumerate() {
        let style = styles.get(i % styles.len().max(1)).copied().unwrap_or(0) % 3;
        let short = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            '/' if style == 1 => Some("\\/"),
            _ => None,
        };
        let must_escape = (c as u32) < 0x20 || c == '"' || c == '\\';
        match (style, short) {
            (1, Some(e)) => out.push_str(e),
            (2, _) | (_, None) if style == 2 || must_escape => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04X}"));
                }
            }
            (_, Some(e)) if must_escape => out.push_str(e),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON number token from its parts.
fn number() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop_oneof![Just("0".to_owned()), "[1-9][0-9]{0,22}"],
        prop::option::of("[0-9]{1,20}"),
        prop::option::of(("[eE]", "[+-]?", "[0-9]{1,3}")),
    )
        .prop_map(|(neg, int, frac, exp)| {
            let mut t = String::new();
            if neg {
                t.push('-');
            }
            t.push_str(&int);
            if let Some(f) = frac {
                t.push('.');
                t.push_str(&f);
            }
            if let Some((e, sign, digits)) = exp {
                t.push_str(&e);
                t.push_str(&sign);
                t.push_str(&digits);
            }
            t
        })
}

/// JSON text of any shape, with whitespace of any kind between tokens.
fn json_text() -> impl Strategy<Value = String> {
    let ws = "[ \t\n\r]{0,2}";
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        number(),
        (".{0,8}", prop::collection::vec(any::<u8>(), 1..4)).prop_map(|(s, st)| literal(&s, &st)),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec((inner.clone(), ws, ws), 0..5).prop_map(|items| {
                let parts: Vec<String> = items
                    .into_iter()
                    .map(|(v, a, b)| format!("{a}{v}{b}"))
                    .collect();
                format!("[{}]", parts.join(","))
            }),
            prop::collection::vec((".{0,6}", inner, ws), 0..5).prop_map(|members| {
                let parts: Vec<String> = members
                    .into_iter()
                    .map(|(k, v, w)| format!("{w}{}{w}:{w}{v}", literal(&k, &[0])))
                    .collect();
                format!("{{{}}}", parts.join(","))
            }),
        ]
    })
}

/// Whether the reader accepts `text` as one JSON document.
fn reader_accepts(text: &str) -> bool {
    let mut r = Reader::new(text);
    r.skip_value().is_ok() && r.finish().is_ok()
}

/// Whether serde_json accepts it, or `None` where it refuses for a reason of its own beyond
/// JSON's grammar (a number out of f64's range).
fn serde_accepts(text: &str) -> Option<bool> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(_) => Some(true),
        Err(e) if e.to_string().contains("number out of range") => None,
        Err(_) => Some(false),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn strings_unescape_as_serde_json_does(s in "\\PC{0,40}|.{0,40}", styles in prop::collection::vec(any::<u8>(), 1..8)) {
        let text = literal(&s, &styles);
        let theirs: String = serde_json::from_str(&text).unwrap();
        let mut r = Reader::new(&text);
        let ours = r.string().unwrap();
        prop_assert_eq!(ours.as_deref(), Some(theirs.as_str()), "{}", text);
        prop_assert_eq!(theirs, s);
    }

    #[test]
    fn numbers_parse_as_serde_json_does(t in number()) {
        if let Ok(theirs) = serde_json::from_str::<f64>(&t) {
            let ours = Reader::new(&t).float().unwrap();
            prop_assert_eq!(ours.map(f64::to_bits), Some(theirs.to_bits()), "{}", t);
        }
        if let Ok(theirs) = serde_json::from_str::<i64>(&t) {
            prop_assert_eq!(Reader::new(&t).int().unwrap(), Some(theirs), "{}", t);
        }
    }

    #[test]
    fn raw_json_keeps_the_exact_text(v in json_text(), lead in "[ \t\n]{0,3}", trail in "[ \t\n]{0,3}") {
        prop_assume!(serde_accepts(&v).is_some());
        let text = format!("{lead}{v}{trail}");
        let mut r = Reader::new(&text);
        let raw = RawJson::decode(&mut r).unwrap();
        if v == "null" {
            prop_assert!(raw.is_none());
        } else {
            let raw = raw.unwrap();
            prop_assert_eq!(raw.as_str(), v.as_str());
            let a: serde_json::Value = serde_json::from_str(raw.as_str()).unwrap();
            let b: serde_json::Value = serde_json::from_str(&v).unwrap();
            prop_assert_eq!(a, b);
        }
    }

    /// Valid documents, and documents with one character changed, inserted or removed: the
    /// reader and serde_json agree on every one.
    #[test]
    fn documents_are_accepted_exactly_when_serde_json_accepts_them(
        v in json_text(),
        edit in 0usize..3,
        at in any::<prop::sample::Index>(),
        c in prop::sample::select(vec!['"', '\\', ',', ':', '[', ']', '{', '}', '0', '1', '-', '.', 'e', 'n', 't', 'u', ' ', '\u{1}', 'x']),
    ) {
        let mut chars: Vec<char> = v.chars().collect();
        if !chars.is_empty() {
            let i = at.index(chars.len());
            match edit {
                0 => chars[i] = c,
                1 => chars.insert(i, c),
                _ => { chars.remove(i); }
            }
        }
        let text: String = chars.into_iter().collect();
        if let Some(theirs) = serde_accepts(&text) {
            prop_assert_eq!(reader_accepts(&text), theirs, "{:?}", text);
        }
        if let Some(theirs) = serde_accepts(&v) {
            prop_assert!(theirs);
            prop_assert!(reader_accepts(&v), "{:?}", v);
        }
    }
}

#[test]
fn what_serde_json_refuses_is_refused() {
    for text in [
        "01",
        "-01",
        "1.",
        ".5",
        "+1",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"a\u{1}b\"",
        "\"tab\there\"",
        "[1,]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "\u{feff}{}",
        "nul",
        "[1 2]",
    ] {
        assert_eq!(
            serde_accepts(text),
            Some(false),
            "serde_json accepts {text:?}"
        );
        assert!(!reader_accepts(text), "the reader accepts {text:?}");
    }
}
