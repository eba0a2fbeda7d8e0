//! `mcp --compact`: three tools in place of one per action, for agents that carry many
//! servers: `search_actions` finds actions by words, `describe_action` gives one action's
//! tool (its description, input and output schemas, annotations), and `call_action` calls
//! it with the same flow as its own tool: the same checks, previews, confirm tokens, quotes,
//! price limit and `--allow-writes` gate.

use std::collections::BTreeMap;
use std::sync::Arc;

use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use serde_json::{Value, json};

use super::{Args, Reply, ToolError};
use crate::def::Def;

/// Results `search_actions` gives unless asked for fewer.
const SEARCH_RESULTS: usize = 10;

/// The compact mode's tools.
pub(super) fn tools() -> Vec<Tool> {
    let object = |v: Value| -> Arc<JsonObject> {
        match v {
            Value::Object(map) => Arc::new(map),
            _ => Arc::new(JsonObject::new()),
        }
    };
    let read = ToolAnnotations::new().read_only(true);
    let mut search = Tool::new(
        "search_actions",
        "Finds the Compshare API actions this server offers whose name, description, group or parameters match the words given (e.g. \"gpu stock zone\", \"stop instance\"), best first.",
        object(json!({"type": "object", "properties": {
            "query": {"type": "string"},
            "max_results": {"type": "integer", "minimum": 1, "maximum": 50}
        }, "required": ["query"], "additionalProperties": false})),
    )
    .with_annotations(read.clone());
    search.output_schema = Some(object(json!({"type": "object", "properties": {
        "actions": {"type": "array", "items": {"type": "object", "properties": {
            "name": {"type": "string"}, "description": {"type": "string"},
            "group": {"type": "string"}, "read_only": {"type": "boolean"}
        }}}
    }})));
    let mut describe = Tool::new(
        "describe_action",
        "One action's tool: its description, inputSchema (the arguments call_action takes), outputSchema (what its answer holds) and annotations.",
        object(json!({"type": "object", "properties": {"name": {"type": "string"}},
            "required": ["name"], "additionalProperties": false})),
    )
    .with_annotations(read);
    describe.output_schema = Some(object(json!({"type": "object", "properties": {
        "name": {"type": "string"}, "description": {"type": "string"},
        "inputSchema": {"type": "object"}, "outputSchema": {"type": "object"},
        "annotations": {"type": "object"}
    }})));
    let mut call = Tool::new(
        "call_action",
        "Calls an action with its arguments (as describe_action gives them). A write sends nothing until confirmed: by its user when the client can ask, else with its preview's confirm_token in the arguments' \"confirm\"; see the server's instructions.",
        object(json!({"type": "object", "properties": {
            "name": {"type": "string"},
            "arguments": {"type": "object"}
        }, "required": ["name"], "additionalProperties": false})),
    );
    // Whatever the action answers: its own output schema says, through describe_action.
    call.output_schema = Some(object(json!({"type": "object"})));
    vec![search, describe, call]
}

/// `search_actions`: the actions whose text holds the most of the query's words.
pub(super) fn search(
    catalog: &BTreeMap<&'static str, (&'static Def, Tool)>,
    mut args: Args,
) -> Reply {
    let query = args.text("query")?.unwrap_or_default().to_lowercase();
    let max = args.count("max_results", 50)?.unwrap_or(SEARCH_RESULTS);
    args.none_left()?;
    let words: Vec<&str> = query.split_whitespace().collect();
    if words.is_empty() {
        return Err(ToolError::invalid("`query` holds no word to search for"));
    }
    let mut scored: Vec<(usize, &'static str, &Def)> = catalog
        .values()
        .filter_map(|(def, _)| {
            let fields: Vec<&str> = def.fields.iter().map(|f| f.wire).collect();
            let text = format!(
                "{} {} {} {} {}",
                spaced(def.action),
                def.group,
                def.about,
                def.long_about,
                fields.join(" ")
            )
            .to_lowercase();
            let score = words.iter().filter(|w| text.contains(**w)).count();
            (score > 0).then_some((score, def.action, *def))
        })
        .collect();
    // Best first; among equals, reads first, then by name.
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.2.read_only.cmp(&a.2.read_only))
            .then(a.1.cmp(b.1))
    });
    let actions: Vec<Value> = scored
        .into_iter()
        .take(max)
        .map(|(_, name, def)| {
            json!({"name": name, "description": def.description(), "group": def.group, "read_only": def.read_only})
        })
        .collect();
    Ok(json!({"actions": actions}))
}

/// `describe_action`: the action's own tool, as the full mode lists it.
pub(super) fn describe(
    catalog: &BTreeMap<&'static str, (&'static Def, Tool)>,
    mut args: Args,
) -> Reply {
    let name = args.text("name")?.unwrap_or_default();
    args.none_left()?;
    let (_, tool) = find(catalog, &name)?;
    let mut doc = json!({
        "name": tool.name,
        "description": tool.description,
        "inputSchema": Value::Object((*tool.input_schema).clone()),
    });
    if let Some(output) = &tool.output_schema {
        doc["outputSchema"] = Value::Object((**output).clone());
    }
    if let Some(a) = &tool.annotations {
        doc["annotations"] = serde_json::to_value(a).unwrap_or(Value::Null);
    }
    Ok(doc)
}

/// The action `name` of the catalog, or an error saying how to find one.
pub(super) fn find<'c>(
    catalog: &'c BTreeMap<&'static str, (&'static Def, Tool)>,
    name: &str,
) -> Result<&'c (&'static Def, Tool), ToolError> {
    catalog.get(name).ok_or_else(|| {
        ToolError::invalid(format!(
            "no action `{name}` is offered (search_actions finds them; writes need the server's --allow-writes)"
        ))
    })
}

/// `DescribeCompShareGpuInventory` as words: `Describe Comp Share Gpu Inventory`.
fn spaced(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        if c.is_uppercase() && !out.is_empty() {
            out.push(' ');
        }
        out.push(c);
    }
    format!("{name} {out}")
}
