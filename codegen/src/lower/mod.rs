//! Validation and lowering: the merged spec files become the IR, or every problem found
//! becomes a diagnostic. Resolution (`resolve`, with the rules of fields in `fields`, of
//! inheritance, generated names, pagination and waiters in `actions`, and of the command-line
//! tool and agents' server in `tool`) validates the files and resolves every name and
//! reference into a [`Model`]: each field's final names (Rust field, setter, flag, secret
//! variable) and its doc as data are decided there, once. Then the projections read only the
//! model and cannot fail: `shape` makes the SDK's IR (docs rendered by `docs`, the serde
//! test's samples by `samples`), `cli` the tool's. No Rust syntax is made here: names are
//! final Rust identifiers, types and paths are data, and the templates spell them.

mod actions;
mod cli;
mod docs;
mod fields;
mod limits;
mod output;
mod resolve;
mod rest;
mod samples;
mod shape;
mod tool;

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostics, did_you_mean};
use crate::ir::{Body, Crate, PaginateIr, Setting, VariantIr, WaiterIr};
use crate::load::Sources;
use crate::names;
use crate::spec::{ActionCliDef, ActionDef, ServiceDef, TypeDef, TypeExpr, WaiterDef};

/// Validates the spec of one service and builds its IR.
pub fn lower(src: &Sources) -> Result<Crate, Diagnostics> {
    let model = resolve::resolve(src)?;
    let mut krate = shape::shape(&model);
    krate.cli = cli::cli(&model);
    Ok(krate)
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Ty {
    Str,
    Int,
    Float,
    Bool,
    /// Any JSON value, kept as raw text (responses only).
    Json,
    List(Box<Ty>),
    /// A JSON object keyed by data (responses only).
    Map(Box<Ty>),
    Named(String),
}

const BUILTINS: [&str; 5] = ["string", "int", "float", "bool", "json"];

/// A request parameter an action declares itself, with how it relates to an inherited one.
struct Own {
    field: RField,
    /// `override: true`: it replaces the parameter of that name its parent declares.
    override_: bool,
    /// `required` was written, as an override must where the parent's parameter is required.
    states_required: bool,
}

/// A field after validation, with every name it goes by decided here, once: the projections
/// (SDK, tool, agents' server) read them and never compute their own.
#[derive(Clone, Debug)]
struct RField {
    wire: String,
    snake: String,
    /// The Rust field name.
    ident: String,
    /// The setter that takes it: on the call for a parameter, on the object for a field of
    /// a request object (`set_new` for a field named `new`, which names the constructor).
    setter: String,
    /// The command line's flag, e.g. `gpu-type`.
    flag: String,
    /// For a secret: the environment variable the tool reads it from.
    variable: Option<String>,
    /// For a secret: one is made when none is given.
    generate: bool,
    ty: Ty,
    required: bool,
    /// The doc as data: rendered as rustdoc or as help by the projections.
    doc: docs::FieldDoc,
    /// For common parameters: the client setting that fills it.
    setting: Option<Setting>,
    sensitive: bool,
    /// Sent Base64-encoded (`encoding: base64`).
    base64: bool,
    /// Where a REST request's parameter goes, and for a header its name.
    location: crate::ir::Location,
    header: Option<String>,
    /// A size's unit (`MB`, `GB`), for sizes as people write them.
    unit: Option<String>,
    aliases: Vec<String>,
    /// What the service takes of it, checked before sending.
    limits: limits::RLimits,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    TypeField,
    Request,
    Response,
}

struct Common<'a> {
    ty: Ty,
    setting: Setting,
    /// The setter every call that takes it has.
    setter: String,
    doc: &'a str,
}

/// The validator's state: the merged definitions and the problems found so far.
struct Lowering<'a> {
    diags: Diagnostics,
    service: Option<(&'a str, &'a ServiceDef)>,
    types: BTreeMap<&'a str, (&'a str, &'a TypeDef)>,
    actions: BTreeMap<&'a str, (&'a str, &'a ActionDef)>,
    waiters: BTreeMap<&'a str, (&'a str, &'a WaiterDef)>,
    common: BTreeMap<&'a str, Common<'a>>,
}

