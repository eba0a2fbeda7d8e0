//! Samples for the generated serde round-trip test: real-shaped responses (every field set,
//! numbers and booleans as strings the way the live API often sends them) and requests (every
//! parameter set, as serde writes them).

use std::collections::BTreeMap;

use super::{Model, RField, Ty};

/// How deep samples nest before lists are left empty (types may hold themselves in lists).
const MAX_DEPTH: usize = 4;

/// Which sample: a drifted response as the API sends it, or a request as serde writes it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    Response,
    Request,
}

impl Model<'_> {
    /// A JSON object with every field of `fields` (and `RetCode` 0 for a response).
    pub(super) fn sample(&self, shape: Shape, fields: &[&RField]) -> String {
        let structs = &self.structs;
        let mut out = String::from(if shape == Shape::Response {
            "{\"RetCode\":0"
        } else {
            "{"
        });
        for (i, f) in fields.iter().enumerate() {
            if i > 0 || shape == Shape::Response {
                out.push(',');
            }
            self.sample_member(shape, f, structs, 0, &mut out);
        }
        out.push('}');
        out
    }

    fn sample_member(
        &self,
        shape: Shape,
        f: &RField,
        structs: &BTreeMap<&str, Vec<RField>>,
        depth: usize,
        out: &mut String,
    ) {
        json_string(&f.wire, out);
        out.push(':');
        self.sample_value(shape, f, &f.ty, structs, depth, out);
    }

    fn sample_value(
        &self,
        shape: Shape,
        f: &RField,
        ty: &Ty,
        structs: &BTreeMap<&str, Vec<RField>>,
        depth: usize,
        out: &mut String,
    ) {
        let drifted = shape == Shape::Response;
        match ty {
            Ty::Str if f.sensitive => out.push_str("\"***\""),
            Ty::Str => json_string(&format!("r-{}", f.wire), out),
            Ty::Int if drifted => out.push_str("\"7\""),
            Ty::Int => out.push('7'),
            Ty::Float => out.push_str("2.5"),
            Ty::Bool if drifted => out.push_str("\"true\""),
            Ty::Bool => out.push_str("true"),
            Ty::Json => out.push_str("{\"k\":[1,\"v\"]}"),
            Ty::List(_) if depth >= MAX_DEPTH => out.push_str("[]"),
            Ty::Map(_) if depth >= MAX_DEPTH => out.push_str("{}"),
            Ty::Map(inner) => {
                out.push_str("{\"k-1\":");
                self.sample_value(shape, f, inner, structs, depth + 1, out);
                out.push('}');
            }
            Ty::List(inner) => {
                out.push('[');
                self.sample_value(shape, f, inner, structs, depth + 1, out);
                out.push(']');
            }
            Ty::Named(n) => match structs.get(n.as_str()) {
                Some(fields) => {
                    out.push('{');
                    for (i, g) in fields.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        self.sample_member(shape, g, structs, depth + 1, out);
                    }
                    out.push('}');
                }
                None => {
                    let first = self.enums.get(n.as_str()).and_then(|v| v.first());
                    json_string(first.map_or("", |v| v.wire.as_str()), out);
                }
            },
        }
    }
}

/// `s` as a JSON string literal.
fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}
