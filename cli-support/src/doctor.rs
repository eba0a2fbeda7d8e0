//! `doctor`: whether this machine can use the service: keys found and where, the files that
//! hold them private, the API answering with them, the region and zone configured among the
//! service's, and `ssh` for work on an instance. Each check says what to do when it fails.

use compshare_runtime::{self as runtime, RawCall};
use serde_json::{Value, json};

use crate::output;
use crate::{Cx, Exit, Failure};

/// One check's result.
struct Check {
    name: &'static str,
    /// `ok`, `warn` (works, but something is missing for some commands) or `fail`.
    status: &'static str,
    detail: String,
}

impl Check {
    fn new(name: &'static str, status: &'static str, detail: impl Into<String>) -> Check {
        Check {
            name,
            status,
            detail: detail.into(),
        }
    }
}

/// Runs every check and prints them; any that fails makes it a configuration error.
pub(crate) async fn doctor(cx: &Cx) -> Result<(), Failure> {
    let mut checks = Vec::new();
    let keys = keys(cx, &mut checks)?;
    files(cx, &mut checks)?;
    if keys {
        api(cx, &mut checks).await;
    } else {
        checks.push(Check::new("api", "fail", "not tried: no keys"));
    }
    if cx.service().auth == runtime::Auth::UCloudSignature {
        checks.push(Check::new(
            "clock",
            "ok",
            "UCloud's signatures carry no time: the clock does not matter",
        ));
    }
    checks.push(match on_path("ssh") {
        Some(path) => Check::new("ssh", "ok", path),
        None => Check::new(
            "ssh",
            "warn",
            "not on PATH: needed to log in to an instance",
        ),
    });
    let failed: Vec<&str> = checks
        .iter()
        .filter(|c| c.status == "fail")
        .map(|c| c.name)
        .collect();
    let rows: Vec<Value> = checks
        .iter()
        .map(|c| json!({"check": c.name, "status": c.status, "detail": c.detail}))
        .collect();
    let doc = json!({"ok": failed.is_empty(), "checks": rows});
    let print =
        |doc: &Value| cx.document(doc, || output::table(&rows, &["check", "status", "detail"]));
    if failed.is_empty() {
        return print(&doc);
    }
    let f = Failure::new(
        Exit::Config,
        format!(
            "doctor: {} failed: {}",
            plural(failed.len()),
            failed.join(", ")
        ),
    );
    // One document: the failure's carries the checks, or, where it has none, they come first.
    Err(cx.failing_with(f, doc, print))
}

fn plural(n: usize) -> String {
    if n == 1 {
        "1 check".to_owned()
    } else {
        format!("{n} checks")
    }
}

/// The keys and where they come from; whether there are any.
fn keys(cx: &Cx, checks: &mut Vec<Check>) -> Result<bool, Failure> {
    if let runtime::Auth::Bearer { variable, .. } = cx.service().auth {
        let set = cx.with_vars(|var| Ok(var(variable).is_some()))?;
        checks.push(if set {
            Check::new("keys", "ok", format!("from {variable}"))
        } else {
            Check::new("keys", "fail", format!("{variable} is not set"))
        });
        return Ok(set);
    }
    let found = match cx.with_vars(|var| Ok(runtime::config::explain_with(var)?)) {
        Ok(found) => found,
        Err(f) => {
            checks.push(Check::new("keys", "fail", f.message));
            return Ok(false);
        }
    };
    let source = |name: &str| {
        found
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.source.clone())
    };
    let ok = match (source("public_key"), source("private_key")) {
        (Some(public), Some(_)) => {
            checks.push(Check::new("keys", "ok", format!("from {public}")));
            true
        }
        _ => {
            checks.push(Check::new(
                "keys",
                "fail",
                "none found: `config set`, or UCLOUD_PUBLIC_KEY and UCLOUD_PRIVATE_KEY",
            ));
            false
        }
    };
    Ok(ok)
}

