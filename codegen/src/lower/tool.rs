//! The rules of the command-line tool and of the agents' server, part of resolution: groups
//! and command names, confirmations, the tool's defaults, price quotes, `--wait`, columns,
//! the resources a confirmation names and billing periods. What passes becomes the model's
//! [`ToolModel`]; every problem is reported with the spec's others, and the projection
//! (`cli`) cannot fail.

use std::collections::{BTreeMap, BTreeSet};

use super::{ActionModel, Model, RField, Setting, Ty};
use crate::diag::{Diagnostics, did_you_mean};
use crate::spec::{CapacityDef, CliDef, CliWaitDef, ColumnDef, QuoteDef, Scalar, ShowDef};

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

/// The tool, resolved: what the projection prints.
#[derive(Debug)]
pub(super) struct ToolModel {
    /// The groups by name, and what each is about.
    pub groups: BTreeMap<String, String>,
    /// Each action's command, by action.
    pub commands: BTreeMap<String, CommandModel>,
    pub resources: Vec<ResourceModel>,
    /// Where the regions are listed: (action, items, the items' region field).
    pub regions: Option<crate::ir::cli::RegionsIr>,
    /// What a price of each billing mode covers: (mode, period).
    pub periods: Vec<(String, String)>,
    /// The groups, and the actions besides, the agents' server offers when not told
    /// otherwise.
    pub default_toolsets: Vec<String>,
    pub default_tools: Vec<String>,
}

/// One action's command, checked.
#[derive(Debug)]
pub(super) struct CommandModel {
    pub group: String,
    pub name: String,
    /// Why it asks before it is sent.
    pub confirm: Option<String>,
    /// What the tool sends for a parameter not given: wire name -> value, as text.
    pub defaults: BTreeMap<String, String>,
    /// Other names of parameters' flags: wire name -> name.
    pub aliases: BTreeMap<String, String>,
    /// The parameter its positional ids go to.
    pub ids: Option<String>,
    pub quote: Option<QuoteModel>,
    pub wait: Option<WaitModel>,
    /// The list `--output table` shows and its columns.
    pub items: Option<String>,
    pub columns: Vec<ColumnModel>,
    /// A listing's `show` command.
    pub show: Option<ShowModel>,
    /// A create's stock check.
    pub capacity: Option<CapacityModel>,
    /// A listing of every region unless one is given.
    pub across_regions: bool,
    /// For rows that are a map: its key columns, outermost first, and the one holding zone
    /// ids shown by name.
    pub keys: Vec<String>,
    pub zone_names: Option<String>,
    /// Filters of the items: (flag, field).
    pub filters: Vec<(String, String)>,
    /// Flags writing one element of a list-of-objects parameter.
    pub shorthands: Vec<crate::ir::cli::ShorthandIr>,
    /// The answer's path to a URL of what was made, which `--output-file` downloads.
    pub download: Option<String>,
    /// The read whose answer lists the prices, shown with the confirmation.
    pub prices: Option<String>,
    /// The `upload` command of an action handing out upload URLs.
    pub upload: Option<UploadModel>,
}

/// An upload's three steps, checked against both actions.
#[derive(Debug)]
pub(super) struct UploadModel {
    pub name: String,
    pub about: String,
    pub register: String,
    /// The parameters of the file's name, type and size.
    pub file: (String, String, String),
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub carry: Vec<String>,
    pub types: Vec<(String, String)>,
}

/// A create's stock check, checked against both actions.
#[derive(Debug)]
pub(super) struct CapacityModel {
    pub action: String,
    /// The create's parameters the check takes, by the same wire names.
    pub params: Vec<String>,
    pub list: String,
    pub stock: String,
    /// (the create's parameter, the entries' field, what an entry's value is multiplied by
    /// to be in the parameter's unit, whether it is filled when not given).
    pub fill: Vec<(String, String, i64, bool)>,
}

/// A listing's `show`: one item by id, as a card.
#[derive(Debug)]
pub(super) struct ShowModel {
    pub name: String,
    pub about: String,
    /// The listing's parameter the id goes to, and whether it is a list.
    pub ids: String,
    pub ids_many: bool,
    /// The items' field holding their id.
    pub id_field: String,
    pub card: Vec<ColumnModel>,
    pub secrets: Vec<String>,
}

/// A column of `--output table`, checked: its header, the path to its value, its unit.
#[derive(Clone, Debug)]
pub(super) struct ColumnModel {
    pub header: String,
    pub path: String,
    pub unit: Option<String>,
}

/// A price quote, checked against both actions.
#[derive(Debug)]
pub(super) struct QuoteModel {
    pub action: String,
    /// The price action's parameters from the quoted one's: (its wire name, theirs).
    pub params: Vec<(String, String)>,
    /// A response list (its entry keyed by `key`, its fields `sum` added), or a field.
    pub list: Option<String>,
    pub key: Option<String>,
    pub sum: Vec<String>,
    pub field: Option<String>,
    pub scale: f64,
    pub times: Option<String>,
    pub billing: Option<String>,
    pub duration: Option<String>,
}

/// `--wait`: the waiter, and whether its ids are an answer's field or a parameter.
#[derive(Debug)]
pub(super) struct WaitModel {
    pub waiter: String,
    pub from_response: bool,
    pub source: String,
}

/// How a confirmation names a resource by its id.
#[derive(Debug)]
pub(super) struct ResourceModel {
    pub id: String,
    pub action: String,
    /// The listing's id parameter as sent (`UHostIds.0` for a list).
    pub param: String,
    pub items: String,
    pub name: String,
    /// The items' fields naming their region and zone, to find them by id.
    pub region: Option<String>,
    pub zone: Option<String>,
}

