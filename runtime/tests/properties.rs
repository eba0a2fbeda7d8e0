//! Property tests: form encoding round-trips, signatures ignore parameter order, integers
//! decode exactly however they are spelled, secrets are masked in any text, and the decoder
//! and the masking never panic, whatever they are given.

use std::collections::BTreeMap;

use compshare_runtime::__private::{Reader, Step};
use compshare_runtime::{Common, Decode, DecodeFields, Form, FormValue, signature, urlencode};
use proptest::prelude::*;

/// A parameter value of any shape the protocol sends.
#[derive(Clone, Debug, PartialEq)]
enum V {
    Str(String),
    Int(i64),
    Bool(bool),
    Float(f64),
    List(Vec<V>),
    Obj(Vec<(String, V)>),
}

impl FormValue for V {
    fn put(&self, form: &mut Form<'_>, name: &str) {
        match self {
            V::Str(s) => s.put(form, name),
            V::Int(i) => i.put(form, name),
            V::Bool(b) => b.put(form, name),
            V::Float(x) => x.put(form, name),
            V::List(items) => items.put(form, name),
            V::Obj(fields) => form.nested(name, |f| {
                for (k, v) in fields {
                    f.put(k, v);
                }
            }),
        }
    }
}

fn leaf() -> impl Strategy<Value = V> {
    prop_oneof![
        any::<String>().prop_map(V::Str),
        any::<i64>().prop_map(V::Int),
        any::<bool>().prop_map(V::Bool),
        prop::num::f64::NORMAL.prop_map(V::Float),
    ]
}

/// Field names are letters, so they never look like list indices.
fn name() -> impl Strategy<Value = String> {
    "[A-Z][A-Za-z]{0,6}"
}

fn value() -> impl Strategy<Value = V> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(V::List),
            prop::collection::btree_map(name(), inner, 1..4)
                .prop_map(|m| V::Obj(m.into_iter().collect())),
        ]
    })
}

/// Decodes an `application/x-www-form-urlencoded` body.
fn parse_body(body: &str) -> Vec<(String, String)> {
    fn unescape(s: &str) -> String {
        let b = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                    i += 2;
                }
                c => out.push(c),
            }
            i += 1;
        }
        String::from_utf8(out).unwrap()
    }
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            (unescape(k), unescape(v))
        })
        .collect()
}

/// The flat form a value should become, computed independently of `Form`.
fn flatten(prefix: &str, v: &V, out: &mut BTreeMap<String, String>) {
    match v {
        V::Str(s) => {
            out.insert(prefix.to_owned(), s.clone());
        }
        V::Int(i) => {
            out.insert(prefix.to_owned(), i.to_string());
        }
        V::Bool(b) => {
            out.insert(prefix.to_owned(), b.to_string());
        }
        V::Float(x) => {
            out.insert(prefix.to_owned(), format!("{x}"));
        }
        V::List(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten(&format!("{prefix}.{i}"), item, out);
            }
        }
        V::Obj(fields) => {
            for (k, item) in fields {
                flatten(&format!("{prefix}.{k}"), item, out);
            }
        }
    }
}

