//! Writes `tests/e2e/tests/all_actions/generated.rs`, the end-to-end test of every action (a
//! module of the hand-written `all_actions.rs`, which declares the shared `common` module), from the
//! official SDKs' structure of the API (`tests/e2e/reference/ucompshare-api.json`) and the
//! list of where our spec departs from it on purpose (`deviations.yaml` beside it).
//!
//! It reads the reference, never the spec, so the test is an independent check of the spec:
//! each action's parameters must have the setters, wire names and types the reference gives,
//! its required parameters must be the reference's, and a response carrying every field the
//! reference lists must decode into them. Only the names Rust code needs (client methods and
//! setters) come from the generator's naming rules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use base64::Engine;
use compshare_codegen::names;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::cases::{self, Arg, CallTest, RequiredCheck, RequiredTest, Setter, TestFile};

/// The generated test, relative to the workspace root.
pub const PATH: &str = "tests/e2e/tests/all_actions/generated.rs";
const REFERENCE: &str = "tests/e2e/reference/ucompshare-api.json";
const DEVIATIONS: &str = "tests/e2e/reference/deviations.yaml";

/// The client of the test sets these; they are never the reference's parameters' values.
const REGION: &str = "cn-wlcb";
const CLIENT_PROJECT: &str = "p-client";

#[derive(Deserialize)]
struct Reference {
    service: String,
    source: String,
    actions: Vec<RefAction>,
    request_param_types: BTreeMap<String, Vec<RefField>>,
    response_models: BTreeMap<String, Vec<RefField>>,
}

#[derive(Deserialize)]
struct RefAction {
    action: String,
    request: Vec<RefField>,
    response: Vec<RefField>,
}

#[derive(Deserialize)]
struct RefField {
    name: String,
    #[serde(rename = "type")]
    ty: RefType,
    required: bool,
}

#[derive(Clone, Deserialize)]
#[serde(untagged)]
enum RefType {
    Scalar(String),
    List {
        list: Box<RefType>,
    },
    Ref {
        #[serde(rename = "ref")]
        name: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Deviations {
    param_types: BTreeMap<String, String>,
    request: BTreeMap<String, Deviation>,
    response: BTreeMap<String, Deviation>,
    /// Actions that answer with a file (the spec's `answer: file`), whatever fields the
    /// reference gives them: action -> why. Their output is the body, kept whole.
    #[serde(default)]
    files: BTreeMap<String, String>,
    /// Read by `accepted.rs`, for the drift report and the compshare-cli tests.
    #[allow(dead_code)]
    #[serde(default)]
    absent: serde_yaml::Value,
    #[allow(dead_code)]
    #[serde(default)]
    unreferenced: serde_yaml::Value,
    #[allow(dead_code)]
    #[serde(default)]
    required: serde_yaml::Value,
}

#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Deviation {
    #[serde(rename = "type")]
    ty: Option<String>,
    required: Option<bool>,
    name: Option<String>,
    #[serde(default)]
    base64: bool,
    #[serde(default)]
    secret: bool,
    /// A list sent in a JSON body: one array, which the server signs (and the test server
    /// shows) as its elements concatenated.
    #[serde(default)]
    json_list: bool,
    /// A parameter the reference lacks, of this type, that the live API takes.
    added: Option<String>,
    #[allow(dead_code)] // Read by people: every departure says why.
    why: String,
}

/// Which deviations the reference used, so that stale ones are reported.
struct Table {
    deviations: Deviations,
    used: BTreeSet<String>,
}

impl Table {
    fn get(&mut self, response: bool, owner: &str, field: &str) -> Deviation {
        let section = if response {
            &self.deviations.response
        } else {
            &self.deviations.request
        };
        for key in [format!("{owner}.{field}"), format!("*.{field}")] {
            if let Some(d) = section.get(&key) {
                let side = if response { "response" } else { "request" };
                self.used.insert(format!("{side}: {key}"));
                return d.clone();
            }
        }
        Deviation::default()
    }

    /// Parameters of `action` that the reference lacks and the spec adds: (wire, deviation).
    fn added(&mut self, action: &str) -> Vec<(String, Deviation)> {
        let prefix = format!("{action}.");
        let found: Vec<(String, Deviation)> = self
            .deviations
            .request
            .iter()
            .filter(|(_, d)| d.added.is_some())
            .filter_map(|(k, d)| Some((k.strip_prefix(&prefix)?.to_owned(), d.clone())))
            .collect();
        for (field, _) in &found {
            self.used.insert(format!("request: {action}.{field}"));
        }
        found
    }

