//! The public API of a generated crate as text (`public-api.txt`, one item a line), and what
//! changed between two versions of it, each change marked breaking or not.
//!
//! A line is `kind path: signature`; `kind path` names the item, so a line whose signature
//! differs is a change of that item. Maintainers read the file in review; the generator diffs
//! it against the committed one to say what a spec change does to users.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::ir::{ActionIr, Body, Crate, Encode, TypeIr, TypeKind};
use crate::rust;

/// The manifest's path in the crate's directory.
pub const MANIFEST: &str = "public-api.txt";

/// The crate's public API, one item a line, sorted.
pub fn manifest(krate: &Crate) -> String {
    let mut lines: Vec<String> = Vec::new();
    for a in krate.modules.iter().flat_map(|m| &m.actions) {
        action_lines(a, &mut lines);
    }
    // Retried for every action: `*` stands for the action.
    for code in &krate.retry_codes {
        lines.push(format!("retry_code *.{code}"));
    }
    for t in &krate.types {
        type_lines(t, &mut lines);
    }
    lines.sort();
    lines.dedup();
    let mut text = String::from(
        "# The public API of this crate, one item a line, written by `cargo xtask generate`.\n\
         # Do not edit: the generator compares it with the committed one to report API changes.\n",
    );
    for line in lines {
        text.push_str(&line);
        text.push('\n');
    }
    text
}

/// The lines of one action: its method, parameters, fields, paging, waiters and retries.
fn action_lines(a: &ActionIr, lines: &mut Vec<String>) {
    let name = &a.name;
    let retry = if a.idempotent {
        "retried"
    } else {
        "not retried"
    };
    let body = match a.body {
        Body::Form => "form",
        Body::Json => "json",
    };
    lines.push(format!(
        "action {name}: Client::{}() -> {}; {retry}; {body} body",
        a.method, a.call
    ));
    if a.deprecated.is_some() {
        lines.push(format!("deprecated {name}"));
    }
    let required = |wire: &str| {
        a.writes.iter().any(|w| {
            w.wire == wire
                && matches!(
                    w.encode,
                    Encode::Req | Encode::ReqBase64 | Encode::ReqCommon
                )
        })
    };
    let flag = |wire: &str| if required(wire) { ", required" } else { "" };
    for c in &a.common {
        lines.push(format!(
            "param {name}.{}: common ({}{})",
            crate::names::ident(&crate::names::snake(&c.wire)),
            c.wire,
            flag(&c.wire)
        ));
    }
    for p in &a.request.fields {
        let many = match p.setter.kind {
            crate::ir::SetterKind::One => "",
            crate::ir::SetterKind::Many => "many ",
        };
        lines.push(format!(
            "param {name}.{}: {many}{} ({}{})",
            p.setter.name,
            rust::ty(&p.setter.ty),
            p.wire,
            flag(&p.wire)
        ));
    }
    for f in &a.response.fields {
        lines.push(format!(
            "field {}.{}: {} ({})",
            a.response.name,
            f.ident,
            rust::ty(&f.ty),
            f.wire
        ));
    }
    if let Some(p) = &a.paginate {
        let id =
            p.id.as_deref()
                .map(|f| format!(", skips repeated {f}"))
                .unwrap_or_default();
        lines.push(format!("paginate {name}: items {}{id}", rust::ty(&p.item)));
    }
    for w in &a.waiters {
        let follows = match &w.target {
            Some(t) => format!("follows the one {}", t.param),
            None => "reads the state path".to_owned(),
        };
        lines.push(format!("waiter {name}.{}: {follows}", w.method));
    }
    for code in &a.retry_codes {
        lines.push(format!("retry_code {name}.{code}"));
    }
}

