//! `cargo xtask drift`: where the spec and the two references of the API disagree.
//!
//! The references are the official Python SDK's structure (`ucompshare-api.json`) and what
//! the official CLI sends and reads (`compshare-cli.json`, from `scripts/cli-reference.py`),
//! both under `tests/e2e/reference/`. Listed: actions, request parameters (nested fields of
//! parameter objects too) and response fields that a reference has and the spec lacks, wire
//! names that differ only by case, and actions and parameters of the spec that neither
//! reference knows. Departures made on purpose are listed in `deviations.yaml` (`absent:` and
//! `unreferenced:`, each with its reason) and not reported; a listed departure that no longer
//! matches anything is reported as stale.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use compshare_codegen::ir::{Crate, TypeIr, TypeKind, TypeRef};
use compshare_codegen::load;

use crate::accepted::Accepted;
use serde_json::Value;

const PYTHON: &str = "tests/e2e/reference/ucompshare-api.json";
const CLI: &str = "tests/e2e/reference/compshare-cli.json";
const SPEC: &str = "spec/ucompshare";

/// The spec's view of one action: its wire names.
#[derive(Default)]
struct SpecAction {
    /// Request wire names, nested fields as `Parent.Field` (lists too: `Disks.Size`).
    request: BTreeSet<String>,
    /// The response's fields: lowercased keys (wire name and aliases) -> named type, if any.
    response: BTreeMap<String, Option<String>>,
    /// It answers with a file (`answer: file`): what references call its fields are the
    /// file's columns.
    file: bool,
}

/// What one reference says an action takes and returns.
#[derive(Default)]
struct RefAction {
    request: BTreeSet<String>,
    /// Paths of response fields, `[]` marking list elements.
    response: BTreeSet<String>,
}

/// The drift report: problems, one a line. Empty when the spec and the references agree
/// except for the listed departures.
pub fn report(root: &Path) -> Result<Vec<String>, String> {
    let read = |path: &str| {
        std::fs::read_to_string(root.join(path)).map_err(|e| format!("{path}: cannot read: {e}"))
    };
    let python = python_reference(
        &serde_json::from_str(&read(PYTHON)?).map_err(|e| format!("{PYTHON}: {e}"))?,
    );
    let cli_json: Value = serde_json::from_str(&read(CLI)?).map_err(|e| format!("{CLI}: {e}"))?;
    let cli = cli_reference(&cli_json);
    let accepted = Accepted::load(root)?;
    let src = load::load_dir(&root.join(SPEC), SPEC).map_err(|d| d.to_string())?;
    let krate = compshare_codegen::lower_service(&src).map_err(|d| d.to_string())?;
    let spec = spec_actions(&krate);

    let mut lines: Vec<String> = Vec::new();
    for (source, reference) in [("the Python SDK", &python), ("compshare-cli", &cli)] {
        for (action, r) in reference {
            let Some(s) = spec.get(action) else {
                if !accepted.absent(action, "") {
                    lines.push(format!("{action}: action in {source}, not in the spec"));
                }
                continue;
            };
            for wire in &r.request {
                let ours = if source == "the Python SDK" {
                    accepted.renamed(action, wire)
                } else {
                    wire
                };
                if s.request.contains(ours) || accepted.absent(action, wire) {
                    continue;
                }
                let what = match s.request.iter().find(|w| w.eq_ignore_ascii_case(wire)) {
                    Some(ours) => {
                        format!("request parameter in {source}, the spec spells it `{ours}`")
                    }
                    None => format!("request parameter in {source}, not in the spec"),
                };
                lines.push(format!("{action}.{wire}: {what}"));
            }
            for path in r.response.iter().filter(|_| !s.file) {
                if !resolves(&krate, &s.response, path) && !accepted.absent(action, path) {
                    lines.push(format!(
                        "{action}.{path}: response field read by {source}, not in the spec"
                    ));
                }
            }
        }
    }
    for (action, s) in &spec {
        let known: Vec<&RefAction> = [python.get(action), cli.get(action)]
            .into_iter()
            .flatten()
            .collect();
        let listed_unavailable = cli_json["unavailable_actions"]
            .as_array()
            .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(action)));
        if known.is_empty() {
            if !listed_unavailable && !accepted.unreferenced(action, "") {
                lines.push(format!("{action}: action of the spec in neither reference"));
            }
            continue;
        }
        for wire in &s.request {
            let referenced = known
                .iter()
                .any(|r| r.request.iter().any(|w| w.eq_ignore_ascii_case(wire)));
            if !referenced
                && !["Region", "Zone", "ProjectId"].contains(&wire.as_str())
                && !accepted.unreferenced(action, wire)
            {
                lines.push(format!(
                    "{action}.{wire}: request parameter of the spec in neither reference"
                ));
            }
        }
    }
    // Documented but not served: the spec says so, so that users learn it before a call fails.
    let unavailable = cli_json["unavailable_actions"]
        .as_array()
        .into_iter()
        .flatten();
    for action in unavailable.filter_map(Value::as_str) {
        match krate.modules.iter().flat_map(|m| &m.actions).find(|a| a.name == action) {
            Some(a) if a.deprecated.is_some() => {}
            Some(_) => lines.push(format!(
                "{action}: compshare-cli lists it as unavailable in production; the spec does not mark it `deprecated`"
            )),
            None if accepted.absent(action, "") => {}
            None => lines.push(format!(
                "{action}: compshare-cli lists it as documented but unavailable; the spec should have it, `deprecated`"
            )),
        }
    }
    lines.extend(accepted.unused(&["absent", "unreferenced"]));
    lines.sort();
    lines.dedup();
    Ok(lines)
}

