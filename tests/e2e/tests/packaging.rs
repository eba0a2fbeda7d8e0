//! How the crates fit together for users: the names they write, the versions they get.

use std::path::Path;

/// `compshare::ClientBuilder` is the type `Client::builder()` returns, so a function taking
/// one accepts the other.
#[test]
fn the_builder_alias_is_what_client_builder_returns() {
    fn configure(builder: compshare::ClientBuilder) -> compshare::ClientBuilder {
        builder.region("cn-wlcb")
    }
    let client = configure(compshare::Client::builder())
        .credentials(compshare::Credentials::new("pub", "priv"))
        .build()
        .unwrap();
    assert_eq!(
        client.runtime().defaults().region.as_deref(),
        Some("cn-wlcb")
    );
}

/// Generated code builds the runtime's structs and implements its traits: a caret
/// requirement would let a later runtime 0.1.x with a new field break a published compshare.
#[test]
fn compshare_requires_the_exact_runtime_version() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let workspace = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let runtime = std::fs::read_to_string(root.join("runtime/Cargo.toml")).unwrap();
    let version = runtime
        .lines()
        .find_map(|l| l.strip_prefix("version = "))
        .expect("runtime/Cargo.toml has a version");
    let exact = format!("version = \"={}\"", version.trim_matches('"'));
    let line = workspace
        .lines()
        .find(|l| l.starts_with("compshare-runtime = "))
        .expect("the workspace declares compshare-runtime");
    assert!(line.contains(&exact), "{line} should require {exact}");
}

/// The SDK's crates build on their declared Rust version (1.85), which the toolchain here
/// cannot check by compiling: clippy's `incompatible_msrv` refuses newer library APIs, and
/// this refuses the language feature users of 1.85 to 1.87 would trip on, let chains
/// (`if let .. && ..`, stable in 1.88), in their sources and in the templates of generated
/// code. The generator and xtask may use them (they declare 1.88).
#[test]
fn the_sdk_crates_use_no_let_chains() {
    fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs" || e == "tera") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut sources = Vec::new();
    for dir in [
        "protocol/src",
        "runtime/src",
        "runtime/tests",
        "templates",
        "generated",
    ] {
        files(&root.join(dir), &mut sources);
    }
    assert!(sources.len() > 30, "{}", sources.len());
    let mut found = Vec::new();
    for path in &sources {
        let text = std::fs::read_to_string(path).unwrap();
        // Code only, then each `if let` or `while let` condition up to its block's `{`,
        // across lines as rustfmt breaks them.
        let code: String = text
            .lines()
            .map(|l| l.split("//").next().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n");
        // `if cond && let ..`: a `let` after the operator, on its line or the next.
        for (at, _) in code.match_indices("&& let ") {
            let line = code[..at].matches('\n').count() + 1;
            found.push(format!("{}:{line}: && let", path.display()));
        }
        for start in ["if let ", "while let "] {
            for (at, _) in code.match_indices(start) {
                let condition = code[at..].split('{').next().unwrap_or_default();
                // The operator, spaced as rustfmt writes it (not `|&&n|` in a closure).
                let operator = condition.match_indices("&&").any(|(i, _)| {
                    let before = condition[..i].chars().next_back();
                    let after = condition[i + 2..].chars().next();
                    before.is_some_and(char::is_whitespace)
                        && after.is_some_and(char::is_whitespace)
                });
                if operator {
                    let line = code[..at].matches('\n').count() + 1;
                    found.push(format!("{}:{line}: {}", path.display(), condition.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "let chains need Rust 1.88:\n{}",
        found.join("\n")
    );
}

/// What a user of `compshare` reads in its docs names what their crate has: `compshare::...`,
/// never `compshare_runtime` (not one of their dependencies) or the generated code's private
/// alias `rt::`. Checked on the doc comments rustdoc shows: the generated crate's, and the
/// runtime's (its items are re-exported by `compshare`, docs included), examples' visible
/// lines included (hidden `# ` lines may set names up).
#[test]
fn the_docs_users_read_name_only_what_they_have() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in [
        "generated/compshare/src",
        "runtime/src",
        "runtime/src/decode",
    ] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut found = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let Some(doc) = line.trim_start().strip_prefix("///") else {
                continue;
            };
            let visible = !doc.trim_start().starts_with("# ") && doc.trim() != "#";
            if visible && (doc.contains("compshare_runtime") || doc.contains("[`rt::")) {
                found.push(format!("{}:{}: {}", path.display(), n + 1, doc.trim()));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
