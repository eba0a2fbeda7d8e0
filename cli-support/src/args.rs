//! Values from flags' text, and parameter objects from `key=value,...` or JSON. Every error
//! names the flag (and the key) and what is wrong; nothing has been sent when one occurs.

use std::collections::BTreeMap;

use clap::ArgMatches;
use serde_json::Value;

use crate::Failure;

/// A flag's one value, as given.
pub fn text(m: &ArgMatches, id: &str) -> Option<String> {
    m.try_get_one::<String>(id).ok().flatten().cloned()
}

/// A repeated flag's values, as given.
pub fn texts(m: &ArgMatches, id: &str) -> Option<Vec<String>> {
    m.try_get_many::<String>(id)
        .ok()
        .flatten()
        .map(|v| v.cloned().collect())
}

fn parsed<T>(
    m: &ArgMatches,
    id: &str,
    parse: fn(&str) -> Result<T, String>,
) -> Result<Option<T>, Failure> {
    text(m, id)
        .map(|s| parse(&s).map_err(|why| Failure::usage(format!("--{id} {s:?}: {why}"))))
        .transpose()
}

fn parsed_all<T>(
    m: &ArgMatches,
    id: &str,
    parse: fn(&str) -> Result<T, String>,
) -> Result<Option<Vec<T>>, Failure> {
    texts(m, id)
        .map(|all| {
            all.iter()
                .map(|s| parse(s).map_err(|why| Failure::usage(format!("--{id} {s:?}: {why}"))))
                .collect()
        })
        .transpose()
}

pub fn int(m: &ArgMatches, id: &str) -> Result<Option<i64>, Failure> {
    parsed(m, id, parse_int)
}

pub fn ints(m: &ArgMatches, id: &str) -> Result<Option<Vec<i64>>, Failure> {
    parsed_all(m, id, parse_int)
}

pub fn float(m: &ArgMatches, id: &str) -> Result<Option<f64>, Failure> {
    parsed(m, id, parse_float)
}

pub fn floats(m: &ArgMatches, id: &str) -> Result<Option<Vec<f64>>, Failure> {
    parsed_all(m, id, parse_float)
}

pub fn bool(m: &ArgMatches, id: &str) -> Result<Option<bool>, Failure> {
    parsed(m, id, parse_bool)
}

pub fn bools(m: &ArgMatches, id: &str) -> Result<Option<Vec<bool>>, Failure> {
    parsed_all(m, id, parse_bool)
}

/// How an object's unknown keys are taken: refused (a typo must not be dropped), or ignored
/// (a quote reads the flags of the command it quotes, whose objects have more fields).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Strict,
    Lenient,
}

/// A parser of one parameter object type (generated).
pub type Parser<T> = fn(&mut Fields) -> Result<T, String>;

pub fn object<T>(
    m: &ArgMatches,
    id: &str,
    parse: Parser<T>,
    mode: Mode,
) -> Result<Option<T>, Failure> {
    text(m, id)
        .map(|s| {
            parse_object(&s, parse, mode).map_err(|why| Failure::usage(format!("--{id}: {why}")))
        })
        .transpose()
}

pub fn objects<T>(
    m: &ArgMatches,
    id: &str,
    parse: Parser<T>,
    mode: Mode,
) -> Result<Option<Vec<T>>, Failure> {
    texts(m, id)
        .map(|all| {
            all.iter()
                .enumerate()
                .map(|(i, s)| {
                    parse_object(s, parse, mode)
                        .map_err(|why| Failure::usage(format!("--{id} (number {}): {why}", i + 1)))
                })
                .collect()
        })
        .transpose()
}

fn parse_object<T>(text: &str, parse: Parser<T>, mode: Mode) -> Result<T, String> {
    let mut fields = Fields::parse(text, mode)?;
    parse(&mut fields)
}

/// Whether `--all` was given.
pub fn all(m: &ArgMatches) -> bool {
    m.try_get_one::<bool>("all")
        .ok()
        .flatten()
        .copied()
        .unwrap_or(false)
}

/// Whether `--wait` was given.
pub fn waits(m: &ArgMatches) -> bool {
    m.try_get_one::<bool>("wait")
        .ok()
        .flatten()
        .copied()
        .unwrap_or(false)
}

/// `--wait-timeout`, checked: a positive number of seconds.
pub fn wait_timeout(m: &ArgMatches) -> Result<std::time::Duration, Failure> {
    match int(m, "wait-timeout")? {
        Some(secs) if secs > 0 => Ok(std::time::Duration::from_secs(secs.unsigned_abs())),
        None => Ok(std::time::Duration::from_secs(600)),
        Some(_) => Err(Failure::usage(
            "--wait-timeout must be a positive number of seconds",
        )),
    }
}

/// A required field of an object.
pub fn required<T>(value: Option<T>, key: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("`{key}` is required"))
}

/// The fields of one parameter object as given: `Key=value,Key=value` (text values) or a
/// JSON object. Keys match the wire names ignoring case; each is taken once.
#[derive(Debug)]
pub struct Fields {
    values: BTreeMap<String, (String, Value)>,
    mode: Mode,
}

impl Fields {
    pub fn parse(text: &str, mode: Mode) -> Result<Fields, String> {
        let text = text.trim();
        let mut values = BTreeMap::new();
        if text.starts_with('{') {
            let Value::Object(map) = serde_json::from_str::<Value>(text)
                .map_err(|e| format!("not a JSON object: {e}"))?
            else {
                return Err("not a JSON object".to_owned());
            };
            for (k, v) in map {
                insert(&mut values, k, v)?;
            }
        } else {
            for pair in text.split(',').filter(|p| !p.trim().is_empty()) {
                let (k, v) = pair.split_once('=').ok_or_else(|| {
                    format!("`{pair}` is not key=value (write key=value,key=value, or JSON)")
                })?;
                insert(
                    &mut values,
                    k.trim().to_owned(),
                    Value::String(v.trim().to_owned()),
                )?;
            }
        }
        Ok(Fields { values, mode })
    }

