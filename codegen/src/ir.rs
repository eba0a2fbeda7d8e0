//! The code model templates print. Every name is a final Rust name and every choice
//! (shape of a field, how it encodes and decodes, what a file imports) is already made.
//! Choices are enums, serialized for the templates as the text they print, so that a typo is
//! a compile error rather than an empty template branch.

use serde::Serialize;

/// One generated crate.
#[derive(Debug, Serialize)]
pub struct Crate {
    /// Package name, e.g. `compshare`.
    pub name: String,
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
    /// Users build it (request objects): no `#[non_exhaustive]`, so struct literals work.
    pub literal: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct VariantIr {
    pub ident: String,
    /// The wire value.
    pub wire: String,
    /// The wire value as a Rust string literal.
    pub value: String,
    pub doc: Vec<String>,
}

/// The `Form` method that writes a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Encode {
    /// If set.
    Opt,
    /// Required: recorded as missing if unset.
    Req,
    /// Always present (a required field of a parameter object).
    Put,
    /// If set, Base64-encoded.
    OptBase64,
    /// Required, Base64-encoded.
    ReqBase64,
    /// A common parameter, if the call or the client sets it.
    OptCommon,
    /// A required common parameter.
    ReqCommon,
}

/// One parameter as `encode` (or `FormValue::put`) writes it. A struct's or action's writes
/// are sorted bytewise by wire name, the order parameters are signed in, so that signing
/// finds them nearly sorted (list indices past 9 and `PublicKey` are all it moves).
#[derive(Debug, Serialize)]
pub struct WriteIr {
    pub wire: String,
    pub encode: Encode,
    /// The arguments after the wire name, e.g. `"cpu", &self.cpu` or `rt::Setting::Region`.
    pub args: String,
    /// For a list with a most number of elements: the arguments of the check before it is
    /// written, after the wire name, e.g. `&self.u_host_ids, 10`.
    pub max_items: Option<String>,
}

/// The `Reader` method that reads a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decode {
    /// Into a field that always holds a value (lists, required fields).
    Read,
    /// Into an `Option` field.
    ReadOpt,
}

/// One field of a named struct or of a response.
#[derive(Debug, Serialize)]
pub struct FieldIr {
    pub wire: String,
    pub ident: String,
    /// The full field type, e.g. `Option<String>` or `Vec<CompShareImage>`.
    pub ty: String,
    pub doc: Vec<String>,
    /// How it is read when the struct is decoded.
    pub decode: Decode,
    /// Lowercased keys it is read from: the wire name, then its aliases.
    pub keys: Vec<String>,
    /// The arguments of its `serde(...)` attribute, when the struct's `rename_all` does not
    /// give its wire name or it has aliases, e.g. `rename = "CPU"`.
    pub serde: Option<String>,
}

/// One parameter of an action's own (not a common one): a field of its request struct and a
/// setter of its call.
#[derive(Debug, Serialize)]
pub struct ParamIr {
    pub wire: String,
    pub ident: String,
    /// The field type: always an `Option`, which the setter fills.
    pub ty: String,
    pub doc: Vec<String>,
    /// As for [`FieldIr::serde`].
    pub serde: Option<String>,
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
    pub ty: String,
}

/// How a request is sent: the runtime's `Body` variant of the same name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Body {
    /// `application/x-www-form-urlencoded`, lists and objects flattened.
    Form,
    /// A JSON object: scalars as strings, lists of scalars as arrays.
    Json,
}

/// A client setting a common parameter defaults from: the runtime's `Setting` variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Setting {
    Region,
    Zone,
    ProjectId,
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
    /// The note of `#[deprecated]` on the client method, as a Rust string literal, for an
    /// action that cannot be used.
    pub deprecated: Option<String>,
    /// RetCodes the runtime retries for this action besides the default rule's.
    pub retry_codes: Vec<i64>,
    /// The least pause before such a retry, in milliseconds, times the retry's number.
    pub retry_pause_ms: Option<i64>,
    /// How the request is sent: the runtime's `Body` variant.
    pub body: Body,
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
    /// Rust closure body reading the state from `out`, as `Option<String>` (with `id`, the
    /// thing waited for, in scope when `target` is set).
    pub state: String,
    /// Rust expression of the id waited for, from the call's parameters, if the state is
    /// found by id.
    pub target: Option<String>,
    /// The wire name of the parameter naming the thing waited for, if any.
    pub id: Option<String>,
    /// Rust string literals.
    pub success: Vec<String>,
    pub failure: Vec<String>,
}

/// Rust field names of a paginated action's paging parameters and results.
#[derive(Clone, Debug, Serialize)]
pub struct PaginateIr {
    /// Rust type of one item.
    pub item: String,
    pub offset: String,
    pub limit: String,
    pub items: String,
    pub total: Option<String>,
    /// The items' id field, if they have one.
    pub id: Option<String>,
    /// The largest page size the service accepts.
    pub max_limit: i64,
}
