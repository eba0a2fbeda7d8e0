//! The command-line tool's model: a command per action, grouped, with a flag per parameter.
//! Like the SDK's IR, every name is final and every choice is made; the templates in
//! `templates/cli/` print it.

use serde::Serialize;

use super::TypeRef;

/// The generated command-line package.
#[derive(Debug, Serialize)]
pub struct CliIr {
    /// Package name, also its directory under `generated/`.
    pub package: String,
    pub binary: String,
    pub version: String,
    /// The SDK's package and library names.
    pub sdk: String,
    pub sdk_lib: String,
    pub about: String,
    /// Hand-written tests, relative to the package directory, e.g. `../../tests/cli/main.rs`.
    pub tests: Option<String>,
    pub groups: Vec<GroupIr>,
    /// One module per spec file with actions, as in the SDK.
    pub modules: Vec<CliModuleIr>,
    /// Parsers of parameter objects (`key=value,...` or JSON), sorted by type.
    pub objects: Vec<ObjectIr>,
    /// The `wait` command's subcommands, one per waiter.
    pub waits: Vec<WaitCommandIr>,
    /// Every action's confirmation, for `call`, which sends actions by name.
    pub confirms: Vec<(String, String)>,
    /// Actions with a price quote, and their command, which `call` sends people to.
    pub quoted: Vec<(String, String)>,
    /// What a price of each billing mode covers: (mode, period).
    pub periods: Vec<(String, String)>,
    /// How resources named in confirmations are looked up by id.
    pub resources: Vec<ResourceIr>,
}

/// How a resource's name is looked up by its id, for a confirmation's question.
#[derive(Debug, Serialize)]
pub struct ResourceIr {
    /// The const that holds it, e.g. `U_HOST_ID`.
    pub name: String,
    /// The id's wire name, e.g. `UHostId`.
    pub id: String,
    pub action: String,
    /// The listing's id parameter as sent (`UHostIds.0` for a list).
    pub param: String,
    pub items: String,
    pub field: String,
}

/// A command group, e.g. `instance`.
#[derive(Debug, Serialize)]
pub struct GroupIr {
    pub name: String,
    pub about: String,
    /// Its commands, sorted by name: (command name, module, function).
    pub commands: Vec<CommandRef>,
}

#[derive(Debug, Serialize)]
pub struct CommandRef {
    pub name: String,
    pub module: String,
    pub function: String,
}

#[derive(Debug, Serialize)]
pub struct CliModuleIr {
    pub name: String,
    pub source: String,
    pub commands: Vec<CommandIr>,
}

/// One action's command.
#[derive(Debug, Serialize)]
pub struct CommandIr {
    pub group: String,
    pub name: String,
    /// The action's wire name.
    pub action: String,
    /// The SDK client method, also the name of the command's functions.
    pub method: String,
    pub request: String,
    pub response: String,
    /// First line of the action's doc, and the whole doc.
    pub about: String,
    pub long_about: String,
    pub deprecated: Option<String>,
    pub args: Vec<ArgIr>,
    /// Why it needs confirmation.
    pub confirm: Option<String>,
    /// What a confirmation names: (flag, resource const) of each id parameter with a lookup.
    pub targets: Vec<(String, String)>,
    pub quote: Option<QuoteIr>,
    pub wait: Option<CommandWaitIr>,
    /// For listings: `--all` pages through them.
    pub paginated: bool,
    /// It answers with a file: saved with `--output-file`, else written to standard output.
    pub file: bool,
    /// For listings: the items' wire name and the columns of `--output table`.
    pub items: Option<String>,
    pub columns: Vec<String>,
    /// The generated end-to-end test's invocation.
    pub test: CommandTestIr,
    /// The action as an MCP tool.
    pub tool: ToolIr,
}

/// An action as a tool of the MCP server (`compshare-rs mcp`).
#[derive(Debug, Serialize)]
pub struct ToolIr {
    /// The input JSON Schema, as JSON text: the action's parameters by wire name (common
    /// ones included, secrets not), `confirm` for writes, `all` and `max_items` for listings.
    pub schema: String,
    /// Offered without `--allow-writes`: idempotent, and named Describe, Get, List or Check.
    pub read_only: bool,
    /// Repeating it cannot duplicate its effect.
    pub idempotent: bool,
    /// It spends money (`cli.costs`, or a quote): `--max-price` holds it to its quote, or
    /// refuses it when it has none.
    pub costs: bool,
    /// Common parameters the action takes, by setter: `region`, `zone`, `project_id`.
    pub common: Vec<String>,
    /// Secret parameters, filled from the server's environment or generated.
    pub secrets: Vec<SecretIr>,
}