    fn take(&mut self, key: &str) -> Option<Value> {
        self.values
            .remove(&key.to_ascii_lowercase())
            .map(|(_, v)| v)
    }

    /// Refuses keys no field took (in strict mode).
    pub fn finish(&mut self) -> Result<(), String> {
        if self.mode == Mode::Lenient || self.values.is_empty() {
            return Ok(());
        }
        let keys: Vec<&str> = self.values.values().map(|(k, _)| k.as_str()).collect();
        Err(format!("unknown key `{}`", keys.join("`, `")))
    }

    pub fn text(&mut self, key: &str) -> Option<String> {
        self.take(key).map(|v| match v {
            Value::String(s) => s,
            other => other.to_string(),
        })
    }

    pub fn texts(&mut self, key: &str) -> Option<Vec<String>> {
        self.take(key).map(|v| {
            list(v)
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                })
                .collect()
        })
    }

    fn scalar<T>(
        &mut self,
        key: &str,
        parse: fn(&str) -> Result<T, String>,
    ) -> Result<Option<T>, String> {
        self.text(key)
            .map(|s| parse(&s).map_err(|why| format!("`{key}` {s:?}: {why}")))
            .transpose()
    }

    fn scalars<T>(
        &mut self,
        key: &str,
        parse: fn(&str) -> Result<T, String>,
    ) -> Result<Option<Vec<T>>, String> {
        self.texts(key)
            .map(|all| {
                all.iter()
                    .map(|s| parse(s).map_err(|why| format!("`{key}` {s:?}: {why}")))
                    .collect()
            })
            .transpose()
    }

    pub fn int(&mut self, key: &str) -> Result<Option<i64>, String> {
        self.scalar(key, parse_int)
    }

    pub fn ints(&mut self, key: &str) -> Result<Option<Vec<i64>>, String> {
        self.scalars(key, parse_int)
    }

    pub fn float(&mut self, key: &str) -> Result<Option<f64>, String> {
        self.scalar(key, parse_float)
    }

    pub fn floats(&mut self, key: &str) -> Result<Option<Vec<f64>>, String> {
        self.scalars(key, parse_float)
    }

    pub fn bool(&mut self, key: &str) -> Result<Option<bool>, String> {
        self.scalar(key, parse_bool)
    }

    pub fn bools(&mut self, key: &str) -> Result<Option<Vec<bool>>, String> {
        self.scalars(key, parse_bool)
    }

    /// An object inside the object: JSON only.
    pub fn object<T>(&mut self, key: &str, parse: Parser<T>) -> Result<Option<T>, String> {
        let mode = self.mode;
        self.take(key)
            .map(|v| nested(v, parse, mode).map_err(|why| format!("`{key}`: {why}")))
            .transpose()
    }

    pub fn objects<T>(&mut self, key: &str, parse: Parser<T>) -> Result<Option<Vec<T>>, String> {
        let mode = self.mode;
        self.take(key)
            .map(|v| {
                list(v)
                    .into_iter()
                    .map(|v| nested(v, parse, mode).map_err(|why| format!("`{key}`: {why}")))
                    .collect()
            })
            .transpose()
    }
}

fn insert(
    values: &mut BTreeMap<String, (String, Value)>,
    key: String,
    v: Value,
) -> Result<(), String> {
    if values
        .insert(key.to_ascii_lowercase(), (key.clone(), v))
        .is_some()
    {
        return Err(format!("`{key}` is given twice"));
    }
    Ok(())
}

fn list(v: Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items,
        other => vec![other],
    }
}

fn nested<T>(v: Value, parse: Parser<T>, mode: Mode) -> Result<T, String> {
    match v {
        Value::Object(_) => parse(&mut Fields::parse(&v.to_string(), mode)?),
        _ => Err("is not a JSON object".to_owned()),
    }
}

fn parse_int(s: &str) -> Result<i64, String> {
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

    #[test]
    fn key_value_and_json_give_the_same_fields() {
        for text in [
            "Size=100,IsBoot=true,type=CLOUD_SSD",
            r#"{"Size":100,"IsBoot":true,"Type":"CLOUD_SSD"}"#,
        ] {
            let mut f = Fields::parse(text, Mode::Strict).unwrap();
            assert_eq!(f.int("Size").unwrap(), Some(100));
            assert_eq!(f.bool("IsBoot").unwrap(), Some(true));
            assert_eq!(f.text("Type").as_deref(), Some("CLOUD_SSD"));
            f.finish().unwrap();
        }
    }

    #[test]
    fn unknown_repeated_and_malformed_keys_are_errors() {
        let mut f = Fields::parse("Size=1,Sise=2", Mode::Strict).unwrap();
        f.int("Size").unwrap();
        assert_eq!(f.finish().unwrap_err(), "unknown key `Sise`");
        let mut lenient = Fields::parse("Size=1,Sise=2", Mode::Lenient).unwrap();
        lenient.int("Size").unwrap();
        lenient.finish().unwrap();
        assert!(
            Fields::parse("Size=1,size=2", Mode::Strict)
                .unwrap_err()
                .contains("twice")
        );
        assert!(
            Fields::parse("Size", Mode::Strict)
                .unwrap_err()
                .contains("key=value")
        );
        let mut f = Fields::parse("Size=big", Mode::Strict).unwrap();
        assert_eq!(
            f.int("Size").unwrap_err(),
            "`Size` \"big\": not a whole number"
        );
    }
}
