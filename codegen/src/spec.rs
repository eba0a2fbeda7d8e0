//! The YAML spec as written: one `SpecFile` per file, before any name is resolved.
//!
//! Custom deserializers keep serde_yaml's line:column on every syntax and shape error, and
//! keep map order (generated field order follows the spec).

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

/// One YAML file under `spec/<service>/`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// At most one file of a service has this section.
    pub service: Option<ServiceDef>,
    #[serde(default)]
    pub types: Entries<TypeDef>,
    #[serde(default)]
    pub actions: Entries<ActionDef>,
    #[serde(default)]
    pub waiters: Entries<WaiterDef>,
}

/// Polls an action until a state in its response is reached.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiterDef {
    pub doc: Option<String>,
    /// The action polled.
    pub action: String,
    /// Path to the state in the response, e.g. `UHostSet[0].State`.
    pub state: String,
    /// States that end the wait successfully.
    pub success: Vec<String>,
    /// States that end it as a failure.
    #[serde(default)]
    pub failure: Vec<String>,
    /// The request parameter naming the one thing waited for (an id, or a list of ids
    /// holding one), matched by `[Field]` in `state`.
    pub id: Option<String>,
    /// Path to an int in the response: the seconds the service expects the wait still to
    /// take, which sets the next poll's delay (within the wait's delays).
    pub remaining: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceDef {
    /// The UCloud product name, e.g. `UCompShare`.
    pub name: String,
    /// Package and library name of the generated crate.
    #[serde(rename = "crate")]
    pub crate_name: String,
    /// Version of the generated crate.
    pub version: String,
    pub doc: String,
    pub base_url: String,
    #[serde(default)]
    pub common: Entries<CommonDef>,
    /// RetCodes that mean "try again shortly" for every action (idempotent ones are retried
    /// on them); an action's own `retry_codes` add to these.
    #[serde(default)]
    pub retry_codes: Vec<i64>,
    /// Its answers hold more than the spec names (the official CLI prints them whole): every
    /// response, and every type only read from one, keeps the members it does not declare,
    /// by key as sent (`others`), so that nothing the service said is lost.
    #[serde(default)]
    pub keep_unknown_fields: bool,
    /// The command-line tool generated beside the crate, if any.
    pub cli: Option<CliDef>,
    /// How requests go on the wire: `ucloud-rpc` (the default: one endpoint, a signed form,
    /// the `RetCode` envelope) or `rest-json` (a method and path per action, JSON bodies,
    /// the HTTP status).
    pub protocol: Option<String>,
    /// How requests are authenticated: UCloud's signature (the default, for `ucloud-rpc`),
    /// or `{scheme: bearer, variable: NAME}` (`Authorization: Bearer`, the key read from the
    /// environment variable `NAME`).
    pub auth: Option<AuthDef>,
}

/// A service's authentication scheme.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthDef {
    /// `bearer`.
    pub scheme: String,
    /// The environment variable that holds the key.
    pub variable: String,
    /// What every key starts with (`sk-ml-`): another is refused when the client is built,
    /// naming the variable, before anything is sent.
    pub prefix: Option<String>,
    /// The environment variable that, when set, is the service's endpoint instead of
    /// `base_url` (a proxy, a test server).
    pub base_url_variable: Option<String>,
}

/// A REST action's method and path.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpDef {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: String,
    /// The path under the endpoint, its path parameters in braces: `/v1/tasks/{task_id}`.
    pub path: String,
}

/// The command-line tool: its package, binary and command groups.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CliDef {
    /// Package name, also its directory under `generated/`.
    pub package: String,
    /// The binary's name; none for a table of commands another service's tool joins
    /// (a library: `joins` of that tool names its package).
    pub binary: Option<String>,
    /// The packages of other services' command tables this tool also runs, e.g.
    /// `compshare-model-commands`: one binary, every service's commands.
    #[serde(default)]
    pub joins: Vec<String>,
    pub doc: String,
    /// Hand-written tests of the tool, a directory relative to the workspace root whose
    /// `main.rs` the package runs as its `cli` test.
    pub tests: Option<String>,
    /// Command groups: name -> doc and the spec files whose actions it holds.
    pub groups: Entries<CliGroupDef>,
    /// What a price of each billing mode covers, for quotes: mode -> `hour` (charged per
    /// hour) or the period paid for in advance (`day`, `month`, `year`).
    #[serde(default)]
    pub billing_periods: Entries<String>,
    /// Resources named by id in commands that ask before acting: id parameter -> how to look
    /// up its name, so that the question says which one.
    #[serde(default)]
    pub resources: Entries<ResourceDef>,
    /// Where the regions are listed, for finding a resource by id.
    pub regions: Option<RegionsDef>,
    /// The agents' server (`mcp`).
    #[serde(default)]
    pub mcp: McpDef,
}

