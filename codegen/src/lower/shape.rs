//! Step two of lowering: the resolved [`Model`] becomes the IR. Nothing here can fail; every
//! choice of shape is made here (a field's type, optionality, setter and writes), with the
//! doc lines `docs` writes.

use std::collections::BTreeMap;

use super::docs::{action_doc, doc_lines, doc_text, new_doc, setter_doc};
use super::samples::Shape;
use super::{ActionModel, Model, RField, Ty, limits, module_name, named_in};
use crate::ir::{
    ActionIr, CommonIr, CommonUse, Crate, Decode, Encode, FieldIr, Location, ModuleIr, ParamIr,
    RequestIr, RouteIr, SerdeName, SetterIr, SetterKind, StructIr, TypeIr, TypeKind, TypeRef,
    WriteFrom, WriteIr,
};
use crate::names;

/// The IR of a resolved service.
pub(super) fn shape(m: &Model<'_>) -> Crate {
    let service = m.service;
    Crate {
        protocol: if m.wire.rest { "RestJson" } else { "UCloudRpc" }.to_owned(),
        bearer: m.wire.bearer.clone(),
        bearer_prefix: m.wire.bearer_prefix.clone(),
        bearer_base_url: m.wire.bearer_base_url.clone(),
        common: shape_common(m),
        sensitive: sensitive_wires(m),
        retry_codes: service.retry_codes.clone(),
        json_bodies: m
            .actions
            .iter()
            .filter(|a| a.body == crate::ir::Body::Json)
            .map(|a| a.name.to_owned())
            .collect(),
        name: service.crate_name.clone(),
        lib: service.crate_name.replace('-', "_"),
        version: service.version.clone(),
        product: service.name.clone(),
        base_url: service.base_url.clone(),
        doc: doc_lines(&service.doc, &[]),
        spec_dir: m.src.dir.clone(),
        types: shape_types(m),
        modules: shape_modules(m),
        examples: m.src.examples.clone(),
        changelog: m.src.changelog.clone(),
        cli: None,
        readme: m.src.readme.clone().unwrap_or_else(|| {
            let doc = doc_lines(&service.doc, &[]).join("\n");
            format!("# {}\n\n{doc}\n", service.crate_name)
        }),
    }
}

/// A module per spec file with actions, each importing the named types it mentions.
fn shape_modules(m: &Model<'_>) -> Vec<ModuleIr> {
    let mut modules: BTreeMap<&str, ModuleIr> = BTreeMap::new();
    for a in &m.actions {
        let module = modules.entry(a.file).or_insert_with(|| ModuleIr {
            name: module_name(a.file),
            source: a.file.to_owned(),
            imports: Vec::new(),
            actions: Vec::new(),
        });
        for f in a.request.iter().chain(&a.response) {
            named_in(&f.ty, &mut module.imports);
        }
        module.actions.push(shape_action(m, a));
    }
    modules
        .into_values()
        .map(|mut module| {
            module.imports.sort();
            module.imports.dedup();
            module
        })
        .collect()
}

/// The common parameters, each a setter on the calls that take it.
fn shape_common(m: &Model<'_>) -> Vec<CommonIr> {
    m.common
        .iter()
        .map(|(wire, c)| CommonIr {
            wire: wire.to_string(),
            method: c.setter.clone(),
            field: c.setting.setter(),
            marker: names::marker(wire),
            doc: doc_lines(
                c.doc,
                &[format!("Defaults to the client's {}.", c.setting.prose())],
            ),
        })
        .collect()
}

/// Wire names of every field marked sensitive, sorted, each once.
fn sensitive_wires(m: &Model<'_>) -> Vec<String> {
    let mut sensitive: Vec<String> = m
        .actions
        .iter()
        .flat_map(|a| a.request.iter().chain(&a.response))
        .chain(m.structs.values().flatten())
        .filter(|f| f.sensitive)
        // A header goes by its header's name.
        .flat_map(|f| std::iter::once(f.wire.clone()).chain(f.header.clone()))
        .collect();
    sensitive.sort();
    sensitive.dedup();
    sensitive
}

