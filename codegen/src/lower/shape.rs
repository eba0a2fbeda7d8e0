//! Step two of lowering: the resolved [`Model`] becomes the IR. Nothing here can fail; every
//! choice of Rust shape and every generated doc line is made here.

use std::collections::BTreeMap;

use super::fields::{
    doc_lines, escape_doc, request_field, request_write, signing_order, type_field, type_write,
};
use super::samples::Shape;
use super::{ActionModel, Model, RField, module_name, named_in};
use crate::ir::{
    ActionIr, Body, CommonIr, CommonUse, Crate, ModuleIr, RequestIr, StructIr, TypeIr, TypeKind,
};
use crate::names;

/// The IR of a resolved service.
pub(super) fn shape(m: &Model<'_>) -> Crate {
    let service = m.service;
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
    let modules = modules
        .into_values()
        .map(|mut module| {
            module.imports.sort();
            module.imports.dedup();
            module
        })
        .collect();
    Crate {
        common: m
            .common
            .iter()
            .map(|(wire, c)| CommonIr {
                wire: wire.to_string(),
                method: names::ident(&names::snake(wire)),
                field: c.setting.setter(),
                marker: names::marker(wire),
                doc: doc_lines(
                    c.doc,
                    &[format!("Defaults to the client's {}.", c.setting.prose())],
                ),
            })
            .collect(),
        sensitive: sensitive_wires(m),
        retry_codes: service.retry_codes.clone(),
        name: service.crate_name.clone(),
        lib: service.crate_name.replace('-', "_"),
        version: service.version.clone(),
        product: service.name.clone(),
        base_url: service.base_url.clone(),
        doc: doc_lines(&service.doc, &[]),
        spec_dir: m.src.dir.clone(),
        types: shape_types(m),
        modules,
        examples: m.src.examples.clone(),
        changelog: m.src.changelog.clone(),
        readme: m.src.readme.clone().unwrap_or_else(|| {
            let doc = doc_lines(&service.doc, &[]).join("\n");
            format!("# {}\n\n{doc}\n", service.crate_name)
        }),
    }
}

/// Wire names of every field marked sensitive, sorted, each once.
fn sensitive_wires(m: &Model<'_>) -> Vec<String> {
    let mut sensitive: Vec<String> = m
        .actions
        .iter()
        .flat_map(|a| a.request.iter().chain(&a.response))
        .chain(m.structs.values().flatten())
        .filter(|f| f.sensitive)
        .map(|f| f.wire.clone())
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
                    fields: fields.iter().map(|f| type_field(f, enc)).collect(),
                    variants: Vec::new(),
                    encode: enc,
                    writes: if enc {
                        signing_order(fields.iter().map(type_write).collect())
                    } else {
                        Vec::new()
                    },
                    decode: dec,
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
                },
            }
        })
        .collect()
}

fn shape_action(m: &Model<'_>, a: &ActionModel<'_>) -> ActionIr {
    let name = a.name;
    let method = names::ident(&names::snake(name));
    let call = format!("{name}Call");
    let (common, own): (Vec<&RField>, Vec<&RField>) =
        a.request.iter().partition(|f| f.setting.is_some());
    let response_fields: Vec<_> = a.response.iter().map(|f| type_field(f, false)).collect();
    ActionIr {
        name: name.to_string(),
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
            doc: vec![if response_fields.is_empty() {
                format!("Result of `{name}`, which returns no fields.")
            } else {
                format!("Result of `{name}`.")
            }],
            fields: response_fields,
        },
        common: common
            .into_iter()
            .map(|f| CommonUse {
                wire: f.wire.clone(),
                marker: names::marker(&f.wire),
            })
            .collect(),
        writes: signing_order(a.request.iter().map(request_write).collect()),
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
        paginate: a.paginate.clone(),
        waiters: a.waiters.clone(),
    }
}

/// The client method's doc: the action's own, its retry safety, the common parameters it
/// takes and the setters it needs.
fn action_doc(a: &ActionModel<'_>, call: &str) -> Vec<String> {
    let name = a.name;
    let mut notes = Vec::new();
    if let Some(reason) = a.deprecated {
        notes.push(format!("Deprecated: {}", escape_doc(&doc_text(reason))));
    }
    notes.push(if a.idempotent {
        format!("Action `{name}`, safe to retry.")
    } else {
        format!("Action `{name}`, not safe to retry: repeating it may repeat its effect.")
    });
    if !a.retry_codes.is_empty() {
        let codes: Vec<String> = a.retry_codes.iter().map(|c| format!("`{c}`")).collect();
        let pause = match a.retry_pause_ms {
            Some(ms) => format!(", pausing at least {ms} ms times the retry's number"),
            None => String::new(),
        };
        notes.push(format!(
            "Retried on RetCode {}, which means it can succeed shortly{pause}.",
            codes.join(", ")
        ));
    }
    if a.body == Body::Json {
        notes.push("Sent as a JSON body, as the API takes it.".to_owned());
    }
    let takes: Vec<String> = a
        .request
        .iter()
        .filter(|f| f.setting.is_some())
        .map(|f| {
            if f.required {
                format!("`{}` (required)", f.wire)
            } else {
                format!("`{}`", f.wire)
            }
        })
        .collect();
    if !takes.is_empty() {
        notes.push(format!(
            "Takes {} from the call or the client.",
            takes.join(", ")
        ));
    }
    let required: Vec<String> = a
        .request
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
    doc_lines(a.doc, &notes)
}

/// `text` as one line of plain words: whitespace and control characters become single spaces.
fn doc_text(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