/// The agents' server: what it offers when not told.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct McpDef {
    /// The command groups whose tools it offers unless `--toolsets` says otherwise: those
    /// that answer the common questions.
    #[serde(default)]
    pub default_toolsets: Vec<String>,
    /// Tools (actions) it offers besides them unless told otherwise: the one or two of a
    /// group that the common questions need.
    #[serde(default)]
    pub default_tools: Vec<String>,
}

/// How the tool looks up a resource by its id: a listing action that takes ids.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceDef {
    /// The listing action, e.g. `DescribeCompShareInstance`.
    pub action: String,
    /// Its parameter that takes ids, e.g. `UHostIds`.
    pub ids: String,
    /// Its response list, e.g. `UHostSet`, whose items carry the id under the resource's
    /// own id name ...
    pub items: String,
    /// ... and the name under this field.
    pub name: String,
    /// The items' fields naming their region and zone: a command given the id and no
    /// region or zone finds them (looking in every region of `service.cli.regions`).
    pub region: Option<String>,
    pub zone: Option<String>,
}

/// Where the regions are listed: an action answering with items that name one each.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionsDef {
    pub action: String,
    pub items: String,
    /// The items' field naming their region.
    pub region: String,
    /// And their zone, if they are zones: `doctor` checks the zone configured against them.
    pub zone: Option<String>,
    /// And the zone's id, where answers name zones by id (`zone_names`).
    pub zone_id: Option<String>,
}

/// One command group, e.g. `instance`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CliGroupDef {
    pub doc: String,
    /// Spec file stems (`instances`) whose actions are its commands unless they say otherwise.
    #[serde(default)]
    pub files: Vec<String>,
}

/// A column of `--output table`: a field of the rows, or a header and a path to its value.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum ColumnDef {
    Field(String),
    Named(BTreeMap<String, String>),
}

/// How an action appears in the command-line tool.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionCliDef {
    /// The group, if not its file's.
    pub group: Option<String>,
    /// The command name, if not the action's name in kebab case without the product.
    pub name: Option<String>,
    /// Why the action needs confirmation (it costs money or destroys something): asked on a
    /// terminal, `--yes` otherwise.
    pub confirm: Option<String>,
    /// The price action that quotes it before it is sent.
    pub quote: Option<QuoteDef>,
    /// The waiter `--wait` runs after it.
    pub wait: Option<CliWaitDef>,
    /// The columns of `--output table`, for a listing's items or the `rows`: a field's wire
    /// name, or `{Header: path}` with a path through the row (`IPSet[0].IP`).
    #[serde(default)]
    pub columns: Vec<ColumnDef>,
    /// The response list an answer's table shows, for an action that is not a listing; or a
    /// map (of maps) of values, a row per value under `keys` and `value`.
    pub rows: Option<String>,
    /// For `rows` that is a map: a column per level of keys, outermost first ...
    #[serde(default)]
    pub keys: Vec<String>,
    /// ... and the values' column.
    pub value: Option<String>,
    /// A key column holding zone ids, shown by the zone's name (`service.cli.regions`).
    pub zone_names: Option<String>,
    /// It spends money but has no `quote`: the MCP server's `--max-price` refuses it, its
    /// cost being unknown. (An action with a quote spends money.)
    #[serde(default)]
    pub costs: bool,
    /// Values the tool sends when a parameter is not given, where the server's own
    /// default would cost more than the user expects: parameter -> value.
    #[serde(default)]
    pub defaults: Entries<Scalar>,
    /// Familiar names of parameters' flags besides their own: parameter -> name, e.g.
    /// `CompShareImageId: image` (`--image`).
    #[serde(default)]
    pub aliases: Entries<String>,
    /// The parameter naming the one thing it acts on, also taken as positional arguments,
    /// several at once (`instance stop uhost-a uhost-b`): each is acted on in turn.
    pub ids: Option<String>,
    /// `false`: an id parameter named like a resource's is another thing here (a container's
    /// `cpod-` id), not to be looked up by region.
    pub locate: Option<bool>,
    /// For a listing: one item by id, as a card (`instance show ID`), which `--wait` on a
    /// command waiting through this listing also ends with.
    pub show: Option<ShowDef>,
    /// A stock check before a create, which also fills parameters left out.
    pub capacity: Option<CapacityDef>,
    /// A read (of the same service, taking no required parameter) answering the prices, in
    /// no shape the tool reads: its answer is shown with the confirmation (and an agent's
    /// preview), as the service says it.
    pub prices: Option<String>,
    /// A response field (a path, `task.output_url`) holding a URL of the thing made:
    /// `--output-file` downloads it, here and after a `--wait` that polls this action.
    pub download: Option<String>,
    /// For the action that hands out an upload URL: an `upload` command doing all three
    /// steps of an upload (ask for the URL, send the file, register it).
    pub upload: Option<UploadDef>,
    /// A listing of every region: the region and zone configured are not sent, only those
    /// given with `--region` and `--zone`.
    #[serde(default)]
    pub across_regions: bool,
    /// Filters of a listing's items, done by the tool: flag -> the items' text or enum field
    /// that must contain the value given (case aside).
    #[serde(default)]
    pub filters: Entries<String>,
    /// Flags that write one element of a list-of-objects parameter as short text
    /// (`--disk 200GiB:CLOUD_SSD`): flag -> what it writes.
    #[serde(default)]
    pub shorthands: Entries<ShorthandDef>,
}

