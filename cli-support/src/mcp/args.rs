//! A tool call's arguments: their size, their shape against the tool's schema (at every
//! depth), the tool's own defaults filled in, and taken apart for the generated code.

use rmcp::model::JsonObject;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::ToolError;
use crate::quote::{Asked, Quote};

/// Arguments larger than this (as JSON) are refused: no action takes that much.
const MAX_ARGUMENT_BYTES: usize = 256 << 10;
/// Strings longer than this are refused.
const MAX_STRING_BYTES: usize = 16 << 10;
/// The most items `all: true` returns, whatever `max_items` asks.
const MAX_ITEMS: u64 = 10_000;
/// Items `all: true` returns when `max_items` is not given.
const DEFAULT_MAX_ITEMS: usize = 200;

/// A tool call's arguments, taken apart by the generated code.
#[derive(Debug)]
pub struct Args(JsonObject);

/// The common parameters a call gives, by setter.
#[derive(Debug, Default)]
pub struct CommonArgs {
    pub region: Option<String>,
    pub zone: Option<String>,
    pub project_id: Option<String>,
}

impl Args {
    /// Checks sizes: the whole, and every string in it.
    pub(super) fn new(map: JsonObject) -> Result<Args, ToolError> {
        let size = serde_json::to_string(&map).map_or(usize::MAX, |t| t.len());
        if size > MAX_ARGUMENT_BYTES {
            return Err(ToolError::invalid(format!(
                "the arguments are {size} bytes; at most {MAX_ARGUMENT_BYTES} are taken"
            )));
        }
        fn long_string(v: &Value) -> bool {
            match v {
                Value::String(s) => s.len() > MAX_STRING_BYTES,
                Value::Array(items) => items.iter().any(long_string),
                Value::Object(m) => m.values().any(long_string),
                _ => false,
            }
        }
        if let Some((k, _)) = map.iter().find(|(_, v)| long_string(v)) {
            return Err(ToolError::invalid(format!(
                "`{k}` holds a string over {MAX_STRING_BYTES} bytes"
            )));
        }
        Ok(Args(map))
    }

    /// A boolean argument of the tool's own (`confirm`, `all`), false when absent.
    pub fn flag(&mut self, key: &str) -> Result<bool, ToolError> {
        match self.0.remove(key) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(b),
            Some(other) => Err(ToolError::invalid(format!(
                "`{key}` is a boolean, not {other}"
            ))),
        }
    }

    /// `max_items`, for `all`.
    pub fn max_items(&mut self) -> Result<usize, ToolError> {
        match self.0.remove("max_items") {
            None | Some(Value::Null) => Ok(DEFAULT_MAX_ITEMS),
            Some(Value::Number(n)) => n
                .as_u64()
                .filter(|n| (1..=MAX_ITEMS).contains(n))
                .map(|n| n as usize)
                .ok_or_else(|| {
                    ToolError::invalid(format!(
                        "`max_items` is a whole number from 1 to {MAX_ITEMS}"
                    ))
                }),
            Some(other) => Err(ToolError::invalid(format!(
                "`max_items` is a number, not {other}"
            ))),
        }
    }

    /// Takes the common parameters the action takes (`region`, `zone`, `project_id`).
    pub fn common(&mut self, takes: &[&str]) -> Result<CommonArgs, ToolError> {
        let mut out = CommonArgs::default();
        for (wire, setter) in [
            ("Region", "region"),
            ("Zone", "zone"),
            ("ProjectId", "project_id"),
        ] {
            if !takes.contains(&setter) {
                continue;
            }
            let value = match self.0.remove(wire) {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s),
                Some(other) => {
                    return Err(ToolError::invalid(format!(
                        "`{wire}` is a string, not {other}"
                    )));
                }
            };
            match setter {
                "region" => out.region = value,
                "zone" => out.zone = value,
                _ => out.project_id = value,
            }
        }
        Ok(out)
    }

    /// What a quote prices: the billing mode, count and duration the arguments ask for
    /// (left in place); a count below one is refused before anything is sent.
    pub fn asked(&self, q: &Quote) -> Result<Asked, ToolError> {
        let wire = |p: &Option<crate::quote::Param>| p.as_ref().map(|p| p.wire);
        let int = |p| wire(p).map(|w| self.int(w)).transpose();
        let billing = wire(&q.billing)
            .and_then(|w| self.0.get(w))
            .and_then(Value::as_str)
            .map(str::to_owned);
        Asked::new(
            q,
            billing,
            int(&q.times)?.flatten(),
            int(&q.duration)?.flatten(),
        )
        .map_err(ToolError::invalid)
    }

    /// An int argument, left in place (a quote's multiplier).
    pub fn int(&self, key: &str) -> Result<Option<i64>, ToolError> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| ToolError::invalid(format!("`{key}` is a whole number, not {v}"))),
        }
    }

    /// The arguments mapped to another action's parameters: (its key, this key).
    pub fn remap(&self, pairs: &[(&str, &str)]) -> Args {
        let mut map = JsonObject::new();
        for (to, from) in pairs {
            if let Some(v) = self.0.get(*from) {
                map.insert((*to).to_owned(), v.clone());
            }
        }
        Args(map)
    }

    /// The request, by wire names (the arguments were checked against the tool's schema).
    pub fn request<R: DeserializeOwned>(self) -> Result<R, ToolError> {
        self.request_lenient()
    }

    /// The request, by wire names, other keys ignored (a quote reads a create's arguments).
    pub fn request_lenient<R: DeserializeOwned>(self) -> Result<R, ToolError> {
        serde_json::from_value(Value::Object(self.0))
            .map_err(|e| ToolError::invalid(format!("the arguments do not fit the schema: {e}")))
    }
}

