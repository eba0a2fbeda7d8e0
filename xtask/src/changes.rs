//! What a run changes in a generated crate's public API, and the changelog that records it.
//!
//! Each crate's `public-api.txt` (written by the generator) lists its public API. A run
//! prints its changes against the committed manifest (`git show HEAD:...`), each marked
//! breaking or compatible. The crate's changelog (`spec/<service>/CHANGELOG.md`, copied into
//! the crate) ends each entry with `<!-- public-api: SHA1 -->`, the manifest it describes;
//! `cargo xtask generate --check` fails when the newest such line is not the manifest of the
//! generated crate, so an API change cannot land without an entry. `cargo xtask changelog`
//! writes the entry: the changes since the manifest the changelog last recorded, found in
//! git history.

use std::path::Path;
use std::process::Command;

use compshare_codegen::CrateOutput;
use compshare_codegen::api::{self, MANIFEST};
use sha1::{Digest, Sha1};

/// The marker that ends a changelog entry, naming the manifest it describes.
const MARKER: &str = "<!-- public-api: ";

/// The hex SHA-1 of a manifest.
pub fn hash(manifest: &str) -> String {
    Sha1::digest(manifest.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn file<'a>(c: &'a CrateOutput, path: &str) -> Option<&'a compshare_codegen::File> {
    c.files.iter().find(|f| f.path == path)
}

/// The manifest hash the changelog last recorded: its first marker (entries are newest
/// first).
fn recorded(changelog: &str) -> Option<&str> {
    changelog.lines().find_map(|l| {
        l.trim()
            .strip_prefix(MARKER)
            .and_then(|rest| rest.strip_suffix("-->"))
            .map(str::trim)
    })
}

