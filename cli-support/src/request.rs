//! A command's request as one wire-named JSON object: built from its flags' text (the
//! command line) or taken as a tool's arguments (MCP), checked against the action's table
//! the same way for both, then made the SDK's typed request (`typed`). Every error names
//! the flag or argument (and the key) and what is wrong; nothing has been sent when one
//! occurs.

use std::collections::BTreeMap;

use clap::ArgMatches;
use serde_json::{Map, Value};

use crate::args::{text, texts};
use crate::def::{Field, Kind, Shorthand};
use crate::{Cx, Failure};

/// The request object of `fields` from the flags of `m` (secrets read as `Cx::secret` says).
pub(crate) fn from_flags<'f>(
    cx: &Cx,
    m: &ArgMatches,
    fields: impl IntoIterator<Item = &'f Field>,
) -> Result<Map<String, Value>, Failure> {
    let mut out = Map::new();
    for f in fields {
        let value = match f.kind {
            Kind::Secret { variable, generate } => cx
                .secret(m, f.flag, variable, f.required, generate)?
                .map(Value::String),
            kind if f.many => texts(m, f.flag)
                .map(|all| {
                    let each = all
                        .iter()
                        .enumerate()
                        .map(|(i, t)| read(kind, t).map_err(|why| flag_error(f, Some(i), t, &why)));
                    each.collect::<Result<Vec<_>, _>>().map(Value::Array)
                })
                .transpose()?,
            kind => text(m, f.flag)
                .map(|t| read(kind, &t).map_err(|why| flag_error(f, None, &t, &why)))
                .transpose()?,
        };
        if let Some(v) = value {
            out.insert(f.wire.to_owned(), v);
        }
    }
    Ok(out)
}

/// The fields of the elements of a shorthand's list-of-objects parameter.
pub(crate) fn element_fields(def: &crate::Def, s: &Shorthand) -> Option<&'static [Field]> {
    match def.fields.iter().find(|f| f.wire == s.param)?.kind {
        Kind::Object(fields) => Some(fields),
        _ => None,
    }
}

/// Writes the shorthands given (`--disk 200GiB`, `--data-disk 500GiB:CLOUD_SSD`) into their
/// parameters: an element replaces the first of the parameter's default that has the
/// fields it sets (keeping what it does not write), or is added. Not with the parameter's
/// own flag: which would win is not for the tool to guess.
pub(crate) fn shorthands(
    m: &ArgMatches,
    def: &crate::Def,
    request: &mut Map<String, Value>,
) -> Result<(), Failure> {
    for s in def.shorthands {
        let Some(given) = texts(m, s.flag) else {
            continue;
        };
        let param = def.fields.iter().find(|f| f.wire == s.param);
        let (Some(param), Some(fields)) = (param, element_fields(def, s)) else {
            continue;
        };
        if m.value_source(param.flag) == Some(clap::parser::ValueSource::CommandLine) {
            return Err(Failure::usage(format!(
                "--{} and --{}: give the {} one way, not both",
                s.flag, param.flag, s.param
            )));
        }
        let kind_of = |wire: &str| fields.iter().find(|f| f.wire == wire).map(|f| f.kind);
        let typed = |wire: &str, text: &str| -> Result<Value, String> {
            let kind = kind_of(wire).ok_or_else(|| format!("no field {wire}"))?;
            read(kind, text).map_err(|why| format!("{wire} {text:?}: {why}"))
        };
        let list = request
            .entry(s.param.to_owned())
            .or_insert_with(|| Value::Array(Vec::new()));
        let Value::Array(list) = list else {
            continue;
        };
        let defaulted = list.len();
        let mut replaced = vec![false; defaulted];
        for text in &given {
            let bad = |why: String| {
                Failure::usage(format!(
                    "--{} {text:?}: {why} (as {})",
                    s.flag,
                    s.fields.join(":")
                ))
            };
            let parts: Vec<&str> = text.splitn(s.fields.len(), ':').collect();
            if parts.len() < s.required {
                return Err(bad(format!(
                    "{} required",
                    s.fields[..s.required].join(" and ")
                )));
            }
            if let Some(i) = parts.iter().position(|p| p.trim().is_empty()) {
                return Err(bad(format!("{} left empty", s.fields[i])));
            }
            let mut set = Map::new();
            for (wire, value) in s.set {
                set.insert((*wire).to_owned(), typed(wire, value).map_err(&bad)?);
            }
            let mut element = Map::new();
            let replacing = (0..defaulted)
                .find(|&i| !replaced[i] && set.iter().all(|(k, v)| list[i].get(k) == Some(v)));
            match replacing {
                Some(i) => {
                    replaced[i] = true;
                    if let Value::Object(old) = &list[i] {
                        element = old.clone();
                    }
                }
                None => {
                    for (wire, value) in s.defaults {
                        element.insert((*wire).to_owned(), typed(wire, value).map_err(&bad)?);
                    }
                }
            }
            element.extend(set);
            for (wire, part) in s.fields.iter().zip(parts) {
                element.insert((*wire).to_owned(), typed(wire, part.trim()).map_err(&bad)?);
            }
            match replacing {
                Some(i) => list[i] = Value::Object(element),
                None => list.push(Value::Object(element)),
            }
        }
    }
    Ok(())
}

