//! The calling context every command shares: the client (built on first use from the
//! configuration chain and the global flags), dry runs, checks and output. The other steps
//! of a call are in `ask` (confirmation, passwords) and `send` (quote, send, wait).

use std::cell::{Cell, OnceCell, RefCell};
use std::io::IsTerminal;

use clap::{ArgMatches, Command};
use compshare_runtime::{self as runtime, StreamExt};
use compshare_runtime::{Client, ClientBuilder, ServiceInfo};
use serde::Serialize;
use serde_json::Value;

use crate::output::{self, Format};
use crate::{Exit, Failure, progress};

/// The global flags and the client they configure.
pub struct Cx {
    /// The SDK's service of the command being run (a tool may join several); the tool's
    /// own until a command of another is dispatched.
    service: Cell<&'static ServiceInfo>,
    /// Where the regions are listed, to find a resource by id.
    pub(crate) regions: Option<&'static crate::Regions>,
    /// The tool: where GPUs are free, for a create refused for want of stock.
    pub(crate) tool: &'static crate::Tool,
    /// The region and zone found for the resource a command names by id, where the
    /// configuration gives none.
    pub(crate) located: RefCell<(Option<String>, Option<String>)>,
    /// Where each of several ids was found, for naming them in a confirmation.
    pub(crate) places: RefCell<Vec<(String, Option<String>)>>,
    pub(crate) format: Format,
    /// `--query`, as written; compiled once, on first use.
    query_text: Option<String>,
    query: OnceCell<Option<jmespath::Expression<'static>>>,
    pub(crate) dry_run: bool,
    pub(crate) profile: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) zone: Option<String>,
    pub(crate) project_id: Option<String>,
    pub(crate) base_url: Option<String>,
    /// `--output` was written on the command line.
    pub(crate) output_asked: bool,
    /// An `--all` listing has begun: a failure ends its NDJSON stream with one line.
    streaming: Cell<bool>,
    /// The command that lists what the command acts on (`compshare-rs instance list`),
    /// for "check before repeating it".
    pub(crate) lister: Option<String>,
    /// The command lists every region: the configured region and zone are not sent.
    pub(crate) across_regions: Cell<bool>,
    /// Secrets none was given for, made only once the request will be sent.
    pub(crate) to_generate: RefCell<Vec<String>>,
    client: OnceCell<Client>,
}

impl Cx {
    /// The context of the command `m`, parsed by `app`.
    pub fn new(m: &ArgMatches, app: &Command, tool: &'static crate::Tool) -> Cx {
        let lister = m.subcommand_name().and_then(|group| {
            let g = app.find_subcommand(group)?;
            g.find_subcommand("list")?;
            Some(format!("{} {group} list", app.get_name()))
        });
        let flag = |id: &str| crate::args::text(m, id);
        Cx {
            service: Cell::new(tool.service),
            regions: tool.regions,
            tool,
            located: RefCell::new((None, None)),
            places: RefCell::new(Vec::new()),
            format: match flag("output").as_deref() {
                Some("table") => Format::Table,
                Some("yaml") => Format::Yaml,
                _ => Format::Json,
            },
            query_text: flag("query"),
            query: OnceCell::new(),
            dry_run: m.get_flag("dry-run"),
            profile: flag("profile"),
            region: flag("region"),
            zone: flag("zone"),
            project_id: flag("project-id"),
            base_url: flag("base-url"),
            output_asked: m.value_source("output") == Some(clap::parser::ValueSource::CommandLine),
            streaming: Cell::new(false),
            lister,
            to_generate: RefCell::new(Vec::new()),
            across_regions: Cell::new(false),
            client: OnceCell::new(),
        }
    }

    /// How a failure is written to standard output (see [`output::error_doc_for`]).
    pub(crate) fn error_doc(&self) -> output::ErrorDoc {
        match output::error_doc_for(self.output_asked) {
            _ if self.format != Format::Json => output::ErrorDoc::None,
            output::ErrorDoc::Pretty if self.streaming.get() => output::ErrorDoc::Line,
            doc => doc,
        }
    }

    /// A variable as the configuration reads it: `--profile` stands for both tools'
    /// profile variables.
    pub(crate) fn var(&self, name: &str) -> Result<Option<String>, Failure> {
        use runtime::config::env;
        if let Some(p) = &self.profile
            && (name == env::PROFILE || name == env::COMPSHARE_PROFILE)
        {
            return Ok(Some(p.clone()));
        }
        match std::env::var(name) {
            Ok(v) => Ok(Some(v)),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => Err(Failure::new(
                Exit::Config,
                format!("{name} is set but not valid UTF-8"),
            )),
        }
    }

