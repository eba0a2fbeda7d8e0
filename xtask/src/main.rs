//! `cargo xtask generate [--check]`: regenerates `generated/` from `spec/` and `templates/`,
//! and the golden crates `tests/golden/` from the generator's test fixtures (so that every
//! fixture is also compiled by `cargo test --workspace`).
//!
//! With `--check`, writes nothing and fails if any generated file is stale.
//!
//! `cargo xtask measure`: generation's time and memory, see `measure.rs`.

// Generation allocates many small strings and tera values; mimalloc renders a 10,000-action
// spec in about two thirds of the time glibc's allocator takes.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod accepted;
mod all_actions;
mod cases;
mod changes;
mod cli_captures;
mod drift;
mod measure;
mod model_drift;
mod root;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

// Printing must not panic when the reader goes away (`cargo xtask generate | head`).
macro_rules! out {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}
macro_rules! err {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

use compshare_codegen::output::{self, Change, Extra, Job};

/// The SDK's crates, whose public API changes are reported and recorded.
const SDK_JOB: Job = Job {
    spec: "spec",
    out: "generated",
};

const JOBS: [Job; 2] = [
    SDK_JOB,
    Job {
        spec: "codegen/tests/fixtures",
        out: "tests/golden",
    },
];

/// Writes a generated test's source from the workspace at the given root.
type Render = fn(&Path) -> Result<String, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = match root::workspace_root() {
        Ok(root) => root,
        Err(e) => {
            err!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let root = root.as_path();
    let check = match args.as_slice() {
        ["generate"] => false,
        ["generate", "--check"] => true,
        ["drift"] => return done(drift(root)),
        ["changelog"] => return done(changelog(root, &changes::today())),
        ["changelog", heading] => return done(changelog(root, heading)),
        ["measure", rest @ ..] => return done(measure::run(root, rest)),
        ["measure-one", dir] => return done(measure::one(Path::new(dir))),
        _ => {
            err!(
                "usage: cargo xtask generate [--check] | cargo xtask changelog [HEADING] | cargo xtask drift | cargo xtask measure [--copies N,...]"
            );
            return ExitCode::from(2);
        }
    };
    // The end-to-end tests written from the references, formatted and checked with the crates.
    let tests: [(&'static str, &str, Render); 2] = [
        (
            all_actions::PATH,
            "xtask/src/all_actions.rs",
            all_actions::render,
        ),
        (
            cli_captures::PATH,
            "xtask/src/cli_captures.rs",
            cli_captures::render,
        ),
    ];
    let mut extras = Vec::new();
    for (path, origin, render) in tests {
        match render(root) {
            Ok(contents) => extras.push(Extra {
                path,
                contents,
                origin: origin.to_owned(),
            }),
            Err(e) => {
                err!("{e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let (synced, extras) = match output::sync(root, &JOBS, extras, !check) {
        Ok(synced) => synced,
        Err(e) => {
            err!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stale_total = 0;
    for s in &synced {
        for c in &s.crates {
            let lines = c.rust_lines();
            out!(
                "{}: {} actions, {} types, {} files, {} lines of Rust ({:.1} per action)",
                c.name,
                c.actions,
                c.types,
                c.files.len(),
                lines,
                lines as f64 / c.actions.max(1) as f64
            );
        }
        stale_total += report(root, &format!("{}/", s.job.out), &s.changes, check);
    }
    let mut changelog_problems = Vec::new();
    for s in synced.iter().filter(|s| s.job.spec == SDK_JOB.spec) {
        for line in changes::summary(root, s.job.out, &s.crates) {
            out!("{line}");
        }
        changelog_problems.extend(changes::check(&s.crates));
    }
    for p in &changelog_problems {
        err!("{p}");
    }
    stale_total += report(root, "tests/e2e/tests/all_actions/", &extras, check);
    if check && stale_total > 0 {
        err!("{stale_total} stale file(s); run `cargo xtask generate`");
        return ExitCode::FAILURE;
    }
    if check && !changelog_problems.is_empty() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Prints what changed (or, with `check`, what is stale) under `what`; returns the count.
fn report(root: &Path, what: &str, changes: &[Change], check: bool) -> usize {
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    let mut stale = 0;
    for change in changes {
        let line = match (change, check) {
            (Change::Unchanged(_), _) => continue,
            (Change::Created(p), false) => format!("created {}", rel(p)),
            (Change::Updated(p), false) => format!("updated {}", rel(p)),
            (Change::Deleted(p), false) => format!("deleted {}", rel(p)),
            (Change::Created(p), true) => format!("stale: {} is missing", rel(p)),
            (Change::Updated(p), true) => format!("stale: {} differs from its source", rel(p)),
            (Change::Deleted(p), true) => format!("stale: {} is no longer generated", rel(p)),
        };
        stale += 1;
        if check {
            err!("{line}")
        } else {
            out!("{line}")
        }
    }
    let unchanged = changes.len() - stale;
    if check {
        out!("{what}: {stale} stale, {unchanged} up to date");
    } else {
        out!("{what}: {stale} written, {unchanged} unchanged");
    }
    stale
}

/// Adds a changelog entry of the API changes not yet recorded, under `heading`.
fn changelog(root: &Path, heading: &str) -> Result<(), String> {
    let (synced, _) =
        output::sync(root, &[SDK_JOB], Vec::new(), false).map_err(|e| e.to_string())?;
    for s in &synced {
        for line in changes::write_entries(root, s.job.out, &s.crates, heading)? {
            out!("{line}");
        }
    }
    Ok(())
}

/// Prints where the spec and the references disagree; fails if they do beyond the listed
/// departures.
fn drift(root: &Path) -> Result<(), String> {
    let mut lines = drift::report(root)?;
    lines.extend(model_drift::report(root)?);
    for line in &lines {
        out!("{line}");
    }
    if lines.is_empty() {
        out!(
            "no drift: the spec has every action and parameter of both references, or a listed departure; spec/models has every request compshare-cli's minimax commands send"
        );
        Ok(())
    } else {
        Err(format!(
            "{} drift item(s); add them to the spec or list them, with why, in tests/e2e/reference/deviations.yaml",
            lines.len()
        ))
    }
}

fn done(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            err!("{e}");
            ExitCode::FAILURE
        }
    }
}
