//! The command-line tool's projection: the resolved model (its [`ToolModel`] included)
//! printed as the tool's IR: a `Def` per action, the fields of parameter objects, a
//! `WaitDef` per waiter, and the generated test's invocation. The tool's rules were checked
//! in resolution (`tool`): nothing here can fail.

use std::collections::{BTreeMap, BTreeSet};

use super::tool::{CommandModel, QuoteModel, ResourceModel, ToolModel, WaitModel};
use super::{ActionModel, Model, RField, Setting, Ty};
use crate::ir::cli::{
    ArgIr, CapacityIr, CliIr, CliModuleIr, ColumnIr, CommandIr, CommandRef, CommandTestIr,
    CommandWaitIr, GroupIr, JoinIr, ObjectIr, QuoteIr, ResourceIr, ShowIr, UploadIr, ValueIr,
    WaitCommandIr,
};
use crate::names;

/// What the generated test of a command that answers with a file is answered with.
const FILE_SAMPLE: &str = "OrderNo,Amount\norder-1,12.50\n";

/// The tool's IR, if the service declares one.
pub(super) fn cli(m: &Model<'_>) -> Option<CliIr> {
    let (def, tool) = (m.service.cli.as_ref()?, m.tool.as_ref()?);
    let mut modules: BTreeMap<&str, CliModuleIr> = BTreeMap::new();
    let mut by_group: BTreeMap<&str, Vec<CommandRef>> = BTreeMap::new();
    for a in &m.actions {
        let Some(c) = tool.commands.get(a.name) else {
            continue;
        };
        let command = command(m, tool, a, c);
        by_group.entry(&c.group).or_default().push(CommandRef {
            name: c.name.clone(),
            module: super::module_name(a.file),
            def: command.def.clone(),
        });
        modules
            .entry(a.file)
            .or_insert_with(|| CliModuleIr {
                name: super::module_name(a.file),
                source: a.file.to_owned(),
                commands: Vec::new(),
            })
            .commands
            .push(command);
    }
    let groups = tool
        .groups
        .iter()
        .filter_map(|(name, about)| {
            let mut commands = by_group.remove(name.as_str())?;
            commands.sort_by(|a, b| a.name.cmp(&b.name));
            Some(GroupIr {
                name: name.clone(),
                about: about.clone(),
                commands,
            })
        })
        .collect();
    Some(CliIr {
        package: def.package.clone(),
        binary: def.binary.clone().unwrap_or_else(|| def.package.clone()),
        library: def.binary.is_none(),
        joins: def
            .joins
            .iter()
            .map(|p| JoinIr {
                package: p.clone(),
                lib: p.replace('-', "_"),
            })
            .collect(),
        version: m.service.version.clone(),
        sdk: m.service.crate_name.clone(),
        sdk_lib: m.service.crate_name.replace('-', "_"),
        about: plain(&def.doc),
        tests: def.tests.clone(),
        default_toolsets: tool.default_toolsets.clone(),
        default_tools: tool.default_tools.clone(),
        root: "../..".to_owned(),
        groups,
        modules: modules.into_values().collect(),
        objects: objects(m, tool),
        waits: waits(m),
        periods: tool.periods.clone(),
        resources: tool.resources.iter().map(resource).collect(),
        regions: tool.regions.clone(),
    })
}