fn shape_types(m: &Model<'_>) -> Vec<TypeIr> {
    m.type_docs
        .iter()
        .map(|(&name, doc)| {
            let (enc, dec) = (m.encode.contains(name), m.decode.contains(name));
            let doc = doc_lines(doc, &[]);
            match m.structs.get(name) {
                Some(fields) => TypeIr {
                    name: name.to_string(),
                    doc,
                    kind: TypeKind::Struct,
                    new_doc: if enc { new_doc(fields) } else { Vec::new() },
                    fields: fields.iter().map(|f| type_field(f, enc)).collect(),
                    variants: Vec::new(),
                    encode: enc,
                    writes: if enc {
                        signing_order(fields.iter().map(|f| type_write(f, fields)).collect())
                    } else {
                        Vec::new()
                    },
                    decode: dec,
                    others: dec && !enc && m.service.keep_unknown_fields,
                },
                None => TypeIr {
                    name: name.to_string(),
                    doc,
                    kind: TypeKind::Enum,
                    fields: Vec::new(),
                    variants: m.enums.get(name).cloned().unwrap_or_default(),
                    encode: enc,
                    writes: Vec::new(),
                    decode: dec,
                    others: false,
                    new_doc: Vec::new(),
                },
            }
        })
        .collect()
}

fn shape_action(m: &Model<'_>, a: &ActionModel<'_>) -> ActionIr {
    let name = a.name;
    let method = a.method.clone();
    let call = format!("{name}Call");
    let (common, own): (Vec<&RField>, Vec<&RField>) =
        a.request.iter().partition(|f| f.setting.is_some());
    let response_fields: Vec<_> = a.response.iter().map(|f| type_field(f, false)).collect();
    ActionIr {
        name: name.to_string(),
        route: a.route.as_ref().map(|(method, path)| RouteIr {
            method: method.clone(),
            path: path.clone(),
        }),
        idempotency_header: a.idempotency_header.clone(),
        doc: action_doc(a, &call),
        call_doc: vec![format!(
            "The `{name}` call, made by [`Client::{method}`](crate::Client::{method}): set its parameters with the methods below, then `.send().await`."
        )],
        request: RequestIr {
            name: format!("{name}Request"),
            doc: vec![format!(
                "Parameters of `{name}`, sent by [`Client::{method}`](crate::Client::{method})."
            )],
            fields: own.iter().map(|f| request_field(f)).collect(),
        },
        response: StructIr {
            name: format!("{name}Response"),
            doc: vec![
                match (response_fields.is_empty(), m.service.keep_unknown_fields) {
                    (true, false) => format!("Result of `{name}`, which returns no fields."),
                    (true, true) => format!(
                        "Result of `{name}`: what the service answers, in `others` (the spec names none of it)."
                    ),
                    _ => format!("Result of `{name}`."),
                },
            ],
            fields: response_fields,
            others: m.service.keep_unknown_fields,
        },
        common: common
            .into_iter()
            .map(|f| CommonUse {
                wire: f.wire.clone(),
                marker: names::marker(&f.wire),
            })
            .collect(),
        writes: signing_order(
            a.request
                .iter()
                .map(|f| request_write(f, &a.request))
                .collect(),
        ),
        sample: (!a.response.is_empty()).then(|| {
            let fields: Vec<&RField> = a.response.iter().collect();
            m.sample(Shape::Response, &fields)
        }),
        request_sample: (!own.is_empty()).then(|| m.sample(Shape::Request, &own)),
        method,
        call,
        idempotent: a.idempotent,
        deprecated: a.deprecated.map(doc_text),
        retry_codes: a.retry_codes.clone(),
        retry_pause_ms: a.retry_pause_ms,
        body: a.body,
        file: a.answers_file,
        paginate: a.paginate.clone(),
        waiters: a.waiters.clone(),
    }
}

/// The IR type of a resolved type; `sensitive` strings are secrets.
pub(super) fn type_ref(ty: &Ty, sensitive: bool) -> TypeRef {
    match ty {
        Ty::Str if sensitive => TypeRef::Secret,
        Ty::Str => TypeRef::String,
        Ty::Int => TypeRef::Int,
        Ty::Float => TypeRef::Float,
        Ty::Bool => TypeRef::Bool,
        Ty::Json => TypeRef::Json,
        Ty::List(inner) => TypeRef::List(Box::new(type_ref(inner, sensitive))),
        Ty::Map(inner) => TypeRef::Map(Box::new(type_ref(inner, sensitive))),
        Ty::Named(n) => TypeRef::Named(n.clone()),
    }
}

