//! Writing to disk: a failed run touches nothing, a good run is byte-stable, and `--check`
//! finds every stale file without writing; extra files (a generated test) go along.

use std::fs;
use std::path::{Path, PathBuf};

use compshare_codegen::output::{Change, Extra, Job, SyncError, sync};

const JOB: [Job; 1] = [Job {
    spec: "spec",
    out: "generated",
}];

fn workspace(name: &str, spec: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("spec/demo")).unwrap();
    fs::write(root.join("spec/demo/spec.yaml"), spec).unwrap();
    root
}

const GOOD: &str = "service: {name: Demo, crate: demo, version: 0.1.0, base_url: \"https://api.example.com\", doc: Demo.}
actions:
  Ping:
    doc: Checks.
    response:
      Ok: {type: bool, doc: Up.}
";

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let meta = fs::metadata(&p).unwrap();
                out.push((p.clone(), fs::read(&p).unwrap(), meta.modified().unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn invalid_spec_leaves_output_untouched() {
    let root = workspace("sync-invalid", GOOD);
    sync(&root, &JOB, vec![], true).unwrap();
    let before = snapshot(&root.join("generated"));
    assert!(before.len() >= 5);

    fs::write(
        root.join("spec/demo/spec.yaml"),
        GOOD.replace("type: bool", "type: boool"),
    )
    .unwrap();
    match sync(&root, &JOB, vec![], true) {
        Err(SyncError::Spec(d)) => assert!(
            d.to_string()
                .contains("unknown type `boool` (did you mean `bool`?)"),
            "{d}"
        ),
        other => panic!("expected a spec error, got {other:?}"),
    }
    assert_eq!(snapshot(&root.join("generated")), before);
}

#[test]
fn second_run_changes_nothing_and_check_finds_stale_files() {
    let root = workspace("sync-stable", GOOD);
    let (first, _) = sync(&root, &JOB, vec![], true).unwrap();
    assert!(
        first[0]
            .changes
            .iter()
            .all(|c| matches!(c, Change::Created(_)))
    );
    let before = snapshot(&root.join("generated"));

    let (second, _) = sync(&root, &JOB, vec![], true).unwrap();
    assert!(second[0].changes.iter().all(|c| !c.is_change()));
    assert_eq!(
        snapshot(&root.join("generated")),
        before,
        "timestamps and bytes unchanged"
    );

    // A hand edit, a stray file and a deleted file are all stale; --check writes nothing.
    let lib = root.join("generated/demo/src/lib.rs");
    fs::write(&lib, "// edited by hand\n").unwrap();
    fs::write(root.join("generated/demo/src/stray.rs"), "").unwrap();
    fs::remove_file(root.join("generated/demo/src/client.rs")).unwrap();
    let (checked, _) = sync(&root, &JOB, vec![], false).unwrap();
    let mut stale: Vec<String> = checked[0]
        .changes
        .iter()
        .filter(|c| c.is_change())
        .map(|c| format!("{c:?}").replace(&root.display().to_string(), ""))
        .collect();
    stale.sort();
    assert_eq!(
        stale,
        [
            "Created(\"/generated/demo/src/client.rs\")",
            "Deleted(\"/generated/demo/src/stray.rs\")",
            "Updated(\"/generated/demo/src/lib.rs\")",
        ]
    );
    assert_eq!(fs::read_to_string(&lib).unwrap(), "// edited by hand\n");

    sync(&root, &JOB, vec![], true).unwrap();
    assert!(!root.join("generated/demo/src/stray.rs").exists());
    let healed = snapshot(&root.join("generated"));
    assert_eq!(
        healed.iter().map(|(p, b, _)| (p, b)).collect::<Vec<_>>(),
        before.iter().map(|(p, b, _)| (p, b)).collect::<Vec<_>>()
    );
}

fn extra(contents: &str) -> Vec<Extra> {
    vec![Extra {
        path: "tests/all.rs",
        contents: contents.to_owned(),
        origin: "xtask".to_owned(),
    }]
}

#[test]
fn extra_files_are_formatted_written_and_checked_with_the_crates() {
    let root = workspace("sync-extra", GOOD);
    let (_, changes) = sync(&root, &JOB, extra("fn  t( ) {}"), true).unwrap();
    assert!(matches!(changes[..], [Change::Created(_)]), "{changes:?}");
    let test = root.join("tests/all.rs");
    assert_eq!(fs::read_to_string(&test).unwrap(), "fn t() {}\n");

    let (_, changes) = sync(&root, &JOB, extra("fn t() {}"), false).unwrap();
    assert!(matches!(changes[..], [Change::Unchanged(_)]), "{changes:?}");
    let (_, changes) = sync(&root, &JOB, extra("fn u() {}"), false).unwrap();
    assert!(matches!(changes[..], [Change::Updated(_)]), "{changes:?}");
    assert_eq!(
        fs::read_to_string(&test).unwrap(),
        "fn t() {}\n",
        "--check writes nothing"
    );

    // An extra that does not parse: nothing is written, the crates neither.
    fs::remove_dir_all(root.join("generated")).unwrap();
    match sync(&root, &JOB, extra("fn u( {"), true) {
        Err(SyncError::Spec(d)) => {
            assert_eq!(d.0[0].file, "xtask", "{d}");
            assert!(
                d.0[0].message.contains("tests/all.rs does not parse"),
                "{d}"
            );
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
    assert!(!root.join("generated").exists());
    assert_eq!(fs::read_to_string(&test).unwrap(), "fn t() {}\n");
}
