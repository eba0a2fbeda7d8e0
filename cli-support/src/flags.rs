//! The command line's shape: the root with its global flags and built-in commands, groups,
//! action commands, and a flag per parameter. Built with clap's builder API from the
//! generated table's static text.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Arg, ArgAction, Command};

use crate::def::{Def, Field, Kind, Tool, WaitDef};

/// Where every command's help lists the global flags, after its own.
const GLOBAL: &str = "Global options";

/// The whole command line: the root, each group's commands, `mcp` and `wait`.
pub(crate) fn app(tool: &'static Tool) -> Command {
    app_of(tool, None)
}

/// The command line as `args` need it: the commands of the group they name, or of none when
/// they name another command (`--version`, `config`, `mcp`); each group is still listed by
/// name. Building every command's flags is most of the start-up's work. `help` and anything
/// unusual get the whole of it.
pub(crate) fn app_for(tool: &'static Tool, args: &[String]) -> Command {
    app_of(tool, needed(tool.groups, args))
}

/// The group whose commands `args` need: `Some(group)`, `Some("")` for none, `None` for all.
/// Read from the first argument that is not a global flag or its value.
fn needed(
    groups: &'static [(&'static str, &'static str)],
    args: &[String],
) -> Option<&'static str> {
    const VALUED: [&str; 8] = [
        "--output",
        "-o",
        "--query",
        "--profile",
        "--region",
        "--zone",
        "--project-id",
        "--base-url",
    ];
    let mut rest = args.iter().skip(1);
    while let Some(a) = rest.next() {
        if VALUED.contains(&a.as_str()) {
            rest.next();
        } else if a == "--" || a == "help" || a == "completions" {
            return None;
        } else if !a.starts_with('-') {
            return Some(
                groups
                    .iter()
                    .map(|(g, _)| *g)
                    .find(|g| g == a)
                    .unwrap_or(""),
            );
        }
    }
    Some("")
}

fn app_of(tool: &'static Tool, only: Option<&str>) -> Command {
    let profiles = tool.service.auth == compshare_runtime::Auth::UCloudSignature;
    let mut app = root(tool.binary, tool.about, tool.version, profiles);
    let search = crate::search::Search::of(tool).map(|s| s.group());
    for (name, about) in tool.groups {
        let mut group = Command::new(*name).about(*about).subcommand_required(true);
        if only.is_some_and(|o| o != *name) {
            app = app.subcommand(group);
            continue;
        }
        for def in tool.commands.iter().filter(|d| d.group == *name) {
            group = group.subcommand(command(def));
            if let Some(show) = def.show {
                group = group.subcommand(show_command(def, show));
            }
            if let Some(upload) = def.upload {
                group = group.subcommand(upload_command(def, upload));
            }
        }
        if search == Some(*name) {
            group = group.subcommand(crate::search::command());
        }
        app = app.subcommand(group);
    }
    let mut wait = Command::new("wait")
        .about("Wait until a resource reaches a state")
        .subcommand_required(true);
    for w in tool.waits {
        wait = wait.subcommand(wait_command(w));
    }
    app.subcommand(crate::mcp::command()).subcommand(wait)
}