/// A secret parameter of a tool.
#[derive(Debug, Serialize)]
pub struct SecretIr {
    pub wire: String,
    pub setter: String,
    /// The environment variable that holds it, as for the command line.
    pub variable: String,
}

/// How a value is read from its flag's text (or an object's field), and set.
#[derive(Clone, Debug, Serialize)]
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
    /// A parameter object, by its parser.
    Object {
        ty: String,
        parser: String,
    },
    /// A password: never from a flag's value; made for a create given none (`generate`).
    Secret {
        variable: String,
        generate: bool,
    },
}

/// One parameter's flag.
#[derive(Debug, Serialize)]
pub struct ArgIr {
    /// The flag's id and long name, e.g. `u-host-ids`.
    pub id: String,
    pub wire: String,
    pub help: String,
    pub required: bool,
    /// A list: the flag repeats.
    pub many: bool,
    pub value: ValueIr,
    /// The SDK setter that takes it.
    pub setter: String,
    /// What the tool sends when it is not given (`cli.defaults`).
    pub default: Option<String>,
}

/// A parameter object's parser.
#[derive(Debug, Serialize)]
pub struct ObjectIr {
    pub ty: String,
    pub parser: String,
    pub fields: Vec<ObjectFieldIr>,
}

#[derive(Debug, Serialize)]
pub struct ObjectFieldIr {
    pub wire: String,
    pub required: bool,
    pub many: bool,
    pub value: ValueIr,
    /// The setter of an optional field (required ones are arguments of `new`, in order).
    pub setter: String,
}

/// The price quote shown before a command is sent.
#[derive(Debug, Serialize)]
pub struct QuoteIr {
    pub action: String,
    pub method: String,
    /// The price action's parameters, each read from the quoted command's flag `from`.
    pub args: Vec<QuoteArgIr>,
    /// Where the price is, by wire names: a response list, of which one element's fields
    /// `sum` are added (the element whose field `key` is the billing mode asked for, or the
    /// only one), or a response field.
    pub list: Option<String>,
    pub key: Option<String>,
    pub sum: Vec<String>,
    pub field: Option<String>,
    /// The factor that makes the price yuan.
    pub scale: f64,
    /// Common parameters the price action takes (by setter), set as on the quoted call.
    pub common: Vec<String>,
    /// The quoted action's parameters (flag, wire name) that multiply the price, name its
    /// billing mode and count its prepaid periods.
    pub times: Option<(String, String)>,
    pub billing: Option<(String, String)>,
    pub duration: Option<(String, String)>,
}

#[derive(Debug, Serialize)]
pub struct QuoteArgIr {
    /// The quoted command's flag, and its parameter's wire name.
    pub from: String,
    pub from_wire: String,
    pub arg: ArgIr,
}

/// `--wait` on a command: the waiter's call and where the ids come from.
#[derive(Debug, Serialize)]
pub struct CommandWaitIr {
    pub waiter: String,
    /// The waiter's method on the polled action's call, e.g. `wait_until_instance_running`.
    pub method: String,
    /// The polled action's client method and the setter of the waited-for id.
    pub poll: String,
    pub id_setter: String,
    /// Whether the id setter takes a list.
    pub id_many: bool,
    /// The ids: a field of the response, or the flag of a request parameter.
    pub from_response: bool,
    /// The response field (Rust name) or the flag's id.
    pub source: String,
    /// Whether the source is a list (a response list, or a repeated flag).
    pub source_many: bool,
    pub source_optional: bool,
}

/// A subcommand of `wait`: a waiter, run with the flags of the action it polls.
#[derive(Debug, Serialize)]
pub struct WaitCommandIr {
    pub name: String,
    pub about: String,
    pub waiter_method: String,
    /// The polled action's command: its module and function names.
    pub module: String,
    pub function: String,
    pub action: String,
}

/// One generated test: run the command with every flag set, against a server answering
/// `response`; the same request built with the SDK from `request_json` is what it must send.
#[derive(Debug, Serialize)]
pub struct CommandTestIr {
    pub argv: Vec<String>,
    pub env: Vec<(String, String)>,
    pub request_json: String,
    pub response: String,
}

impl ValueIr {
    /// The type the setter of such a value takes.
    pub fn type_ref(&self) -> TypeRef {
        match self {
            ValueIr::String => TypeRef::String,
            ValueIr::Int => TypeRef::Int,
            ValueIr::Float => TypeRef::Float,
            ValueIr::Bool => TypeRef::Bool,
            ValueIr::Enum { ty, .. } | ValueIr::Object { ty, .. } => TypeRef::Named(ty.clone()),
            ValueIr::Secret { .. } => TypeRef::Secret,
        }
    }
}
