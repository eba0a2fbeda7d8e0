//! The command-line tool's model, from the validated spec: a command per action in its
//! group, a flag per parameter, the parsers of parameter objects, confirmations, price
//! quotes, `--wait` and the generated test's invocation. Its own rules (groups, names,
//! confirmations, quotes, waits, columns) are checked here and reported with the spec's
//! other problems.

use std::collections::{BTreeMap, BTreeSet};

use super::{ActionModel, Model, RField, Ty};
use crate::diag::{Diagnostics, did_you_mean};
use crate::ir::cli::{
    ArgIr, CliIr, CliModuleIr, CommandIr, CommandRef, CommandTestIr, CommandWaitIr, GroupIr,
    ObjectIr, QuoteIr, ResourceIr, ValueIr, WaitCommandIr,
};
use crate::names;
use crate::spec::CliDef;

/// Flags every command has, or that the tool adds to some: a parameter may not take them.
const RESERVED_FLAGS: &[&str] = &[
    "help",
    "version",
    "output",
    "dry-run",
    "yes",
    "all",
    "wait",
    "wait-timeout",
    "max-price",
    "output-file",
    "force",
    "profile",
    "region",
    "zone",
    "project-id",
    "base-url",
];

/// Verbs of actions that cost money or destroy something, besides actions that are not
/// idempotent: each must say why in `cli.confirm`. `Start` is one: a started instance is
/// billed again by the hour.
const CONFIRM_VERBS: &[&str] = &[
    "Create",
    "Start",
    "Delete",
    "Terminate",
    "Stop",
    "Resize",
    "Switch",
    "Reinstall",
    "Upgrade",
    "Release",
    "Detach",
    "Reboot",
];

/// What the generated test of a command that answers with a file is answered with.
const FILE_SAMPLE: &str = "OrderNo,Amount\norder-1,12.50\n";

/// Columns `--output table` shows when a listing names none.
const DEFAULT_COLUMNS: usize = 6;

/// The tool's model, if the service declares one.
pub(super) fn cli(m: &Model<'_>) -> Result<Option<CliIr>, Diagnostics> {
    let Some(def) = &m.service.cli else {
        return Ok(None);
    };
    let service_file = m
        .src
        .files
        .iter()
        .find(|(_, f)| f.service.is_some())
        .map_or(m.src.dir.as_str(), |(name, _)| name.as_str());
    let mut c = Cli {
        m,
        diags: Diagnostics::default(),
        objects: BTreeMap::new(),
    };
    let groups = c.groups(service_file, def);
    let mut modules: BTreeMap<&str, CliModuleIr> = BTreeMap::new();
    let mut by_group: BTreeMap<String, Vec<CommandRef>> = BTreeMap::new();
    for a in &m.actions {
        let Some(command) = c.command(a, &groups) else {
            continue;
        };
        let module = super::module_name(a.file);
        let refs = by_group.entry(command.group.clone()).or_default();
        if let Some(other) = refs.iter().find(|r| r.name == command.name) {
            c.diags.push(
                a.file,
                format!("actions.{}.cli.name", a.name),
                format!(
                    "command `{} {}` is also the command of `{}`: give one a `cli.name`",
                    command.group, command.name, other.action
                ),
            );
        }
        refs.push(CommandRef {
            name: command.name.clone(),
            action: a.name.to_owned(),
            module: module.clone(),
            def: command.def.clone(),
        });
        modules
            .entry(a.file)
            .or_insert_with(|| CliModuleIr {
                name: module,
                source: a.file.to_owned(),
                commands: Vec::new(),
            })
            .commands
            .push(command);
    }
    let waits = c.wait_commands();
    let objects = c.object_tables();
    let resources = c.resources(service_file, def);
    let periods = c.periods(service_file, def);
    if !c.diags.is_empty() {
        return Err(c.diags);
    }
    let groups = groups
        .into_iter()
        .map(|(name, (about, _))| {
            let mut commands = by_group.remove(&name).unwrap_or_default();
            commands.sort_by(|a, b| a.name.cmp(&b.name));
            GroupIr {
                name,
                about,
                commands,
            }
        })
        .filter(|g| !g.commands.is_empty())
        .collect();
    Ok(Some(CliIr {
        package: def.package.clone(),
        binary: def.binary.clone(),
        version: m.service.version.clone(),
        sdk: m.service.crate_name.clone(),
        sdk_lib: m.service.crate_name.replace('-', "_"),
        about: plain(&def.doc),
        tests: def.tests.as_ref().map(|t| format!("../../{t}/main.rs")),
        groups,
        modules: modules.into_values().collect(),
        objects,
        waits,
        periods,
        resources,
    }))
}

