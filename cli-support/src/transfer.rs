//! Files moved for a command: the output of a finished task downloaded with `--output-file`,
//! and the three steps of an `upload` command. The bytes go through the SDK's
//! `upload_file` and `download_file`, which never send the API's key to the hosts named.

use std::path::{Path, PathBuf};

use clap::ArgMatches;
use compshare_runtime::CallOptions;
use serde_json::{Map, Value};

use crate::def::{Def, Upload};
use crate::progress::Meter;
use crate::{Cx, Exit, Failure, args, request};

/// `--output-file`, checked before anything is sent (a task that costs points must not be
/// bought to fail here): its directory exists, and it is new unless `--force`.
pub(crate) fn target(m: &ArgMatches) -> Result<Option<PathBuf>, Failure> {
    let Some(path) = args::text(m, "output-file").map(PathBuf::from) else {
        return Ok(None);
    };
    let force = m.try_get_one::<bool>("force").ok().flatten() == Some(&true);
    if path.is_dir() {
        return Err(Failure::usage(format!(
            "--output-file {}: a directory; name the file to write",
            path.display()
        )));
    }
    if path.exists() && !force {
        return Err(Failure::usage(format!(
            "--output-file {}: it exists (--force replaces it)",
            path.display()
        )));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(Failure::usage(format!(
            "--output-file {}: no directory {}",
            path.display(),
            dir.display()
        )));
    }
    // A file can be made there: proven now, not after the task is paid for.
    let probe = dir.join(format!(".compshare-rs-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
        }
        Err(e) => {
            return Err(Failure::usage(format!(
                "--output-file {}: cannot write in {}: {e}",
                path.display(),
                dir.display()
            )));
        }
    }
    Ok(Some(path))
}

/// The text at `path` (`task.output_url`) of an answer.
fn at<'v>(answer: &'v Value, path: &str) -> Option<&'v str> {
    path.split('.')
        .try_fold(answer, |v, step| v.get(step))?
        .as_str()
        .filter(|s| !s.is_empty())
}

/// Downloads what `answer` names at `path` into `to`, with a progress line on a terminal;
/// says where it went on standard error. The answer itself is printed by the caller.
pub(crate) async fn download(
    cx: &Cx,
    answer: &Value,
    path: &str,
    to: &Path,
) -> Result<(), Failure> {
    let Some(url) = at(answer, path) else {
        return Err(Failure::new(
            Exit::Api,
            format!(
                "--output-file: the answer holds no {path} (has the task succeeded? --wait waits until it has)"
            ),
        ));
    };
    let client = cx.client()?;
    let mut meter = Meter::new(&format!("downloading {}", to.display()));
    let bytes = client
        .download_file(url, to, |got, size| meter.tick(got, size))
        .await;
    meter.done();
    let bytes = bytes.map_err(|e| {
        let mut f = Failure::from(e);
        f.message = format!("{}; nothing was written to {}", f.message, to.display());
        f
    })?;
    crate::terminal::say(&format!("saved {} ({bytes} bytes)", to.display()));
    Ok(())
}

/// The file an upload sends: its name, content type (by extension) and size, checked
/// before anything is asked or sent.
struct Local {
    path: PathBuf,
    name: String,
    content_type: &'static str,
    size: u64,
}

fn local(u: &Upload, path: PathBuf) -> Result<Local, Failure> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(&path)
        .map_err(|e| Failure::usage(format!("{shown}: cannot be read: {e}")))?;
    if !meta.is_file() {
        return Err(Failure::usage(format!("{shown}: not a file")));
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Failure::usage(format!("{shown}: its name is not UTF-8 text")))?
        .to_owned();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let Some((_, content_type)) = u.types.iter().find(|(e, _)| *e == ext) else {
        let taken: Vec<String> = u.types.iter().map(|(e, _)| format!(".{e}")).collect();
        return Err(Failure::usage(format!(
            "{shown}: the service takes {} files",
            taken.join(", ")
        )));
    };
    Ok(Local {
        path,
        name,
        content_type,
        size: meta.len(),
    })
}