/// The lines of one named type: a struct's fields (and, for a parameter object, how it is
/// built), an enum's variants.
fn type_lines(t: &TypeIr, lines: &mut Vec<String>) {
    match t.kind {
        TypeKind::Struct => {
            lines.push(format!("struct {}: non-exhaustive", t.name));
            if t.encode {
                // Users build parameter objects with `new` (the fields that must be
                // given) and a setter per other field.
                let args: Vec<String> = t
                    .fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| format!("{}: {}", f.ident, rust::ty(&f.ty)))
                    .collect();
                lines.push(format!("new {}: ({})", t.name, args.join(", ")));
                for f in t.fields.iter().filter(|f| !f.required) {
                    lines.push(format!(
                        "setter {}.{}: {}",
                        t.name,
                        f.setter,
                        rust::ty(f.ty.required())
                    ));
                }
            }
            for f in &t.fields {
                lines.push(format!(
                    "field {}.{}: {} ({})",
                    t.name,
                    f.ident,
                    rust::ty(&f.ty),
                    f.wire
                ));
            }
        }
        TypeKind::Enum => {
            lines.push(format!("enum {}: open", t.name));
            for v in &t.variants {
                lines.push(format!(
                    "variant {}::{}: {}",
                    t.name,
                    v.ident,
                    rust::str_lit(&v.wire)
                ));
            }
        }
    }
}

/// What happened to one item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One change of the public API.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ApiChange {
    /// Whether code that compiled and worked against the old API may fail against the new.
    pub breaking: bool,
    pub kind: ChangeKind,
    /// `kind path` of the item, e.g. `param CreateCFS.size`.
    pub item: String,
    /// The old and new signatures (empty where the item did not exist).
    pub before: String,
    pub after: String,
    /// Added with the action or type it belongs to, which is listed itself.
    pub with_new_owner: bool,
}

impl std::fmt::Display for ApiChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mark = if self.breaking {
            "breaking"
        } else {
            "compatible"
        };
        let shown = |s: &str| {
            if s.is_empty() {
                String::new()
            } else {
                format!(": {s}")
            }
        };
        match self.kind {
            ChangeKind::Added => write!(f, "{mark}: added {}{}", self.item, shown(&self.after)),
            ChangeKind::Removed => {
                write!(f, "{mark}: removed {}{}", self.item, shown(&self.before))
            }
            ChangeKind::Changed => write!(
                f,
                "{mark}: changed {}: {} -> {}",
                self.item, self.before, self.after
            ),
        }
    }
}

/// The items of a manifest: `kind path` -> signature.
fn items(manifest: &str) -> BTreeMap<&str, &str> {
    manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_once(": ").unwrap_or((l, "")))
        .collect()
}

/// Every change from `old` to `new`, breaking ones first.
pub fn diff(old: &str, new: &str) -> Vec<ApiChange> {
    let (old_items, new_items) = (items(old), items(new));
    let mut changes = Vec::new();
    for (item, after) in &new_items {
        match old_items.get(item) {
            None => {
                let with_new_owner =
                    owner(item, &new_items).is_some_and(|o| !old_items.contains_key(o.as_str()));
                changes.push(ApiChange {
                    // Whatever comes with a new action or type breaks nothing that existed.
                    breaking: !with_new_owner && added_breaks(item, after),
                    kind: ChangeKind::Added,
                    item: item.to_string(),
                    before: String::new(),
                    after: after.to_string(),
                    with_new_owner,
                })
            }
            Some(before) if before != after => changes.push(ApiChange {
                breaking: change_breaks(item, before, after),
                kind: ChangeKind::Changed,
                item: item.to_string(),
                before: before.to_string(),
                after: after.to_string(),
                with_new_owner: false,
            }),
            Some(_) => {}
        }
    }
    for (item, before) in &old_items {
        if !new_items.contains_key(item) {
            changes.push(ApiChange {
                // An action no longer deprecated, or no longer retried on a code, breaks no
                // code; any other removal does.
                breaking: !(item.starts_with("deprecated ") || item.starts_with("retry_code ")),
                kind: ChangeKind::Removed,
                item: item.to_string(),
                before: before.to_string(),
                after: String::new(),
                with_new_owner: false,
            });
        }
    }
    changes.sort_by(|a, b| {
        b.breaking
            .cmp(&a.breaking)
            .then(a.kind.cmp(&b.kind))
            .then(a.item.cmp(&b.item))
    });
    changes
}

