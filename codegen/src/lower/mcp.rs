//! Each action as an MCP tool: its input JSON Schema (types, required parameters, enum
//! values, docs as descriptions) and what the server needs to check and fill its arguments.

use serde_json::{Map, Value, json};

use super::{ActionModel, Model, RField, Ty};
use crate::ir::cli::{SecretIr, ToolIr};
use crate::spec::Scalar;

/// How deep parameter objects are written out in a schema (types may hold themselves).
const MAX_DEPTH: usize = 6;

pub(super) fn tool(m: &Model<'_>, a: &ActionModel<'_>) -> ToolIr {
    let read_only = a.idempotent && compshare_protocol::is_read(a.name);
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut common = Vec::new();
    let mut secrets = Vec::new();
    for f in &a.request {
        if f.sensitive {
            secrets.push(SecretIr {
                wire: f.wire.clone(),
                setter: crate::names::setter(&f.snake),
                variable: super::cli::secret_variable(&f.wire),
            });
            continue;
        }
        if let Some(setting) = f.setting {
            common.push(setting.setter().to_owned());
        }
        let mut schema = field_schema(m, f, &f.ty, 0);
        let default = a.cli.defaults.0.iter().find(|(w, _)| *w == f.wire);
        if let Some((_, d)) = default {
            // The server fills it in when the call leaves it out, as the command line does.
            schema["default"] = match d {
                Scalar::Str(s) => json!(s),
                Scalar::Int(i) => json!(i),
                Scalar::Float(x) => json!(x),
                Scalar::Bool(b) => json!(b),
            };
            describe(
                &mut schema,
                &format!("{} This server sends `{d}` when it is not given.", f.help),
            );
        }
        if f.setting.is_some() {
            describe(
                &mut schema,
                &format!("{} Defaults to the server's configuration.", f.help),
            );
        }
        properties.insert(f.wire.clone(), schema);
        // A required common parameter may come from the configuration instead, and one with
        // a default from the server.
        if f.required && f.setting.is_none() && default.is_none() {
            required.push(Value::String(f.wire.clone()));
        }
    }
    if !read_only {
        properties.insert(
            "confirm".to_owned(),
            json!({"type": "boolean", "description": "Send it. Without `confirm: true` nothing is sent: the answer is the request that would be sent (secrets masked) and, for a create with a price action, its quote."}),
        );
    }
    if a.paginate.is_some() {
        properties.insert(
            "all".to_owned(),
            json!({"type": "boolean", "description": "Page through the whole listing (up to max_items items), instead of one page."}),
        );
        properties.insert(
            "max_items".to_owned(),
            json!({"type": "integer", "minimum": 1, "maximum": 10000, "description": "With all: the most items returned (default 200, at most 10000); the answer says when the listing had more."}),
        );
    }
    let mut schema =
        json!({"type": "object", "properties": properties, "additionalProperties": false});
    if !required.is_empty() {
        schema["required"] = Value::Array(required);
    }
    ToolIr {
        schema: schema.to_string(),
        read_only,
        idempotent: a.idempotent,
        costs: a.cli.costs || a.cli.quote.is_some(),
        common,
        secrets,
    }
}

fn describe(schema: &mut Value, text: &str) {
    if !text.is_empty() {
        schema["description"] = Value::String(text.to_owned());
    }
}

fn field_schema(m: &Model<'_>, f: &RField, ty: &Ty, depth: usize) -> Value {
    let mut schema = type_schema(m, ty, depth);
    describe(&mut schema, &f.help);
    schema
}

fn type_schema(m: &Model<'_>, ty: &Ty, depth: usize) -> Value {
    match ty {
        Ty::Str => json!({"type": "string"}),
        Ty::Int => json!({"type": "integer"}),
        Ty::Float => json!({"type": "number"}),
        Ty::Bool => json!({"type": "boolean"}),
        Ty::List(inner) => json!({"type": "array", "items": type_schema(m, inner, depth + 1)}),
        // Never sent (responses only), so never in a request.
        Ty::Json | Ty::Map(_) => json!({}),
        Ty::Named(n) => {
            if let Some(variants) = m.enums.get(n.as_str()) {
                let values: Vec<Value> = variants
                    .iter()
                    .map(|v| Value::String(v.wire.clone()))
                    .collect();
                return json!({"type": "string", "enum": values});
            }
            let fields = m
                .structs
                .get(n.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            if depth >= MAX_DEPTH {
                return json!({"type": "object"});
            }
            let mut properties = Map::new();
            let mut required = Vec::new();
            for g in fields {
                properties.insert(g.wire.clone(), field_schema(m, g, &g.ty, depth + 1));
                if g.required {
                    required.push(Value::String(g.wire.clone()));
                }
            }
            let mut schema =
                json!({"type": "object", "properties": properties, "additionalProperties": false});
            if !required.is_empty() {
                schema["required"] = Value::Array(required);
            }
            schema
        }
    }
}