/// The files that may hold keys: readable by their owner only, in a private directory.
fn files(cx: &Cx, checks: &mut Vec<Check>) -> Result<(), Failure> {
    let (cli, home) = cx.with_vars(|var| {
        Ok((
            runtime::config::compshare_cli_path(var),
            var("HOME").map(std::path::PathBuf::from),
        ))
    })?;
    let mut paths: Vec<std::path::PathBuf> = cli.into_iter().collect();
    if let Some(home) = home {
        paths.push(home.join(".ucloud/credential.json"));
        paths.push(home.join(".ucloud/config.json"));
    }
    let mut seen = false;
    for path in paths.iter().filter(|p| p.is_file()) {
        seen = true;
        checks.push(match open_to_others(path) {
            None => Check::new(
                "files",
                "ok",
                format!("{} is its owner's only", path.display()),
            ),
            Some(mode) => Check::new(
                "files",
                "fail",
                format!(
                    "{} can be read by others (mode {mode:o}): chmod 600 {}",
                    path.display(),
                    path.display()
                ),
            ),
        });
    }
    if !seen {
        checks.push(Check::new("files", "ok", "no configuration file"));
    }
    Ok(())
}

/// The mode of `path` (or its directory) when others than its owner can use it.
#[cfg(unix)]
fn open_to_others(path: &std::path::Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| {
        std::fs::metadata(p)
            .ok()
            .map(|m| m.permissions().mode() & 0o777)
    };
    let file = mode(path).filter(|m| m & 0o077 != 0);
    file.or_else(|| {
        // A file in a directory others can write can be replaced under its owner.
        path.parent().and_then(mode).filter(|m| m & 0o022 != 0)
    })
}

#[cfg(not(unix))]
fn open_to_others(_: &std::path::Path) -> Option<u32> {
    None
}

/// The API with these keys: the regions' listing, the region and zone configured among them.
async fn api(cx: &Cx, checks: &mut Vec<Check>) {
    let client = match cx.configured_client() {
        Ok(c) => c,
        Err(f) => {
            checks.push(Check::new("api", "fail", f.message));
            return;
        }
    };
    let Some(regions) = cx.regions else {
        checks.push(Check::new("api", "ok", "no listing to try it with"));
        return;
    };
    let reply = match RawCall::new(client.clone(), regions.action).send().await {
        Ok(r) => r,
        Err(e) => {
            checks.push(Check::new("api", "fail", Failure::from(e).message));
            return;
        }
    };
    let value: Value = serde_json::from_str(reply.output.as_str()).unwrap_or(Value::Null);
    let items: Vec<&Value> = value[regions.items]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    checks.push(Check::new(
        "api",
        "ok",
        format!(
            "{} answered {} ({} listed)",
            client.base_url(),
            regions.action,
            items.len()
        ),
    ));
    let defaults = client.defaults();
    let listed = |field: &str, value: &str| items.iter().any(|i| i[field] == value);
    checks.push(match &defaults.region {
        None => Check::new(
            "region",
            "warn",
            "none configured: `config set --region`, or --region",
        ),
        Some(r) if listed(regions.region, r) => Check::new("region", "ok", r.clone()),
        Some(r) => Check::new(
            "region",
            "fail",
            format!("{r} is not one of the service's regions"),
        ),
    });
    if let Some(zone_field) = regions.zone {
        checks.push(match &defaults.zone {
            None => Check::new(
                "zone",
                "warn",
                "none configured: `config set --zone`, or --zone",
            ),
            Some(z) if listed(zone_field, z) => Check::new("zone", "ok", z.clone()),
            Some(z) => Check::new(
                "zone",
                "fail",
                format!("{z} is not one of the service's zones"),
            ),
        });
    }
}

/// Where `program` is on PATH, if it is.
fn on_path(program: &str) -> Option<String> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
        .map(|p| p.display().to_string())
}