/// The tool's rules over a resolved model: its model, or every problem.
pub(super) fn resolve(m: &Model<'_>) -> Result<Option<ToolModel>, Diagnostics> {
    let Some(def) = &m.service.cli else {
        return Ok(None);
    };
    let file = m
        .src
        .files
        .iter()
        .find(|(_, f)| f.service.is_some())
        .map_or(m.src.dir.as_str(), |(name, _)| name.as_str());
    let mut r = Rules {
        m,
        diags: Diagnostics::default(),
    };
    let groups = r.groups(file, def);
    let mut commands = BTreeMap::new();
    let mut names: BTreeMap<(String, String), &str> = BTreeMap::new();
    for a in &m.actions {
        let Some(command) = r.command(a, &groups) else {
            continue;
        };
        let shown = command
            .show
            .as_ref()
            .map(|s| (command.group.clone(), s.name.clone()));
        let uploads = command
            .upload
            .as_ref()
            .map(|u| (command.group.clone(), u.name.clone()));
        let key = (command.group.clone(), command.name.clone());
        for (group, name) in std::iter::once(key).chain(shown).chain(uploads) {
            let Some(other) = names.insert((group.clone(), name.clone()), a.name) else {
                continue;
            };
            r.diags.push(
                a.file,
                format!("actions.{}.cli.name", a.name),
                format!(
                    "command `{group} {name}` is also the command of `{other}`: give one a `cli.name`"
                ),
            );
        }
        commands.insert(a.name.to_owned(), command);
    }
    r.check_objects();
    let resources = r.resources(file, def);
    let regions = r.regions(file, def);
    let periods = r.periods(file, def);
    for set in &def.mcp.default_toolsets {
        if !groups.contains_key(set) {
            r.diags.push(
                file,
                "service.cli.mcp.default_toolsets",
                format!(
                    "`{set}` is not a command group of this tool{}",
                    did_you_mean(set, groups.keys().map(String::as_str))
                ),
            );
        }
    }
    for name in &def.mcp.default_tools {
        let read = commands.contains_key(name)
            && m.actions.iter().any(|a| {
                a.name == *name
                    && match &a.route {
                        Some((method, _)) => method == "GET",
                        None => a.idempotent && compshare_protocol::is_read(a.name),
                    }
            });
        if !read {
            r.diags.push(
                file,
                "service.cli.mcp.default_tools",
                format!(
                    "`{name}` is not a read action of this tool: the default tools change nothing"
                ),
            );
        }
    }
    if !r.diags.is_empty() {
        return Err(r.diags);
    }
    Ok(Some(ToolModel {
        groups: groups
            .into_iter()
            .map(|(g, (about, _))| (g, about))
            .collect(),
        commands,
        resources,
        regions,
        periods,
        default_toolsets: def.mcp.default_toolsets.clone(),
        default_tools: def.mcp.default_tools.clone(),
    }))
}

struct Rules<'a, 'm> {
    m: &'a Model<'m>,
    diags: Diagnostics,
}

