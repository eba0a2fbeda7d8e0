//! Saved profiles (`config set/list/use/delete/path`): written where the SDK and compshare-cli
//! both read them, owner-only and atomically, the private key never from the command line;
//! a saved region and zone are enough for the everyday commands.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::harness::*;

/// A home of this test's own, empty.
fn home(name: &str) -> compshare_e2e::TempDir {
    compshare_e2e::scratch(&format!("compshare-rs-profiles-{name}-"))
}

fn file_of(home: &Path) -> PathBuf {
    home.join(".config/compshare/config.json")
}

/// The binary with nothing configured but `home` (and the test server as endpoint).
fn bare(url: &str, home: &Path, args: &[&str]) -> std::process::Command {
    let mut c = command(url, args, &[]);
    for var in [
        "UCLOUD_PUBLIC_KEY",
        "UCLOUD_PRIVATE_KEY",
        "UCLOUD_REGION",
        "UCLOUD_ZONE",
    ] {
        c.env_remove(var);
    }
    c.env("HOME", home);
    c
}

fn with_stdin(mut c: std::process::Command, input: &str) -> Output {
    use std::io::Write;
    c.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    // The command may end, refusing, before it reads: its closed input is no failure here.
    let written = child.stdin.take().unwrap().write_all(input.as_bytes());
    if let Err(e) = written {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

fn json_of(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_saved_profile_is_enough_to_call_with_its_region_and_zone() {
    let home = home("set");
    let saved = with_stdin(
        bare(
            "http://127.0.0.1:9",
            home.path(),
            &[
                "config",
                "set",
                "gpu",
                "--public-key",
                "pk-saved",
                "--private-key-stdin",
                "--region",
                "cn-wlcb",
                "--zone",
                "cn-wlcb-01",
            ],
        ),
        "sk-saved-0123456789\n",
    );
    assert!(saved.status.success(), "{}", stderr(&saved));
    assert!(
        !stdout(&saved).contains("sk-saved") && !stderr(&saved).contains("sk-saved"),
        "the private key is not printed"
    );
    let file = file_of(home.path());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&file), 0o600, "the file is its owner's only");
        assert_eq!(mode(file.parent().unwrap()), 0o700, "so is its directory");
    }
    let doc = json_of(&file);
    assert_eq!(doc["current_profile"], "gpu");
    assert_eq!(doc["profiles"]["gpu"]["private_key"], "sk-saved-0123456789");
    assert_eq!(doc["profiles"]["gpu"]["zone"], "cn-wlcb-01");
    // No temporary file is left beside it.
    let entries: Vec<_> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, ["config.json"]);

    // The everyday command with nothing else configured: signed with the saved key, sent to
    // the saved region and zone.
    let server = serve(r#"{"RetCode":0,"GpuInventoryByZone":{}}"#).await;
    let mut c = bare(&server.url(), home.path(), &["zone", "gpu-stock"]);
    let out = tokio::task::spawn_blocking(move || c.output().unwrap())
        .await
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let sent = &server.requests()[0];
    assert_eq!(sent.param("PublicKey"), Some("pk-saved"));
    assert!(sent.signature_is_valid("sk-saved-0123456789"));
    assert_eq!(sent.param("Region"), Some("cn-wlcb"));
    assert_eq!(sent.param("Zone"), Some("cn-wlcb-01"));

    // Shown masked, with where it came from.
    let shown = bare("http://127.0.0.1:9", home.path(), &["config", "show"])
        .output()
        .unwrap();
    let text = stdout(&shown);
    assert!(
        !text.contains("sk-saved") && !text.contains("pk-saved"),
        "{text}"
    );
    assert!(text.contains("(profile \\\"gpu\\\")"), "{text}");
    let listed = bare("http://127.0.0.1:9", home.path(), &["config", "list"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&stdout(&listed)).unwrap();
    assert_eq!(doc["profiles"][0]["profile"], "gpu");
    assert_eq!(doc["profiles"][0]["active"], true);
    assert_eq!(doc["profiles"][0]["public_key"], "pk-s***");
    assert_eq!(doc["profiles"][0]["private_key"], "set");
    assert!(!stdout(&listed).contains("sk-saved"));
    let path = bare("http://127.0.0.1:9", home.path(), &["config", "path"])
        .output()
        .unwrap();
    assert_eq!(stdout(&path).trim(), file.display().to_string());
}

#[test]
fn nothing_configured_is_said_with_where_to_give_each_setting() {
    let home = home("missing");
    let shown = bare("http://127.0.0.1:9", home.path(), &["config", "show"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&stdout(&shown)).unwrap();
    let missing: Vec<&str> = doc
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["value"] == "(missing)")
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(missing, ["public_key", "private_key", "region", "zone"]);
    assert!(stdout(&shown).contains("config set --region"));
}

#[test]
fn the_private_key_is_never_taken_from_the_command_line() {
    let home = home("argv");
    let out = bare(
        "http://127.0.0.1:9",
        home.path(),
        &[
            "config",
            "set",
            "--public-key",
            "pk",
            "--private-key",
            "sk-on-argv",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!file_of(home.path()).exists(), "nothing was written");
    // Off a terminal, without --private-key-stdin, it is not asked for: an error says how.
    let out = bare(
        "http://127.0.0.1:9",
        home.path(),
        &["config", "set", "--public-key", "pk"],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--private-key-stdin"),
        "{}",
        stderr(&out)
    );
    assert!(!file_of(home.path()).exists());
}

#[test]
fn use_and_delete_change_only_what_they_name_and_keep_other_entries() {
    let home = home("use");
    let file = file_of(home.path());
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    // compshare-cli's own entries (its language) and keys it alone knows are kept.
    std::fs::write(
        &file,
        r#"{"current_profile":"a","language":"zh","profiles":{
            "a":{"public_key":"pk-a","private_key":"sk-a","extra":1},
            "b":{"public_key":"pk-b","private_key":"sk-b"}}}"#,
    )
    .unwrap();
    let before = std::fs::read_to_string(&file).unwrap();
    let out = bare(
        "http://127.0.0.1:9",
        home.path(),
        &["config", "use", "nope"],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("there are: a, b"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before, "untouched");
    let out = bare(
        "http://127.0.0.1:9",
        home.path(),
        &["config", "delete", "a"],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(7), "off a terminal it needs --yes");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before, "untouched");

    let out = bare("http://127.0.0.1:9", home.path(), &["config", "use", "b"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = json_of(&file);
    assert_eq!(doc["current_profile"], "b");
    assert_eq!(doc["language"], "zh");
    assert_eq!(doc["profiles"]["a"]["extra"], 1);

    // Region alone added to a profile with keys: the keys are kept, none asked for.
    let out = bare(
        "http://127.0.0.1:9",
        home.path(),
        &["config", "set", "a", "--region", "cn-sh2", "--no-activate"],
    )
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = json_of(&file);
    assert_eq!(doc["profiles"]["a"]["private_key"], "sk-a");
    assert_eq!(doc["profiles"]["a"]["region"], "cn-sh2");
    assert_eq!(doc["current_profile"], "b", "--no-activate");

    let out = bare(
        "http://127.0.0.1:9",
        home.path(),
        &["config", "delete", "b", "--yes"],
    )
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = json_of(&file);
    assert!(doc["profiles"].get("b").is_none());
    assert_eq!(
        doc["current_profile"], "a",
        "the next one by name is in use"
    );
}

#[test]
fn a_file_that_cannot_be_read_is_named_and_left_as_it_is() {
    let home = home("broken");
    let file = file_of(home.path());
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "{\"profiles\": {\n  \"a\": ").unwrap();
    let out = with_stdin(
        bare(
            "http://127.0.0.1:9",
            home.path(),
            &["config", "set", "--public-key", "pk", "--private-key-stdin"],
        ),
        "sk\n",
    );
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("{}:2:", file.display())),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "{\"profiles\": {\n  \"a\": "
    );
}

