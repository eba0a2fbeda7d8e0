//! Actions: inheritance chains, generated names that must not clash, recursion among types,
//! and the `paginate` and `waiters` annotations.

use std::collections::{BTreeMap, BTreeSet};

use super::docs::{doc_lines, wait_note};
use super::shape::type_ref;
use super::{Lowering, Own, RField, Ty};
use crate::diag::did_you_mean;
use crate::ir::{PaginateIr, Pick, StateStep, TypeRef, VariantIr, WaitTargetIr, WaiterIr};
use crate::names;
use crate::spec::WaiterDef;

impl<'a> Lowering<'a> {
    /// The action and its ancestors, root first. `None` (after reporting) for an unknown
    /// parent or a cycle.
    pub(super) fn chain(&mut self, name: &'a str) -> Option<Vec<&'a str>> {
        let mut chain = vec![name];
        let mut cur = name;
        while let Some(parent) = self.actions[cur].1.extends.as_deref() {
            let (file, _) = self.actions[cur];
            let Some((&parent, _)) = self.actions.get_key_value(parent) else {
                if cur == name {
                    let hint = did_you_mean(parent, self.actions.keys().copied());
                    self.diags.push(
                        file,
                        format!("actions.{cur}.extends"),
                        format!("unknown action `{parent}`{hint}"),
                    );
                }
                return None;
            };
            if let Some(i) = chain.iter().position(|a| *a == parent) {
                let cycle = &chain[i..];
                // Report a cycle once, from its alphabetically first member.
                if cycle.iter().min() == Some(&name) {
                    let mut shown: Vec<&str> = cycle.to_vec();
                    shown.push(parent);
                    self.diags.push(
                        file,
                        format!("actions.{name}.extends"),
                        format!("`extends` cycle: {}", shown.join(" -> ")),
                    );
                }
                return None;
            }
            chain.push(parent);
            cur = parent;
        }
        chain.reverse();
        Some(chain)
    }

    /// The parameters of the last action in `chain`: each ancestor's, then its own.
    pub(super) fn inherit(
        &mut self,
        chain: &[&'a str],
        own: &BTreeMap<&str, Vec<Own>>,
    ) -> Vec<RField> {
        let mut fields: Vec<(RField, &str)> = Vec::new();
        for &action in chain {
            let (file, _) = self.actions[action];
            for Own {
                field: f,
                override_,
                states_required,
            } in &own[action]
            {
                let path = format!("actions.{action}.request.{}", f.wire);
                match fields.iter().position(|(g, _)| g.wire == f.wire) {
                    Some(i) if *override_ => {
                        // An override replaces the inherited declaration whole; whether it
                        // is still required must be said, not lost by leaving it out.
                        let (parent_field, parent) = &fields[i];
                        if parent_field.required && !states_required {
                            self.diags.push(file, &path, format!("`{}` is required in `{parent}`, and `override: true` replaces it whole: say `required: true` or `required: false`", f.wire));
                        }
                        fields[i] = (f.clone(), action);
                    }
                    Some(i) => {
                        // Each action's own conflicts are reported when it is the last of its
                        // chain, so a grandchild does not repeat its parent's error.
                        if action == chain[chain.len() - 1] {
                            let parent = fields[i].1;
                            self.diags.push(file, path, format!("`{}` is inherited from `{parent}`; add `override: true` to redeclare it", f.wire));
                        }
                    }
                    None if *override_ && action == chain[chain.len() - 1] => {
                        self.diags.push(
                            file,
                            path,
                            format!(
                                "`override: true`, but `{}` is not inherited from any parent",
                                f.wire
                            ),
                        );
                    }
                    None => fields.push((f.clone(), action)),
                }
            }
        }
        fields.into_iter().map(|(f, _)| f).collect()
    }

    /// Checks a waiter and builds its method: the action it polls, and how to read the state.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn waiter(
        &mut self,
        file: &str,
        name: &str,
        def: &WaiterDef,
        requests: &BTreeMap<&str, Vec<RField>>,
        responses: &BTreeMap<&str, Vec<RField>>,
        structs: &BTreeMap<&str, Vec<RField>>,
        enums: &BTreeMap<&str, Vec<VariantIr>>,
    ) -> Option<(&'a str, WaiterIr)> {
        let path = format!("waiters.{name}");
        let errors_before = self.diags.0.len();
        if !names::is_type_name(name) {
            self.diags.push(
                file,
                &path,
                format!(
                    "invalid waiter name `{name}`: use UpperCamelCase ASCII letters and digits"
                ),
            );
        }
        if def.doc.is_none() {
            self.diags.push(file, &path, "missing `doc`");
        }
        let Some((&action, _)) = self.actions.get_key_value(def.action.as_str()) else {
            let hint = did_you_mean(&def.action, self.actions.keys().copied());
            self.diags.push(
                file,
                format!("{path}.action"),
                format!("unknown action `{}`{hint}", def.action),
            );
            return None;
        };
        let (state, enum_name, by_id) =
            match state_reader(&def.state, responses.get(action)?, structs) {
                Ok(found) => found,
                Err(msg) => {
                    self.diags.push(file, format!("{path}.state"), msg);
                    return None;
                }
            };
        let response = responses.get(action)?;
        let remaining = match def
            .remaining
            .as_deref()
            .map(|r| path_reader(r, response, structs, true))
        {
            Some(Ok((steps, _, false))) => steps,
            Some(Ok(_)) => {
                self.diags.push(
                    file,
                    format!("{path}.remaining"),
                    "`remaining` picks no element by id",
                );
                Vec::new()
            }
            Some(Err(msg)) => {
                self.diags.push(file, format!("{path}.remaining"), msg);
                Vec::new()
            }
            None => Vec::new(),
        };
        let picks = state.iter().any(|s| s.pick.is_some());
        let target = self.wait_target(file, &path, def, action, (by_id, picks), requests);
        if def.success.is_empty() {
            self.diags.push(
                file,
                format!("{path}.success"),
                "a waiter needs at least one success state",
            );
        }
        if let Some(e) = enum_name.as_deref() {
            self.check_wait_states(file, &path, def, e, enums);
        }
        // No setter begins with `wait_` (`names::CALL_PREFIXES`), so only waiters could
        // share the name, which `resolve_waiters` refuses.
        let method = format!("wait_until_{}", names::snake(name));
        if self.diags.0.len() > errors_before {
            return None;
        }
        let note = wait_note(action, def, target.as_ref());
        Some((
            action,
            WaiterIr {
                method,
                doc: doc_lines(def.doc.as_deref().unwrap_or_default(), &[note]),
                state,
                remaining,
                target,
                success: def.success.clone(),
                failure: def.failure.clone(),
            },
        ))
    }

    /// The id a waiter follows: a request parameter of one id or a list of ids, used by the
    /// state's `[IdField]` (`by_id`); or, where the state picks no element at all (a read of
    /// one resource), a parameter of one id. Otherwise one without the other is an error.
    fn wait_target(
        &mut self,
        file: &str,
        path: &str,
        def: &WaiterDef,
        action: &str,
        (by_id, picks): (bool, bool),
        requests: &BTreeMap<&str, Vec<RField>>,
    ) -> Option<WaitTargetIr> {
        let own = |param: &str| {
            requests
                .get(action)
                .and_then(|r| r.iter().find(|f| f.wire == *param && f.setting.is_none()))
        };
        if let (Some(param), false) = (&def.id, picks)
            && let Some(f) = own(param).filter(|f| f.ty == Ty::Str)
        {
            return Some(WaitTargetIr {
                action: action.to_owned(),
                param: param.clone(),
                field: f.ident.clone(),
                picks: false,
            });
        }
        match (&def.id, by_id) {
            (Some(param), true) => {
                match requests
                    .get(action)
                    .and_then(|r| r.iter().find(|f| f.wire == *param && f.setting.is_none()))
                {
                    Some(f) if matches!(&f.ty, Ty::Str) || f.ty == Ty::List(Box::new(Ty::Str)) => {
                        Some(WaitTargetIr {
                            action: action.to_owned(),
                            param: param.clone(),
                            field: f.ident.clone(),
                            picks: true,
                        })
                    }
                    _ => {
                        self.diags.push(
                        file,
                        format!("{path}.id"),
                        format!("`{param}` is not a string or list-of-strings parameter of `{action}`"),
                    );
                        None
                    }
                }
            }
            (Some(_), false) => {
                self.diags.push(
                    file,
                    format!("{path}.id"),
                    "`id` names the thing waited for, but `state` picks no element by it (`List[IdField]`)",
                );
                None
            }
            (None, true) => {
                self.diags.push(
                    file,
                    format!("{path}.state"),
                    "`state` picks an element by id, but the waiter has no `id` parameter to take it from",
                );
                None
            }
            (None, false) => None,
        }
    }

    /// The success and failure states of a waiter are values of the state's enum.
    fn check_wait_states(
        &mut self,
        file: &str,
        path: &str,
        def: &WaiterDef,
        enum_name: &str,
        enums: &BTreeMap<&str, Vec<VariantIr>>,
    ) {
        let Some(variants) = enums.get(enum_name) else {
            return;
        };
        let known: Vec<String> = variants.iter().map(|v| v.wire.clone()).collect();
        for (key, values) in [("success", &def.success), ("failure", &def.failure)] {
            for v in values {
                if !known.contains(v) {
                    let hint = did_you_mean(v, known.iter().map(String::as_str));
                    self.diags.push(
                        file,
                        format!("{path}.{key}"),
                        format!("`{v}` is not a value of `{}`{hint}", enum_name),
                    );
                }
            }
        }
    }

    /// Checks a `paginate` annotation against the action's parameters and response.
    pub(super) fn paginate(
        &mut self,
        file: &str,
        action: &str,
        p: &crate::spec::PaginateDef,
        request: &[RField],
        response: &[RField],
        structs: &BTreeMap<&str, Vec<RField>>,
    ) -> Option<PaginateIr> {
        let at = |key: &str| format!("actions.{action}.paginate.{key}");
        let is_int = |t: &Ty| *t == Ty::Int;
        let int_param = "an int request parameter";
        let offset = self.paging_field(file, &at("offset"), &p.offset, request, is_int, int_param);
        let limit = self.paging_field(file, &at("limit"), &p.limit, request, is_int, int_param);
        let is_list = |t: &Ty| matches!(t, Ty::List(_));
        let list = "a list response field";
        let items = self.paging_field(file, &at("items"), &p.items, response, is_list, list);
        let total = match &p.total {
            Some(t) => {
                let int = "an int response field";
                Some(self.paging_field(file, &at("total"), t, response, is_int, int)?)
            }
            None => None,
        };
        if p.max_limit < 1 {
            self.diags.push(
                file,
                at("max_limit"),
                format!("`{}` is not a page size: use 1 or more", p.max_limit),
            );
            return None;
        }
        let item = response
            .iter()
            .find(|f| f.wire == p.items)
            .and_then(|f| match &f.ty {
                Ty::List(elem) => Some(type_ref(elem, f.sensitive)),
                _ => None,
            });
        let id = match &p.id {
            Some(wire) => {
                let fields = match &item {
                    Some(TypeRef::Named(n)) => structs.get(n.as_str()).map(Vec::as_slice),
                    _ => None,
                };
                let Some(fields) = fields else {
                    self.diags.push(
                        file,
                        at("id"),
                        "the items are not structs, so they have no id field",
                    );
                    return None;
                };
                let string = |t: &Ty| *t == Ty::Str;
                let what = "a string field of the items";
                Some(self.paging_field(file, &at("id"), wire, fields, string, what)?)
            }
            None => None,
        };
        Some(PaginateIr {
            item: item?,
            offset: offset?,
            limit: limit?,
            items: items?,
            total,
            id,
            max_limit: p.max_limit,
        })
    }

    /// The Rust name of the field `wire` a paging key names (at `at`), if `fields` has it
    /// and its type is what `want` takes (`what`, for the error).
    fn paging_field(
        &mut self,
        file: &str,
        at: &str,
        wire: &str,
        fields: &[RField],
        want: fn(&Ty) -> bool,
        what: &str,
    ) -> Option<String> {
        let problem = match fields.iter().find(|f| f.wire == wire) {
            Some(f) if want(&f.ty) => return Some(f.ident.clone()),
            Some(_) => format!("`{wire}` must be {what}"),
            None => {
                let hint = did_you_mean(wire, fields.iter().map(|f| f.wire.as_str()));
                format!("`{wire}` is not {what}{hint}")
            }
        };
        self.diags.push(file, at, problem);
        None
    }

    /// A struct that holds itself other than through a list has no finite size.
    pub(super) fn check_recursion(&mut self, structs: &BTreeMap<&str, Vec<RField>>) {
        for (&start, _) in structs.iter() {
            let mut stack: Vec<(&str, Vec<String>)> = vec![(start, Vec::new())];
            let mut seen = BTreeSet::new();
            while let Some((cur, trail)) = stack.pop() {
                for f in structs.get(cur).map(Vec::as_slice).unwrap_or_default() {
                    if let Ty::Named(n) = &f.ty {
                        let mut t = trail.clone();
                        t.push(format!("{cur}.{}", f.wire));
                        if n == start {
                            let (file, _) = self.types[start];
                            self.diags.push(
                                file,
                                format!("types.{start}"),
                                format!(
                                    "type `{start}` contains itself through {}; hold it in a list",
                                    t.join(" -> ")
                                ),
                            );
                            stack.clear();
                            break;
                        }
                        if seen.insert(n.as_str()) {
                            stack.push((n.as_str(), t));
                        }
                    }
                }
            }
        }
    }

    /// Generated type and method names must not clash across the crate, nor shadow a name
    /// the generated code uses unqualified.
    pub(super) fn check_global_names(&mut self) {
        let mut type_names: BTreeMap<String, String> = BTreeMap::new();
        for (name, (file, _)) in &self.types {
            let taken = if names::CRATE_ITEMS.contains(name) {
                Some(format!(
                    "`{name}` is the name of the generated crate's own `{name}`"
                ))
            } else if names::RUST_NAMES.contains(name) {
                Some(format!(
                    "`{name}` would shadow Rust's `{name}`, which the generated code uses"
                ))
            } else {
                None
            };
            if let Some(why) = taken {
                self.diags.push(
                    file,
                    format!("types.{name}"),
                    format!("{why}; choose another name"),
                );
            }
            type_names.insert(name.to_string(), format!("type `{name}` in {file}"));
        }
        let mut methods: BTreeMap<String, &str> = BTreeMap::new();
        for (name, (file, _)) in &self.actions {
            for suffix in ["Request", "Response", "Call"] {
                let generated = format!("{name}{suffix}");
                if let Some(other) = type_names.get(&generated) {
                    self.diags.push(
                        file,
                        format!("actions.{name}"),
                        format!("its generated type `{generated}` clashes with {other}"),
                    );
                }
                type_names.insert(generated, format!("action `{name}`"));
            }
            let method = names::snake(name);
            if names::CLIENT_METHODS.contains(&method.as_str())
                || names::TRAIT_METHODS.contains(&method.as_str())
            {
                self.diags.push(
                    file,
                    format!("actions.{name}"),
                    format!("its method `{method}` clashes with a method of `Client`"),
                );
            }
            if let Some(first) = methods.insert(method.clone(), name) {
                self.diags.push(
                    file,
                    format!("actions.{name}"),
                    format!("`{first}` and `{name}` both become the method `{method}`"),
                );
            }
        }
    }
}

/// How a state path's segment picks an element of a list, as written.
enum Written<'p> {
    /// `[0]`: by position.
    Index(usize),
    /// `[UHostId]`: by the id waited for, in the element's field of that wire name.
    Id(&'p str),
}

/// The steps reading the state at `path` (e.g. `UHostSet[UHostId].State`, or
/// `UHostSet[0].State`) from a response; the enum the state is an instance of, if any; and
/// whether the path picks an element by the id waited for.
pub(super) fn state_reader(
    path: &str,
    response: &[RField],
    structs: &BTreeMap<&str, Vec<RField>>,
) -> Result<(Vec<StateStep>, Option<String>, bool), String> {
    path_reader(path, response, structs, false)
}

/// The steps reading a state (`seconds` false: a string or enum) or a number of seconds
/// (`seconds` true: an int, a waiter's `remaining`) at `path`.
fn path_reader(
    path: &str,
    response: &[RField],
    structs: &BTreeMap<&str, Vec<RField>>,
    seconds: bool,
) -> Result<(Vec<StateStep>, Option<String>, bool), String> {
    // Over 80 lines: one loop over the path's segments; each segment's parsing, field and pick
    // are one step each.
    let mut fields = response;
    let mut steps = Vec::new();
    let mut last: Option<&Ty> = None;
    let mut by_id = false;
    for segment in path.split('.') {
        let (wire, index) = match segment.split_once('[') {
            Some((w, rest)) => {
                let inner = rest.strip_suffix(']').ok_or_else(|| {
                    format!("`{segment}` is not `Name`, `Name[index]` or `Name[IdField]`")
                })?;
                let pick = match inner.parse::<usize>() {
                    Ok(i) => Written::Index(i),
                    Err(_) if names::is_wire_name(inner) => Written::Id(inner),
                    Err(_) => {
                        return Err(format!(
                            "`{segment}` is not `Name`, `Name[index]` or `Name[IdField]`"
                        ));
                    }
                };
                (w, Some(pick))
            }
            None => (segment, None),
        };
        if last.is_some_and(|t| !matches!(t, Ty::Named(n) if structs.contains_key(n.as_str()))) {
            return Err(format!(
                "`{path}` goes through a field that is not a struct"
            ));
        }
        let f = fields.iter().find(|f| f.wire == wire).ok_or_else(|| {
            format!(
                "no field `{wire}` in `{path}`{}",
                did_you_mean(wire, fields.iter().map(|f| f.wire.as_str()))
            )
        })?;
        let mut step = StateStep {
            field: f.ident.clone(),
            optional: !f.required && !matches!(f.ty, Ty::List(_)),
            pick: None,
        };
        let mut ty = &f.ty;
        if let Some(pick) = index {
            let Ty::List(elem) = ty else {
                return Err(format!(
                    "`{wire}` is not a list, so `{segment}` cannot index it"
                ));
            };
            step.pick = Some(match pick {
                Written::Index(index) => Pick::Index { index },
                Written::Id(field) => {
                    let item_fields = match &**elem {
                        Ty::Named(n) => structs.get(n.as_str()),
                        _ => None,
                    }
                    .ok_or_else(|| format!("the elements of `{wire}` are not structs, so `{segment}` cannot pick one by id"))?;
                    let id_field = item_fields
                        .iter()
                        .find(|g| g.wire == field && g.ty == Ty::Str)
                        .ok_or_else(|| format!("`{field}` in `{segment}` is not a string field of the elements of `{wire}`"))?;
                    by_id = true;
                    Pick::Id {
                        field: names::ident(&id_field.snake),
                    }
                }
            });
            ty = elem;
        }
        steps.push(step);
        if let Ty::Named(n) = ty {
            fields = structs
                .get(n.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
        }
        last = Some(ty);
    }
    match last {
        Some(Ty::Str) => Ok((steps, None, by_id)),
        Some(Ty::Int) if seconds => Ok((steps, None, by_id)),
        Some(Ty::Named(n)) if !structs.contains_key(n.as_str()) && !seconds => {
            Ok((steps, Some(n.clone()), by_id))
        }
        _ if seconds => Err(format!("`{path}` must end at an int field (seconds)")),
        _ => Err(format!("`{path}` must end at a string or enum field")),
    }
}
