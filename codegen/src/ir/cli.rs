//! The command-line tool's model: a command per action, grouped, with a flag per parameter.
//! Like the SDK's IR, every name is final and every choice is made; the templates in
//! `templates/cli/` print it.

use serde::{Deserialize, Serialize};

/// The generated command-line package: tables the support crate runs (`cli::Def` per
/// action, `cli::WaitDef` per waiter, `cli::Tool`).
#[derive(Debug, Serialize)]
pub struct CliIr {
    /// Package name, also its directory under `generated/`.
    pub package: String,
    pub binary: String,
    /// A table of commands another service's tool joins: a library, no binary of its own.
    pub library: bool,
    /// Other services' command tables this tool runs too.
    pub joins: Vec<JoinIr>,
    pub version: String,
    /// The SDK's package and library names.
    pub sdk: String,
    pub sdk_lib: String,
    pub about: String,
    /// Hand-written tests: their directory from the workspace root, e.g. `tests/cli`.
    pub tests: Option<String>,
    /// The workspace root from the package's directory, e.g. `../..`.
    pub root: String,
    pub groups: Vec<GroupIr>,
    /// One module per spec file with actions, as in the SDK.
    pub modules: Vec<CliModuleIr>,
    /// The fields of parameter objects, sorted by type.
    pub objects: Vec<ObjectIr>,
    /// The `wait` command's subcommands, one per waiter.
    pub waits: Vec<WaitCommandIr>,
    /// What a price of each billing mode covers: (mode, period).
    pub periods: Vec<(String, String)>,
    /// How resources named in confirmations are looked up by id.
    pub resources: Vec<ResourceIr>,
    /// Where the regions are listed, to find a resource by id: (action, items, region field).
    pub regions: Option<RegionsIr>,
    /// The groups, and the actions besides, the agents' server offers when not told
    /// otherwise.
    pub default_toolsets: Vec<String>,
    pub default_tools: Vec<String>,
}

/// Another service's command table a tool joins: its package and library names.
#[derive(Debug, Serialize)]
pub struct JoinIr {
    pub package: String,
    pub lib: String,
}

/// How a resource's name is looked up by its id, for a confirmation's question.
#[derive(Debug, Serialize)]
pub struct ResourceIr {
    /// The static that holds it, e.g. `U_HOST_ID`.
    pub name: String,
    /// The id's wire name, e.g. `UHostId`.
    pub id: String,
    pub action: String,
    /// The listing's id parameter as sent (`UHostIds.0` for a list).
    pub param: String,
    pub items: String,
    pub field: String,
    /// The items' fields naming their region and zone.
    pub region: Option<String>,
    pub zone: Option<String>,
}

/// A command group, e.g. `instance`.
#[derive(Debug, Serialize)]
pub struct GroupIr {
    pub name: String,
    pub about: String,
    /// Its commands, sorted by name.
    pub commands: Vec<CommandRef>,
}

/// Where a command's `Def` is: its module and static.
#[derive(Debug, Serialize)]
pub struct CommandRef {
    pub name: String,
    pub module: String,
    pub def: String,
}

#[derive(Debug, Serialize)]
pub struct CliModuleIr {
    pub name: String,
    pub source: String,
    pub commands: Vec<CommandIr>,
}

/// A column of `--output table`: its header, the path to its value in a row (`IPSet[0].IP`)
/// and, for a size, its unit.
#[derive(Debug, Serialize, Deserialize)]
pub struct ColumnIr {
    pub header: String,
    pub path: String,
    pub unit: Option<String>,
}

/// Where the regions are listed: the action, its items, their region's field, and (for
/// zones) their zone's name and id fields.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RegionsIr {
    pub action: String,
    pub items: String,
    pub region: String,
    pub zone: Option<String>,
    pub zone_id: Option<String>,
}

/// A create's stock check: the read, its typed request, the create's parameters it takes, the
/// list and flag of its answer, and the parameters filled: (parameter, field, scale).
#[derive(Debug, Serialize, Deserialize)]
pub struct CapacityIr {
    pub action: String,
    pub request: String,
    pub params: Vec<String>,
    pub list: String,
    pub stock: String,
    pub fill: Vec<(String, String, i64, bool)>,
}

