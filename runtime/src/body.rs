//! How a request's parameters travel: as a form (almost every action), or as a JSON object
//! for the actions the API takes so (the spec says `body: json`).
//!
//! A JSON body carries every parameter as a string, except lists, which are arrays of their
//! elements' strings. It is signed as a form whose lists are one parameter each, named as the
//! list, whose value is its elements concatenated (the rule the official CLI signs
//! `GetCompShareInstanceMonitor` by). The generator lets only scalars and lists of scalars
//! into a JSON body, so a key with a dot in it is a list element.

use crate::form::{Entry, packed};

/// How a request is sent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Body {
    /// `application/x-www-form-urlencoded`: objects and lists flattened (`Disks.0.Size`).
    #[default]
    Form,
    /// `application/json`: scalars as strings, lists of scalars as arrays.
    Json,
}

impl Body {
    /// The `Content-Type` header.
    pub fn content_type(self) -> &'static str {
        match self {
            Body::Form => "application/x-www-form-urlencoded",
            Body::Json => "application/json",
        }
    }
}

/// One list parameter of a JSON body: its name and its elements.
pub(crate) type JsonList = (String, Vec<String>);

/// Folds the list elements of an encoded form (`Ids.0`, `Ids.1`, contiguous, as lists write
/// them) into one entry each, named as the list and valued as its elements concatenated; the
/// lists themselves are returned for the body.
pub(crate) fn fold_lists(text: &str, entries: &[Entry]) -> (String, Vec<Entry>, Vec<JsonList>) {
    let mut out = String::with_capacity(text.len());
    let mut folded: Vec<Entry> = Vec::with_capacity(entries.len());
    let mut lists: Vec<JsonList> = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let key = entries[i].key(text);
        let (name, items) = match key.split_once('.') {
            Some((name, _)) => {
                let mut items = Vec::new();
                while let Some(e) = entries.get(i) {
                    match e.key(text).split_once('.') {
                        Some((n, _)) if n == name => items.push(e.value(text).to_owned()),
                        _ => break,
                    }
                    i += 1;
                }
                (name, Some(items))
            }
            None => {
                i += 1;
                (key, None)
            }
        };
        let start = out.len();
        out.push_str(name);
        let split = out.len();
        match &items {
            Some(items) => items.iter().for_each(|item| out.push_str(item)),
            None => out.push_str(entries[i - 1].value(text)),
        }
        // The folded text is never longer than the form's, which fitted.
        if let Some(entry) = Entry::last(&out, start, split, packed(&[name.as_bytes()])) {
            folded.push(entry);
        }
        if let Some(items) = items {
            lists.push((name.to_owned(), items));
        }
    }
    (out, folded, lists)
}

/// A JSON object of `params`: each a string, except those named in `lists`, arrays.
pub(crate) fn json_object<'a>(
    params: impl Iterator<Item = (&'a str, &'a str)>,
    lists: &[JsonList],
) -> String {
    let mut out = String::from("{");
    for (i, (key, value)) in params.enumerate() {
        if i > 0 {
            out.push(',');
        }
        crate::form::json_string(&mut out, key);
        out.push(':');
        match lists.iter().find(|(name, _)| name == key) {
            Some((_, items)) => {
                out.push('[');
                for (j, item) in items.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    crate::form::json_string(&mut out, item);
                }
                out.push(']');
            }
            None => crate::form::json_string(&mut out, value),
        }
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{Common, Form};

    #[test]
    fn lists_fold_into_one_signed_parameter_and_a_json_array() {
        let common = Common::default();
        let mut form = Form::new(&common);
        form.text("Action", "GetCompShareInstanceMonitor");
        form.opt(
            "UHostIds",
            &Some(vec!["uhost-a".to_owned(), "uhost-b".to_owned()]),
        );
        form.text("Zone", "z\"1\n");
        let (text, entries) = form.done().unwrap();
        let (text, entries, lists) = fold_lists(&text, &entries);
        let pairs: Vec<(&str, &str)> = entries
            .iter()
            .map(|e| (e.key(&text), e.value(&text)))
            .collect();
        assert_eq!(
            pairs,
            [
                ("Action", "GetCompShareInstanceMonitor"),
                ("UHostIds", "uhost-auhost-b"),
                ("Zone", "z\"1\n"),
            ]
        );
        assert_eq!(
            json_object(pairs.into_iter(), &lists),
            r#"{"Action":"GetCompShareInstanceMonitor","UHostIds":["uhost-a","uhost-b"],"Zone":"z\"1\n"}"#
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        let mut out = String::new();
        crate::form::json_string(&mut out, "a\u{1}\\b\u{7f}é");
        assert_eq!(out, "\"a\\u0001\\\\b\u{7f}é\"");
    }
}
