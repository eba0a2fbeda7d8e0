//! Writes `tests/e2e/tests/all_actions/cli.rs`: each request the official CLI sent in
//! `tests/e2e/reference/compshare-cli-captures.json` (recorded from compshare-cli itself by
//! `scripts/cli-captures.py`), made again through the SDK's typed setters and checked to
//! reach the server alike: the same parameters with the same values, so the same signature
//! (both use the same test keys), and a JSON body where the CLI sent one.
//!
//! Unlike the reference test beside it, this one reads the spec: it needs each wire name's
//! setter and Rust type to write the call. The claim it checks is the issue's: any request
//! the CLI sends can be made through typed setters, with no value the user has to invent.
//! A captured parameter the spec cannot express is an error here, so it cannot go unnoticed.

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine;
use compshare_codegen::ir::{ActionIr, Crate, Encode, SetterKind, TypeKind, TypeRef};
use compshare_codegen::{load, names, rust};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::accepted::Accepted;
use crate::cases::{self, Arg, CallTest, CliCheck, RequiredCheck, RequiredTest, Setter, TestFile};

/// The generated test, relative to the workspace root.
pub const PATH: &str = "tests/e2e/tests/all_actions/cli.rs";
const CAPTURES: &str = "tests/e2e/reference/compshare-cli-captures.json";
const REFERENCE: &str = "tests/e2e/reference/compshare-cli.json";
const SPEC: &str = "spec/ucompshare";

#[derive(Deserialize)]
struct Captures {
    source: String,
    public_key: String,
    private_key: String,
    captures: Vec<Capture>,
}

#[derive(Deserialize)]
struct Capture {
    command: Vec<String>,
    requests: Vec<Captured>,
}

#[derive(Deserialize)]
struct Captured {
    action: String,
    content_type: String,
    /// Every pair as sent; a JSON body's lists stay arrays.
    params: Vec<(String, Value)>,
    json: Option<Value>,
}

/// The test's source, unformatted.
pub fn render(root: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(root.join(CAPTURES))
        .map_err(|e| format!("{CAPTURES}: cannot read: {e}"))?;
    let captures: Captures = serde_json::from_str(&text).map_err(|e| format!("{CAPTURES}: {e}"))?;
    let src = load::load_dir(&root.join(SPEC), SPEC).map_err(|d| d.to_string())?;
    let krate = compshare_codegen::lower_service(&src).map_err(|d| d.to_string())?;
    let actions: BTreeMap<&str, &ActionIr> = krate
        .modules
        .iter()
        .flat_map(|m| &m.actions)
        .map(|a| (a.name.as_str(), a))
        .collect();

    let mut calls = Vec::new();
    if captures.public_key != crate_keys().0 || captures.private_key != crate_keys().1 {
        return Err(format!(
            "{CAPTURES}: the captures must use the test keys {:?}",
            crate_keys()
        ));
    }
    let accepted = Accepted::load(root)?;
    let mut problems = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    // Every wire name the generated tests send, by action (lists and objects by their name).
    let mut captured: BTreeMap<&str, std::collections::BTreeSet<&str>> = BTreeMap::new();
    for capture in &captures.captures {
        for (i, req) in capture.requests.iter().enumerate() {
            let at = format!(
                "{CAPTURES}: `compshare {}` request {}",
                capture.command.join(" "),
                i + 1
            );
            let Some(action) = actions.get(req.action.as_str()) else {
                if !accepted.absent(&req.action, "") {
                    problems.push(format!("{at}: {} is not in the spec", req.action));
                }
                continue;
            };
            // A request sending what the spec leaves out on purpose cannot be made again.
            let departs = req.params.iter().any(|(k, _)| {
                let top = k.split('.').next().unwrap_or(k);
                accepted.absent(&req.action, top) || accepted.absent(&req.action, k)
            });
            if departs {
                continue;
            }
            match test(&krate, action, req) {
                Ok(mut call) => {
                    // What a generated test sends counts as captured, nothing else.
                    captured.entry(req.action.as_str()).or_default().extend(
                        req.params
                            .iter()
                            .map(|(k, _)| k.split('.').next().unwrap_or(k)),
                    );
                    let n = seen.entry(action.method.clone()).or_default();
                    *n += 1;
                    call.doc = Some(format!(
                        "`compshare {}`",
                        capture.command.join(" ").replace(['\n', '\r'], " ")
                    ));
                    call.name = format!("{}_{n}", action.method.trim_start_matches("r#"));
                    calls.push(call);
                }
                Err(e) => problems.extend(e.into_iter().map(|p| format!("{at}: {p}"))),
            }
        }
    }
    let reference = Reference {
        actions: &actions,
        accepted: &accepted,
        captured: &captured,
    };
    let checks = reference_tests(root, &krate, &reference, &mut calls, &mut problems)?;
    problems.extend(accepted.unused(&["required"]));
    if !problems.is_empty() {
        problems.sort();
        problems.dedup();
        return Err(problems.join("\n"));
    }
    cases::render(&TestFile {
        generated_from: format!("{CAPTURES} and {SPEC}"),
        source_line: format!("The captures: {}.", captures.source),
        doc: [
            "Every request compshare-cli sent in its captures, made again through typed setters:",
            "the server must receive the same parameters and values, signed alike, as JSON",
            "where the CLI sent JSON. The CLI's profile held no region or project, so neither",
            "does the client here: only what the CLI sent is set.",
        ]
        .map(str::to_owned)
        .to_vec(),
        uses: ["expect_cli", "expect_missing", "expect_output", "serve_bare"]
            .map(str::to_owned)
            .to_vec(),
        bare: true,
        calls,
        required: RequiredTest {
            doc: vec![
                "The spec requires only what compshare-cli always sends, and the SDK refuses to send".to_owned(),
                "without it.".to_owned(),
            ],
            name: "required_parameters_are_sent_by_compshare_cli".to_owned(),
            checks,
        },
    })
}

