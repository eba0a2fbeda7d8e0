//! The code model templates print. Every name is a final Rust name and every choice
//! (shape of a field, how it encodes and decodes, what a file imports) is already made.
//! Types, writes and waiter paths are data ([`TypeRef`], [`WriteIr`], [`StateStep`]): the
//! templates compose the Rust (with the filters of `render`, which spell types and string
//! literals as `rust` does), and other generators can read the same model. Choices are
//! enums, serialized for the templates as the text they print, so that a typo is a compile
//! error rather than an empty template branch.

use serde::{Deserialize, Serialize};

pub mod cli;

pub use cli::CliIr;

/// The type of a field, parameter or setter, as data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    String,
    /// A string masked wherever it is shown (a password).
    Secret,
    Int,
    Float,
    Bool,
    /// Any JSON value, kept as its text.
    Json,
    /// A type of `types:`, by its Rust name.
    Named(String),
    List(Box<TypeRef>),
    /// An object keyed by data (zone ids, model names), sorted by key.
    Map(Box<TypeRef>),
    /// A value that may be absent.
    Option(Box<TypeRef>),
}

impl TypeRef {
    /// The type without its `Option`, if it has one.
    pub fn required(&self) -> &TypeRef {
        match self {
            TypeRef::Option(inner) => inner,
            other => other,
        }
    }

    /// The named type inside options, lists and maps, if there is one.
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(n) => Some(n),
            TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Option(t) => t.named(),
            _ => None,
        }
    }
}

/// One generated crate.
#[derive(Debug, Serialize)]
pub struct Crate {
    /// Package name, e.g. `compshare`.
    pub name: String,
    /// The runtime's `Protocol` variant: `UCloudRpc` or `RestJson`.
    pub protocol: String,
    /// For a service with bearer keys: the variable that holds one, and what keys start with.
    pub bearer: Option<String>,
    pub bearer_prefix: Option<String>,
    /// The variable naming another endpoint of a bearer service.
    pub bearer_base_url: Option<String>,
    /// Library name, as code names the crate: `golden-nested` -> `golden_nested`.
    pub lib: String,
    pub version: String,
    /// UCloud product name, e.g. `UCompShare`.
    pub product: String,
    pub base_url: String,
    pub doc: Vec<String>,
    /// The spec directory it comes from, e.g. `spec/ucompshare`.
    pub spec_dir: String,
    /// Parameters most actions share, set on the call or defaulted by the client.
    pub common: Vec<CommonIr>,
    /// Wire names of the fields the spec marks sensitive, sorted, each once.
    pub sensitive: Vec<String>,
    /// RetCodes that mean "try again shortly" for every action.
    pub retry_codes: Vec<i64>,
    /// Actions the API takes as a JSON body, sorted.
    pub json_bodies: Vec<String>,
    /// Named types, sorted by name.
    pub types: Vec<TypeIr>,
    /// Actions, one module per spec file, sorted by name.
    pub modules: Vec<ModuleIr>,
    /// Example programs copied from the spec directory: (file name, source).
    pub examples: Vec<(String, String)>,
    /// The crate's README (also its crate-level docs).
    pub readme: String,
    /// The crate's changelog, if the spec directory has one.
    pub changelog: Option<String>,
    /// The command-line tool generated beside the crate, if the spec has one.
    pub cli: Option<CliIr>,
}

/// Whether a named type is a struct or an enum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeKind {
    Struct,
    Enum,
}