/// A flag writing one element of a list-of-objects parameter as text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShorthandDef {
    /// The parameter, a list of objects.
    pub param: String,
    /// The text's fields, in order, separated by `:`; those after `[` may be left out:
    /// `Size[:Type]`.
    pub value: String,
    /// Fields of the element it writes, set to these values; they also pick the element of
    /// the parameter's default it replaces (the first that has them all).
    #[serde(default, rename = "where")]
    pub set: Entries<Scalar>,
    /// Values of fields its text leaves out, when it replaces no element of the default
    /// (one it replaces gives its own).
    #[serde(default)]
    pub defaults: Entries<Scalar>,
    /// The flag may be given several times, an element each.
    #[serde(default)]
    pub repeat: bool,
    /// Its help.
    pub doc: String,
}

/// A create's stock check: a read taking the create's parameters of the same names, whose
/// answer lists configurations and whether each is in stock. Nothing is bought when none that
/// fits what was given is in stock; parameters left out take the first one's values.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapacityDef {
    pub action: String,
    /// The response list of configurations.
    pub list: String,
    /// The entries' flag saying whether one is in stock.
    pub stock: String,
    /// This action's parameter -> the entries' field that must equal it (sizes compared in
    /// their units); one left out is filled from the configuration chosen ...
    #[serde(default)]
    pub fill: Entries<String>,
    /// ... or, here, must be given (it stays required).
    #[serde(default, rename = "match")]
    pub matches: Entries<String>,
}

/// An upload in three steps: this action asks where to send the file, the file goes there
/// with a `PUT`, and `register` records it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadDef {
    /// The command's name (`upload`).
    pub name: Option<String>,
    /// Its help.
    pub doc: String,
    /// The action that registers the uploaded file; its other parameters are the command's
    /// flags.
    pub register: String,
    /// The parameters, of both actions, of the file's name, type and size in bytes.
    pub file: UploadFileDef,
    /// The answer's field holding the URL the file is sent to.
    pub url: String,
    /// Headers of the `PUT` -> the answer's fields holding them.
    #[serde(default)]
    pub headers: Entries<String>,
    /// Fields of the answer that `register` takes by the same name (`object_key`).
    #[serde(default)]
    pub carry: Vec<String>,
    /// The files taken: extension (lower case, no dot) -> content type.
    pub types: Entries<String>,
}

/// Which parameters of an upload's actions describe the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadFileDef {
    pub name: String,
    #[serde(rename = "type")]
    pub content_type: String,
    pub size: String,
}

/// A listing's `show` command: one item, found by id, as a card.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShowDef {
    /// The command's name (`show`).
    pub name: Option<String>,
    /// Its help: what it shows.
    pub doc: String,
    /// The listing's parameter the id goes to (a list of ids: `UHostIds`).
    pub ids: String,
    /// The card's lines: fields or `{Header: path}`, as columns (`IPSet[].IP` joins a list's).
    pub card: Vec<ColumnDef>,
    /// Secret fields of the item shown with `--show-sensitive`, never otherwise.
    #[serde(default)]
    pub secrets: Vec<String>,
}

