//! A tool's input JSON Schema, derived from its action's table: the parameters by wire name
//! (common ones included, secrets not), `confirm` for writes, `wait` for those with a
//! waiter, `all` and `max_items` for listings. Enums are open: their known values are
//! examples, never the only ones taken.
//!
//! What every tool shares is said once, in the server's instructions, not in each schema:
//! what the common parameters (Region, Zone, ProjectId) and the tool's own arguments mean, that limits
//! are checked before sending, and that unknown arguments are refused (naming those taken),
//! so no `additionalProperties` is written.

use rmcp::model::JsonObject;
use serde_json::{Map, Value, json};

use crate::def::{Def, Field, Kind};

/// How deep parameter objects are written out (types may hold themselves).
const MAX_DEPTH: usize = 6;

/// The input schema of `def`'s tool.
pub(super) fn input(def: &Def) -> JsonObject {
    let mut properties = Map::new();
    let mut required = Vec::new();
    // Described once, in the server's instructions: they default to its configuration.
    for f in def.common {
        properties.insert(f.wire.to_owned(), kind(f.kind, 0));
    }
    for f in def
        .fields
        .iter()
        .filter(|f| !matches!(f.kind, Kind::Secret { .. }))
    {
        let schema = field(f, 0);
        properties.insert(f.wire.to_owned(), schema);
        if f.required {
            required.push(Value::String(f.wire.to_owned()));
        }
    }
    // The tool's own arguments are described once, in the server's instructions.
    if def.writes() {
        properties.insert("confirm".to_owned(), json!({"type": "string"}));
    }
    if def.wait.is_some() {
        properties.insert("wait".to_owned(), json!({"type": "boolean"}));
    }
    if def.pages.is_some() {
        properties.insert("all".to_owned(), json!({"type": "boolean"}));
        properties.insert(
            "max_items".to_owned(),
            json!({"type": "integer", "minimum": 1, "maximum": super::args::MAX_ITEMS}),
        );
    }
    let mut schema = JsonObject::new();
    schema.insert("type".to_owned(), json!("object"));
    schema.insert("properties".to_owned(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".to_owned(), Value::Array(required));
    }
    schema
}

/// One parameter: its value's schema (an array of them for a list), described.
fn field(f: &Field, depth: usize) -> Value {
    let one = kind(f.kind, depth);
    let mut schema = if f.many {
        json!({"type": "array", "items": one})
    } else {
        one
    };
    // One sentence: the schema itself says whether it is required, its values and default.
    describe(&mut schema, f.brief);
    if let Some(value) = default_of(f) {
        schema["default"] = value;
    }
    schema
}

/// What is used when `f` is not given: this server's default (it fills it in, as the
/// command line does), else the one the API assumes.
fn default_of(f: &Field) -> Option<Value> {
    match (f.default, f.api_default) {
        (Some(_), _) => crate::request::default_of(f),
        // A list's default as the spec writes it is prose for people.
        (None, Some(text)) if !f.many => crate::request::read(f.kind, text).ok(),
        _ => None,
    }
}

fn kind(k: Kind, depth: usize) -> Value {
    match k {
        Kind::Text | Kind::Secret { .. } => json!({"type": "string"}),
        Kind::Int => json!({"type": "integer"}),
        Kind::Size(unit) => {
            json!({"type": "integer", "description": format!("In {}.", unit.name())})
        }
        Kind::Float => json!({"type": "number"}),
        Kind::Bool => json!({"type": "boolean"}),
        Kind::Enum(values) => json!({"type": "string", "examples": values}),
        Kind::Object(_) if depth >= MAX_DEPTH => json!({"type": "object"}),
        Kind::Object(fields) => {
            let properties: Map<String, Value> = fields
                .iter()
                .map(|f| (f.wire.to_owned(), field(f, depth + 1)))
                .collect();
            let required: Vec<&str> = fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.wire)
                .collect();
            let mut schema = json!({"type": "object", "properties": properties});
            if !required.is_empty() {
                schema["required"] = json!(required);
            }
            schema
        }
    }
}

fn describe(schema: &mut Value, text: &str) {
    if !text.is_empty() {
        schema["description"] = Value::String(text.to_owned());
    }
}