/// From compshare-cli's reference (`scripts/cli-reference.py`): for each action it calls, a
/// response carrying every field it reads decodes into typed fields, and the spec requires
/// only parameters the CLI always sends (a required flag is a claim about the server).
/// What the reference tests check the CLI's reference against.
struct Reference<'a> {
    actions: &'a BTreeMap<&'a str, &'a ActionIr>,
    accepted: &'a Accepted,
    /// Wire names each action was captured sending.
    captured: &'a BTreeMap<&'a str, std::collections::BTreeSet<&'a str>>,
}

fn reference_tests(
    root: &Path,
    krate: &Crate,
    refs: &Reference<'_>,
    calls: &mut Vec<CallTest>,
    problems: &mut Vec<String>,
) -> Result<Vec<RequiredCheck>, String> {
    let (actions, accepted) = (refs.actions, refs.accepted);
    let text = std::fs::read_to_string(root.join(REFERENCE))
        .map_err(|e| format!("{REFERENCE}: cannot read: {e}"))?;
    let reference: Value = serde_json::from_str(&text).map_err(|e| format!("{REFERENCE}: {e}"))?;
    let listed = reference
        .get("actions")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut required_checks = Vec::new();
    for (name, entry) in &listed {
        let called = entry["call_sites"]
            .as_array()
            .is_some_and(|c| !c.is_empty());
        let Some(action) = actions.get(name.as_str()) else {
            if called && !accepted.absent(name, "") {
                problems.push(format!(
                    "{REFERENCE}: compshare-cli calls {name}, which is not in the spec"
                ));
            }
            continue;
        };
        if !called {
            continue;
        }
        // Each parameter the CLI can send is tested by a capture that sends it.
        let sent = refs.captured.get(name.as_str());
        for wire in entry["request"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
        {
            if !sent.is_some_and(|s| s.contains(wire.as_str())) {
                problems.push(format!(
                    "{REFERENCE}: compshare-cli can send {name}.{wire}, but no capture does: add a command that sends it to scripts/cli-captures.py"
                ));
            }
        }
        let always: Vec<&str> = entry["request"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, p)| p["always"].as_bool() == Some(true))
            .map(|(k, _)| k.as_str())
            .collect();
        let mut required: Vec<&str> = action
            .writes
            .iter()
            .filter(|w| {
                matches!(
                    w.encode,
                    Encode::Req | Encode::ReqBase64 | Encode::ReqCommon
                )
            })
            .map(|w| w.wire.as_str())
            .collect();
        required.sort();
        for wire in &required {
            if !always.contains(wire) && !accepted.required(name, wire) {
                problems.push(format!(
                    "{name}.{wire}: the spec requires it, but compshare-cli may call {name} without it"
                ));
            }
        }
        // The client has no region: Region is named too where the action requires it.
        required_checks.push(RequiredCheck {
            action: name.clone(),
            method: action.method.clone(),
            required: required.iter().map(|w| w.to_string()).collect(),
        });
        let paths: Vec<&str> = entry["response"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if paths.is_empty() {
            continue;
        }
        let (mut sent, mut want) = (Map::new(), Map::new());
        for path in &paths {
            if let Err(e) =
                response_path(krate, &action.response.fields, path, &mut sent, &mut want)
                && !accepted.absent(name, path)
            {
                problems.push(format!("{REFERENCE}: {name}.{path}: {e}"));
            }
        }
        sent.insert("RetCode".into(), Value::from(0));
        calls.push(CallTest {
            doc: Some(format!(
                "Every response field compshare-cli reads from `{name}`."
            )),
            name: format!("reads_{}", action.method.trim_start_matches("r#")),
            body: Value::Object(sent).to_string(),
            method: action.method.clone(),
            setters: fill_required(krate, action),
            form: Vec::new(),
            cli: None,
            output: Some(Value::Object(want).to_string()),
        });
    }
    Ok(required_checks)
}

/// Setters giving every required parameter a value, so that a call can be sent.
fn fill_required(krate: &Crate, action: &ActionIr) -> Vec<Setter> {
    let mut setters = Vec::new();
    for w in &action.writes {
        match w.encode {
            Encode::ReqCommon => setters.push(Setter::new(names::snake(&w.wire), Arg::text("x"))),
            Encode::Req | Encode::ReqBase64 => {
                if let Some(p) = action.request.fields.iter().find(|p| p.wire == w.wire) {
                    let value = match kind(krate, &p.setter.ty) {
                        Ok(Kind::Int) => Arg::code("1"),
                        Ok(Kind::Float) => Arg::code("1.0"),
                        Ok(Kind::Bool) => Arg::code("true"),
                        Ok(Kind::Struct(t)) => Arg::code(format!("{}::default()", t.name)),
                        _ => Arg::text("x"),
                    };
                    let value = match p.setter.kind {
                        SetterKind::One => value,
                        SetterKind::Many => Arg::List { items: vec![value] },
                    };
                    setters.push(Setter::new(p.setter.name.clone(), value));
                }
            }
            _ => {}
        }
    }
    setters
}

/// Adds response path `path` (`Data.List[].UHostId`, keys as the CLI spells them) to the body
/// sent and the output wanted (keys as the spec names them), resolving each key among
/// `fields` as the decoder does (ignoring case, aliases too).
fn response_path(
    krate: &Crate,
    fields: &[compshare_codegen::ir::FieldIr],
    path: &str,
    sent: &mut Map<String, Value>,
    want: &mut Map<String, Value>,
) -> Result<(), String> {
    let (head, rest) = path.split_once('.').unwrap_or((path, ""));
    let list = head.ends_with("[]");
    let key = head.trim_end_matches("[]");
    let f = fields
        .iter()
        .find(|f| f.keys.iter().any(|k| k.eq_ignore_ascii_case(key)))
        .ok_or_else(|| format!("`{key}` is not a field of the spec's response"))?;
    let (is_vec, elem) = match f.ty.required() {
        TypeRef::List(elem) => (true, &**elem),
        ty => (false, ty),
    };
    let _ = list; // A list read as `[]` or by index: the spec's type decides.
    if rest.is_empty() {
        // Two keys the spec reads into one field (aliases): the first is sent, alone, since
        // which of two keys wins is not the point here.
        if want.contains_key(&f.wire) {
            return Ok(());
        }
        let (s, w) = leaf(krate, elem, key)?;
        let (s, w) = if is_vec {
            (Value::Array(vec![s]), Value::Array(vec![w]))
        } else {
            (s, w)
        };
        sent.entry(key.to_owned()).or_insert(s);
        want.entry(f.wire.clone()).or_insert(w);
        return Ok(());
    }
    // `Map.*.Field`: the fields of the map's values, under one key.
    if let (TypeRef::Map(value), Some(rest)) = (
        elem,
        rest.strip_prefix("*.")
            .or(if rest == "*" { Some("") } else { None }),
    ) {
        let Ok(Kind::Struct(t)) = kind(krate, value) else {
            return Err(format!(
                "`{key}` has no fields in the spec (it is `{}`)",
                rust::ty(&f.ty)
            ));
        };
        let entry = |m: &Map<String, Value>, k: &str| match m.get(k).and_then(|v| v.get("k-1")) {
            Some(Value::Object(o)) => o.clone(),
            _ => Map::new(),
        };
        let (mut s, mut w) = (entry(sent, key), entry(want, &f.wire));
        if !rest.is_empty() {
            response_path(krate, &t.fields, rest, &mut s, &mut w)?;
        }
        let one = |v| Value::Object(Map::from_iter([("k-1".to_owned(), Value::Object(v))]));
        sent.insert(key.to_owned(), one(s));
        want.insert(f.wire.clone(), one(w));
        return Ok(());
    }
    let Ok(Kind::Struct(t)) = kind(krate, elem) else {
        return Err(format!(
            "`{key}` has no fields in the spec (it is `{}`)",
            rust::ty(&f.ty)
        ));
    };
    // What is there already, copied: a path that fails leaves the body as it was.
    let slot = |m: &Map<String, Value>, k: &str| -> Map<String, Value> {
        match m.get(k) {
            Some(Value::Object(o)) => o.clone(),
            Some(Value::Array(a)) => match a.last() {
                Some(Value::Object(o)) => o.clone(),
                _ => Map::new(),
            },
            _ => Map::new(),
        }
    };
    let (mut s, mut w) = (slot(sent, key), slot(want, &f.wire));
    response_path(krate, &t.fields, rest, &mut s, &mut w)?;
    let (s, w) = (Value::Object(s), Value::Object(w));
    let (s, w) = if is_vec {
        (Value::Array(vec![s]), Value::Array(vec![w]))
    } else {
        (s, w)
    };
    sent.insert(key.to_owned(), s);
    want.insert(f.wire.clone(), w);
    Ok(())
}

/// A leaf value of Rust type `ty`: what the server sends (numbers and flags as strings, as
/// the API sometimes does) and what the output serializes to.
fn leaf(krate: &Crate, ty: &TypeRef, key: &str) -> Result<(Value, Value), String> {
    if let TypeRef::Map(inner) = ty {
        let (s, w) = leaf(krate, inner, key)?;
        let one = |v| Value::Object(Map::from_iter([("k-1".to_owned(), v)]));
        return Ok((one(s), one(w)));
    }
    if *ty == TypeRef::Json {
        // Kept as sent, and serialized as the value it is.
        let v = serde_json::json!({"k": [1, "v"]});
        return Ok((v.clone(), v));
    }
    Ok(match kind(krate, ty)? {
        Kind::Str | Kind::Enum => {
            let v = Value::String(format!("r-{key}"));
            (v.clone(), v)
        }
        Kind::Secret => (
            Value::String(format!("r-{key}")),
            Value::String("***".into()),
        ),
        Kind::Int => (Value::String("7".into()), Value::from(7)),
        Kind::Float => (Value::from(2.5), Value::from(2.5)),
        Kind::Bool => (Value::String("true".into()), Value::Bool(true)),
        Kind::Struct(_) => (Value::Object(Map::new()), Value::Object(Map::new())),
    })
}

/// The keys of the end-to-end tests' clients (`common::PUBLIC`, `common::PRIVATE`).
fn crate_keys() -> (&'static str, &'static str) {
    ("my_public_key", "my_private_key")
}

/// The body of one test, or why the request cannot be made through setters.
fn test(krate: &Crate, action: &ActionIr, req: &Captured) -> Result<CallTest, Vec<String>> {
    let name = &action.name;
    let json_body = req.content_type.starts_with("application/json");
    let mut problems = Vec::new();
    let mut setters = Vec::new();
    let mut signature = None;
    // Parameters of one setter, by their wire name's first segment.
    let mut grouped: BTreeMap<&str, Vec<(&str, &Value)>> = BTreeMap::new();
    let mut expected: Vec<(String, String)> = Vec::new();
    for (key, value) in &req.params {
        match key.as_str() {
            "Signature" => {
                signature = value.as_str().map(str::to_owned);
                continue;
            }
            "Action" | "PublicKey" => {}
            k if ["Region", "Zone", "ProjectId"].contains(&k) => {
                if action.common.iter().any(|c| c.wire == k) {
                    setters.push(Setter::new(names::snake(k), Arg::text(text(value))));
                } else {
                    problems.push(format!(
                        "{name} sends {k}, which the spec's action does not take"
                    ));
                }
            }
            k => {
                let (top, rest) = k.split_once('.').unwrap_or((k, ""));
                grouped.entry(top).or_default().push((rest, value));
            }
        }
        // The server sees a JSON body's arrays as their elements concatenated.
        let shown = match value {
            Value::Array(items) => items.iter().map(text).collect(),
            v => text(v),
        };
        expected.push((key.clone(), shown));
    }
    for (top, parts) in &grouped {
        let Some(p) = action.request.fields.iter().find(|p| p.wire == *top) else {
            let case = action
                .request
                .fields
                .iter()
                .find(|p| p.wire.eq_ignore_ascii_case(top))
                .map(|p| format!(" (the spec spells it `{}`)", p.wire))
                .unwrap_or_default();
            problems.push(format!("{name} sends {top}, which the spec lacks{case}"));
            continue;
        };
        let base64 = action
            .writes
            .iter()
            .any(|w| w.wire == p.wire && matches!(w.encode, Encode::OptBase64 | Encode::ReqBase64));
        let arg = match p.setter.kind {
            SetterKind::One => match parts.as_slice() {
                [("", value)] => scalar(krate, &p.setter.ty, value, base64),
                _ => object(krate, &p.setter.ty, parts).map(|json| Arg::Object {
                    ty: rust::ty(&p.setter.ty),
                    json: json.to_string(),
                }),
            },
            SetterKind::Many => list(krate, &p.setter.ty, parts),
        };
        match arg {
            Ok(arg) => setters.push(Setter::new(p.setter.name.clone(), arg)),
            Err(e) => problems.push(format!("{name}.{top}: {e}")),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let Some(signature) = signature else {
        return Err(vec!["no Signature was captured".to_owned()]);
    };
    Ok(CallTest {
        doc: None,
        name: String::new(),
        body: r#"{"RetCode":0}"#.to_owned(),
        method: action.method.clone(),
        setters,
        form: expected,
        cli: Some(CliCheck {
            signature,
            json: req
                .json
                .as_ref()
                .filter(|_| json_body)
                .map(Value::to_string),
        }),
        output: None,
    })
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The kind of a Rust value type of the generated crate.
enum Kind<'a> {
    Str,
    Secret,
    Int,
    Float,
    Bool,
    Enum,
    Struct(&'a compshare_codegen::ir::TypeIr),
}

fn kind<'a>(krate: &'a Crate, ty: &TypeRef) -> Result<Kind<'a>, String> {
    Ok(match ty {
        TypeRef::String => Kind::Str,
        TypeRef::Secret => Kind::Secret,
        TypeRef::Int => Kind::Int,
        TypeRef::Float => Kind::Float,
        TypeRef::Bool => Kind::Bool,
        TypeRef::Named(name) => match krate.types.iter().find(|t| t.name == *name) {
            Some(t) if t.kind == TypeKind::Enum => Kind::Enum,
            Some(t) => Kind::Struct(t),
            None => return Err(format!("type `{name}` is not one a capture can fill")),
        },
        other => {
            return Err(format!(
                "type `{}` is not one a capture can fill",
                rust::ty(other)
            ));
        }
    })
}

/// A setter's argument for one scalar value.
fn scalar(krate: &Crate, ty: &TypeRef, value: &Value, base64: bool) -> Result<Arg, String> {
    let t = text(value);
    Ok(match kind(krate, ty)? {
        Kind::Str | Kind::Enum => Arg::text(t),
        Kind::Secret if base64 => {
            let plain = base64::engine::general_purpose::STANDARD
                .decode(&t)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(|| format!("`{t}` is not the Base64 of a text"))?;
            Arg::text(plain)
        }
        Kind::Secret => Arg::text(t),
        Kind::Int => t
            .parse::<i64>()
            .map(|n| Arg::code(format!("{n}_i64")))
            .map_err(|_| format!("`{t}` is sent, where the spec has an integer"))?,
        Kind::Float => t
            .parse::<f64>()
            .map(|f| Arg::code(format!("{f:?}_f64")))
            .map_err(|_| format!("`{t}` is sent, where the spec has a number"))?,
        Kind::Bool => match t.as_str() {
            "true" => Arg::code("true"),
            "false" => Arg::code("false"),
            _ => {
                return Err(format!(
                    "`{t}` is sent, where the spec has a flag (`true`/`false`)"
                ));
            }
        },
        Kind::Struct(s) => {
            return Err(format!(
                "a plain value is sent, where the spec has the object `{}`",
                s.name
            ));
        }
    })
}

/// A `many` setter's argument: `Ids.0`, `Ids.1` (or a JSON array) of scalars, or
/// `Disks.0.Size` of objects.
fn list(krate: &Crate, elem: &TypeRef, parts: &[(&str, &Value)]) -> Result<Arg, String> {
    if let [("", Value::Array(items))] = parts {
        let items = items
            .iter()
            .map(|v| scalar(krate, elem, v, false))
            .collect::<Result<_, _>>()?;
        return Ok(Arg::List { items });
    }
    let mut by_index: BTreeMap<usize, Vec<(&str, &Value)>> = BTreeMap::new();
    for (rest, value) in parts {
        let (index, field) = rest.split_once('.').unwrap_or((rest, ""));
        let index: usize = index
            .parse()
            .map_err(|_| format!("`{rest}` is not a list element"))?;
        by_index.entry(index).or_default().push((field, value));
    }
    if by_index.keys().copied().ne(0..by_index.len()) {
        return Err("list indices are not 0, 1, 2...".to_owned());
    }
    let items = by_index
        .values()
        .map(|fields| match fields.as_slice() {
            [("", value)] => scalar(krate, elem, value, false),
            _ => object(krate, elem, fields).map(|json| Arg::Object {
                ty: rust::ty(elem),
                json: json.to_string(),
            }),
        })
        .collect::<Result<_, _>>()?;
    Ok(Arg::List { items })
}

/// A parameter object of type `ty` as JSON by wire names, from its flattened fields.
fn object(krate: &Crate, ty: &TypeRef, fields: &[(&str, &Value)]) -> Result<Value, String> {
    let Kind::Struct(t) = kind(krate, ty)? else {
        return Err(format!(
            "nested fields are sent, where the spec has `{}`",
            rust::ty(ty)
        ));
    };
    let mut grouped: BTreeMap<&str, Vec<(&str, &Value)>> = BTreeMap::new();
    for (path, value) in fields {
        let (top, rest) = path.split_once('.').unwrap_or((path, ""));
        grouped.entry(top).or_default().push((rest, value));
    }
    let mut out = Map::new();
    for (wire, parts) in grouped {
        let f = t
            .fields
            .iter()
            .find(|f| f.wire == wire)
            .ok_or_else(|| format!("`{wire}` is sent in `{}`, which lacks it", t.name))?;
        let inner = f.ty.required();
        let value = match inner {
            TypeRef::List(elem) => {
                let mut by_index: BTreeMap<usize, Vec<(&str, &Value)>> = BTreeMap::new();
                for (rest, v) in parts {
                    let (i, sub) = rest.split_once('.').unwrap_or((rest, ""));
                    let i: usize = i
                        .parse()
                        .map_err(|_| format!("`{wire}.{rest}` is not a list element"))?;
                    by_index.entry(i).or_default().push((sub, v));
                }
                let items = by_index
                    .values()
                    .map(|item| match item.as_slice() {
                        [("", v)] => json_scalar(krate, elem, v),
                        _ => object(krate, elem, item),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Value::Array(items)
            }
            _ => match parts.as_slice() {
                [("", v)] => json_scalar(krate, inner, v)?,
                _ => object(krate, inner, &parts)?,
            },
        };
        out.insert(wire.to_owned(), value);
    }
    Ok(Value::Object(out))
}

/// A scalar as JSON of the field's Rust type, as the object's serde reads it.
fn json_scalar(krate: &Crate, ty: &TypeRef, value: &Value) -> Result<Value, String> {
    let t = text(value);
    Ok(match kind(krate, ty)? {
        Kind::Int => Value::from(
            t.parse::<i64>()
                .map_err(|_| format!("`{t}` is not an integer"))?,
        ),
        Kind::Float => Value::from(
            t.parse::<f64>()
                .map_err(|_| format!("`{t}` is not a number"))?,
        ),
        Kind::Bool => match t.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(format!("`{t}` is not `true` or `false`")),
        },
        Kind::Str | Kind::Enum | Kind::Secret => Value::String(t),
        Kind::Struct(s) => {
            return Err(format!(
                "a plain value is sent, where the spec has the object `{}`",
                s.name
            ));
        }
    })
}
