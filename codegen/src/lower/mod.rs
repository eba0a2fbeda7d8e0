//! Validation and lowering: the merged spec files become the IR, or every problem found
//! becomes a diagnostic. This file merges the files and orchestrates; `fields` checks and
//! shapes fields, `actions` handles inheritance, generated names, pagination and waiters.
//! The only Rust syntax made here: type names, and the accessor a waiter reads its state with.

mod actions;
mod fields;
mod samples;

use samples::Shape;

use std::collections::{BTreeMap, BTreeSet};

use fields::{contains_json, doc_lines, request_field, type_field};

use crate::diag::{Diagnostics, did_you_mean};
use crate::ir::{
    ActionIr, CommonIr, CommonUse, Crate, FieldIr, ModuleIr, StructIr, TypeIr, VariantIr, WaiterIr,
};
use crate::load::Sources;
use crate::names;
use crate::spec::{ActionDef, FieldDef, ServiceDef, TypeDef, TypeExpr, WaiterDef};

#[derive(Clone, Debug, PartialEq, Eq)]
enum Ty {
    Str,
    Int,
    Float,
    Bool,
    /// Any JSON value, kept as raw text (responses only).
    Json,
    List(Box<Ty>),
    Named(String),
}

const BUILTINS: [&str; 5] = ["string", "int", "float", "bool", "json"];

/// Client settings a common parameter can default from: (spec name, which is also the field of
/// the runtime's `Common`; `Setting` variant; prose).
const SETTINGS: [(&str, &str, &str); 3] = [
    ("region", "Region", "region"),
    ("zone", "Zone", "zone"),
    ("project_id", "ProjectId", "project id"),
];

/// A field after validation, before its Rust shape is chosen.
#[derive(Clone, Debug)]
struct RField {
    wire: String,
    snake: String,
    ty: Ty,
    required: bool,
    doc: Vec<String>,
    /// For common parameters: the `Setting` variant.
    setting: Option<&'static str>,
    sensitive: bool,
    /// Sent Base64-encoded (`encoding: base64`).
    base64: bool,
    aliases: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    TypeField,
    Request,
    Response,
}

struct Common<'a> {
    ty: Ty,
    /// Field of the runtime's `Common`, e.g. `project_id`.
    field: &'static str,
    setting: &'static str,
    prose: &'static str,
    doc: &'a str,
}

struct Lowering<'a> {
    diags: Diagnostics,
    service: Option<(&'a str, &'a ServiceDef)>,
    types: BTreeMap<&'a str, (&'a str, &'a TypeDef)>,
    actions: BTreeMap<&'a str, (&'a str, &'a ActionDef)>,
    waiters: BTreeMap<&'a str, (&'a str, &'a WaiterDef)>,
    common: BTreeMap<&'a str, Common<'a>>,
}

