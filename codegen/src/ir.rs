//! The code model templates print. Every name is a final Rust name and every choice
//! (shape of a field, how it encodes and decodes, what a file imports) is already made.

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
    /// Named types, sorted by name.
    pub types: Vec<TypeIr>,
    /// Actions, one module per spec file, sorted by name.
    pub modules: Vec<ModuleIr>,
    /// Example programs copied from the spec directory: (file name, source).
    pub examples: Vec<(String, String)>,
    /// The crate's README (also its crate-level docs).
    pub readme: String,
}

/// A named struct or enum from `types:`.
#[derive(Debug, Serialize)]
pub struct TypeIr {
    pub name: String,
    pub doc: Vec<String>,
    /// `struct` or `enum`.
    pub kind: &'static str,
    pub fields: Vec<FieldIr>,
    pub variants: Vec<VariantIr>,
    /// Used in requests: needs `FormValue`.
    pub encode: bool,
    /// Used in responses: needs `Decode`.
    pub decode: bool,
    /// Users build it (request objects): no `#[non_exhaustive]`, so struct literals work.
    pub literal: bool,
}

#[derive(Debug, Serialize)]
pub struct VariantIr {
    pub ident: String,
    /// The wire value as a Rust string literal.
    pub value: String,
    pub doc: Vec<String>,
}

/// One field of a struct.
#[derive(Debug, Serialize)]
pub struct FieldIr {
    pub wire: String,
    pub ident: String,
    /// The full field type, e.g. `Option<String>` or `Vec<CompShareImage>`.
    pub ty: String,
    pub doc: Vec<String>,
    /// The `Form` method that writes it: `opt`, `req`, `put`, `opt_base64` or `req_base64`.
    pub encode: &'static str,
    /// For required top-level parameters: the setter named when it is missing.
    pub required_setter: Option<String>,
    /// For `opt_or`/`req_or`: the `Setting` variant that supplies the default.
    pub setting: Option<&'static str>,
    /// The `Reader` method that reads it: `read` or `read_opt`.
    pub decode: &'static str,
    /// Lowercased keys it is read from: the wire name, then its aliases.
    pub keys: Vec<String>,
    /// The arguments of its `serde(...)` attribute, when the struct's `rename_all` does not
    /// give its wire name or it has aliases, e.g. `rename = "CPU"`.
    pub serde: Option<String>,
    pub setter: Option<SetterIr>,
}

/// The builder method of a top-level request field.
#[derive(Debug, Serialize)]
pub struct SetterIr {
    pub name: String,
    /// `one` (takes `impl Into<ty>`) or `many` (takes any iterator of `impl Into<ty>`).
    pub kind: &'static str,
    /// The value type, or for `many` the element type.
    pub ty: String,
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
    /// The `Setting` variant.
    pub setting: &'static str,
    /// The `Form` method that writes it: `req_common` or `opt_common`.
    pub encode: &'static str,
    pub marker: String,
}

/// A request or response struct of an action.
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
    /// The request's own parameters are in `request`; the common ones it takes are here.
    pub common: Vec<CommonUse>,
    pub request: StructIr,
    pub response: StructIr,
    /// How to page through the action's results, if it lists things.
    pub paginate: Option<PaginateIr>,
    /// Waiters that poll this action.
    pub waiters: Vec<WaiterIr>,
}

/// A `wait_until_*` method on the call of the action it polls.
#[derive(Debug, Serialize)]
pub struct WaiterIr {
    pub method: String,
    pub doc: Vec<String>,
    /// Rust closure body reading the state from `out`, as `Option<String>`.
    pub state: String,
    /// Rust string literals.
    pub success: Vec<String>,
    pub failure: Vec<String>,
}

/// Rust field names of a paginated action's paging parameters and results.
#[derive(Debug, Serialize)]
pub struct PaginateIr {
    /// Rust type of one item.
    pub item: String,
    pub offset: String,
    pub limit: String,
    pub items: String,
    pub total: Option<String>,
    /// The largest page size the service accepts.
    pub max_limit: i64,
}
