//! Reading a service's spec files from disk.

use std::fs;
use std::path::Path;

use crate::diag::{At, Diagnostic, Diagnostics};
use crate::spec::SpecFile;

/// The files of one service directory, parsed.
#[derive(Debug)]
pub struct Sources {
    /// Display name of the directory, e.g. `spec/ucompshare`.
    pub dir: String,
    /// Each YAML file with its display name, in file-name order.
    pub files: Vec<(String, SpecFile)>,
    /// Hand-written examples (`examples/*.rs`) copied into the generated crate.
    pub examples: Vec<(String, String)>,
    /// `README.md` of the directory, which becomes the crate's README and crate docs.
    pub readme: Option<String>,
}

/// Parses one YAML document; `file` is the name used in errors.
pub fn parse(file: &str, text: &str) -> Result<SpecFile, Diagnostic> {
    serde_yaml::from_str::<SpecFile>(text).map_err(|e| {
        let at = match e.location() {
            Some(loc) => At::LineCol(loc.line(), loc.column()),
            None => At::File,
        };
        // serde_yaml appends " at line L column C"; the location is already in front.
        let mut message = e.to_string();
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        Diagnostic {
            file: file.to_owned(),
            at,
            message,
        }
    })
}

/// Loads `dir` (shown in errors as `display`): every `*.yaml` file and `examples/*.rs`.
pub fn load_dir(dir: &Path, display: &str) -> Result<Sources, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut files = Vec::new();
    let mut examples = Vec::new();
    let io_error = |what: &str, e: std::io::Error| Diagnostic {
        file: display.to_owned(),
        at: At::File,
        message: format!("cannot read {what}: {e}"),
    };
    for (name, path) in
        list(dir, "yaml").map_err(|e| Diagnostics(vec![io_error("the directory", e)]))?
    {
        let shown = format!("{display}/{name}");
        match fs::read_to_string(&path) {
            Ok(text) => match parse(&shown, &text) {
                Ok(spec) => files.push((shown, spec)),
                Err(d) => diags.0.push(d),
            },
            Err(e) => diags.0.push(Diagnostic {
                file: shown,
                at: At::File,
                message: format!("cannot read: {e}"),
            }),
        }
    }
    let examples_dir = dir.join("examples");
    if examples_dir.is_dir() {
        for (name, path) in
            list(&examples_dir, "rs").map_err(|e| Diagnostics(vec![io_error("examples/", e)]))?
        {
            match fs::read_to_string(&path) {
                Ok(text) => examples.push((name, text)),
                Err(e) => diags.0.push(Diagnostic {
                    file: format!("{display}/examples/{name}"),
                    at: At::File,
                    message: format!("cannot read: {e}"),
                }),
            }
        }
    }
    let readme_path = dir.join("README.md");
    let readme = if readme_path.is_file() {
        match fs::read_to_string(&readme_path) {
            Ok(text) => Some(text),
            Err(e) => {
                diags.0.push(Diagnostic {
                    file: format!("{display}/README.md"),
                    at: At::File,
                    message: format!("cannot read: {e}"),
                });
                None
            }
        }
    } else {
        None
    };
    if files.is_empty() && diags.is_empty() {
        diags.0.push(Diagnostic {
            file: display.to_owned(),
            at: At::File,
            message: "no .yaml files".to_owned(),
        });
    }
    if diags.is_empty() {
        Ok(Sources {
            dir: display.to_owned(),
            files,
            examples,
            readme,
        })
    } else {
        Err(diags)
    }
}

/// Files in `dir` with extension `ext`, sorted by name.
fn list(dir: &Path, ext: &str) -> std::io::Result<Vec<(String, std::path::PathBuf)>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file()
            && path.extension().is_some_and(|e| e == ext)
            && let Some(name) = path.file_name().and_then(|n| n.to_str())
        {
            out.push((name.to_owned(), path.clone()));
        }
    }
    out.sort();
    Ok(out)
}
