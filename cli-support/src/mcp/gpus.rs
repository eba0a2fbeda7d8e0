//! `search_gpus`: where a GPU can be had now and at what price per hour, in one call: the
//! command line's `instance search` (the stock, the machine types and the create's quote,
//! joined in `crate::search`) as a read-only tool.

use std::sync::Arc;

use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use serde_json::{Value, json};

use super::{Args, Reply, Session, ToolError};
use crate::search::Query;

/// Its name: the server's own, not an API action's.
pub(super) const NAME: &str = "search_gpus";

fn object(v: Value) -> Arc<JsonObject> {
    match v {
        Value::Object(map) => Arc::new(map),
        _ => Arc::default(),
    }
}

/// The tool, as listed.
pub(super) fn tool() -> Tool {
    let mut tool = Tool::new(
        NAME,
        "Where GPUs can be had now, in one call: a row per zone and GPU model with its free GPUs, the smallest configuration of one GPU (Cpu, Memory in MB) and its price per hour in yuan, as CreateCompShareInstance would be quoted (hourly billing, or spot). Every region and zone unless given.",
        object(json!({"type": "object", "properties": {
            "GpuTypes": {"type": "array", "items": {"type": "string"}, "description": "Only these GPU models, e.g. [\"4090\"]."},
            "Available": {"type": "boolean", "description": "Only rows with free GPUs."},
            "Spot": {"type": "boolean", "description": "The spot pool's stock and spot prices."},
            "Region": {"type": "string"},
            "Zone": {"type": "string"},
        }})),
    )
    .with_annotations(ToolAnnotations::new().read_only(true));
    tool.output_schema = Some(object(json!({
        "type": "object",
        "properties": {"output": crate::search::offers_schema()},
    })));
    tool
}

/// Runs it with `args`.
pub(super) async fn run(s: &Session, mut args: Args) -> Reply {
    let query = Query {
        models: args.texts("GpuTypes")?,
        available: args.flag("Available")?,
        spot: args.flag("Spot")?,
        region: args.text("Region")?,
        zone: args.text("Zone")?,
        named_by: ["Region", "Zone"],
    };
    args.none_left()?;
    let search = s.search.as_ref().ok_or_else(|| {
        ToolError::invalid(
            "this server's tool cannot search: it lacks the stock, machine types or quote",
        )
    })?;
    let output = search.offers(&s.placeless, &query).await?;
    Ok(json!({"sent": true, "output": output}))
}