/// The root command: global flags and the built-in commands.
fn root(
    binary: &'static str,
    about: &'static str,
    version: &'static str,
    profiles: bool,
) -> Command {
    let mut config = Command::new("config")
        .about("The configuration in effect, and the saved profiles")
        .subcommand_required(true)
        .subcommand(Command::new("show").about(
            "Print the effective settings and where each came from (keys masked), and what is missing",
        ));
    if profiles {
        config = profile_commands(config);
    }
    Command::new(binary)
        .about(about)
        .version(version)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .after_help(crate::Exit::summary())
        .arg(
            Arg::new("output")
                .help_heading(GLOBAL)
                .long("output")
                .short('o')
                .global(true)
                .value_parser(["json", "yaml", "table"])
                .default_value("json")
                .help("Output: JSON by wire names (one document per call; NDJSON with --all), YAML, or a table"),
        )
        .arg(
            Arg::new("query")
                .help_heading(GLOBAL)
                .long("query")
                .global(true)
                .value_name("JMESPATH")
                .help("Print only what this JMESPath expression selects from the answer (from each item with --all), e.g. 'UHostSet[].{id: UHostId, state: State}'"),
        )
        .arg(
            Arg::new("dry-run")
                .help_heading(GLOBAL)
                .long("dry-run")
                .global(true)
                .action(ArgAction::SetTrue)
                .help("Print the request that would be sent (secrets masked) and send nothing"),
        )
        .arg(global("profile", "Profile of the configuration files (UCLOUD_PROFILE, COMPSHARE_PROFILE)"))
        .arg(global("region", "Region, e.g. cn-wlcb (else UCLOUD_REGION, else the profile's)"))
        .arg(global("zone", "Zone, e.g. cn-wlcb-01 (else UCLOUD_ZONE, else the profile's)"))
        .arg(global("project-id", "Project id (else UCLOUD_PROJECT_ID, else the profile's)"))
        .arg(global("base-url", "The API endpoint of the command's service (else its variable: UCLOUD_API_BASE_URL, or a joined service's own; else the profile's; else the service's default)"))
        .subcommand(
            Command::new("call")
                .about("Call any action by name: call <Action> Key=Value ...")
                .after_help("Lists and objects are flattened as the API takes them: UHostIds.0=uhost-1 Disks.0.Size=100.")
                .arg(Arg::new("action").required(true).help("The API action, e.g. DescribeCompShareInstance"))
                .arg(Arg::new("params").num_args(0..).help("Parameters as Key=Value"))
                .arg(yes_flag("an action that is not a read may change or cost something.")),
        )
        .subcommand(config)
        .subcommand(Command::new("doctor").about(
            "Check this machine: keys and where they are, their files private, the API answering, the region and zone, ssh",
        ))
        .subcommand(
            Command::new("completions")
                .about("Print a shell completion script")
                .arg(
                    Arg::new("shell")
                        .required(true)
                        .value_parser(["bash", "zsh", "fish"]),
                ),
        )
}

/// `config set/list/use/delete/path`: profiles in compshare-cli's file, which both tools read.
fn profile_commands(config: Command) -> Command {
    let name = |required: bool, help: &'static str| Arg::new("name").required(required).help(help);
    config
        .subcommand(
            Command::new("set")
                .about("Save keys, and the region and zone given with --region and --zone, in a profile, and use it")
                .after_help("The private key is asked for without echo on a terminal, or read with --private-key-stdin; it is never taken from the command line. The file is compshare-cli's (see `config path`): both tools read it.")
                .arg(name(false, "The profile (else --profile, else `default`)"))
                .arg(
                    Arg::new("public-key")
                        .long("public-key")
                        .value_name("KEY")
                        .help("The public key (asked for on a terminal when the profile has none)"),
                )
                .arg(
                    Arg::new("private-key-stdin")
                        .long("private-key-stdin")
                        .action(ArgAction::SetTrue)
                        .help("Read the private key from standard input"),
                )
                .arg(
                    Arg::new("no-activate")
                        .long("no-activate")
                        .action(ArgAction::SetTrue)
                        .help("Save it without making it the profile in use"),
                ),
        )
        .subcommand(Command::new("list").about("List the saved profiles, the one in use marked (keys masked)"))
        .subcommand(
            Command::new("use")
                .about("Make a saved profile the one both tools use")
                .arg(name(true, "The profile")),
        )
        .subcommand(
            Command::new("delete")
                .about("Delete a saved profile and its keys")
                .arg(name(true, "The profile"))
                .arg(yes_flag("the profile's keys are deleted.")),
        )
        .subcommand(Command::new("path").about("Print the path of the profiles' file"))
}

fn global(id: &'static str, help: &'static str) -> Arg {
    Arg::new(id)
        .long(id)
        .global(true)
        .value_name("VALUE")
        .help(help)
        .help_heading(GLOBAL)
}

/// A listing's `show`: the id, and whether to reveal its secrets.
fn show_command(def: &Def, show: &crate::Show) -> Command {
    let mut cmd = Command::new(show.name)
        .about(show.about)
        .after_help(def.api())
        .arg(
            Arg::new("id")
                .required(true)
                .value_name("ID")
                .help(format!("The {} to show", show.id_field)),
        );
    if !show.secrets.is_empty() {
        cmd = cmd.arg(
            Arg::new("show-sensitive")
                .long("show-sensitive")
                .action(ArgAction::SetTrue)
                .help(format!(
                    "Show its {} too (never shown otherwise)",
                    show.secrets.join(", ")
                )),
        );
    }
    cmd
}