    /// Runs `f` with the variables as the configuration reads them; a variable that is set
    /// but not UTF-8 is an error, not taken as unset.
    pub(crate) fn with_vars<T>(
        &self,
        f: impl FnOnce(&dyn Fn(&str) -> Option<String>) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        let bad = std::cell::RefCell::new(None);
        let var = |name: &str| match self.var(name) {
            Ok(v) => v,
            Err(e) => {
                bad.borrow_mut().get_or_insert(e);
                None
            }
        };
        let out = f(&var);
        match bad.into_inner() {
            Some(e) => Err(e),
            None => out,
        }
    }

    /// The service of the command being run.
    pub(crate) fn service(&self) -> &'static ServiceInfo {
        self.service.get()
    }

    /// Runs the rest as a command of `service`'s: before any client is built.
    pub(crate) fn serving(&self, service: &'static ServiceInfo) {
        self.service.set(service);
    }

    /// The client, built on first use.
    pub fn client(&self) -> Result<&Client, Failure> {
        if let Some(c) = self.client.get() {
            return Ok(c);
        }
        let client = self.build_client()?;
        Ok(self.client.get_or_init(|| client))
    }

    /// A client of the configuration and flags alone.
    pub(crate) fn configured_client(&self) -> Result<Client, Failure> {
        let found = self.located.replace((None, None));
        let client = self.build_client();
        *self.located.borrow_mut() = found;
        client
    }

    /// A client of the configuration and flags (and of the place found for the resource the
    /// command names, where they give none).
    pub(crate) fn build_client(&self) -> Result<Client, Failure> {
        self.client_placed(true)
    }

    /// A client with no region or zone of its own, not even the flags': for reads that name
    /// their place on each call (every zone's stock, say).
    pub(crate) fn placeless_client(&self) -> Result<Client, Failure> {
        self.client_placed(false)
    }

    fn client_placed(&self, placed: bool) -> Result<Client, Failure> {
        let bearer = match self.service().auth {
            runtime::Auth::Bearer { variable, .. } => Some(variable),
            _ => None,
        };
        let (mut b, has_keys) = self.with_vars(|var| {
            let b = ClientBuilder::<Client>::new(self.service()).load_shared_config_with(var)?;
            let has_keys = match bearer {
                Some(variable) => var(variable).is_some(),
                None => {
                    let found = runtime::config::explain_with(var)?;
                    found.iter().any(|f| f.name == "public_key")
                }
            };
            Ok((b, has_keys))
        })?;
        if self.across_regions.get() || !placed {
            b = b.without_region_and_zone();
        }
        let (located_region, located_zone) = self.located.borrow().clone();
        if let Some(v) = self
            .region
            .as_ref()
            .or(located_region.as_ref())
            .filter(|_| placed)
        {
            b = b.region(v);
        }
        if let Some(v) = self
            .zone
            .as_ref()
            .or(located_zone.as_ref())
            .filter(|_| placed)
        {
            b = b.zone(v);
        }
        if let Some(v) = &self.project_id {
            b = b.project_id(v);
        }
        if let Some(v) = &self.base_url {
            b = b.base_url(v);
        }
        b = b.user_agent_suffix(concat!("compshare-rs/", env!("CARGO_PKG_VERSION")));
        // What is printed is what the service sent, not the defaults of what it left out.
        b = b.note_unsent_fields(true);
        if self.dry_run && !has_keys {
            // A dry run shows the request without keys; its signature is masked anyway.
            b = b.credentials(match bearer {
                Some(_) => runtime::Credentials::bearer("(no key configured)"),
                None => runtime::Credentials::new("(no key configured)", "-"),
            });
        }
        Ok(b.build()?)
    }

    /// `--wait` and the `mcp` server cannot honour `--dry-run`: refused rather than ignored.
    pub fn no_dry_run(&self, what: &str) -> Result<(), Failure> {
        if self.dry_run {
            return Err(Failure::usage(format!(
                "{what} has no --dry-run: it would have to send"
            )));
        }
        Ok(())
    }

    /// A failure that must not lose `doc` (an answer received, results so far): the doc goes
    /// in the failure's document, or, where there is none (a table, a person at a terminal),
    /// is printed by `print` before the error line.
    pub(crate) fn failing_with(
        &self,
        mut f: Failure,
        doc: Value,
        print: impl FnOnce(&Value) -> Result<(), Failure>,
    ) -> Failure {
        if self.error_doc() != output::ErrorDoc::None {
            f.answer = Some(Box::new(doc));
            return f;
        }
        match print(&doc) {
            Ok(()) => f,
            Err(e) => e,
        }
    }

    /// Whether `--query` was given.
    pub(crate) fn querying(&self) -> bool {
        self.query_text.is_some()
    }

    /// `--query` compiled: a usage error, before anything is sent, if it is not JMESPath.
    pub(crate) fn query(&self) -> Result<Option<&jmespath::Expression<'static>>, Failure> {
        if let Some(compiled) = self.query.get() {
            return Ok(compiled.as_ref());
        }
        let compiled =
            match &self.query_text {
                None => None,
                Some(text) => Some(jmespath::compile(text).map_err(|e| {
                    Failure::usage(format!("--query: not a JMESPath expression: {e}"))
                })?),
            };
        Ok(self.query.get_or_init(|| compiled).as_ref())
    }

    /// What `--query` selects from `value`; `value` itself without one, or when the query
    /// fails on it (a function given null, say): the answer of a request that was sent is
    /// never lost to its query, so it is printed whole, with a warning.
    pub(crate) fn select(&self, value: Value) -> Result<Value, Failure> {
        let Some(query) = self.query()? else {
            return Ok(value);
        };
        match query.search(&value) {
            Ok(found) => output::to_value(&*found),
            Err(e) => {
                crate::terminal::say(&format!(
                    "warning: --query failed on this answer ({e}); it is printed whole"
                ));
                Ok(value)
            }
        }
    }

    /// Prints a document of the tool's own (a dry run's request, a configuration, checks):
    /// JSON or YAML, or on `--output table` what `table` prints; what `--query` selects
    /// when it is given (then as any table).
    pub(crate) fn document(
        &self,
        value: &Value,
        table: impl FnOnce() -> Result<(), Failure>,
    ) -> Result<(), Failure> {
        if self.querying() {
            let selected = self.select(value.clone())?;
            return match self.format {
                Format::Table => output::any_table(&selected),
                format => output::doc(format, &selected),
            };
        }
        match self.format {
            Format::Table => table(),
            format => output::doc(format, value),
        }
    }

    /// A dry run's requests, masked: one, or a list of them.
    pub(crate) fn dry_run_doc(&self, shown: Value) -> Result<(), Failure> {
        self.document(&shown, || output::any_table(&shown))
    }

    /// Prints one answer: JSON by wire names, YAML, or a table (of `items` for a listing);
    /// only what `--query` selects, when it is given.
    pub fn print<T: Serialize>(
        &self,
        out: &T,
        items: Option<&str>,
        columns: &[crate::Column],
    ) -> Result<(), Failure> {
        if self.query_text.is_none() {
            return output::print(self.format, out, items, columns);
        }
        let value = self.select(output::to_value(out)?)?;
        match self.format {
            Format::Table => output::any_table(&value),
            format => output::doc(format, &value),
        }
    }

    /// A file the action answered with: saved to `--output-file` (an existing file only with
    /// `--force`), saying where with the JSON output; else written to standard output as
    /// received.
    pub fn save(&self, m: &ArgMatches, file: &runtime::Download) -> Result<(), Failure> {
        let Some(path) = crate::args::text(m, "output-file") else {
            // A person sees the text, escaped; a pipe gets the bytes as received.
            if std::io::stdout().is_terminal() {
                let text = String::from_utf8_lossy(file.bytes());
                return output::write_stdout(&crate::terminal::escape_lines(&text));
            }
            return output::write_stdout_bytes(file.bytes());
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true);
        if m.get_flag("force") {
            options.create(true).truncate(true);
        } else {
            options.create_new(true);
        }
        let written = options.open(&path).and_then(|mut f| {
            use std::io::Write;
            f.write_all(file.bytes())?;
            f.sync_all()
        });
        written.map_err(|e| {
            let why = if e.kind() == std::io::ErrorKind::AlreadyExists {
                "it exists (--force replaces it)".to_owned()
            } else {
                e.to_string()
            };
            Failure::new(
                Exit::Internal,
                format!("the answer was received, but cannot be saved to {path}: {why}"),
            )
        })?;
        let saved = serde_json::json!({
            "path": path,
            "bytes": file.bytes().len(),
            "content_type": file.content_type(),
        });
        self.document(&saved, || output::any_table(&saved))
    }

    /// `--all`: every item of the listing, one JSON document a line as they come (or one
    /// table at the end), through the SDK's paginator; a failure ends it with an error, never
    /// a silently short list.
    pub(crate) async fn stream(
        &self,
        mut items: crate::typed::Items,
        columns: &[crate::Column],
    ) -> Result<(), Failure> {
        self.streaming.set(self.format == Format::Json);
        let mut rows = Vec::new();
        let mut progress = progress::Counter::new("listing");
        while let Some(item) = items.next().await {
            if output::stdout_closed() {
                // Nobody reads the rest: fetch no more pages.
                break;
            }
            let item = self.select(item?)?;
            progress.tick();
            match self.format {
                Format::Json => output::line(&item)?,
                Format::Yaml => output::yaml_item(&item)?,
                Format::Table => rows.push(item),
            }
        }
        progress.done();
        if self.format == Format::Table {
            if self.query_text.is_some() {
                output::any_table(&Value::Array(rows))?;
            } else {
                output::column_table(&rows, columns)?;
            }
        }
        Ok(())
    }
}