/// The Python SDK's actions: parameter names (object fields as `Parent.Field`) and response
/// paths (models followed, lists marked `[]`).
fn python_reference(v: &Value) -> BTreeMap<String, RefAction> {
    let types = |key: &str| {
        v.get(key)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let (params, models) = (types("request_param_types"), types("response_models"));
    let mut out = BTreeMap::new();
    for a in v
        .get("actions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = a["action"].as_str().unwrap_or_default().to_owned();
        let mut r = RefAction::default();
        for p in a["request"].as_array().into_iter().flatten() {
            python_fields(&params, p, "", &mut r.request, 0);
        }
        for f in a["response"].as_array().into_iter().flatten() {
            python_fields(&models, f, "", &mut r.response, 0);
        }
        out.insert(name, r);
    }
    out
}

/// Adds `field`'s path under `prefix` to `out`, and its fields' if it names a type in `types`.
fn python_fields(
    types: &serde_json::Map<String, Value>,
    field: &Value,
    prefix: &str,
    out: &mut BTreeSet<String>,
    depth: usize,
) {
    let name = field["name"].as_str().unwrap_or_default();
    let path = format!("{prefix}{name}");
    let mut ty = &field["type"];
    while let Some(inner) = ty.get("list") {
        ty = inner;
    }
    out.insert(path.clone());
    if let Some(model) = ty.get("ref").and_then(Value::as_str)
        && depth < 8
    {
        for f in types
            .get(model)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            python_fields(types, f, &format!("{path}."), out, depth + 1);
        }
    }
}

/// compshare-cli's actions: the parameters it can send (object fields as `Parent.Field`) and
/// the response paths it reads.
fn cli_reference(v: &Value) -> BTreeMap<String, RefAction> {
    let mut out = BTreeMap::new();
    for (name, a) in v
        .get("actions")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let mut r = RefAction::default();
        for (wire, p) in a["request"].as_object().into_iter().flatten() {
            cli_params(wire, p, &mut r.request);
        }
        for path in a["response"].as_array().into_iter().flatten() {
            if let Some(p) = path.as_str() {
                r.response.insert(p.to_owned());
            }
        }
        out.insert(name.clone(), r);
    }
    out
}

fn cli_params(wire: &str, p: &Value, out: &mut BTreeSet<String>) {
    out.insert(wire.to_owned());
    for (field, sub) in p
        .get("fields")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        cli_params(&format!("{wire}.{field}"), sub, out);
    }
}

/// The named type a Rust field type holds, through `Option` and `Vec`.
pub(crate) fn named(ty: &TypeRef) -> &str {
    ty.named().unwrap_or_default()
}

pub(crate) fn struct_of<'a>(krate: &'a Crate, name: &str) -> Option<&'a TypeIr> {
    krate
        .types
        .iter()
        .find(|t| t.name == name && t.kind == TypeKind::Struct)
}

/// Each action of the spec with its wire names.
fn spec_actions(krate: &Crate) -> BTreeMap<String, SpecAction> {
    let mut out = BTreeMap::new();
    for a in krate.modules.iter().flat_map(|m| &m.actions) {
        let mut s = SpecAction {
            file: a.file,
            ..SpecAction::default()
        };
        for w in &a.writes {
            s.request.insert(w.wire.clone());
        }
        for p in &a.request.fields {
            request_fields(krate, &p.wire, named(&p.setter.ty), &mut s.request, 0);
        }
        for f in &a.response.fields {
            let ty = struct_of(krate, named(&f.ty)).map(|t| t.name.clone());
            for k in &f.keys {
                s.response.insert(k.clone(), ty.clone());
            }
        }
        out.insert(a.name.clone(), s);
    }
    out
}

pub(crate) fn request_fields(
    krate: &Crate,
    prefix: &str,
    ty: &str,
    out: &mut BTreeSet<String>,
    depth: usize,
) {
    let Some(t) = struct_of(krate, ty) else {
        return;
    };
    if depth > 8 {
        return;
    }
    for f in &t.fields {
        let path = format!("{prefix}.{}", f.wire);
        out.insert(path.clone());
        request_fields(krate, &path, named(&f.ty), out, depth + 1);
    }
}

/// Whether a response path (`Data.List[].UHostId`) names fields of the spec's response.
fn resolves(krate: &Crate, top: &BTreeMap<String, Option<String>>, path: &str) -> bool {
    let mut fields: BTreeMap<String, Option<String>> = top.clone();
    // `*` is any key of a map: the path goes on in the map's values.
    for part in path.split('.').filter(|p| *p != "*") {
        let key = part.trim_end_matches("[]").to_ascii_lowercase();
        let Some(ty) = fields.get(&key).cloned() else {
            return false;
        };
        fields = match ty.as_deref().and_then(|t| struct_of(krate, t)) {
            Some(t) => t
                .fields
                .iter()
                .flat_map(|f| {
                    let ty = struct_of(krate, named(&f.ty)).map(|t| t.name.clone());
                    f.keys.iter().map(move |k| (k.clone(), ty.clone()))
                })
                .collect(),
            None => BTreeMap::new(),
        };
    }
    true
}
