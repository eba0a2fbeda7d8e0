//! The SDK generator: YAML spec -> validated IR -> tera templates -> formatted Rust (rustfmt).
//!
//! `load` reads a service directory, `lower` validates it into a model and projects the model
//! into the IR, `render` prints the IR (spelling its types with `rust`), `format` formats
//! every file of a run at once, `output` writes or checks the files. [`generate`] is the one
//! entry point that generates; `xtask` is a thin command over [`output`].

pub mod api;
pub mod diag;
pub mod format;
pub mod ir;
pub mod load;
mod lower;
pub mod names;
pub mod output;
mod render;
pub mod rust;
pub mod spec;

use std::path::Path;

pub use diag::{Diagnostic, Diagnostics};
pub use render::File;

/// One generated crate, in memory.
#[derive(Debug)]
pub struct CrateOutput {
    /// Crate name, also its directory under `generated/`.
    pub name: String,
    pub files: Vec<File>,
    pub actions: usize,
    pub types: usize,
}

impl CrateOutput {
    /// Lines of generated Rust under `src/`.
    pub fn rust_lines(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.path.starts_with("src/") && f.path.ends_with(".rs"))
            .map(|f| f.contents.lines().count())
            .sum()
    }
}

/// Validates one loaded service directory into the IR, for tools that read the spec as the
/// generator does (the drift report, compshare-cli's captures). It generates nothing.
pub fn lower_service(src: &load::Sources) -> Result<ir::Crate, Diagnostics> {
    lower::lower(src)
}

/// What to generate from.
#[derive(Clone, Copy, Debug)]
pub enum Input<'a> {
    /// One loaded service directory.
    Service(&'a load::Sources),
    /// Every service directory under a spec root, shown in errors as `shown`, whose crates
    /// go under `out` (relative to the workspace root, e.g. `generated`).
    Root {
        dir: &'a Path,
        shown: &'a str,
        out: &'a str,
    },
}

/// The one way to generate: validates the spec and prints every crate it makes (each
/// service's SDK and, if it declares one, its command-line tool), the Rust not yet formatted
/// ([`format::format_crates`] formats the crates of several runs at once). Every problem of
/// every service is reported together; with any, nothing is returned.
pub fn generate(input: Input<'_>) -> Result<Vec<CrateOutput>, Diagnostics> {
    match input {
        Input::Service(src) => generate_service(src, "generated"),
        Input::Root { dir, shown, out } => generate_root(dir, shown, out),
    }
}

/// A service's crates (its SDK and its tool), to go under `out`.
fn generate_service(src: &load::Sources, out: &str) -> Result<Vec<CrateOutput>, Diagnostics> {
    let mut krate = lower::lower(src)?;
    if let Some(cli) = krate.cli.as_mut() {
        // The workspace root as the tool's package sees it: up from `out/<package>`.
        cli.root = vec![".."; out.split('/').count() + 1].join("/");
    }
    let mut out = vec![CrateOutput {
        name: krate.name.clone(),
        files: render::render(&krate)?,
        actions: krate.modules.iter().map(|m| m.actions.len()).sum(),
        types: krate.types.len(),
    }];
    if let Some(cli) = &krate.cli {
        out.push(CrateOutput {
            name: cli.package.clone(),
            files: render::render_cli(&krate, cli)?,
            actions: cli.modules.iter().map(|m| m.commands.len()).sum(),
            types: cli.objects.len(),
        });
    }
    Ok(out)
}

/// Every service under a spec root; two services may not write one crate.
fn generate_root(
    spec_root: &Path,
    display_root: &str,
    out: &str,
) -> Result<Vec<CrateOutput>, Diagnostics> {
    let mut dirs: Vec<_> = std::fs::read_dir(spec_root)
        .map_err(|e| {
            Diagnostics(vec![Diagnostic {
                file: display_root.to_owned(),
                at: diag::At::File,
                message: format!("cannot read the spec directory: {e}"),
            }])
        })?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut crates: Vec<CrateOutput> = Vec::new();
    let mut sources: Vec<String> = Vec::new();
    let mut diags = Diagnostics::default();
    for dir in dirs {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let display = format!("{display_root}/{name}");
        match load::load_dir(&dir, &display).and_then(|src| generate_service(&src, out)) {
            Ok(outputs) => {
                for c in outputs {
                    // Two services writing one crate would mix their files: refuse, naming both.
                    if let Some(i) = crates.iter().position(|o| o.name == c.name) {
                        diags.0.push(Diagnostic {
                        file: display.clone(),
                        at: diag::At::Path("service.crate".to_owned()),
                        message: format!(
                            "crate `{}` is generated from {} already; each service needs a crate of its own",
                            c.name, sources[i]
                        ),
                    });
                        continue;
                    }
                    crates.push(c);
                    sources.push(display.clone());
                }
            }
            Err(d) => diags.0.extend(d.0),
        }
    }
    if crates.is_empty() && diags.is_empty() {
        diags.0.push(Diagnostic {
            file: display_root.to_owned(),
            at: diag::At::File,
            message: "no service directories".to_owned(),
        });
    }
    if diags.is_empty() {
        Ok(crates)
    } else {
        Err(diags)
    }
}
