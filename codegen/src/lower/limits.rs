//! The limits of request values (`items`, `length`, `range`, `sum`, `requires`, `refuses`):
//! checked against the field's type here, written into the encoder as checks that run before
//! anything is sent, and told in the field's doc.

use compshare_protocol::Span;

use super::{RField, Section, Ty};
use crate::ir::{CheckIr, SpanIr};
use crate::spec::LimitsDef;

/// A field's limits, parsed.
#[derive(Clone, Debug, Default)]
pub(super) struct RLimits {
    items: Option<Span>,
    length: Option<Span>,
    range: Vec<Span>,
    sum: Option<Span>,
    requires: Vec<String>,
    refuses: Vec<String>,
}

fn is_number(t: &Ty) -> bool {
    matches!(t, Ty::Int | Ty::Float)
}

fn whole(spans: &[Span]) -> bool {
    spans
        .iter()
        .flat_map(|s| [s.min, s.max])
        .flatten()
        .all(|n| n >= 0.0 && n.fract() == 0.0)
}

/// The field's limits, or what is wrong with them for its section and type.
pub(super) fn lower(
    def: &LimitsDef,
    section: Section,
    ty: Option<&Ty>,
    secret: bool,
) -> (RLimits, Vec<String>) {
    let mut problems = Vec::new();
    let any = def.items.is_some()
        || def.length.is_some()
        || def.range.is_some()
        || def.sum.is_some()
        || !def.requires.is_empty()
        || !def.refuses.is_empty();
    if !any {
        return (RLimits::default(), problems);
    }
    if section == Section::Response {
        problems.push(
            "limits (`items`, `length`, `range`, `sum`, `requires`, `refuses`) apply to what is sent, not to response fields".to_owned(),
        );
        return (RLimits::default(), problems);
    }
    if secret {
        problems.push("a secret's limits are not checked: drop them".to_owned());
    }
    let Some(ty) = ty else {
        return (RLimits::default(), problems);
    };
    let element = match ty {
        Ty::List(t) => Some(&**t),
        _ => None,
    };
    let mut parse = |key: &str, text: &Option<String>, fits: bool, what: &str| {
        let text = text.as_ref()?;
        let spans = match Span::parse_any(text) {
            Ok(spans) => spans,
            Err(why) => {
                problems.push(format!("`{key}`: {why}"));
                return None;
            }
        };
        if !fits {
            problems.push(format!("`{key}` applies to {what} only"));
            return None;
        }
        if key != "range" && spans.len() > 1 {
            problems.push(format!(
                "`{key}` takes one span; only `range` takes several (`|`)"
            ));
            return None;
        }
        if matches!(key, "items" | "length") && !whole(&spans) {
            problems.push(format!(
                "`{key}` counts: its bounds are whole numbers, 0 or more"
            ));
            return None;
        }
        Some(spans)
    };
    let limits = RLimits {
        items: parse("items", &def.items, element.is_some(), "lists").map(|s| s[0]),
        length: parse(
            "length",
            &def.length,
            *ty == Ty::Str || element == Some(&Ty::Str),
            "text and lists of text",
        )
        .map(|s| s[0]),
        range: parse(
            "range",
            &def.range,
            is_number(ty) || element.is_some_and(is_number),
            "numbers and lists of numbers",
        )
        .unwrap_or_default(),
        sum: parse(
            "sum",
            &def.sum,
            element.is_some_and(is_number),
            "lists of numbers",
        )
        .map(|s| s[0]),
        requires: def.requires.clone(),
        refuses: def.refuses.clone(),
    };
    if limits.items.is_some_and(|s| s.max.is_some_and(|m| m < 1.0)) {
        problems.push("`items` would refuse every list: let it hold 1 or more".to_owned());
    }
    (limits, problems)
}

