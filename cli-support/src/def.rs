//! The generated tool as data: a static [`Def`] per action (its parameters, confirmation,
//! quote, wait and columns), a [`WaitDef`] per waiter, and the whole [`Tool`]. The flow
//! that runs a `Def` is written once, for each front end: `run` for the command line,
//! `mcp::tool` for agents. The only typed code per action is its [`Runner`](crate::Runner).

use crate::ask::Resource;
use crate::quote::Quote;
use crate::typed::{Lister, Runner, WaitFn};

/// The whole command-line tool, generated from the spec.
pub struct Tool {
    /// The SDK's service: its endpoint, protocol, keys and the wire names kept secret.
    pub service: &'static compshare_runtime::ServiceInfo,
    pub binary: &'static str,
    pub about: &'static str,
    pub version: &'static str,
    /// The command groups, in order: (name, about).
    pub groups: &'static [(&'static str, &'static str)],
    /// Every action's command, each group's sorted by name.
    pub commands: &'static [&'static Def],
    /// The `wait` subcommands, sorted by name.
    pub waits: &'static [&'static WaitDef],
    /// Where the regions are listed, to find a resource named by id.
    pub regions: Option<&'static crate::ask::Regions>,
    /// The groups whose tools the agents' server offers unless `--toolsets` says otherwise,
    /// and the tools (actions) it offers besides them.
    pub default_toolsets: &'static [&'static str],
    pub default_tools: &'static [&'static str],
}

/// One action: its command and its MCP tool.
pub struct Def {
    /// The SDK's service the action is of: a tool may join several.
    pub service: &'static compshare_runtime::ServiceInfo,
    pub group: &'static str,
    pub name: &'static str,
    /// The action's wire name, also the tool's name.
    pub action: &'static str,
    /// For a REST action: its method and path, e.g. `POST /v1/tasks`.
    pub route: Option<&'static str>,
    /// The first line of the action's doc, and the whole doc.
    pub about: &'static str,
    pub long_about: &'static str,
    /// Why it is deprecated, if it is.
    pub deprecated: Option<&'static str>,
    /// Its own parameters, a flag each (sorted by wire name).
    pub fields: &'static [Field],
    /// The common parameters it takes (`Region`, `Zone`, `ProjectId`): global flags on the
    /// command line, arguments of the tool.
    pub common: &'static [Field],
    /// Why it asks before it is sent: it costs money or destroys something.
    pub confirm: Option<&'static str>,
    /// The resources its confirmation names, by their id parameter.
    pub targets: &'static [&'static Resource],
    /// The resources it names by id, whose region and zone it finds when none is configured.
    pub locate: &'static [&'static Resource],
    /// The parameter its positional ids go to: one, or several acted on in turn.
    pub ids: Option<&'static str>,
    pub quote: Option<&'static QuoteDef>,
    pub wait: Option<AfterWait>,
    /// The list `--output table` shows (a listing's items, or its answer's rows) and its
    /// columns.
    pub items: Option<&'static str>,
    pub columns: &'static [Column],
    /// For a listing: one item as a card (its `show`, and what `--wait` through it ends with).
    pub card: &'static [Column],
    pub show: Option<&'static Show>,
    /// A create's stock check, before its quote.
    pub capacity: Option<&'static crate::Capacity>,
    /// The answer's path to a URL of what was made (`task.output_url`): `--output-file`
    /// downloads it, here and after a `--wait` polling this action.
    pub download: Option<&'static str>,
    /// The MCP tool's output JSON Schema, as JSON text: the shapes of its structured answers.
    pub output: &'static str,
    /// A read answering the prices (in no shape the tool reads), shown with the confirmation
    /// and in an agent's preview.
    pub prices: Option<&'static Def>,
    /// For an action handing out upload URLs: its group's `upload` command.
    pub upload: Option<&'static Upload>,
    /// A listing of every region: the region and zone configured are not sent, only flags'.
    pub across_regions: bool,
    /// For an answer's rows that are a map (of maps): its key columns, outermost first (the
    /// last of `columns` holds the values), and the one holding zone ids, shown by name.
    pub keys: &'static [&'static str],
    pub zone_names: Option<&'static str>,
    /// Filters of a listing's items, done here: (flag, the items' field that must contain
    /// the value, case aside).
    pub filters: &'static [(&'static str, &'static str)],
    /// Flags writing one element of a list-of-objects parameter as text.
    pub shorthands: &'static [Shorthand],
    /// It answers with a file: saved with `--output-file`, else written to standard output.
    pub file: bool,
    /// Offered by the MCP server without `--allow-writes`.
    pub read_only: bool,
    pub idempotent: bool,
    /// It spends money (a quote, or the spec's `cli.costs`).
    pub costs: bool,
    /// The action's typed request: built, signed and sent.
    pub run: &'static dyn Runner,
    /// For listings: the typed paginator.
    pub pages: Option<&'static dyn Lister>,
}

