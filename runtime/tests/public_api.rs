//! The runtime's public surface, checked in: every `pub` item and field, module by module, is
//! listed in `runtime/public-api.txt`, so that any change to it shows up in review. (`lib.rs`
//! decides which modules are reachable; an item made public by accident shows up here too.)
//! Read from the sources: rustdoc's JSON, which tools such as cargo-public-api read, needs a
//! nightly toolchain. After a deliberate change: `UPDATE_PUBLIC_API=1 cargo test -p
//! compshare-runtime --test public_api`, and review the diff.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// One line per public item or field: `file: declaration`, the declaration up to its body.
fn surface() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    let mut out = String::new();
    for path in files {
        let shown = path.strip_prefix(root).unwrap().display().to_string();
        // Test modules end each file (and `tests.rs` is one): they are not the surface.
        if shown.ends_with("/tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
        let mut exported_macro = false;
        for line in code.lines() {
            let line = line.trim();
            if line == "#[macro_export]" {
                exported_macro = true;
                continue;
            }
            let declaration = if exported_macro && line.starts_with("macro_rules!") {
                exported_macro = false;
                line
            } else if line.starts_with("pub ") {
                line
            } else {
                continue;
            };
            let end = declaration
                .find(" {")
                .or_else(|| declaration.find(" where"))
                .unwrap_or(declaration.len());
            let declaration = declaration[..end].trim_end_matches([';', ',', '(']);
            out.push_str(&format!("{shown}: {declaration}\n"));
        }
    }
    out
}

#[test]
fn the_public_surface_is_the_checked_in_one() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("public-api.txt");
    let now = surface();
    if std::env::var_os("UPDATE_PUBLIC_API").is_some() {
        std::fs::write(&path, &now).unwrap();
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    // Line by line: `pub struct Mock` is not part of `pub struct MockRequest`.
    let (old, new): (BTreeSet<&str>, BTreeSet<&str>) =
        (checked_in.lines().collect(), now.lines().collect());
    let removed: Vec<&str> = old.difference(&new).copied().collect();
    let added: Vec<&str> = new.difference(&old).copied().collect();
    assert!(
        removed.is_empty() && added.is_empty(),
        "the runtime's public surface changed; if on purpose, run \
         `UPDATE_PUBLIC_API=1 cargo test -p compshare-runtime --test public_api`.\n\
         removed:\n  {}\nadded:\n  {}",
        removed.join("\n  "),
        added.join("\n  ")
    );
}
