//! What every command of the generated `compshare-rs` tool shares, hand-written: the flags
//! and how their text is parsed (`flags`, `args`), the calling context (client,
//! dry runs, quotes, confirmation, output, waiting: [`Cx`]), the built-in commands (`call`,
//! `config show`, `completions`) and the exit codes ([`Exit`]). The command table itself is
//! generated from the spec (`generated/compshare-rs`) and calls the `compshare` SDK.

mod args;
mod builtin;
mod cx;
mod failure;
mod flags;
pub mod mcp;
mod output;
mod password;
mod progress;

use std::future::Future;
use std::pin::Pin;
use std::process::ExitCode;

pub use args::{
    Fields, Mode, all, bool, bools, float, floats, int, ints, object, objects, required, text,
    texts, wait_timeout, waits,
};
pub use builtin::builtin;
pub use clap::{ArgMatches, Command};
pub use cx::Cx;
pub use failure::{Exit, Failure};
pub use flags::{
    Kind, all_flag, app, arg, command, group, max_price_flag, wait_command, wait_flags, wait_group,
    yes_flag,
};

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

/// Whether the command line asks for table output (read without the parser, which failed).
fn table_output() -> bool {
    // Not `env::args`: an argument that is not UTF-8 (a usage error) would panic there.
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    args.windows(2)
        .any(|w| (w[0] == "--output" || w[0] == "-o") && w[1] == "table")
        || args
            .iter()
            .any(|a| ["--output=table", "-otable", "-o=table"].contains(&a.as_str()))
}

/// A running command.
pub type Run<'a> = Pin<Box<dyn Future<Output = Result<(), Failure>> + 'a>>;

/// The generated command table's dispatcher.
pub type Dispatch = for<'a> fn(&'a Cx, &'a ArgMatches) -> Run<'a>;

/// Parses the command line, runs the command on a single-threaded runtime, reports a failure
/// on standard error (and as JSON on standard output with `--output json`), and exits with
/// the failure's code.
pub fn main(app: fn() -> Command, dispatch: Dispatch) -> ExitCode {
    let matches = match app().try_get_matches() {
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
            output::report(&f, !table_output());
            return ExitCode::from(f.exit as u8);
        }
    };
    let cx = Cx::new(&matches);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(Exit::Internal as u8);
        }
    };
    match runtime.block_on(dispatch(&cx, &matches)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            output::report(&f, cx.json_errors());
            ExitCode::from(f.exit as u8)
        }
    }
}