/// A price quote: the action, how its parameters come from the quoted action's, and how the
/// price is read from its response.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteDef {
    pub action: String,
    /// Price parameter -> the quoted action's parameter whose value it takes.
    pub params: Entries<String>,
    /// The response list of prices, of which one element is read (the one of the billing
    /// mode asked for, or the only one) ...
    pub list: Option<String>,
    /// ... and the float fields of that element summed into the price.
    #[serde(default)]
    pub sum: Vec<String>,
    /// Or a float response field that is the price.
    pub field: Option<String>,
    /// What the price is multiplied by to be in yuan (0.01 for a price in fen).
    pub scale: Option<f64>,
    /// An int parameter of the quoted action the price is multiplied by: how many are
    /// bought at that price (`MaxCount`).
    pub times: Option<String>,
    /// The quoted action's parameter naming the billing mode (`ChargeType`): the quote says
    /// what it covers, and of a list of prices by mode, the entry whose field of that name
    /// is the mode asked for is read.
    pub billing: Option<String>,
    /// The quoted action's int parameter counting the prepaid periods bought (`Quantity`).
    pub duration: Option<String>,
}

/// What `--wait` waits for after a call: a waiter, following the ids the call names or
/// returns.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CliWaitDef {
    pub waiter: String,
    /// `request.Param` or `response.Field`: a string or a list of strings.
    pub ids: String,
}

/// A parameter every action may take, whose default comes from a client setting.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommonDef {
    #[serde(rename = "type")]
    pub ty: TypeExpr,
    /// `region`, `zone` or `project_id`.
    pub setting: String,
    pub doc: String,
    /// Sent with every action when the call or client sets it, as an optional parameter of
    /// the actions that do not list it (the official SDKs send Region and ProjectId so).
    #[serde(default)]
    pub every_action: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeDef {
    pub doc: Option<String>,
    pub fields: Option<Entries<FieldDef>>,
    #[serde(rename = "enum")]
    pub values: Option<EnumValues>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionDef {
    pub doc: Option<String>,
    pub extends: Option<String>,
    pub idempotent: Option<bool>,
    pub paginate: Option<PaginateDef>,
    /// Why the action cannot be used (documented, but unavailable in production).
    pub deprecated: Option<String>,
    /// RetCodes that mean "try again shortly" for this action, besides the service's.
    #[serde(default)]
    pub retry_codes: Vec<i64>,
    /// The least pause before retrying on one of `retry_codes`, in milliseconds, times the
    /// retry's number (the official CLI pauses 2 s, 4 s, 6 s while a disk detaches).
    pub retry_pause_ms: Option<i64>,
    /// How the request is sent: `form` (the default) or `json`.
    pub body: Option<String>,
    /// What a successful answer is: `json` (the default), or `file` (a CSV export, say),
    /// whose output is the file's bytes.
    pub answer: Option<String>,
    /// For a `rest-json` service: the action's method and path.
    pub http: Option<HttpDef>,
    /// For a `rest-json` create: the header carrying its idempotency key, made once per call
    /// when the call gives none (a `header` parameter of that name gives one).
    pub idempotency_header: Option<String>,
    #[serde(default)]
    pub request: Entries<FieldDef>,
    #[serde(default)]
    pub response: Entries<FieldDef>,
    /// How the action appears in the command-line tool.
    #[serde(default)]
    pub cli: ActionCliDef,
}

/// Which parameters and fields page through a list: wire names.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginateDef {
    /// Request parameter: index of the first item.
    pub offset: String,
    /// Request parameter: page size.
    pub limit: String,
    /// Response field: the list of items.
    pub items: String,
    /// Response field: the total number of items, if the action returns one.
    pub total: Option<String>,
    /// The largest page size the service accepts; the paginator never asks for more.
    pub max_limit: i64,
    /// A string field of the items that tells them apart: an item already listed (the
    /// listing shifted while paged) is skipped.
    pub id: Option<String>,
}