fn statuses(out: &Output) -> Vec<(String, String, String)> {
    let doc: serde_json::Value = serde_json::from_str(&stdout(out)).unwrap();
    let checks = doc.get("answer").unwrap_or(&doc)["checks"].clone();
    checks
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap().to_owned();
            (s("check"), s("status"), s("detail"))
        })
        .collect()
}

fn status_of(checks: &[(String, String, String)], name: &str) -> String {
    checks
        .iter()
        .find(|c| c.0 == name)
        .map(|c| c.1.clone())
        .unwrap_or_else(|| panic!("no check {name}: {checks:?}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn doctor_checks_keys_files_the_api_and_the_place() {
    let home = home("doctor");
    let saved = with_stdin(
        bare(
            "http://127.0.0.1:9",
            home.path(),
            &[
                "config",
                "set",
                "--public-key",
                "pk-d",
                "--private-key-stdin",
                "--region",
                "cn-wlcb",
                "--zone",
                "cn-wlcb-01",
            ],
        ),
        "sk-doctor-0123\n",
    );
    assert!(saved.status.success(), "{}", stderr(&saved));
    let server = serve(
        r#"{"RetCode":0,"ZoneInfo":[{"Zone":"cn-wlcb-01","Region":"cn-wlcb"},{"Zone":"cn-sh2-02","Region":"cn-sh2"}]}"#,
    )
    .await;
    let doctor = |extra: &[(&str, &str)]| {
        let mut c = bare(&server.url(), home.path(), &["doctor"]);
        for (k, v) in extra {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    let out = doctor(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let checks = statuses(&out);
    for name in ["keys", "files", "api", "region", "zone"] {
        assert_eq!(status_of(&checks, name), "ok", "{checks:?}");
    }
    let sent = server.requests();
    assert_eq!(
        sent[0].param("Action"),
        Some("DescribeCompShareSupportZone")
    );
    assert!(
        sent[0].signature_is_valid("sk-doctor-0123"),
        "with the saved keys"
    );
    assert!(!stdout(&out).contains("sk-doctor"));

    // A zone the service does not list, and a file others can read: each a failure.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let file = file_of(home.path());
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let out = doctor(&[("UCLOUD_ZONE", "cn-nowhere-9")]);
        assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
        let checks = statuses(&out);
        assert_eq!(status_of(&checks, "files"), "fail", "{checks:?}");
        assert_eq!(status_of(&checks, "zone"), "fail", "{checks:?}");
        assert!(stderr(&out).contains("files, zone"), "{}", stderr(&out));
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }

    // Keys the service refuses: the API check says to look at them.
    let refusing = serve(r#"{"RetCode":171,"Message":"Signature VerifyAC Error"}"#).await;
    let out = bare(&refusing.url(), home.path(), &["doctor"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6));
    let checks = statuses(&out);
    let api = checks.iter().find(|c| c.0 == "api").unwrap();
    assert_eq!(api.1, "fail");
    assert!(api.2.contains("check the private key"), "{api:?}");
}

#[test]
fn doctor_without_keys_says_where_to_give_them_and_sends_nothing() {
    let home = home("doctor-bare");
    let out = bare("http://127.0.0.1:9", home.path(), &["doctor"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6));
    let checks = statuses(&out);
    assert_eq!(status_of(&checks, "keys"), "fail");
    assert!(
        checks
            .iter()
            .any(|c| c.0 == "api" && c.2.contains("not tried"))
    );
}

#[test]
fn a_new_region_drops_the_old_zone_and_the_profile_named_is_the_one_set() {
    let home = home("region");
    let file = file_of(home.path());
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(
        &file,
        r#"{"current_profile":"work","profiles":{"work":{"public_key":"pk","private_key":"sk","region":"cn-wlcb","zone":"cn-wlcb-01"}}}"#,
    )
    .unwrap();
    // COMPSHARE_PROFILE names the profile `config set` changes.
    let mut c = bare(
        "http://127.0.0.1:9",
        home.path(),
        &["config", "set", "--region", "cn-sh2"],
    );
    c.env("COMPSHARE_PROFILE", "work");
    let out = c.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = json_of(&file);
    assert_eq!(doc["profiles"]["work"]["region"], "cn-sh2");
    assert!(
        doc["profiles"]["work"].get("zone").is_none(),
        "cn-wlcb-01 is not a zone of cn-sh2: {doc}"
    );
    assert!(doc["profiles"].get("default").is_none(), "{doc}");
}

#[cfg(unix)]
#[test]
fn a_file_named_elsewhere_leaves_its_directory_as_it_is() {
    use std::os::unix::fs::PermissionsExt;
    let home = home("elsewhere");
    let dir = home.path().join("shared");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let named = dir.join("cs.json");
    let mut c = bare(
        "http://127.0.0.1:9",
        home.path(),
        &["config", "set", "--public-key", "pk", "--private-key-stdin"],
    );
    c.env("COMPSHARE_CONFIG_FILE", &named);
    let out = with_stdin(c, "sk\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&named), 0o600);
    assert_eq!(
        mode(&dir),
        0o755,
        "not compshare's own directory: left as it was"
    );
}