struct Cli<'a, 'm> {
    m: &'a Model<'m>,
    diags: Diagnostics,
    /// Parameter objects met so far: type -> its parser's name.
    objects: BTreeMap<String, String>,
}

impl<'a, 'm> Cli<'a, 'm> {
    /// The groups by name: (about, spec file stems), checked.
    fn groups(&mut self, file: &str, def: &CliDef) -> BTreeMap<String, (String, Vec<String>)> {
        let mut out = BTreeMap::new();
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        if !is_command_name(&def.binary) || !is_command_name(&def.package) {
            self.diags.push(
                file,
                "service.cli",
                "`package` and `binary` are lowercase words joined by `-`",
            );
        }
        for (name, g) in &def.groups.0 {
            let path = format!("service.cli.groups.{name}");
            if !is_command_name(name) {
                self.diags
                    .push(file, &path, "a group name is lowercase words joined by `-`");
            }
            if ["call", "wait", "config", "completions", "mcp", "help"].contains(&name.as_str()) {
                self.diags.push(
                    file,
                    &path,
                    format!("`{name}` is a command of the tool itself"),
                );
            }
            for stem in &g.files {
                if let Some(first) = seen.insert(stem, name) {
                    self.diags.push(
                        file,
                        &path,
                        format!("spec file `{stem}` is already in group `{first}`"),
                    );
                }
                if !self
                    .m
                    .src
                    .files
                    .iter()
                    .any(|(f, _)| super::module_name(f) == *stem)
                {
                    self.diags
                        .push(file, &path, format!("there is no spec file `{stem}.yaml`"));
                }
            }
            out.insert(name.clone(), (plain(&g.doc), g.files.clone()));
        }
        out
    }

    fn command(
        &mut self,
        a: &ActionModel<'m>,
        groups: &BTreeMap<String, (String, Vec<String>)>,
    ) -> Option<CommandIr> {
        let path = format!("actions.{}.cli", a.name);
        let module = super::module_name(a.file);
        let group = match &a.cli.group {
            Some(g) if groups.contains_key(g) => g.clone(),
            Some(g) => {
                self.diags.push(
                    a.file,
                    format!("{path}.group"),
                    format!(
                        "unknown group `{g}`{}",
                        did_you_mean(g, groups.keys().map(String::as_str))
                    ),
                );
                return None;
            }
            None => match groups
                .iter()
                .find(|(_, (_, files))| files.contains(&module))
            {
                Some((g, _)) => g.clone(),
                None => {
                    self.diags.push(
                        a.file,
                        &path,
                        format!("spec file `{module}` is in no group of `service.cli.groups`, and the action names none in `cli.group`"),
                    );
                    return None;
                }
            },
        };
        let name = a.cli.name.clone().unwrap_or_else(|| default_name(a.name));
        if !is_command_name(&name) {
            self.diags.push(
                a.file,
                format!("{path}.name"),
                format!("`{name}` is not lowercase words joined by `-`"),
            );
        }
        if a.cli.confirm.is_none() && needs_confirmation(a) {
            self.diags.push(
                a.file,
                &path,
                "the action costs money or destroys something (it is not idempotent, or its verb says so): say why in `cli.confirm`, asked before it is sent",
            );
        }
        let args = self.args(a, &path);
        let targets = if a.cli.confirm.is_some() {
            self.targets(&args)
        } else {
            Vec::new()
        };
        let quote = a
            .cli
            .quote
            .as_ref()
            .and_then(|q| self.quote(a, q, &path, &args));
        let wait = a.cli.wait.as_ref().and_then(|w| self.wait(a, w, &path));
        let (items, columns) = self.columns(a, &path);
        let (argv, env, request_json) = self.test_invocation(&args);
        let fields: Vec<&RField> = a.response.iter().collect();
        let doc = plain(a.doc);
        let common = a
            .request
            .iter()
            .filter(|f| f.setting.is_some())
            .map(|f| ArgIr {
                id: flag_id(&f.wire),
                wire: f.wire.clone(),
                help: f.help.clone(),
                required: false,
                many: false,
                value: ValueIr::String,
                default: None,
            })
            .collect();
        Some(CommandIr {
            group,
            name,
            action: a.name.to_owned(),
            def: static_name(a.name),
            method: names::ident(&names::snake(a.name)),
            request: format!("{}Request", a.name),
            about: doc.lines().next().unwrap_or_default().to_owned(),
            long_about: doc,
            deprecated: a.deprecated.map(plain),
            args,
            common,
            confirm: a.cli.confirm.as_deref().map(plain),
            targets,
            quote,
            wait,
            paginated: a.paginate.is_some(),
            file: a.answers_file,
            items,
            columns,
            test: CommandTestIr {
                argv,
                env,
                request_json,
                response: if a.answers_file {
                    FILE_SAMPLE.to_owned()
                } else {
                    self.m.sample(super::samples::Shape::Response, &fields)
                },
            },
            read_only: a.idempotent && compshare_protocol::is_read(a.name),
            idempotent: a.idempotent,
            costs: a.cli.costs || a.cli.quote.is_some(),
        })
    }

