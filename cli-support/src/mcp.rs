//! `compshare-rs mcp`: the generated tools served over stdio with the official Rust MCP SDK
//! (`rmcp`). One tool per action, its input schema generated from the spec. Read-only
//! unless `--allow-writes`; a write without `"confirm": true` sends nothing and answers with
//! the request it would send (and the quote); every call has a deadline; every failure is a
//! tool error carrying the RetCode, the message and how far the request got.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};
use compshare::runtime::{self, Action, Paginated, StreamExt};
use compshare::{Call, Client};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, Implementation, JsonObject,
    ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
    ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::quote::{Answer, Asked, Limit, Priced, Quote, priced};
use crate::{Cx, Exit, Failure};

/// A quote as a tool call got it: the price, or why it cannot be checked.
#[derive(Debug)]
pub struct Quoted {
    action: &'static str,
    price: Result<Priced, String>,
}

impl Quoted {
    fn to_json(&self) -> Value {
        match &self.price {
            Ok(p) => p.to_json(self.action),
            Err(why) => json!({"action": self.action, "price_yuan": null, "error": why}),
        }
    }
}

/// Arguments larger than this (as JSON) are refused: no action takes that much.
const MAX_ARGUMENT_BYTES: usize = 256 << 10;
/// Strings longer than this are refused.
const MAX_STRING_BYTES: usize = 16 << 10;
/// The most items `all: true` returns, whatever `max_items` asks.
const MAX_ITEMS: u64 = 10_000;
/// Items `all: true` returns when `max_items` is not given.
const DEFAULT_MAX_ITEMS: usize = 200;

/// One generated tool.
#[derive(Debug)]
pub struct ToolDef {
    /// The action's wire name.
    pub name: &'static str,
    pub description: &'static str,
    /// The input JSON Schema, as JSON text.
    pub schema: &'static str,
    pub read_only: bool,
    /// It costs money or destroys something (the spec's `cli.confirm`).
    pub destructive: bool,
    pub idempotent: bool,
}

/// A running tool call.
pub type ToolRun<'a> = Pin<Box<dyn Future<Output = Reply> + Send + 'a>>;

/// The generated tool table's dispatcher: `None` for a name it does not know.
pub type ToolDispatch = for<'a> fn(&'a Session, &str, Args) -> Option<ToolRun<'a>>;

/// A tool's answer: a JSON document, or a tool error document.
pub type Reply = Result<Value, ToolError>;

/// A failure the caller reads: a JSON document with the message, RetCode and delivery.
#[derive(Debug)]
pub struct ToolError(pub Value);

impl ToolError {
    pub fn invalid(message: impl Into<String>) -> ToolError {
        ToolError(json!({"error": "invalid_arguments", "message": message.into(), "sent": false}))
    }
}

impl From<Failure> for ToolError {
    fn from(f: Failure) -> ToolError {
        let outcome = match f.delivery {
            Some("maybe_sent") => {
                "unknown: the request may have reached the server; check before repeating it"
            }
            Some("received") => "the service answered: nothing was done",
            _ => "not sent",
        };
        ToolError(json!({
            "error": match f.exit {
                Exit::Api => "api",
                Exit::Usage => "invalid_arguments",
                Exit::Refused => "refused",
                Exit::Config => "configuration",
                Exit::Wait => "wait",
                Exit::OutcomeUnknown => "outcome_unknown",
                Exit::Internal => "internal",
                Exit::Transport => "transport",
                Exit::Interrupted => "interrupted",
            },
            "message": f.message,
            "ret_code": f.ret_code,
            "action": f.action,
            "request_id": f.request_id,
            "delivery": f.delivery,
            "outcome": outcome,
        }))
    }
}