    fn param_type(&mut self, reference: &str) -> Result<String, String> {
        self.used.insert(format!("param_types: {reference}"));
        self.deviations
            .param_types
            .get(reference)
            .cloned()
            .ok_or_else(|| format!("{DEVIATIONS}: param_types: no type for `{reference}`"))
    }

    fn unused(&self) -> Vec<String> {
        let d = &self.deviations;
        let all = d
            .param_types
            .keys()
            .map(|k| format!("param_types: {k}"))
            .chain(d.request.keys().map(|k| format!("request: {k}")))
            .chain(d.response.keys().map(|k| format!("response: {k}")))
            .chain(d.files.keys().map(|k| format!("files: {k}")));
        all.filter(|k| !self.used.contains(k)).collect()
    }
}

/// The test's source, unformatted.
pub fn render(root: &Path) -> Result<String, String> {
    let read = |path: &str| {
        std::fs::read_to_string(root.join(path)).map_err(|e| format!("{path}: cannot read: {e}"))
    };
    let reference: Reference =
        serde_json::from_str(&read(REFERENCE)?).map_err(|e| format!("{REFERENCE}: {e}"))?;
    let deviations: Deviations =
        serde_yaml::from_str(&read(DEVIATIONS)?).map_err(|e| format!("{DEVIATIONS}: {e}"))?;
    let mut table = Table {
        deviations,
        used: BTreeSet::new(),
    };
    let mut calls = Vec::new();
    let mut checks = Vec::new();
    for action in &reference.actions {
        calls.push(action_test(&reference, &mut table, action)?);
        checks.push(required_check(&mut table, action));
    }
    let file = TestFile {
        generated_from: "tests/e2e/reference/".to_owned(),
        source_line: format!("The reference: {}.", reference.source),
        doc: vec![
            format!(
                "Every action of {} end to end, against the official SDKs' structure rather",
                reference.service
            ),
            "than our spec: each request parameter set through its setter reaches the local"
                .to_owned(),
            "server under its wire name with its value, a response carrying every field decodes"
                .to_owned(),
            "into them (numbers and booleans sent as strings), and the required parameters are"
                .to_owned(),
            "the reference's. Every action also sends the client's Region and ProjectId, as the"
                .to_owned(),
            "official SDKs do. Where our spec departs on purpose, `deviations.yaml` says why."
                .to_owned(),
        ],
        uses: [
            "expect_form",
            "expect_missing",
            "expect_output",
            "serve",
            "serve_with",
        ]
        .map(str::to_owned)
        .to_vec(),
        bare: false,
        calls,
        required: RequiredTest {
            doc: Vec::new(),
            name: "required_parameters_match_the_official_sdks".to_owned(),
            checks,
        },
    };
    let unused = table.unused();
    if !unused.is_empty() {
        return Err(format!(
            "{DEVIATIONS}: these match nothing in the reference: {}",
            unused.join(", ")
        ));
    }
    cases::render(&file)
}

fn method(wire: &str) -> String {
    names::ident(&names::snake(wire))
}

fn action_test(
    reference: &Reference,
    table: &mut Table,
    action: &RefAction,
) -> Result<CallTest, String> {
    let name = &action.action;
    let mut setters = Vec::new();
    let mut form: Vec<(String, String)> = vec![
        ("Action".into(), name.clone()),
        ("Region".into(), REGION.into()),
    ];
    let has = |wire: &str| action.request.iter().any(|p| p.name == wire);
    if has("Zone") {
        setters.push(Setter::new("zone", Arg::text("z-1")));
        form.push(("Zone".into(), "z-1".into()));
    }
    let project = if has("ProjectId") {
        setters.push(Setter::new("project_id", Arg::text("p-1")));
        "p-1"
    } else {
        CLIENT_PROJECT
    };
    form.push(("ProjectId".into(), project.into()));
    for p in &action.request {
        if ["Region", "Zone", "ProjectId"].contains(&p.name.as_str()) {
            continue;
        }
        let d = table.get(false, name, &p.name);
        // Our wire name, where the spec follows the live API's spelling.
        let ours = d.name.clone().unwrap_or_else(|| p.name.clone());
        let (arg, wire) = request_value(reference, table, &ours, &p.ty, &d)?;
        setters.push(Setter::new(names::setter(&names::snake(&ours)), arg));
        form.extend(wire);
    }
    for (field, d) in table.added(name) {
        let (value, wire) =
            request_scalar(d.added.as_deref().unwrap_or_default(), &field, &field, &d)?;
        let arg = match &value {
            Value::String(s) => Arg::text(s.clone()),
            v => Arg::code(v.to_string()),
        };
        setters.push(Setter::new(names::setter(&names::snake(&field)), arg));
        form.extend(wire);
    }

    let mut body = Map::new();
    body.insert("RetCode".into(), json!(0));
    body.insert("Action".into(), json!(format!("{name}Response")));
    let mut expected = Map::new();
    for f in &action.response {
        let d = table.get(true, name, &f.name);
        let (sent, want) = response_value(reference, table, &f.name, &f.ty, &d)?;
        body.insert(f.name.clone(), sent);
        expected.insert(d.name.unwrap_or_else(|| f.name.clone()), want);
    }
    let body = Value::Object(body).to_string();
    if table.deviations.files.contains_key(name) {
        // Answered in JSON, a file action's output is that JSON, whole.
        table.used.insert(format!("files: {name}"));
        expected = Map::new();
        expected.insert("content_type".into(), json!("application/json"));
        expected.insert("size".into(), json!(body.len()));
        expected.insert("text".into(), json!(body));
    }
    Ok(CallTest {
        doc: None,
        name: names::snake(name),
        body,
        method: method(name),
        setters,
        form,
        cli: None,
        output: Some(Value::Object(expected).to_string()),
    })
}

/// The expression passed to the setter of request parameter `wire`, and the form pairs it
/// becomes.
fn request_value(
    reference: &Reference,
    table: &mut Table,
    wire: &str,
    ty: &RefType,
    d: &Deviation,
) -> Result<(Arg, Vec<(String, String)>), String> {
    let (value, pairs) = param_field(reference, table, wire, wire, ty, d)?;
    Ok((rust_arg(table, ty, &value)?, pairs))
}

/// `value` of reference type `ty` as a Rust argument: literals, arrays, and parameter objects
/// deserialized from their JSON.
fn rust_arg(table: &mut Table, ty: &RefType, value: &Value) -> Result<Arg, String> {
    Ok(match (ty, value) {
        (RefType::List { list }, Value::Array(items)) => Arg::List {
            items: items
                .iter()
                .map(|v| rust_arg(table, list, v))
                .collect::<Result<_, _>>()?,
        },
        (RefType::Ref { name }, _) => Arg::Object {
            ty: table.param_type(name)?,
            json: value.to_string(),
        },
        (_, Value::String(s)) => Arg::text(s.clone()),
        (_, v) => Arg::code(v.to_string()),
    })
}

/// A request parameter object of reference type `name` as JSON (by wire names, as our types
/// deserialize), and its form pairs under `prefix`.
fn param_object(
    reference: &Reference,
    table: &mut Table,
    prefix: &str,
    name: &str,
) -> Result<(Value, Vec<(String, String)>), String> {
    let fields = reference
        .request_param_types
        .get(name)
        .ok_or_else(|| format!("{REFERENCE}: no request_param_types.{name}"))?;
    let mut object = Map::new();
    let mut pairs = Vec::new();
    for f in fields {
        let d = table.get(false, name, &f.name);
        let wire = format!("{prefix}.{}", f.name);
        let (value, wire) = param_field(reference, table, &wire, &f.name, &f.ty, &d)?;
        object.insert(f.name.clone(), value);
        pairs.extend(wire);
    }
    Ok((Value::Object(object), pairs))
}

/// Request field `field` of type `ty` as JSON, and its form pairs under `wire`.
fn param_field(
    reference: &Reference,
    table: &mut Table,
    wire: &str,
    field: &str,
    ty: &RefType,
    d: &Deviation,
) -> Result<(Value, Vec<(String, String)>), String> {
    Ok(match ty {
        RefType::List { list } if d.json_list => {
            let (v, pairs) = param_field(reference, table, wire, field, list, d)?;
            (json!([v]), pairs)
        }
        RefType::List { list } => {
            let (v, pairs) = param_field(reference, table, &format!("{wire}.0"), field, list, d)?;
            (json!([v]), pairs)
        }
        RefType::Ref { name } => param_object(reference, table, wire, name)?,
        // A list where the reference has one value (the live API takes several).
        RefType::Scalar(_) if d.ty.as_deref().is_some_and(|t| t.starts_with('[')) => {
            let ty = d.ty.as_deref().unwrap_or_default();
            let inner = ty
                .strip_prefix('[')
                .and_then(|t| t.strip_suffix(']'))
                .unwrap_or(ty);
            let (v, pairs) = request_scalar(inner, &format!("{wire}.0"), field, d)?;
            (json!([v]), pairs)
        }
        RefType::Scalar(scalar) => request_scalar(scalar_type(d, scalar, wire)?, wire, field, d)?,
    })
}

/// A request value of our scalar type `ty` as JSON, and its form pair under `wire`.
fn request_scalar(
    ty: &str,
    wire: &str,
    field: &str,
    d: &Deviation,
) -> Result<(Value, Vec<(String, String)>), String> {
    let value = match ty {
        "int" => json!(7),
        "float" => json!(2.5),
        "bool" => json!(true),
        "string" => json!(format!("s-{field}")),
        other => {
            return Err(format!(
                "{wire}: unknown type `{other}` (in the reference or a deviation)"
            ));
        }
    };
    let text = match &value {
        Value::String(s) if d.base64 => base64::engine::general_purpose::STANDARD.encode(s),
        Value::String(s) => s.clone(),
        v => v.to_string(),
    };
    Ok((value, vec![(wire.to_owned(), text)]))
}

/// The scalar type of a field: the deviation's, else the reference's. A deviation that gives
/// the reference's own type is stale.
fn scalar_type<'a>(d: &'a Deviation, reference: &'a str, at: &str) -> Result<&'a str, String> {
    match d.ty.as_deref() {
        Some(ty) if ty == reference => Err(format!(
            "{DEVIATIONS}: {at}: the reference's type is `{ty}` already"
        )),
        Some(ty) => Ok(ty),
        None => Ok(reference),
    }
}

/// A response field of type `ty`: the JSON the server sends, and what the decoded output
/// serializes to.
fn response_value(
    reference: &Reference,
    table: &mut Table,
    field: &str,
    ty: &RefType,
    d: &Deviation,
) -> Result<(Value, Value), String> {
    Ok(match ty {
        RefType::List { list } => {
            let (sent, want) = response_value(reference, table, field, list, d)?;
            (json!([sent]), json!([want]))
        }
        RefType::Ref { name } => {
            let fields = reference
                .response_models
                .get(name)
                .ok_or_else(|| format!("{REFERENCE}: no response_models.{name}"))?;
            let (mut sent, mut want) = (Map::new(), Map::new());
            for f in fields {
                let d = table.get(true, name, &f.name);
                let (s, w) = response_value(reference, table, &f.name, &f.ty, &d)?;
                sent.insert(f.name.clone(), s);
                want.insert(d.name.unwrap_or_else(|| f.name.clone()), w);
            }
            (Value::Object(sent), Value::Object(want))
        }
        RefType::Scalar(scalar) => response_scalar(scalar_type(d, scalar, field)?, field, d)?,
    })
}

/// A response value of our type `ty` (a scalar, `json`, `object` or a map `{T}`): what the
/// server sends and what the output serializes to.
fn response_scalar(ty: &str, field: &str, d: &Deviation) -> Result<(Value, Value), String> {
    Ok(match ty {
        // A map keyed by data: one entry, its value as `T`'s.
        map if map.starts_with('{') && map.ends_with('}') => {
            let (s, w) = response_scalar(&map[1..map.len() - 1], field, d)?;
            (json!({ "k-1": s }), json!({ "k-1": w }))
        }
        // An object where the reference has a scalar: any fields; none are compared.
        "object" => (json!({}), json!({})),
        // Numbers and booleans arrive as strings, as the API sometimes sends them.
        "int" => (json!("7"), json!(7)),
        "float" => (json!(2.5), json!(2.5)),
        "bool" => (json!("true"), json!(true)),
        "string" if d.secret => (json!(format!("r-{field}")), json!("***")),
        "string" => (json!(format!("r-{field}")), json!(format!("r-{field}"))),
        // Kept as its JSON text.
        "json" => {
            let value = json!({"10027": {"4090": 3}, "k": ["v", 1.5, null]});
            let text = value.to_string();
            (value, json!(text))
        }
        other => {
            return Err(format!(
                "{field}: unknown type `{other}` (in the reference or a deviation)"
            ));
        }
    })
}

/// The check that calling `action` with nothing set names the reference's required
/// parameters (Region aside: the client always has one).
fn required_check(table: &mut Table, action: &RefAction) -> RequiredCheck {
    let mut required: Vec<String> = action
        .request
        .iter()
        .filter(|p| p.name != "Region")
        .filter_map(|p| {
            let d = table.get(false, &action.action, &p.name);
            d.required
                .unwrap_or(p.required)
                .then(|| d.name.clone().unwrap_or_else(|| p.name.clone()))
        })
        .collect();
    required.extend(
        table
            .added(&action.action)
            .into_iter()
            .filter(|(_, d)| d.required == Some(true))
            .map(|(field, _)| field),
    );
    required.sort();
    RequiredCheck {
        action: action.action.clone(),
        method: method(&action.action),
        required,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workspace holding a reference of one action and the given deviations.
    fn workspace(name: &str, deviations: &str) -> tempfile::TempDir {
        let root = tempfile::Builder::new()
            .prefix(&format!("xtask-all-actions-{name}-"))
            .tempdir()
            .unwrap();
        let dir = root.path().join("tests/e2e/reference");
        std::fs::create_dir_all(&dir).unwrap();
        let reference = json!({
            "service": "Demo",
            "source": "a test",
            "actions": [{
                "action": "GetThing",
                "request": [
                    {"name": "Region", "type": "string", "required": true},
                    {"name": "Size", "type": "string", "required": true},
                    {"name": "Filter", "type": {"ref": "GetThingParamFilter"}, "required": false}
                ],
                "response": [{"name": "Count", "type": "int", "required": false}]
            }],
            "request_param_types": {"GetThingParamFilter": [{"name": "Tag", "type": "string", "required": false}]},
            "response_models": {}
        });
        std::fs::write(dir.join("ucompshare-api.json"), reference.to_string()).unwrap();
        std::fs::write(dir.join("deviations.yaml"), deviations).unwrap();
        root
    }

    const GOOD: &str = "param_types: {GetThingParamFilter: Filter}
request:
  GetThing.Size: {type: int, why: A count.}
response: {}
";

    #[test]
    fn renders_setters_form_output_and_required_checks() {
        let text = render(workspace("good", GOOD).path()).unwrap();
        assert!(text.contains(".size(7)"), "{text}");
        assert!(
            text.contains(
                ".filter(serde_json::from_str::<Filter>(r#\"{\"Tag\":\"s-Tag\"}\"#).unwrap())"
            ),
            "{text}"
        );
        assert!(
            text.contains("(\"Size\", \"7\"),(\"Filter.Tag\", \"s-Tag\"),"),
            "{text}"
        );
        assert!(text.contains("(\"ProjectId\", \"p-client\")"), "{text}");
        assert!(text.contains(r##"r#"{"Count":7}"#"##), "{text}");
        assert!(
            text.contains(
                r#"expect_missing("GetThing", client.get_thing().send().await, &["Size"]);"#
            ),
            "{text}"
        );
    }

    #[test]
    fn stale_or_missing_deviations_are_errors() {
        let unused = GOOD.replace(
            "response: {}",
            "response:\n  GetThing.Gone: {type: int, why: Gone.}",
        );
        let e = render(workspace("unused", &unused).path()).unwrap_err();
        assert!(
            e.contains("match nothing in the reference: response: GetThing.Gone"),
            "{e}"
        );

        let same = GOOD.replace("GetThing.Size: {type: int", "GetThing.Size: {type: string");
        let e = render(workspace("same", &same).path()).unwrap_err();
        assert!(
            e.contains("Size: the reference's type is `string` already"),
            "{e}"
        );

        let unmapped = GOOD.replace("{GetThingParamFilter: Filter}", "{}");
        let e = render(workspace("unmapped", &unmapped).path()).unwrap_err();
        assert!(
            e.contains("param_types: no type for `GetThingParamFilter`"),
            "{e}"
        );

        let e = render(
            workspace(
                "no-why",
                "param_types: {}\nrequest: {X.Y: {type: int}}\nresponse: {}\n",
            )
            .path(),
        )
        .unwrap_err();
        assert!(e.contains("missing field `why`"), "{e}");
    }
}