/// One service's spec, validated, with every name and reference resolved: what `shape` turns
/// into the IR. Nothing can fail from here on.
struct Model<'a> {
    src: &'a Sources,
    service: &'a ServiceDef,
    /// The common parameters, in the order of `service.common`.
    common: Vec<(&'a str, Common<'a>)>,
    /// Named structs and enums, by name.
    structs: BTreeMap<&'a str, Vec<RField>>,
    enums: BTreeMap<&'a str, Vec<VariantIr>>,
    /// The doc of every named type.
    type_docs: BTreeMap<&'a str, &'a str>,
    /// Named types used in requests (they encode) and in responses (they decode).
    encode: BTreeSet<String>,
    decode: BTreeSet<String>,
    /// Actions, sorted by name.
    actions: Vec<ActionModel<'a>>,
    /// The command-line tool and agents' server, if the service declares them.
    tool: Option<tool::ToolModel>,
    /// The wire protocol and authentication.
    wire: rest::Wire,
}

/// One action, resolved.
struct ActionModel<'a> {
    name: &'a str,
    /// The client's method, e.g. `create_comp_share_instance`.
    method: String,
    /// For a REST service: (method, path), and the idempotency key's header.
    route: Option<rest::Route>,
    idempotency_header: Option<String>,
    /// The spec file it is defined in.
    file: &'a str,
    doc: &'a str,
    idempotent: bool,
    /// Why it cannot be used, if the spec says so.
    deprecated: Option<&'a str>,
    /// RetCodes retried for this action besides the default rule's.
    retry_codes: Vec<i64>,
    /// The least pause before retrying on one of them, in milliseconds.
    retry_pause_ms: Option<i64>,
    /// How the request is sent.
    body: Body,
    /// Whether it answers with a file rather than JSON.
    answers_file: bool,
    /// Its parameters: inherited ones first, common ones in `service.common` order.
    request: Vec<RField>,
    response: Vec<RField>,
    paginate: Option<PaginateIr>,
    waiters: Vec<WaiterIr>,
    /// How it appears in the command-line tool.
    cli: &'a ActionCliDef,
}

impl<'a> Lowering<'a> {
    /// Merges the files: one service, each type and action defined once.
    fn gather(&mut self, src: &'a Sources) {
        for (file, spec) in &src.files {
            if let Some(service) = &spec.service {
                match self.service {
                    Some((first, _)) => self.diags.push(
                        file,
                        "service",
                        format!("the `service` section is given twice: in {first} and {file}"),
                    ),
                    None => self.service = Some((file, service)),
                }
            }
            let (types, actions, waiters) = (&mut self.types, &mut self.actions, &mut self.waiters);
            define_once(&mut self.diags, types, &spec.types.0, file, "types", "type");
            define_once(
                &mut self.diags,
                actions,
                &spec.actions.0,
                file,
                "actions",
                "action",
            );
            define_once(
                &mut self.diags,
                waiters,
                &spec.waiters.0,
                file,
                "waiters",
                "waiter",
            );
        }
    }

    fn check_service(&mut self, file: &str, s: &'a ServiceDef) {
        // Over 80 lines: each of the service's keys checked in turn, a few lines each; the
        // diagnostics come out in the spec's order.
        let crate_ok = s.crate_name.starts_with(|c: char| c.is_ascii_lowercase())
            && s.crate_name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
        if !crate_ok {
            self.diags.push(
                file,
                "service.crate",
                format!(
                    "invalid crate name `{}`: use lowercase letters, digits, `-` and `_`",
                    s.crate_name
                ),
            );
        }
        if !names::is_type_name(&s.name) {
            self.diags.push(
                file,
                "service.name",
                format!("invalid product name `{}`", s.name),
            );
        }
        let url_ok = (s.base_url.starts_with("https://") || s.base_url.starts_with("http://"))
            && !s
                .base_url
                .contains(|c: char| c.is_whitespace() || c == '"' || c == '\\');
        if !url_ok {
            self.diags.push(
                file,
                "service.base_url",
                format!("`{}` is not an http(s) URL", s.base_url),
            );
        }
        let version_ok = s.version.split('.').count() == 3
            && s.version
                .split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
        if !version_ok {
            self.diags.push(
                file,
                "service.version",
                format!("`{}` is not a MAJOR.MINOR.PATCH version", s.version),
            );
        }
        for (wire, c) in &s.common.0 {
            let path = format!("service.common.{wire}");
            if !names::is_wire_name(wire) {
                self.diags
                    .push(file, &path, format!("invalid wire name `{wire}`"));
            }
            if names::PROTOCOL_PARAMS.contains(&wire.as_str()) {
                self.diags.push(
                    file,
                    &path,
                    format!(
                        "`{wire}` is a protocol parameter: the client sends it on every request"
                    ),
                );
            }
            if c.ty != TypeExpr::Name("string".to_owned()) {
                self.diags.push(
                    file,
                    &path,
                    format!("common parameters are strings, not `{}`", c.ty),
                );
            }
            match Setting::ALL.into_iter().find(|s| s.setter() == c.setting) {
                Some(setting) => {
                    self.common.insert(
                        wire,
                        Common {
                            ty: Ty::Str,
                            setting,
                            setter: fields::setter_of(&names::snake(wire), Section::Request),
                            doc: &c.doc,
                        },
                    );
                }
                None => self.diags.push(
                    file,
                    format!("{path}.setting"),
                    format!(
                        "unknown client setting `{}`: use region, zone or project_id{}",
                        c.setting,
                        did_you_mean(&c.setting, Setting::ALL.iter().map(|s| s.setter()))
                    ),
                ),
            }
        }
        self.check_retry_codes(file, "service.retry_codes", &s.retry_codes);
    }