/// A field of a named struct or of a response. Request objects (`in_request`) keep optional
/// lists as `Option<Vec<_>>` so "unset" and "empty" differ on the wire; responses read a
/// missing list as empty.
pub(super) fn type_field(f: &RField, in_request: bool) -> FieldIr {
    // Maps are never sent, so only responses have them: a missing one is empty.
    let is_list = matches!(f.ty, Ty::List(_) | Ty::Map(_));
    let optional = !f.required && (in_request || !is_list);
    let inner = type_ref(&f.ty, f.sensitive);
    FieldIr {
        wire: f.wire.clone(),
        ident: f.ident.clone(),
        ty: if optional {
            TypeRef::Option(Box::new(inner))
        } else {
            inner
        },
        doc: f.doc.rustdoc(),
        decode: if optional {
            Decode::ReadOpt
        } else {
            Decode::Read
        },
        keys: std::iter::once(&f.wire)
            .chain(&f.aliases)
            .map(|k| k.to_ascii_lowercase())
            .collect(),
        required: f.required,
        setter: f.setter.clone(),
        setter_doc: setter_doc(&f.ident),
        serde: serde_name(f),
    }
}

/// How serde names a field: its wire name (where `rename_all` does not give it) and aliases.
fn serde_name(f: &RField) -> SerdeName {
    SerdeName {
        rename: (names::serde_pascal(&f.ident) != f.wire).then(|| f.wire.clone()),
        aliases: f.aliases.clone(),
    }
}

/// A parameter of an action's own: always optional in the struct (the call's setter fills
/// it), checked for presence when encoded if required.
pub(super) fn request_field(f: &RField) -> ParamIr {
    let inner = type_ref(&f.ty, f.sensitive);
    let (kind, setter_ty) = match &f.ty {
        Ty::List(elem) => (SetterKind::Many, type_ref(elem, f.sensitive)),
        _ => (SetterKind::One, inner.clone()),
    };
    ParamIr {
        wire: f.wire.clone(),
        ident: f.ident.clone(),
        ty: TypeRef::Option(Box::new(inner)),
        doc: f.doc.rustdoc(),
        serde: serde_name(f),
        setter: SetterIr {
            name: f.setter.clone(),
            kind,
            ty: setter_ty,
        },
    }
}

/// How a field of a request object is written: always if required, else if set.
pub(super) fn type_write(f: &RField, siblings: &[RField]) -> WriteIr {
    WriteIr {
        wire: f.wire.clone(),
        encode: if f.required { Encode::Put } else { Encode::Opt },
        from: WriteFrom::Field {
            ident: f.ident.clone(),
        },
        setter: None,
        checks: limits::checks(f, siblings, true),
        location: None,
    }
}

/// How a parameter of an action is written: a common one from the call or the client, an own
/// one from its field, recorded as missing (with its setter) if required and unset.
pub(super) fn request_write(f: &RField, siblings: &[RField]) -> WriteIr {
    let (encode, from, setter) = match f.setting {
        Some(setting) => (
            if f.required {
                Encode::ReqCommon
            } else {
                Encode::OptCommon
            },
            WriteFrom::Setting { setting },
            None,
        ),
        None => {
            let encode = match (f.required, f.base64) {
                (true, false) => Encode::Req,
                (false, false) => Encode::Opt,
                (true, true) => Encode::ReqBase64,
                (false, true) => Encode::OptBase64,
            };
            let ident = f.ident.clone();
            let setter = f.required.then(|| f.setter.clone());
            (encode, WriteFrom::Field { ident }, setter)
        }
    };
    WriteIr {
        // A header goes by its header's name.
        wire: f.header.clone().unwrap_or_else(|| f.wire.clone()),
        encode,
        from,
        setter,
        checks: limits::checks(f, siblings, false),
        location: (f.location != Location::Body).then_some(f.location),
    }
}

/// `writes` in the order parameters are signed in: bytewise by wire name.
pub(super) fn signing_order(mut writes: Vec<WriteIr>) -> Vec<WriteIr> {
    writes.sort_by(|a, b| a.wire.cmp(&b.wire));
    writes
}