impl From<runtime::Error> for ToolError {
    fn from(e: runtime::Error) -> ToolError {
        Failure::from(e).into()
    }
}

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
    fn new(map: JsonObject) -> Result<Args, ToolError> {
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
        Asked::new(q, billing, int(&q.times)?.flatten(), int(&q.duration)?.flatten())
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

/// What every tool call shares: the client, the server's flags.
pub struct Session {
    client: Client,
    allow_writes: bool,
    max_price: Option<Limit>,
    deadline: Duration,
}

impl Session {
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// A secret parameter: from the server's environment (`variable`), or generated
    /// when the call will be sent (and returned once, in that call's answer).
    pub fn secret(
        &self,
        variable: &str,
        sending: bool,
    ) -> Result<Option<(String, bool)>, ToolError> {
        if let Ok(v) = std::env::var(variable) {
            return Ok(Some((v, false)));
        }
        if !sending {
            // A preview shows it masked; it is made when the call is sent.
            return Ok(Some(("(made when sent)".to_owned(), false)));
        }
        let made = crate::password::generate()
            .map_err(|e| ToolError(json!({"error": "internal", "message": e})))?;
        Ok(Some((made, true)))
    }

    /// Refuses a request that could not be sent (a required parameter missing), before its
    /// quote is asked for.
    pub fn check<R: Action>(&self, request: &R) -> Result<(), ToolError> {
        crate::output::masked_request_of(&self.client, request)?;
        Ok(())
    }

    /// Runs a quote, for a preview or for `--max-price`.
    pub async fn quote(
        &self,
        q: &Quote,
        asked: &Asked,
        fetch: impl Future<Output = Result<Answer, ToolError>>,
    ) -> Quoted {
        // A quarter of the call's time; the send that may follow has the rest.
        let got = tokio::time::timeout(self.deadline / 4, fetch).await;
        let price = match got {
            Err(_) => Err("the quote took too long".to_owned()),
            Ok(Err(ToolError(e))) => Err(format!(
                "the quote failed: {}",
                e["message"].as_str().unwrap_or("unknown error")
            )),
            Ok(Ok(answer)) => priced(q, &answer, asked),
        };
        Quoted {
            action: q.action,
            price,
        }
    }

    /// A write without `confirm`: the request it would send, and its quote; nothing sent.
    pub fn preview<R: Action>(&self, request: &R, quote: Option<&Quoted>) -> Reply {
        let request = crate::output::masked_request_of(&self.client, request)?;
        let mut doc = json!({
            "sent": false,
            "request": request,
            "note": "Nothing was sent. Call again with \"confirm\": true to send it.",
        });
        if let Some(q) = quote {
            doc["quote"] = q.to_json();
        }
        Ok(doc)
    }

    /// Before a confirmed write with a quote: holds it to `--max-price`. A quote that
    /// cannot be checked is refused.
    pub fn check_price(&self, quote: &Quoted) -> Result<(), ToolError> {
        let Some(limit) = self.max_price else {
            return Ok(());
        };
        let why = match &quote.price {
            Ok(p) => match limit.check(p) {
                Ok(()) => return Ok(()),
                Err(why) => why,
            },
            Err(why) => format!("the quote cannot be checked: {why}"),
        };
        Err(ToolError(
            json!({"error": "refused", "sent": false, "message": format!("the server's --max-price: {why}; nothing was sent"), "quote": quote.to_json()}),
        ))
    }

    /// With `--max-price`, a confirmed create that no quote prices is refused.
    pub fn unpriced(&self, action: &str) -> Result<(), ToolError> {
        match self.max_price {
            None => Ok(()),
            Some(max) => Err(ToolError(
                json!({"error": "refused", "sent": false, "message": format!("{action} has no price quote, so the server's --max-price {} cannot be checked; nothing was sent", max.yuan)}),
            )),
        }
    }

    /// Sends the call once, under the SDK's delivery rules; a generated secret is returned
    /// with this answer only (or with its error, if the request may have arrived).
    pub async fn send<R>(&self, call: Call<R>, generated: Option<(String, String)>) -> Reply
    where
        R: Action,
        R::Output: Serialize,
    {
        let out = match call.with_deadline(self.deadline * 3 / 4).send().await {
            Ok(out) => out,
            Err(e) => {
                let arrived = e.delivery() != runtime::Delivery::NotSent;
                let mut err = ToolError::from(e);
                if let (true, Some((wire, value))) = (arrived, generated) {
                    err.0["generated"] = json!({wire.as_str(): value, "note": "Generated for this call, which may have taken effect; it is not shown again."});
                }
                return Err(err);
            }
        };
        let mut doc = json!({"sent": true, "output": to_value(&out)?});
        if let Some((wire, value)) = generated {
            doc["generated"] = json!({wire.as_str(): value, "note": "Generated for this call; it is not shown again."});
        }
        Ok(doc)
    }

    /// `all: true`: up to `max` items through the paginator, saying when there were more.
    pub async fn list<R>(&self, paginator: runtime::Paginator<R>, max: usize) -> Reply
    where
        R: Paginated,
        R::Item: Serialize,
    {
        let mut items = paginator.items();
        let mut out = Vec::new();
        let mut truncated = false;
        while let Some(item) = items.next().await {
            if out.len() == max {
                truncated = true;
                break;
            }
            out.push(to_value(&item?)?);
        }
        let mut doc =
            json!({"sent": true, "count": out.len(), "truncated": truncated, "items": out});
        if truncated {
            doc["note"] = json!(format!(
                "The listing has more than {max} items; raise max_items, or narrow it."
            ));
        }
        Ok(doc)
    }
}

fn to_value<T: Serialize>(v: &T) -> Result<Value, ToolError> {
    serde_json::to_value(v)
        .map_err(|e| ToolError(json!({"error": "internal", "message": e.to_string()})))
}

/// The `mcp` command.
pub fn command() -> Command {
    Command::new("mcp")
        .about("Serve every action as an MCP tool over stdio, for AI agents (read-only unless --allow-writes)")
        .arg(Arg::new("allow-writes").long("allow-writes").action(ArgAction::SetTrue).help(
            "Offer the tools that change things too; each sends only when called with \"confirm\": true",
        ))
        .arg(
            Arg::new("max-price")
                .long("max-price")
                .value_name("YUAN")
                .help("Refuse a confirmed create whose quote, for every instance together and per its billing period, is above this many yuan (or /hour, /day, /month, /year: refuse a quote of another period), or cannot be checked"),
        )
        .arg(
            Arg::new("deadline")
                .long("deadline")
                .value_name("SECONDS")
                .default_value("120")
                .help("The most time one tool call may take, retries and paging included"),
        )
}

/// Serves the tools on stdio until the client goes away.
pub async fn serve(
    cx: &Cx,
    m: &ArgMatches,
    tools: &'static [ToolDef],
    dispatch: ToolDispatch,
) -> Result<(), Failure> {
    cx.no_dry_run("mcp")?;
    let deadline = crate::args::int(m, "deadline")?.unwrap_or(120);
    if deadline <= 0 {
        return Err(Failure::usage(
            "--deadline must be a positive number of seconds",
        ));
    }
    let session = Session {
        client: cx.client()?.clone(),
        allow_writes: m.get_flag("allow-writes"),
        max_price: crate::args::text(m, "max-price")
            .map(|t| {
                Limit::parse(&t)
                    .map_err(|why| Failure::usage(format!("--max-price {t:?}: {why}")))
            })
            .transpose()?,
        deadline: Duration::from_secs(deadline.unsigned_abs()),
    };
    let mut listed = Vec::new();
    let mut schemas = std::collections::BTreeMap::new();
    for def in tools.iter().filter(|d| d.read_only || session.allow_writes) {
        let schema: JsonObject = serde_json::from_str(def.schema).map_err(|e| {
            Failure::new(
                Exit::Internal,
                format!("the schema of {} is not JSON: {e}", def.name),
            )
        })?;
        let annotations = ToolAnnotations::new()
            .read_only(def.read_only)
            .destructive(def.destructive)
            .idempotent(def.idempotent)
            .open_world(true);
        schemas.insert(def.name, Value::Object(schema.clone()));
        listed.push(
            Tool::new(def.name, def.description, Arc::new(schema)).with_annotations(annotations),
        );
    }
    let handler = Handler {
        session: Arc::new(session),
        schemas,
        listed,
        dispatch,
    };
    let running = handler
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|e| Failure::new(Exit::Internal, format!("MCP start-up failed: {e}")))?;
    running
        .waiting()
        .await
        .map_err(|e| Failure::new(Exit::Internal, format!("the MCP server stopped: {e}")))?;
    Ok(())
}

