//! Step one of lowering: validate the merged spec files and resolve every definition into a
//! [`Model`], reporting every problem found.

use std::collections::{BTreeMap, BTreeSet};

use super::fields::contains_json;
use super::{ActionModel, Lowering, Model, Own, RField, Section, Ty, mark, module_name};
use crate::diag::Diagnostics;
use crate::ir::{Body, PaginateIr, VariantIr, WaiterIr};
use crate::load::Sources;
use crate::names;
use crate::spec::{FieldDef, TypeDef};

/// Named structs and enums, by name.
type Types<'a> = (
    BTreeMap<&'a str, Vec<RField>>,
    BTreeMap<&'a str, Vec<VariantIr>>,
);

/// Validates the spec of one service and resolves it, or reports every problem.
pub(super) fn resolve(src: &Sources) -> Result<Model<'_>, Diagnostics> {
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
    let wire = l.check_wire(service_file, service);

    let (structs, enums) = l.resolve_types();
    let (own_requests, mut responses) = l.resolve_action_fields();
    l.check_module_names();
    let mut requests = l.inherit_requests(&own_requests);
    l.add_every_action_commons(service, &mut requests);
    let (encode, decode) = l.check_usage(&requests, &responses, &structs);
    if service.keep_unknown_fields {
        l.check_others_free(&responses, &structs, &encode);
    }
    let mut paginate = l.resolve_paginate(&requests, &responses, &structs);
    let mut waiters = l.resolve_waiters(&requests, &responses, &structs, &enums);
    let delivery = l.resolve_delivery(&requests);
    let mut routes = l.resolve_routes(&wire, &requests);
    l.check_recursion(&structs);
    l.check_global_names();
    if !l.diags.is_empty() {
        return Err(l.diags);
    }

    let actions = l
        .actions
        .iter()
        .map(|(&name, &(file, def))| {
            let (route, idempotency_header) = match routes.remove(name) {
                Some((route, header)) => (Some(route), header),
                None => (None, None),
            };
            // REST says it by method: a POST or PATCH is not safe to repeat (unless it
            // carries an idempotency key, which the runtime takes into account).
            let idempotent = def.idempotent.unwrap_or_else(|| match &route {
                Some((method, _)) => ["GET", "PUT", "DELETE"].contains(&method.as_str()),
                None => names::default_idempotent(name),
            });
            ActionModel {
                name,
                method: names::ident(&names::snake(name)),
                route,
                idempotency_header,
                file,
                doc: def.doc.as_deref().unwrap_or_default(),
                idempotent,
                deprecated: def.deprecated.as_deref(),
                retry_codes: def.retry_codes.clone(),
                retry_pause_ms: def.retry_pause_ms,
                body: delivery.get(name).map_or(Body::Form, |d| d.0),
                answers_file: delivery.get(name).is_some_and(|d| d.1),
                request: requests.remove(name).unwrap_or_default(),
                response: responses.remove(name).unwrap_or_default(),
                paginate: paginate.remove(name),
                waiters: waiters.remove(name).unwrap_or_default(),
                cli: &def.cli,
            }
        })
        .collect();
    let type_docs = l
        .types
        .iter()
        .map(|(&name, (_, def))| (name, def.doc.as_deref().unwrap_or_default()))
        .collect();
    let mut common_defs = std::mem::take(&mut l.common);
    let common = service
        .common
        .0
        .iter()
        .filter_map(|(wire, _)| common_defs.remove_entry(wire.as_str()))
        .collect();
    let mut model = Model {
        src,
        service,
        common,
        structs,
        enums,
        type_docs,
        encode,
        decode,
        actions,
        tool: None,
        wire,
    };
    // The tool's rules read the resolved actions and types.
    model.tool = super::tool::resolve(&model)?;
    Ok(model)
}

impl<'a> Lowering<'a> {
    /// With `keep_unknown_fields`, the types that keep them hold them in `others`: none of
    /// theirs may be named so.
    fn check_others_free(
        &mut self,
        responses: &BTreeMap<&str, Vec<RField>>,
        structs: &BTreeMap<&str, Vec<RField>>,
        encode: &BTreeSet<String>,
    ) {
        let kept = responses
            .iter()
            .map(|(name, fields)| (*name, fields, "response"))
            .chain(
                structs
                    .iter()
                    .filter(|(name, _)| !encode.contains(**name))
                    .map(|(name, fields)| (*name, fields, "type")),
            );
        let mut found = Vec::new();
        for (name, fields, what) in kept {
            if fields.iter().any(|f| f.ident == "others") {
                found.push(format!(
                    "{what} `{name}` has a field named `others`, which holds the members it does not declare (`keep_unknown_fields`): rename it"
                ));
            }
        }
        let file = self.service.map(|(f, _)| f).unwrap_or_default();
        for why in found {
            self.diags.push(file, "service.keep_unknown_fields", why);
        }
    }