/// Validates the spec of one service and builds its IR.
pub fn lower(src: &Sources) -> Result<Crate, Diagnostics> {
    let mut l = Lowering {
        diags: Diagnostics::default(),
        service: None,
        types: BTreeMap::new(),
        actions: BTreeMap::new(),
        waiters: BTreeMap::new(),
        common: BTreeMap::new(),
    };
    l.gather(src);
    if l.actions.is_empty() {
        l.diags
            .push(&src.dir, "actions", "the service has no actions");
    }
    let Some((service_file, service)) = l.service else {
        l.diags
            .push(&src.dir, "service", "no file has a `service` section");
        return Err(l.diags);
    };
    l.check_service(service_file, service);

    // Phase 1: validate and resolve every definition.
    let mut structs: BTreeMap<&str, Vec<RField>> = BTreeMap::new();
    let mut enums: BTreeMap<&str, Vec<VariantIr>> = BTreeMap::new();
    let type_list: Vec<(&str, (&str, &TypeDef))> = l.types.iter().map(|(k, v)| (*k, *v)).collect();
    for (name, (file, def)) in type_list {
        let path = format!("types.{name}");
        if !names::is_type_name(name) {
            l.diags.push(
                file,
                &path,
                format!("invalid type name `{name}`: use UpperCamelCase ASCII letters and digits"),
            );
        }
        if def.doc.is_none() {
            l.diags.push(file, &path, "missing `doc`");
        }
        match (&def.fields, &def.values) {
            (Some(fields), None) => {
                if fields.0.is_empty() {
                    l.diags.push(
                        file,
                        format!("{path}.fields"),
                        "a struct needs at least one field",
                    );
                }
                let mut out = Vec::new();
                for (wire, f) in &fields.0 {
                    if let Some(r) = l.field(
                        file,
                        &format!("{path}.fields.{wire}"),
                        wire,
                        f,
                        Section::TypeField,
                    ) {
                        out.push(r);
                    }
                }
                l.check_collisions(file, &format!("{path}.fields"), &out, Section::TypeField);
                structs.insert(name, out);
            }
            (None, Some(values)) => {
                enums.insert(name, l.variants(file, &format!("{path}.enum"), values));
            }
            (Some(_), Some(_)) => {
                l.diags
                    .push(file, &path, "a type has `fields` or `enum`, not both")
            }
            (None, None) => l.diags.push(
                file,
                &path,
                "a type needs `fields` (a struct) or `enum` (a list of values)",
            ),
        }
    }

    let mut own_requests: BTreeMap<&str, Vec<(RField, bool)>> = BTreeMap::new();
    let mut responses: BTreeMap<&str, Vec<RField>> = BTreeMap::new();
    let action_list: Vec<(&str, (&str, &ActionDef))> =
        l.actions.iter().map(|(k, v)| (*k, *v)).collect();
    for &(name, (file, def)) in &action_list {
        let path = format!("actions.{name}");
        if !names::is_type_name(name) {
            l.diags.push(
                file,
                &path,
                format!(
                    "invalid action name `{name}`: use UpperCamelCase ASCII letters and digits"
                ),
            );
        }
        if def.doc.is_none() {
            l.diags.push(file, &path, "missing `doc`");
        }
        let mut own = Vec::new();
        for (wire, f) in &def.request.0 {
            if let Some(r) = l.field(
                file,
                &format!("{path}.request.{wire}"),
                wire,
                f,
                Section::Request,
            ) {
                own.push((r, f.override_));
            }
        }
        own_requests.insert(name, own);
        let mut resp = Vec::new();
        for (wire, f) in &def.response.0 {
            if let Some(r) = l.field(
                file,
                &format!("{path}.response.{wire}"),
                wire,
                f,
                Section::Response,
            ) {
                resp.push(r);
            }
        }
        l.check_collisions(file, &format!("{path}.response"), &resp, Section::Response);
        responses.insert(name, resp);
    }

    // Each file with actions becomes a module named after it.
    let files_with_actions: BTreeSet<&str> =
        action_list.iter().map(|(_, (file, _))| *file).collect();
    for file in files_with_actions {
        let module = module_name(file);
        if names::ident(&module) != module || names::snake(&module) != module {
            l.diags.push(file, "actions", format!("the file name `{module}` must be a snake_case Rust name that is not a keyword, as its actions become module `{module}`"));
        }
    }

    // Inheritance: each action's full parameter list, parents' first.
    let mut requests: BTreeMap<&str, Vec<RField>> = BTreeMap::new();
    for &(name, _) in &action_list {
        if let Some(chain) = l.chain(name) {
            let fields = l.inherit(&chain, &own_requests);
            let (file, _) = l.actions[name];
            l.check_collisions(
                file,
                &format!("actions.{name}.request"),
                &fields,
                Section::Request,
            );
            requests.insert(name, fields);
        }
    }

    // Common parameters sent with every action join, as optional parameters, the actions
    // that do not list them: after the common parameters that precede them in
    // `service.common`, so that the commons keep its order.
    for &(name, (file, _)) in &action_list {
        let Some(fields) = requests.get_mut(name) else {
            continue;
        };
        let mut at = 0;
        for (wire, c) in &service.common.0 {
            if let Some(i) = fields.iter().position(|f| &f.wire == wire) {
                at = i + 1;
            } else if c.every_action {
                let path = format!("service.common.{wire}");
                if let Some(f) = l.field(file, &path, wire, &FieldDef::default(), Section::Request)
                {
                    fields.insert(at, f);
                    at += 1;
                }
            }
        }
    }

    // Which types travel in requests, which in responses.
    let mut encode = BTreeSet::new();
    let mut decode = BTreeSet::new();
    for fields in requests.values() {
        for f in fields {
            mark(&f.ty, &structs, &mut encode);
        }
    }
    for fields in responses.values() {
        for f in fields {
            mark(&f.ty, &structs, &mut decode);
        }
    }
    // A field rejected above leaves its type looking unused: only say so on a clean spec.
    let clean = l.diags.is_empty();
    for (name, (file, _)) in &l.types {
        if clean && !encode.contains(*name) && !decode.contains(*name) {
            l.diags.push(
                file,
                format!("types.{name}"),
                format!("type `{name}` is not used by any action"),
            );
        }
    }
    for name in &encode {
        for f in structs
            .get(name.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            if contains_json(&f.ty) {
                let (file, _) = l.types[name.as_str()];
                l.diags.push(file, format!("types.{name}.fields.{}", f.wire), "`json` values can be read from responses but not sent, and this type is used in a request");
            }
        }
    }
    let mut paginate = BTreeMap::new();
    for &(name, (file, def)) in &action_list {
        if let (Some(p), Some(request)) = (&def.paginate, requests.get(name))
            && let Some(ir) = l.paginate(file, name, p, request, &responses[name])
        {
            paginate.insert(name, ir);
        }
    }
    let mut waiters: BTreeMap<&str, Vec<WaiterIr>> = BTreeMap::new();
    let waiter_list: Vec<(&str, (&str, &WaiterDef))> =
        l.waiters.iter().map(|(k, v)| (*k, *v)).collect();
    let mut waiter_methods: BTreeMap<(&str, String), &str> = BTreeMap::new();
    for (name, (file, def)) in waiter_list {
        if let Some((action, w)) =
            l.waiter(file, name, def, &requests, &responses, &structs, &enums)
        {
            if let Some(first) = waiter_methods.insert((action, w.method.clone()), name) {
                l.diags.push(
                    file,
                    format!("waiters.{name}"),
                    format!(
                        "waiters `{first}` and `{name}` both become `{}` on `{action}`",
                        w.method
                    ),
                );
                continue;
            }
            waiters.entry(action).or_default().push(w);
        }
    }
    l.check_recursion(&structs);
    l.check_global_names();

    if !l.diags.is_empty() {
        return Err(l.diags);
    }

    // Phase 2: choose shapes and build the IR.
    let types = l
        .types
        .keys()
        .map(|name| {
            let (enc, dec) = (encode.contains(*name), decode.contains(*name));
            let doc = doc_lines(l.types[name].1.doc.as_deref().unwrap_or_default(), &[]);
            match structs.get(name) {
                Some(fields) => TypeIr {
                    name: name.to_string(),
                    doc,
                    kind: "struct",
                    fields: fields.iter().map(|f| type_field(f, enc)).collect(),
                    variants: Vec::new(),
                    encode: enc,
                    decode: dec,
                    literal: enc,
                },
                None => TypeIr {
                    name: name.to_string(),
                    doc,
                    kind: "enum",
                    fields: Vec::new(),
                    variants: enums.remove(name).unwrap_or_default(),
                    encode: enc,
                    decode: dec,
                    literal: false,
                },
            }
        })
        .collect();

    let mut modules: BTreeMap<&str, ModuleIr> = BTreeMap::new();
    for &(name, (file, def)) in &action_list {
        let module = modules.entry(file).or_insert_with(|| ModuleIr {
            name: module_name(file),
            source: file.to_owned(),
            imports: Vec::new(),
            actions: Vec::new(),
        });
        module.actions.push({
            let method = names::ident(&names::snake(name));
            let (common, own): (Vec<&RField>, Vec<&RField>) = requests[name].iter().partition(|f| f.setting.is_some());
            let request_fields: Vec<FieldIr> = own.into_iter().map(request_field).collect();
            let common = common
                .into_iter()
                .map(|f| CommonUse {
                    wire: f.wire.clone(),
                    setting: f.setting.unwrap_or_default(),
                    encode: if f.required { "req_common" } else { "opt_common" },
                    marker: names::marker(&f.wire),
                })
                .collect();
            let response_fields: Vec<FieldIr> = responses[name].iter().map(|f| type_field(f, false)).collect();
            for f in requests[name].iter().chain(&responses[name]) {
                named_in(&f.ty, &mut module.imports);
            }
            let idempotent = def.idempotent.unwrap_or_else(|| names::default_idempotent(name));
            let retry = if idempotent {
                format!("Action `{name}`, safe to retry.")
            } else {
                format!("Action `{name}`, not safe to retry: repeating it may repeat its effect.")
            };
            let takes: Vec<String> = requests[name]
                .iter()
                .filter(|f| f.setting.is_some())
                .map(|f| if f.required { format!("`{}` (required)", f.wire) } else { format!("`{}`", f.wire) })
                .collect();
            let call = format!("{name}Call");
            let mut notes = vec![retry];
            if !takes.is_empty() {
                notes.push(format!("Takes {} from the call or the client.", takes.join(", ")));
            }
            let required: Vec<String> = requests[name]
                .iter()
                .filter(|f| f.required && f.setting.is_none())
                .map(|f| {
                    let setter = names::setter(&f.snake);
                    format!("[`.{setter}()`]({call}::{setter})")
                })
                .collect();
            if !required.is_empty() {
                notes.push(format!("Set before sending: {}.", required.join(", ")));
            }
            let doc = doc_lines(def.doc.as_deref().unwrap_or_default(), &notes);
            let call_doc = vec![
                format!("The `{name}` call, made by [`Client::{method}`](crate::Client::{method}): set its parameters with the methods below, then `.send().await`."),
            ];
            ActionIr {
                name: name.to_string(),
                request: StructIr {
                    name: format!("{name}Request"),
                    doc: vec![format!("Parameters of `{name}`, sent by [`Client::{method}`](crate::Client::{method}).")],
                    fields: request_fields,
                },
                response: StructIr {
                    name: format!("{name}Response"),
                    doc: vec![if response_fields.is_empty() {
                        format!("Result of `{name}`, which returns no fields.")
                    } else {
                        format!("Result of `{name}`.")
                    }],
                    fields: response_fields,
                },
                common,
                method,
                doc,
                call,
                call_doc,
                sample: (!responses[name].is_empty()).then(|| {
                    let fields: Vec<&RField> = responses[name].iter().collect();
                    l.sample(Shape::Response, &fields, &structs)
                }),
                request_sample: {
                    let own: Vec<&RField> =
                        requests[name].iter().filter(|f| f.setting.is_none()).collect();
                    (!own.is_empty()).then(|| l.sample(Shape::Request, &own, &structs))
                },
                idempotent,
                paginate: paginate.remove(name),
                waiters: waiters.remove(name).unwrap_or_default(),
            }
        });
    }
    let modules = modules
        .into_values()
        .map(|mut m| {
            m.imports.sort();
            m.imports.dedup();
            m
        })
        .collect();

    let common = service
        .common
        .0
        .iter()
        .filter_map(|(wire, _)| {
            let c = l.common.get(wire.as_str())?;
            Some(CommonIr {
                wire: wire.clone(),
                method: names::ident(&names::snake(wire)),
                field: c.field,
                marker: names::marker(wire),
                doc: doc_lines(c.doc, &[format!("Defaults to the client's {}.", c.prose)]),
            })
        })
        .collect();
    let mut sensitive: Vec<String> = requests
        .values()
        .chain(responses.values())
        .chain(structs.values())
        .flatten()
        .filter(|f| f.sensitive)
        .map(|f| f.wire.clone())
        .collect();
    sensitive.sort();
    sensitive.dedup();
    Ok(Crate {
        common,
        sensitive,
        name: service.crate_name.clone(),
        lib: service.crate_name.replace('-', "_"),
        version: service.version.clone(),
        product: service.name.clone(),
        base_url: service.base_url.clone(),
        doc: doc_lines(&service.doc, &[]),
        spec_dir: src.dir.clone(),
        types,
        modules,
        examples: src.examples.clone(),
        readme: src.readme.clone().unwrap_or_else(|| {
            let doc = doc_lines(&service.doc, &[]).join("\n");
            format!("# {}\n\n{doc}\n", service.crate_name)
        }),
    })
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
            if c.ty != TypeExpr::Name("string".to_owned()) {
                self.diags.push(
                    file,
                    &path,
                    format!("common parameters are strings, not `{}`", c.ty),
                );
            }
            match SETTINGS.iter().find(|(name, _, _)| *name == c.setting) {
                Some(&(field, setting, prose)) => {
                    self.common.insert(
                        wire,
                        Common {
                            ty: Ty::Str,
                            field,
                            setting,
                            prose,
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
                        did_you_mean(&c.setting, SETTINGS.iter().map(|s| s.0))
                    ),
                ),
            }
        }
    }

    fn resolve(&self, t: &TypeExpr) -> Result<Ty, String> {
        match t {
            TypeExpr::List(inner) => Ok(Ty::List(Box::new(self.resolve(inner)?))),
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

/// Adds `ty`'s named types, and those reachable through their fields, to `set`.
fn mark(ty: &Ty, structs: &BTreeMap<&str, Vec<RField>>, set: &mut BTreeSet<String>) {
    match ty {
        Ty::List(inner) => mark(inner, structs, set),
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
        Ty::List(inner) => named_in(inner, out),
        Ty::Named(n) => out.push(n.clone()),
        _ => {}
    }
}

/// The module of a spec file's actions: its file stem, `spec/x/instances.yaml` -> `instances`.
fn module_name(file: &str) -> String {
    let stem = file.rsplit('/').next().unwrap_or(file);
    stem.strip_suffix(".yaml").unwrap_or(stem).to_owned()
}