/// The item that `item` belongs to (`param A.x` to `action A`, `field T.x` to `struct T`,
/// `variant E::V` to `enum E`), if it belongs to one.
fn owner(item: &str, items: &BTreeMap<&str, &str>) -> Option<String> {
    let (kind, path) = item.split_once(' ')?;
    match kind {
        "variant" => Some(format!("enum {}", path.split("::").next()?)),
        "new" => Some(format!("struct {path}")),
        "setter" => Some(format!("struct {}", path.split('.').next()?)),
        "field" => {
            let ty = path.split('.').next()?;
            let own = format!("struct {ty}");
            if items.contains_key(own.as_str()) {
                return Some(own);
            }
            ty.strip_suffix("Response").map(|a| format!("action {a}"))
        }
        "retry_code" if path.starts_with("*.") => None,
        "param" | "deprecated" | "paginate" | "waiter" | "retry_code" => {
            Some(format!("action {}", path.split(['.', ':']).next()?))
        }
        _ => None,
    }
}

/// Whether adding `item` breaks code written against the old API.
fn added_breaks(item: &str, after: &str) -> bool {
    // A call that was complete now fails before sending, missing the new parameter. A new
    // required field of a parameter object changes its `new`, a change of that item; other
    // additions (a deprecation is a warning) break nothing.
    item.starts_with("param ") && after.ends_with(", required)")
}

/// Whether an item's new signature breaks code written against the old one.
fn change_breaks(item: &str, before: &str, after: &str) -> bool {
    if item.starts_with("paginate ") {
        // The item type is the API; skipping repeats is behaviour.
        let items = |s: &'_ str| s.split(',').next().unwrap_or_default().to_owned();
        return items(before) != items(after);
    }
    if item.starts_with("action ") {
        // The method and call names are before the first `;`; retry safety and body are
        // behaviour, not API.
        let head = |s: &str| s.split(';').next().unwrap_or_default().to_owned();
        return head(before) != head(after);
    }
    // `TYPE (Wire[, required])`: a new wire name changes what is sent, not the Rust API.
    let split = |s: &'_ str| -> (String, bool) {
        let (ty, wire) = s.rsplit_once(" (").unwrap_or((s, ""));
        (ty.to_owned(), wire.ends_with(", required)"))
    };
    let ((ty_before, req_before), (ty_after, req_after)) = (split(before), split(after));
    if item.starts_with("param ") {
        // Becoming optional breaks nothing; a new type or becoming required does.
        return ty_before != ty_after || (req_after && !req_before);
    }
    if item.starts_with("field ") {
        return ty_before != ty_after;
    }
    true
}

