//! `compshare-rs mcp`: the generated tools served over stdio with the official Rust MCP SDK
//! (`rmcp`). One tool per action, its input schema derived from the action's table.
//! Read-only unless `--allow-writes`; a write without `"confirm": true` sends nothing and
//! answers with the request it would send (and the quote); every call has a deadline; every
//! failure is a tool error carrying the RetCode, the message and how far the request got.
//!
//! `schema` publishes a tool's arguments, `args` takes a call's apart, `tool` is a call's
//! flow and `session` its steps, `stdio` is the transport (it answers what rmcp cannot
//! parse, and keeps a write that is on the wire from being cancelled unanswered).

mod after;
mod args;
mod caller;
mod compact;
mod confirmations;
mod gpus;
mod inflight;
mod schema;
mod session;
mod stdio;
mod tool;

use std::sync::Arc;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, Implementation, ListToolsResult,
    PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use serde_json::{Value, json};

use crate::def::{Def, Tool as ToolTable};
use crate::quote::Limit;
use crate::{Cx, Exit, Failure};

pub use args::Args;

/// The longest `--deadline`: a day. (Far longer ones overflow the clock's arithmetic.)
const MAX_DEADLINE: i64 = 86_400;
pub use session::{Quoted, Session, ToolError};

/// A tool's answer: a JSON document, or a tool error document.
pub type Reply = Result<Value, ToolError>;

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
            Arg::new("compact")
                .long("compact")
                .action(ArgAction::SetTrue)
                .help("Offer three tools (search_actions, describe_action, call_action) in place of one per action: every group's actions unless --toolsets says, in a small tool list"),
        )
        .arg(
            Arg::new("toolsets")
                .long("toolsets")
                .value_name("GROUPS")
                .value_delimiter(',')
                .action(ArgAction::Append)
                .help("The command groups whose tools are offered, e.g. instance,image (`all`: every group; `default`: the usual ones); by default the groups that answer the common questions"),
        )
        .arg(
            Arg::new("tools")
                .long("tools")
                .value_name("ACTIONS")
                .value_delimiter(',')
                .action(ArgAction::Append)
                .help("Offer these tools (actions) too, whatever their group"),
        )
        .arg(
            Arg::new("exclude-tools")
                .long("exclude-tools")
                .value_name("ACTIONS")
                .value_delimiter(',')
                .action(ArgAction::Append)
                .help("Never offer these tools (actions)"),
        )
        .arg(
            Arg::new("deadline")
                .long("deadline")
                .value_name("SECONDS")
                .default_value("120")
                .help(format!("The most time one tool call may take, retries and paging included: 1 to {MAX_DEADLINE} seconds")),
        )
}