    /// A flag per own parameter (common ones are the tool's global flags).
    fn args(&mut self, a: &ActionModel<'m>, path: &str) -> Vec<ArgIr> {
        let mut out = Vec::new();
        for f in a.request.iter().filter(|f| f.setting.is_none()) {
            let id = flag_id(&f.wire);
            if RESERVED_FLAGS.contains(&id.as_str()) {
                self.diags.push(
                    a.file,
                    format!("{path}: request.{}", f.wire),
                    format!("its flag `--{id}` is one the tool has on every command"),
                );
                continue;
            }
            match self.arg(f, id) {
                Ok(mut arg) => {
                    if let ValueIr::Secret { generate, .. } = &mut arg.value {
                        *generate = !a.idempotent;
                    }
                    out.push(arg)
                }
                Err(why) => self.diags.push(
                    a.file,
                    format!("actions.{}.request.{}", a.name, f.wire),
                    why,
                ),
            }
        }
        self.defaults(a, path, &mut out);
        out
    }

    fn arg(&mut self, f: &RField, id: String) -> Result<ArgIr, String> {
        let (many, elem) = match &f.ty {
            Ty::List(inner) => (true, &**inner),
            other => (false, other),
        };
        let value = if f.sensitive {
            if many {
                return Err("a list of secrets cannot be read from the terminal".to_owned());
            }
            ValueIr::Secret {
                variable: secret_variable(&f.wire),
                generate: false,
            }
        } else {
            self.value(elem)?
        };
        Ok(ArgIr {
            id,
            wire: f.wire.clone(),
            help: f.help.clone(),
            required: f.required,
            many,
            value,
            default: None,
        })
    }

    /// Applies `cli.defaults`: the value is sent when the flag is not given, which makes a
    /// required parameter optional on the command line.
    fn defaults(&mut self, a: &ActionModel<'m>, path: &str, args: &mut [ArgIr]) {
        for (wire, value) in &a.cli.defaults.0 {
            let at = format!("{path}.defaults.{wire}");
            let Some(arg) = args.iter_mut().find(|x| x.wire == *wire) else {
                self.diags.push(
                    a.file,
                    at,
                    format!("`{}` has no parameter `{wire}` of its own", a.name),
                );
                continue;
            };
            if let Err(why) = default_fits(&arg.value, arg.many, value) {
                self.diags.push(a.file, at, why);
                continue;
            }
            arg.required = false;
            arg.default = Some(value.to_string());
        }
    }

    /// How a value of `ty` (not a list) is read from text; an object's table is made.
    fn value(&mut self, ty: &Ty) -> Result<ValueIr, String> {
        let value = value_of(self.m, ty)?;
        if let ValueIr::Object { ty, fields } = &value {
            self.objects.insert(ty.clone(), fields.clone());
        }
        Ok(value)
    }