struct Handler {
    session: Arc<Session>,
    /// The input schema of every tool offered.
    schemas: std::collections::BTreeMap<&'static str, Value>,
    listed: Vec<Tool>,
    dispatch: ToolDispatch,
}

impl ServerHandler for Handler {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("compshare-rs", env!("CARGO_PKG_VERSION")))
            .with_instructions(if self.session.allow_writes {
                "Compshare (UCloud GPU cloud): one tool per API action, arguments by the API's wire names. Tools that change things send nothing unless called with \"confirm\": true; without it they answer with the request they would send and, for creates, the price quote."
            } else {
                "Compshare (UCloud GPU cloud): one read-only tool per Describe/Get/List/Check action, arguments by the API's wire names. Listings take \"all\": true to page through (up to max_items)."
            })
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.listed.clone()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let name = request.name.as_ref();
        let Some(schema) = self.schemas.get(name) else {
            return Err(ErrorData::invalid_params(
                format!(
                    "no tool `{name}` (tools that change things need the server's --allow-writes)"
                ),
                None,
            ));
        };
        let mut arguments = Value::Object(request.arguments.unwrap_or_default());
        fill_defaults(schema, &mut arguments);
        let checked = check(schema, &arguments, "")
            .map_err(ToolError::invalid)
            .and_then(|()| match arguments {
                Value::Object(map) => Args::new(map),
                _ => Err(ToolError::invalid("the arguments are an object")),
            });
        let reply = match checked {
            Err(e) => Err(e),
            Ok(args) => match (self.dispatch)(&self.session, name, args) {
                None => Err(ToolError::invalid(format!("no tool `{name}`"))),
                Some(run) => {
                    match tokio::time::timeout(self.session.deadline + Duration::from_secs(5), run)
                        .await
                    {
                        Ok(reply) => reply,
                        Err(_) => Err(ToolError(
                            json!({"error": "deadline", "message": "the call ran past its deadline", "outcome": "unknown for a write: check before repeating it"}),
                        )),
                    }
                }
            },
        };
        Ok(match reply {
            Ok(doc) => CallToolResult::structured(doc),
            Err(ToolError(doc)) => CallToolResult::structured_error(doc),
        }
        .into())
    }
}

/// Fills in the values the schema declares a `default` for (the tool's own defaults, such as
/// hourly billing), where the arguments leave them out: what is sent is what was shown.
fn fill_defaults(schema: &Value, arguments: &mut Value) {
    let (Some(properties), Some(given)) = (schema["properties"].as_object(), arguments.as_object_mut())
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
fn check(schema: &Value, value: &Value, path: &str) -> Result<(), String> {
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

    #[test]
    fn generated_passwords_mix_cases_and_digits() {
        let a = crate::password::generate().unwrap();
        let b = crate::password::generate().unwrap();
        assert_eq!(a.len(), 20);
        assert_ne!(a, b);
        assert!(
            a.bytes().any(|c| c.is_ascii_uppercase())
                && a.bytes().any(|c| c.is_ascii_lowercase())
                && a.bytes().any(|c| c.is_ascii_digit())
        );
    }
}