proptest! {
    #[test]
    fn form_encoding_round_trips(params in prop::collection::btree_map(name(), value(), 1..6)) {
        let common = Common::default();
        let mut form = Form::new(&common);
        for (k, v) in &params {
            form.put(k, v);
        }
        let flat = form.finish().unwrap();
        let parsed: BTreeMap<String, String> = parse_body(&urlencode(&flat)).into_iter().collect();
        let mut expected = BTreeMap::new();
        for (k, v) in &params {
            flatten(k, v, &mut expected);
        }
        prop_assert_eq!(&parsed, &expected);
        // Floats come back as the same number, and never in exponent notation.
        for (k, text) in &parsed {
            if let Some(V::Float(x)) = params.get(k) {
                prop_assert!(!text.contains(['e', 'E']), "{}", text);
                prop_assert_eq!(text.parse::<f64>().unwrap(), *x);
            }
        }
    }

    #[test]
    fn signature_ignores_parameter_order(
        params in prop::collection::btree_map("[A-Za-z0-9.]{1,12}", any::<String>(), 0..12),
        key in any::<String>(),
        seed in any::<u64>(),
    ) {
        let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let mut shuffled = pairs.clone();
        // A deterministic shuffle from the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let a = signature(pairs.iter().copied(), &key);
        prop_assert_eq!(&a, &signature(shuffled.iter().copied(), &key));
        prop_assert_eq!(a.len(), 40);
        // Adding a Signature parameter changes nothing.
        let mut with_sig = pairs.clone();
        with_sig.push(("Signature", "anything"));
        prop_assert_eq!(a, signature(with_sig, &key));
    }

    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        decode_anything(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn decoding_json_like_noise_never_panics(text in r#"[\[\]{}",:0-9a-zA-Z\\ .eE+\-nultrfu]{0,300}"#) {
        decode_anything(&text);
    }

    #[test]
    fn decoding_valid_json_of_any_shape_never_panics(v in json()) {
        decode_anything(&v);
    }

    /// Every spelling of a whole number decodes to it; adding a fraction makes it a mismatch.
    #[test]
    fn integers_decode_exactly_however_spelled(v in any::<i64>(), zeros in 0usize..30, shift in 0u32..5) {
        let scaled = (v as i128) * 10i128.pow(shift);
        let spellings = [
            format!("{v}"),
            format!("\"{v}\""),
            format!("{v}.{}", "0".repeat(zeros.max(1))),
            format!("\"{v}e0\""),
            format!("{scaled}e-{shift}"),
            format!("{v}{}e-{zeros}", "0".repeat(zeros)),
        ];
        for text in &spellings {
            let mut r = Reader::new(text);
            prop_assert_eq!(r.int().unwrap(), Some(v), "{}", text);
            prop_assert!(r.mismatch().is_none());
        }
        for text in [format!("{v}.5"), format!("{scaled}e-{}", shift + 1 + zeros as u32).replace("e-", "1e-")] {
            let mut r = Reader::new(&text);
            prop_assert_eq!(r.int().unwrap(), None, "{}", text);
            prop_assert!(r.mismatch().is_some(), "{}", text);
        }
    }

    /// A secret after a sensitive key never survives masking, whatever text surrounds it.
    #[test]
    fn secrets_are_masked_in_any_text(
        before in ".{0,40}",
        after in ".{0,40}",
        key in "(Password|password|PRIVATE_KEY|AccessToken|Signature|client-secret)",
        sep in r#"(=|: |":"|">|" : ")"#,
        secret in "[A-Za-z0-9+/]{12,24}",
    ) {
        let sep = if sep == ">" { ">".to_owned() } else { sep };
        let text = format!("{before} {key}{sep}{secret}&{after}");
        let masked = compshare_runtime::redact::mask_text(&text, &[]);
        prop_assert!(!masked.contains(&secret), "{} -> {}", text, masked);
    }

    #[test]
    fn masking_never_panics(text in ".{0,200}") {
        let _ = compshare_runtime::redact::mask_text(&text, &["Code"]);
    }
}

/// JSON text of any shape, with keys that collide with the test struct's fields.
fn json() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<i64>().prop_map(|i| i.to_string()),
        any::<f64>()
            .prop_filter("finite", |x| x.is_finite())
            .prop_map(|x| format!("{x:e}")),
        any::<String>().prop_map(|s| format!("{s:?}").replace("\\u{", "\\u").replace('}', "")),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("Total".to_owned()),
                        Just("items".to_owned()),
                        Just("NAME".to_owned()),
                        "[a-z]{1,4}"
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|v| format!(
                "{{{}}}",
                v.iter()
                    .map(|(k, v)| format!("{k:?}:{v}"))
                    .collect::<Vec<_>>()
                    .join(",")
            )),
        ]
    })
}

#[derive(Debug, Default)]
struct Item {
    name: Option<String>,
    total: i64,
    flag: Option<bool>,
    ratio: Option<f64>,
    items: Vec<Item>,
}

impl DecodeFields for Item {
    fn decode_field(&mut self, key: &str, r: &mut Reader<'_>) -> Step {
        match key {
            "name" => r.read_opt(&mut self.name),
            "total" => r.read(&mut self.total),
            "flag" => r.read_opt(&mut self.flag),
            "ratio" => r.read_opt(&mut self.ratio),
            "items" => r.read(&mut self.items),
            _ => Ok(false),
        }
    }
}

fn decode_anything(text: &str) {
    let mut r = Reader::new(text);
    if Item::decode(&mut r).is_ok() {
        let _ = r.finish();
    }
    let _ = r.mismatch();
}