    /// Every parameter object's fields, those of objects inside objects too.
    fn object_tables(&mut self) -> Vec<ObjectIr> {
        let mut done = BTreeSet::new();
        let mut out = Vec::new();
        while let Some((ty, name)) = self
            .objects
            .iter()
            .find(|(t, _)| !done.contains(*t))
            .map(|(t, p)| (t.clone(), p.clone()))
        {
            done.insert(ty.clone());
            let fields = self.m.structs.get(ty.as_str()).cloned().unwrap_or_default();
            let mut parsed = Vec::new();
            for f in &fields {
                let (many, elem) = match &f.ty {
                    Ty::List(inner) => (true, &**inner),
                    other => (false, other),
                };
                match self.value(elem) {
                    Ok(value) => parsed.push(ArgIr {
                        id: flag_id(&f.wire),
                        wire: f.wire.clone(),
                        help: f.help.clone(),
                        required: f.required,
                        many,
                        value,
                        default: None,
                    }),
                    Err(why) => self.diags.push(
                        &self.m.src.dir,
                        format!("types.{ty}.fields.{}", f.wire),
                        why,
                    ),
                }
            }
            out.push(ObjectIr {
                ty,
                name,
                fields: parsed,
            });
        }
        out.sort_by(|a, b| a.ty.cmp(&b.ty));
        out
    }

    fn quote(
        &mut self,
        a: &ActionModel<'m>,
        q: &crate::spec::QuoteDef,
        path: &str,
        args: &[ArgIr],
    ) -> Option<QuoteIr> {
        let path = format!("{path}.quote");
        let Some(price) = self.m.actions.iter().find(|p| p.name == q.action) else {
            self.diags.push(
                a.file,
                format!("{path}.action"),
                format!(
                    "unknown action `{}`{}",
                    q.action,
                    did_you_mean(&q.action, self.m.actions.iter().map(|p| p.name))
                ),
            );
            return None;
        };
        let mut params = Vec::new();
        for (to, from) in &q.params.0 {
            let Some(target) = price
                .request
                .iter()
                .find(|f| f.wire == *to && f.setting.is_none())
            else {
                self.diags.push(
                    a.file,
                    format!("{path}.params.{to}"),
                    format!("`{}` has no parameter `{to}` of its own", q.action),
                );
                continue;
            };
            let Some(source) = args.iter().find(|s| s.wire == *from) else {
                self.diags.push(
                    a.file,
                    format!("{path}.params.{to}"),
                    format!("`{}` has no parameter `{from}` of its own", a.name),
                );
                continue;
            };
            let target_many = matches!(target.ty, Ty::List(_));
            if target_many != source.many {
                self.diags.push(
                    a.file,
                    format!("{path}.params.{to}"),
                    format!("`{to}` and `{from}` are not both lists, or both single values"),
                );
                continue;
            }
            match self.arg(target, source.id.clone()) {
                Ok(_) => params.push((to.clone(), from.clone())),
                Err(why) => self.diags.push(a.file, format!("{path}.params.{to}"), why),
            }
        }
        for f in price
            .request
            .iter()
            .filter(|f| f.required && f.setting.is_none())
        {
            if !q.params.0.iter().any(|(to, _)| *to == f.wire) {
                self.diags.push(
                    a.file,
                    format!("{path}.params"),
                    format!("`{}` requires `{}`: map it", q.action, f.wire),
                );
            }
        }
        let mut ir = QuoteIr {
            action: q.action.clone(),
            request: format!("{}Request", q.action),
            params,
            list: None,
            key: None,
            sum: Vec::new(),
            field: None,
            scale: q.scale.unwrap_or(1.0),
            times: None,
            billing: None,
            duration: None,
        };
        let own = |wire: &str| {
            a.request
                .iter()
                .find(|f| f.wire == wire && f.setting.is_none())
        };
        let text = |ty: &Ty| {
            *ty == Ty::Str || matches!(ty, Ty::Named(n) if self.m.enums.contains_key(n.as_str()))
        };
        for (slot, key, wire, int) in [
            (&mut ir.times, "times", &q.times, true),
            (&mut ir.duration, "duration", &q.duration, true),
            (&mut ir.billing, "billing", &q.billing, false),
        ] {
            let Some(wire) = wire else { continue };
            match own(wire) {
                Some(f) if (int && f.ty == Ty::Int) || (!int && text(&f.ty)) => {
                    *slot = Some(wire.clone());
                }
                _ => self.diags.push(
                    a.file,
                    format!("{path}.{key}"),
                    format!(
                        "`{wire}` is not {} parameter of `{}`",
                        if int { "an int" } else { "a text or enum" },
                        a.name
                    ),
                ),
            }
        }
        match (&q.list, &q.field) {
            (Some(list), None) => {
                let found = price.response.iter().find(|f| f.wire == *list);
                let elem = match found.map(|f| &f.ty) {
                    Some(Ty::List(inner)) => match &**inner {
                        Ty::Named(n) => self.m.structs.get(n.as_str()),
                        _ => None,
                    },
                    _ => None,
                };
                let (Some(found), Some(elem)) = (found, elem) else {
                    self.diags.push(
                        a.file,
                        format!("{path}.list"),
                        format!(
                            "`{list}` is not a response list of objects of `{}`",
                            q.action
                        ),
                    );
                    return None;
                };
                for s in &q.sum {
                    match elem.iter().find(|f| f.wire == *s) {
                        Some(f) if f.ty == Ty::Float => ir.sum.push(f.wire.clone()),
                        _ => self.diags.push(
                            a.file,
                            format!("{path}.sum"),
                            format!("`{s}` is not a float field of the elements of `{list}`"),
                        ),
                    }
                }
                ir.list = Some(found.wire.clone());
                // The entries are by billing mode when they carry the billing parameter.
                ir.key = q
                    .billing
                    .as_ref()
                    .filter(|b| elem.iter().any(|f| f.wire == **b))
                    .cloned();
            }
            (None, Some(field)) => match price.response.iter().find(|f| f.wire == *field) {
                Some(f) if f.ty == Ty::Float => ir.field = Some(f.wire.clone()),
                _ => self.diags.push(
                    a.file,
                    format!("{path}.field"),
                    format!("`{field}` is not a float response field of `{}`", q.action),
                ),
            },
            _ => self.diags.push(
                a.file,
                &path,
                "say where the price is: `list` and `sum`, or `field`",
            ),
        }
        Some(ir)
    }

