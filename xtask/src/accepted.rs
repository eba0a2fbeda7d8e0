//! Departures from the references made on purpose, each with its reason: the `absent:`,
//! `unreferenced:` and `required:` sections of `tests/e2e/reference/deviations.yaml`.
//!
//! Keys are `Action.Name` (a request parameter, an object field as `Parent.Field`, or a
//! response path as the CLI reference writes it), a bare `Action`, or `*.Name` for any action.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

pub const DEVIATIONS: &str = "tests/e2e/reference/deviations.yaml";

#[derive(Default, Deserialize)]
struct Sections {
    #[serde(default)]
    absent: BTreeMap<String, String>,
    #[serde(default)]
    unreferenced: BTreeMap<String, String>,
    #[serde(default)]
    required: BTreeMap<String, String>,
}

/// The accepted departures, and which of them were looked up (the rest are stale).
#[derive(Default)]
pub struct Accepted {
    /// `Action.Wire` of the Python SDK's reference -> our wire name.
    renames: BTreeMap<String, String>,
    sections: Sections,
    used: RefCell<BTreeSet<String>>,
}

impl Accepted {
    pub fn load(root: &Path) -> Result<Accepted, String> {
        let text = std::fs::read_to_string(root.join(DEVIATIONS))
            .map_err(|e| format!("{DEVIATIONS}: cannot read: {e}"))?;
        // The other sections belong to the reference test; only these two are read here.
        let value: serde_yaml::Value =
            serde_yaml::from_str(&text).map_err(|e| format!("{DEVIATIONS}: {e}"))?;
        let pick = |key: &str| value.get(key).cloned().unwrap_or(serde_yaml::Value::Null);
        // The reference test's renames (`request:` entries with `name:`), which the drift
        // report follows too.
        let renames = value
            .get("request")
            .and_then(serde_yaml::Value::as_mapping)
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| {
                Some((k.as_str()?.to_owned(), v.get("name")?.as_str()?.to_owned()))
            })
            .collect();
        let sections = Sections {
            absent: section(pick("absent"), "absent")?,
            unreferenced: section(pick("unreferenced"), "unreferenced")?,
            required: section(pick("required"), "required")?,
        };
        Ok(Accepted {
            renames,
            sections,
            used: RefCell::default(),
        })
    }

    /// Our wire name for the Python SDK's parameter `wire` of `action`.
    pub fn renamed<'a>(&'a self, action: &str, wire: &'a str) -> &'a str {
        self.renames
            .get(&format!("{action}.{wire}"))
            .map_or(wire, String::as_str)
    }

    /// Whether the spec leaves out `item` (`Action.Name`) of a reference on purpose.
    pub fn absent(&self, action: &str, name: &str) -> bool {
        self.find(&self.sections.absent, action, name)
    }

    /// Whether the spec keeps `item`, which neither reference knows, on purpose.
    pub fn unreferenced(&self, action: &str, name: &str) -> bool {
        self.find(&self.sections.unreferenced, action, name)
    }

    /// Whether the spec requires `name` of `action` on purpose, though compshare-cli may
    /// call the action without it.
    pub fn required(&self, action: &str, name: &str) -> bool {
        self.find(&self.sections.required, action, name)
    }

    fn find(&self, table: &BTreeMap<String, String>, action: &str, name: &str) -> bool {
        let keys = if name.is_empty() {
            vec![action.to_owned()]
        } else {
            vec![format!("{action}.{name}"), format!("*.{name}")]
        };
        for key in keys {
            if table.contains_key(&key) {
                self.used.borrow_mut().insert(key);
                return true;
            }
        }
        false
    }

    /// Entries of `sections` that no lookup used: they match nothing any more.
    pub fn unused(&self, sections: &[&str]) -> Vec<String> {
        let used = self.used.borrow();
        let s = &self.sections;
        let mut out = Vec::new();
        for (name, table) in [
            ("absent", &s.absent),
            ("unreferenced", &s.unreferenced),
            ("required", &s.required),
        ] {
            if sections.contains(&name) {
                out.extend(
                    table
                        .keys()
                        .filter(|k| !used.contains(*k))
                        .map(|k| format!("{DEVIATIONS}: {name}: {k} matches nothing: remove it")),
                );
            }
        }
        out
    }
}

fn section(value: serde_yaml::Value, name: &str) -> Result<BTreeMap<String, String>, String> {
    if value.is_null() {
        return Ok(BTreeMap::new());
    }
    serde_yaml::from_value(value)
        .map_err(|e| format!("{DEVIATIONS}: {name}: {e} (each entry is `Item: why`)"))
}
