//! A tool call's arguments: their size, and the tool's own (`confirm`, `all`, `max_items`)
//! and the common parameters taken out; the rest is the request (`mcp::tool`).

use compshare_runtime::Common;
use rmcp::model::JsonObject;
use serde_json::{Map, Value};

use super::ToolError;
use crate::def::Field;

/// Arguments larger than this (as JSON) are refused: no action takes that much.
const MAX_ARGUMENT_BYTES: usize = 256 << 10;
/// Strings longer than this are refused.
const MAX_STRING_BYTES: usize = 16 << 10;
/// The most items `all: true` returns, whatever `max_items` asks.
pub(super) const MAX_ITEMS: u64 = 10_000;
/// Items `all: true` returns when `max_items` is not given.
pub(super) const DEFAULT_MAX_ITEMS: usize = 200;

/// A tool call's arguments, taken apart by the tool's flow.
#[derive(Clone, Debug)]
pub struct Args(JsonObject);

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

    /// A text argument of a compact-mode tool, if given.
    pub(super) fn text(&mut self, key: &str) -> Result<Option<String>, ToolError> {
        match self.0.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(t)) => Ok(Some(t)),
            Some(other) => Err(ToolError::invalid(format!(
                "`{key}` is {}, not string",
                crate::request::kind(&other)
            ))),
        }
    }

    /// A count from 1 to `max`, if given.
    pub(super) fn count(&mut self, key: &str, max: u64) -> Result<Option<usize>, ToolError> {
        match self.0.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => match n.as_u64().filter(|n| (1..=max).contains(n)) {
                Some(n) => Ok(Some(usize::try_from(n).unwrap_or(usize::MAX))),
                None => Err(ToolError::invalid(format!(
                    "`{key}` is a whole number from 1 to {max}"
                ))),
            },
            Some(other) => Err(ToolError::invalid(format!(
                "`{key}` is {}, not integer",
                crate::request::kind(&other)
            ))),
        }
    }

    /// An object argument (`call_action`'s `arguments`): empty when absent.
    pub(super) fn object(&mut self, key: &str) -> Result<JsonObject, ToolError> {
        match self.0.remove(key) {
            None | Some(Value::Null) => Ok(JsonObject::new()),
            Some(Value::Object(map)) => Ok(map),
            Some(other) => Err(ToolError::invalid(format!(
                "`{key}` is {}, not object",
                crate::request::kind(&other)
            ))),
        }
    }

    /// Refuses arguments a compact-mode tool does not take.
    pub(super) fn none_left(&self) -> Result<(), ToolError> {
        match self.0.keys().next() {
            None => Ok(()),
            Some(k) => Err(ToolError::invalid(format!("unknown argument `{k}`"))),
        }
    }

    /// `confirm`: the token of the call's preview, if given.
    pub fn token(&mut self, key: &str) -> Result<Option<String>, ToolError> {
        match self.0.remove(key) {
            None | Some(Value::Null) | Some(Value::Bool(false)) => Ok(None),
            Some(Value::String(t)) if !t.trim().is_empty() => Ok(Some(t.trim().to_owned())),
            Some(other) => Err(ToolError::invalid(format!(
                "`{key}` takes the confirm_token of this call's preview (call it without `{key}` first), not {}",
                crate::request::kind(&other)
            ))),
        }
    }

    /// A boolean argument of the tool's own (`confirm`, `all`), false when absent.
    pub fn flag(&mut self, key: &str) -> Result<bool, ToolError> {
        match self.0.remove(key) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(b),
            Some(other) => Err(ToolError::invalid(format!(
                "`{key}` is {}, not boolean",
                crate::request::kind(&other)
            ))),
        }
    }

    /// A list of texts (one text is a list of one), empty when absent.
    pub(super) fn texts(&mut self, key: &str) -> Result<Vec<String>, ToolError> {
        let wrong = |v: &Value| {
            ToolError::invalid(format!(
                "`{key}` is {}, not array of strings",
                crate::request::kind(v)
            ))
        };
        match self.0.remove(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::String(t)) => Ok(vec![t]),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map(str::to_owned).ok_or_else(|| wrong(v)))
                .collect(),
            Some(other) => Err(wrong(&other)),
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
                "`max_items` is {}, not integer",
                crate::request::kind(&other)
            ))),
        }
    }

    /// Takes the common parameters the action takes (`Region`, `Zone`, `ProjectId`).
    pub(crate) fn common(&mut self, takes: &[Field]) -> Result<Common, ToolError> {
        let mut out = Common::default();
        for f in takes {
            let value = match self.0.remove(f.wire) {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s),
                Some(other) => {
                    return Err(ToolError::invalid(format!(
                        "`{}` is {}, not string",
                        f.wire,
                        crate::request::kind(&other)
                    )));
                }
            };
            match f.wire {
                "Region" => out.region = value,
                "Zone" => out.zone = value,
                "ProjectId" => out.project_id = value,
                _ => {}
            }
        }
        Ok(out)
    }

    /// Sets `key` (the flow's own: a confirmation's token and the values it fills in).
    pub(super) fn set(&mut self, key: &str, value: Value) {
        self.0.insert(key.to_owned(), value);
    }

    /// What is left: the request's parameters by wire names.
    pub(crate) fn into_map(self) -> Map<String, Value> {
        self.0
    }
}