    fn wait(
        &mut self,
        a: &ActionModel<'m>,
        w: &crate::spec::CliWaitDef,
        path: &str,
    ) -> Option<CommandWaitIr> {
        let path = format!("{path}.wait");
        let method = format!("wait_until_{}", names::snake(&w.waiter));
        let found = self.m.actions.iter().find_map(|p| {
            p.waiters
                .iter()
                .find(|x| x.method == method)
                .map(|x| (p, x))
        });
        let Some((poll, waiter)) = found else {
            self.diags.push(
                a.file,
                format!("{path}.waiter"),
                format!("unknown waiter `{}`", w.waiter),
            );
            return None;
        };
        let Some(target) = &waiter.target else {
            self.diags.push(
                a.file,
                format!("{path}.waiter"),
                format!(
                    "waiter `{}` follows no id (`id:`), so it cannot follow this call's",
                    w.waiter
                ),
            );
            return None;
        };
        poll.request.iter().find(|f| f.wire == target.param)?;
        let (from_response, wire) = match w.ids.split_once('.') {
            Some(("response", wire)) => (true, wire),
            Some(("request", wire)) => (false, wire),
            _ => {
                self.diags.push(
                    a.file,
                    format!("{path}.ids"),
                    "write `request.Param` or `response.Field`",
                );
                return None;
            }
        };
        let fields = if from_response {
            &a.response
        } else {
            &a.request
        };
        let source = fields.iter().find(|f| f.wire == wire);
        let Some(source) = source
            .filter(|f| matches!(&f.ty, Ty::Str) || matches!(&f.ty, Ty::List(i) if **i == Ty::Str))
        else {
            self.diags.push(
                a.file,
                format!("{path}.ids"),
                format!("`{}` has no string or list of strings `{}`", a.name, w.ids),
            );
            return None;
        };
        Some(CommandWaitIr {
            waiter: wait_static(&w.waiter),
            ids: if from_response { "Response" } else { "Request" }.to_owned(),
            source: source.wire.clone(),
        })
    }

