//! What the generator makes of the fixture specs and the spec (compared with the crates
//! stored in the workspace), and snapshots of the error each broken spec gives.

use std::fs;
use std::path::Path;

use compshare_codegen::load::{self, Sources};
use compshare_codegen::{CrateOutput, Diagnostics, Input, format, generate};

/// Every crate of a spec root, formatted as `cargo xtask generate` writes them.
fn generate_root(dir: &Path, shown: &str, out: &str) -> Result<Vec<CrateOutput>, Diagnostics> {
    let mut crates = generate(Input::Root { dir, shown, out })?;
    format::format_crates(&mut crates)?;
    Ok(crates)
}

/// A service's SDK crate, formatted.
fn generate_service(src: &Sources) -> Result<CrateOutput, Diagnostics> {
    let mut crates = generate(Input::Service(src))?;
    crates.truncate(1);
    format::format_crates(&mut crates)?;
    Ok(crates.remove(0))
}

fn here() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sub_dirs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The output is stored once, where the workspace compiles it: the golden crates
/// (`tests/golden/`) are the fixtures' crates and `generated/` the spec's. Each file the
/// generator makes must be the stored one; `cargo xtask generate` rewrites them, and the
/// diff is reviewed like any change.
#[test]
fn the_stored_crates_are_what_the_generator_makes() {
    let root = here().join("..");
    let mut compared = 0;
    for (spec, out) in [
        ("codegen/tests/fixtures", "tests/golden"),
        ("spec", "generated"),
    ] {
        let crates = generate_root(&root.join(spec), spec, out)
            .unwrap_or_else(|d| panic!("{spec} should generate:\n{d}"));
        for krate in crates {
            for f in &krate.files {
                let path = root.join(out).join(&krate.name).join(&f.path);
                let stored = fs::read_to_string(&path).unwrap_or_default();
                assert!(
                    stored == f.contents,
                    "{} is not what the generator makes of {}: run `cargo xtask generate` and review the diff",
                    path.display(),
                    f.origin
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 50, "{compared} files");
}

/// Each broken spec (a file, a service directory, or a spec root of service directories) and
/// every error it gives.
fn errors_of(path: &Path) -> Diagnostics {
    let name = path.file_name().unwrap().to_string_lossy();
    let shown = format!("broken/{name}");
    let is_root = path.is_dir() && sub_dirs(path).len() == fs::read_dir(path).unwrap().count();
    let result = if is_root {
        generate_root(path, &shown, "generated").map(|_| ())
    } else if path.is_dir() {
        load::load_dir(path, &shown).and_then(|src| generate_service(&src).map(|_| ()))
    } else {
        let text = fs::read_to_string(path).unwrap();
        load::parse(&shown, &text).and_then(|spec| {
            let src = Sources {
                dir: "broken".into(),
                files: vec![(shown.clone(), spec)],
                examples: vec![],
                readme: None,
                changelog: None,
            };
            generate_service(&src).map(|_| ())
        })
    };
    match result {
        Ok(_) => panic!("{shown} generated without errors"),
        Err(d) => d,
    }
}

#[test]
fn broken_specs() {
    let dir = here().join("tests/broken");
    let mut entries: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    assert!(entries.len() >= 15);
    for path in entries {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(format!("broken_{name}"), errors_of(&path).to_string());
    }
}

#[test]
fn generation_is_deterministic() {
    let src = load::load_dir(&here().join("../spec/ucompshare"), "spec/ucompshare").unwrap();
    let a = generate_service(&src).unwrap();
    let b = generate_service(&src).unwrap();
    assert_eq!(a.files, b.files);
}

/// The names of the `fn`s in a block of template text.
fn fn_names(block: &str) -> Vec<&str> {
    block
        .lines()
        .filter_map(|line| line.trim_start().split("fn ").nth(1))
        .map(|rest| rest.split(['(', '<']).next().unwrap())
        .collect()
}

/// Every method the client template defines on `Call` begins with one of
/// `names::CALL_PREFIXES`, which no setter takes, and `names::CLIENT_METHODS` lists every
/// method it defines on `Client`, or a setter or action could silently shadow one.
#[test]
fn reserved_names_match_the_client_template() {
    use compshare_codegen::names::{CALL_PREFIXES, CLIENT_METHODS, setter};
    let template = include_str!("../../templates/client.rs.tera");
    let mut call_methods = Vec::new();
    for (at, _) in template.match_indices("impl<R: rt::") {
        let block = &template[at..at + template[at..].find("\n}\n").unwrap()];
        call_methods.extend(fn_names(block));
    }
    assert!(call_methods.len() >= 8, "{call_methods:?}");
    for name in call_methods {
        assert!(
            CALL_PREFIXES.iter().any(|p| name.starts_with(p)),
            "`Call::{name}` begins with none of {CALL_PREFIXES:?}"
        );
        assert_ne!(
            setter(name),
            name,
            "a parameter could be named like `{name}`"
        );
    }
    let client_impl =
        &template[template.find("impl Client {").unwrap()..template.find("impl From<").unwrap()];
    let names = fn_names(client_impl);
    assert!(names.len() >= 5, "{names:?}");
    for name in names {
        assert!(
            CLIENT_METHODS.contains(&name),
            "`Client::{name}` is not reserved"
        );
    }
}

/// No doc comment the generator writes holds what rustdoc would read as an HTML tag: outside
/// code spans and autolinks, `<` and `>` are escaped. (CI also documents every golden crate
/// with warnings denied.)
#[test]
fn generated_docs_hold_no_html() {
    let dir = here().join("tests/fixtures");
    let mut sources: Vec<Sources> = sub_dirs(&dir)
        .into_iter()
        .map(|name| load::load_dir(&dir.join(&name), &format!("fixtures/{name}")).unwrap())
        .collect();
    sources.push(load::load_dir(&here().join("../spec/ucompshare"), "spec/ucompshare").unwrap());
    let mut checked = 0;
    for src in &sources {
        let out = generate_service(src).unwrap();
        for f in out.files.iter().filter(|f| f.path.ends_with(".rs")) {
            for line in f.contents.lines() {
                let Some(doc) = line.trim_start().strip_prefix("///") else {
                    continue;
                };
                checked += 1;
                let text: String = doc
                    .split('`')
                    .enumerate()
                    .filter(|(i, _)| i % 2 == 0)
                    .map(|(_, s)| s)
                    .collect::<Vec<_>>()
                    .join(" ");
                let text = text
                    .split(' ')
                    .filter(|w| !w.starts_with("<http"))
                    .collect::<Vec<_>>()
                    .join(" ");
                assert!(
                    !text.contains('<') && !text.contains('>'),
                    "{}/{}: {line}",
                    src.dir,
                    f.path
                );
            }
        }
    }
    assert!(checked > 1000, "{checked} doc lines");
}

/// Each `Encode` and `Decode` variant prints as the name of a runtime `Form` method or a
/// `decode_fields!` arm. The fixtures together use every variant, and each fixture's golden
/// crate compiles against the runtime (`tests/golden`), so a variant whose name is not the
/// runtime's fails to build there.
#[test]
fn the_fixtures_use_every_encode_and_decode() {
    use compshare_codegen::ir::{Decode, Encode};
    let dir = here().join("tests/fixtures");
    let (mut encodes, mut decodes) = (Vec::new(), Vec::new());
    for name in sub_dirs(&dir) {
        let src = load::load_dir(&dir.join(&name), &format!("fixtures/{name}")).unwrap();
        let krate = compshare_codegen::lower_service(&src).unwrap();
        let actions = krate.modules.iter().flat_map(|m| &m.actions);
        for a in actions.clone() {
            encodes.extend(a.writes.iter().map(|w| w.encode));
            decodes.extend(a.response.fields.iter().map(|f| f.decode));
        }
        for t in &krate.types {
            encodes.extend(t.writes.iter().map(|w| w.encode));
            decodes.extend(t.fields.iter().filter(|_| t.decode).map(|f| f.decode));
        }
    }
    for e in Encode::ALL {
        assert!(
            encodes.contains(&e),
            "no fixture writes a parameter as {e:?}"
        );
    }
    for d in Decode::ALL {
        assert!(decodes.contains(&d), "no fixture reads a field as {d:?}");
    }
}