    /// Every named type: a struct's fields or an enum's variants.
    fn resolve_types(&mut self) -> Types<'a> {
        let mut structs = BTreeMap::new();
        let mut enums = BTreeMap::new();
        let type_list: Vec<(&str, (&str, &TypeDef))> =
            self.types.iter().map(|(k, v)| (*k, *v)).collect();
        for (name, (file, def)) in type_list {
            let path = format!("types.{name}");
            if !names::is_type_name(name) {
                self.diags.push(
                    file,
                    &path,
                    format!(
                        "invalid type name `{name}`: use UpperCamelCase ASCII letters and digits"
                    ),
                );
            }
            if def.doc.is_none() {
                self.diags.push(file, &path, "missing `doc`");
            }
            match (&def.fields, &def.values) {
                (Some(fields), None) => {
                    if fields.0.is_empty() {
                        self.diags.push(
                            file,
                            format!("{path}.fields"),
                            "a struct needs at least one field",
                        );
                    }
                    let mut out = Vec::new();
                    for (wire, f) in &fields.0 {
                        let at = format!("{path}.fields.{wire}");
                        if let Some(r) = self.field(file, &at, wire, f, Section::TypeField) {
                            out.push(r);
                        }
                    }
                    self.check_collisions(
                        file,
                        &format!("{path}.fields"),
                        &out,
                        Section::TypeField,
                    );
                    structs.insert(name, out);
                }
                (None, Some(values)) => {
                    enums.insert(name, self.variants(file, &format!("{path}.enum"), values));
                }
                (Some(_), Some(_)) => {
                    self.diags
                        .push(file, &path, "a type has `fields` or `enum`, not both")
                }
                (None, None) => self.diags.push(
                    file,
                    &path,
                    "a type needs `fields` (a struct) or `enum` (a list of values)",
                ),
            }
        }
        (structs, enums)
    }

    /// Each action's own parameters (with whether each overrides an inherited one) and its
    /// response fields.
    #[allow(clippy::type_complexity)]
    fn resolve_action_fields(
        &mut self,
    ) -> (BTreeMap<&'a str, Vec<Own>>, BTreeMap<&'a str, Vec<RField>>) {
        let mut own_requests = BTreeMap::new();
        let mut responses = BTreeMap::new();
        let action_list: Vec<_> = self.actions.iter().map(|(k, v)| (*k, *v)).collect();
        for (name, (file, def)) in action_list {
            let path = format!("actions.{name}");
            if !names::is_type_name(name) {
                self.diags.push(
                    file,
                    &path,
                    format!(
                        "invalid action name `{name}`: use UpperCamelCase ASCII letters and digits"
                    ),
                );
            }
            if def.doc.is_none() {
                self.diags.push(file, &path, "missing `doc`");
            }
            let mut own = Vec::new();
            for (wire, f) in &def.request.0 {
                let at = format!("{path}.request.{wire}");
                if let Some(r) = self.field(file, &at, wire, f, Section::Request) {
                    own.push(Own {
                        field: r,
                        override_: f.override_,
                        states_required: f.required_stated,
                    });
                }
            }
            own_requests.insert(name, own);
            let mut resp = Vec::new();
            for (wire, f) in &def.response.0 {
                let at = format!("{path}.response.{wire}");
                if let Some(r) = self.field(file, &at, wire, f, Section::Response) {
                    resp.push(r);
                }
            }
            self.check_collisions(file, &format!("{path}.response"), &resp, Section::Response);
            responses.insert(name, resp);
        }
        (own_requests, responses)
    }

    /// Each file with actions becomes a module named after it.
    fn check_module_names(&mut self) {
        let files: BTreeSet<&str> = self.actions.values().map(|(file, _)| *file).collect();
        for file in files {
            let module = module_name(file);
            if names::ident(&module) != module || names::snake(&module) != module {
                self.diags.push(file, "actions", format!("the file name `{module}` must be a snake_case Rust name that is not a keyword, as its actions become module `{module}`"));
            }
        }
    }

    /// Each action's full parameter list, its ancestors' first.
    fn inherit_requests(
        &mut self,
        own: &BTreeMap<&'a str, Vec<Own>>,
    ) -> BTreeMap<&'a str, Vec<RField>> {
        let mut requests = BTreeMap::new();
        let names: Vec<&'a str> = self.actions.keys().copied().collect();
        for name in names {
            if let Some(chain) = self.chain(name) {
                let fields = self.inherit(&chain, own);
                let (file, _) = self.actions[name];
                let path = format!("actions.{name}.request");
                self.check_collisions(file, &path, &fields, Section::Request);
                requests.insert(name, fields);
            }
        }
        requests
    }

    /// Common parameters sent with every action join, as optional parameters, the actions
    /// that do not list them: after the common parameters that precede them in
    /// `service.common`, so that the commons keep its order.
    fn add_every_action_commons(
        &mut self,
        service: &crate::spec::ServiceDef,
        requests: &mut BTreeMap<&'a str, Vec<RField>>,
    ) {
        for (name, fields) in requests.iter_mut() {
            let (file, _) = self.actions[name];
            let mut at = 0;
            for (wire, c) in &service.common.0 {
                if let Some(i) = fields.iter().position(|f| &f.wire == wire) {
                    at = i + 1;
                } else if c.every_action {
                    let path = format!("service.common.{wire}");
                    let def = FieldDef::default();
                    if let Some(f) = self.field(file, &path, wire, &def, Section::Request) {
                        fields.insert(at, f);
                        at += 1;
                    }
                }
            }
        }
    }

    /// Which types travel in requests and which in responses; every type must do one, and
    /// those in requests must not hold `json`.
    fn check_usage(
        &mut self,
        requests: &BTreeMap<&str, Vec<RField>>,
        responses: &BTreeMap<&str, Vec<RField>>,
        structs: &BTreeMap<&str, Vec<RField>>,
    ) -> (BTreeSet<String>, BTreeSet<String>) {
        let mut encode = BTreeSet::new();
        let mut decode = BTreeSet::new();
        for f in requests.values().flatten() {
            mark(&f.ty, structs, &mut encode);
        }
        for f in responses.values().flatten() {
            mark(&f.ty, structs, &mut decode);
        }
        // A field rejected above leaves its type looking unused: only say so on a clean spec.
        let clean = self.diags.is_empty();
        for (name, (file, _)) in &self.types {
            if clean && !encode.contains(*name) && !decode.contains(*name) {
                self.diags.push(
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
                    let (file, _) = self.types[name.as_str()];
                    self.diags.push(file, format!("types.{name}.fields.{}", f.wire), "`json` values and maps can be read from responses but not sent, and this type is used in a request");
                }
            }
        }
        (encode, decode)
    }

    /// The paging of every action that declares it.
    /// How each action is sent, checking `body`, `retry_codes` and `deprecated`: a JSON body
    /// takes scalars and lists of scalars only (how the API signs objects in one is unknown),
    /// and retry codes need an idempotent action (the delivery rules never repeat another
    /// once the server has answered).
    fn resolve_delivery(
        &mut self,
        requests: &BTreeMap<&str, Vec<RField>>,
    ) -> BTreeMap<&'a str, (Body, bool)> {
        // Over 80 lines: each delivery key (body, answer, retry codes, pause, deprecation)
        // checked in turn; the diagnostics come out in the spec's order.
        let mut bodies = BTreeMap::new();
        let action_list: Vec<_> = self.actions.iter().map(|(k, v)| (*k, *v)).collect();
        for (name, (file, def)) in action_list {
            let path = format!("actions.{name}");
            let body = match def.body.as_deref() {
                None | Some("form") => Body::Form,
                Some("json") => Body::Json,
                Some(other) => {
                    self.diags.push(
                        file,
                        format!("{path}.body"),
                        format!("unknown body `{other}`: use form or json"),
                    );
                    Body::Form
                }
            };
            if body == Body::Json {
                for f in requests.get(name).into_iter().flatten() {
                    let flat = match &f.ty {
                        Ty::List(inner) => !matches!(**inner, Ty::List(_)) && self.is_scalar(inner),
                        ty => self.is_scalar(ty),
                    };
                    if !flat {
                        self.diags.push(
                            file,
                            format!("{path}.request.{}", f.wire),
                            "a JSON body takes scalars and lists of scalars only",
                        );
                    }
                }
            }
            let idempotent = def
                .idempotent
                .unwrap_or_else(|| names::default_idempotent(name));
            if !def.retry_codes.is_empty() && !idempotent {
                self.diags.push(
                    file,
                    format!("{path}.retry_codes"),
                    "retry codes on an action that is not idempotent would never be used: it is not repeated once the server has answered",
                );
            }
            let service_codes = self.service.map(|(_, s)| &s.retry_codes[..]).unwrap_or(&[]);
            self.check_retry_codes(file, &format!("{path}.retry_codes"), &def.retry_codes);
            for code in &def.retry_codes {
                if *code != 0 && service_codes.contains(code) {
                    self.diags.push(
                        file,
                        format!("{path}.retry_codes"),
                        format!(
                            "`{code}` is retried for every action already (`service.retry_codes`)"
                        ),
                    );
                }
            }
            match def.retry_pause_ms {
                Some(_) if def.retry_codes.is_empty() => self.diags.push(
                    file,
                    format!("{path}.retry_pause_ms"),
                    "a retry pause needs `retry_codes` to apply to",
                ),
                Some(ms) if !(1..=60_000).contains(&ms) => self.diags.push(
                    file,
                    format!("{path}.retry_pause_ms"),
                    format!("`{ms}` is not a pause from 1 to 60000 milliseconds"),
                ),
                _ => {}
            }
            if def
                .deprecated
                .as_deref()
                .is_some_and(|r| r.trim().is_empty())
            {
                self.diags.push(
                    file,
                    format!("{path}.deprecated"),
                    "say why the action is deprecated",
                );
            }
            let answers_file = match def.answer.as_deref() {
                None | Some("json") => false,
                Some("file") => true,
                Some(other) => {
                    self.diags.push(
                        file,
                        format!("{path}.answer"),
                        format!("unknown answer `{other}`: use json or file"),
                    );
                    false
                }
            };
            if answers_file && !def.response.0.is_empty() {
                self.diags.push(
                    file,
                    format!("{path}.response"),
                    "an action that answers with a file has no response fields: describe the file in its doc",
                );
            }
            bodies.insert(name, (body, answers_file));
        }
        bodies
    }

    /// Whether a value of `ty` is one string on the wire: a built-in scalar or an enum.
    fn is_scalar(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Str | Ty::Int | Ty::Float | Ty::Bool => true,
            Ty::Named(n) => self
                .types
                .get(n.as_str())
                .is_some_and(|(_, d)| d.values.is_some()),
            Ty::Json | Ty::List(_) | Ty::Map(_) => false,
        }
    }

    fn resolve_paginate(
        &mut self,
        requests: &BTreeMap<&str, Vec<RField>>,
        responses: &BTreeMap<&str, Vec<RField>>,
        structs: &BTreeMap<&str, Vec<RField>>,
    ) -> BTreeMap<&'a str, PaginateIr> {
        let mut paginate = BTreeMap::new();
        let action_list: Vec<_> = self.actions.iter().map(|(k, v)| (*k, *v)).collect();
        for (name, (file, def)) in action_list {
            if let (Some(p), Some(request)) = (&def.paginate, requests.get(name))
                && let Some(ir) = self.paginate(file, name, p, request, &responses[name], structs)
            {
                paginate.insert(name, ir);
            }
        }
        paginate
    }

    /// Every waiter, by the action it polls; two whose methods collide are an error.
    fn resolve_waiters(
        &mut self,
        requests: &BTreeMap<&str, Vec<RField>>,
        responses: &BTreeMap<&str, Vec<RField>>,
        structs: &BTreeMap<&str, Vec<RField>>,
        enums: &BTreeMap<&str, Vec<VariantIr>>,
    ) -> BTreeMap<&'a str, Vec<WaiterIr>> {
        let mut waiters: BTreeMap<&'a str, Vec<WaiterIr>> = BTreeMap::new();
        let mut methods: BTreeMap<(&str, String), &str> = BTreeMap::new();
        let waiter_list: Vec<_> = self.waiters.iter().map(|(k, v)| (*k, *v)).collect();
        for (name, (file, def)) in waiter_list {
            let Some((action, w)) =
                self.waiter(file, name, def, requests, responses, structs, enums)
            else {
                continue;
            };
            if let Some(first) = methods.insert((action, w.method.clone()), name) {
                self.diags.push(
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
        waiters
    }
}