    /// RetCodes declared transient: errors (not 0), each once.
    fn check_retry_codes(&mut self, file: &str, path: &str, codes: &[i64]) {
        let mut seen = BTreeSet::new();
        for code in codes {
            let problem = if *code == 0 {
                "success, not an error"
            } else if !seen.insert(*code) {
                "listed twice"
            } else {
                continue;
            };
            self.diags
                .push(file, path, format!("`{code}` is {problem}"));
        }
    }

    /// The type a type expression names, or why it names none.
    fn resolve_type(&self, t: &TypeExpr) -> Result<Ty, String> {
        match t {
            TypeExpr::List(inner) => Ok(Ty::List(Box::new(self.resolve_type(inner)?))),
            TypeExpr::Map(inner) => Ok(Ty::Map(Box::new(self.resolve_type(inner)?))),
            TypeExpr::Name(n) => match n.as_str() {
                "string" => Ok(Ty::Str),
                "int" => Ok(Ty::Int),
                "float" => Ok(Ty::Float),
                "bool" => Ok(Ty::Bool),
                "json" => Ok(Ty::Json),
                _ if self.types.contains_key(n.as_str()) => Ok(Ty::Named(n.clone())),
                _ => Err(format!(
                    "unknown type `{n}`{}",
                    did_you_mean(
                        n,
                        BUILTINS.iter().copied().chain(self.types.keys().copied())
                    )
                )),
            },
        }
    }
}

/// Adds each definition to `seen`, reporting one defined before (in this file or another).
fn define_once<'a, T>(
    diags: &mut Diagnostics,
    seen: &mut BTreeMap<&'a str, (&'a str, &'a T)>,
    defs: &'a [(String, T)],
    file: &'a str,
    section: &str,
    what: &str,
) {
    for (name, def) in defs {
        match seen.get(name.as_str()) {
            Some((first, _)) => diags.push(
                file,
                format!("{section}.{name}"),
                format!("{what} `{name}` is defined twice: in {first} and {file}"),
            ),
            None => {
                seen.insert(name, (file, def));
            }
        }
    }
}

impl Model<'_> {
    /// The struct a type names (through a list), if it is a parameter object.
    fn object_of(&self, ty: &Ty) -> Option<String> {
        match ty {
            Ty::List(inner) => self.object_of(inner),
            Ty::Named(n) if self.structs.contains_key(n.as_str()) => Some(n.clone()),
            _ => None,
        }
    }
}

/// Adds `ty`'s named types, and those reachable through their fields, to `set`.
fn mark(ty: &Ty, structs: &BTreeMap<&str, Vec<RField>>, set: &mut BTreeSet<String>) {
    match ty {
        Ty::List(inner) | Ty::Map(inner) => mark(inner, structs, set),
        Ty::Named(n) if set.insert(n.clone()) => {
            for f in structs
                .get(n.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                mark(&f.ty, structs, set);
            }
        }
        _ => {}
    }
}

/// Adds the named types `ty` mentions directly (through lists, not through struct fields).
fn named_in(ty: &Ty, out: &mut Vec<String>) {
    match ty {
        Ty::List(inner) | Ty::Map(inner) => named_in(inner, out),
        Ty::Named(n) => out.push(n.clone()),
        _ => {}
    }
}

/// The module of a spec file's actions: its file stem, `spec/x/instances.yaml` -> `instances`.
fn module_name(file: &str) -> String {
    let stem = file.rsplit('/').next().unwrap_or(file);
    stem.strip_suffix(".yaml").unwrap_or(stem).to_owned()
}