/// An upload in three steps: `Def` asks where to send the file, the file goes there with a
/// `PUT` (streamed, with the headers the answer names, never the API's key), and `register`
/// records it; `register`'s other parameters are the command's flags.
pub struct Upload {
    pub name: &'static str,
    pub about: &'static str,
    pub register: &'static Def,
    /// The parameters (of both actions) of the file's name, content type and size in bytes.
    pub file: (&'static str, &'static str, &'static str),
    /// The answer's field holding the URL the file is sent to.
    pub url: &'static str,
    /// Headers of the `PUT`: (header, the answer's field holding it).
    pub headers: &'static [(&'static str, &'static str)],
    /// The answer's fields `register` takes by the same name.
    pub carry: &'static [&'static str],
    /// The files taken: (extension in lower case, content type).
    pub types: &'static [(&'static str, &'static str)],
}

/// One parameter: its flag, its wire name and how its value is read.
#[derive(Debug)]
pub struct Field {
    /// The flag's id and long name, e.g. `gpu-type`.
    pub flag: &'static str,
    pub wire: &'static str,
    pub help: &'static str,
    /// The doc's first sentence and its limits: an agent's argument description.
    pub brief: &'static str,
    pub kind: Kind,
    /// Required by the API (and not given a default by the tool).
    pub required: bool,
    /// A list: the flag repeats.
    pub many: bool,
    /// What the tool sends when it is not given (the spec's `cli.defaults`), as text.
    pub default: Option<&'static str>,
    /// What the server assumes when it is not sent (the spec's `default`), as text.
    pub api_default: Option<&'static str>,
    /// Other names of its flag (the spec's `cli.aliases`), e.g. `image`.
    pub aliases: &'static [&'static str],
}

/// How a parameter's value is read, from a flag's text or a tool's JSON.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Text,
    Int,
    Float,
    Bool,
    /// Any text; these values are known (offered in help, completion and the schema, never
    /// the only ones taken: the API's enums are open).
    Enum(&'static [&'static str]),
    /// A parameter object with these fields: `key=value,...` or JSON on the command line.
    Object(&'static [Field]),
    /// A size the API takes in `Unit`: a number of that unit, or a size as people write it
    /// (`64GiB`, `512MiB`, `1T`) on the command line; a number of that unit from a tool.
    Size(Unit),
    /// A password, never from argv or a tool's arguments: `--<flag>-stdin`, the variable, or
    /// a prompt; for a create (`generate`), one is made when none is given.
    Secret {
        variable: &'static str,
        generate: bool,
    },
}

/// A flag writing one element of a list-of-objects parameter as text: `--disk 200GiB` or
/// `--data-disk 500GiB:CLOUD_SSD` for an element of `Disks`.
#[derive(Debug)]
pub struct Shorthand {
    pub flag: &'static str,
    /// The list-of-objects parameter.
    pub param: &'static str,
    /// The text's fields, in order, separated by `:`; those after the first `required`
    /// may be left out.
    pub fields: &'static [&'static str],
    pub required: usize,
    /// Fields set to these values; they pick the element of the parameter's default it
    /// replaces (the first that has them all).
    pub set: &'static [(&'static str, &'static str)],
    /// Values of fields left out, when it replaces none (one replaced gives its own).
    pub defaults: &'static [(&'static str, &'static str)],
    /// Given several times, an element each.
    pub repeat: bool,
    pub help: &'static str,
}

/// A listing's `show` command: one item, found by id, as its card.
#[derive(Debug)]
pub struct Show {
    pub name: &'static str,
    pub about: &'static str,
    /// The listing's parameter the id goes to, and whether it takes a list.
    pub ids: &'static str,
    pub ids_many: bool,
    /// The items' field holding their id.
    pub id_field: &'static str,
    /// Secret fields shown with `--show-sensitive`.
    pub secrets: &'static [&'static str],
}

/// A column of `--output table`: its header, the path to its value in a row (fields by wire
/// name, list elements by index: `IPSet[0].IP`), and how a number there is shown.
#[derive(Debug)]
pub struct Column {
    pub header: &'static str,
    pub path: &'static str,
    pub shown: Option<Shown>,
}

/// How a column's number is shown: a size with its unit (`64GiB`), or a point in time given
/// in Unix seconds as a date and time (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    Size(Unit),
    Time,
}

impl Column {
    /// The column of a row's field `name`, under its name.
    pub const fn field(name: &'static str) -> Column {
        Column {
            header: name,
            path: name,
            shown: None,
        }
    }

