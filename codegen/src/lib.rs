//! The SDK generator: YAML spec -> validated IR -> tera templates -> formatted Rust (rustfmt).
//!
//! `load` reads a service directory, `lower` validates it and resolves every name into the
//! IR, `render` prints the IR (spelling its types with `rust`), `format` formats every file of a run at once, `output` writes
//! or checks the files. `xtask` is a thin command over [`output`].

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
/// generator does (the drift report).
pub fn lower_service(src: &load::Sources) -> Result<ir::Crate, Diagnostics> {
    lower::lower(src)
}

/// Validates one loaded service directory and prints its crate, the Rust not yet formatted.
pub fn render_service(src: &load::Sources) -> Result<CrateOutput, Diagnostics> {
    let krate = lower::lower(src)?;
    let files = render::render(&krate)?;
    Ok(CrateOutput {
        name: krate.name.clone(),
        files,
        actions: krate.modules.iter().map(|m| m.actions.len()).sum(),
        types: krate.types.len(),
    })
}

/// Validates one loaded service directory and prints its crate and, if the spec declares
/// one, its command-line tool's crate; the Rust not yet formatted.
pub fn render_service_and_tool(src: &load::Sources) -> Result<Vec<CrateOutput>, Diagnostics> {
    let krate = lower::lower(src)?;
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

/// Generates the crate of one loaded service directory, formatted.
pub fn generate_service(src: &load::Sources) -> Result<CrateOutput, Diagnostics> {
    let mut krate = render_service(src)?;
    format::format_crates(std::slice::from_mut(&mut krate))?;
    Ok(krate)
}

/// Generates a crate for every service directory under `spec_root` (shown in errors as
/// `display_root`), formatted. Reports the problems of all services together.
pub fn generate(spec_root: &Path, display_root: &str) -> Result<Vec<CrateOutput>, Diagnostics> {
    let mut crates = render(spec_root, display_root)?;
    format::format_crates(&mut crates)?;
    Ok(crates)
}

/// [`generate`] without formatting: [`format::format_crates`] formats the crates of several
/// runs at once.
pub fn render(spec_root: &Path, display_root: &str) -> Result<Vec<CrateOutput>, Diagnostics> {
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
        match load::load_dir(&dir, &display).and_then(|src| render_service_and_tool(&src)) {
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