/// `git show REV:PATH` in `root`, if git and the file are there.
fn git_show(root: &Path, rev: &str, path: &str) -> Option<String> {
    let out = Command::new("git")
        .current_dir(root)
        .args(["show", &format!("{rev}:{path}")])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Lines summarizing the API changes of each crate against the committed manifest.
pub fn summary(root: &Path, out_dir: &str, crates: &[CrateOutput]) -> Vec<String> {
    let mut lines = Vec::new();
    for c in crates {
        let Some(new) = file(c, MANIFEST) else {
            continue;
        };
        let path = format!("{out_dir}/{}/{MANIFEST}", c.name);
        let Some(old) = git_show(root, "HEAD", &path) else {
            lines.push(format!(
                "{}: public API: no committed {path} to compare with",
                c.name
            ));
            continue;
        };
        let changes = api::diff(&old, &new.contents);
        let breaking = changes.iter().filter(|c| c.breaking).count();
        if changes.is_empty() {
            lines.push(format!(
                "{}: public API unchanged since the last commit",
                c.name
            ));
            continue;
        }
        lines.push(format!(
            "{}: public API changes since the last commit: {} ({breaking} breaking)",
            c.name,
            changes.len()
        ));
        lines.extend(
            changes
                .iter()
                .filter(|ch| !ch.with_new_owner)
                .map(|ch| format!("  {ch}")),
        );
        let parts = changes.iter().filter(|ch| ch.with_new_owner).count();
        if parts > 0 {
            lines.push(format!(
                "  and {parts} parameter(s), field(s) and value(s) of the new actions and types"
            ));
        }
    }
    lines
}

/// Problems of each crate's changelog: missing, or not recording the generated API.
pub fn check(crates: &[CrateOutput]) -> Vec<String> {
    let mut problems = Vec::new();
    for c in crates {
        let Some(manifest) = file(c, MANIFEST) else {
            continue;
        };
        let Some(changelog) = file(c, "CHANGELOG.md") else {
            problems.push(format!(
                "{}: the spec directory has no CHANGELOG.md to record API changes in",
                c.name
            ));
            continue;
        };
        let want = hash(&manifest.contents);
        match recorded(&changelog.contents) {
            Some(h) if h == want => {}
            found => problems.push(format!(
                "{}: the public API changed and the changelog does not record it (it records {}, the API is {want}); run `cargo xtask changelog` and describe the change",
                changelog.origin,
                found.unwrap_or("nothing"),
            )),
        }
    }
    problems
}

/// Adds an entry for each crate whose changelog does not record its API: the changes since
/// the manifest it last recorded. Returns what it did.
pub fn write_entries(
    root: &Path,
    out_dir: &str,
    crates: &[CrateOutput],
    heading: &str,
) -> Result<Vec<String>, String> {
    let mut done = Vec::new();
    for c in crates {
        let (Some(manifest), Some(changelog)) = (file(c, MANIFEST), file(c, "CHANGELOG.md")) else {
            continue;
        };
        let want = hash(&manifest.contents);
        let last = recorded(&changelog.contents);
        if last == Some(want.as_str()) {
            done.push(format!(
                "{}: already records the current API",
                changelog.origin
            ));
            continue;
        }
        let path = format!("{out_dir}/{}/{MANIFEST}", c.name);
        let old = match last {
            Some(h) => find_manifest(root, &path, h).ok_or_else(|| {
                format!(
                    "{}: cannot find the API it last recorded ({h}) in the history of {path}; write the entry by hand",
                    changelog.origin
                )
            })?,
            None => String::new(),
        };
        let changes = api::diff(&old, &manifest.contents);
        let entry = format!(
            "## {heading}\n\n{}{MARKER}{want} -->\n\n",
            api::markdown(&changes)
        );
        let text = insert_entry(&changelog.contents, &entry);
        let target = root.join(&changelog.origin);
        std::fs::write(&target, text)
            .map_err(|e| format!("{}: cannot write: {e}", target.display()))?;
        done.push(format!(
            "{}: added an entry of {} change(s); describe them in words, then run `cargo xtask generate`",
            changelog.origin,
            changes.len()
        ));
    }
    Ok(done)
}

/// `changelog` with `entry` before its first entry (`## ` heading), or at its end.
fn insert_entry(changelog: &str, entry: &str) -> String {
    match changelog.find("\n## ") {
        Some(i) => format!("{}{entry}{}", &changelog[..=i], &changelog[i + 1..]),
        None => format!("{}\n\n{entry}", changelog.trim_end()),
    }
}

/// The committed version of `path` whose hash is `want`, the newest first, or the file on
/// disk.
fn find_manifest(root: &Path, path: &str, want: &str) -> Option<String> {
    if let Ok(text) = std::fs::read_to_string(root.join(path))
        && hash(&text) == want
    {
        return Some(text);
    }
    let out = Command::new("git")
        .current_dir(root)
        .args(["log", "--format=%H", "-n", "500", "--", path])
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|rev| git_show(root, rev, path))
        .find(|text| hash(text) == want)
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil(i64::try_from(secs / 86_400).unwrap_or(0));
    format!("{y:04}-{m:02}-{d:02}")
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(20_790), (2026, 12, 3));
        assert_eq!(civil(11_016), (2000, 2, 29));
    }

    use super::*;

    #[test]
    fn the_newest_marker_is_the_recorded_api() {
        let text = "# Changelog\n\n## b\n\n- x\n\n<!-- public-api: 222 -->\n\n## a\n\n<!-- public-api: 111 -->\n";
        assert_eq!(recorded(text), Some("222"));
        assert_eq!(recorded("# Changelog\n"), None);
    }

    #[test]
    fn entries_go_before_the_newest() {
        let text = "# Changelog\n\nIntro.\n\n## a\n\nold\n";
        assert_eq!(
            insert_entry(text, "## b\n\nnew\n\n"),
            "# Changelog\n\nIntro.\n\n## b\n\nnew\n\n## a\n\nold\n"
        );
        assert_eq!(
            insert_entry("# Changelog\n", "## b\n"),
            "# Changelog\n\n## b\n"
        );
    }
}