/// A named struct or enum from `types:`.
#[derive(Debug, Serialize)]
pub struct TypeIr {
    pub name: String,
    pub doc: Vec<String>,
    pub kind: TypeKind,
    pub fields: Vec<FieldIr>,
    pub variants: Vec<VariantIr>,
    /// Used in requests: needs `FormValue`.
    pub encode: bool,
    /// How `FormValue` writes its fields.
    pub writes: Vec<WriteIr>,
    /// Used in responses: needs `Decode`.
    pub decode: bool,
    /// Keeps the members it does not declare, in `others` (a type only read, of a service
    /// with `keep_unknown_fields`).
    pub others: bool,
    /// For a parameter object (`encode`), the doc of its `new`.
    pub new_doc: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct VariantIr {
    pub ident: String,
    /// The wire value.
    pub wire: String,
    pub doc: Vec<String>,
}

/// The runtime `Form` method that writes a value: each variant serializes as that method's
/// name. Every variant is used by a fixture whose golden crate compiles against the runtime
/// (`codegen/tests/snapshots.rs` checks), so a name that is not a `Form` method fails there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Encode {
    /// If set.
    #[serde(rename = "opt")]
    Opt,
    /// Required: recorded as missing if unset.
    #[serde(rename = "req")]
    Req,
    /// Always present (a required field of a parameter object).
    #[serde(rename = "put")]
    Put,
    /// If set, Base64-encoded.
    #[serde(rename = "opt_base64")]
    OptBase64,
    /// Required, Base64-encoded.
    #[serde(rename = "req_base64")]
    ReqBase64,
    /// A common parameter, if the call or the client sets it.
    #[serde(rename = "opt_common")]
    OptCommon,
    /// A required common parameter.
    #[serde(rename = "req_common")]
    ReqCommon,
}

impl Encode {
    pub const ALL: [Encode; 7] = [
        Encode::Opt,
        Encode::Req,
        Encode::Put,
        Encode::OptBase64,
        Encode::ReqBase64,
        Encode::OptCommon,
        Encode::ReqCommon,
    ];
}

/// Where a written value comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WriteFrom {
    /// A field of the request or parameter object.
    Field { ident: String },
    /// A common parameter: the call's, else the client's setting.
    Setting {
        #[serde(serialize_with = "setting_variant")]
        setting: Setting,
    },
}

/// One parameter as `encode` (or `FormValue::put`) writes it. A struct's or action's writes
/// are sorted bytewise by wire name, the order parameters are signed in, so that signing
/// finds them nearly sorted (list indices past 9 and `PublicKey` are all it moves).
#[derive(Debug, Serialize)]
pub struct WriteIr {
    pub wire: String,
    pub encode: Encode,
    pub from: WriteFrom,
    /// For a required parameter of an action: the setter that "missing" errors name.
    pub setter: Option<String>,
    /// The service's limits on it, checked before it is written.
    pub checks: Vec<CheckIr>,
    /// Where a REST request's parameter goes, if not in its body.
    pub location: Option<Location>,
}

/// One check of a value before it is written: a `Form` method of the runtime's limits.
#[derive(Debug, Serialize)]
pub struct CheckIr {
    /// `items`, `length`, `range`, `sum` (of `value`, within `spans`), or `requires` and
    /// `refuses` (of `other`).
    pub method: &'static str,
    /// The value checked: a Rust expression of an `Option<&T>`.
    pub value: String,
    pub spans: Vec<SpanIr>,
    /// For `requires` and `refuses`: the other field's wire name, and Rust expressions of
    /// whether each is given.
    pub other: Option<String>,
    pub given: String,
    pub other_given: String,
}

/// A span of numbers, its ends as Rust `f64` literals.
#[derive(Debug, Serialize)]
pub struct SpanIr {
    pub min: Option<String>,
    pub above: bool,
    pub max: Option<String>,
}

/// Where a parameter of a REST request goes: the runtime's `Location` variant of that name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Location {
    Path,
    Query,
    Header,
    #[default]
    Body,
}

/// A REST action's method and path.
#[derive(Clone, Debug, Serialize)]
pub struct RouteIr {
    pub method: String,
    pub path: String,
}

/// The arm of the runtime's `decode_fields!` that reads a value: each variant serializes as
/// that arm's keyword, checked as [`Encode`]'s names are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Decode {
    /// Into a field that always holds a value (lists, required fields).
    #[serde(rename = "read")]
    Read,
    /// Into an `Option` field.
    #[serde(rename = "read_opt")]
    ReadOpt,
}