impl<'m> Rules<'_, 'm> {
    /// The groups by name: (about, spec file stems), checked.
    fn groups(&mut self, file: &str, def: &CliDef) -> BTreeMap<String, (String, Vec<String>)> {
        let mut out = BTreeMap::new();
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        let binary = def.binary.as_deref().unwrap_or(&def.package);
        if !is_command_name(binary)
            || !is_command_name(&def.package)
            || !def.joins.iter().all(|j| is_command_name(j))
        {
            self.diags.push(
                file,
                "service.cli",
                "`package`, `binary` and `joins` are lowercase words joined by `-`",
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
            out.insert(
                name.clone(),
                (super::docs::plain_text(&g.doc, &[]), g.files.clone()),
            );
        }
        out
    }

    /// The group an action's command is in, checked.
    fn group(
        &mut self,
        a: &ActionModel<'m>,
        path: &str,
        groups: &BTreeMap<String, (String, Vec<String>)>,
    ) -> Option<String> {
        let module = super::module_name(a.file);
        match &a.cli.group {
            Some(g) if groups.contains_key(g) => Some(g.clone()),
            Some(g) => {
                self.diags.push(
                    a.file,
                    format!("{path}.group"),
                    format!(
                        "unknown group `{g}`{}",
                        did_you_mean(g, groups.keys().map(String::as_str))
                    ),
                );
                None
            }
            None => {
                let found = groups
                    .iter()
                    .find(|(_, (_, files))| files.contains(&module));
                if found.is_none() {
                    self.diags.push(
                        a.file,
                        path,
                        format!("spec file `{module}` is in no group of `service.cli.groups`, and the action names none in `cli.group`"),
                    );
                }
                found.map(|(g, _)| g.clone())
            }
        }
    }

    fn command(
        &mut self,
        a: &ActionModel<'m>,
        groups: &BTreeMap<String, (String, Vec<String>)>,
    ) -> Option<CommandModel> {
        let path = format!("actions.{}.cli", a.name);
        let group = self.group(a, &path, groups)?;
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
        self.check_args(a, &path);
        let defaults = self.defaults(a, &path);
        let mut aliases = self.aliases(a, &path);
        let ids = a.cli.ids.clone().filter(|wire| {
            let param = a
                .request
                .iter()
                .find(|f| f.wire == *wire && f.setting.is_none() && !f.sensitive);
            let text = param.is_some_and(|f| f.ty == Ty::Str);
            // A list of ids takes them all in one request: a listing's too.
            let list = param.is_some_and(|f| matches!(&f.ty, Ty::List(i) if **i == Ty::Str));
            let why = if !text && !list {
                Some(format!(
                    "`{wire}` is not a text or text-list parameter of `{}` of its own",
                    a.name
                ))
            } else if list && (a.cli.quote.is_some() || a.answers_file) {
                Some("ids in one request are for reads and plain writes: not with a quote or a file".to_owned())
            } else if list {
                None
            } else if a.cli.quote.is_some()
                || a.paginate.is_some()
                || a.answers_file
                || a.request.iter().any(|f| f.sensitive)
                || a.cli.defaults.0.iter().any(|(w, _)| w == wire)
            {
                Some("ids are for actions on one thing each: not with a quote, a listing, a file, a password or a default".to_owned())
            } else {
                None
            };
            if let Some(why) = &why {
                self.diags.push(a.file, format!("{path}.ids"), why.clone());
            }
            why.is_none()
        });
        // The one thing a command acts on also answers to `--id`, the name people reach for,
        // unless the command has that name for something else.
        if let Some(wire) = &ids {
            let taken = a.request.iter().any(|f| f.flag == "id")
                || aliases.values().any(|v| v == "id")
                || a.cli.filters.0.iter().any(|(flag, _)| flag == "id")
                || a.cli.shorthands.0.iter().any(|(flag, _)| flag == "id");
            if !taken && !aliases.contains_key(wire) {
                aliases.insert(wire.clone(), "id".to_owned());
            }
        }
        let quote = a.cli.quote.as_ref().and_then(|q| self.quote(a, q, &path));
        let wait = a.cli.wait.as_ref().and_then(|w| self.wait(a, w, &path));
        let (items, columns) = self.columns(a, &path);
        let show = a.cli.show.as_ref().and_then(|s| self.show(a, s, &path));
        let capacity = a
            .cli
            .capacity
            .as_ref()
            .and_then(|c| self.capacity(a, c, &path));
        let filters = self.filters(a, &path);
        let shorthands = self.shorthands(a, &aliases, &filters, &path);
        if a.answers_file && a.cli.download.is_some() {
            self.diags.push(
                a.file,
                format!("{path}.download"),
                "the action answers with a file, which --output-file already saves",
            );
        }
        let download = a.cli.download.clone().filter(|d| {
            let fine = self.text_path(&a.response, d);
            if !fine {
                self.diags.push(
                    a.file,
                    format!("{path}.download"),
                    format!(
                        "`{d}` is not a text field of the answer (a path such as `task.output_url`)"
                    ),
                );
            }
            fine
        });
        let upload = a.cli.upload.as_ref().and_then(|u| self.upload(a, u, &path));
        let prices = a.cli.prices.clone().filter(|p| {
            let read = self
                .m
                .actions
                .iter()
                .find(|x| x.name == *p)
                .is_some_and(|x| {
                    x.route.as_ref().is_some_and(|(m, _)| m == "GET")
                        && !x.request.iter().any(|f| f.required && f.setting.is_none())
                });
            if !read {
                self.diags.push(
                    a.file,
                    format!("{path}.prices"),
                    format!("`{p}` is not a GET of this service that needs no parameter"),
                );
            }
            if read && a.cli.confirm.is_none() {
                self.diags.push(
                    a.file,
                    format!("{path}.prices"),
                    "prices are shown with the confirmation, which this action has none of",
                );
            }
            read && a.cli.confirm.is_some()
        });
        if a.cli.across_regions
            && !(a.paginate.is_some()
                && a.request
                    .iter()
                    .any(|f| f.setting == Some(Setting::Region) && !f.required))
        {
            self.diags.push(
                a.file,
                format!("{path}.across_regions"),
                "only a listing whose region is optional lists every region",
            );
        }
        Some(CommandModel {
            group,
            name,
            confirm: a
                .cli
                .confirm
                .as_deref()
                .map(|c| super::docs::plain_text(c, &[])),
            defaults,
            aliases,
            ids,
            quote,
            wait,
            items,
            columns,
            show,
            capacity,
            across_regions: a.cli.across_regions,
            keys: a.cli.keys.clone(),
            zone_names: a.cli.zone_names.clone(),
            filters,
            shorthands,
            download,
            prices,
            upload,
        })
    }

    /// Whether `path` (fields by wire name, through objects) leads from `fields` to one text
    /// field that is not a secret.
    fn text_path(&self, fields: &[RField], path: &str) -> bool {
        let mut fields = fields;
        let steps: Vec<&str> = path.split('.').collect();
        for (i, step) in steps.iter().enumerate() {
            let Some(field) = fields.iter().find(|f| f.wire == *step) else {
                return false;
            };
            match &field.ty {
                Ty::Str if i + 1 == steps.len() => return !field.sensitive,
                Ty::Named(n) if i + 1 < steps.len() => match self.m.structs.get(n.as_str()) {
                    Some(inner) => fields = inner,
                    None => return false,
                },
                _ => return false,
            }
        }
        false
    }

    /// `cli.upload`, checked: a write that registers, the file's parameters taken by both
    /// actions (text, text, int), the URL, headers and carried fields text fields of this
    /// action's answer, each carried one a parameter of the register's, and the types.
    fn upload(
        &mut self,
        a: &ActionModel<'m>,
        u: &crate::spec::UploadDef,
        path: &str,
    ) -> Option<UploadModel> {
        let path = format!("{path}.upload");
        let Some(register) = self.m.actions.iter().find(|x| x.name == u.register) else {
            self.diags.push(
                a.file,
                format!("{path}.register"),
                format!(
                    "unknown action `{}`{}",
                    u.register,
                    did_you_mean(&u.register, self.m.actions.iter().map(|x| x.name))
                ),
            );
            return None;
        };
        let mut problems = Vec::new();
        let param = |x: &ActionModel<'m>, wire: &str, ty: Ty| {
            x.request
                .iter()
                .any(|f| f.wire == wire && f.ty == ty && f.setting.is_none())
        };
        for (wire, ty) in [
            (&u.file.name, Ty::Str),
            (&u.file.content_type, Ty::Str),
            (&u.file.size, Ty::Int),
        ] {
            for x in [a, register] {
                if !param(x, wire, ty.clone()) {
                    let kind = if ty == Ty::Int { "int" } else { "text" };
                    problems.push(format!("`{}` takes no {kind} parameter `{wire}`", x.name));
                }
            }
        }
        let answered = |wire: &str| a.response.iter().any(|f| f.wire == wire && f.ty == Ty::Str);
        for wire in std::iter::once(&u.url)
            .chain(u.headers.0.iter().map(|(_, w)| w))
            .chain(&u.carry)
        {
            if !answered(wire) {
                problems.push(format!(
                    "`{wire}` is not a text field of `{}`'s answer",
                    a.name
                ));
            }
        }
        for wire in &u.carry {
            if !param(register, wire, Ty::Str) {
                problems.push(format!(
                    "`{}` takes no text parameter `{wire}`",
                    register.name
                ));
            }
        }
        for (header, _) in &u.headers.0 {
            let token = !header.is_empty()
                && header
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !token {
                problems.push(format!("`{header}` is not a header name"));
            }
        }
        if u.types.0.is_empty() {
            problems.push("`types` lists no file type".to_owned());
        }
        for (ext, mime) in &u.types.0 {
            let plain = !ext.is_empty()
                && ext
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
            if !plain || !mime.contains('/') {
                problems.push(format!(
                    "`{ext}: {mime}`: an extension in lower case without its dot, and a content type"
                ));
            }
        }
        if compshare_protocol::is_read(register.name)
            || register.route.as_ref().is_some_and(|(m, _)| m == "GET")
        {
            problems.push(format!(
                "`{}` is a read: registering is a write",
                register.name
            ));
        }
        for p in &problems {
            self.diags.push(a.file, path.clone(), p.clone());
        }
        problems.is_empty().then(|| UploadModel {
            name: u.name.clone().unwrap_or_else(|| "upload".to_owned()),
            about: super::docs::plain_text(&u.doc, &[]),
            register: u.register.clone(),
            file: (
                u.file.name.clone(),
                u.file.content_type.clone(),
                u.file.size.clone(),
            ),
            url: u.url.clone(),
            headers: u.headers.0.clone(),
            carry: u.carry.clone(),
            types: u.types.0.clone(),
        })
    }

    /// `cli.shorthands`, checked: a flag of its own, a list-of-objects parameter of the
    /// action's own, and every field it names one of the objects', `where` and `defaults`
    /// values fitting them.
    fn shorthands(
        &mut self,
        a: &ActionModel<'m>,
        aliases: &BTreeMap<String, String>,
        filters: &[(String, String)],
        path: &str,
    ) -> Vec<crate::ir::cli::ShorthandIr> {
        let mut out: Vec<crate::ir::cli::ShorthandIr> = Vec::new();
        for (flag, s) in &a.cli.shorthands.0 {
            let at = format!("{path}.shorthands.{flag}");
            let taken = RESERVED_FLAGS.contains(&flag.as_str())
                || a.request.iter().any(|f| f.flag == *flag)
                || aliases.values().any(|v| v == flag)
                || filters.iter().any(|(f, _)| f == flag)
                || out.iter().any(|o| o.flag == *flag);
            if !is_command_name(flag) {
                self.diags
                    .push(a.file, at, format!("`{flag}` is not a flag name"));
                continue;
            }
            if taken {
                self.diags.push(
                    a.file,
                    at,
                    format!("--{flag} is a flag of the command already"),
                );
                continue;
            }
            let param = a
                .request
                .iter()
                .find(|f| f.wire == s.param && f.setting.is_none() && !f.sensitive);
            let Some(fields) = param.and_then(|p| struct_of_list(self.m, &p.ty)).cloned() else {
                self.diags.push(
                    a.file,
                    format!("{at}.param"),
                    format!(
                        "`{}` is not a list-of-objects parameter of `{}`",
                        s.param, a.name
                    ),
                );
                continue;
            };
            let (required, optional) = match s.value.split_once('[') {
                Some((r, o)) => (r, o.trim_end_matches(']')),
                None => (s.value.as_str(), ""),
            };
            let named: Vec<&str> = required.split(':').filter(|n| !n.is_empty()).collect();
            let more: Vec<&str> = optional
                .split([':', '[', ']'])
                .filter(|n| !n.is_empty())
                .collect();
            let scalar = |name: &str| {
                fields.iter().find(|f| {
                    f.wire == name
                        && self.m.object_of(&f.ty).is_none()
                        && !matches!(f.ty, Ty::List(_))
                })
            };
            let mut ok = !named.is_empty();
            if !ok {
                self.diags.push(
                    a.file,
                    format!("{at}.value"),
                    "names no field: `Size[:Type]`, say",
                );
            }
            for name in named.iter().chain(more.iter()) {
                if scalar(name).is_none() {
                    ok = false;
                    self.diags.push(
                        a.file,
                        format!("{at}.value"),
                        match fields.iter().any(|f| f.wire == *name) {
                            true => format!(
                                "`{name}` of `{}`'s elements is not a single value",
                                s.param
                            ),
                            false => format!(
                                "`{name}` is not a field of `{}`'s elements{}",
                                s.param,
                                did_you_mean(name, fields.iter().map(|f| f.wire.as_str()))
                            ),
                        },
                    );
                }
            }
            let mut pairs = |entries: &crate::spec::Entries<Scalar>, key: &str| {
                let mut kept = Vec::new();
                for (wire, value) in &entries.0 {
                    let why = match scalar(wire) {
                        None => Some(format!(
                            "`{wire}` is not a single-valued field of `{}`'s elements",
                            s.param
                        )),
                        Some(f) => default_fits(self.m, f, value).err(),
                    };
                    match why {
                        Some(why) => {
                            ok = false;
                            self.diags.push(a.file, format!("{at}.{key}.{wire}"), why);
                        }
                        None => kept.push((wire.clone(), value.to_string())),
                    }
                }
                kept
            };
            let set = pairs(&s.set, "where");
            let defaults = pairs(&s.defaults, "defaults");
            if ok {
                out.push(crate::ir::cli::ShorthandIr {
                    flag: flag.clone(),
                    param: s.param.clone(),
                    required: named.len(),
                    fields: named
                        .iter()
                        .chain(more.iter())
                        .map(|n| (*n).to_owned())
                        .collect(),
                    set,
                    defaults,
                    repeat: s.repeat,
                    help: super::docs::plain_text(&s.doc, &[]),
                });
            }
        }
        out
    }

    /// A listing's filters: a flag of its own (not a parameter's or the tool's), a text or
    /// enum field of the items.
    fn filters(&mut self, a: &ActionModel<'m>, path: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if a.cli.filters.0.is_empty() {
            return out;
        }
        let items = a.paginate.as_ref().and_then(|p| {
            a.response
                .iter()
                .find(|f| f.ident == p.items || f.wire == p.items)
        });
        let Some(fields) = items.and_then(|i| struct_of_list(self.m, &i.ty)).cloned() else {
            self.diags.push(
                a.file,
                format!("{path}.filters"),
                "only listings (`paginate`) have filters",
            );
            return out;
        };
        for (flag, field) in &a.cli.filters.0 {
            let at = format!("{path}.filters.{flag}");
            let text = fields.iter().any(|f| {
                f.wire == *field
                    && (f.ty == Ty::Str
                        || matches!(&f.ty, Ty::Named(n) if self.m.enums.contains_key(n.as_str())))
            });
            let why = if !is_command_name(flag) {
                Some(format!("`{flag}` is not a flag name"))
            } else if RESERVED_FLAGS.contains(&flag.as_str())
                || a.request.iter().any(|f| f.flag == *flag)
            {
                Some(format!("--{flag} is a flag of the command already"))
            } else if !text {
                Some(format!(
                    "`{field}` is not a text or enum field of the items"
                ))
            } else {
                None
            };
            match why {
                Some(why) => self.diags.push(a.file, at, why),
                None => out.push((flag.clone(), field.clone())),
            }
        }
        out
    }

    /// A create's stock check: a read, every parameter it requires given by the create under
    /// the same name, its list of objects with a flag for the stock, and each filled
    /// parameter an int of the create matching an int field (sizes both with units or none).
    fn capacity(
        &mut self,
        a: &ActionModel<'m>,
        c: &CapacityDef,
        path: &str,
    ) -> Option<CapacityModel> {
        let path = format!("{path}.capacity");
        let Some(check) = self.m.actions.iter().find(|x| x.name == c.action) else {
            self.diags.push(
                a.file,
                format!("{path}.action"),
                format!(
                    "unknown action `{}`{}",
                    c.action,
                    did_you_mean(&c.action, self.m.actions.iter().map(|x| x.name))
                ),
            );
            return None;
        };
        if !(check.idempotent && compshare_protocol::is_read(check.name)) {
            self.diags.push(
                a.file,
                format!("{path}.action"),
                format!("`{}` is not a read: a check must change nothing", c.action),
            );
        }
        let own = |x: &ActionModel<'m>, wire: &str| {
            x.request
                .iter()
                .find(|f| f.wire == wire && f.setting.is_none())
                .cloned()
        };
        let mut params = Vec::new();
        for f in check.request.iter().filter(|f| f.setting.is_none()) {
            match own(a, &f.wire) {
                Some(mine) if fits(self.m, &mine.ty, &f.ty, 0) => params.push(f.wire.clone()),
                Some(_) => self.diags.push(
                    a.file,
                    path.clone(),
                    format!("`{}` is not read the same way by `{}`", f.wire, c.action),
                ),
                None if f.required => self.diags.push(
                    a.file,
                    path.clone(),
                    format!(
                        "`{}` requires `{}`, which `{}` does not take",
                        c.action, f.wire, a.name
                    ),
                ),
                None => {}
            }
        }
        let list = check.response.iter().find(|f| f.wire == c.list);
        let Some(entries) = list.and_then(|l| struct_of_list(self.m, &l.ty)).cloned() else {
            self.diags.push(
                a.file,
                format!("{path}.list"),
                format!(
                    "`{}` is not a response list of objects of `{}`",
                    c.list, c.action
                ),
            );
            return None;
        };
        if !entries
            .iter()
            .any(|f| f.wire == c.stock && f.ty == Ty::Bool)
        {
            self.diags.push(
                a.file,
                format!("{path}.stock"),
                format!("`{}` is not a flag of the entries", c.stock),
            );
        }
        let mib = |unit: &Option<String>| match unit.as_deref() {
            Some("GB") => Some(1024),
            Some("MB") => Some(1),
            _ => None,
        };
        let mut fill = Vec::new();
        // What must be given first: messages name the configurations in this order.
        let given = c.matches.0.iter().map(|e| (e, false));
        for ((param, field), fills) in given.chain(c.fill.0.iter().map(|e| (e, true))) {
            let at = format!("{path}.fill.{param}");
            let mine = own(a, param).filter(|f| f.ty == Ty::Int);
            let theirs = entries.iter().find(|f| f.wire == *field && f.ty == Ty::Int);
            let (Some(mine), Some(theirs)) = (mine, theirs) else {
                self.diags.push(
                    a.file,
                    at,
                    format!("`{param}` and `{field}` must be an int parameter and an int field of the entries"),
                );
                continue;
            };
            let scale = match (mib(&theirs.unit), mib(&mine.unit)) {
                (Some(t), Some(m)) if t % m == 0 => t / m,
                (None, None) => 1,
                _ => {
                    self.diags.push(
                        a.file,
                        at,
                        "a size is compared with a size: both need a `unit`, the entries' no finer",
                    );
                    continue;
                }
            };
            fill.push((param.clone(), field.clone(), scale, fills));
        }
        Some(CapacityModel {
            action: c.action.clone(),
            params,
            list: c.list.clone(),
            stock: c.stock.clone(),
            fill,
        })
    }

    /// A listing's `show`, checked: the listing names its items' id, the id parameter is
    /// text or a list of text, the card's paths resolve, the secrets are secret fields.
    fn show(&mut self, a: &ActionModel<'m>, s: &ShowDef, path: &str) -> Option<ShowModel> {
        let path = format!("{path}.show");
        let fail = |r: &mut Self, why: String| {
            r.diags.push(a.file, path.clone(), why);
            None
        };
        let Some(p) = &a.paginate else {
            return fail(self, "`show` is for listings (`paginate`)".to_owned());
        };
        let items = a
            .response
            .iter()
            .find(|f| f.ident == p.items || f.wire == p.items)?;
        let fields = struct_of_list(self.m, &items.ty)?.clone();
        let Some(id_field) =
            p.id.as_ref()
                .and_then(|id| fields.iter().find(|f| f.ident == *id || f.wire == *id))
        else {
            return fail(
                self,
                "`show` needs the listing's `paginate.id`: the items' id".to_owned(),
            );
        };
        let param = a
            .request
            .iter()
            .find(|f| f.wire == s.ids && f.setting.is_none());
        let ids_many = match param.map(|f| &f.ty) {
            Some(Ty::Str) => false,
            Some(Ty::List(inner)) if **inner == Ty::Str => true,
            _ => {
                return fail(
                    self,
                    format!(
                        "`{}` is not a text or text-list parameter of `{}`",
                        s.ids, a.name
                    ),
                );
            }
        };
        let card = self.resolve_columns(a, &s.card, &fields, &format!("{path}.card"));
        for secret in &s.secrets {
            if !fields
                .iter()
                .any(|f| f.wire == *secret && f.sensitive && self.scalar(&f.ty))
            {
                self.diags.push(
                    a.file,
                    format!("{path}.secrets"),
                    format!("`{secret}` is not a secret text field of the items"),
                );
            }
        }
        let name = s.name.clone().unwrap_or_else(|| "show".to_owned());
        if !is_command_name(&name) {
            return fail(self, format!("`{name}` is not a command name"));
        }
        Some(ShowModel {
            name,
            about: super::docs::plain_text(&s.doc, &[]),
            ids: s.ids.clone(),
            ids_many,
            id_field: id_field.wire.clone(),
            card,
            secrets: s.secrets.clone(),
        })
    }

    /// Every own parameter can be a flag: not one of the tool's, its value readable from
    /// text, a secret not a list.
    fn check_args(&mut self, a: &ActionModel<'m>, path: &str) {
        for f in a.request.iter().filter(|f| f.setting.is_none()) {
            if RESERVED_FLAGS.contains(&f.flag.as_str()) {
                self.diags.push(
                    a.file,
                    format!("{path}: request.{}", f.wire),
                    format!(
                        "its flag `--{}` is one the tool has on every command",
                        f.flag
                    ),
                );
                continue;
            }
            let why = match (&f.ty, f.sensitive) {
                (Ty::List(_), true) => {
                    Some("a list of secrets cannot be read from the terminal".to_owned())
                }
                (Ty::List(inner), false) => readable(inner).err(),
                (ty, _) => readable(ty).err(),
            };
            if let Some(why) = why {
                self.diags.push(
                    a.file,
                    format!("actions.{}.request.{}", a.name, f.wire),
                    why,
                );
            }
        }
    }

    /// The fields of every parameter object a command takes can be read from text too.
    fn check_objects(&mut self) {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<String> = self
            .m
            .actions
            .iter()
            .flat_map(|a| a.request.iter().filter(|f| f.setting.is_none()))
            .filter_map(|f| self.m.object_of(&f.ty))
            .collect();
        while let Some(ty) = todo.pop() {
            if !seen.insert(ty.clone()) {
                continue;
            }
            for f in self
                .m
                .structs
                .get(ty.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                let elem = match &f.ty {
                    Ty::List(inner) => inner,
                    other => other,
                };
                match readable(elem) {
                    Ok(()) => todo.extend(self.m.object_of(elem)),
                    Err(why) => self.diags.push(
                        &self.m.src.dir,
                        format!("types.{ty}.fields.{}", f.wire),
                        why,
                    ),
                }
            }
        }
    }

    /// `cli.defaults`, checked: the value is sent when the flag is not given, which makes a
    /// required parameter optional on the command line.
    fn defaults(&mut self, a: &ActionModel<'m>, path: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for (wire, value) in &a.cli.defaults.0 {
            let at = format!("{path}.defaults.{wire}");
            let own = a
                .request
                .iter()
                .find(|f| f.wire == *wire && f.setting.is_none());
            let Some(f) = own else {
                self.diags.push(
                    a.file,
                    at,
                    format!("`{}` has no parameter `{wire}` of its own", a.name),
                );
                continue;
            };
            match default_fits(self.m, f, value) {
                Ok(()) => {
                    out.insert(wire.clone(), value.to_string());
                }
                Err(why) => self.diags.push(a.file, at, why),
            }
        }
        out
    }

    /// `cli.aliases`, checked: each names a parameter of the action's own, and is a flag's
    /// name no other flag of the command has.
    fn aliases(&mut self, a: &ActionModel<'m>, path: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let own: Vec<&RField> = a.request.iter().filter(|f| f.setting.is_none()).collect();
        for (wire, alias) in &a.cli.aliases.0 {
            let at = format!("{path}.aliases.{wire}");
            let why = if !own.iter().any(|f| f.wire == *wire) {
                Some(format!("`{}` has no parameter `{wire}` of its own", a.name))
            } else if !is_command_name(alias) {
                Some(format!("`{alias}` is not lowercase words joined by `-`"))
            } else if RESERVED_FLAGS.contains(&alias.as_str())
                || own.iter().any(|f| f.flag == *alias)
                || out.values().any(|v| v == alias)
            {
                Some(format!("`--{alias}` is already a flag of the command"))
            } else {
                None
            };
            match why {
                Some(why) => self.diags.push(a.file, at, why),
                None => {
                    out.insert(wire.clone(), alias.clone());
                }
            }
        }
        out
    }

    fn quote(&mut self, a: &ActionModel<'m>, q: &QuoteDef, path: &str) -> Option<QuoteModel> {
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
        let mut ir = QuoteModel {
            action: q.action.clone(),
            params: self.quote_params(a, price, q, &path),
            list: None,
            key: None,
            sum: Vec::new(),
            field: None,
            scale: q.scale.unwrap_or(1.0),
            times: None,
            billing: None,
            duration: None,
        };
        self.quoted_params(a, q, &path, &mut ir);
        self.price_place(a, price, q, &path, &mut ir)?;
        Some(ir)
    }

    /// The price action's parameters from the quoted action's, each the same shape, every
    /// required one given.
    fn quote_params(
        &mut self,
        a: &ActionModel<'m>,
        price: &ActionModel<'m>,
        q: &QuoteDef,
        path: &str,
    ) -> Vec<(String, String)> {
        let mut params = Vec::new();
        for (to, from) in &q.params.0 {
            let at = format!("{path}.params.{to}");
            let own = |m: &ActionModel<'m>, wire: &str| {
                m.request
                    .iter()
                    .find(|f| f.wire == wire && f.setting.is_none())
                    .cloned()
            };
            let Some(target) = own(price, to) else {
                self.diags.push(
                    a.file,
                    at,
                    format!("`{}` has no parameter `{to}` of its own", q.action),
                );
                continue;
            };
            let Some(source) = own(a, from) else {
                self.diags.push(
                    a.file,
                    at,
                    format!("`{}` has no parameter `{from}` of its own", a.name),
                );
                continue;
            };
            if matches!(target.ty, Ty::List(_)) != matches!(source.ty, Ty::List(_)) {
                self.diags.push(
                    a.file,
                    at,
                    format!("`{to}` and `{from}` are not both lists, or both single values"),
                );
                continue;
            }
            if source.sensitive {
                self.diags.push(
                    a.file,
                    at,
                    format!("`{from}` is a secret: a quote never carries one"),
                );
                continue;
            }
            // The quote reads the value as the quoted request holds it (a number as a
            // number, an object's fields by their own types).
            if !fits(self.m, &source.ty, &target.ty, 0) {
                self.diags.push(
                    a.file,
                    at,
                    format!(
                        "`{from}` of `{}` cannot be read as `{to}` of `{}`: their types differ",
                        a.name, q.action
                    ),
                );
                continue;
            }
            params.push((to.clone(), from.clone()));
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
        params
    }

    /// The quoted action's parameters that multiply the price, count its periods and name
    /// its billing mode.
    fn quoted_params(
        &mut self,
        a: &ActionModel<'m>,
        q: &QuoteDef,
        path: &str,
        ir: &mut QuoteModel,
    ) {
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
    }

    /// Where the price is in the price action's answer: a list's entry, or a field.
    fn price_place(
        &mut self,
        a: &ActionModel<'m>,
        price: &ActionModel<'m>,
        q: &QuoteDef,
        path: &str,
        ir: &mut QuoteModel,
    ) -> Option<()> {
        match (&q.list, &q.field) {
            (Some(list), None) => {
                let found = price.response.iter().find(|f| f.wire == *list);
                let elem = found.and_then(|f| struct_of_list(self.m, &f.ty));
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
                path,
                "say where the price is: `list` and `sum`, or `field`",
            ),
        }
        Some(())
    }

    fn wait(&mut self, a: &ActionModel<'m>, w: &CliWaitDef, path: &str) -> Option<WaitModel> {
        let path = format!("{path}.wait");
        let method = format!("wait_until_{}", crate::names::snake(&w.waiter));
        let found = self
            .m
            .actions
            .iter()
            .find_map(|p| p.waiters.iter().find(|x| x.method == method));
        let Some(waiter) = found else {
            self.diags.push(
                a.file,
                format!("{path}.waiter"),
                format!("unknown waiter `{}`", w.waiter),
            );
            return None;
        };
        if waiter.target.is_none() {
            self.diags.push(
                a.file,
                format!("{path}.waiter"),
                format!(
                    "waiter `{}` follows no id (`id:`), so it cannot follow this call's",
                    w.waiter
                ),
            );
            return None;
        }
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
        let texts = |f: &&RField| {
            matches!(&f.ty, Ty::Str) || matches!(&f.ty, Ty::List(i) if **i == Ty::Str)
        };
        if !fields.iter().filter(texts).any(|f| f.wire == wire) {
            self.diags.push(
                a.file,
                format!("{path}.ids"),
                format!("`{}` has no string or list of strings `{}`", a.name, w.ids),
            );
            return None;
        }
        Some(WaitModel {
            waiter: w.waiter.clone(),
            from_response,
            source: wire.to_owned(),
        })
    }

    /// The list `--output table` shows (a listing's items, or the spec's `rows`) and its
    /// columns: the spec's, else the rows' first scalar fields. Each path goes through
    /// fields and list indexes to a scalar.
    fn columns(&mut self, a: &ActionModel<'m>, path: &str) -> (Option<String>, Vec<ColumnModel>) {
        let rows = match (&a.paginate, &a.cli.rows) {
            (Some(p), None) => Some(p.items.clone()),
            (None, Some(rows)) => Some(rows.clone()),
            (Some(p), Some(_)) => {
                self.diags.push(
                    a.file,
                    format!("{path}.rows"),
                    "a listing's table shows its items: no `rows`",
                );
                Some(p.items.clone())
            }
            (None, None) => None,
        };
        let Some(rows) = rows else {
            if !a.cli.columns.is_empty() {
                self.diags.push(
                    a.file,
                    format!("{path}.columns"),
                    "only listings (`paginate`) and actions with `rows` have columns",
                );
            }
            return (None, Vec::new());
        };
        let items = a
            .response
            .iter()
            .find(|f| f.ident == rows || f.wire == rows);
        if let Some(map) = items.filter(|i| matches!(i.ty, Ty::Map(_))) {
            return (Some(map.wire.clone()), self.map_columns(a, map, path));
        }
        if !a.cli.keys.is_empty() || a.cli.value.is_some() || a.cli.zone_names.is_some() {
            self.diags.push(
                a.file,
                format!("{path}.keys"),
                "`keys`, `value` and `zone_names` are for `rows` that is a map",
            );
        }
        let Some(fields) = items.and_then(|i| struct_of_list(self.m, &i.ty)).cloned() else {
            self.diags.push(
                a.file,
                format!("{path}.rows"),
                format!("`{rows}` is not a response list of objects"),
            );
            return (None, Vec::new());
        };
        let wire = items.map(|i| i.wire.clone());
        if a.cli.columns.is_empty() {
            let first = fields.iter().filter(|f| self.scalar(&f.ty) && !f.sensitive);
            let columns = first
                .take(DEFAULT_COLUMNS)
                .map(|f| ColumnModel {
                    header: f.wire.clone(),
                    path: f.wire.clone(),
                    unit: f.unit.clone(),
                })
                .collect();
            return (wire, columns);
        }
        let columns = self.resolve_columns(a, &a.cli.columns, &fields, &format!("{path}.columns"));
        (wire, columns)
    }

    /// Columns (or a card's lines) of rows with `fields`: a field, or `{Header: path}`, each
    /// path checked by [`column_path`](Self::column_path); a problem reported at `at`.
    fn resolve_columns(
        &mut self,
        a: &ActionModel<'m>,
        defs: &[ColumnDef],
        fields: &[RField],
        at: &str,
    ) -> Vec<ColumnModel> {
        let mut out = Vec::new();
        for c in defs {
            let (header, path) = match c {
                ColumnDef::Field(f) => (f.clone(), f.clone()),
                ColumnDef::Named(named) if named.len() == 1 => {
                    let (h, p) = named.iter().next().expect("one entry");
                    (h.clone(), p.clone())
                }
                ColumnDef::Named(_) => {
                    self.diags.push(
                        a.file,
                        at.to_owned(),
                        "a named column is one `Header: path`",
                    );
                    continue;
                }
            };
            match self.column_path(fields, &path) {
                Ok(unit) => out.push(ColumnModel { header, path, unit }),
                Err(why) => self
                    .diags
                    .push(a.file, at.to_owned(), format!("`{path}`: {why}")),
            }
        }
        out
    }

    /// The columns of a map's rows: one per level of keys, then the values'; the map's
    /// depth is the number of keys, its values are scalars; a zone column needs the zones'
    /// ids in `service.cli.regions`.
    fn map_columns(&mut self, a: &ActionModel<'m>, map: &RField, path: &str) -> Vec<ColumnModel> {
        let mut depth = 0;
        let mut ty = &map.ty;
        while let Ty::Map(inner) = ty {
            depth += 1;
            ty = inner;
        }
        let mut problems = Vec::new();
        if a.cli.keys.len() != depth {
            problems.push(format!(
                "`{}` is a map {depth} deep: `keys` names {depth} columns, not {}",
                map.wire,
                a.cli.keys.len()
            ));
        }
        if !self.scalar(ty) {
            problems.push(format!(
                "`{}`'s values are not text, numbers, flags or enums",
                map.wire
            ));
        }
        if a.cli.value.is_none() {
            problems.push("`value` names the values' column".to_owned());
        }
        if !a.cli.columns.is_empty() {
            problems.push("a map's columns are its `keys` and `value`, not `columns`".to_owned());
        }
        if let Some(z) = &a.cli.zone_names {
            if !a.cli.keys.contains(z) {
                problems.push(format!("`zone_names: {z}` is not one of the `keys`"));
            }
            if self
                .m
                .service
                .cli
                .as_ref()
                .and_then(|c| c.regions.as_ref())
                .and_then(|r| r.zone_id.as_ref())
                .is_none()
            {
                problems.push("`zone_names` needs `service.cli.regions.zone_id`".to_owned());
            }
        }
        for p in problems {
            self.diags.push(a.file, format!("{path}.keys"), p);
        }
        a.cli
            .keys
            .iter()
            .chain(&a.cli.value)
            .map(|k| ColumnModel {
                header: k.clone(),
                path: k.clone(),
                unit: None,
            })
            .collect()
    }

    /// Whether a field of this type is shown as one cell: text, a number, a flag, an enum.
    fn scalar(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Str | Ty::Int | Ty::Float | Ty::Bool => true,
            Ty::Named(n) => self.m.enums.contains_key(n.as_str()),
            _ => false,
        }
    }

    /// Whether the scalar at `path` (already followed without error) is a number.
    fn numeric_path(&self, row: &[RField], path: &str) -> bool {
        let mut fields = row;
        let mut ty = None;
        for step in path.split('.') {
            let name = step.split_once('[').map_or(step, |(n, _)| n);
            let Some(field) = fields.iter().find(|f| f.wire == name) else {
                return false;
            };
            let mut t = &field.ty;
            while let Ty::List(inner) = t {
                t = inner;
            }
            if let Ty::Named(n) = t
                && let Some(inner) = self.m.structs.get(n.as_str())
            {
                fields = inner;
            }
            ty = Some(t);
        }
        matches!(ty, Some(Ty::Int | Ty::Float))
    }

    /// Follows `path` (`IPSet[0].IP`: fields by wire name, list elements by index) from a
    /// row's fields to a scalar that is not a secret; its unit, if it is a size. A sum of
    /// numbers (`Instance+Disks`) adds paths to numbers without units.
    fn column_path(&self, row: &[RField], path: &str) -> Result<Option<String>, String> {
        if path.contains('+') {
            for part in path.split('+') {
                if part.contains("[]") {
                    return Err(format!("`{part}`: a sum adds one value of each path"));
                }
                if self.column_path(row, part)?.is_some() {
                    return Err(format!("`{part}` has a unit: a sum adds plain numbers"));
                }
                if !self.numeric_path(row, part) {
                    return Err(format!("`{part}` is not a number: a sum adds numbers"));
                }
            }
            return Ok(None);
        }
        let mut fields = row;
        let steps: Vec<&str> = path.split('.').collect();
        for (i, step) in steps.iter().enumerate() {
            let (name, indexes) = match step.split_once('[') {
                Some((name, rest)) => (name, Some(rest)),
                None => (*step, None),
            };
            let field = fields
                .iter()
                .find(|f| f.wire == name)
                .ok_or_else(|| format!("no field `{name}` there"))?;
            if field.sensitive {
                return Err(format!("`{name}` is a secret"));
            }
            let mut ty = &field.ty;
            if let Some(rest) = indexes {
                // `[N]`: one element; `[]`: each, their values joined.
                rest.strip_suffix(']')
                    .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
                    .ok_or_else(|| format!("`{step}` is not `Name[N]` or `Name[]`"))?;
                match ty {
                    Ty::List(inner) => ty = inner,
                    _ => return Err(format!("`{name}` is not a list")),
                }
            }
            let last = i + 1 == steps.len();
            if last {
                if !self.scalar(ty) {
                    return Err("not a text, number, flag or enum".to_owned());
                }
                return Ok(field.unit.clone());
            }
            fields = match ty {
                Ty::Named(n) => self
                    .m
                    .structs
                    .get(n.as_str())
                    .map(Vec::as_slice)
                    .ok_or_else(|| format!("`{name}` has no fields"))?,
                Ty::List(_) => {
                    return Err(format!("`{name}` is a list: name an element, `{name}[0]`"));
                }
                _ => return Err(format!("`{name}` has no fields")),
            };
        }
        Err("empty".to_owned())
    }

    /// `service.cli.resources`, checked against the listing actions they name.
    fn resources(&mut self, file: &str, def: &CliDef) -> Vec<ResourceModel> {
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
            let param = match action
                .request
                .iter()
                .find(|f| f.wire == r.ids)
                .map(|f| &f.ty)
            {
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
            let fields = items.and_then(|f| struct_of_list(self.m, &f.ty));
            let has = |wire: &str| {
                fields.is_some_and(|fs| fs.iter().any(|f| f.wire == wire && f.ty == Ty::Str))
            };
            for (key, field) in [("region", &r.region), ("zone", &r.zone)] {
                if let Some(field) = field.as_ref().filter(|f| !has(f)) {
                    self.diags.push(
                        file,
                        format!("{path}.{key}"),
                        format!(
                            "`{field}` is not a text field of the items of `{}`",
                            r.items
                        ),
                    );
                }
            }
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
            out.push(ResourceModel {
                id: id.clone(),
                action: r.action.clone(),
                param,
                items: r.items.clone(),
                name: r.name.clone(),
                region: r.region.clone(),
                zone: r.zone.clone(),
            });
        }
        out
    }

    /// `service.cli.regions`, checked: a listing whose items name a region each.
    fn regions(&mut self, file: &str, def: &CliDef) -> Option<crate::ir::cli::RegionsIr> {
        let r = def.regions.as_ref()?;
        let action = self.m.actions.iter().find(|a| a.name == r.action);
        let items = action.and_then(|a| a.response.iter().find(|f| f.wire == r.items));
        let fields = items.and_then(|f| struct_of_list(self.m, &f.ty));
        let text = |name: &str| {
            fields.is_some_and(|fs| fs.iter().any(|f| f.wire == name && f.ty == Ty::Str))
        };
        let id = |name: &str| {
            fields.is_some_and(|fs| {
                fs.iter()
                    .any(|f| f.wire == name && matches!(f.ty, Ty::Str | Ty::Int))
            })
        };
        if let Some(bad) = r.zone_id.iter().find(|name| !id(name)) {
            self.diags.push(
                file,
                "service.cli.regions.zone_id",
                format!(
                    "`{bad}` is not a text or int field of `{}`'s items",
                    r.action
                ),
            );
            return None;
        }
        if let Some(bad) = std::iter::once(&r.region)
            .chain(&r.zone)
            .find(|name| !text(name))
        {
            self.diags.push(
                file,
                "service.cli.regions",
                format!(
                    "`{}` is not a response list of `{}` whose items have a text field `{bad}`",
                    r.items, r.action
                ),
            );
            return None;
        }
        Some(crate::ir::cli::RegionsIr {
            action: r.action.clone(),
            items: r.items.clone(),
            region: r.region.clone(),
            zone: r.zone.clone(),
            zone_id: r.zone_id.clone(),
        })
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
}