/// An action's command: a flag per parameter, and the tool's own flags where they apply;
/// its help ends naming the API action.
fn command(def: &Def) -> Command {
    let cmd = Command::new(def.name).after_help(def.api());
    let mut cmd = match def.deprecated {
        Some(why) => cmd
            .about(format!("[deprecated] {}", def.about))
            .long_about(format!("{}\n\nDeprecated: {why}", def.long_about)),
        None => cmd.about(def.about).long_about(def.long_about),
    };
    for f in def.fields {
        // The ids may come as arguments instead: their flag is not required of clap.
        if def.ids == Some(f.wire) {
            cmd = cmd.args(arg(f).into_iter().map(|a| a.required(false)));
        } else {
            // A required parameter a shorthand writes may come from the shorthand instead.
            let shorthands: Vec<&str> = def
                .shorthands
                .iter()
                .filter(|s| s.param == f.wire)
                .map(|s| s.flag)
                .collect();
            cmd = cmd.args(arg(f).into_iter().map(|a| {
                match shorthands.as_slice() {
                    [] => a,
                    flags if a.is_required_set() => a
                        .required(false)
                        .required_unless_present_any(flags.iter().copied()),
                    _ => a,
                }
            }));
        }
    }
    if let Some(wire) = def.ids {
        let help = if def.fields.iter().any(|f| f.wire == wire && f.many) {
            format!("The {wire} (or its flag), one or several")
        } else {
            format!(
                "The {wire} to act on (or its flag); several are acted on in turn, with one result each"
            )
        };
        cmd = cmd.arg(Arg::new("ids").num_args(0..).value_name("ID").help(help));
    }
    if let Some(why) = def.confirm {
        cmd = cmd.arg(yes_flag(why));
    }
    if def.pages.is_some() {
        cmd = cmd.arg(all_flag());
    }
    for s in def.shorthands {
        cmd = cmd.arg(shorthand_arg(def, s));
    }
    for (flag, field) in def.filters {
        cmd = cmd.arg(
            Arg::new(*flag)
                .long(*flag)
                .value_name("TEXT")
                .help_heading("Filters")
                .help(format!(
                    "Only the items whose {field} contains this (case aside); filtered here, after the listing"
                )),
        );
    }
    if let Some(after) = def.wait {
        cmd = cmd.args(wait_flags(after.waiter.waiter));
    }
    if let Some(q) = def.quote {
        cmd = cmd.arg(max_price_flag(q.quote.action));
    }
    if def.file {
        cmd = cmd.args(file_flags());
    } else if let Some(path) = def.download_path() {
        cmd = cmd.args(download_flags(path, def.download.is_none()));
    }
    cmd
}

/// `--output-file` and `--force`, on commands whose answer (or whose `--wait`'s last poll)
/// names a URL of what was made.
fn download_flags(path: &'static str, after_wait: bool) -> Vec<Arg> {
    let when = if after_wait {
        "With --wait: once it has succeeded, download"
    } else {
        "Download"
    };
    vec![
        Arg::new("output-file")
            .long("output-file")
            .short('O')
            .value_name("PATH")
            .help(format!(
                "{when} what was made ({path}) to this file, with progress on a terminal; the answer is printed as usual"
            )),
        Arg::new("force")
            .long("force")
            .action(ArgAction::SetTrue)
            .help("With --output-file: replace a file that exists"),
    ]
}

