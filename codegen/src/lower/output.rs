//! A tool's output JSON Schema (MCP's `outputSchema`), from the action's response type: the
//! shapes of its structured answers (sent, previewed, paged), fields by wire name. Nothing is
//! required (a field the service did not send is left out of the answer), members the spec
//! does not name are allowed (the API adds some), enums are strings (they are open), and
//! named types are shared definitions (`$defs`), written once however often they appear.
//! `properties` says an object and `items` an array, so neither repeats it with a `type`:
//! the whole list of tools is what an agent carries.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::{ActionModel, Model, RField, Ty};

/// How deep named types are written out; deeper ones are any object.
const MAX_DEPTH: usize = 8;

/// The output schema of `a`'s tool, as JSON text.
pub(super) fn output_schema(m: &Model<'_>, a: &ActionModel<'_>) -> String {
    let mut defs = BTreeMap::new();
    let output = if a.answers_file {
        json!({"type": "object"})
    } else {
        object(m, &a.response, &mut defs, 0)
    };
    // The answer's other members (`sent`, a preview's `request` and `quote`, a listing's
    // `count` ...) are the server's own, the same for every tool: described once, in its
    // instructions, and allowed here as members not named.
    let mut properties = Map::new();
    properties.insert("output".to_owned(), output);
    if let Some(p) = &a.paginate {
        let item = a
            .response
            .iter()
            .find(|f| f.wire == p.items)
            .map(|f| match &f.ty {
                Ty::List(elem) => of(m, elem, &mut defs, 0),
                _ => json!({}),
            })
            .unwrap_or_else(|| json!({}));
        properties.insert("items".to_owned(), json!({"items": item}));
    }
    let mut schema = Map::new();
    schema.insert("type".to_owned(), json!("object"));
    schema.insert("properties".to_owned(), Value::Object(properties));
    if !defs.is_empty() {
        let defs: Map<String, Value> = defs.into_iter().collect();
        schema.insert("$defs".to_owned(), Value::Object(defs));
    }
    Value::Object(schema).to_string()
}

/// An object of `fields`, by wire name.
fn object(
    m: &Model<'_>,
    fields: &[RField],
    defs: &mut BTreeMap<String, Value>,
    depth: usize,
) -> Value {
    let properties: Map<String, Value> = fields
        .iter()
        .map(|f| (f.wire.clone(), of(m, &f.ty, defs, depth)))
        .collect();
    json!({"properties": properties})
}

/// A value of `ty`.
fn of(m: &Model<'_>, ty: &Ty, defs: &mut BTreeMap<String, Value>, depth: usize) -> Value {
    match ty {
        Ty::Str => json!({"type": "string"}),
        Ty::Int => json!({"type": "integer"}),
        Ty::Float => json!({"type": "number"}),
        Ty::Bool => json!({"type": "boolean"}),
        Ty::Json => json!({}),
        Ty::List(elem) => json!({"items": of(m, elem, defs, depth)}),
        Ty::Map(value) => {
            json!({"type": "object", "additionalProperties": of(m, value, defs, depth)})
        }
        Ty::Named(name) => match m.structs.get(name.as_str()) {
            Some(_) if depth >= MAX_DEPTH => json!({"type": "object"}),
            Some(fields) => {
                if !defs.contains_key(name) {
                    // Held first, so that a type holding itself refers to its definition.
                    defs.insert(name.clone(), json!({}));
                    let schema = object(m, fields, defs, depth + 1);
                    defs.insert(name.clone(), schema);
                }
                json!({"$ref": format!("#/$defs/{name}")})
            }
            // An enum: open, so any string.
            None => json!({"type": "string"}),
        },
    }
}