/// A field, from the shorthand `Tag: string` or the long form.
#[derive(Debug, Default)]
pub struct FieldDef {
    pub ty: Option<TypeExpr>,
    pub required: bool,
    /// Whether `required` was written (an override must say it where the parent's is set).
    pub required_stated: bool,
    pub doc: Option<String>,
    pub default: Option<Scalar>,
    pub aliases: Vec<String>,
    pub override_: bool,
    pub sensitive: bool,
    /// How the value is transformed on the wire: `base64` (request strings only).
    pub encoding: Option<String>,
    /// What the service takes of a request value, checked before sending.
    pub limits: LimitsDef,
    /// For a `rest-json` request parameter: where it goes: `path`, `query`, `header` or
    /// `body` (the default).
    pub location: Option<String>,
    /// For a `header` parameter: the header's name, e.g. `Idempotency-Key`.
    pub header: Option<String>,
    /// For a size (an int request parameter or field): the API's unit, `MB` or `GB`; the
    /// command line then takes sizes as people write them (`64GiB`).
    pub unit: Option<String>,
    /// For a secret request parameter: the environment variable the tools read it from
    /// (default `COMPSHARE_<NAME>`).
    pub variable: Option<String>,
    /// For a secret request parameter: one is made when none is given (a new machine's login
    /// password), shown once.
    pub generate: bool,
}

/// The limits of a request value, as written: spans such as `1..64`, `4..30`, `0 | 0.5..2`,
/// `>0..0.8` (see `Span::parse_any`), and the parameters it needs or refuses beside it.
#[derive(Debug, Default)]
pub struct LimitsDef {
    /// A list's number of elements.
    pub items: Option<String>,
    /// Text's characters (each of a list's).
    pub length: Option<String>,
    /// A number (each of a list's): within one of the spans.
    pub range: Option<String>,
    /// A list of numbers: their sum.
    pub sum: Option<String>,
    /// Sibling fields (wire names) that must be given with it (a flag: true).
    pub requires: Vec<String>,
    /// Sibling fields that must not be given with it (a flag: not true).
    pub refuses: Vec<String>,
}

/// A span written as a number (`items: 8`) or as text (`range: "4..30"`).
struct Bound(String);

impl<'de> Deserialize<'de> for Bound {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Scalar::deserialize(d)? {
            Scalar::Str(s) => Ok(Bound(s)),
            Scalar::Int(i) => Ok(Bound(i.to_string())),
            Scalar::Float(x) => Ok(Bound(x.to_string())),
            Scalar::Bool(b) => Err(de::Error::custom(format!(
                "`{b}` is not a limit: write a number or a span such as \"1..64\""
            ))),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldLong {
    #[serde(rename = "type")]
    ty: Option<TypeExpr>,
    required: Option<bool>,
    doc: Option<String>,
    default: Option<Scalar>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default, rename = "override")]
    override_: bool,
    #[serde(default)]
    sensitive: bool,
    encoding: Option<String>,
    items: Option<Bound>,
    length: Option<Bound>,
    range: Option<Bound>,
    sum: Option<Bound>,
    #[serde(default)]
    requires: Vec<String>,
    #[serde(default)]
    refuses: Vec<String>,
    #[serde(rename = "in")]
    location: Option<String>,
    header: Option<String>,
    unit: Option<String>,
    variable: Option<String>,
    #[serde(default)]
    generate: bool,
}

/// A type as written: `string`, `Name`, a list `[T]`, or a map `{T}` (a JSON object keyed by
/// data, such as zone ids, read from responses).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeExpr {
    Name(String),
    List(Box<TypeExpr>),
    Map(Box<TypeExpr>),
}

impl fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeExpr::Name(n) => f.write_str(n),
            TypeExpr::List(t) => write!(f, "[{t}]"),
            TypeExpr::Map(t) => write!(f, "{{{t}}}"),
        }
    }
}

/// How many lists and maps a type may nest: `[[{string}]]` is three.
pub const MAX_TYPE_DEPTH: usize = 32;

impl TypeExpr {
    /// Parses `string`, `Name`, `[T]` or `{T}`, without recursion: the depth is bounded first.
    fn parse(s: &str) -> Result<Self, String> {
        let mut inner = s.trim();
        // Outermost first: `true` for a map, `false` for a list.
        let mut wrappers: Vec<bool> = Vec::new();
        while let Some((map, rest)) = inner
            .strip_prefix('[')
            .map(|r| (false, r))
            .or_else(|| inner.strip_prefix('{').map(|r| (true, r)))
        {
            if wrappers.len() >= MAX_TYPE_DEPTH {
                return Err(format!(
                    "the type nests more than {MAX_TYPE_DEPTH} lists and maps"
                ));
            }
            let (close, what) = if map { ('}', "map") } else { (']', "list") };
            inner = rest
                .strip_suffix(close)
                .ok_or_else(|| format!("unclosed {what} type `{}`", shorten(s.trim())))?
                .trim();
            wrappers.push(map);
        }
        if inner.is_empty() {
            return Err("empty type".to_owned());
        }
        let mut ty = TypeExpr::Name(inner.to_owned());
        for map in wrappers.into_iter().rev() {
            ty = if map {
                TypeExpr::Map(Box::new(ty))
            } else {
                TypeExpr::List(Box::new(ty))
            };
        }
        Ok(ty)
    }
}