/// An upload's command: the file, and the registering action's own flags.
fn upload_command(ask: &Def, u: &'static crate::Upload) -> Command {
    let mut cmd = Command::new(u.name)
        .about(u.about)
        .after_help(format!(
            "{} ({}), PUT to the URL it answers, then {}",
            ask.api(),
            ask.name,
            u.register.api()
        ))
        .arg(
            Arg::new("file")
                .required(true)
                .value_name("FILE")
                .help(format!(
                    "The file: {}",
                    u.types
                        .iter()
                        .map(|(e, _)| format!(".{e}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
        );
    for f in crate::transfer::own_fields(u) {
        cmd = cmd.args(arg(f));
    }
    cmd.arg(yes_flag(u.register.confirm.unwrap_or("Uploads the file.")))
}

/// A shorthand's flag: its text's fields in its value's name (`SIZE[:TYPE]`), sizes' units
/// and what it writes in its help.
fn shorthand_arg(def: &Def, s: &crate::def::Shorthand) -> Arg {
    let value_name: String = s
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let name = f.to_uppercase();
            match i {
                0 => name,
                i if i == s.required => format!("[:{name}"),
                _ => format!(":{name}"),
            }
        })
        .collect::<String>()
        + if s.fields.len() > s.required { "]" } else { "" };
    // clap takes `&'static str` names (its `string` feature is not built): made once.
    let value_name: &'static str = Box::leak(value_name.into_boxed_str());
    let elements = crate::request::element_fields(def, s).unwrap_or(&[]);
    let mut help = s.help.to_owned();
    for f in elements.iter().filter(|f| s.fields.contains(&f.wire)) {
        if let Kind::Size(unit) = f.kind {
            help.push_str(&format!(
                " {}: a size (100GiB, 1TiB) or a number of {}.",
                f.wire.to_uppercase(),
                unit.name()
            ));
        }
    }
    let param = def.fields.iter().find(|f| f.wire == s.param);
    if let Some(p) = param {
        help.push_str(&format!(" Not with --{}.", p.flag));
    }
    if s.repeat {
        help.push_str(" Repeat the flag for each one.");
    }
    Arg::new(s.flag)
        .long(s.flag)
        .value_name(value_name)
        .help(help)
        .action(if s.repeat {
            ArgAction::Append
        } else {
            ArgAction::Set
        })
}

/// The flags of one parameter: one, or for a secret, `--<flag>-stdin` (and a hidden
/// `--<flag>` that refuses a value given on the command line).
fn arg(f: &Field) -> Vec<Arg> {
    let (id, help) = (f.flag, f.help);
    if let Kind::Secret { variable, generate } = f.kind {
        let stdin: &'static str = Box::leak(format!("{id}-stdin").into_boxed_str());
        let otherwise = match (f.required, generate) {
            (_, true) => "; else one is made when the request is sent, and shown once",
            (true, false) => " (required)",
            (false, false) => "",
        };
        return vec![
            Arg::new(stdin)
                .long(stdin)
                .action(ArgAction::SetTrue)
                .help(format!(
                    "{help} Read from standard input; else from {variable}; else asked on a terminal, twice{otherwise}. Never taken from the command line."
                )),
            Arg::new(id)
                .long(id)
                .hide(true)
                .num_args(0..=1)
                .value_parser(NotOnCommandLine(stdin, variable)),
        ];
    }
    let mut help = help.to_owned();
    if let Kind::Size(unit) = f.kind {
        help = format!(
            "{help} Takes a size: 64GiB, 512MiB, 1TiB, or a number of {}.",
            unit.name()
        );
    }
    if let Kind::Enum(_) = f.kind {
        // The API's enums grow: the values listed are the ones known, not a limit.
        help = format!("{help} Values not listed are sent as given.");
    }
    if let Some(d) = f.default {
        help = format!("{help} This tool sends `{d}` when it is not given.");
    }
    if f.many {
        help = format!("{help} Repeat the flag for each value.");
    }
    let mut a = Arg::new(id)
        .long(id)
        .help(help)
        .required(f.required)
        .action(if f.many {
            ArgAction::Append
        } else {
            ArgAction::Set
        });
    a = match f.kind {
        Kind::Text => a.value_name("TEXT"),
        // `-1` is a value to check, not a flag.
        Kind::Int => a.value_name("INT").allow_negative_numbers(true),
        Kind::Size(_) => a.value_name("SIZE"),
        Kind::Float => a.value_name("NUMBER").allow_negative_numbers(true),
        Kind::Bool => a
            .value_name("BOOL")
            .value_parser(PossibleValuesParser::new(["true", "false"])),
        Kind::Enum(values) => a.value_name("VALUE").value_parser(Open(values)),
        Kind::Object(_) => a.value_name("KEY=VALUE,...|JSON"),
        Kind::Secret { .. } => a,
    };
    if let Some(d) = f.default {
        a = a.default_value(d);
    }
    for alias in f.aliases {
        a = a.visible_alias(*alias);
    }
    vec![a]
}

/// Offers known values, accepts any: the API's enums are open, and a value newer than this
/// tool must still be sendable.
#[derive(Clone)]
struct Open(&'static [&'static str]);

impl TypedValueParser for Open {
    type Value = String;

    fn parse_ref(
        &self,
        _cmd: &Command,
        _arg: Option<&Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        value
            .to_str()
            .map(str::to_owned)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidUtf8))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().map(|v| PossibleValue::new(*v))))
    }
}

