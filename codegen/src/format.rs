//! Formatting generated Rust with the toolchain's rustfmt, in default style (as `cargo fmt`
//! would, so running `cargo fmt` never makes generated files stale).
//!
//! rustfmt starts slowly next to the work it does on one file, so every file of every crate is
//! formatted by a few rustfmt processes at once (one per core), each given a share of the
//! files, balanced by size. Each process works in a temporary tree of its own that holds every
//! Rust file of the crates at its real path: its own share with contents, the others empty,
//! because rustfmt follows `mod x;` into `x.rs` and fails where that file is missing. It is
//! given only the files of its share whose parent module is not in its share (it reaches the
//! others through their parent), so no file is formatted twice.

use std::io;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::CrateOutput;
use crate::diag::{At, Diagnostic, Diagnostics};

/// Less than this much Rust per process is not worth another process.
const BYTES_PER_PROCESS: usize = 256 * 1024;

/// A file, as (crate index, file index).
type FileId = (usize, usize);

/// Formats every `.rs` file of `crates` in place. A parse failure is reported with rustfmt's
/// message, naming the file at fault (a template for generated files, the spec's example for
/// examples).
pub fn format_crates(crates: &mut [CrateOutput]) -> Result<(), Diagnostics> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let bytes: usize = crates
        .iter()
        .flat_map(|c| &c.files)
        .filter(|f| f.path.ends_with(".rs"))
        .map(|f| f.contents.len())
        .sum();
    format_with(crates, cores.min(bytes.div_ceil(BYTES_PER_PROCESS)))
}

/// [`format_crates`] with at most `processes` rustfmt processes.
fn format_with(crates: &mut [CrateOutput], processes: usize) -> Result<(), Diagnostics> {
    let mut rust: Vec<FileId> = Vec::new();
    for (c, krate) in crates.iter().enumerate() {
        for (f, file) in krate.files.iter().enumerate() {
            if file.path.ends_with(".rs") {
                rust.push((c, f));
            }
        }
    }
    if rust.is_empty() {
        return Ok(());
    }
    let size = |&(c, f): &FileId| crates[c].files[f].contents.len();
    let processes = processes.clamp(1, rust.len());

    // Largest first, each to the least loaded share.
    rust.sort_by_key(|file| std::cmp::Reverse(size(file)));
    let mut shares: Vec<(usize, Vec<FileId>)> = vec![(0, Vec::new()); processes];
    for file in rust {
        let least = shares
            .iter_mut()
            .min_by_key(|(load, _)| *load)
            .expect("one share");
        least.0 += size(&file);
        least.1.push(file);
    }

    let tmp =
        TempDir::new().map_err(|e| fail(format!("cannot make a temporary directory: {e}")))?;
    let mut running: Vec<(PathBuf, Vec<FileId>, Child)> = Vec::new();
    for (i, (_, share)) in shares.into_iter().enumerate() {
        let dir = tmp.0.join(i.to_string());
        match start(&dir, crates, &share) {
            Ok(child) => running.push((dir, share, child)),
            Err(e) => {
                // Those started must not outlive their temporary tree.
                for (_, _, mut child) in running {
                    let _ = child.kill();
                    let _ = child.wait();
                }
                return Err(fail(format!(
                    "cannot run rustfmt ({e}); install it with `rustup component add rustfmt`"
                )));
            }
        }
    }
    let mut diags = Diagnostics::default();
    let mut formatted: Vec<(FileId, String)> = Vec::new();
    for (dir, share, child) in running {
        let output = child
            .wait_with_output()
            .map_err(|e| fail(format!("rustfmt failed: {e}")))?;
        if !output.status.success() {
            diags.0.extend(blame(&dir, crates, &share, &output.stderr));
            continue;
        }
        for (c, f) in share {
            let path = dir.join(c.to_string()).join(&crates[c].files[f].path);
            let text = std::fs::read_to_string(&path).map_err(|e| {
                fail(format!(
                    "cannot read rustfmt's output {}: {e}",
                    path.display()
                ))
            })?;
            formatted.push(((c, f), text));
        }
    }
    // All or nothing: a failure leaves every file as it was.
    if !diags.is_empty() {
        return Err(diags);
    }
    for ((c, f), text) in formatted {
        crates[c].files[f].contents = text;
    }
    Ok(())
}

/// Writes the tree of one share under `dir` and starts rustfmt on it.
fn start(dir: &Path, crates: &[CrateOutput], share: &[FileId]) -> io::Result<Child> {
    let mut roots = Vec::new();
    for (c, krate) in crates.iter().enumerate() {
        for (f, file) in krate.files.iter().enumerate() {
            if !file.path.ends_with(".rs") {
                continue;
            }
            // By index: crates of two runs may share a name.
            let path = dir.join(c.to_string()).join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap_or(dir))?;
            if share.contains(&(c, f)) {
                std::fs::write(&path, &file.contents)?;
                let parent_here = parent_module(&file.path).is_some_and(|p| {
                    krate
                        .files
                        .iter()
                        .position(|g| g.path == p)
                        .is_some_and(|g| share.contains(&(c, g)))
                });
                if !parent_here {
                    roots.push(path);
                }
            } else {
                std::fs::write(&path, "")?;
            }
        }
    }
    Command::new("rustfmt")
        .args(["--edition", "2024", "--quiet"])
        .args(&roots)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
}