    /// For a listing: its items' wire name and the columns of `--output table`.
    fn columns(&mut self, a: &ActionModel<'m>, path: &str) -> (Option<String>, Vec<String>) {
        let Some(p) = &a.paginate else {
            if !a.cli.columns.is_empty() {
                self.diags.push(
                    a.file,
                    format!("{path}.columns"),
                    "only listings (`paginate`) have columns",
                );
            }
            return (None, Vec::new());
        };
        let items = a
            .response
            .iter()
            .find(|f| names::ident(&f.snake) == p.items);
        let Some(items) = items else {
            return (None, Vec::new());
        };
        let fields = match &items.ty {
            Ty::List(inner) => match &**inner {
                Ty::Named(n) => self.m.structs.get(n.as_str()).cloned().unwrap_or_default(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        let scalar = |f: &RField| match &f.ty {
            Ty::Str | Ty::Int | Ty::Float | Ty::Bool => true,
            Ty::Named(n) => self.m.enums.contains_key(n.as_str()),
            _ => false,
        };
        let columns = if a.cli.columns.is_empty() {
            fields
                .iter()
                .filter(|f| scalar(f) && !f.sensitive)
                .take(DEFAULT_COLUMNS)
                .map(|f| f.wire.clone())
                .collect()
        } else {
            for c in &a.cli.columns {
                if !fields.iter().any(|f| f.wire == *c && scalar(f)) {
                    self.diags.push(
                        a.file,
                        format!("{path}.columns"),
                        format!("`{c}` is not a text, number, flag or enum field of the items"),
                    );
                }
            }
            a.cli.columns.clone()
        };
        (Some(items.wire.clone()), columns)
    }

    /// The generated test's arguments for every flag set, the environment holding its
    /// secrets, and the same request as the SDK's serde reads it.
    fn test_invocation(&self, args: &[ArgIr]) -> (Vec<String>, Vec<(String, String)>, String) {
        let mut argv = Vec::new();
        let mut env = Vec::new();
        let mut json = Vec::new();
        for a in args {
            let (text, value) = self.sample(&a.value, &a.wire, 0);
            match &a.value {
                ValueIr::Secret { variable, .. } => env.push((variable.clone(), text)),
                _ => {
                    argv.push(format!("--{}", a.id));
                    argv.push(text);
                }
            }
            let value = if a.many { format!("[{value}]") } else { value };
            json.push(format!("{}:{value}", json_str(&a.wire)));
        }
        (argv, env, format!("{{{}}}", json.join(",")))
    }

    /// A sample value: as the flag's text, and as JSON.
    fn sample(&self, value: &ValueIr, wire: &str, depth: usize) -> (String, String) {
        match value {
            ValueIr::String => {
                let s = format!("r-{wire}");
                (s.clone(), json_str(&s))
            }
            ValueIr::Secret { .. } => {
                let s = format!("pw-{wire}");
                (s.clone(), json_str(&s))
            }
            ValueIr::Int => ("7".to_owned(), "7".to_owned()),
            ValueIr::Float => ("2.5".to_owned(), "2.5".to_owned()),
            ValueIr::Bool => ("true".to_owned(), "true".to_owned()),
            ValueIr::Enum { values, .. } => {
                let v = values.first().cloned().unwrap_or_default();
                (v.clone(), json_str(&v))
            }
            ValueIr::Object { ty, .. } => {
                let fields = self.m.structs.get(ty.as_str()).cloned().unwrap_or_default();
                let mut members = Vec::new();
                for f in fields.iter().filter(|_| depth < 3) {
                    let (many, elem) = match &f.ty {
                        Ty::List(inner) => (true, &**inner),
                        other => (false, other),
                    };
                    let Ok(v) = value_of(self.m, elem) else {
                        continue;
                    };
                    let (_, j) = self.sample(&v, &f.wire, depth + 1);
                    let j = if many { format!("[{j}]") } else { j };
                    members.push(format!("{}:{j}", json_str(&f.wire)));
                }
                let j = format!("{{{}}}", members.join(","));
                // The flag takes the object as JSON: fields that are lists or objects have no
                // `key=value` form.
                (j.clone(), j)
            }
        }
    }

    /// The id flags of a confirmed command whose resources can be looked up by id.
    fn targets(&self, args: &[ArgIr]) -> Vec<String> {
        let Some(def) = &self.m.service.cli else {
            return Vec::new();
        };
        args.iter()
            .filter(|x| !x.many && def.resources.0.iter().any(|(id, _)| *id == x.wire))
            .map(|x| resource_const(&x.wire))
            .collect()
    }

    /// `service.cli.resources`, checked against the listing actions they name.
    fn resources(&mut self, file: &str, def: &CliDef) -> Vec<ResourceIr> {
        let mut out = Vec::new();
        for (id, r) in &def.resources.0 {
            let path = format!("service.cli.resources.{id}");
            let Some(action) = self.m.actions.iter().find(|a| a.name == r.action) else {
                self.diags.push(
                    file,
                    format!("{path}.action"),
                    format!(
                        "unknown action `{}`{}",
                        r.action,
                        did_you_mean(&r.action, self.m.actions.iter().map(|a| a.name))
                    ),
                );
                continue;
            };
            let param = action.request.iter().find(|f| f.wire == r.ids);
            let param = match param.map(|f| &f.ty) {
                Some(Ty::Str) => r.ids.clone(),
                Some(Ty::List(inner)) if **inner == Ty::Str => format!("{}.0", r.ids),
                _ => {
                    self.diags.push(
                        file,
                        format!("{path}.ids"),
                        format!(
                            "`{}` has no string or list of strings `{}`",
                            r.action, r.ids
                        ),
                    );
                    continue;
                }
            };
            let items = action.response.iter().find(|f| f.wire == r.items);
            let fields = match items.map(|f| &f.ty) {
                Some(Ty::List(inner)) => match &**inner {
                    Ty::Named(n) => self.m.structs.get(n.as_str()),
                    _ => None,
                },
                _ => None,
            };
            let has = |wire: &str| {
                fields.is_some_and(|fs| fs.iter().any(|f| f.wire == wire && f.ty == Ty::Str))
            };
            if !has(id) || !has(&r.name) {
                self.diags.push(
                    file,
                    format!("{path}.items"),
                    format!(
                        "`{}` is not a response list of `{}` whose items have text fields `{id}` and `{}`",
                        r.items, r.action, r.name
                    ),
                );
                continue;
            }
            out.push(ResourceIr {
                name: resource_const(id),
                id: id.clone(),
                action: r.action.clone(),
                param,
                items: r.items.clone(),
                field: r.name.clone(),
            });
        }
        out
    }

    /// `service.cli.billing_periods`: `hour`, `day`, `month` or `year` per billing mode.
    fn periods(&mut self, file: &str, def: &CliDef) -> Vec<(String, String)> {
        for (mode, period) in &def.billing_periods.0 {
            if !["hour", "day", "month", "year"].contains(&period.as_str()) {
                self.diags.push(
                    file,
                    format!("service.cli.billing_periods.{mode}"),
                    format!("`{period}` is not hour, day, month or year"),
                );
            }
        }
        def.billing_periods.0.clone()
    }

    /// `wait <waiter>`: a subcommand per waiter, run with the flags of the action it polls.
    fn wait_commands(&self) -> Vec<WaitCommandIr> {
        let mut out = Vec::new();
        for (_, spec) in &self.m.src.files {
            for (name, w) in &spec.waiters.0 {
                let Some(poll) = self.m.actions.iter().find(|a| a.name == w.action) else {
                    continue;
                };
                let method = format!("wait_until_{}", names::snake(name));
                let target = poll
                    .waiters
                    .iter()
                    .find(|x| x.method == method)
                    .and_then(|x| x.target.as_ref())
                    .and_then(|t| poll.request.iter().find(|f| f.wire == t.param));
                out.push(WaitCommandIr {
                    def: wait_static(name),
                    name: flag_id(name),
                    about: plain(w.doc.as_deref().unwrap_or_default()),
                    waiter: name.clone(),
                    method,
                    module: super::module_name(poll.file),
                    poll: static_name(poll.name),
                    request: format!("{}Request", poll.name),
                    id: target.map(|f| f.wire.clone()).unwrap_or_default(),
                    id_many: target.is_some_and(|f| matches!(f.ty, Ty::List(_))),
                });
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }
}

/// How a value of `ty` (not a list) is read from text.
fn value_of(m: &Model<'_>, ty: &Ty) -> Result<ValueIr, String> {
    Ok(match ty {
        Ty::Str => ValueIr::String,
        Ty::Int => ValueIr::Int,
        Ty::Float => ValueIr::Float,
        Ty::Bool => ValueIr::Bool,
        Ty::Named(n) => match m.enums.get(n.as_str()) {
            Some(variants) => ValueIr::Enum {
                ty: n.clone(),
                values: variants.iter().map(|v| v.wire.clone()).collect(),
            },
            None => ValueIr::Object {
                ty: n.clone(),
                fields: static_name(n),
            },
        },
        Ty::List(_) => return Err("a list of lists cannot be given on the command line".to_owned()),
        Ty::Json | Ty::Map(_) => return Err("json and maps are never sent".to_owned()),
    })
}

/// The static holding a resource's lookup: `UHostId` -> `U_HOST_ID`.
fn resource_const(id: &str) -> String {
    static_name(id)
}

/// The static holding an action's `Def` or an object's fields: `InstanceDisk` ->
/// `INSTANCE_DISK`.
fn static_name(name: &str) -> String {
    names::snake(name).to_ascii_uppercase()
}

/// The static holding a waiter: `InstanceRunning` -> `WAIT_INSTANCE_RUNNING`.
fn wait_static(waiter: &str) -> String {
    format!("WAIT_{}", static_name(waiter))
}

/// Whether a `cli.defaults` value fits its parameter: a single text, enum value, number or
/// flag of the parameter's type (an enum's value must be one it knows).
fn default_fits(value: &ValueIr, many: bool, d: &crate::spec::Scalar) -> Result<(), String> {
    use crate::spec::Scalar;
    let fits = match (value, d) {
        _ if many => false,
        (ValueIr::String, Scalar::Str(_)) => true,
        (ValueIr::Enum { values, .. }, Scalar::Str(s)) => {
            if !values.contains(s) {
                return Err(format!(
                    "`{s}` is not a known value{}",
                    did_you_mean(s, values.iter().map(String::as_str))
                ));
            }
            true
        }
        (ValueIr::Int, Scalar::Int(_)) | (ValueIr::Bool, Scalar::Bool(_)) => true,
        (ValueIr::Float, Scalar::Int(_) | Scalar::Float(_)) => true,
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(
            "a default is a single text, enum value, number or flag of the parameter's type"
                .to_owned(),
        )
    }
}

/// The environment variable a secret parameter is read from: `Password` ->
/// `COMPSHARE_PASSWORD`.
pub(super) fn secret_variable(wire: &str) -> String {
    format!("COMPSHARE_{}", names::snake(wire).to_ascii_uppercase())
}

/// Whether an action must declare why it needs confirmation.
fn needs_confirmation(a: &ActionModel<'_>) -> bool {
    !a.idempotent || CONFIRM_VERBS.iter().any(|v| a.name.starts_with(v))
}

/// A flag's name for a wire name: `UHostIds` -> `u-host-ids`.
pub(super) fn flag_id(wire: &str) -> String {
    names::snake(wire).replace('_', "-")
}

/// The command name of an action that declares none: kebab case without the product's
/// name, `DescribeCompShareInstance` -> `describe-instance`.
fn default_name(action: &str) -> String {
    let snake = names::snake(action);
    let words: Vec<&str> = snake
        .split('_')
        .filter(|w| !["comp", "share", "compshare"].contains(w))
        .collect();
    words.join("-")
}

fn is_command_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Spec text as one plain paragraph per line.
fn plain(text: &str) -> String {
    super::docs::plain_text(text, &[])
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