/// Serves the tools on stdio until the client goes away.
pub(crate) async fn serve(
    cx: &Cx,
    m: &ArgMatches,
    table: &'static ToolTable,
) -> Result<(), Failure> {
    cx.no_dry_run("mcp")?;
    let deadline = crate::args::int(m, "deadline")?.unwrap_or(120);
    if !(1..=MAX_DEADLINE).contains(&deadline) {
        return Err(Failure::usage(format!(
            "--deadline is a number of seconds from 1 to {MAX_DEADLINE}"
        )));
    }
    let inflight = Arc::new(inflight::Inflight::default());
    let session = Session {
        service: table.service,
        inflight: inflight.clone(),
        client: cx.client()?.clone(),
        anywhere: {
            cx.across_regions.set(true);
            let anywhere = cx.build_client();
            cx.across_regions.set(false);
            anywhere?
        },
        allow_writes: m.get_flag("allow-writes"),
        max_price: crate::args::text(m, "max-price")
            .map(|t| {
                Limit::parse(&t).map_err(|why| Failure::usage(format!("--max-price {t:?}: {why}")))
            })
            .transpose()?,
        deadline: Duration::from_secs(deadline.unsigned_abs()),
        search: crate::search::Search::of(table),
        placeless: cx.placeless_client()?,
        others: {
            let mut others: Vec<(&'static str, Result<compshare_runtime::Client, Failure>)> =
                Vec::new();
            for def in table.commands {
                let product = def.service.product;
                if product != table.service.product && !others.iter().any(|(p, _)| *p == product) {
                    cx.serving(def.service);
                    others.push((product, cx.build_client()));
                }
            }
            cx.serving(table.service);
            others
        },
        confirmations: Default::default(),
        quoting: {
            let mut quoting: std::collections::BTreeMap<&'static str, Vec<&'static Def>> =
                Default::default();
            for def in table.commands.iter().copied() {
                if let Some(q) = def.quote {
                    quoting.entry(q.quote.action).or_default().push(def);
                }
            }
            quoting
        },
    };
    let compact = m.get_flag("compact");
    let offered = offered(table, m, session.allow_writes, compact)?;
    // A client starts the server with few variables (an `env` block, or none): said at once,
    // in the log the client keeps, rather than found out call by call.
    if session.client.defaults().region.is_none()
        && table.service.auth == compshare_runtime::Auth::UCloudSignature
    {
        crate::terminal::say(&format!(
            "compshare-rs mcp: no region configured: calls that need one must give Region; set {} (and {}) in the env block of this server's registration, or pass --region",
            compshare_runtime::Setting::Region.variable(),
            compshare_runtime::Setting::Zone.variable(),
        ));
    }
    if session.allow_writes && offered.iter().all(|d| d.read_only) {
        crate::terminal::say(
            "compshare-rs mcp: --allow-writes, but the tools offered are all reads: writes come with their toolset (e.g. --toolsets default,instance)",
        );
    }
    let mut listed = Vec::new();
    let mut catalog = std::collections::BTreeMap::new();
    for def in offered {
        // Only what differs from the protocol's defaults (open world; for a write:
        // destructive, not idempotent), and for a read only that it is one.
        let mut annotations = ToolAnnotations::new();
        if def.read_only {
            annotations = annotations.read_only(true);
        } else {
            if def.confirm.is_none() {
                annotations = annotations.destructive(false);
            }
            if def.idempotent {
                annotations = annotations.idempotent(true);
            }
        }
        let mut tool = Tool::new(def.action, def.description(), Arc::new(schema::input(def)))
            .with_annotations(annotations);
        // Written by the generator from the response type; one that does not parse is left
        // out rather than failing the server.
        if let Ok(Value::Object(output)) = serde_json::from_str::<Value>(def.output) {
            tool.output_schema = Some(Arc::new(output));
        }
        if !compact {
            listed.push(tool.clone());
        }
        catalog.insert(def.action, (def, tool));
    }
    if compact {
        listed = compact::tools();
    }
    // Where GPUs are, in one call: with the three reads it joins.
    let gpus = session.search.is_some_and(|s| {
        s.reads()
            .iter()
            .all(|r| catalog.get(r).is_some_and(|(d, _)| d.read_only))
    });
    if gpus {
        listed.push(gpus::tool());
    }
    let handler = Handler {
        session: Arc::new(session),
        catalog,
        compact,
        gpus,
        listed,
    };
    let running = handler
        .serve(stdio::Stdio::new(inflight))
        .await
        .map_err(|e| Failure::new(Exit::Internal, format!("MCP start-up failed: {e}")))?;
    running
        .waiting()
        .await
        .map_err(|e| Failure::new(Exit::Internal, format!("the MCP server stopped: {e}")))?;
    Ok(())
}

/// The tools offered, chosen once at start-up (the list never changes while serving): the
/// `--toolsets` groups' (the tool's defaults unless given) and the `--tools` named, less
/// `--exclude-tools`; writes only with `--allow-writes`; deprecated actions only by name.
fn offered(
    table: &'static ToolTable,
    m: &ArgMatches,
    allow_writes: bool,
    compact: bool,
) -> Result<Vec<&'static Def>, Failure> {
    let list = |flag: &str| -> Vec<String> {
        m.get_many::<String>(flag)
            .into_iter()
            .flatten()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let groups: Vec<&str> = table.groups.iter().map(|(g, _)| *g).collect();
    let mut sets: Vec<&str> = Vec::new();
    let asked = list("toolsets");
    // A tool that names no default offers every group.
    let defaults = || -> Vec<&'static str> {
        if table.default_toolsets.is_empty() && table.default_tools.is_empty() {
            groups.clone()
        } else {
            table.default_toolsets.to_vec()
        }
    };
    let mut named: Vec<&str> = Vec::new();
    // Compact mode carries every group in three tools.
    if asked.is_empty() && compact {
        sets = groups.clone();
    } else if asked.is_empty() {
        sets = defaults();
        named.extend(table.default_tools);
    }
    for set in &asked {
        match set.as_str() {
            "all" => sets.extend(groups.iter().copied()),
            "default" => {
                sets.extend(defaults());
                named.extend(table.default_tools);
            }
            name => match groups.iter().find(|g| **g == name) {
                Some(g) => sets.push(g),
                None => {
                    return Err(Failure::usage(format!(
                        "--toolsets {name}: no such group; the groups are {} (or all, default)",
                        groups.join(", ")
                    )));
                }
            },
        }
    }
    let action_of = |name: &str, flag: &str| -> Result<&'static Def, Failure> {
        table
            .commands
            .iter()
            .copied()
            .find(|d| d.action == name)
            .ok_or_else(|| {
                Failure::usage(format!(
                    "--{flag} {name}: no such tool; tools are named by action, e.g. DescribeCompShareInstance"
                ))
            })
    };
    for name in list("tools") {
        let def = action_of(&name, "tools")?;
        if !def.read_only && !allow_writes {
            return Err(Failure::usage(format!(
                "--tools {name}: it changes things; add --allow-writes to offer it"
            )));
        }
        named.push(def.action);
    }
    let mut excluded = Vec::new();
    for name in list("exclude-tools") {
        excluded.push(action_of(&name, "exclude-tools")?.action);
    }
    Ok(table
        .commands
        .iter()
        .copied()
        .filter(|d| {
            let chosen =
                named.contains(&d.action) || (sets.contains(&d.group) && d.deprecated.is_none());
            chosen && !excluded.contains(&d.action) && (d.read_only || allow_writes)
        })
        .collect())
}