/// Columns `--output table` shows when a listing names none.
const DEFAULT_COLUMNS: usize = 6;

/// Whether a value of `ty` (not a list) can be read from a flag's text or a tool's JSON.
fn readable(ty: &Ty) -> Result<(), String> {
    match ty {
        Ty::List(_) => Err("a list of lists cannot be given on the command line".to_owned()),
        Ty::Json | Ty::Map(_) => Err("json and maps are never sent".to_owned()),
        _ => Ok(()),
    }
}

/// The fields of the elements of a list of objects.
fn struct_of_list<'a>(m: &'a Model<'_>, ty: &Ty) -> Option<&'a Vec<RField>> {
    match ty {
        Ty::List(inner) => match &**inner {
            Ty::Named(n) => m.structs.get(n.as_str()),
            _ => None,
        },
        _ => None,
    }
}

/// Whether a value of the quoted request's type `from` is read as the price request's `to`:
/// the same scalars (a whole number as a float too), text as any text or enum, lists of
/// such, and objects whose shared fields fit and that give every field `to` requires.
fn fits(m: &Model<'_>, from: &Ty, to: &Ty, depth: usize) -> bool {
    let text =
        |t: &Ty| *t == Ty::Str || matches!(t, Ty::Named(n) if m.enums.contains_key(n.as_str()));
    match (from, to) {
        (Ty::List(a), Ty::List(b)) => fits(m, a, b, depth + 1),
        (a, b) if text(a) && text(b) => true,
        (Ty::Int, Ty::Int | Ty::Float) | (Ty::Float, Ty::Float) | (Ty::Bool, Ty::Bool) => true,
        (Ty::Named(a), Ty::Named(b)) if depth < 8 => {
            let (Some(a), Some(b)) = (m.structs.get(a.as_str()), m.structs.get(b.as_str())) else {
                return false;
            };
            b.iter().all(|g| match a.iter().find(|f| f.wire == g.wire) {
                Some(f) => fits(m, &f.ty, &g.ty, depth + 1),
                None => !g.required,
            })
        }
        _ => false,
    }
}