/// Refuses a secret given as a flag's value, before anything else happens.
#[derive(Clone)]
struct NotOnCommandLine(&'static str, &'static str);

impl TypedValueParser for NotOnCommandLine {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &Command,
        arg: Option<&Arg>,
        _value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        let flag = arg.and_then(|a| a.get_long()).unwrap_or("password");
        let mut e = clap::Error::raw(
            clap::error::ErrorKind::ValueValidation,
            format!(
                "--{flag} is never taken from the command line (other users can read it): use --{}, {}, or the prompt on a terminal\n",
                self.0, self.1
            ),
        );
        e = e.with_cmd(cmd);
        Err(e)
    }
}

/// `--yes`, on commands that need confirmation: its help says why they do.
pub(crate) fn yes_flag(why: &'static str) -> Arg {
    Arg::new("yes")
        .long("yes")
        .short('y')
        .action(ArgAction::SetTrue)
        .help(format!(
            "Do it without asking (required off a terminal, where nothing is asked): {why}"
        ))
}

/// `--all`, on listings.
fn all_flag() -> Arg {
    Arg::new("all")
        .long("all")
        .action(ArgAction::SetTrue)
        .help("Page through the whole listing, one item per line (NDJSON)")
}

/// `--wait` and `--wait-timeout`, on commands with a waiter.
fn wait_flags(waiter: &'static str) -> Vec<Arg> {
    vec![
        Arg::new("wait")
            .long("wait")
            .action(ArgAction::SetTrue)
            .help(format!("Then wait until {waiter}")),
        wait_timeout(),
    ]
}

fn wait_timeout() -> Arg {
    Arg::new("wait-timeout")
        .long("wait-timeout")
        .value_name("SECONDS")
        .default_value("600")
        .help("How long to wait, in seconds")
}

/// `--output-file` and `--force`, on commands that answer with a file.
fn file_flags() -> Vec<Arg> {
    vec![
        Arg::new("output-file")
            .long("output-file")
            .short('O')
            .value_name("PATH")
            .help("Save the file the action answers with here (else it is written to standard output, as received)"),
        Arg::new("force")
            .long("force")
            .action(ArgAction::SetTrue)
            .help("With --output-file: replace a file that exists"),
    ]
}

/// `--max-price`, on commands with a quote.
fn max_price_flag(price_action: &'static str) -> Arg {
    Arg::new("max-price")
        .long("max-price")
        .value_name("YUAN")
        .help(format!(
            "Refuse unless the quote ({price_action}) is at most this many yuan for every instance together, per the quote's billing period (per hour for Postpay); add /hour, /day, /month or /year to refuse a quote of another period"
        ))
}

/// A `wait` subcommand: the polled action's command, renamed, with a timeout.
fn wait_command(w: &WaitDef) -> Command {
    command(w.poll)
        .name(w.name)
        .about(w.about)
        .long_about(w.about)
        .arg(wait_timeout())
}

#[cfg(test)]
mod tests {
    use super::needed;

    #[test]
    fn only_the_group_a_command_line_names_is_built() {
        const GROUPS: &[(&str, &str)] = &[("instance", ""), ("disk", "")];
        let args = |line: &str| -> Vec<String> { line.split(' ').map(str::to_owned).collect() };
        for (line, want) in [
            ("cs instance list", Some("instance")),
            ("cs --region instance disk list", Some("disk")),
            ("cs -o table --dry-run disk list", Some("disk")),
            ("cs --output=json instance", Some("instance")),
            ("cs --version", Some("")),
            ("cs config show", Some("")),
            ("cs instanc list", Some("")),
            ("cs help instance list", None),
            ("cs completions bash", None),
            ("cs -- instance", None),
        ] {
            assert_eq!(needed(GROUPS, &args(line)), want, "{line}");
        }
    }
}