/// `--flag "text": why`, or for an object `--flag: why` (`(number N)` among repeated ones).
fn flag_error(f: &Field, index: Option<usize>, text: &str, why: &str) -> Failure {
    Failure::usage(match (f.kind, index) {
        (Kind::Object(_), Some(i)) => format!("--{} (number {}): {why}", f.flag, i + 1),
        (Kind::Object(_), None) => format!("--{}: {why}", f.flag),
        _ => format!("--{} {text:?}: {why}", f.flag),
    })
}

/// A value of `kind` from its text. An object is `key=value,...` or JSON.
pub(crate) fn read(kind: Kind, text: &str) -> Result<Value, String> {
    Ok(match kind {
        Kind::Text | Kind::Enum(_) | Kind::Secret { .. } => Value::String(text.to_owned()),
        Kind::Int => parse_int(text)?.into(),
        Kind::Size(unit) => parse_size(text, unit)?.into(),
        Kind::Float => {
            serde_json::Number::from_f64(parse_float(text)?).map_or(Value::Null, Value::Number)
        }
        Kind::Bool => parse_bool(text)?.into(),
        Kind::Object(fields) => Value::Object(object(fields, Given::parse(text)?)?),
    })
}

/// The fields of one parameter object as given: `Key=value,Key=value` (text values) or a
/// JSON object. Keys match the wire names ignoring case; each is taken once.
#[derive(Debug)]
struct Given(BTreeMap<String, (String, Value)>);

impl Given {
    fn parse(text: &str) -> Result<Given, String> {
        let text = text.trim();
        if text.starts_with('{') {
            let Value::Object(map) = serde_json::from_str::<Value>(text)
                .map_err(|e| format!("not a JSON object: {e}"))?
            else {
                return Err("not a JSON object".to_owned());
            };
            return Given::of(map);
        }
        let mut given = Given(BTreeMap::new());
        for pair in text.split(',').filter(|p| !p.trim().is_empty()) {
            let (k, v) = pair.split_once('=').ok_or_else(|| {
                format!("`{pair}` is not key=value (write key=value,key=value, or JSON)")
            })?;
            given.insert(k.trim().to_owned(), Value::String(v.trim().to_owned()))?;
        }
        Ok(given)
    }

    fn of(map: Map<String, Value>) -> Result<Given, String> {
        let mut given = Given(BTreeMap::new());
        for (k, v) in map {
            given.insert(k, v)?;
        }
        Ok(given)
    }

    fn insert(&mut self, key: String, v: Value) -> Result<(), String> {
        if self
            .0
            .insert(key.to_ascii_lowercase(), (key.clone(), v))
            .is_some()
        {
            return Err(format!("`{key}` is given twice"));
        }
        Ok(())
    }