/// A flag writing one element of a list-of-objects parameter as text (see
/// `cli_support::Shorthand`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ShorthandIr {
    pub flag: String,
    pub param: String,
    pub fields: Vec<String>,
    pub required: usize,
    pub set: Vec<(String, String)>,
    pub defaults: Vec<(String, String)>,
    pub repeat: bool,
    pub help: String,
}

/// An `upload` command: ask for an upload URL, send the file, register it.
#[derive(Debug, Serialize)]
pub struct UploadIr {
    pub name: String,
    pub about: String,
    /// The module and static of the registering action's `Def`.
    pub register_module: String,
    pub register_def: String,
    /// The parameters of the file's name, type and size.
    pub file: (String, String, String),
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub carry: Vec<String>,
    pub types: Vec<(String, String)>,
}

/// A listing's `show` command: one item by id, as its card.
#[derive(Debug, Serialize, Deserialize)]
pub struct ShowIr {
    pub name: String,
    pub about: String,
    pub ids: String,
    pub ids_many: bool,
    pub id_field: String,
    pub secrets: Vec<String>,
}

/// One action's command and tool: a `cli::Def`.
#[derive(Debug, Serialize)]
pub struct CommandIr {
    pub group: String,
    pub name: String,
    /// The action's wire name.
    pub action: String,
    /// The static holding its `Def`, e.g. `CREATE_COMP_SHARE_INSTANCE`.
    pub def: String,
    /// The answer's path to a URL of what was made, for `--output-file`.
    pub download: Option<String>,
    /// The MCP tool's output JSON Schema, as JSON text.
    pub output_schema: String,
    /// The module and static of the read listing the prices, shown with the confirmation.
    pub prices: Option<(String, String)>,
    pub upload: Option<UploadIr>,
    /// For a REST action: `METHOD /path`.
    pub route: Option<String>,
    /// The SDK client method, also the name of its generated test.
    pub method: String,
    pub request: String,
    /// First line of the action's doc, and the whole doc.
    pub about: String,
    pub long_about: String,
    pub deprecated: Option<String>,
    pub args: Vec<ArgIr>,
    /// The common parameters it takes (global flags; arguments of its tool).
    pub common: Vec<ArgIr>,
    /// Why it needs confirmation.
    pub confirm: Option<String>,
    /// The resources its confirmation names: their statics.
    pub targets: Vec<String>,
    /// The resources it names by id whose region and zone it can find when none is given.
    pub locate: Vec<String>,
    /// The parameter its positional ids go to (several: each in turn).
    pub ids: Option<String>,
    pub quote: Option<QuoteIr>,
    pub wait: Option<CommandWaitIr>,
    /// For listings: `--all` pages through them.
    pub paginated: bool,
    /// It answers with a file: saved with `--output-file`, else written to standard output.
    pub file: bool,
    /// For listings: the items' wire name and the columns of `--output table`.
    pub items: Option<String>,
    pub columns: Vec<ColumnIr>,
    /// One item as a card: `show`, and what `--wait` through this listing ends with.
    pub card: Vec<ColumnIr>,
    pub show: Option<ShowIr>,
    /// A create's stock check.
    pub capacity: Option<CapacityIr>,
    /// A listing of every region unless one is given.
    pub across_regions: bool,
    /// Rows that are a map: its key columns, and the one holding zone ids shown by name.
    pub keys: Vec<String>,
    pub zone_names: Option<String>,
    /// Filters of the items: (flag, field).
    pub filters: Vec<(String, String)>,
    /// Flags writing one element of a list-of-objects parameter.
    pub shorthands: Vec<ShorthandIr>,
    /// Offered by the MCP server without `--allow-writes`: idempotent, and a read by its
    /// verb (Describe, Get, List, Check, Download).
    pub read_only: bool,
    /// Repeating it cannot duplicate its effect.
    pub idempotent: bool,
    /// It spends money (`cli.costs`, or a quote): `--max-price` holds it to its quote, or
    /// refuses it when it has none.
    pub costs: bool,
    /// The generated end-to-end test's invocation.
    pub test: CommandTestIr,
}