fn command(m: &Model<'_>, tool: &ToolModel, a: &ActionModel<'_>, c: &CommandModel) -> CommandIr {
    let args = args(m, a, c);
    let targets = match c.confirm {
        Some(_) => targets(tool, &args),
        None => Vec::new(),
    };
    // An id that locates its resource, for an action that takes a region or zone.
    let takes_place = a
        .request
        .iter()
        .any(|f| f.setting.is_some_and(|s| s != Setting::ProjectId));
    let locate = args
        .iter()
        .filter(|x| !x.many && takes_place && tool.regions.is_some() && a.cli.locate != Some(false))
        .filter(|x| {
            tool.resources
                .iter()
                .any(|r| r.id == x.wire && r.zone.is_some())
        })
        .map(|x| static_name(&x.wire))
        .collect();
    let (argv, env, request_json) = test_invocation(m, &args);
    let response: Vec<&RField> = a.response.iter().collect();
    let doc = plain(a.doc);
    // A REST read is a GET; a UCloud one says so by its verb.
    let read_only = match &a.route {
        Some((method, _)) => method == "GET",
        None => a.idempotent && compshare_protocol::is_read(a.name),
    };
    CommandIr {
        group: c.group.clone(),
        name: c.name.clone(),
        action: a.name.to_owned(),
        def: static_name(a.name),
        download: c.download.clone(),
        prices: c.prices.as_ref().and_then(|p| {
            let x = m.actions.iter().find(|x| x.name == *p)?;
            Some((super::module_name(x.file), static_name(p)))
        }),
        upload: c.upload.as_ref().map(|u| UploadIr {
            name: u.name.clone(),
            about: u.about.clone(),
            register_module: m
                .actions
                .iter()
                .find(|x| x.name == u.register)
                .map(|x| super::module_name(x.file))
                .unwrap_or_default(),
            register_def: static_name(&u.register),
            file: u.file.clone(),
            url: u.url.clone(),
            headers: u.headers.clone(),
            carry: u.carry.clone(),
            types: u.types.clone(),
        }),
        route: a
            .route
            .as_ref()
            .map(|(method, path)| format!("{method} {path}")),
        method: a.method.clone(),
        request: format!("{}Request", a.name),
        about: doc.lines().next().unwrap_or_default().to_owned(),
        long_about: doc,
        deprecated: a.deprecated.map(plain),
        args,
        common: a
            .request
            .iter()
            .filter(|f| f.setting.is_some())
            // The client's configuration may give it: never required of a flag or argument.
            .map(|f| ArgIr {
                required: false,
                ..arg(m, f, None, None)
            })
            .collect(),
        confirm: c.confirm.clone(),
        targets,
        locate,
        ids: c.ids.clone(),
        quote: c.quote.as_ref().map(quote),
        wait: c.wait.as_ref().map(wait),
        paginated: a.paginate.is_some(),
        file: a.answers_file,
        items: c.items.clone(),
        columns: c.columns.iter().map(column).collect(),
        card: c
            .show
            .iter()
            .flat_map(|s| s.card.iter().map(column))
            .collect(),
        across_regions: c.across_regions,
        keys: c.keys.clone(),
        zone_names: c.zone_names.clone(),
        filters: c.filters.clone(),
        shorthands: c.shorthands.clone(),
        capacity: c.capacity.as_ref().map(|cap| CapacityIr {
            action: cap.action.clone(),
            request: format!("{}Request", cap.action),
            params: cap.params.clone(),
            list: cap.list.clone(),
            stock: cap.stock.clone(),
            fill: cap.fill.clone(),
        }),
        show: c.show.as_ref().map(|s| ShowIr {
            name: s.name.clone(),
            about: s.about.clone(),
            ids: s.ids.clone(),
            ids_many: s.ids_many,
            id_field: s.id_field.clone(),
            secrets: s.secrets.clone(),
        }),
        read_only,
        output_schema: super::output::output_schema(m, a),
        idempotent: a.idempotent,
        costs: a.cli.costs || c.quote.is_some(),
        test: CommandTestIr {
            argv,
            place: if c.across_regions {
                [
                    "\"--region\"",
                    "harness::REGION",
                    "\"--zone\"",
                    "harness::ZONE",
                ]
                .map(str::to_owned)
                .to_vec()
            } else {
                Vec::new()
            },
            env,
            request_json: request_json.clone(),
            response: if a.answers_file {
                FILE_SAMPLE.to_owned()
            } else {
                let sample = m.sample(super::samples::Shape::Response, &response);
                match &c.capacity {
                    Some(cap) => in_stock(&sample, &request_json, cap),
                    None => sample,
                }
            },
        },
    }
}

fn column(c: &super::tool::ColumnModel) -> ColumnIr {
    ColumnIr {
        header: c.header.clone(),
        path: c.path.clone(),
        unit: c.unit.clone(),
    }
}

/// A flag per own parameter (common ones are the tool's global flags); a password is made
/// for a create given none.
fn args(m: &Model<'_>, a: &ActionModel<'_>, c: &CommandModel) -> Vec<ArgIr> {
    a.request
        .iter()
        .filter(|f| f.setting.is_none())
        .map(|f| {
            let mut x = arg(m, f, c.defaults.get(&f.wire).cloned(), Some(f.generate));
            x.aliases = c.aliases.get(&f.wire).cloned().into_iter().collect();
            if c.capacity.as_ref().is_some_and(|cap| {
                cap.fill
                    .iter()
                    .any(|(p, _, _, fills)| *fills && *p == f.wire)
            }) {
                // The stock check fills it when it is not given.
                let mut doc = f.doc.clone();
                doc.required = false;
                x.required = false;
                x.help = format!(
                    "{} When not given: the smallest configuration the zone has in stock.",
                    doc.help()
                );
            }
            if c.ids.as_ref() == Some(&f.wire) {
                // The id may come as an argument instead.
                let mut doc = f.doc.clone();
                doc.required = false;
                x.help = if x.many {
                    format!("{} Or give them as arguments.", doc.help())
                } else {
                    format!(
                        "{} Or give it as an argument (several: each in turn).",
                        doc.help()
                    )
                };
            }
            x
        })
        .collect()
}