/// The changes as a Markdown list under headings, for the changelog. What comes with a new
/// action or type (its parameters, fields, values) goes without saying.
pub fn markdown(changes: &[ApiChange]) -> String {
    let mut out = String::new();
    for (breaking, heading) in [(true, "Breaking"), (false, "Compatible")] {
        let list: Vec<&ApiChange> = changes
            .iter()
            .filter(|c| c.breaking == breaking && !c.with_new_owner)
            .collect();
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {heading}\n");
        for c in list {
            let text = c.to_string();
            let text = text
                .split_once(": ")
                .map_or(text.as_str(), |(_, rest)| rest);
            let _ = writeln!(out, "- {}", text.replace('`', "'"));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "# header\n\
        action GetThing: Client::get_thing() -> GetThingCall; retried; form body\n\
        param GetThing.size: i64 (Size, required)\n\
        param GetThing.tag: String (Tag)\n\
        field GetThingResponse.count: Option<i64> (Count)\n\
        struct Filter: non-exhaustive\n\
        new Filter: ()\n\
        field Filter.tag: Option<String> (Tag)\n\
        setter Filter.tag: String\n\
        enum State: open\n\
        variant State::Up: \"Up\"\n\
        variant State::Down: \"Down\"\n";

    fn changes(new: &str) -> Vec<String> {
        diff(OLD, new).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_same_api_has_no_changes() {
        assert!(diff(OLD, OLD).is_empty());
    }

    #[test]
    fn additions_are_compatible_except_required_parameters() {
        let new = format!(
            "{OLD}param GetThing.zone_id: String (ZoneId, required)\n\
             param GetThing.limit: i64 (Limit)\n\
             field GetThingResponse.total: Option<i64> (Total)\n\
             field Filter.name: Option<String> (Name)\n\
             setter Filter.name: String\n\
             variant State::Gone: \"Gone\"\n\
             deprecated GetThing\n"
        );
        assert_eq!(
            changes(&new),
            [
                "breaking: added param GetThing.zone_id: String (ZoneId, required)",
                "compatible: added deprecated GetThing",
                "compatible: added field Filter.name: Option<String> (Name)",
                "compatible: added field GetThingResponse.total: Option<i64> (Total)",
                "compatible: added param GetThing.limit: i64 (Limit)",
                "compatible: added setter Filter.name: String",
                "compatible: added variant State::Gone: \"Gone\"",
            ]
        );
        // A field a parameter object must be given changes its `new`.
        let new = OLD.replace("new Filter: ()", "new Filter: (id: String)");
        assert_eq!(
            changes(&new),
            ["breaking: changed new Filter: () -> (id: String)"]
        );
    }

    #[test]
    fn what_comes_with_a_new_action_or_type_is_compatible() {
        let new = format!(
            "{OLD}action PutThing: Client::put_thing() -> PutThingCall; not retried; form body\n\
             param PutThing.size: i64 (Size, required)\n\
             field PutThingResponse.id: String (Id)\n\
             struct Spec: non-exhaustive\n\
             new Spec: (size: i64)\n\
             field Spec.size: i64 (Size)\n"
        );
        assert!(
            diff(OLD, &new).iter().all(|c| !c.breaking),
            "{:?}",
            diff(OLD, &new)
        );
    }

    #[test]
    fn removals_and_retypes_break_and_loosening_does_not() {
        let new = OLD
            .replace("variant State::Down: \"Down\"\n", "")
            .replace("Option<i64> (Count)", "Option<f64> (Count)")
            .replace("(Size, required)", "(Size)")
            .replace("String (Tag)", "many String (Tag)")
            .replace("retried; form", "not retried; json");
        assert_eq!(
            changes(&new),
            [
                "breaking: removed variant State::Down: \"Down\"",
                "breaking: changed field GetThingResponse.count: Option<i64> (Count) -> Option<f64> (Count)",
                "breaking: changed param GetThing.tag: String (Tag) -> many String (Tag)",
                "compatible: changed action GetThing: Client::get_thing() -> GetThingCall; retried; form body -> Client::get_thing() -> GetThingCall; not retried; json body",
                "compatible: changed param GetThing.size: i64 (Size, required) -> i64 (Size)",
            ]
        );
        let paged = format!("{OLD}paginate GetThing: items Thing\n");
        let skipping = paged.replace("items Thing\n", "items Thing, skips repeated id\n");
        assert!(diff(&paged, &skipping).iter().all(|c| !c.breaking));
        let retyped = paged.replace("items Thing\n", "items Other\n");
        assert!(diff(&paged, &retyped).iter().all(|c| c.breaking));
        let respelled = OLD.replace("(Tag)\n", "(TAG)\n");
        assert_eq!(
            changes(&respelled),
            [
                "compatible: changed field Filter.tag: Option<String> (Tag) -> Option<String> (TAG)",
                "compatible: changed param GetThing.tag: String (Tag) -> String (TAG)",
            ]
        );
    }

    #[test]
    fn markdown_lists_a_new_action_without_its_parts() {
        let new = format!(
            "{OLD}action PutThing: Client::put_thing() -> PutThingCall; not retried; form body\n\
             param PutThing.size: i64 (Size, required)\n"
        );
        assert_eq!(
            markdown(&diff(OLD, &new)),
            "### Compatible\n\n- added action PutThing: Client::put_thing() -> PutThingCall; not retried; form body\n\n"
        );
    }

    #[test]
    fn markdown_groups_breaking_changes_first() {
        let new =
            OLD.replace("param GetThing.tag: String (Tag)\n", "") + "param GetThing.x: i64 (X)\n";
        let text = markdown(&diff(OLD, &new));
        assert_eq!(
            text,
            "### Breaking\n\n- removed param GetThing.tag: String (Tag)\n\n\
             ### Compatible\n\n- added param GetThing.x: i64 (X)\n\n"
        );
    }
}
