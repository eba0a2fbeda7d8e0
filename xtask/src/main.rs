//! `cargo xtask generate [--check]`: regenerates `generated/` from `spec/` and `templates/`.
//!
//! With `--check`, writes nothing and fails if any generated file is stale.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use compshare_codegen::output::{self, Change};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["generate"] => false,
        ["generate", "--check"] => true,
        _ => {
            eprintln!("usage: cargo xtask generate [--check]");
            return ExitCode::from(2);
        }
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default();
    match run(&root, check) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(root: &Path, check: bool) -> Result<ExitCode, String> {
    let crates = compshare_codegen::generate(&root.join("spec"), "spec").map_err(|d| d.to_string())?;
    let generated = root.join("generated");
    let changes = output::diff(&generated, &crates).map_err(|e| format!("cannot read generated/: {e}"))?;
    let rel = |p: &PathBuf| p.strip_prefix(root).unwrap_or(p).display().to_string();
    for c in &crates {
        let lines = c.rust_lines();
        println!(
            "{}: {} actions, {} types, {} files, {} lines of Rust ({:.1} per action)",
            c.name,
            c.actions,
            c.types,
            c.files.len(),
            lines,
            lines as f64 / c.actions.max(1) as f64
        );
    }
    let stale: Vec<&Change> = changes.iter().filter(|c| c.is_change()).collect();
    let unchanged = changes.len() - stale.len();
    if check {
        if stale.is_empty() {
            println!("generated/ is up to date ({unchanged} files)");
            return Ok(ExitCode::SUCCESS);
        }
        for change in &stale {
            match change {
                Change::Created(p) => eprintln!("stale: {} is missing", rel(p)),
                Change::Updated(p) => eprintln!("stale: {} differs from the spec", rel(p)),
                Change::Deleted(p) => eprintln!("stale: {} is no longer generated", rel(p)),
                Change::Unchanged(_) => {}
            }
        }
        eprintln!("{} stale file(s); run `cargo xtask generate`", stale.len());
        return Ok(ExitCode::FAILURE);
    }
    output::apply(&generated, &crates, &changes).map_err(|e| format!("cannot write generated/: {e}"))?;
    for change in &stale {
        match change {
            Change::Created(p) => println!("created {}", rel(p)),
            Change::Updated(p) => println!("updated {}", rel(p)),
            Change::Deleted(p) => println!("deleted {}", rel(p)),
            Change::Unchanged(_) => {}
        }
    }
    println!("{} written, {unchanged} unchanged", stale.len());
    Ok(ExitCode::SUCCESS)
}