impl Decode {
    pub const ALL: [Decode; 2] = [Decode::Read, Decode::ReadOpt];
}

/// One field of a named struct or of a response.
#[derive(Debug, Serialize)]
pub struct FieldIr {
    pub wire: String,
    pub ident: String,
    /// The full field type, e.g. an option of a string or a list of a named type.
    pub ty: TypeRef,
    pub doc: Vec<String>,
    /// How it is read when the struct is decoded.
    pub decode: Decode,
    /// Lowercased keys it is read from: the wire name, then its aliases.
    pub keys: Vec<String>,
    /// The API always sends it (an object without it is recorded as a mismatch), or, in a
    /// parameter object, it must be given: an argument of the object's `new`.
    pub required: bool,
    /// The method of a parameter object that sets it, if it is optional, and its doc.
    pub setter: String,
    pub setter_doc: Vec<String>,
    pub serde: SerdeName,
}

/// How serde names a field, where the struct's `rename_all = "PascalCase"` does not.
#[derive(Debug, Default, Serialize)]
pub struct SerdeName {
    /// The wire name, if `rename_all` does not give it (`CPU`, `name`).
    pub rename: Option<String>,
    /// Other names it is read from.
    pub aliases: Vec<String>,
}

/// One parameter of an action's own (not a common one): a field of its request struct and a
/// setter of its call.
#[derive(Debug, Serialize)]
pub struct ParamIr {
    pub wire: String,
    pub ident: String,
    /// The field type: always an `Option`, which the setter fills.
    pub ty: TypeRef,
    pub doc: Vec<String>,
    pub serde: SerdeName,
    pub setter: SetterIr,
}

/// Whether a setter takes one value or an iterator of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SetterKind {
    /// Takes `impl Into<ty>`.
    One,
    /// Takes any iterator of `impl Into<ty>`.
    Many,
}

/// The builder method of a parameter.
#[derive(Debug, Serialize)]
pub struct SetterIr {
    pub name: String,
    pub kind: SetterKind,
    /// The value type, or for `many` the element type.
    pub ty: TypeRef,
}

/// How a request is sent: the runtime's `Body` variant of the same name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Body {
    /// `application/x-www-form-urlencoded`, lists and objects flattened.
    Form,
    /// A JSON object: scalars as strings, lists of scalars as arrays.
    Json,
}

/// A client setting a common parameter defaults from (templates print its variant's name).
pub use compshare_protocol::Setting;

fn setting_variant<S: serde::Serializer>(setting: &Setting, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(setting.variant())
}

/// A common parameter: a setter on every `Call` whose request implements `marker`.
#[derive(Debug, Serialize)]
pub struct CommonIr {
    pub wire: String,
    /// Setter name, e.g. `project_id`.
    pub method: String,
    /// Field of the runtime's `Common` that holds it.
    pub field: &'static str,
    /// Trait marking requests that take it, e.g. `TakesProjectId`.
    pub marker: String,
    pub doc: Vec<String>,
}

/// A common parameter one action takes.
#[derive(Debug, Serialize)]
pub struct CommonUse {
    pub wire: String,
    pub marker: String,
}

/// An action's request struct: its own parameters.
#[derive(Debug, Serialize)]
pub struct RequestIr {
    pub name: String,
    pub doc: Vec<String>,
    pub fields: Vec<ParamIr>,
}

/// An action's response struct.
#[derive(Debug, Serialize)]
pub struct StructIr {
    pub name: String,
    pub doc: Vec<String>,
    pub fields: Vec<FieldIr>,
    /// Keeps the members it does not declare, in `others`.
    pub others: bool,
}

/// The actions of one spec file, generated as one module of `actions`.
#[derive(Debug, Serialize)]
pub struct ModuleIr {
    /// Module name: the spec file's stem, e.g. `images`.
    pub name: String,
    /// The spec file, e.g. `spec/ucompshare/images.yaml`.
    pub source: String,
    /// Named types the module uses.
    pub imports: Vec<String>,
    /// Actions, sorted by name.
    pub actions: Vec<ActionIr>,
}

