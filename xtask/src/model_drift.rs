//! The model API's part of `cargo xtask drift`: `spec/models` against what compshare-cli's
//! `minimax` commands send (`tests/e2e/reference/compshare-model-cli.json`, captured by
//! `scripts/model-cli-reference.py`). Listed: a request the CLI sends that no action's route
//! matches, a query or body key (nested fields too) an action lacks, an `Idempotency-Key` sent
//! by one side only, an upload header the spec's upload does not send, and an action whose
//! route the CLI never sends.

use std::collections::BTreeSet;
use std::path::Path;

use compshare_codegen::ir::{ActionIr, Crate, Location};
use compshare_codegen::load;
use serde_json::Value;

use crate::drift::{named, request_fields};

const REFERENCE: &str = "tests/e2e/reference/compshare-model-cli.json";
const SPEC: &str = "spec/models";

/// Whether a concrete path (ids as `ID`) is one of `template`'s (`/tasks/{task_id}`).
fn matches(template: &str, path: &str) -> bool {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| t == p || (t.starts_with('{') && t.ends_with('}')))
}

/// The action's query keys, and its body's keys with nested fields as `a.b`.
fn keys(krate: &Crate, a: &ActionIr) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut query = BTreeSet::new();
    let mut body = BTreeSet::new();
    for w in &a.writes {
        match w.location {
            Some(Location::Query) => {
                query.insert(w.wire.clone());
            }
            None | Some(Location::Body) => {
                body.insert(w.wire.clone());
            }
            _ => {}
        }
    }
    for p in &a.request.fields {
        if body.contains(&p.wire) {
            request_fields(krate, &p.wire, named(&p.setter.ty), &mut body, 0);
        }
    }
    (query, body)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(|s| s.replace("[]", "")))
        .collect()
}

/// The drift lines of the model API.
pub fn report(root: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(root.join(REFERENCE))
        .map_err(|e| format!("{REFERENCE}: cannot read: {e}"))?;
    let reference: Value = serde_json::from_str(&text).map_err(|e| format!("{REFERENCE}: {e}"))?;
    let src = load::load_dir(&root.join(SPEC), SPEC).map_err(|d| d.to_string())?;
    let krate = compshare_codegen::lower_service(&src).map_err(|d| d.to_string())?;
    let actions: Vec<&ActionIr> = krate.modules.iter().flat_map(|m| &m.actions).collect();
    let upload_headers: BTreeSet<String> = krate
        .cli
        .iter()
        .flat_map(|c| &c.modules)
        .flat_map(|m| &m.commands)
        .filter_map(|c| c.upload.as_ref())
        .flat_map(|u| u.headers.iter().map(|(h, _)| h.to_ascii_lowercase()))
        .chain(["content-type".to_owned()])
        .collect();
    let mut out = Vec::new();
    let mut sent: BTreeSet<&str> = BTreeSet::new();
    for c in reference["commands"].as_array().into_iter().flatten() {
        let command = c["command"].as_str().unwrap_or_default();
        for r in c["requests"].as_array().into_iter().flatten() {
            let method = r["method"].as_str().unwrap_or_default();
            let path = r["path"].as_str().unwrap_or_default();
            if path == "<upload>" {
                for h in strings(&r["headers"]) {
                    if !upload_headers.contains(&h) {
                        out.push(format!(
                            "model API: `{command}` uploads with header `{h}`, which no upload of spec/models sends"
                        ));
                    }
                }
                continue;
            }
            let Some(a) = actions.iter().find(|a| {
                a.route
                    .as_ref()
                    .is_some_and(|r| r.method == method && matches(&r.path, path))
            }) else {
                out.push(format!(
                    "model API: `{command}` sends {method} {path}, which no action of spec/models has"
                ));
                continue;
            };
            sent.insert(a.name.as_str());
            let (query, body) = keys(&krate, a);
            for (what, theirs, ours) in [
                ("query key", strings(&r["query"]), &query),
                ("body key", strings(&r["body"]), &body),
            ] {
                for k in theirs.iter().filter(|k| !ours.contains(*k)) {
                    out.push(format!(
                        "model API: `{command}` sends {what} `{k}`, which {} lacks",
                        a.name
                    ));
                }
            }
            let keyed = r["idempotency_key"].as_bool().unwrap_or(false);
            if keyed != a.idempotency_header.is_some() {
                out.push(format!(
                    "model API: `{command}` {} Idempotency-Key; {} {}",
                    if keyed { "sends an" } else { "sends no" },
                    a.name,
                    if keyed { "does not" } else { "does" }
                ));
            }
        }
    }
    for a in &actions {
        if !sent.contains(a.name.as_str()) {
            out.push(format!(
                "model API: compshare-cli never sends {} ({})",
                a.name,
                a.route
                    .as_ref()
                    .map_or_else(String::new, |r| format!("{} {}", r.method, r.path))
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn a_concrete_path_matches_its_template_only() {
        assert!(matches(
            "/image/v1/tasks/{task_id}/cancel",
            "/image/v1/tasks/ID/cancel"
        ));
        assert!(!matches(
            "/image/v1/tasks/{task_id}",
            "/image/v1/tasks/ID/cancel"
        ));
        assert!(!matches("/image/v1/tasks", "/image/v1/assets"));
    }
}