/// What every tool shares, said once rather than in each schema.
fn instructions(writes: bool, compact: bool, gpus: bool) -> String {
    let mut text = String::new();
    if gpus {
        text.push_str("search_gpus says in one call which zones have which GPUs free and at what price per hour. ");
    }
    if compact {
        text.push_str("Compact: search_actions finds the actions by words, describe_action gives one's input and output schemas, call_action calls it with \"arguments\" as that schema says; everything below holds for those arguments. ");
    }
    text += &format!(
        "Compshare (UCloud GPU cloud): one tool per API action, named as the action, arguments by the API's wire names. Region, Zone and ProjectId default to this server's configuration. An argument's `default` is what is used when it is not given (sent by this server, or assumed by the API); limits in a description are checked before anything is sent; an unknown argument is refused, naming those taken. A price tool also takes the arguments of the create it quotes, by the create's names. A listing takes \"all\": true to page through it, up to \"max_items\" items ({} unless given).",
        args::DEFAULT_MAX_ITEMS
    );
    if writes {
        text.push_str(" A tool that changes things sends nothing when called without \"confirm\": when the client can ask its user (elicitation), the server asks there, showing the request and its price, and sends it only if the user accepts; otherwise it answers with the request it would send, for a create its price quote, and a confirm_token; called again with the same arguments and \"confirm\": that token (within 10 minutes, once, at the same quote), it sends exactly that. Its answer's `outcome` says what happened and `check` what to call to see it done; a tool taking \"wait\": true waits for that within the call's deadline, with progress notifications when the call has a progressToken.");
    } else {
        text.push_str(" Read-only: the server was not started with --allow-writes.");
    }
    text
}

struct Handler {
    session: Arc<Session>,
    /// Every action offered, by name, with its tool.
    catalog: std::collections::BTreeMap<&'static str, (&'static Def, Tool)>,
    /// Offered through the three compact-mode tools rather than a tool each.
    compact: bool,
    /// `search_gpus` is offered.
    gpus: bool,
    listed: Vec<Tool>,
}

