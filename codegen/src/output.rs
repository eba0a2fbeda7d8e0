//! Writing generated crates to disk, or checking that disk matches.
//!
//! Everything is rendered in memory before this runs, so a spec error never touches disk.
//! Each changed file is written to a temporary sibling and renamed into place; unchanged files
//! keep their timestamps so cargo does not rebuild them.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::{CrateOutput, Diagnostics};

/// One generator run: a spec directory and the directory its crates go to, both relative to
/// the workspace root.
#[derive(Clone, Copy, Debug)]
pub struct Job {
    pub spec: &'static str,
    pub out: &'static str,
}

/// The result of one job.
#[derive(Debug)]
pub struct Synced {
    pub job: Job,
    pub crates: Vec<CrateOutput>,
    /// Every file, changed or not.
    pub changes: Vec<Change>,
}

/// A generated file outside the crates (e.g. a test generated from reference data): formatted,
/// written and checked with them.
#[derive(Clone, Debug)]
pub struct Extra {
    /// Relative to the workspace root.
    pub path: &'static str,
    /// Unformatted Rust.
    pub contents: String,
    /// What to blame when it does not parse.
    pub origin: String,
}

/// Why a run wrote nothing.
#[derive(Debug)]
pub enum SyncError {
    /// The spec has errors.
    Spec(Diagnostics),
    /// Reading or writing the output failed.
    Io(String),
}

impl std::fmt::Display for SyncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyncError::Spec(d) => write!(f, "{d}"),
            SyncError::Io(e) => f.write_str(e),
        }
    }
}

/// Generates every job in memory and formats it with `extras`; if all succeed and `write` is
/// set, brings each output directory and extra file in line. Any error leaves every output
/// untouched. Returns each job's result and each extra's change.
pub fn sync(
    root: &Path,
    jobs: &[Job],
    extras: Vec<Extra>,
    write: bool,
) -> Result<(Vec<Synced>, Vec<Change>), SyncError> {
    let mut generated = Vec::new();
    let mut diags = Diagnostics::default();
    for job in jobs {
        let input = crate::Input::Root {
            dir: &root.join(job.spec),
            shown: job.spec,
            out: job.out,
        };
        match crate::generate(input) {
            Ok(crates) => generated.push((*job, crates)),
            Err(d) => diags.0.extend(d.0),
        }
    }
    if !diags.is_empty() {
        return Err(SyncError::Spec(diags));
    }
    // One formatting pass for every job: rustfmt's start-up is paid once per core, not per file.
    let counts: Vec<usize> = generated.iter().map(|(_, c)| c.len()).collect();
    let mut all: Vec<CrateOutput> = generated
        .iter_mut()
        .flat_map(|(_, c)| c.drain(..))
        .collect();
    all.push(CrateOutput {
        name: "extras".to_owned(),
        files: extras
            .into_iter()
            .map(|e| crate::File {
                path: e.path.to_owned(),
                contents: e.contents,
                origin: e.origin,
            })
            .collect(),
        actions: 0,
        types: 0,
    });
    crate::format::format_crates(&mut all).map_err(SyncError::Spec)?;
    let extra_files = all.pop().map(|c| c.files).unwrap_or_default();
    let mut all = all.into_iter();
    for ((_, crates), n) in generated.iter_mut().zip(counts) {
        crates.extend(all.by_ref().take(n));
    }
    let mut extra_changes = Vec::new();
    for file in &extra_files {
        let path = root.join(&file.path);
        extra_changes
            .push(compare(path, &file.contents).map_err(|e| SyncError::Io(e.to_string()))?);
    }
    // Every comparison before any write, so that a read error leaves everything untouched.
    let mut out = Vec::new();
    for (job, crates) in generated {
        let changes = diff(&root.join(job.out), &crates)
            .map_err(|e| SyncError::Io(format!("cannot read {}/: {e}", job.out)))?;
        out.push(Synced {
            job,
            crates,
            changes,
        });
    }
    if write {
        for s in &out {
            apply(&root.join(s.job.out), &s.crates, &s.changes)
                .map_err(|e| SyncError::Io(format!("cannot write {}/: {e}", s.job.out)))?;
        }
        for (file, change) in extra_files.iter().zip(&extra_changes) {
            if change.is_change() {
                write_atomic(&root.join(&file.path), file.contents.as_bytes())
                    .map_err(|e| SyncError::Io(format!("cannot write {}: {e}", file.path)))?;
            }
        }
    }
    Ok((out, extra_changes))
}

/// What `apply` did, or what `check` found, for one file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// The file is new.
    Created(PathBuf),
    /// The file exists with other contents.
    Updated(PathBuf),
    /// The file is no longer generated.
    Deleted(PathBuf),
    Unchanged(PathBuf),
}

impl Change {
    pub fn is_change(&self) -> bool {
        !matches!(self, Change::Unchanged(_))
    }
}

/// Compares the crates with what is under `root` (the `generated/` directory).
pub fn diff(root: &Path, crates: &[CrateOutput]) -> io::Result<Vec<Change>> {
    let mut changes = Vec::new();
    let mut expected = std::collections::BTreeSet::new();
    for c in crates {
        for f in &c.files {
            let path = root.join(&c.name).join(&f.path);
            expected.insert(path.clone());
            changes.push(compare(path, &f.contents)?);
        }
    }
    if root.is_dir() {
        for path in walk(root)? {
            if !expected.contains(&path) {
                changes.push(Change::Deleted(path));
            }
        }
    }
    changes.sort();
    Ok(changes)
}

/// How the file at `path` stands against `contents`.
fn compare(path: PathBuf, contents: &str) -> io::Result<Change> {
    match fs::read(&path) {
        Ok(old) if old == contents.as_bytes() => Ok(Change::Unchanged(path)),
        Ok(_) => Ok(Change::Updated(path)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Change::Created(path)),
        Err(e) => Err(io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
    }
}

/// Makes disk match `crates`, given the `diff` computed for them.
pub fn apply(root: &Path, crates: &[CrateOutput], changes: &[Change]) -> io::Result<()> {
    let contents: std::collections::BTreeMap<PathBuf, &str> = crates
        .iter()
        .flat_map(|c| {
            c.files
                .iter()
                .map(move |f| (root.join(&c.name).join(&f.path), f.contents.as_str()))
        })
        .collect();
    for change in changes {
        match change {
            Change::Created(path) | Change::Updated(path) => {
                write_atomic(path, contents[path].as_bytes())?
            }
            Change::Deleted(path) => {
                fs::remove_file(path)?;
                remove_empty_parents(path, root);
            }
            Change::Unchanged(_) => {}
        }
    }
    Ok(())
}

fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let context = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(context)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    fs::write(&tmp, bytes).map_err(context)?;
    fs::rename(&tmp, path).map_err(context)
}

fn remove_empty_parents(path: &Path, root: &Path) {
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == root || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// All files under `dir`, recursively.
fn walk(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    Ok(out)
}