/// The file declaring `path` as its module in a generated crate: `src/lib.rs` for `src/x.rs`
/// and `src/x/mod.rs`, `src/x/mod.rs` for `src/x/y.rs`; none for crate roots (`src/lib.rs`,
/// tests, examples).
fn parent_module(path: &str) -> Option<String> {
    let rest = path.strip_prefix("src/")?;
    if rest == "lib.rs" {
        return None;
    }
    let parts: Vec<&str> = rest.split('/').collect();
    match parts.as_slice() {
        [_] | [_, "mod.rs"] => Some("src/lib.rs".to_owned()),
        [dirs @ .., _] => Some(format!("src/{}/mod.rs", dirs.join("/"))),
        [] => None,
    }
}

/// One diagnostic per file of the share that rustfmt's message names (or one for the share).
fn blame(dir: &Path, crates: &[CrateOutput], share: &[FileId], stderr: &[u8]) -> Vec<Diagnostic> {
    let mut message = String::from_utf8_lossy(stderr).into_owned();
    for (c, krate) in crates.iter().enumerate() {
        message = message.replace(
            &format!("{}/{c}/", dir.display()),
            &format!("{}/", krate.name),
        );
    }
    let message = message.trim_end();
    let mut out: Vec<Diagnostic> = share
        .iter()
        .filter_map(|&(c, f)| {
            let shown = format!("{}/{}", crates[c].name, crates[c].files[f].path);
            message.contains(&shown).then(|| Diagnostic {
                file: crates[c].files[f].origin.clone(),
                at: At::File,
                message: format!("{shown} does not parse:\n{message}"),
            })
        })
        .collect();
    if out.is_empty() {
        out.push(fail(format!("rustfmt failed:\n{message}")).0.remove(0));
    }
    out
}

fn fail(message: String) -> Diagnostics {
    Diagnostics(vec![Diagnostic {
        file: "rustfmt".to_owned(),
        at: At::File,
        message,
    }])
}

/// A directory removed with everything in it when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> io::Result<TempDir> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "compshare-codegen-{}-{}-{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        std::fs::create_dir(&path)?;
        Ok(TempDir(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures() -> Vec<CrateOutput> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        crate::generate(crate::Input::Root {
            dir: &dir,
            shown: "fixtures",
            out: "tests/golden",
        })
        .unwrap()
    }

    #[test]
    fn shares_format_as_one_process_does() {
        let mut one = fixtures();
        format_with(&mut one, 1).unwrap();
        // As many processes as files: each file formatted alone, parents apart from children.
        let mut many = fixtures();
        let files = many.iter().map(|c| c.files.len()).sum();
        format_with(&mut many, files).unwrap();
        assert_eq!(one.len(), many.len());
        for (a, b) in one.iter().zip(&many) {
            assert_eq!(a.files, b.files, "{}", a.name);
        }
        assert_ne!(
            one[0].files,
            fixtures()[0].files,
            "formatting changed nothing"
        );
    }

    #[test]
    fn a_file_that_does_not_parse_is_blamed_on_its_origin() {
        let file = |path: &str, contents: &str, origin: &str| crate::File {
            path: path.to_owned(),
            contents: contents.to_owned(),
            origin: origin.to_owned(),
        };
        let mut crates = vec![CrateOutput {
            name: "demo".to_owned(),
            files: vec![
                file("src/lib.rs", "pub fn ok( ) {}\n", "templates/lib.rs.tera"),
                file(
                    "examples/bad.rs",
                    "fn main() {\n    broken(\n",
                    "spec/demo/examples/bad.rs",
                ),
            ],
            actions: 0,
            types: 0,
        }];
        let diags = format_with(&mut crates, 2).unwrap_err();
        assert_eq!(diags.0.len(), 1, "{diags}");
        assert_eq!(diags.0[0].file, "spec/demo/examples/bad.rs");
        let message = &diags.0[0].message;
        assert!(
            message.starts_with("demo/examples/bad.rs does not parse"),
            "{message}"
        );
        assert!(
            !message.contains("compshare-codegen-"),
            "temporary paths leak: {message}"
        );
        // Nothing was changed.
        assert_eq!(crates[0].files[0].contents, "pub fn ok( ) {}\n");
    }

    #[test]
    fn parents_follow_the_generated_layout() {
        assert_eq!(parent_module("src/lib.rs"), None);
        assert_eq!(parent_module("src/types.rs").as_deref(), Some("src/lib.rs"));
        assert_eq!(
            parent_module("src/actions/mod.rs").as_deref(),
            Some("src/lib.rs")
        );
        assert_eq!(
            parent_module("src/actions/images.rs").as_deref(),
            Some("src/actions/mod.rs")
        );
        assert_eq!(parent_module("tests/serde_round_trip.rs"), None);
        assert_eq!(parent_module("examples/quickstart.rs"), None);
    }
}