/// Fills in the values the schema declares a `default` for (the tool's own defaults, such as
/// hourly billing), where the arguments leave them out: what is sent is what was shown.
pub(super) fn fill_defaults(schema: &Value, arguments: &mut Value) {
    let (Some(properties), Some(given)) =
        (schema["properties"].as_object(), arguments.as_object_mut())
    else {
        return;
    };
    for (key, property) in properties {
        if let Some(default) = property.get("default")
            && given.get(key).is_none_or(Value::is_null)
        {
            given.insert(key.clone(), default.clone());
        }
    }
}

/// Checks `value` against a generated input schema: types, required members and no unknown
/// ones, at every depth. (Enums are not checked: the API's are open.) Absent and null are the
/// same.
pub(super) fn check(schema: &Value, value: &Value, path: &str) -> Result<(), String> {
    let at = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    let shown = if path.is_empty() {
        "the arguments"
    } else {
        path
    };
    let fits = match schema.get("type").and_then(Value::as_str) {
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        _ => true,
    };
    if !fits {
        let want = schema["type"].as_str().unwrap_or("value");
        return Err(format!("`{shown}` is {}, not {want}", kind(value)));
    }
    match value {
        Value::Object(members) => {
            for key in schema["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if members.get(key).is_none_or(Value::is_null) {
                    return Err(format!("`{}` is required", at(key)));
                }
            }
            for (key, v) in members.iter().filter(|(_, v)| !v.is_null()) {
                match schema["properties"].get(key) {
                    Some(s) => check(s, v, &at(key))?,
                    None if schema["additionalProperties"] == Value::Bool(false) => {
                        return Err(format!("unknown argument `{}`", at(key)));
                    }
                    None => {}
                }
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check(
                    &schema["items"],
                    item,
                    &format!("{}[{i}]", if path.is_empty() { "" } else { path }),
                )?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "a whole number",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn arguments_are_checked_against_the_schema_at_every_depth() {
        let schema = json!({"type": "object", "additionalProperties": false, "required": ["CPU"], "properties": {
            "CPU": {"type": "integer"},
            "Disks": {"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["Size"], "properties": {"Size": {"type": "integer"}, "Type": {"type": "string"}}}},
        }});
        assert_eq!(
            check(&schema, &json!({"CPU": 1, "Disks": [{"Size": 1}]}), ""),
            Ok(())
        );
        assert_eq!(
            check(&schema, &json!({}), "").unwrap_err(),
            "`CPU` is required"
        );
        assert_eq!(
            check(&schema, &json!({"CPU": "1"}), "").unwrap_err(),
            "`CPU` is a string, not integer"
        );
        assert_eq!(
            check(
                &schema,
                &json!({"CPU": 1, "Disks": [{"Size": 1, "Typ": "x"}]}),
                ""
            )
            .unwrap_err(),
            "unknown argument `Disks[0].Typ`"
        );
        assert_eq!(
            check(&schema, &json!({"CPU": 1, "Disks": [{}]}), "").unwrap_err(),
            "`Disks[0].Size` is required"
        );
        assert_eq!(
            check(&schema, &json!({"CPU": 1.5}), "").unwrap_err(),
            "`CPU` is a number, not integer"
        );
    }
}