/// Whether a `cli.defaults` value fits its parameter: a single text, enum value, number or
/// flag of the parameter's type (an enum's value must be one it knows).
fn default_fits(m: &Model<'_>, f: &RField, d: &Scalar) -> Result<(), String> {
    let object = m.object_of(&f.ty);
    let fits = match (&f.ty, d) {
        _ if f.sensitive => false,
        // A parameter object (or one of a list of them), as its flag takes it: key=value,...
        (_, Scalar::Str(s)) if object.is_some() => {
            let fields = m.structs.get(object.as_deref().unwrap_or_default());
            let keys_known = s.split(',').all(|pair| {
                pair.split_once('=').is_some_and(|(k, _)| {
                    fields
                        .is_some_and(|fs| fs.iter().any(|g| g.wire.eq_ignore_ascii_case(k.trim())))
                })
            });
            if !keys_known {
                return Err(format!(
                    "`{s}` is not key=value,... of the fields of `{}`",
                    object.unwrap_or_default()
                ));
            }
            true
        }
        (Ty::Str, Scalar::Str(_))
        | (Ty::Int, Scalar::Int(_))
        | (Ty::Bool, Scalar::Bool(_))
        | (Ty::Float, Scalar::Int(_) | Scalar::Float(_)) => true,
        (Ty::Named(n), Scalar::Str(s)) => match m.enums.get(n.as_str()) {
            Some(variants) => {
                if !variants.iter().any(|v| v.wire == *s) {
                    return Err(format!(
                        "`{s}` is not a known value{}",
                        did_you_mean(s, variants.iter().map(|v| v.wire.as_str()))
                    ));
                }
                true
            }
            None => false,
        },
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

/// Whether an action must declare why it needs confirmation.
fn needs_confirmation(a: &ActionModel<'_>) -> bool {
    !a.idempotent || CONFIRM_VERBS.iter().any(|v| a.name.starts_with(v))
}

/// The command name of an action that declares none: kebab case without the product's
/// name, `DescribeCompShareInstance` -> `describe-instance`.
fn default_name(action: &str) -> String {
    let snake = crate::names::snake(action);
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
