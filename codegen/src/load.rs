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
    /// `CHANGELOG.md` of the directory, copied into the crate: what each spec change did to
    /// the public API.
    pub changelog: Option<String>,
}

/// How deep flow collections (`[...]`, `{...}`) may nest in a spec file. Checked before the
/// YAML parser runs, which takes quadratic time on deep flow nesting.
pub const MAX_FLOW_DEPTH: usize = 64;

/// Parses one YAML document; `file` is the name used in errors.
pub fn parse(file: &str, text: &str) -> Result<SpecFile, Diagnostics> {
    let problems = prescan(text);
    if !problems.is_empty() {
        return Err(Diagnostics(
            problems
                .into_iter()
                .map(|(line, column, message)| Diagnostic {
                    file: file.to_owned(),
                    at: At::LineCol(line, column),
                    message,
                })
                .collect(),
        ));
    }
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
        Diagnostics(vec![Diagnostic {
            file: file.to_owned(),
            at,
            message,
        }])
    })
}

/// What the YAML parser is not trusted with, found in one linear pass: flow collections
/// nested deeper than [`MAX_FLOW_DEPTH`], and carriage returns without a line feed (YAML reads
/// them as line breaks, but in a doc they would reach the generated code). Positions are
/// 1-based; columns count characters. Every carriage return is reported; deep nesting stops
/// the scan.
fn prescan(text: &str) -> Vec<(usize, usize, String)> {
    let mut problems = Vec::new();
    let (mut line, mut column) = (1, 0);
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut prev = '\n';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        match c {
            '\n' => {
                line += 1;
                column = 0;
                comment = false;
            }
            '\r' if chars.peek() != Some(&'\n') => problems.push((
                line,
                column,
                "a carriage return without a line feed; use line feeds (\\n)".to_owned(),
            )),
            _ if comment => {}
            '\\' if quote == Some('"') => {
                // An escaped character cannot end the string; an escaped lone CR is a CR.
                let escaped = chars.next();
                column += 1;
                if escaped == Some('r')
                    && !(chars.peek() == Some(&'\\') && {
                        let mut ahead = chars.clone();
                        ahead.next();
                        ahead.next() == Some('n')
                    })
                {
                    problems.push((
                        line,
                        column - 1,
                        "an escaped carriage return (\\r) without a line feed; use \\n".to_owned(),
                    ));
                }
            }
            '"' | '\'' if quote == Some(c) => quote = None,
            // A quote opens a quoted scalar only where a token starts (not in `it's`).
            '"' | '\'' if quote.is_none() && matches!(prev, '[' | '{' | ',' | ':') => {
                quote = Some(c)
            }
            '"' | '\'' if quote.is_none() && prev.is_whitespace() => quote = Some(c),
            '#' if quote.is_none() && (prev.is_whitespace() || column == 1) => comment = true,
            '[' | '{' if quote.is_none() => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    problems.push((
                        line,
                        column,
                        format!("lists and mappings nest more than {MAX_FLOW_DEPTH} levels deep"),
                    ));
                    return problems;
                }
            }
            ']' | '}' if quote.is_none() => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = c;
    }
    problems
}

/// Loads `dir` (shown in errors as `display`): every `*.yaml` file and `examples/*.rs`.
pub fn load_dir(dir: &Path, display: &str) -> Result<Sources, Diagnostics> {
    // Over 80 lines: one pass over the directory's entries, a few lines per kind of file; the
    // dir is read once.
    let mut diags = Diagnostics::default();
    let mut files = Vec::new();
    let mut examples = Vec::new();
    let io_error = |what: &str, e: std::io::Error| Diagnostic {
        file: display.to_owned(),
        at: At::File,
        message: format!("cannot read {what}: {e}"),
    };
    let entries = fs::read_dir(dir)
        .and_then(|rd| rd.collect::<Result<Vec<_>, _>>())
        .map_err(|e| Diagnostics(vec![io_error("the directory", e)]))?;
    let mut names: Vec<String> = entries
        .iter()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let known = name.ends_with(".yaml")
            || name == "README.md"
            || name == "CHANGELOG.md"
            || (name == "examples" && dir.join(&name).is_dir())
            || name.starts_with('.');
        if !known {
            diags.0.push(Diagnostic {
                file: format!("{display}/{name}"),
                at: At::File,
                message: "not a spec file: spec files end in `.yaml`, and besides them a \
                          service directory holds only README.md, CHANGELOG.md and examples/ (nothing is \
                          skipped silently; files starting with `.` are ignored)"
                    .to_owned(),
            });
        }
    }
    let yaml = list(dir, "yaml").map_err(|e| Diagnostics(vec![io_error("the directory", e)]))?;
    for (shown, parsed) in parse_all(display, &yaml) {
        match parsed {
            Ok(spec) => files.push((shown, spec)),
            Err(d) => diags.0.extend(d.0),
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
    let mut read_doc = |name: &str| {
        let path = dir.join(name);
        if !path.is_file() {
            return None;
        }
        match fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(e) => {
                diags.0.push(Diagnostic {
                    file: format!("{display}/{name}"),
                    at: At::File,
                    message: format!("cannot read: {e}"),
                });
                None
            }
        }
    };
    let readme = read_doc("README.md");
    let changelog = read_doc("CHANGELOG.md");
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
            changelog,
        })
    } else {
        Err(diags)
    }
}

/// Reads and parses `files` (name, path), in order, on a thread per core: parsing YAML is most
/// of loading a large spec, and files parse independently.
fn parse_all(
    display: &str,
    files: &[(String, std::path::PathBuf)],
) -> Vec<(String, Result<SpecFile, Diagnostics>)> {
    let one = |(name, path): &(String, std::path::PathBuf)| {
        let shown = format!("{display}/{name}");
        let parsed = match fs::read_to_string(path) {
            Ok(text) => parse(&shown, &text),
            Err(e) => Err(Diagnostics(vec![Diagnostic {
                file: shown.clone(),
                at: At::File,
                message: format!("cannot read: {e}"),
            }])),
        };
        (shown, parsed)
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = files.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|c| s.spawn(move || c.iter().map(one).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a parsing thread panicked"))
            .collect()
    })
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