/// `upload FILE`: the file checked (type, and its size and name by the actions' limits),
/// confirmed, then asked for an upload URL (`ask`), sent there, and registered; prints the
/// registration's answer. A failure after the file went up says so, with what to repeat.
pub(crate) async fn upload(
    cx: &Cx,
    m: &ArgMatches,
    ask: &'static Def,
    u: &'static Upload,
) -> Result<(), Failure> {
    let file = args::text(m, "file").unwrap_or_default();
    let file = local(u, PathBuf::from(file))?;
    let (name, content_type, size) = u.file;
    let described = Map::from_iter([
        (name.to_owned(), Value::String(file.name.clone())),
        (
            content_type.to_owned(),
            Value::String(file.content_type.to_owned()),
        ),
        (size.to_owned(), Value::from(file.size)),
    ]);
    let mut register = request::from_flags(cx, m, own_fields(u))?;
    register.extend(described.clone());
    // Both requests are checked (the file's size and name against the limits, the flags'
    // values) before anything is asked or sent; the carried fields are not known yet.
    let mut checked = register.clone();
    for wire in u.carry {
        checked.insert((*wire).to_owned(), Value::String("-".to_owned()));
    }
    let client = cx.client()?;
    let asking = ask
        .run
        .prepare(client, &described, CallOptions::default())?;
    u.register
        .run
        .prepare(client, &checked, CallOptions::default())?;
    if cx.dry_run {
        return Err(Failure::usage(
            "upload sends the file to a URL only the first request's answer names: a dry run cannot show it; --dry-run on upload-url and register-asset shows their requests",
        ));
    }
    let why = u.register.confirm.unwrap_or("Uploads the file.");
    cx.can_confirm(m, u.register.action, why)?;
    let what = format!(
        "{why} {} ({} bytes, {}).",
        file.name, file.size, file.content_type
    );
    cx.confirm(m, u.register.action, &what, None, &[], u.register.prices)
        .await?;

    // The upload URL and its credentials are secrets: used here, never printed.
    crate::typed::reveal_secrets();
    let asked = cx.sending(ask.action, asking.send()).await;
    crate::typed::conceal_secrets();
    let answer = asked?.value()?;
    let field = |wire: &str| -> Result<String, Failure> {
        match answer.get(wire).and_then(Value::as_str) {
            Some(text) if !text.trim().is_empty() => Ok(text.to_owned()),
            _ => Err(Failure::new(
                Exit::Api,
                format!(
                    "{}: the answer holds no {wire}; nothing was uploaded",
                    ask.action
                ),
            )),
        }
    };
    let url = field(u.url)?;
    let headers: Vec<(&str, String)> = u
        .headers
        .iter()
        .map(|(header, wire)| Ok((*header, field(wire)?)))
        .collect::<Result<_, Failure>>()?;
    for wire in u.carry {
        register.insert((*wire).to_owned(), Value::String(field(wire)?));
    }
    let header_refs: Vec<(&str, &str)> = headers.iter().map(|(h, v)| (*h, v.as_str())).collect();
    let meter = std::sync::Arc::new(std::sync::Mutex::new(Meter::new(&format!(
        "uploading {}",
        file.name
    ))));
    let ticking = meter.clone();
    let sent = client
        .upload_file(
            compshare_runtime::Upload {
                url: &url,
                content_type: file.content_type,
                headers: &header_refs,
            },
            &file.path,
            move |sent, size| {
                if let Ok(mut m) = ticking.lock() {
                    m.tick(sent, Some(size));
                }
            },
        )
        .await;
    if let Ok(m) = meter.lock() {
        m.done();
    }
    sent.map_err(|e| {
        let mut f = Failure::from(e);
        // Sending the file again is harmless: nothing is registered until it is there.
        f.exit = Exit::Transport;
        f.message = format!(
            "{}; the file was not registered: run the upload again",
            f.message
        );
        f
    })?;
    let registering = u
        .register
        .run
        .prepare(client, &register, CallOptions::default())?;
    let registered = cx
        .sending(u.register.action, registering.send())
        .await
        .map_err(|mut f| {
            let flags: Vec<String> = u
                .register
                .fields
                .iter()
                .filter_map(|x| {
                    let v = register.get(x.wire)?;
                    let text = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
                    Some(format!("--{} {}", x.flag, shell_word(&text)))
                })
                .collect();
            let check = if f.delivery == Some("maybe_sent") {
                "its outcome is unknown: if it was not registered, "
            } else {
                ""
            };
            f.message = format!(
                "{} (the file is uploaded; {check}register it with: {} {} {})",
                f.message,
                u.register.group,
                u.register.name,
                flags.join(" ")
            );
            f
        })?;
    let answer = registered.value()?;
    cx.print(&answer, None, &[])
}

/// `text` as one shell word: as it is when plain, else in single quotes.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@".contains(c));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// The register action's parameters the user gives: not the file's, not the carried ones.
pub(crate) fn own_fields(u: &'static Upload) -> impl Iterator<Item = &'static crate::Field> {
    let (name, content_type, size) = u.file;
    u.register.fields.iter().filter(move |f| {
        ![name, content_type, size].contains(&f.wire) && !u.carry.contains(&f.wire)
    })
}
