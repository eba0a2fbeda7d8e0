//! `--output yaml`: a JSON value in YAML's block style. Strings are plain only when no YAML
//! reader could take them for anything else (a number, a boolean, a date, null, syntax);
//! every other one is double-quoted with JSON's escapes, which YAML's double quotes share.

use std::fmt::Write;

use serde_json::Value;

/// `value` as a YAML document (no `---`), ending with a newline.
pub(crate) fn document(value: &Value) -> String {
    let mut out = String::new();
    if is_block(value) {
        block(&mut out, value, 0);
    } else {
        out.push_str(&scalar(value));
        out.push('\n');
    }
    out
}

/// `value` as one element of a sequence at the top level (`- ...`): the items of a listing
/// streamed one by one make one YAML sequence.
pub(crate) fn item(value: &Value) -> String {
    let mut out = String::from("-");
    after_dash(&mut out, value, 0);
    out
}

/// A non-empty object or array: written as a block of lines.
fn is_block(value: &Value) -> bool {
    match value {
        Value::Object(map) => !map.is_empty(),
        Value::Array(items) => !items.is_empty(),
        _ => false,
    }
}

/// The lines of a block value, each indented by `indent`.
fn block(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                pad(out, indent);
                out.push_str(&string(key));
                out.push(':');
                if is_block(v) {
                    out.push('\n');
                    block(out, v, indent + 2);
                } else {
                    out.push(' ');
                    out.push_str(&scalar(v));
                    out.push('\n');
                }
            }
        }
        Value::Array(items) => {
            for v in items {
                pad(out, indent);
                out.push('-');
                after_dash(out, v, indent);
            }
        }
        other => {
            pad(out, indent);
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

/// What follows a sequence's `-`: a block's first line on the same line, the rest under it.
fn after_dash(out: &mut String, value: &Value, indent: usize) {
    if is_block(value) {
        let mut inner = String::new();
        block(&mut inner, value, indent + 2);
        out.push(' ');
        out.push_str(&inner[indent + 2..]);
    } else {
        out.push(' ');
        out.push_str(&scalar(value));
        out.push('\n');
    }
}

fn pad(out: &mut String, indent: usize) {
    let _ = write!(out, "{:indent$}", "");
}

/// A value written on one line: an empty container in flow style, or a scalar.
fn scalar(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string(s),
        Value::Array(_) => "[]".to_owned(),
        Value::Object(_) => "{}".to_owned(),
    }
}

/// A string, plain when that is unambiguous, else double-quoted.
fn string(s: &str) -> String {
    if plain(s) {
        s.to_owned()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

/// Whether `s` reads back as this string when written plain: letters, digits and `_-./@`
/// only, starting with a letter, `_` or `/`, and not a word YAML gives a meaning.
fn plain(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "nan", "inf",
    ];
    let Some(first) = s.chars().next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_' || first == '/')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./@".contains(c))
        && !WORDS.contains(&s.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_values_read_back_as_they_were() {
        let value = json!({
            "UHostSet": [
                {"UHostId": "uhost-1", "GPU": 1, "GpuType": "4090", "Tags": [], "Labels": {}},
                {"Name": "a: b # c", "State": "Running", "Ok": true, "None": null,
                 "Nested": [[1, 2], [], [{"k": "v"}]], "Price": 1.5, "Yes": "yes",
                 "Date": "2026-12-07", "Lines": "one\ntwo", "Empty": "", "Dash": "-x",
                 "Quote": "\"'", "Unicode": "显卡 ☃", "Space": " padded "}
            ],
            "TotalCount": 2,
            "key with: colon": "x"
        });
        let text = document(&value);
        let back: Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(back, value, "{text}");
        for v in [
            json!([]),
            json!({}),
            json!("4090"),
            json!(null),
            json!([["a"]]),
        ] {
            let text = document(&v);
            let back: Value = serde_yaml::from_str(&text).unwrap();
            assert_eq!(back, v, "{text}");
        }
    }

    #[test]
    fn items_streamed_one_by_one_make_one_sequence() {
        let items = [
            json!({"UHostId": "uhost-1", "IPs": ["10.0.0.1"]}),
            json!("x"),
            json!([]),
        ];
        let text: String = items.iter().map(item).collect();
        let back: Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(back, Value::Array(items.to_vec()), "{text}");
    }

    #[test]
    fn strings_a_reader_would_take_for_something_else_are_quoted() {
        for s in [
            "4090", "true", "No", "null", "1e3", "-1", "~", "", "a: b", "#x", "@x",
        ] {
            assert!(string(s).starts_with('"'), "{s}");
        }
        for s in ["uhost-1", "Running", "cn-wlcb-01", "/dev/vdb", "a.b_c"] {
            assert_eq!(string(s), s);
        }
    }
}
