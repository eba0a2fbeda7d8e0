//! What every command of the generated `compshare-rs` tool shares, hand-written. The
//! generated crate is data: a [`Def`] per action (its parameters, confirmation, quote, wait,
//! columns) and the [`Tool`] that lists them, with one typed [`Runner`] per action. This
//! crate runs them: the command line's shape (`flags`), the request object built from flags
//! or a tool's arguments and checked against the table (`request`), the typed request
//! signed once (`typed`), the flow of a command (`run`) and of a tool (`mcp`), the calling
//! context ([`Cx`]: client, quotes, confirmation, output, waiting), the built-in commands
//! (`call`, `config show`, `completions`) and the exit codes ([`Exit`]).

mod args;
mod ask;
mod builtin;
mod capacity;
mod cx;
mod def;
mod doctor;
mod each;
mod failure;
mod flags;
mod locate;
pub mod mcp;
mod output;
mod password;
mod profiles;
mod progress;
mod quote;
mod request;
mod run;
mod search;
mod send;
mod terminal;
mod transfer;
mod typed;
mod yaml;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::ArgMatches;

pub use ask::{Regions, Resource};
pub use capacity::Capacity;
pub use compshare_runtime::Wait;
pub use cx::Cx;
pub use def::{
    AfterWait, Column, Def, Field, Ids, Kind, QuoteDef, Shorthand, Show, Shown, Tool, Unit, Upload,
    WaitDef,
};
pub use failure::{Exit, Failure};
pub use quote::{Price, Priced, Quote};
pub use typed::{BoxFuture, Lister, Pages, Prepared, Runner, Typed, WaitFn, waiting};

/// clap's error as one line: its message and details, without the usage and the hint.
fn usage_line(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with("Usage:"))
        .filter(|l| !l.is_empty())
        .collect();
    let line = lines.join(" ");
    let line = line.strip_prefix("error: ").unwrap_or(&line);
    format!("{line} (see --help)")
}

/// The command line as text, read without the parser. Not `env::args`: an argument that is
/// not UTF-8 (a usage error) would panic there.
fn argv() -> Vec<String> {
    std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect()
}

/// A `--<secret>-stdin` flag given a value (`--password-stdin=PW`, `--password-stdin PW`,
/// `--password-stdin -PW`): what follows it is taken for a value unless it is a long flag or
/// one of the tool's short ones alone (`-o json`, not `-ojson`, which could hide a password
/// clap would repeat). Arguments after `--` are not flags.
fn value_after_stdin_flag() -> Option<String> {
    const SHORT: [&str; 5] = ["-y", "-o", "-O", "-h", "-V"];
    let args: Vec<String> = argv().into_iter().take_while(|a| a != "--").collect();
    args.iter().enumerate().find_map(|(i, a)| {
        let (flag, attached) = match a.split_once('=') {
            Some((flag, _)) => (flag, true),
            None => (a.as_str(), false),
        };
        let stdin = flag.starts_with("--") && flag.ends_with("-stdin");
        let next_is_value = args
            .get(i + 1)
            .is_some_and(|n| !n.starts_with("--") && !SHORT.contains(&n.as_str()));
        (stdin && (attached || next_is_value)).then(|| flag.to_owned())
    })
}

/// The `--output` flag's value as written on the command line, read without the parser
/// (which failed).
fn output_flag() -> Option<String> {
    let args = argv();
    let mut found = None;
    for (i, a) in args.iter().enumerate() {
        if a == "--output" || a == "-o" {
            found = args.get(i + 1).cloned();
        } else if let Some(v) = ["--output=", "-o=", "-o"]
            .iter()
            .find_map(|p| a.strip_prefix(p).filter(|v| !v.is_empty()))
        {
            found = Some(v.to_owned());
        }
    }
    found
}

/// How a usage error is written to standard output: as the failure of any command would be.
fn usage_doc() -> output::ErrorDoc {
    match output_flag().as_deref() {
        Some("table") => output::ErrorDoc::None,
        Some(_) => output::ErrorDoc::Pretty,
        None => output::error_doc_for(false),
    }
}

/// clap's `Usage:` lines, for a person at a terminal.
fn usage_lines(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let lines: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("Usage:"))
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect();
    lines.join(" ")
}