    fn take(&mut self, key: &str) -> Option<Value> {
        self.0.remove(&key.to_ascii_lowercase()).map(|(_, v)| v)
    }
}

/// An object of `fields` from what was given: each value read by its field's kind (JSON
/// scalars as their text), required fields present, no other keys.
fn object(fields: &[Field], mut given: Given) -> Result<Map<String, Value>, String> {
    let mut out = Map::new();
    for f in fields {
        let Some(v) = given.take(f.wire) else {
            if f.required {
                return Err(format!("`{}` is required", f.wire));
            }
            continue;
        };
        let value = if f.many {
            let items = match v {
                Value::Array(items) => items,
                other => vec![other],
            };
            let each = items.into_iter().map(|v| member(f, v));
            Value::Array(each.collect::<Result<_, _>>()?)
        } else {
            member(f, v)?
        };
        out.insert(f.wire.to_owned(), value);
    }
    if !given.0.is_empty() {
        let keys: Vec<&str> = given.0.values().map(|(k, _)| k.as_str()).collect();
        return Err(format!("unknown key `{}`", keys.join("`, `")));
    }
    Ok(out)
}

/// One member of an object: an object inside it is JSON only.
fn member(f: &Field, v: Value) -> Result<Value, String> {
    match (f.kind, v) {
        (Kind::Object(fields), Value::Object(map)) => Ok(Value::Object(
            object(fields, Given::of(map)?).map_err(|why| format!("`{}`: {why}", f.wire))?,
        )),
        (Kind::Object(_), _) => Err(format!("`{}`: is not a JSON object", f.wire)),
        (kind, v) => {
            let text = match v {
                Value::String(s) => s,
                other => other.to_string(),
            };
            read(kind, &text).map_err(|why| format!("`{}` {text:?}: {why}", f.wire))
        }
    }
}

/// Checks a tool's arguments against the table: types, required members and no unknown
/// ones, at every depth. (Enums are not checked: the API's are open.) Absent and null are
/// the same; secrets are no arguments.
pub(crate) fn check(
    fields: &[Field],
    value: &Map<String, Value>,
    path: &str,
) -> Result<(), String> {
    let at = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    let arguments = || {
        fields
            .iter()
            .filter(|f| !matches!(f.kind, Kind::Secret { .. }))
    };
    for f in arguments().filter(|f| f.required) {
        if value.get(f.wire).is_none_or(Value::is_null) {
            return Err(format!("`{}` is required", at(f.wire)));
        }
    }
    for (key, v) in value.iter().filter(|(_, v)| !v.is_null()) {
        let Some(f) = arguments().find(|f| f.wire == key) else {
            // Schemas leave `additionalProperties` out for size: the error says what is taken
            // (at the top, beside the common parameters and the tool's own arguments, which
            // the flow took out before).
            let taken: Vec<&str> = arguments().map(|f| f.wire).collect();
            let beside = if path.is_empty() {
                ", and the common parameters and tool arguments its inputSchema lists"
            } else {
                ""
            };
            return Err(format!(
                "unknown argument `{}` (taken here: {}{beside})",
                at(key),
                taken.join(", ")
            ));
        };
        match (f.many, v) {
            (true, Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    check_value(f.kind, item, &format!("{}[{i}]", at(key)))?;
                }
            }
            (true, other) => return Err(format!("`{}` is {}, not array", at(key), kind(other))),
            (false, v) => check_value(f.kind, v, &at(key))?,
        }
    }
    Ok(())
}

fn check_value(k: Kind, v: &Value, path: &str) -> Result<(), String> {
    let (fits, want) = match k {
        Kind::Text | Kind::Enum(_) | Kind::Secret { .. } => (v.is_string(), "string"),
        Kind::Int | Kind::Size(_) => (v.is_i64(), "integer"),
        Kind::Float => (v.is_number(), "number"),
        Kind::Bool => (v.is_boolean(), "boolean"),
        Kind::Object(fields) => match v {
            Value::Object(map) => return check(fields, map, path),
            _ => (false, "object"),
        },
    };
    if fits {
        Ok(())
    } else {
        Err(format!("`{path}` is {}, not {want}", kind(v)))
    }
}

