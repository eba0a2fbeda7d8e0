//! Saved profiles: `config set`, `list`, `use`, `delete` and `path` on compshare-cli's file,
//! which the SDK and compshare-cli both read (`{"current_profile": NAME, "profiles": {NAME:
//! {"public_key", "private_key", "region", "zone"}}}`). Entries this tool does not know are
//! kept as they are; the file is replaced whole, atomically, readable by its owner only.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ArgMatches;
use compshare_runtime::config as shared;
use serde_json::{Map, Value, json};

use crate::ask::interactive;
use crate::output;
use crate::terminal::{raw, say};
use crate::{Cx, Exit, Failure};

/// The profile compshare-cli uses when its file names none.
const DEFAULT: &str = "default";

/// compshare-cli's file, read whole (or empty when there is none yet).
struct ProfileFile {
    path: PathBuf,
    doc: Map<String, Value>,
}

impl ProfileFile {
    fn open(cx: &Cx) -> Result<ProfileFile, Failure> {
        let path = cx
            .with_vars(|var| Ok(shared::compshare_cli_path(var)))?
            .ok_or_else(|| {
                config_error(
                    "no home directory (HOME) to keep profiles in: set HOME or COMPSHARE_CONFIG_FILE"
                        .to_owned(),
                )
            })?;
        let doc = match std::fs::metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Map::new(),
            Err(e) => return Err(config_error(format!("{}: {e}", path.display()))),
            Ok(meta) if meta.len() > shared::MAX_CONFIG_FILE_BYTES => {
                return Err(config_error(format!(
                    "{}: {} bytes is too large for a configuration file",
                    path.display(),
                    meta.len()
                )));
            }
            Ok(_) => {
                let text = std::fs::read(&path)
                    .map_err(|e| config_error(format!("{}: {e}", path.display())))?;
                match serde_json::from_slice(&text) {
                    Ok(Value::Object(doc)) => doc,
                    Ok(_) => {
                        return Err(config_error(format!(
                            "{}: not a JSON object; it was left as it is",
                            path.display()
                        )));
                    }
                    Err(e) => {
                        return Err(config_error(format!(
                            "{}:{}:{}: {e}; it was left as it is",
                            path.display(),
                            e.line(),
                            e.column()
                        )));
                    }
                }
            }
        };
        let file = ProfileFile { path, doc };
        if file.doc.get("profiles").is_some_and(|p| !p.is_object()) {
            return Err(config_error(format!(
                "{}: \"profiles\" is not an object; it was left as it is",
                file.path.display()
            )));
        }
        Ok(file)
    }

    fn profiles(&self) -> Option<&Map<String, Value>> {
        self.doc.get("profiles").and_then(Value::as_object)
    }

    fn profiles_mut(&mut self) -> &mut Map<String, Value> {
        let slot = self
            .doc
            .entry("profiles")
            .or_insert_with(|| Value::Object(Map::new()));
        match slot {
            Value::Object(map) => map,
            // `open` refused any other kind.
            other => {
                *other = Value::Object(Map::new());
                other.as_object_mut().expect("just made an object")
            }
        }
    }

    fn current(&self) -> &str {
        self.doc
            .get("current_profile")
            .and_then(Value::as_str)
            .map_or(DEFAULT, str::trim)
    }

    fn has(&self, name: &str) -> bool {
        self.profiles().is_some_and(|p| p.contains_key(name))
    }

    /// An error naming the profiles there are.
    fn unknown(&self, name: &str) -> Failure {
        let names: Vec<&str> = self
            .profiles()
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let there = if names.is_empty() {
            "there are none yet (`config set` makes one)".to_owned()
        } else {
            format!("there are: {}", names.join(", "))
        };
        Failure::usage(format!(
            "no profile {name:?} in {}; {there}; nothing was changed",
            self.path.display()
        ))
    }

    /// Replaces the file: a new file beside it (owner-only), written and flushed to disk, then
    /// renamed over it; its directory made owner-only. On failure the old file is untouched.
    fn save(&self) -> Result<(), Failure> {
        let fail = |e: std::io::Error| {
            config_error(format!(
                "cannot write {}: {e}; it was left as it was",
                self.path.display()
            ))
        };
        let dir = self
            .path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        make_private_dir(dir).map_err(fail)?;
        let mut text = serde_json::to_string_pretty(&self.doc).map_err(|e| fail(e.into()))?;
        text.push('\n');
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut suffix = [0u8; 6];
        getrandom::getrandom(&mut suffix)
            .map_err(|e| fail(std::io::Error::other(e.to_string())))?;
        let hex: String = suffix.iter().map(|b| format!("{b:02x}")).collect();
        let temporary = dir.join(format!(".{name}.{hex}.tmp"));
        let written = write_private(&temporary, text.as_bytes())
            .and_then(|()| std::fs::rename(&temporary, &self.path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temporary);
            return Err(fail(e));
        }
        // The rename is durable once the directory is.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

/// The file's directory, made owner-only where this tool makes it. An existing one is made
/// owner-only only if it is compshare's own (`.../compshare`): a file named elsewhere
/// (`COMPSHARE_CONFIG_FILE=~/cs.json`) leaves its directory as it is.
#[cfg(unix)]
fn make_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    if !dir.is_dir() {
        return std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir);
    }
    if dir.file_name().is_some_and(|n| n == "compshare") {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// A new file only its owner can read, with `bytes` on disk.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

fn config_error(message: String) -> Failure {
    Failure::new(Exit::Config, message)
}

/// `config set [NAME]`: saves keys, region and zone in a profile and makes it the one in use.
pub(crate) fn set(cx: &Cx, m: &ArgMatches) -> Result<(), Failure> {
    let mut file = ProfileFile::open(cx)?;
    // Else the profile in use by name (`--profile`, COMPSHARE_PROFILE), else compshare-cli's.
    let named = cx.var(shared::env::COMPSHARE_PROFILE)?;
    let name = crate::args::text(m, "name")
        .or(named)
        .unwrap_or_else(|| DEFAULT.to_owned());
    let name = name.trim().to_owned();
    if name.is_empty() {
        return Err(Failure::usage(
            "a profile needs a name; nothing was changed",
        ));
    }
    let existing = file
        .profiles()
        .and_then(|p| p.get(&name))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let has_keys = ["public_key", "private_key"].iter().all(|k| {
        existing
            .get(*k)
            .and_then(Value::as_str)
            .is_some_and(|v| !v.trim().is_empty())
    });
    let mut public = crate::args::text(m, "public-key").map(|k| k.trim().to_owned());
    let mut private = if m.get_flag("private-key-stdin") {
        Some(read_stdin_line()?)
    } else {
        None
    };
    // Keys are asked for when the profile has none, or when one of the two is given.
    if !has_keys || public.is_some() || private.is_some() {
        if public.is_none() {
            public = Some(ask_visible(&name, "public key", "--public-key KEY")?);
        }
        if private.is_none() {
            private = Some(ask_hidden(&name)?);
        }
    }
    let mut profile = existing;
    // A new region makes the saved zone (of the old one) meaningless.
    let moved = cx
        .region
        .as_deref()
        .is_some_and(|r| profile.get("region").and_then(Value::as_str) != Some(r));
    if moved && cx.zone.is_none() {
        profile.remove("zone");
    }
    for (key, value) in [
        ("public_key", public),
        ("private_key", private),
        ("region", cx.region.clone()),
        ("zone", cx.zone.clone()),
    ] {
        if let Some(v) = value {
            let v = v.trim().to_owned();
            if v.is_empty() {
                return Err(Failure::usage(format!(
                    "{key} is blank; nothing was changed"
                )));
            }
            profile.insert(key.to_owned(), Value::String(v));
        }
    }
    let activate = !m.get_flag("no-activate");
    file.profiles_mut()
        .insert(name.clone(), Value::Object(profile.clone()));
    if activate {
        file.doc
            .insert("current_profile".to_owned(), Value::String(name.clone()));
    }
    file.save()?;
    let chosen = cx
        .var(shared::env::COMPSHARE_PROFILE)?
        .map(|p| p.trim().to_owned());
    let active = chosen.as_deref().unwrap_or(file.current()) == name;
    let doc = json!({
        "profile": name,
        "active": active,
        "path": file.path.display().to_string(),
        "region": profile.get("region"),
        "zone": profile.get("zone"),
    });
    cx.document(&doc, || {
        let place = match (profile.get("region"), profile.get("zone")) {
            (Some(r), Some(z)) => format!(", region {} zone {}", text(r), text(z)),
            (Some(r), None) => format!(", region {} (no zone)", text(r)),
            _ => ", no region (give --region and --zone to save them)".to_owned(),
        };
        output::write_stdout(&format!(
            "saved profile {name}{place} in {}{}\n",
            file.path.display(),
            if active { "; it is the one in use" } else { "" }
        ))
    })
}

fn text(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
}

/// `config list`: each profile, whether it is the one in use, its public key (its start),
/// whether it has a private key, and its region and zone.
pub(crate) fn list(cx: &Cx) -> Result<(), Failure> {
    let file = ProfileFile::open(cx)?;
    // `--profile` or COMPSHARE_PROFILE choose the profile in use over the file's choice.
    let chosen = cx
        .with_vars(|var| Ok(var(shared::env::COMPSHARE_PROFILE)))?
        .map(|p| p.trim().to_owned());
    let current = chosen.as_deref().unwrap_or(file.current()).to_owned();
    let rows: Vec<Value> = file
        .profiles()
        .into_iter()
        .flatten()
        .map(|(name, p)| {
            let get = |k: &str| p.get(k).and_then(Value::as_str).map(str::trim);
            json!({
                "profile": name,
                "active": *name == current,
                "public_key": get("public_key").map(masked_public),
                "private_key": if get("private_key").is_some_and(|v| !v.is_empty()) { "set" } else { "missing" },
                "region": get("region"),
                "zone": get("zone"),
            })
        })
        .collect();
    let doc = json!({
        "path": file.path.display().to_string(),
        "profiles": rows,
    });
    cx.document(&doc, || {
        if rows.is_empty() {
            return output::write_stdout(&format!(
                "no profiles in {} (`config set` makes one)\n",
                file.path.display()
            ));
        }
        output::table(
            &rows,
            &[
                "profile",
                "active",
                "public_key",
                "private_key",
                "region",
                "zone",
            ],
        )
    })
}

/// A public key's first four characters: enough to tell keys apart, as `config show` does.
fn masked_public(key: &str) -> String {
    let start: String = key.chars().take(4).collect();
    format!("{start}***")
}

/// `config use NAME`: the profile both tools use from now on.
pub(crate) fn use_profile(cx: &Cx, m: &ArgMatches) -> Result<(), Failure> {
    let mut file = ProfileFile::open(cx)?;
    let name = crate::args::text(m, "name").unwrap_or_default();
    if !file.has(&name) {
        return Err(file.unknown(&name));
    }
    file.doc
        .insert("current_profile".to_owned(), Value::String(name.clone()));
    file.save()?;
    done(
        cx,
        &file,
        json!({"profile": name, "active": true}),
        &format!("profile {name} is the one in use"),
    )
}

/// `config delete NAME`: asked first (or `--yes`); deleting the profile in use makes the
/// first other one (by name) the one in use, as compshare-cli does.
pub(crate) fn delete(cx: &Cx, m: &ArgMatches) -> Result<(), Failure> {
    let mut file = ProfileFile::open(cx)?;
    let name = crate::args::text(m, "name").unwrap_or_default();
    if !file.has(&name) {
        return Err(file.unknown(&name));
    }
    let question = format!(
        "config delete: profile {name} and its keys leave {}",
        file.path.display()
    );
    if !m.get_flag("yes") {
        if !interactive() {
            return Err(Failure::refused(format!(
                "{question}. Pass --yes to do it (standard input is not a terminal to ask on); nothing was changed"
            )));
        }
        say(&question);
        if !crate::ask::go_ahead()? {
            let mut f = Failure::refused("config delete: not confirmed; nothing was changed");
            f.declined = true;
            return Err(f);
        }
    }
    file.profiles_mut().remove(&name);
    if file.current() == name {
        let next = file
            .profiles()
            .and_then(|p| p.keys().min().cloned())
            .unwrap_or_else(|| DEFAULT.to_owned());
        file.doc
            .insert("current_profile".to_owned(), Value::String(next));
    }
    file.save()?;
    let current = file.current().to_owned();
    done(
        cx,
        &file,
        json!({"deleted": name, "current_profile": current}),
        &format!("deleted profile {name}; the one in use is {current}"),
    )
}

/// `config path`: the file's path, alone on a line (for `$(compshare-rs config path)`).
pub(crate) fn path(cx: &Cx) -> Result<(), Failure> {
    let file = ProfileFile::open(cx)?;
    output::write_stdout(&format!("{}\n", file.path.display()))
}

fn done(cx: &Cx, file: &ProfileFile, mut doc: Value, line: &str) -> Result<(), Failure> {
    doc["path"] = json!(file.path.display().to_string());
    cx.document(&doc, || output::write_stdout(&format!("{line}\n")))
}

/// The private key from standard input (`--private-key-stdin`).
fn read_stdin_line() -> Result<String, Failure> {
    let key = crate::ask::stdin_line()?;
    if key.trim().is_empty() {
        return Err(Failure::usage(
            "--private-key-stdin read a blank line; nothing was changed",
        ));
    }
    Ok(key)
}

fn ask_visible(profile: &str, what: &str, flag: &str) -> Result<String, Failure> {
    if !interactive() {
        return Err(Failure::usage(format!(
            "profile {profile} has no keys: give {flag} and --private-key-stdin (standard input is not a terminal to ask on); nothing was changed"
        )));
    }
    raw(&format!("{what} for profile {profile}: "));
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    let line = line.trim().to_owned();
    if line.is_empty() {
        return Err(Failure::usage(format!(
            "a blank {what}; nothing was changed"
        )));
    }
    Ok(line)
}

/// The private key, asked on the terminal without echo: never from the command line, where
/// other users can read it.
fn ask_hidden(profile: &str) -> Result<String, Failure> {
    if !interactive() {
        return Err(Failure::usage(format!(
            "profile {profile}: the private key is read with --private-key-stdin (standard input is not a terminal to ask on); nothing was changed"
        )));
    }
    let key =
        rpassword::prompt_password(format!("private key for profile {profile} (not shown): "))?;
    if key.trim().is_empty() {
        return Err(Failure::usage("a blank private key; nothing was changed"));
    }
    Ok(key)
}