/// Parses the command line, runs the command on a single-threaded runtime, reports a failure
/// (a line on standard error; for scripts a JSON document on standard output), and exits
/// with the failure's code.
pub fn main(tool: &'static Tool) -> ExitCode {
    // Before clap, which would read `--password-stdin -hunter2` as `-h` and print help.
    if let Some(flag) = value_after_stdin_flag() {
        let f = Failure::usage(format!(
            "{flag} takes no value: it reads standard input (what followed it is not shown: it may be a password; a short flag after it is written alone, `-o json`) (see --help)"
        ));
        output::report(&f, usage_doc());
        return ExitCode::from(f.exit as u8);
    }
    let mut command = flags::app_for(tool, &argv());
    let matches = match command.try_get_matches_from_mut(std::env::args_os()) {
        Ok(m) => m,
        // Help and version are "errors" that print to standard output and succeed.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        // `compshare-rs` alone, or a group alone: its help, as a usage error.
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(Exit::Usage as u8);
        }
        Err(e) => {
            let f = Failure::usage(usage_line(&e));
            output::report(&f, usage_doc());
            if std::io::stderr().is_terminal() {
                let usage = usage_lines(&e);
                if !usage.is_empty() {
                    terminal::say(&usage);
                }
            }
            return ExitCode::from(f.exit as u8);
        }
    };
    let cx = Cx::new(&matches, &command, tool);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            terminal::say(&format!("error: cannot start the async runtime: {e}"));
            return ExitCode::from(Exit::Internal as u8);
        }
    };
    match runtime.block_on(dispatch(&cx, &matches, tool)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            output::report(&f, cx.error_doc());
            ExitCode::from(f.exit as u8)
        }
    }
}

/// Runs `tool` with the commands of other services' tables it joins (`joins` in its spec):
/// one binary, every service's commands, each sent through its own service's client.
pub fn main_joined(tool: &'static Tool, joined: &[&'static Tool]) -> ExitCode {
    let all = || std::iter::once(tool).chain(joined.iter().copied());
    let mut waits: Vec<&'static WaitDef> = all().flat_map(|t| t.waits.iter().copied()).collect();
    waits.sort_by_key(|w| w.name);
    let merged = Tool {
        service: tool.service,
        binary: tool.binary,
        about: tool.about,
        version: tool.version,
        groups: Box::leak(all().flat_map(|t| t.groups.iter().copied()).collect()),
        commands: Box::leak(all().flat_map(|t| t.commands.iter().copied()).collect()),
        waits: Box::leak(waits.into_boxed_slice()),
        regions: tool.regions,
        default_toolsets: tool.default_toolsets,
        default_tools: tool.default_tools,
    };
    main(Box::leak(Box::new(merged)))
}

/// Runs the command `m` names: an action's, a waiter, the MCP server, or a built-in one.
async fn dispatch(cx: &Cx, m: &ArgMatches, tool: &'static Tool) -> Result<(), Failure> {
    let Some((group, gm)) = m.subcommand() else {
        return Err(Failure::no_command());
    };
    // A query that is not JMESPath is refused before anything is asked or sent.
    cx.query()?;
    let sub = gm.subcommand();
    match (group, sub) {
        ("mcp", _) => mcp::serve(cx, gm, tool).await,
        ("wait", Some((name, m))) => match tool.waits.iter().find(|w| w.name == name) {
            Some(w) => {
                cx.serving(w.service);
                run::wait(cx, m, w).await
            }
            None => Err(Failure::no_command()),
        },
        (_, Some((name, m))) if tool.groups.iter().any(|(g, _)| *g == group) => {
            match tool
                .commands
                .iter()
                .find(|d| d.group == group && d.name == name)
            {
                Some(def) => {
                    cx.serving(def.service);
                    run::command(cx, m, def).await
                }
                None => match tool
                    .commands
                    .iter()
                    .find(|d| d.group == group && d.show.is_some_and(|s| s.name == name))
                {
                    Some(def) => {
                        cx.serving(def.service);
                        run::show(cx, m, def).await
                    }
                    None => match tool
                        .commands
                        .iter()
                        .find(|d| d.group == group && d.upload.is_some_and(|u| u.name == name))
                    {
                        Some(def) => {
                            cx.serving(def.service);
                            let upload = def.upload.ok_or_else(Failure::no_command)?;
                            transfer::upload(cx, m, def, upload).await
                        }
                        None => match search::Search::of(tool) {
                            Some(s) if s.group() == group && name == "search" => {
                                search::run(cx, m, &s).await
                            }
                            _ => Err(Failure::no_command()),
                        },
                    },
                },
            }
        }
        _ => builtin::builtin(cx, m, tool).await,
    }
}