#[derive(Debug, Serialize)]
pub struct ActionIr {
    /// Wire name, e.g. `DescribeCommunityImages`.
    pub name: String,
    /// For a REST service: its method and path, and the header of its idempotency key.
    pub route: Option<RouteIr>,
    pub idempotency_header: Option<String>,
    /// Client method and module name, e.g. `describe_community_images`.
    pub method: String,
    /// Doc of the client method.
    pub doc: Vec<String>,
    /// The alias naming the action's call, e.g. `DescribeCommunityImagesCall`.
    pub call: String,
    pub call_doc: Vec<String>,
    /// A real-shaped response body with every field, for the generated serde test; `None`
    /// when the action returns no fields.
    pub sample: Option<String>,
    /// Every parameter of its own set, as JSON with wire names, for the same test; `None` when
    /// it has none.
    pub request_sample: Option<String>,
    pub idempotent: bool,
    /// Why the action cannot be used (the note of `#[deprecated]`), as one line of text.
    pub deprecated: Option<String>,
    /// RetCodes the runtime retries for this action besides the service's.
    pub retry_codes: Vec<i64>,
    /// The least pause before such a retry, in milliseconds, times the retry's number.
    pub retry_pause_ms: Option<i64>,
    /// How the request is sent: the runtime's `Body` variant.
    pub body: Body,
    /// It answers with a file: its output is the runtime's `Download`.
    pub file: bool,
    /// The request's own parameters are in `request`; the common ones it takes are here.
    pub common: Vec<CommonUse>,
    /// How `encode` writes its parameters, common and own.
    pub writes: Vec<WriteIr>,
    pub request: RequestIr,
    pub response: StructIr,
    /// How to page through the action's results, if it lists things.
    pub paginate: Option<PaginateIr>,
    /// Waiters that poll this action.
    pub waiters: Vec<WaiterIr>,
}

/// A `wait_until_*` method on the call of the action it polls.
#[derive(Clone, Debug, Serialize)]
pub struct WaiterIr {
    pub method: String,
    pub doc: Vec<String>,
    /// The path from the response to the state, a string or enum field.
    pub state: Vec<StateStep>,
    /// The path to the seconds the service expects the wait to take still, if it says.
    pub remaining: Vec<StateStep>,
    /// The thing waited for, if the state is found by its id.
    pub target: Option<WaitTargetIr>,
    /// States that end the wait.
    pub success: Vec<String>,
    pub failure: Vec<String>,
}

/// One field on the way to a waiter's state.
#[derive(Clone, Debug, Serialize)]
pub struct StateStep {
    pub field: String,
    /// The field is an `Option`: an absent one means no state yet.
    pub optional: bool,
    /// For a list: the element taken.
    pub pick: Option<Pick>,
}

/// How a state path takes one element of a list.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Pick {
    /// By position.
    Index { index: usize },
    /// The element whose `field` (a string) is the id waited for.
    Id { field: String },
}

/// The parameter naming the one thing a waiter follows.
#[derive(Clone, Debug, Serialize)]
pub struct WaitTargetIr {
    /// The action's wire name, for the error when the call names no id or several.
    pub action: String,
    /// The parameter's wire name.
    pub param: String,
    /// Its field in the request.
    pub field: String,
    /// The state picks the element of that id (else the action reads that one thing).
    pub picks: bool,
}

/// Rust field names of a paginated action's paging parameters and results.
#[derive(Clone, Debug, Serialize)]
pub struct PaginateIr {
    /// The type of one item.
    pub item: TypeRef,
    pub offset: String,
    pub limit: String,
    pub items: String,
    pub total: Option<String>,
    /// The items' id field, if they have one.
    pub id: Option<String>,
    /// The largest page size the service accepts.
    pub max_limit: i64,
}