/// What is wrong with the fields' `requires` and `refuses`: each names another field of
/// the same object.
pub(super) fn sibling_problems(fields: &[RField]) -> Vec<String> {
    let mut problems = Vec::new();
    for f in fields {
        for (key, names) in [
            ("requires", &f.limits.requires),
            ("refuses", &f.limits.refuses),
        ] {
            for other in names {
                if *other == f.wire {
                    problems.push(format!("`{}` {key} itself", f.wire));
                } else if !fields
                    .iter()
                    .any(|s| s.wire == *other && s.setting.is_none())
                {
                    problems.push(format!(
                        "`{}` {key} `{other}`, which is not a field beside it",
                        f.wire
                    ));
                }
            }
        }
        if let Some(both) = f
            .limits
            .requires
            .iter()
            .find(|r| f.limits.refuses.contains(r))
        {
            problems.push(format!("`{}` both requires and refuses `{both}`", f.wire));
        }
    }
    problems
}

/// The Rust expression of whether `f` is given: set, and for a flag true. `always` is for a
/// required field of an object (no `Option`).
fn given(f: &RField, always: bool) -> String {
    match (always, &f.ty) {
        (true, Ty::Bool) => format!("self.{}", f.ident),
        (true, _) => "true".to_owned(),
        (false, Ty::Bool) => format!("self.{} == Some(true)", f.ident),
        (false, _) => format!("self.{}.is_some()", f.ident),
    }
}

/// The encoder's checks of `f`, among `siblings`; `in_object`: a field of a request object,
/// whose required fields hold their value (no `Option`).
pub(super) fn checks(f: &RField, siblings: &[RField], in_object: bool) -> Vec<CheckIr> {
    let always = |f: &RField| in_object && f.required;
    let value = if always(f) {
        format!("Some(&self.{})", f.ident)
    } else {
        format!("self.{}.as_ref()", f.ident)
    };
    let l = &f.limits;
    let span = |s: &Span| SpanIr {
        min: s.min.map(float),
        above: s.above,
        max: s.max.map(float),
    };
    let mut out = Vec::new();
    let mut limit = |method: &'static str, spans: Vec<SpanIr>| {
        out.push(CheckIr {
            method,
            value: value.clone(),
            spans,
            other: None,
            given: String::new(),
            other_given: String::new(),
        })
    };
    if let Some(s) = &l.items {
        limit("items", vec![span(s)]);
    }
    if let Some(s) = &l.length {
        limit("length", vec![span(s)]);
    }
    if !l.range.is_empty() {
        limit("range", l.range.iter().map(span).collect());
    }
    if let Some(s) = &l.sum {
        limit("sum", vec![span(s)]);
    }
    for (method, names) in [("requires", &l.requires), ("refuses", &l.refuses)] {
        for other in names {
            let Some(o) = siblings.iter().find(|s| s.wire == *other) else {
                continue;
            };
            out.push(CheckIr {
                method,
                value: value.clone(),
                spans: Vec::new(),
                other: Some(other.clone()),
                given: given(f, always(f)),
                other_given: given(o, always(o)),
            });
        }
    }
    out
}

/// A Rust `f64` literal.
fn float(n: f64) -> String {
    let text = n.to_string();
    if text.contains(['.', 'e']) {
        text
    } else {
        format!("{text}.0")
    }
}

impl RLimits {
    /// What is taken, e.g. `1 to 100; only with `mode``, or none.
    pub(super) fn takes(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(s) = &self.items {
            parts.push(format!("{s} items"));
        }
        if let Some(s) = &self.length {
            parts.push(format!("{s} characters"));
        }
        if !self.range.is_empty() {
            parts.push(Span::any_of(&self.range));
        }
        if let Some(s) = &self.sum {
            parts.push(format!("adding up to {s}"));
        }
        let names = |n: &[String]| {
            n.iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        };
        if !self.requires.is_empty() {
            parts.push(format!("only with {}", names(&self.requires)));
        }
        if !self.refuses.is_empty() {
            parts.push(format!("not with {}", names(&self.refuses)));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}