    /// The values of this column in `row`: none, one, or (through `Name[]`) each element's.
    pub(crate) fn values<'v>(&self, row: &'v serde_json::Value) -> Vec<&'v serde_json::Value> {
        let mut at = vec![row];
        for step in self.path.split('.') {
            let (name, index) = match step.split_once('[') {
                Some((name, rest)) => (name, Some(rest.trim_end_matches(']'))),
                None => (step, None),
            };
            let fields = at.iter().filter_map(|v| v.get(name));
            at = match index {
                None => fields.collect(),
                Some("") => fields
                    .filter_map(serde_json::Value::as_array)
                    .flatten()
                    .collect(),
                Some(i) => {
                    let i = i.parse::<usize>().unwrap_or(usize::MAX);
                    fields.filter_map(|v| v.get(i)).collect()
                }
            };
        }
        at
    }
}

/// The unit the API takes a size in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Mb,
    Gb,
}

impl Unit {
    /// Its MiB.
    pub(crate) fn mib(self) -> u64 {
        match self {
            Unit::Mb => 1,
            Unit::Gb => 1024,
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Unit::Mb => "MB",
            Unit::Gb => "GB",
        }
    }
}

/// A command's price quote: where the price is, and how the quoted request becomes the
/// price action's.
pub struct QuoteDef {
    pub quote: Quote,
    /// The price action's parameters from the quoted request's: (its wire name, the quoted
    /// action's wire name).
    pub params: &'static [(&'static str, &'static str)],
    /// The price action's typed request.
    pub run: &'static dyn Runner,
}

/// A waiter: a `wait` subcommand, and what `--wait` runs after a call.
pub struct WaitDef {
    /// The SDK's service the waiter is of.
    pub service: &'static compshare_runtime::ServiceInfo,
    /// The subcommand, e.g. `instance-running`.
    pub name: &'static str,
    pub about: &'static str,
    /// The waiter, e.g. `InstanceRunning`.
    pub waiter: &'static str,
    /// The polled action: its flags are the `wait` subcommand's.
    pub poll: &'static Def,
    /// The polled action's parameter naming what is waited for, and whether it is a list.
    pub id: &'static str,
    pub id_many: bool,
    /// Where the polled answer holds the state (e.g. `UHostSet[UHostId].State`), the states
    /// that end the wait well and those that end it as a failure: what an agent checks.
    pub state: &'static str,
    pub success: &'static [&'static str],
    pub failure: &'static [&'static str],
    pub run: WaitFn,
}

/// `--wait` on a command: the waiter, and where the ids waited for come from.
#[derive(Clone, Copy)]
pub struct AfterWait {
    pub waiter: &'static WaitDef,
    pub ids: Ids,
}

/// Where `--wait` finds the ids: an answer's field, or a request's parameter (wire names).
#[derive(Clone, Copy, Debug)]
pub enum Ids {
    Response(&'static str),
    Request(&'static str),
}

impl Def {
    /// Whether it needs `confirm` (MCP) or may ask (command line): not a read.
    pub(crate) fn writes(&self) -> bool {
        !self.read_only
    }

    /// The secret parameters: (wire name, variable, whether one is made when none is given).
    pub(crate) fn secrets(&self) -> impl Iterator<Item = (&'static str, &'static str, bool)> {
        self.fields.iter().filter_map(|f| match f.kind {
            Kind::Secret { variable, generate } => Some((f.wire, variable, generate)),
            _ => None,
        })
    }

    /// What its help and description end with: the API action, or a REST action's method
    /// and path.
    pub(crate) fn api(&self) -> String {
        match self.route {
            Some(route) => format!("API: {route}"),
            None => format!("API action: {}", self.action),
        }
    }

    /// The tool's description: the action's doc, the action, why it confirms.
    /// Where `--output-file` finds what was made: this action's answer, or the answer of
    /// the action its `--wait` polls.
    pub(crate) fn download_path(&self) -> Option<&'static str> {
        self.download
            .or(self.wait.and_then(|w| w.waiter.poll.download))
    }

    /// The answer of this read sent with no parameters (`cli.prices`), by wire names.
    pub(crate) async fn read_plain(
        &self,
        client: &compshare_runtime::Client,
    ) -> Result<serde_json::Value, crate::Failure> {
        let prepared = self
            .run
            .prepare(client, &Default::default(), Default::default())?;
        prepared.send().await?.value()
    }

    /// The tool's description: the doc's first line and the action (or route). Whether it
    /// changes things, destroys or repeats safely is in the tool's annotations, what it takes
    /// in its schema.
    pub(crate) fn description(&self) -> String {
        // A tool's name is its action already; a REST action's route is news to an agent.
        let d = match self.route {
            Some(route) => format!("{} API: {route}.", self.about),
            None => self.about.to_owned(),
        };
        match self.deprecated {
            Some(why) => format!("Deprecated: {why} {d}"),
            None => d,
        }
    }
}