/// What a JSON value is, in words.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "a whole number",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A field's default as the value it stands for (a list's, its one element).
pub(crate) fn default_of(f: &Field) -> Option<Value> {
    let value = f.default.and_then(|d| read(f.kind, d).ok())?;
    Some(if f.many {
        Value::Array(vec![value])
    } else {
        value
    })
}

/// A size in `unit`: a whole number of it, or a number with a unit (`64GiB`, `64G`, `64 GB`,
/// `512MiB`, `1.5TiB`; binary units, as the API counts) that comes to a whole number of it.
pub(crate) fn parse_size(text: &str, unit: crate::def::Unit) -> Result<i64, String> {
    let t = text.trim();
    if t.starts_with('-') {
        return Err("a size is not negative".to_owned());
    }
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, suffix) = (&t[..split], t[split..].trim());
    if suffix.is_empty() {
        return parse_int(number);
    }
    let mib: u64 = match suffix
        .to_ascii_uppercase()
        .trim_end_matches('B')
        .trim_end_matches('I')
    {
        "M" => 1,
        "G" => 1 << 10,
        "T" => 1 << 20,
        _ => {
            return Err(format!(
                "`{suffix}` is not a unit: write MiB, GiB or TiB (or a number of {})",
                unit.name()
            ));
        }
    };
    let value: f64 = number
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| "not a number".to_owned())?;
    let in_unit = value * mib as f64 / unit.mib() as f64;
    if in_unit.fract() != 0.0 || !(0.0..=i64::MAX as f64).contains(&in_unit) {
        return Err(format!("not a whole number of {}", unit.name()));
    }
    Ok(in_unit as i64)
}

/// The price action's request from the quoted one: (its wire name, the quoted one's).
pub(crate) fn remap(request: &Map<String, Value>, pairs: &[(&str, &str)]) -> Map<String, Value> {
    pairs
        .iter()
        .filter_map(|(to, from)| Some(((*to).to_owned(), request.get(*from)?.clone())))
        .collect()
}

pub(crate) fn parse_int(s: &str) -> Result<i64, String> {
    s.trim()
        .parse()
        .map_err(|_| "not a whole number".to_owned())
}

fn parse_float(s: &str) -> Result<f64, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| "not a number".to_owned())
}