impl ServerHandler for Handler {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new(
                "compshare-rs",
                env!("CARGO_PKG_VERSION"),
            ))
            .with_instructions(instructions(
                self.session.allow_writes,
                self.compact,
                self.gpus,
            ))
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
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let name = request.name.as_ref();
        if self.gpus && name == gpus::NAME {
            let reply = match Args::new(request.arguments.unwrap_or_default()) {
                Err(e) => Err(e),
                Ok(args) => {
                    let search = gpus::run(&self.session, args);
                    match tokio::time::timeout(self.session.deadline, search).await {
                        Ok(reply) => reply,
                        Err(_) => Err(ToolError(json!({
                            "error": "deadline",
                            "message": "the search ran past the call's deadline: narrow it with GpuTypes, Region or Zone",
                        }))),
                    }
                }
            };
            return Ok(answer(reply));
        }
        let def = match (self.compact, name) {
            (true, "search_actions" | "describe_action" | "call_action") => None,
            (false, _) => match self.catalog.get(name) {
                Some((def, _)) => Some(*def),
                None => {
                    return Err(ErrorData::invalid_params(
                        format!(
                            "no tool `{name}` (tools that change things need the server's --allow-writes)"
                        ),
                        None,
                    ));
                }
            },
            (true, _) => {
                return Err(ErrorData::invalid_params(
                    format!(
                        "no tool `{name}`: this server is compact (search_actions, describe_action, call_action)"
                    ),
                    None,
                ));
            }
        };
        let reply = match Args::new(request.arguments.unwrap_or_default()) {
            Err(e) => Err(e),
            Ok(args) if def.is_none() && name == "search_actions" => {
                compact::search(&self.catalog, args)
            }
            Ok(args) if def.is_none() && name == "describe_action" => {
                compact::describe(&self.catalog, args)
            }
            Ok(mut args) if def.is_none() => {
                // call_action: the action's own flow, with its arguments.
                let called = args.text("name").and_then(|n| {
                    let inner = args.object("arguments")?;
                    args.none_left()?;
                    let (def, _) = compact::find(&self.catalog, &n.unwrap_or_default())?;
                    Ok((*def, Args::new(inner)?))
                });
                match called {
                    Err(e) => Err(e),
                    Ok((def, inner)) => self.run(def, inner, &context).await,
                }
            }
            Ok(args) => {
                self.run(def.expect("a tool of its own"), args, &context)
                    .await
            }
        };
        Ok(answer(reply))
    }
}

/// A tool's reply as the protocol carries it: the document as structured content (and as
/// text), an error flagged as one.
fn answer(reply: Reply) -> CallToolResponse {
    match reply {
        Ok(doc) => CallToolResult::structured(doc),
        Err(ToolError(doc)) => CallToolResult::structured_error(doc),
    }
    .into()
}

impl Handler {
    /// Runs `def`'s tool under the call's deadline, its cancellation held back while a
    /// write may be on the wire.
    async fn run(
        &self,
        def: &'static Def,
        args: Args,
        context: &RequestContext<RoleServer>,
    ) -> Reply {
        let id = serde_json::to_string(&context.id).unwrap_or_default();
        let caller = caller::Caller::of(context, self.session.deadline);
        // The flow keeps its sends and waits within the caller's deadline (which the time its
        // human takes to answer moves); this stop, a little later, is for what does not.
        let bounded = async {
            let run = tool::run(&self.session, def, args, &caller);
            tokio::pin!(run);
            loop {
                let stop = caller.until() + Duration::from_secs(5);
                tokio::select! {
                    reply = &mut run => return Some(reply),
                    _ = tokio::time::sleep_until(stop.into()) => {
                        if caller.until() + Duration::from_secs(5) <= std::time::Instant::now() {
                            return None;
                        }
                    }
                }
            }
        };
        match self.session.inflight.run(id, bounded).await {
            Some(reply) => reply,
            None => Err(ToolError(
                json!({"error": "deadline", "message": "the call ran past its deadline", "outcome": "unknown for a write: check before repeating it"}),
            )),
        }
    }
}