/// At most 40 characters of `s`, for messages.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// A scalar YAML value (for `default`).
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Str(s) => f.write_str(s),
            Scalar::Int(i) => write!(f, "{i}"),
            Scalar::Float(x) => write!(f, "{x}"),
            Scalar::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// Enum values: a list `[A, B]` or a map from value to its doc.
#[derive(Debug, Default)]
pub struct EnumValues(pub Vec<(String, Option<String>)>);

/// A YAML mapping kept in file order. A key given twice is an error.
#[derive(Debug)]
pub struct Entries<T>(pub Vec<(String, T)>);

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Entries<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Entries<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Entries(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out: Vec<(String, T)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if out.iter().any(|(k, _)| *k == key) {
                        return Err(de::Error::custom(format_args!("`{key}` is given twice")));
                    }
                    let value = map.next_value()?;
                    out.push((key, value));
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

impl<'de> Deserialize<'de> for TypeExpr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TypeExpr;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a type: a name such as `string`, or a list such as `[string]`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<TypeExpr, E> {
                TypeExpr::parse(s).map_err(E::custom)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TypeExpr, A::Error> {
                let inner: TypeExpr = seq.next_element()?.ok_or_else(|| {
                    de::Error::custom("a list type names its element type: `[string]`")
                })?;
                if seq.next_element::<de::IgnoredAny>()?.is_some() {
                    return Err(de::Error::custom(
                        "a list type has exactly one element type",
                    ));
                }
                let mut depth = 1;
                let mut t = &inner;
                while let TypeExpr::List(next) | TypeExpr::Map(next) = t {
                    depth += 1;
                    t = next;
                }
                if depth > MAX_TYPE_DEPTH {
                    return Err(de::Error::custom(format!(
                        "the type nests more than {MAX_TYPE_DEPTH} lists"
                    )));
                }
                Ok(TypeExpr::List(Box::new(inner)))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for FieldDef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FieldDef;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a type (`string`, `[string]`, `Name`) or a mapping with `type`, `required`, `doc`, ...")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<FieldDef, E> {
                Ok(FieldDef {
                    ty: Some(TypeExpr::parse(s).map_err(E::custom)?),
                    ..FieldDef::default()
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<FieldDef, A::Error> {
                let ty = TypeExpr::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Ok(FieldDef {
                    ty: Some(ty),
                    ..FieldDef::default()
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<FieldDef, A::Error> {
                let l = FieldLong::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(FieldDef {
                    ty: l.ty,
                    required: l.required.unwrap_or(false),
                    required_stated: l.required.is_some(),
                    doc: l.doc,
                    default: l.default,
                    aliases: l.aliases,
                    override_: l.override_,
                    sensitive: l.sensitive,
                    encoding: l.encoding,
                    limits: LimitsDef {
                        items: l.items.map(|b| b.0),
                        length: l.length.map(|b| b.0),
                        range: l.range.map(|b| b.0),
                        sum: l.sum.map(|b| b.0),
                        requires: l.requires,
                        refuses: l.refuses,
                    },
                    location: l.location,
                    header: l.header,
                    unit: l.unit,
                    variable: l.variable,
                    generate: l.generate,
                })
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Scalar, E> {
                Ok(Scalar::Str(s.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                i64::try_from(v)
                    .map(Scalar::Int)
                    .map_err(|_| E::custom("integer out of range"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Float(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(v))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for EnumValues {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = EnumValues;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of values, or a mapping from value to its doc")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<EnumValues, A::Error> {
                let mut out: Vec<(String, Option<String>)> = Vec::new();
                while let Some(v) = seq.next_element::<Scalar>()? {
                    out.push((v.to_string(), None));
                }
                Ok(EnumValues(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<EnumValues, A::Error> {
                let entries =
                    Entries::<String>::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(EnumValues(
                    entries.0.into_iter().map(|(k, v)| (k, Some(v))).collect(),
                ))
            }
        }
        d.deserialize_any(V)
    }
}