/// How a value is read from its flag's text (or an object's field, or a tool's argument).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ValueIr {
    String,
    Int,
    Float,
    Bool,
    /// Any text; the known values are offered.
    Enum {
        ty: String,
        values: Vec<String>,
    },
    /// A parameter object, by the static holding its fields.
    Object {
        ty: String,
        fields: String,
    },
    /// A size in the API's `unit` (`MB`, `GB`), taken as people write sizes (`64GiB`).
    Size {
        unit: String,
    },
    /// A password: never from a flag's value; made for a create given none (`generate`).
    Secret {
        variable: String,
        generate: bool,
    },
}

/// One parameter: its flag, and its field of the request object.
#[derive(Debug, Serialize)]
pub struct ArgIr {
    /// The flag's id and long name, e.g. `u-host-ids`.
    pub id: String,
    pub wire: String,
    pub help: String,
    /// The doc's first sentence and its limits: an agent's argument description.
    pub brief: String,
    /// What the server assumes when it is not sent, as the spec writes it.
    pub api_default: Option<String>,
    pub required: bool,
    /// A list: the flag repeats.
    pub many: bool,
    pub value: ValueIr,
    /// What the tool sends when it is not given (`cli.defaults`).
    pub default: Option<String>,
    /// Other names of its flag (`cli.aliases`).
    pub aliases: Vec<String>,
}

/// The fields of a parameter object type.
#[derive(Debug, Serialize)]
pub struct ObjectIr {
    pub ty: String,
    /// The static holding them, e.g. `INSTANCE_DISK`.
    pub name: String,
    pub fields: Vec<ArgIr>,
}

/// The price quote shown before a command is sent.
#[derive(Debug, Serialize)]
pub struct QuoteIr {
    pub action: String,
    pub request: String,
    /// The price action's parameters from the quoted action's: (its wire name, theirs).
    pub params: Vec<(String, String)>,
    /// Where the price is, by wire names: a response list, of which one element's fields
    /// `sum` are added (the element whose field `key` is the billing mode asked for, or the
    /// only one), or a response field.
    pub list: Option<String>,
    pub key: Option<String>,
    pub sum: Vec<String>,
    pub field: Option<String>,
    /// The factor that makes the price yuan.
    pub scale: f64,
    /// The quoted action's parameters (wire names) that multiply the price, name its
    /// billing mode and count its prepaid periods.
    pub times: Option<String>,
    pub billing: Option<String>,
    pub duration: Option<String>,
}

/// `--wait` on a command: the waiter, and where the ids come from.
#[derive(Debug, Serialize)]
pub struct CommandWaitIr {
    /// The waiter's static, e.g. `WAIT_INSTANCE_RUNNING`.
    pub waiter: String,
    /// Where the ids are: `Response` (a field of the answer) or `Request` (a parameter),
    /// and the wire name.
    pub ids: String,
    pub source: String,
}

/// A waiter: a subcommand of `wait`, run with the flags of the action it polls.
#[derive(Debug, Serialize)]
pub struct WaitCommandIr {
    /// The static holding it.
    pub def: String,
    pub name: String,
    pub about: String,
    pub waiter: String,
    /// The waiter's method on the polled action's call, e.g. `wait_until_instance_running`.
    pub method: String,
    /// The polled action's `Def` (module and static) and request type.
    pub module: String,
    pub poll: String,
    pub request: String,
    /// The polled action's parameter naming what is waited for, and whether it is a list.
    pub id: String,
    pub id_many: bool,
    /// Where the answer holds the state (e.g. `UHostSet[UHostId].State`), the states that
    /// end the wait well and those that end it as a failure.
    pub state: String,
    pub success: Vec<String>,
    pub failure: Vec<String>,
}

/// One generated test: run the command with every flag set, against a server answering
/// `response`; the same request built with the SDK from `request_json` is what it must send.
#[derive(Debug, Serialize)]
pub struct CommandTestIr {
    pub argv: Vec<String>,
    /// Rust expressions after the arguments: the harness's region and zone as flags, for a
    /// listing of every region (which sends only those given as flags).
    pub place: Vec<String>,
    pub env: Vec<(String, String)>,
    pub request_json: String,
    pub response: String,
}