/// One parameter, or a common parameter or object field (`generate` none: no password of
/// its own). A default makes a required one optional to give.
fn arg(m: &Model<'_>, f: &RField, default: Option<String>, generate: Option<bool>) -> ArgIr {
    let (many, elem) = match &f.ty {
        Ty::List(inner) => (true, &**inner),
        other => (false, other),
    };
    let value = match (&f.variable, generate) {
        (Some(variable), Some(generate)) => ValueIr::Secret {
            variable: variable.clone(),
            generate,
        },
        _ if matches!(f.unit.as_deref(), Some("MB" | "GB")) && *elem == Ty::Int => ValueIr::Size {
            unit: f.unit.clone().unwrap_or_default(),
        },
        _ => value_of(m, elem),
    };
    // A default of the tool's makes a required parameter one a person need not give.
    let mut doc = f.doc.clone();
    doc.required &= default.is_none();
    ArgIr {
        id: f.flag.clone(),
        wire: f.wire.clone(),
        help: doc.help(),
        brief: doc.brief(),
        api_default: f.doc.default.clone(),
        required: f.required && default.is_none(),
        many,
        value,
        default,
        aliases: Vec::new(),
    }
}

/// How a value of `ty` (not a list) is read. Lists of lists, JSON and maps were refused by
/// the tool's rules.
fn value_of(m: &Model<'_>, ty: &Ty) -> ValueIr {
    match ty {
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
        Ty::Str | Ty::List(_) | Ty::Json | Ty::Map(_) => ValueIr::String,
    }
}

