//! A create's stock check (the spec's `cli.capacity`), the same for the command line and the
//! MCP server: the check is asked with the create's own parameters; nothing is bought when no
//! configuration that fits what was given is in stock; what was left out is taken from the
//! smallest configuration that is.

use serde_json::{Map, Value};

use crate::def::{Field, Kind};
use crate::typed::Runner;

/// A create's stock check, generated from the spec.
pub struct Capacity {
    /// The check, a read.
    pub action: &'static str,
    /// The create's parameters it takes, by the same wire names.
    pub params: &'static [&'static str],
    /// Its answer's list of configurations, and their in-stock flag.
    pub list: &'static str,
    pub stock: &'static str,
    /// (the create's parameter, the configurations' field, the factor from the field's
    /// unit to the parameter's, whether it is filled when not given).
    pub fill: &'static [(&'static str, &'static str, i64, bool)],
    /// The check's typed request.
    pub run: &'static dyn Runner,
}

/// The check's request: the create's parameters it takes.
pub(crate) fn asking(c: &Capacity, request: &Map<String, Value>) -> Map<String, Value> {
    c.params
        .iter()
        .filter_map(|p| Some(((*p).to_owned(), request.get(*p)?.clone())))
        .collect()
}

/// The parameters to fill (wire name, value) from what the check answered for a create
/// asking `request`: of the configurations in stock that fit what was given, the smallest
/// (by the filled values, in order: the cheapest choice, whatever order the answer has); or
/// why nothing can be bought: none that fits is in stock (the ones that are, named).
pub(crate) fn choose(
    c: &Capacity,
    fields: &[Field],
    request: &Map<String, Value>,
    answer: &Value,
    place: &str,
) -> Result<Vec<(&'static str, i64)>, String> {
    let entries: &[Value] = answer
        .get(c.list)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice);
    let value = |e: &Value, field: &str, scale: i64| e.get(field)?.as_i64()?.checked_mul(scale);
    let fits = |e: &Value| {
        c.fill.iter().all(|(p, f, s, _)| match request.get(*p) {
            Some(given) => given.as_i64().is_some() && given.as_i64() == value(e, f, *s),
            None => true,
        })
    };
    let stocked = |e: &Value| e.get(c.stock).and_then(Value::as_bool) == Some(true);
    let filled = |e: &Value| -> Vec<i64> {
        c.fill
            .iter()
            .filter(|(p, _, _, fills)| *fills && !request.contains_key(*p))
            .map(|(_, f, s, _)| value(e, f, *s).unwrap_or(i64::MAX))
            .collect()
    };
    let smallest = entries
        .iter()
        .filter(|e| fits(e) && stocked(e))
        .min_by_key(|e| filled(e));
    if let Some(e) = smallest {
        return Ok(c
            .fill
            .iter()
            .filter(|(p, _, _, fills)| *fills && !request.contains_key(*p))
            .filter_map(|(p, f, s, _)| Some((*p, value(e, f, *s)?)))
            .collect());
    }
    let shown = |pairs: Vec<(&str, i64)>| describe(fields, &pairs);
    let asked: Vec<(&str, i64)> = c
        .fill
        .iter()
        .filter_map(|(p, _, _, _)| Some((*p, request.get(*p)?.as_i64()?)))
        .collect();
    let what = if asked.is_empty() {
        "no configuration".to_owned()
    } else {
        format!("no configuration with {}", shown(asked))
    };
    let others: Vec<String> = entries
        .iter()
        .filter(|e| stocked(e))
        .take(6)
        .map(|e| {
            shown(
                c.fill
                    .iter()
                    .filter_map(|(p, f, s, _)| Some((*p, value(e, f, *s)?)))
                    .collect(),
            )
        })
        .collect();
    let instead = if others.is_empty() {
        "; none is".to_owned()
    } else {
        format!("; these are: {}", others.join("; "))
    };
    Err(format!(
        "{what} is in stock{place} for this image, billing mode and disks{instead}"
    ))
}

/// Parameters as the command line names them: `--gpu 1, --memory 64GiB`.
pub(crate) fn describe(fields: &[Field], pairs: &[(&str, i64)]) -> String {
    pairs
        .iter()
        .map(|(wire, v)| {
            let field = fields.iter().find(|f| f.wire == *wire);
            let flag = field.map_or(*wire, |f| f.flag);
            match field.map(|f| &f.kind) {
                Some(Kind::Size(unit)) if *v >= 0 => {
                    format!("--{flag} {}", crate::output::size_text(*v as u64, *unit))
                }
                _ => format!("--{flag} {v}"),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl crate::Cx {
    /// The command line's stock check before a create: asked where the create would be
    /// bought; a configuration that fits not in stock is a refusal (nothing bought); what was
    /// left out is filled, and said.
    pub(crate) async fn check_capacity(
        &self,
        def: &crate::Def,
        request: &mut Map<String, Value>,
    ) -> Result<(), crate::Failure> {
        let Some(c) = def.capacity else {
            return Ok(());
        };
        let asking = asking(c, request);
        let prepared = c.run.prepare(
            self.client()?,
            &asking,
            compshare_runtime::CallOptions::default(),
        )?;
        let answer = self.sending(c.action, prepared.send()).await?.value()?;
        let defaults = self.client()?.defaults().clone();
        let place = defaults
            .zone
            .as_ref()
            .map_or(String::new(), |z| format!(" in {z}"));
        let filled = match choose(c, def.fields, request, &answer, &place) {
            Ok(filled) => filled,
            Err(why) => {
                let search = crate::search::Search::of(self.tool);
                let elsewhere = match (search, &defaults.region, &defaults.zone) {
                    (Some(s), Some(r), Some(z)) => {
                        s.elsewhere(&self.placeless_client()?, (r, z), request)
                            .await
                    }
                    _ => String::new(),
                };
                let mut f = crate::Failure::refused(format!(
                    "{}: {why} ({}){elsewhere}; nothing was bought",
                    def.action, c.action
                ));
                f.action = Some(def.action.to_owned());
                f.delivery = Some("not_sent");
                return Err(f);
            }
        };
        if !filled.is_empty() {
            crate::terminal::say(&format!(
                "{}: the smallest configuration in stock{place}",
                describe(def.fields, &filled)
            ));
        }
        for (wire, value) in filled {
            request.insert(wire.to_owned(), Value::from(value));
        }
        Ok(())
    }
}