fn parse_bool(s: &str) -> Result<bool, String> {
    match s.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err("not true or false".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const DISK: &[Field] = &[
        Field {
            flag: "is-boot",
            wire: "IsBoot",
            help: "",
            brief: "",
            kind: Kind::Bool,
            required: false,
            many: false,
            default: None,
            api_default: None,
            aliases: &[],
        },
        Field {
            flag: "size",
            wire: "Size",
            help: "",
            brief: "",
            kind: Kind::Int,
            required: true,
            many: false,
            default: None,
            api_default: None,
            aliases: &[],
        },
        Field {
            flag: "type",
            wire: "Type",
            help: "",
            brief: "",
            kind: Kind::Text,
            required: false,
            many: false,
            default: None,
            api_default: None,
            aliases: &[],
        },
    ];
    const CREATE: &[Field] = &[
        Field {
            flag: "cpu",
            wire: "CPU",
            help: "",
            brief: "",
            kind: Kind::Int,
            required: true,
            many: false,
            default: None,
            api_default: None,
            aliases: &[],
        },
        Field {
            flag: "disks",
            wire: "Disks",
            help: "",
            brief: "",
            kind: Kind::Object(DISK),
            required: false,
            many: true,
            default: None,
            api_default: None,
            aliases: &[],
        },
        Field {
            flag: "password",
            wire: "Password",
            help: "",
            brief: "",
            kind: Kind::Secret {
                variable: "P",
                generate: true,
            },
            required: false,
            many: false,
            default: None,
            api_default: None,
            aliases: &[],
        },
    ];

    #[test]
    fn key_value_and_json_give_the_same_object() {
        for text in [
            "Size=100,IsBoot=true,type=CLOUD_SSD",
            r#"{"Size":100,"IsBoot":true,"Type":"CLOUD_SSD"}"#,
            r#"{"size":"100","isboot":"true","Type":"CLOUD_SSD"}"#,
        ] {
            assert_eq!(
                read(Kind::Object(DISK), text).unwrap(),
                json!({"Size": 100, "IsBoot": true, "Type": "CLOUD_SSD"}),
                "{text}"
            );
        }
    }

    #[test]
    fn unknown_repeated_missing_and_malformed_keys_are_errors() {
        let object = |t| read(Kind::Object(DISK), t).unwrap_err();
        assert_eq!(object("Size=1,Sise=2"), "unknown key `Sise`");
        assert!(object("Size=1,size=2").contains("twice"));
        assert!(object("Size").contains("key=value"));
        assert_eq!(object("Type=x"), "`Size` is required");
        assert_eq!(object("Size=big"), "`Size` \"big\": not a whole number");
        assert!(object(r#"{"Size": 1"#).starts_with("not a JSON object"));
    }

    #[test]
    fn arguments_are_checked_against_the_table_at_every_depth() {
        let check = |v: Value| check(CREATE, v.as_object().unwrap(), "");
        assert_eq!(check(json!({"CPU": 1, "Disks": [{"Size": 1}]})), Ok(()));
        assert_eq!(check(json!({})).unwrap_err(), "`CPU` is required");
        assert_eq!(
            check(json!({"CPU": "1"})).unwrap_err(),
            "`CPU` is a string, not integer"
        );
        assert_eq!(
            check(json!({"CPU": 1.5})).unwrap_err(),
            "`CPU` is a number, not integer"
        );
        assert_eq!(
            check(json!({"CPU": 1, "Disks": [{"Size": 1, "Typ": "x"}]})).unwrap_err(),
            "unknown argument `Disks[0].Typ` (taken here: IsBoot, Size, Type)"
        );
        assert_eq!(
            check(json!({"CPU": 1, "Disks": [{}]})).unwrap_err(),
            "`Disks[0].Size` is required"
        );
        assert_eq!(
            check(json!({"CPU": 1, "Disks": {"Size": 1}})).unwrap_err(),
            "`Disks` is an object, not array"
        );
        assert_eq!(
            check(json!({"CPU": 1, "Password": "x"})).unwrap_err(),
            "unknown argument `Password` (taken here: CPU, Disks, and the common parameters and tool arguments its inputSchema lists)",
            "secrets are no arguments"
        );
    }

    #[test]
    fn sizes_are_taken_as_people_write_them() {
        use crate::def::Unit;
        for (text, unit, want) in [
            ("65536", Unit::Mb, 65536),
            ("64GiB", Unit::Mb, 65536),
            ("64 GB", Unit::Mb, 65536),
            ("64g", Unit::Mb, 65536),
            ("1.5GiB", Unit::Mb, 1536),
            ("512MiB", Unit::Mb, 512),
            ("100GiB", Unit::Gb, 100),
            ("1TiB", Unit::Gb, 1024),
            ("100", Unit::Gb, 100),
        ] {
            assert_eq!(parse_size(text, unit), Ok(want), "{text}");
        }
        assert!(
            parse_size("512MiB", Unit::Gb)
                .unwrap_err()
                .contains("whole number of GB")
        );
        assert!(
            parse_size("64 parsecs", Unit::Mb)
                .unwrap_err()
                .contains("not a unit")
        );
        assert!(parse_size("1.5", Unit::Mb).is_err());
    }

    #[test]
    fn a_quote_reads_the_quoted_request_by_its_own_names() {
        let create = json!({"CPU": 8, "Disks": [{"Size": 1}], "Name": "n"});
        assert_eq!(
            Value::Object(remap(
                create.as_object().unwrap(),
                &[("Cpu", "CPU"), ("Disks", "Disks"), ("Gpu", "GPU")]
            )),
            json!({"Cpu": 8, "Disks": [{"Size": 1}]})
        );
    }
}
