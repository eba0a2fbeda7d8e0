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

/// Generates every job in memory; if all succeed and `write` is set, brings each output
/// directory in line. Any spec error in any job leaves every output untouched.
pub fn sync(root: &Path, jobs: &[Job], write: bool) -> Result<Vec<Synced>, SyncError> {
    let mut generated = Vec::new();
    let mut diags = Diagnostics::default();
    for job in jobs {
        match crate::render(&root.join(job.spec), job.spec) {
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
    crate::format::format_crates(&mut all).map_err(SyncError::Spec)?;
    let mut all = all.into_iter();
    for ((_, crates), n) in generated.iter_mut().zip(counts) {
        crates.extend(all.by_ref().take(n));
    }
    let mut out = Vec::new();
    for (job, crates) in generated {
        let dir = root.join(job.out);
        let changes = diff(&dir, &crates)
            .map_err(|e| SyncError::Io(format!("cannot read {}/: {e}", job.out)))?;
        if write {
            apply(&dir, &crates, &changes)
                .map_err(|e| SyncError::Io(format!("cannot write {}/: {e}", job.out)))?;
        }
        out.push(Synced {
            job,
            crates,
            changes,
        });
    }
    Ok(out)
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
            changes.push(match fs::read(&path) {
                Ok(old) if old == f.contents.as_bytes() => Change::Unchanged(path),
                Ok(_) => Change::Updated(path),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Change::Created(path),
                Err(e) => return Err(io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
            });
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