/// The fields of every parameter object a command takes, those inside objects too.
fn objects(m: &Model<'_>, tool: &ToolModel) -> Vec<ObjectIr> {
    let mut todo: Vec<String> = m
        .actions
        .iter()
        .filter(|a| tool.commands.contains_key(a.name))
        .flat_map(|a| a.request.iter().filter(|f| f.setting.is_none()))
        .filter_map(|f| m.object_of(&f.ty))
        .collect();
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    while let Some(ty) = todo.pop() {
        if !done.insert(ty.clone()) {
            continue;
        }
        let fields = m
            .structs
            .get(ty.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        todo.extend(fields.iter().filter_map(|f| m.object_of(&f.ty)));
        out.push(ObjectIr {
            name: static_name(&ty),
            fields: fields.iter().map(|f| arg(m, f, None, None)).collect(),
            ty,
        });
    }
    out.sort_by(|a, b| a.ty.cmp(&b.ty));
    out
}

fn quote(q: &QuoteModel) -> QuoteIr {
    QuoteIr {
        action: q.action.clone(),
        request: format!("{}Request", q.action),
        params: q.params.clone(),
        list: q.list.clone(),
        key: q.key.clone(),
        sum: q.sum.clone(),
        field: q.field.clone(),
        scale: q.scale,
        times: q.times.clone(),
        billing: q.billing.clone(),
        duration: q.duration.clone(),
    }
}

fn wait(w: &WaitModel) -> CommandWaitIr {
    CommandWaitIr {
        waiter: wait_static(&w.waiter),
        ids: if w.from_response {
            "Response"
        } else {
            "Request"
        }
        .to_owned(),
        source: w.source.clone(),
    }
}

/// `wait <waiter>`: a subcommand per waiter, run with the flags of the action it polls.
fn waits(m: &Model<'_>) -> Vec<WaitCommandIr> {
    let mut out = Vec::new();
    for (_, spec) in &m.src.files {
        for (name, w) in &spec.waiters.0 {
            let Some(poll) = m.actions.iter().find(|a| a.name == w.action) else {
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
                name: names::snake(name).replace('_', "-"),
                about: plain(w.doc.as_deref().unwrap_or_default()),
                waiter: name.clone(),
                method,
                module: super::module_name(poll.file),
                poll: static_name(poll.name),
                request: format!("{}Request", poll.name),
                id: target.map(|f| f.wire.clone()).unwrap_or_default(),
                id_many: target.is_some_and(|f| matches!(f.ty, Ty::List(_))),
                state: w.state.clone(),
                success: w.success.clone(),
                failure: w.failure.clone(),
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The id parameters of a confirmed command whose resources can be looked up by id.
fn targets(tool: &ToolModel, args: &[ArgIr]) -> Vec<String> {
    args.iter()
        .filter(|x| !x.many && tool.resources.iter().any(|r| r.id == x.wire))
        .map(|x| static_name(&x.wire))
        .collect()
}

fn resource(r: &ResourceModel) -> ResourceIr {
    ResourceIr {
        name: static_name(&r.id),
        id: r.id.clone(),
        action: r.action.clone(),
        param: r.param.clone(),
        items: r.items.clone(),
        field: r.name.clone(),
        region: r.region.clone(),
        zone: r.zone.clone(),
    }
}

/// A create's sample answer that also answers its stock check: one configuration, in stock,
/// of the values the test asks for (the same local server answers every request).
fn in_stock(sample: &str, request_json: &str, cap: &super::tool::CapacityModel) -> String {
    let (Ok(mut answer), Ok(asked)) = (
        serde_json::from_str::<serde_json::Value>(sample),
        serde_json::from_str::<serde_json::Value>(request_json),
    ) else {
        return sample.to_owned();
    };
    let mut entry = serde_json::Map::new();
    for (param, field, scale, _) in &cap.fill {
        if let Some(v) = asked.get(param).and_then(serde_json::Value::as_i64) {
            entry.insert(field.clone(), (v / scale).into());
        }
    }
    entry.insert(cap.stock.clone(), true.into());
    if let Some(map) = answer.as_object_mut() {
        map.insert(cap.list.clone(), serde_json::json!([entry]));
    }
    answer.to_string()
}

/// The generated test's arguments for every flag set, the environment holding its
/// secrets, and the same request as the SDK's serde reads it.
fn test_invocation(m: &Model<'_>, args: &[ArgIr]) -> (Vec<String>, Vec<(String, String)>, String) {
    let mut argv = Vec::new();
    let mut env = Vec::new();
    let mut json = Vec::new();
    for a in args {
        let (text, value) = sample(m, &a.value, &a.wire, 0);
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
fn sample(m: &Model<'_>, value: &ValueIr, wire: &str, depth: usize) -> (String, String) {
    let text = |s: String| (s.clone(), json_str(&s));
    match value {
        ValueIr::String => text(format!("r-{wire}")),
        ValueIr::Secret { .. } => text(format!("pw-{wire}")),
        ValueIr::Int => ("7".to_owned(), "7".to_owned()),
        // As people write it; a whole GiB, so that a size in GB compares with it.
        ValueIr::Size { unit } if unit == "GB" => ("7GiB".to_owned(), "7".to_owned()),
        ValueIr::Size { .. } => ("7GiB".to_owned(), "7168".to_owned()),
        ValueIr::Float => ("2.5".to_owned(), "2.5".to_owned()),
        ValueIr::Bool => ("true".to_owned(), "true".to_owned()),
        ValueIr::Enum { values, .. } => text(values.first().cloned().unwrap_or_default()),
        ValueIr::Object { ty, .. } => {
            let fields = m
                .structs
                .get(ty.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            let members: Vec<String> = fields
                .iter()
                .filter(|_| depth < 3)
                .map(|f| {
                    let (many, elem) = match &f.ty {
                        Ty::List(inner) => (true, &**inner),
                        other => (false, other),
                    };
                    let (_, j) = sample(m, &value_of(m, elem), &f.wire, depth + 1);
                    let j = if many { format!("[{j}]") } else { j };
                    format!("{}:{j}", json_str(&f.wire))
                })
                .collect();
            // The flag takes the object as JSON: fields that are lists or objects have no
            // `key=value` form.
            let j = format!("{{{}}}", members.join(","));
            (j.clone(), j)
        }
    }
}

/// The static holding an action's `Def`, an object's fields or a resource's lookup:
/// `InstanceDisk` -> `INSTANCE_DISK`.
fn static_name(name: &str) -> String {
    names::snake(name).to_ascii_uppercase()
}

/// The static holding a waiter: `InstanceRunning` -> `WAIT_INSTANCE_RUNNING`.
fn wait_static(waiter: &str) -> String {
    format!("WAIT_{}", static_name(waiter))
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
