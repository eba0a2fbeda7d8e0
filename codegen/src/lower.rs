//! Validation and lowering: the merged spec files become the IR, or every problem found
//! becomes a diagnostic. Rust syntax made here is limited to type names and the accessor a waiter reads its state with.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostics, did_you_mean};
use crate::ir::{
    ActionIr, CommonIr, CommonUse, Crate, FieldIr, ModuleIr, PaginateIr, SetterIr, StructIr,
    TypeIr, VariantIr, WaiterIr,
};
use crate::load::Sources;
use crate::names;
use crate::spec::{
    ActionDef, EnumValues, FieldDef, Scalar, ServiceDef, TypeDef, TypeExpr, WaiterDef,
};

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
    for (name, (file, def)) in waiter_list {
        if let Some((action, w)) =
            l.waiter(file, name, def, &requests, &responses, &structs, &enums)
        {
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
                    required: f.required,
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
            let mut notes = vec![retry];
            if !takes.is_empty() {
                notes.push(format!("Takes {} from the call or the client.", takes.join(", ")));
            }
            let doc = doc_lines(def.doc.as_deref().unwrap_or_default(), &notes);
            let summary = doc_lines(def.doc.as_deref().unwrap_or_default(), &[]).first().cloned().unwrap_or_default();
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
                summary,
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
    Ok(Crate {
        common,
        name: service.crate_name.clone(),
        version: service.version.clone(),
        product: service.name.clone(),
        base_url: service.base_url.clone(),
        doc: doc_lines(&service.doc, &[]),
        spec_dir: src.dir.clone(),
        types,
        modules,
        examples: src.examples.clone(),
        readme: src
            .readme
            .clone()
            .unwrap_or_else(|| format!("# {}\n\n{}\n", service.crate_name, service.doc.trim())),
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
            for (name, def) in &spec.types.0 {
                if let Some((first, _)) = self.types.get(name.as_str()) {
                    self.diags.push(
                        file,
                        format!("types.{name}"),
                        format!("type `{name}` is defined twice: in {first} and {file}"),
                    );
                } else {
                    self.types.insert(name, (file, def));
                }
            }
            for (name, def) in &spec.actions.0 {
                if let Some((first, _)) = self.actions.get(name.as_str()) {
                    self.diags.push(
                        file,
                        format!("actions.{name}"),
                        format!("action `{name}` is defined twice: in {first} and {file}"),
                    );
                } else {
                    self.actions.insert(name, (file, def));
                }
            }
            for (name, def) in &spec.waiters.0 {
                if let Some((first, _)) = self.waiters.get(name.as_str()) {
                    self.diags.push(
                        file,
                        format!("waiters.{name}"),
                        format!("waiter `{name}` is defined twice: in {first} and {file}"),
                    );
                } else {
                    self.waiters.insert(name, (file, def));
                }
            }
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

    /// Validates one field definition.
    fn field(
        &mut self,
        file: &str,
        path: &str,
        wire: &str,
        def: &FieldDef,
        section: Section,
    ) -> Option<RField> {
        let errors_before = self.diags.0.len();
        let err = |diags: &mut Diagnostics, msg: String| diags.push(file, path, msg);
        if !names::is_wire_name(wire) {
            err(
                &mut self.diags,
                format!(
                    "invalid wire name `{wire}`: use ASCII letters, digits and `_`, starting with a letter"
                ),
            );
        }
        let common = if section == Section::Request {
            self.common.get(wire)
        } else {
            None
        };
        let ty = match (&def.ty, common) {
            (Some(t), common) => match self.resolve(t) {
                Ok(ty) => {
                    if common.is_some_and(|c| c.ty != ty) {
                        err(
                            &mut self.diags,
                            format!("`{wire}` is a common parameter of type `string`, not `{t}`"),
                        );
                    }
                    Some(ty)
                }
                Err(msg) => {
                    err(&mut self.diags, msg);
                    None
                }
            },
            (None, Some(c)) => Some(c.ty.clone()),
            (None, None) => {
                err(&mut self.diags, "missing `type`".to_owned());
                None
            }
        };
        let doc_text = def.doc.as_deref().or(common.map(|c| c.doc));
        if doc_text.is_none() {
            err(&mut self.diags, "missing `doc`".to_owned());
        }
        if !def.aliases.is_empty() && section != Section::Response {
            err(
                &mut self.diags,
                "`aliases` apply to response fields only".to_owned(),
            );
        }
        for alias in &def.aliases {
            if !names::is_wire_name(alias) {
                err(&mut self.diags, format!("invalid alias `{alias}`"));
            }
        }
        if def.override_ && section != Section::Request {
            err(
                &mut self.diags,
                "`override` applies to request parameters only".to_owned(),
            );
        }
        if def.default.is_some() && section == Section::Response {
            err(
                &mut self.diags,
                "`default` applies to request parameters only".to_owned(),
            );
        }
        if let (Some(d), Some(ty)) = (&def.default, &ty)
            && let Err(msg) = self.check_default(ty, d)
        {
            err(&mut self.diags, msg);
        }
        if section == Section::Request && ty.as_ref().is_some_and(contains_json) {
            err(
                &mut self.diags,
                "`json` values can be read from responses but not sent".to_owned(),
            );
        }
        if def.sensitive && ty.as_ref().is_some_and(|t| *t != Ty::Str) {
            err(
                &mut self.diags,
                "`sensitive` applies to string fields only".to_owned(),
            );
        }
        if self.diags.0.len() > errors_before {
            return None;
        }
        let mut notes = Vec::new();
        if def.required && section != Section::Response {
            notes.push("Required.".to_owned());
        }
        if let Some(c) = common {
            notes.push(format!("Defaults to the client's {}.", c.prose));
        }
        if let Some(d) = &def.default {
            notes.push(format!("The server assumes `{d}` when unset."));
        }
        if !def.aliases.is_empty() {
            let list: Vec<String> = def.aliases.iter().map(|a| format!("`{a}`")).collect();
            notes.push(format!("Also read from {}.", list.join(", ")));
        }
        Some(RField {
            wire: wire.to_owned(),
            snake: names::snake(wire),
            ty: ty?,
            required: def.required,
            doc: doc_lines(doc_text.unwrap_or_default(), &notes),
            setting: common.map(|c| c.setting),
            sensitive: def.sensitive,
            aliases: def.aliases.clone(),
        })
    }

    fn check_default(&self, ty: &Ty, d: &Scalar) -> Result<(), String> {
        let ok = match (ty, d) {
            (Ty::Str, _)
            | (Ty::Int, Scalar::Int(_))
            | (Ty::Float, Scalar::Int(_) | Scalar::Float(_))
            | (Ty::Bool, Scalar::Bool(_)) => true,
            (Ty::Named(n), Scalar::Str(s)) => match self
                .types
                .get(n.as_str())
                .and_then(|(_, t)| t.values.as_ref())
            {
                Some(values) => {
                    if !values.0.iter().any(|(v, _)| v == s) {
                        return Err(format!(
                            "default `{s}` is not a value of `{n}`{}",
                            did_you_mean(s, values.0.iter().map(|(v, _)| v.as_str()))
                        ));
                    }
                    true
                }
                None => false,
            },
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            Err(format!("default `{d}` does not fit the field's type"))
        }
    }

    fn variants(&mut self, file: &str, path: &str, values: &EnumValues) -> Vec<VariantIr> {
        if values.0.is_empty() {
            self.diags
                .push(file, path, "an enum needs at least one value");
        }
        let mut out: Vec<VariantIr> = Vec::new();
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for (value, doc) in &values.0 {
            let Some(ident) = names::variant(value) else {
                self.diags.push(
                    file,
                    path,
                    format!("value `{value}` cannot become a Rust variant name"),
                );
                continue;
            };
            if ident == "Unknown" {
                self.diags.push(file, path, format!("value `{value}` would become `Unknown`, the variant that holds values the SDK does not know"));
                continue;
            }
            if let Some(first) = seen.get(&ident) {
                let msg = if *first == value.as_str() {
                    format!("value `{value}` is listed twice")
                } else {
                    format!("values `{first}` and `{value}` both become variant `{ident}`")
                };
                self.diags.push(file, path, msg);
                continue;
            }
            seen.insert(ident.clone(), value);
            let doc = match doc {
                Some(d) => doc_lines(d, &[]),
                None => vec![format!("`{value}`.")],
            };
            out.push(VariantIr {
                ident,
                value: format!("{value:?}"),
                doc,
            });
        }
        out
    }

    /// Two fields of one struct with the same Rust name, two setters with the same name, or
    /// (for decoding) two fields read from the same key when case is ignored, are an error:
    /// never a silent rename.
    fn check_collisions(&mut self, file: &str, path: &str, fields: &[RField], section: Section) {
        let mut idents: BTreeMap<String, &str> = BTreeMap::new();
        // Common parameters have setters on every call that takes them.
        let common: Vec<String> = self.common.keys().map(|w| w.to_string()).collect();
        let mut setters: BTreeMap<String, &str> = common
            .iter()
            .map(|w| (names::snake(w), w.as_str()))
            .collect();
        let mut keys: BTreeMap<String, &str> = BTreeMap::new();
        for f in fields {
            if let Some(first) = idents.insert(f.snake.clone(), &f.wire) {
                self.diags.push(
                    file,
                    path,
                    format!(
                        "`{first}` and `{}` both become the Rust name `{}`",
                        f.wire, f.snake
                    ),
                );
                continue;
            }
            if section == Section::Request && f.setting.is_none() {
                let setter = names::setter(&f.snake);
                if let Some(first) = setters.insert(setter.clone(), &f.wire) {
                    self.diags.push(
                        file,
                        path,
                        format!(
                            "the setters of `{first}` and `{}` both become `{setter}`",
                            f.wire
                        ),
                    );
                }
            }
            if section == Section::Request {
                continue; // requests are encoded, never matched by key
            }
            for key in std::iter::once(&f.wire).chain(&f.aliases) {
                if let Some(first) = keys.insert(key.to_ascii_lowercase(), &f.wire) {
                    let msg = if first == f.wire {
                        format!("`{key}` is given twice for `{}`", f.wire)
                    } else {
                        format!(
                            "`{first}` and `{}` are read from the same key `{key}` (keys match case-insensitively)",
                            f.wire
                        )
                    };
                    self.diags.push(file, path, msg);
                }
            }
        }
    }

    /// The action and its ancestors, root first. `None` (after reporting) for an unknown
    /// parent or a cycle.
    fn chain(&mut self, name: &'a str) -> Option<Vec<&'a str>> {
        let mut chain = vec![name];
        let mut cur = name;
        while let Some(parent) = self.actions[cur].1.extends.as_deref() {
            let (file, _) = self.actions[cur];
            let Some((&parent, _)) = self.actions.get_key_value(parent) else {
                if cur == name {
                    let hint = did_you_mean(parent, self.actions.keys().copied());
                    self.diags.push(
                        file,
                        format!("actions.{cur}.extends"),
                        format!("unknown action `{parent}`{hint}"),
                    );
                }
                return None;
            };
            if let Some(i) = chain.iter().position(|a| *a == parent) {
                let cycle = &chain[i..];
                // Report a cycle once, from its alphabetically first member.
                if cycle.iter().min() == Some(&name) {
                    let mut shown: Vec<&str> = cycle.to_vec();
                    shown.push(parent);
                    self.diags.push(
                        file,
                        format!("actions.{name}.extends"),
                        format!("`extends` cycle: {}", shown.join(" -> ")),
                    );
                }
                return None;
            }
            chain.push(parent);
            cur = parent;
        }
        chain.reverse();
        Some(chain)
    }

    /// The parameters of the last action in `chain`: each ancestor's, then its own.
    fn inherit(
        &mut self,
        chain: &[&'a str],
        own: &BTreeMap<&str, Vec<(RField, bool)>>,
    ) -> Vec<RField> {
        let mut fields: Vec<(RField, &str)> = Vec::new();
        for &action in chain {
            let (file, _) = self.actions[action];
            for (f, override_) in &own[action] {
                let path = format!("actions.{action}.request.{}", f.wire);
                match fields.iter().position(|(g, _)| g.wire == f.wire) {
                    Some(i) if *override_ => fields[i] = (f.clone(), action),
                    Some(i) => {
                        // Each action's own conflicts are reported when it is the last of its
                        // chain, so a grandchild does not repeat its parent's error.
                        if action == chain[chain.len() - 1] {
                            let parent = fields[i].1;
                            self.diags.push(file, path, format!("`{}` is inherited from `{parent}`; add `override: true` to redeclare it", f.wire));
                        }
                    }
                    None if *override_ && action == chain[chain.len() - 1] => {
                        self.diags.push(
                            file,
                            path,
                            format!(
                                "`override: true`, but `{}` is not inherited from any parent",
                                f.wire
                            ),
                        );
                    }
                    None => fields.push((f.clone(), action)),
                }
            }
        }
        fields.into_iter().map(|(f, _)| f).collect()
    }

    /// Checks a waiter and builds its method: the action it polls, and how to read the state.
    #[allow(clippy::too_many_arguments)]
    fn waiter(
        &mut self,
        file: &str,
        name: &str,
        def: &WaiterDef,
        requests: &BTreeMap<&str, Vec<RField>>,
        responses: &BTreeMap<&str, Vec<RField>>,
        structs: &BTreeMap<&str, Vec<RField>>,
        enums: &BTreeMap<&str, Vec<VariantIr>>,
    ) -> Option<(&'a str, WaiterIr)> {
        let path = format!("waiters.{name}");
        let errors_before = self.diags.0.len();
        if !names::is_type_name(name) {
            self.diags.push(
                file,
                &path,
                format!(
                    "invalid waiter name `{name}`: use UpperCamelCase ASCII letters and digits"
                ),
            );
        }
        if def.doc.is_none() {
            self.diags.push(file, &path, "missing `doc`");
        }
        let Some((&action, _)) = self.actions.get_key_value(def.action.as_str()) else {
            let hint = did_you_mean(&def.action, self.actions.keys().copied());
            self.diags.push(
                file,
                format!("{path}.action"),
                format!("unknown action `{}`{hint}", def.action),
            );
            return None;
        };
        let (state, enum_name) = match state_reader(&def.state, responses.get(action)?, structs) {
            Ok(found) => found,
            Err(msg) => {
                self.diags.push(file, format!("{path}.state"), msg);
                return None;
            }
        };
        if def.success.is_empty() {
            self.diags.push(
                file,
                format!("{path}.success"),
                "a waiter needs at least one success state",
            );
        }
        if let Some(variants) = enum_name.as_deref().and_then(|e| enums.get(e)) {
            let known: Vec<String> = variants
                .iter()
                .map(|v| v.value.trim_matches('"').to_owned())
                .collect();
            for (key, values) in [("success", &def.success), ("failure", &def.failure)] {
                for v in values {
                    if !known.contains(v) {
                        let hint = did_you_mean(v, known.iter().map(String::as_str));
                        self.diags.push(
                            file,
                            format!("{path}.{key}"),
                            format!(
                                "`{v}` is not a value of `{}`{hint}",
                                enum_name.as_deref().unwrap_or_default()
                            ),
                        );
                    }
                }
            }
        }
        let method = format!("wait_until_{}", names::snake(name));
        let taken = requests
            .get(action)
            .into_iter()
            .flatten()
            .any(|f| names::setter(&f.snake) == method);
        if taken || names::CALL_METHODS.contains(&method.as_str()) {
            self.diags.push(
                file,
                &path,
                format!("its method `{method}` clashes with a method of `Call<{action}Request>`"),
            );
        }
        if self.diags.0.len() > errors_before {
            return None;
        }
        let quoted =
            |values: &[String]| values.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>();
        let listed = |values: &[String]| {
            values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut note = format!(
            "Polls `{action}` until `{}` is {}",
            def.state,
            listed(&def.success)
        );
        if !def.failure.is_empty() {
            note.push_str(&format!("; fails at once at {}", listed(&def.failure)));
        }
        note.push_str(
            ". A call error ends the wait; the timeout error carries the last state seen.",
        );
        Some((
            action,
            WaiterIr {
                method,
                doc: doc_lines(def.doc.as_deref().unwrap_or_default(), &[note]),
                state,
                success: quoted(&def.success),
                failure: quoted(&def.failure),
            },
        ))
    }

    /// Checks a `paginate` annotation against the action's parameters and response.
    fn paginate(
        &mut self,
        file: &str,
        action: &str,
        p: &crate::spec::PaginateDef,
        request: &[RField],
        response: &[RField],
    ) -> Option<PaginateIr> {
        let path = format!("actions.{action}.paginate");
        let find = |diags: &mut Diagnostics,
                    key: &str,
                    wire: &str,
                    fields: &[RField],
                    want: fn(&Ty) -> bool,
                    what: &str| {
            match fields.iter().find(|f| f.wire == wire) {
                Some(f) if want(&f.ty) => Some(names::ident(&f.snake)),
                Some(_) => {
                    diags.push(
                        file,
                        format!("{path}.{key}"),
                        format!("`{wire}` must be {what}"),
                    );
                    None
                }
                None => {
                    let hint = did_you_mean(wire, fields.iter().map(|f| f.wire.as_str()));
                    diags.push(
                        file,
                        format!("{path}.{key}"),
                        format!("`{wire}` is not {what}{hint}"),
                    );
                    None
                }
            }
        };
        let is_int = |t: &Ty| *t == Ty::Int;
        let is_list = |t: &Ty| matches!(t, Ty::List(_));
        let offset = find(
            &mut self.diags,
            "offset",
            &p.offset,
            request,
            is_int,
            "an int request parameter",
        );
        let limit = find(
            &mut self.diags,
            "limit",
            &p.limit,
            request,
            is_int,
            "an int request parameter",
        );
        let items = find(
            &mut self.diags,
            "items",
            &p.items,
            response,
            is_list,
            "a list response field",
        );
        let total = match &p.total {
            Some(t) => Some(find(
                &mut self.diags,
                "total",
                t,
                response,
                is_int,
                "an int response field",
            )?),
            None => None,
        };
        let item = response
            .iter()
            .find(|f| f.wire == p.items)
            .and_then(|f| match &f.ty {
                Ty::List(elem) => Some(rust_ty(elem, f.sensitive)),
                _ => None,
            });
        Some(PaginateIr {
            item: item?,
            offset: offset?,
            limit: limit?,
            items: items?,
            total,
        })
    }

    /// A struct that holds itself other than through a list has no finite size.
    fn check_recursion(&mut self, structs: &BTreeMap<&str, Vec<RField>>) {
        for (&start, _) in structs.iter() {
            let mut stack: Vec<(&str, Vec<String>)> = vec![(start, Vec::new())];
            let mut seen = BTreeSet::new();
            while let Some((cur, trail)) = stack.pop() {
                for f in structs.get(cur).map(Vec::as_slice).unwrap_or_default() {
                    if let Ty::Named(n) = &f.ty {
                        let mut t = trail.clone();
                        t.push(format!("{cur}.{}", f.wire));
                        if n == start {
                            let (file, _) = self.types[start];
                            self.diags.push(
                                file,
                                format!("types.{start}"),
                                format!(
                                    "type `{start}` contains itself through {}; hold it in a list",
                                    t.join(" -> ")
                                ),
                            );
                            stack.clear();
                            break;
                        }
                        if seen.insert(n.as_str()) {
                            stack.push((n.as_str(), t));
                        }
                    }
                }
            }
        }
    }

    /// Generated type and method names must not clash across the crate.
    fn check_global_names(&mut self) {
        let mut type_names: BTreeMap<String, String> = BTreeMap::new();
        for (name, (file, _)) in &self.types {
            type_names.insert(name.to_string(), format!("type `{name}` in {file}"));
        }
        let mut methods: BTreeMap<String, &str> = BTreeMap::new();
        for (name, (file, _)) in &self.actions {
            for suffix in ["Request", "Response"] {
                let generated = format!("{name}{suffix}");
                if let Some(other) = type_names.get(&generated) {
                    self.diags.push(
                        file,
                        format!("actions.{name}"),
                        format!("its generated type `{generated}` clashes with {other}"),
                    );
                }
                type_names.insert(generated, format!("action `{name}`"));
            }
            let method = names::snake(name);
            if names::CLIENT_METHODS.contains(&method.as_str()) {
                self.diags.push(
                    file,
                    format!("actions.{name}"),
                    format!("its method `{method}` clashes with a method of `Client`"),
                );
            }
            if let Some(first) = methods.insert(method.clone(), name) {
                self.diags.push(
                    file,
                    format!("actions.{name}"),
                    format!("`{first}` and `{name}` both become the method `{method}`"),
                );
            }
        }
    }
}

fn contains_json(ty: &Ty) -> bool {
    match ty {
        Ty::Json => true,
        Ty::List(inner) => contains_json(inner),
        _ => false,
    }
}

/// A closure body reading the state at `path` (e.g. `UHostSet[0].State`) from a response
/// `out`, as `Option<String>`, and the enum the state is an instance of, if any.
fn state_reader(
    path: &str,
    response: &[RField],
    structs: &BTreeMap<&str, Vec<RField>>,
) -> Result<(String, Option<String>), String> {
    let mut fields = response;
    let mut expr = "out".to_owned();
    let mut last: Option<&Ty> = None;
    for segment in path.split('.') {
        let (wire, index) = match segment.split_once('[') {
            Some((w, rest)) => {
                let i: usize = rest
                    .strip_suffix(']')
                    .and_then(|i| i.parse().ok())
                    .ok_or_else(|| format!("`{segment}` is not `Name` or `Name[index]`"))?;
                (w, Some(i))
            }
            None => (segment, None),
        };
        if last.is_some_and(|t| !matches!(t, Ty::Named(n) if structs.contains_key(n.as_str()))) {
            return Err(format!(
                "`{path}` goes through a field that is not a struct"
            ));
        }
        let f = fields.iter().find(|f| f.wire == wire).ok_or_else(|| {
            format!(
                "no field `{wire}` in `{path}`{}",
                did_you_mean(wire, fields.iter().map(|f| f.wire.as_str()))
            )
        })?;
        let optional = !f.required && !matches!(f.ty, Ty::List(_));
        expr.push('.');
        expr.push_str(&names::ident(&f.snake));
        if optional {
            expr.push_str(".as_ref()?");
        }
        let mut ty = &f.ty;
        if let Some(i) = index {
            let Ty::List(elem) = ty else {
                return Err(format!(
                    "`{wire}` is not a list, so `{segment}` cannot index it"
                ));
            };
            expr.push_str(&if i == 0 {
                ".first()?".to_owned()
            } else {
                format!(".get({i})?")
            });
            ty = elem;
        }
        if let Ty::Named(n) = ty {
            fields = structs
                .get(n.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
        }
        last = Some(ty);
    }
    match last {
        Some(Ty::Str) => Ok((format!("Some({expr}.to_string())"), None)),
        Some(Ty::Named(n)) if !structs.contains_key(n.as_str()) => {
            Ok((format!("Some({expr}.to_string())"), Some(n.clone())))
        }
        _ => Err(format!("`{path}` must end at a string or enum field")),
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

fn rust_ty(ty: &Ty, sensitive: bool) -> String {
    match ty {
        Ty::Str if sensitive => "rt::SecretString".to_owned(),
        Ty::Str => "String".to_owned(),
        Ty::Int => "i64".to_owned(),
        Ty::Float => "f64".to_owned(),
        Ty::Bool => "bool".to_owned(),
        Ty::Json => "rt::RawJson".to_owned(),
        Ty::List(inner) => format!("Vec<{}>", rust_ty(inner, sensitive)),
        Ty::Named(n) => n.clone(),
    }
}

/// A field of a named struct or of a response. Request objects (`in_request`) keep optional
/// lists as `Option<Vec<_>>` so "unset" and "empty" differ on the wire; responses read a
/// missing list as empty.
fn type_field(f: &RField, in_request: bool) -> FieldIr {
    let is_list = matches!(f.ty, Ty::List(_));
    let optional = !f.required && (in_request || !is_list);
    let inner = rust_ty(&f.ty, f.sensitive);
    FieldIr {
        wire: f.wire.clone(),
        ident: names::ident(&f.snake),
        ty: if optional {
            format!("Option<{inner}>")
        } else {
            inner
        },
        doc: f.doc.clone(),
        encode: if optional { "opt" } else { "put" },
        setting: None,
        decode: if optional { "read_opt" } else { "read" },
        keys: std::iter::once(&f.wire)
            .chain(&f.aliases)
            .map(|k| k.to_ascii_lowercase())
            .collect(),
        setter: None,
    }
}

/// A top-level request parameter: always optional in the struct (the builder fills it in),
/// checked for presence when encoded if required.
fn request_field(f: &RField) -> FieldIr {
    let inner = rust_ty(&f.ty, f.sensitive);
    let (kind, setter_ty) = match &f.ty {
        Ty::List(elem) => ("many", rust_ty(elem, f.sensitive)),
        _ => ("one", inner.clone()),
    };
    let summary = f.doc.first().cloned().unwrap_or_default();
    FieldIr {
        wire: f.wire.clone(),
        ident: names::ident(&f.snake),
        ty: format!("Option<{inner}>"),
        doc: f.doc.clone(),
        encode: match (f.setting.is_some(), f.required) {
            (true, true) => "req_or",
            (true, false) => "opt_or",
            (false, true) => "req",
            (false, false) => "opt",
        },
        setting: f.setting,
        decode: "read_opt",
        keys: vec![f.wire.to_ascii_lowercase()],
        setter: Some(SetterIr {
            name: names::setter(&f.snake),
            kind,
            ty: setter_ty,
            doc: format!("Sets `{}`: {summary}", f.wire),
        }),
    }
}

/// Doc comment lines: trimmed, with markdown link brackets escaped and bare URLs wrapped so
/// rustdoc neither guesses links nor warns; `notes` end the last line.
fn doc_lines(text: &str, notes: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = text.trim().lines().map(|l| escape_doc(l.trim())).collect();
    if !notes.is_empty() {
        match lines.last_mut() {
            Some(last) if !last.is_empty() => {
                last.push(' ');
                last.push_str(&notes.join(" "));
            }
            _ => lines.push(notes.join(" ")),
        }
    }
    lines
}

fn escape_doc(line: &str) -> String {
    let escaped = line.replace('[', "\\[").replace(']', "\\]");
    escaped
        .split(' ')
        .map(|word| {
            if word.starts_with("http://") || word.starts_with("https://") {
                let end = word.trim_end_matches(['.', ',', ';', ')']);
                format!("<{end}>{}", &word[end.len()..])
            } else {
                word.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
