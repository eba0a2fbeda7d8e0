//! Settings shared by UCloud's tools: environment variables, then `~/.ucloud/config.json`
//! and `~/.ucloud/credential.json`; for credentials, then compshare-cli's: its variables and
//! its `config.json`.
//!
//! Precedence, highest first: values set on the builder, the environment, the shared files,
//! compshare-cli's variables, compshare-cli's file. (UCloud's Go SDK lets the files override
//! the environment; this SDK does not, so that a variable set for one run always wins.)
//!
//! Each source is a function giving a partial `Shared` (`environment`, `ucloud_files`,
//! `compshare_cli`); `load` chains them, precedence written there once, and
//! `Shared::fill` merges them, keeping the notes of what each looked at. Files are read
//! with the response reader made strict (no lenient rule: `"30"` is not a number there), and
//! any value that does not fit is an error naming the file, line and column.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::Credentials;
use crate::decode::{Decode, Read, Reader};
use crate::error::Error;
use crate::form::Common;

/// Environment variable names.
pub mod env {
    /// Public key.
    pub const PUBLIC_KEY: &str = "UCLOUD_PUBLIC_KEY";
    /// Private key.
    pub const PRIVATE_KEY: &str = "UCLOUD_PRIVATE_KEY";
    /// Default region.
    pub const REGION: &str = crate::Setting::Region.variable();
    /// Default zone.
    pub const ZONE: &str = crate::Setting::Zone.variable();
    /// Default project id.
    pub const PROJECT_ID: &str = crate::Setting::ProjectId.variable();
    /// Endpoint.
    pub const BASE_URL: &str = "UCLOUD_API_BASE_URL";
    /// Timeout of one attempt, in seconds.
    pub const TIMEOUT_SECOND: &str = "UCLOUD_TIMEOUT_SECOND";
    /// Profile to read from the shared files.
    pub const PROFILE: &str = "UCLOUD_PROFILE";
    /// Path of the shared config file (default `~/.ucloud/config.json`).
    pub const SHARED_CONFIG_FILE: &str = "UCLOUD_SHARED_CONFIG_FILE";
    /// Path of the shared credential file (default `~/.ucloud/credential.json`).
    pub const SHARED_CREDENTIAL_FILE: &str = "UCLOUD_SHARED_CREDENTIAL_FILE";
    /// compshare-cli's public key.
    pub const COMPSHARE_PUBLIC_KEY: &str = "COMPSHARE_PUBLIC_KEY";
    /// compshare-cli's private key.
    pub const COMPSHARE_PRIVATE_KEY: &str = "COMPSHARE_PRIVATE_KEY";
    /// The profile to read from compshare-cli's file (else its `current_profile`).
    pub const COMPSHARE_PROFILE: &str = "COMPSHARE_PROFILE";
    /// Path of compshare-cli's file (default `$XDG_CONFIG_HOME/compshare/config.json`, else
    /// `~/.config/compshare/config.json`).
    pub const COMPSHARE_CONFIG_FILE: &str = "COMPSHARE_CONFIG_FILE";
    /// The base directory of user configuration files.
    pub const XDG_CONFIG_HOME: &str = "XDG_CONFIG_HOME";
}

/// What the environment and the shared files provide; each value from the first source that
/// has it.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    pub credentials: Option<Credentials>,
    pub common: Common,
    pub base_url: Option<String>,
    pub timeout: Option<Duration>,
    /// Where credentials were looked for and what each place held, for the error when none
    /// are found.
    pub consulted: Vec<String>,
    /// Where each value came from.
    pub origins: Origins,
    /// The profiles the variables name, and whether their files have them.
    pub profiles: Vec<NamedProfile>,
}

/// A profile a variable names (`UCLOUD_PROFILE`, `COMPSHARE_PROFILE`), and whether the
/// files it is for define it.
#[derive(Debug)]
pub(crate) struct NamedProfile {
    variable: &'static str,
    profile: String,
    found: bool,
    /// Whether any file it is for exists.
    files: bool,
    /// The files looked in, for the error.
    looked: String,
}

/// Where each value of a [`Shared`] came from: a variable's name, or a file and profile.
#[derive(Debug, Default)]
pub(crate) struct Origins {
    credentials: Option<String>,
    region: Option<String>,
    zone: Option<String>,
    project_id: Option<String>,
    base_url: Option<String>,
    timeout: Option<String>,
}

impl Origins {
    /// Every value `shared` holds gets `origin`, unless it has one already.
    fn mark(shared: &mut Shared, origin: &dyn Fn(&str) -> String) {
        let o = &mut shared.origins;
        let set = |slot: &mut Option<String>, has: bool, key: &str| {
            if has && slot.is_none() {
                *slot = Some(origin(key));
            }
        };
        set(
            &mut o.credentials,
            shared.credentials.is_some(),
            "credentials",
        );
        set(&mut o.region, shared.common.region.is_some(), "region");
        set(&mut o.zone, shared.common.zone.is_some(), "zone");
        set(
            &mut o.project_id,
            shared.common.project_id.is_some(),
            "project_id",
        );
        set(&mut o.base_url, shared.base_url.is_some(), "base_url");
        set(&mut o.timeout, shared.timeout.is_some(), "timeout");
    }
}

/// One setting as the shared configuration gives it, for showing: its name, its value
/// (keys masked) and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Found {
    /// `public_key`, `private_key`, `region`, `zone`, `project_id`, `base_url` or `timeout`.
    pub name: &'static str,
    /// The value; a public key shows its first four characters, a private key none.
    pub value: String,
    /// A variable's name, or a file and its profile.
    pub source: String,
}

/// What [`ClientBuilder::load_shared_config`](crate::ClientBuilder::load_shared_config)
/// would find, reading variables through `var`: each setting that is set, masked, with where
/// it came from, in a fixed order.
pub fn explain_with(var: impl Fn(&str) -> Option<String>) -> Result<Vec<Found>, Error> {
    let shared = load(&var)?;
    let o = shared.origins;
    let mut out = Vec::new();
    let mut push = |name: &'static str, value: Option<String>, source: Option<String>| {
        if let Some(value) = value {
            out.push(Found {
                name,
                value,
                source: source.unwrap_or_default(),
            });
        }
    };
    if let Some(c) = &shared.credentials {
        let public: String = c.public_key().chars().take(4).collect();
        push(
            "public_key",
            Some(format!("{public}{}", crate::redact::MASK)),
            o.credentials.clone(),
        );
        push(
            "private_key",
            Some(crate::redact::MASK.to_owned()),
            o.credentials,
        );
    }
    push("region", shared.common.region, o.region);
    push("zone", shared.common.zone, o.zone);
    push("project_id", shared.common.project_id, o.project_id);
    push(
        "base_url",
        shared.base_url.as_deref().map(crate::endpoint::shown),
        o.base_url,
    );
    push(
        "timeout",
        shared.timeout.map(|t| format!("{} s", t.as_secs())),
        o.timeout,
    );
    Ok(out)
}

/// A value read from a file, with the byte offset where it starts, for error messages.
#[derive(Debug, Default)]
struct Located<T> {
    value: T,
    offset: usize,
}

impl<T: Decode> Decode for Located<T> {
    fn decode(r: &mut Reader<'_>) -> Read<Self> {
        let offset = r.value_position();
        Ok(T::decode(r)?.map(|value| Located { value, offset }))
    }
}

type Text = Option<Located<String>>;

#[derive(Debug, Default)]
struct ConfigEntry {
    project_id: Text,
    region: Text,
    zone: Text,
    base_url: Text,
    timeout_sec: Option<Located<i64>>,
    profile: Text,
    active: Option<Located<bool>>,
}

crate::decode_fields! { ConfigEntry;
    "project_id" => read_opt project_id,
    "region" => read_opt region,
    "zone" => read_opt zone,
    "base_url" => read_opt base_url,
    "timeout_sec" => read_opt timeout_sec,
    "profile" => read_opt profile,
    "active" => read_opt active,
}

#[derive(Debug, Default)]
struct CredentialEntry {
    public_key: Text,
    private_key: Option<crate::SecretString>,
    profile: Text,
}

crate::decode_fields! { CredentialEntry;
    "public_key" => read_opt public_key,
    "private_key" => read_opt private_key,
    "profile" => read_opt profile,
}

/// A profile entry's name: `default` when it has none.
fn profile_of(profile: &Text) -> &str {
    profile.as_ref().map_or("default", |p| p.value.trim())
}

/// compshare-cli's `config.json`: `{"current_profile": "...", "profiles": {"NAME": {...}}}`.
#[derive(Debug, Default)]
struct CliConfig {
    current_profile: Text,
    profiles: Option<CliProfiles>,
}

crate::decode_fields! { CliConfig;
    "current_profile" => read_opt current_profile,
    "profiles" => read_opt profiles,
}

/// The profiles of compshare-cli's file, by name as written.
#[derive(Debug, Default)]
struct CliProfiles(Vec<(String, Located<CliKeys>)>);

impl crate::DecodeFields for CliProfiles {
    fn decode_field(&mut self, _key: &str, r: &mut Reader<'_>) -> crate::decode::Step {
        let name = r.current_key().unwrap_or_default().to_owned();
        let mut keys = None;
        r.read_opt(&mut keys)?;
        if let Some(keys) = keys {
            self.0.push((name, keys));
        }
        Ok(true)
    }
}

/// A profile of compshare-cli's file: its keys, and the region and zone this SDK's tool
/// saves beside them (compshare-cli reads only the keys and keeps a file's other entries).
#[derive(Debug, Default)]
struct CliKeys {
    public_key: Text,
    private_key: Option<crate::SecretString>,
    region: Text,
    zone: Text,
}

crate::decode_fields! { CliKeys;
    "public_key" => read_opt public_key,
    "private_key" => read_opt private_key,
    "region" => read_opt region,
    "zone" => read_opt zone,
}

/// A key pair from two variables: both, neither, or an error naming the missing one.
fn key_pair(
    get: &dyn Fn(&str) -> Option<String>,
    public: &str,
    private: &str,
) -> Result<Option<Credentials>, Error> {
    match (get(public), get(private)) {
        (Some(p), Some(s)) => Ok(Some(Credentials::new(p, s))),
        (None, None) => Ok(None),
        (Some(_), None) => Err(Error::config(format!(
            "{public} is set but {private} is not"
        ))),
        (None, Some(_)) => Err(Error::config(format!(
            "{private} is set but {public} is not"
        ))),
    }
}

impl Shared {
    /// Takes from `next` every value this one lacks; `next`'s notes follow this one's.
    fn fill(&mut self, next: Shared) {
        if self.credentials.is_none() {
            self.credentials = next.credentials;
        }
        for (slot, value) in [
            (&mut self.common.region, next.common.region),
            (&mut self.common.zone, next.common.zone),
            (&mut self.common.project_id, next.common.project_id),
        ] {
            if slot.is_none() {
                *slot = value;
            }
        }
        if self.base_url.is_none() {
            self.base_url = next.base_url;
        }
        if self.timeout.is_none() {
            self.timeout = next.timeout;
        }
        self.consulted.extend(next.consulted);
        self.profiles.extend(next.profiles);
        let (mine, theirs) = (&mut self.origins, next.origins);
        for (slot, value) in [
            (&mut mine.credentials, theirs.credentials),
            (&mut mine.region, theirs.region),
            (&mut mine.zone, theirs.zone),
            (&mut mine.project_id, theirs.project_id),
            (&mut mine.base_url, theirs.base_url),
            (&mut mine.timeout, theirs.timeout),
        ] {
            if slot.is_none() {
                *slot = value;
            }
        }
    }
}

/// Reads the sources through `var`, highest precedence first, each value from the first
/// source that has it: the environment, UCloud's shared files, then, for credentials only
/// and only when those hold none, compshare-cli's variables and file.
pub(crate) fn load(var: &dyn Fn(&str) -> Option<String>) -> Result<Shared, Error> {
    // Values are trimmed: keys and ids pasted with a newline are common.
    let get = |name: &str| {
        var(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let home = get("HOME")
        .or_else(|| get("USERPROFILE"))
        .map(PathBuf::from);
    let mut shared = environment(&get)?;
    shared.fill(ucloud_files(&get, &home)?);
    let want_keys = shared.credentials.is_none();
    let want_place = shared.common.region.is_none() || shared.common.zone.is_none();
    let region = shared.common.region.clone();
    shared.fill(compshare_cli(
        &get,
        &home,
        want_keys,
        want_place.then_some(region),
    )?);
    check_profiles(&shared.profiles)?;
    Ok(shared)
}

/// A profile named but defined by none of its files is an error, even when the values are
/// found elsewhere (in the environment): a misspelt profile must not silently become
/// whatever the environment holds. (`default` may be named when there is no file at all.) When both variables name the same profile (a tool's
/// `--profile` stands for both), one tool's files having it is enough.
fn check_profiles(named: &[NamedProfile]) -> Result<(), Error> {
    // With no file at all, `default` is what is used anyway: naming it changes nothing.
    for n in named
        .iter()
        .filter(|n| !n.found && (n.profile != "default" || n.files))
    {
        let same = named
            .iter()
            .filter(|o| o.profile == n.profile && o.variable != n.variable)
            .collect::<Vec<_>>();
        if same.iter().any(|o| o.found) {
            continue;
        }
        let mut looked = vec![n.looked.clone()];
        looked.extend(same.iter().map(|o| o.looked.clone()));
        let mut vars = vec![n.variable];
        vars.extend(same.iter().map(|o| o.variable));
        return Err(Error::config(format!(
            "{}={:?}, but no such profile is in {}",
            vars.join(" and "),
            n.profile,
            looked.join(", nor in ")
        )));
    }
    Ok(())
}

/// UCloud's variables: keys, region, zone, project id, endpoint and timeout.
fn environment(get: &dyn Fn(&str) -> Option<String>) -> Result<Shared, Error> {
    let mut shared = Shared {
        credentials: key_pair(get, env::PUBLIC_KEY, env::PRIVATE_KEY)?,
        ..Shared::default()
    };
    shared.consulted.push(format!(
        "{}/{} ({})",
        env::PUBLIC_KEY,
        env::PRIVATE_KEY,
        if shared.credentials.is_some() {
            "set"
        } else {
            "not set"
        }
    ));
    shared.common.region = get(env::REGION);
    shared.common.zone = get(env::ZONE);
    shared.common.project_id = get(env::PROJECT_ID);
    if let Some(url) = get(env::BASE_URL) {
        check_url(&url).map_err(|why| Error::config(format!("{}: {why}", env::BASE_URL)))?;
        shared.base_url = Some(url);
    }
    if let Some(t) = get(env::TIMEOUT_SECOND) {
        let secs = t.parse::<u64>().ok().filter(|s| *s > 0).ok_or_else(|| {
            Error::config(format!(
                "{} is {t:?}, not a positive whole number of seconds",
                env::TIMEOUT_SECOND
            ))
        })?;
        shared.timeout = Some(Duration::from_secs(secs));
    }
    Origins::mark(&mut shared, &|key| match key {
        "credentials" => format!("{}/{}", env::PUBLIC_KEY, env::PRIVATE_KEY),
        "region" => env::REGION.to_owned(),
        "zone" => env::ZONE.to_owned(),
        "project_id" => env::PROJECT_ID.to_owned(),
        "base_url" => env::BASE_URL.to_owned(),
        _ => env::TIMEOUT_SECOND.to_owned(),
    });
    Ok(shared)
}

/// UCloud's shared files, `config.json` and `credential.json`: the settings and keys of one
/// profile (the one `UCLOUD_PROFILE` names, else the one marked active, else `default`).
fn ucloud_files(
    get: &dyn Fn(&str) -> Option<String>,
    home: &Option<PathBuf>,
) -> Result<Shared, Error> {
    let config_path = file_path(get, env::SHARED_CONFIG_FILE, home, "config.json")?;
    let credential_path = file_path(get, env::SHARED_CREDENTIAL_FILE, home, "credential.json")?;
    let (configs, config_file) = match &config_path {
        Some(path) => read_array::<ConfigEntry>(path)?,
        None => Default::default(),
    };
    let (credentials, credential_file) = match &credential_path {
        Some(path) => read_array::<CredentialEntry>(path)?,
        None => Default::default(),
    };
    unique_profiles(&configs, &config_file, |c| &c.profile)?;
    unique_profiles(&credentials, &credential_file, |c| &c.profile)?;
    let named = get(env::PROFILE);
    // Two profiles marked active is an error even when the variable names one.
    let active = active_profile(&configs, &config_file)?;
    let profile = named.clone().unwrap_or(active);
    let config = configs
        .iter()
        .map(|c| &c.value)
        .find(|c| profile_of(&c.profile) == profile);
    let credential = credentials
        .iter()
        .map(|c| &c.value)
        .find(|c| profile_of(&c.profile) == profile);
    let files: Vec<String> = config_path
        .iter()
        .chain(&credential_path)
        .map(|p| p.display().to_string())
        .collect();
    let mut shared = match config {
        Some(c) => profile_settings(c, &config_file)?,
        None => Shared::default(),
    };
    if named.is_some() {
        shared.profiles.push(NamedProfile {
            variable: env::PROFILE,
            profile: profile.clone(),
            found: config.is_some() || credential.is_some(),
            files: !files.is_empty(),
            looked: if files.is_empty() {
                "UCloud's files (there are none)".to_owned()
            } else {
                files.join(" or ")
            },
        });
    }
    if let Some(path) = &config_path {
        let shown = format!("{} (profile {profile:?})", path.display());
        Origins::mark(&mut shared, &|_| shown.clone());
    }
    let Some(path) = &credential_path else {
        shared.consulted.push(match home {
            Some(h) => format!(
                "{} (no such file)",
                h.join(".ucloud/credential.json").display()
            ),
            None => "~/.ucloud/credential.json (no home directory)".to_owned(),
        });
        return Ok(shared);
    };
    let pair = credential.and_then(|c| {
        let public = c.public_key.as_ref()?.value.trim();
        let private = c.private_key.as_ref()?.expose().trim();
        (!public.is_empty() && !private.is_empty()).then_some((public, private))
    });
    shared.consulted.push(match (credential, &pair) {
        (None, _) => format!("{} (no profile {profile:?})", path.display()),
        (Some(_), None) => format!(
            "{} (profile {profile:?} lacks public_key or private_key)",
            path.display()
        ),
        (Some(_), Some(_)) => format!("{} (profile {profile:?}: credentials)", path.display()),
    });
    shared.credentials = pair.map(|(public, private)| Credentials::new(public, private));
    let shown = format!("{} (profile {profile:?})", path.display());
    Origins::mark(&mut shared, &|_| shown.clone());
    Ok(shared)
}

/// The profile `config.json` marks active, else `default`; two marked active is an error.
fn active_profile(configs: &[Located<ConfigEntry>], file: &FileText) -> Result<String, Error> {
    let mut active = configs
        .iter()
        .filter(|c| c.value.active.as_ref().is_some_and(|a| a.value));
    let first = active.next();
    if let (Some(a), Some(b)) = (first, active.next()) {
        return Err(Error::config(format!(
            "{}: profile {:?} is marked active, and so is profile {:?} at {}; mark one",
            file.at(a.offset),
            profile_of(&a.value.profile),
            profile_of(&b.value.profile),
            file.line_column(b.offset),
        )));
    }
    Ok(first
        .map_or("default", |a| profile_of(&a.value.profile))
        .to_owned())
}

/// The settings of one profile of `config.json`, checked.
fn profile_settings(c: &ConfigEntry, file: &FileText) -> Result<Shared, Error> {
    // An empty value is how UCloud's tools write "not set".
    let text = |value: &Text| {
        value
            .as_ref()
            .map(|v| v.value.trim())
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let mut shared = Shared::default();
    shared.common.region = text(&c.region);
    shared.common.zone = text(&c.zone);
    shared.common.project_id = text(&c.project_id);
    if let Some(url) = &c.base_url {
        let url_text = url.value.trim();
        check_url(url_text)
            .map_err(|why| Error::config(format!("{}: base_url {why}", file.at(url.offset))))?;
        shared.base_url = Some(url_text.to_owned());
    }
    if let Some(t) = &c.timeout_sec {
        if t.value <= 0 {
            return Err(Error::config(format!(
                "{}: timeout_sec is {}, not a positive number of seconds",
                file.at(t.offset),
                t.value
            )));
        }
        shared.timeout = Some(Duration::from_secs(t.value.unsigned_abs()));
    }
    Ok(shared)
}

/// compshare-cli's keys: `COMPSHARE_PUBLIC_KEY`/`COMPSHARE_PRIVATE_KEY`, then its file's
/// profile (`COMPSHARE_PROFILE`, else its `current_profile`, else `default`), which may also
/// hold a region and zone (`want_place`: other sources lack one; it holds the region they
/// gave, if any). A region and zone go together: the profile's zone is taken only with its
/// region, or where another source gave the same region. Without `want_keys` (other sources
/// gave keys), the file is read only for the place (a file that cannot be read is then only
/// noted), or whether a profile `COMPSHARE_PROFILE` names exists.
fn compshare_cli(
    get: &dyn Fn(&str) -> Option<String>,
    home: &Option<PathBuf>,
    want_keys: bool,
    want_place: Option<Option<String>>,
) -> Result<Shared, Error> {
    let mut shared = Shared::default();
    let named = get(env::COMPSHARE_PROFILE);
    if !want_keys && want_place.is_none() && named.is_none() {
        return Ok(shared);
    }
    // Only when keys are wanted: a profile to check is no reason to read (and fail on) them.
    let from_env = if want_keys {
        let pair = key_pair(get, env::COMPSHARE_PUBLIC_KEY, env::COMPSHARE_PRIVATE_KEY)?;
        shared.consulted.push(format!(
            "{}/{} ({})",
            env::COMPSHARE_PUBLIC_KEY,
            env::COMPSHARE_PRIVATE_KEY,
            if pair.is_some() { "set" } else { "not set" }
        ));
        pair
    } else {
        None
    };
    let want_keys = want_keys && from_env.is_none();
    let want_file = want_keys || want_place.is_some() || named.is_some();
    if from_env.is_some() {
        shared.credentials = from_env;
        shared.origins.credentials = Some(format!(
            "{}/{}",
            env::COMPSHARE_PUBLIC_KEY,
            env::COMPSHARE_PRIVATE_KEY
        ));
    }
    if !want_file {
        return Ok(shared);
    }
    let path = match compshare_cli_file(get, home)? {
        Ok(path) => path,
        Err(note) => {
            if let Some(profile) = &named {
                shared.profiles.push(NamedProfile {
                    variable: env::COMPSHARE_PROFILE,
                    profile: profile.clone(),
                    found: false,
                    files: false,
                    looked: note.clone(),
                });
            }
            shared.consulted.push(note);
            return Ok(shared);
        }
    };
    let (config, file) = match read_json::<CliConfig>(&path, '{', "a JSON object") {
        Ok(read) => read,
        // Read for a region and zone only: a file compshare-cli cannot read either is no
        // reason to fail what other sources configure.
        Err(e) if !want_keys && named.is_none() => {
            shared
                .consulted
                .push(format!("{} (not read: {e})", path.display()));
            return Ok(shared);
        }
        Err(e) => return Err(e),
    };
    let profiles = config.profiles.unwrap_or_default().0;
    for (i, (name, later)) in profiles.iter().enumerate() {
        if let Some((_, first)) = profiles[..i].iter().find(|(n, _)| n == name) {
            return Err(Error::config(format!(
                "{}: profile {name:?} is defined again, first at {}",
                file.at(later.offset),
                file.line_column(first.offset)
            )));
        }
    }
    let profile = named
        .clone()
        .or_else(|| {
            config
                .current_profile
                .as_ref()
                .map(|p| p.value.trim().to_owned())
        })
        .unwrap_or_else(|| "default".to_owned());
    let keys = profiles.iter().find(|(n, _)| *n == profile).map(|(_, k)| k);
    if named.is_some() {
        shared.profiles.push(NamedProfile {
            variable: env::COMPSHARE_PROFILE,
            profile: profile.clone(),
            found: keys.is_some(),
            files: true,
            looked: path.display().to_string(),
        });
    }
    let Some(keys) = keys else {
        if !want_keys {
            return Ok(shared);
        }
        shared
            .consulted
            .push(format!("{} (no profile {profile:?})", path.display()));
        return Ok(shared);
    };
    let origin = format!("{} (profile {profile:?})", path.display());
    let text = |v: &Text| {
        v.as_ref()
            .map(|v| v.value.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let (region, zone) = (text(&keys.value.region), text(&keys.value.zone));
    let place = match &want_place {
        None => (None, None),
        Some(None) => (region, zone),
        // Another source gave the region: this zone only if it is that region's.
        Some(Some(given)) if region.as_deref() == Some(given.as_str()) => (None, zone),
        Some(Some(_)) => (None, None),
    };
    for (slot, from, value) in [
        (
            &mut shared.common.region,
            &mut shared.origins.region,
            place.0,
        ),
        (&mut shared.common.zone, &mut shared.origins.zone, place.1),
    ] {
        if let Some(v) = value {
            *slot = Some(v);
            *from = Some(origin.clone());
        }
    }
    if !want_keys {
        return Ok(shared);
    }
    let public = keys.value.public_key.as_ref().map(|p| p.value.trim());
    let private = keys.value.private_key.as_ref().map(|p| p.expose().trim());
    match (public, private) {
        (Some(p), Some(s)) if !p.is_empty() && !s.is_empty() => {
            shared.credentials = Some(Credentials::new(p, s));
            shared.origins.credentials = Some(format!("{} (profile {profile:?})", path.display()));
            shared.consulted.push(format!(
                "{} (profile {profile:?}: credentials)",
                path.display()
            ));
        }
        _ => shared.consulted.push(format!(
            "{} (profile {profile:?} lacks public_key or private_key)",
            path.display()
        )),
    }
    Ok(shared)
}

/// compshare-cli's file: the one `COMPSHARE_CONFIG_FILE` names (which must exist), else
/// `config.json` under `$XDG_CONFIG_HOME/compshare` or `~/.config/compshare`; or, when there
/// is none, the note saying where it was looked for.
fn compshare_cli_file(
    get: &dyn Fn(&str) -> Option<String>,
    home: &Option<PathBuf>,
) -> Result<Result<PathBuf, String>, Error> {
    if let Some(named) = get(env::COMPSHARE_CONFIG_FILE) {
        let path = PathBuf::from(named);
        if !path.is_file() {
            return Err(Error::config(format!(
                "{} names {}, which is not a file",
                env::COMPSHARE_CONFIG_FILE,
                path.display()
            )));
        }
        return Ok(Ok(path));
    }
    let base = get(env::XDG_CONFIG_HOME)
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".config")));
    Ok(match base {
        Some(base) => {
            let path = base.join("compshare").join("config.json");
            if path.is_file() {
                Ok(path)
            } else {
                Err(format!("{} (no such file)", path.display()))
            }
        }
        None => Err("~/.config/compshare/config.json (no home directory)".to_owned()),
    })
}

/// Where compshare-cli's file is, or would be made, reading variables through `var`: the
/// file `COMPSHARE_CONFIG_FILE` names, else `config.json` under `$XDG_CONFIG_HOME/compshare`
/// or `~/.config/compshare`. None without a home directory.
pub fn compshare_cli_path(var: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let get = |name: &str| {
        var(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    if let Some(named) = get(env::COMPSHARE_CONFIG_FILE) {
        return Some(PathBuf::from(named));
    }
    let home = get("HOME")
        .or_else(|| get("USERPROFILE"))
        .map(PathBuf::from);
    let base = get(env::XDG_CONFIG_HOME)
        .map(PathBuf::from)
        .or_else(|| home.map(|h| h.join(".config")))?;
    Some(base.join("compshare").join("config.json"))
}

/// Why `url` cannot be the endpoint, if it cannot.
pub(crate) fn check_url(url: &str) -> Result<(), String> {
    crate::endpoint::parse(url).map(|_| ())
}

/// Two entries of one file naming the same profile are an error: which one would be meant?
fn unique_profiles<T>(
    entries: &[Located<T>],
    file: &FileText,
    profile: impl Fn(&T) -> &Text,
) -> Result<(), Error> {
    for (i, later) in entries.iter().enumerate() {
        let name = profile_of(profile(&later.value));
        if let Some(first) = entries[..i]
            .iter()
            .find(|e| profile_of(profile(&e.value)) == name)
        {
            return Err(Error::config(format!(
                "{}: profile {name:?} is defined again, first at {}",
                file.at(later.offset),
                file.line_column(first.offset)
            )));
        }
    }
    Ok(())
}

/// The path of a shared file: the one the variable names (which must exist), else the default
/// under the home directory if it exists.
fn file_path(
    get: &dyn Fn(&str) -> Option<String>,
    var: &str,
    home: &Option<PathBuf>,
    name: &str,
) -> Result<Option<PathBuf>, Error> {
    if let Some(named) = get(var) {
        let path = PathBuf::from(named);
        if !path.is_file() {
            return Err(Error::config(format!(
                "{var} names {}, which is not a file",
                path.display()
            )));
        }
        return Ok(Some(path));
    }
    Ok(home
        .as_ref()
        .map(|h| h.join(".ucloud").join(name))
        .filter(|p| p.is_file()))
}

/// A file's name and text, to turn byte offsets into `file:line:column`.
#[derive(Debug, Default)]
struct FileText {
    shown: String,
    text: String,
}

impl FileText {
    /// `file:line:column` of a byte offset.
    fn at(&self, offset: usize) -> String {
        format!("{}:{}", self.shown, self.line_column(offset))
    }

    /// `line:column` (1-based, columns in characters) of a byte offset.
    fn line_column(&self, offset: usize) -> String {
        let mut end = offset.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &self.text[..end];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("{line}:{column}")
    }
}

/// The most a configuration file may hold. UCloud's and compshare-cli's files hold a few
/// profiles, well under a kilobyte each; a larger file is not one of them (and reading a
/// multi-gigabyte one whole would take seconds and its size in memory before failing).
pub const MAX_CONFIG_FILE_BYTES: u64 = 1024 * 1024;

/// Reads at most [`MAX_CONFIG_FILE_BYTES`] of `path`, or says the file is larger.
fn read_capped(path: &Path, shown: &str) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let file = std::fs::File::open(path)
        .map_err(|e| Error::config(format!("cannot read {shown}: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::config(format!("cannot read {shown}: {e}")))?;
    if bytes.len() as u64 > MAX_CONFIG_FILE_BYTES {
        return Err(Error::config(format!(
            "{shown}: larger than {} KiB, too large for a configuration file",
            MAX_CONFIG_FILE_BYTES / 1024
        )));
    }
    Ok(bytes)
}

/// Reads a JSON array of objects; any problem is an error naming the file, line and column.
fn read_array<T: crate::DecodeFields>(path: &Path) -> Result<(Vec<Located<T>>, FileText), Error> {
    read_json::<Vec<Located<T>>>(path, '[', "a JSON array of objects")
}

/// Reads a JSON value that starts with `first`; any problem is an error naming the file,
/// line and column.
fn read_json<T: Decode + Default>(
    path: &Path,
    first: char,
    what: &str,
) -> Result<(T, FileText), Error> {
    let shown = path.display().to_string();
    let bytes = read_capped(path, &shown)?;
    let text = String::from_utf8(bytes)
        .map_err(|e| Error::config(format!("{shown}: not UTF-8 ({})", e.utf8_error())))?;
    // Offsets are into the text after a byte-order mark, which editors do not show either.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    let file = FileText { shown, text };
    if !file.text.trim_start().starts_with(first) {
        return Err(Error::config(format!("{}: expected {what}", file.shown)));
    }
    let mut reader = Reader::new(&file.text).strict();
    let items = T::decode(&mut reader)
        .and_then(|items| reader.finish().map(|()| items))
        .map_err(|m| Error::config(format!("{}: {}", file.at(m.offset), m.reason)))?
        .unwrap_or_default();
    if let Some(m) = reader.mismatch() {
        return Err(Error::config(format!(
            "{}: {}: expected {}, found {}",
            file.at(m.offset),
            m.path,
            m.expected,
            m.found
        )));
    }
    Ok((items, file))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// A test's home directory with an empty `.ucloud`, removed when the test ends.
    fn dir(name: &str) -> tempfile::TempDir {
        let d = tempfile::Builder::new()
            .prefix(&format!("compshare-config-{name}-"))
            .tempdir()
            .unwrap();
        std::fs::create_dir_all(d.path().join(".ucloud")).unwrap();
        d
    }

    fn run(vars: &[(&str, &str)]) -> Result<Shared, Error> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        load(&|name| map.get(name).cloned())
    }

    #[test]
    fn a_source_alone_and_the_precedence_of_the_chain() {
        let get = |name: &str| match name {
            env::REGION => Some("cn-wlcb".to_owned()),
            env::TIMEOUT_SECOND => Some("5".to_owned()),
            _ => None,
        };
        let mut first = environment(&get).unwrap();
        assert_eq!(first.common.region.as_deref(), Some("cn-wlcb"));
        assert_eq!(first.timeout, Some(Duration::from_secs(5)));
        assert!(first.credentials.is_none());
        let mut next = Shared {
            credentials: Some(Credentials::new("pub", "priv")),
            consulted: vec!["next".to_owned()],
            ..Shared::default()
        };
        next.common.region = Some("cn-sh2".to_owned());
        next.common.zone = Some("cn-sh2-01".to_owned());
        first.fill(next);
        // What the first source has stays; its gaps are filled; the notes keep their order.
        assert_eq!(first.common.region.as_deref(), Some("cn-wlcb"));
        assert_eq!(first.common.zone.as_deref(), Some("cn-sh2-01"));
        assert_eq!(first.credentials.unwrap().public_key(), "pub");
        assert_eq!(first.consulted.last().map(String::as_str), Some("next"));
    }

    #[test]
    fn files_under_home_with_the_active_profile() {
        let home = dir("active");
        std::fs::write(
            home.path().join(".ucloud/config.json"),
            r#"[{"profile":"default","region":"cn-bj2","active":false},
                {"profile":"gpu","region":"cn-wlcb","zone":"cn-wlcb-01","project_id":"org-1","timeout_sec":15,"active":true}]"#,
        )
        .unwrap();
        std::fs::write(
            home.path().join(".ucloud/credential.json"),
            r#"[{"profile":"gpu","public_key":"pk-gpu","private_key":"sk-gpu"},{"profile":"default","public_key":"pk","private_key":"sk"}]"#,
        )
        .unwrap();
        let s = run(&[("HOME", home.path().to_str().unwrap())]).unwrap();
        assert_eq!(s.common.region.as_deref(), Some("cn-wlcb"));
        assert_eq!(s.common.zone.as_deref(), Some("cn-wlcb-01"));
        assert_eq!(s.common.project_id.as_deref(), Some("org-1"));
        assert_eq!(s.timeout, Some(Duration::from_secs(15)));
        assert_eq!(s.credentials.unwrap().public_key(), "pk-gpu");
    }

    #[test]
    fn environment_wins_over_files_and_names_the_profile() {
        let home = dir("env");
        std::fs::write(home.path().join(".ucloud/config.json"), r#"[{"profile":"a","region":"r-a","zone":"z-a","active":true},{"profile":"b","region":"r-b","zone":"z-b"}]"#).unwrap();
        std::fs::write(
            home.path().join(".ucloud/credential.json"),
            r#"[{"profile":"b","public_key":"pk-b","private_key":"sk-b"}]"#,
        )
        .unwrap();
        let s = run(&[
            ("HOME", home.path().to_str().unwrap()),
            (env::PROFILE, "b"),
            (env::REGION, "r-env"),
        ])
        .unwrap();
        assert_eq!(s.common.region.as_deref(), Some("r-env"));
        assert_eq!(s.common.zone.as_deref(), Some("z-b"));
        assert_eq!(s.credentials.unwrap().public_key(), "pk-b");
    }

    #[test]
    fn unknown_profile_and_half_credentials_are_errors() {
        let home = dir("unknown");
        std::fs::write(
            home.path().join(".ucloud/config.json"),
            r#"[{"profile":"a"}]"#,
        )
        .unwrap();
        let err = run(&[
            ("HOME", home.path().to_str().unwrap()),
            (env::PROFILE, "nope"),
        ])
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("UCLOUD_PROFILE=\"nope\", but no such profile is in"),
            "{err}"
        );
        let err = run(&[(env::PUBLIC_KEY, "pk")]).unwrap_err();
        assert!(
            err.to_string()
                .contains("UCLOUD_PUBLIC_KEY is set but UCLOUD_PRIVATE_KEY is not"),
            "{err}"
        );
        let err = run(&[(env::TIMEOUT_SECOND, "soon")]).unwrap_err();
        assert!(
            err.to_string()
                .contains("UCLOUD_TIMEOUT_SECOND is \"soon\""),
            "{err}"
        );
    }

    /// A user's own file is read strictly: a value of another JSON kind than its setting's is
    /// an error with its place, where a response would be read leniently.
    #[test]
    fn a_value_of_the_wrong_kind_in_a_file_is_an_error() {
        let home = dir("strict");
        let config = home.path().join(".ucloud/config.json");
        for (text, at, expected, found) in [
            (
                "[{\"timeout_sec\": \"30\"}]",
                "1:18",
                "an integer",
                "a string",
            ),
            (
                "[{\"timeout_sec\": 30.0}]",
                "1:18",
                "an integer",
                "\"30.0\"",
            ),
            ("[{\"active\": \"true\"}]", "1:13", "a boolean", "a string"),
            ("[{\"region\": 5}]", "1:13", "a string", "a number"),
            (
                "[{\"region\": [\"cn-wlcb\"]}]",
                "1:13",
                "a string",
                "an array",
            ),
        ] {
            std::fs::write(&config, text).unwrap();
            let err = run(&[("HOME", home.path().to_str().unwrap())]).unwrap_err();
            let shown = err.to_string();
            assert!(
                shown.contains(&format!("{}:{at}:", config.display()))
                    && shown.contains(&format!("expected {expected}, found {found}")),
                "{text}: {shown}"
            );
        }
    }

    #[test]
    fn malformed_files_name_the_file_and_the_position() {
        let home = dir("malformed");
        let config = home.path().join(".ucloud/config.json");
        std::fs::write(&config, "[\n  {\"profile\": \"a\",\n   \"region\": }\n]").unwrap();
        let err = run(&[("HOME", home.path().to_str().unwrap())]).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "invalid client configuration: {}:3:14: expected a JSON value",
                config.display()
            )
        );
        std::fs::write(
            &config,
            "[\n {\"profile\":\"a\",\n  \"timeout_sec\": {\"x\":1}}]",
        )
        .unwrap();
        let err = run(&[("HOME", home.path().to_str().unwrap())]).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "invalid client configuration: {}:3:18: [0].timeout_sec: expected an integer, found an object",
                config.display()
            )
        );
        std::fs::write(&config, r#"{"profile":"a"}"#).unwrap();
        let err = run(&[("HOME", home.path().to_str().unwrap())]).unwrap_err();
        assert!(
            err.to_string().contains("expected a JSON array of objects"),
            "{err}"
        );
        let err = run(&[(env::SHARED_CONFIG_FILE, "/nonexistent/config.json")]).unwrap_err();
        assert!(
            err.to_string().contains(
                "UCLOUD_SHARED_CONFIG_FILE names /nonexistent/config.json, which is not a file"
            ),
            "{err}"
        );
    }

    #[test]
    fn explain_names_where_each_value_came_from_and_masks_keys() {
        let (home, config) = home_with(
            "explain",
            r#"[{"profile":"default","region":"cn-bj2","zone":"cn-bj2-02"}]"#,
            Some(r#"[{"profile":"default","public_key":"pk-0123","private_key":"sk-secret"}]"#),
        );
        let vars = [
            ("HOME", home.path().to_str().unwrap()),
            (env::REGION, "cn-wlcb"),
        ];
        let found = explain_with(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
        .unwrap();
        let by = |name: &str| found.iter().find(|f| f.name == name).cloned().unwrap();
        assert_eq!(
            (by("region").value, by("region").source),
            ("cn-wlcb".to_owned(), env::REGION.to_owned())
        );
        assert_eq!(
            by("zone").source,
            format!("{} (profile \"default\")", config.display())
        );
        assert!(
            by("public_key")
                .source
                .ends_with("credential.json (profile \"default\")")
        );
        assert_eq!(by("public_key").value, "pk-0***");
        assert_eq!(by("private_key").value, "***");
        assert!(!format!("{found:?}").contains("sk-secret"));
    }

    fn home_with(
        name: &str,
        config: &str,
        credential: Option<&str>,
    ) -> (tempfile::TempDir, PathBuf) {
        let home = dir(name);
        let path = home.path().join(".ucloud/config.json");
        std::fs::write(&path, config).unwrap();
        if let Some(c) = credential {
            std::fs::write(home.path().join(".ucloud/credential.json"), c).unwrap();
        }
        (home, path)
    }

    fn err_of(home: &Path, extra: &[(&str, &str)]) -> String {
        let mut vars = vec![("HOME", home.to_str().unwrap())];
        vars.extend_from_slice(extra);
        run(&vars).unwrap_err().to_string()
    }

    #[test]
    fn values_that_would_fall_back_silently_are_errors_with_their_position() {
        let (home, path) = home_with(
            "timeout0",
            "[{\"profile\":\"default\",\n  \"timeout_sec\": 0}]",
            None,
        );
        assert_eq!(
            err_of(home.path(), &[]),
            format!(
                "invalid client configuration: {}:2:18: timeout_sec is 0, not a positive number of seconds",
                path.display()
            )
        );
        let (home, path) = home_with("timeoutneg", r#"[{"timeout_sec":-5}]"#, None);
        assert!(
            err_of(home.path(), &[])
                .contains(&format!("{}:1:17: timeout_sec is -5", path.display()))
        );
        let (home, path) = home_with("emptyurl", r#"[{"base_url":""}]"#, None);
        let err = err_of(home.path(), &[]);
        assert!(
            err.contains(&format!(
                "{}:1:14: base_url \"\" is not a valid URL",
                path.display()
            )),
            "{err}"
        );
        let (home, _) = home_with("ftpurl", r#"[{"base_url":"ftp://x"}]"#, None);
        assert!(err_of(home.path(), &[]).contains("not an http or https URL"));
        // A user or password in the URL: refused, and not shown.
        let (home, path) = home_with(
            "userinfo",
            r#"[{"base_url":"https://me:file-pass-3@api.compshare.cn"}]"#,
            None,
        );
        let err = err_of(home.path(), &[]);
        assert!(
            err.contains(&format!(
                "{}:1:14: base_url \"https://***@api.compshare.cn\" carries a user or password",
                path.display()
            )),
            "{err}"
        );
        assert!(!err.contains("file-pass-3"), "{err}");
    }

    #[test]
    fn a_file_too_large_to_be_a_configuration_is_refused_without_reading_it_whole() {
        // Valid JSON past the cap: whitespace after a profile.
        let mut big = String::from(r#"[{"profile":"a"}]"#);
        big.push_str(&" ".repeat(MAX_CONFIG_FILE_BYTES as usize));
        let (home, path) = home_with("big", &big, None);
        let err = err_of(home.path(), &[]);
        assert!(
            err.contains(&format!("{}: larger than 1024 KiB", path.display())),
            "{err}"
        );
        // At the cap, it is read.
        big.truncate(MAX_CONFIG_FILE_BYTES as usize);
        let (home, _) = home_with("atcap", &big, None);
        assert!(run(&[("HOME", home.path().to_str().unwrap())]).is_ok());
    }

    #[test]
    fn ambiguous_profiles_are_errors_naming_both() {
        let (home, path) = home_with(
            "dup",
            "[{\"profile\":\"a\",\"region\":\"r1\"},\n {\"profile\":\"a\",\"region\":\"r2\"}]",
            None,
        );
        assert_eq!(
            err_of(home.path(), &[]),
            format!(
                "invalid client configuration: {}:2:2: profile \"a\" is defined again, first at 1:2",
                path.display()
            )
        );
        // An entry without a name is the `default` profile.
        let (home, _) = home_with(
            "dupdefault",
            r#"[{"region":"r1"},{"profile":"default"}]"#,
            None,
        );
        assert!(err_of(home.path(), &[]).contains("profile \"default\" is defined again"));
        let (home, _) = home_with(
            "dupcred",
            "[]",
            Some(r#"[{"public_key":"a","private_key":"b"},{"public_key":"c","private_key":"d"}]"#),
        );
        assert!(
            err_of(home.path(), &[])
                .contains("credential.json:1:39: profile \"default\" is defined again")
        );
        let (home, path) = home_with(
            "twoactive",
            "[{\"profile\":\"a\",\"active\":true},\n {\"profile\":\"b\",\"active\":true}]",
            None,
        );
        assert_eq!(
            err_of(home.path(), &[]),
            format!(
                "invalid client configuration: {}:1:2: profile \"a\" is marked active, and so is profile \"b\" at 2:2; mark one",
                path.display()
            )
        );
    }

    #[test]
    fn environment_values_are_checked_and_name_their_variable() {
        for (value, shown) in [("0", "\"0\""), ("-3", "\"-3\""), ("1.5", "\"1.5\"")] {
            let err = run(&[(env::TIMEOUT_SECOND, value)])
                .unwrap_err()
                .to_string();
            assert!(
                err.contains(&format!(
                    "UCLOUD_TIMEOUT_SECOND is {shown}, not a positive whole number of seconds"
                )),
                "{err}"
            );
        }
        let err = run(&[(env::BASE_URL, "api.compshare.cn")])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("UCLOUD_API_BASE_URL: \"api.compshare.cn\" is not a valid URL"),
            "{err}"
        );
        let err = run(&[(env::BASE_URL, "https://me:env-pass-4@api.compshare.cn")])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("UCLOUD_API_BASE_URL: \"https://***@api.compshare.cn\" carries a user"),
            "{err}"
        );
        assert!(!err.contains("env-pass-4"), "{err}");
    }

    #[test]
    fn surrounding_whitespace_is_trimmed_everywhere() {
        let (home, _) = home_with(
            "trim",
            r#"[{"profile":" gpu ","region":" cn-wlcb\n","project_id":"org-1 ","active":true}]"#,
            Some(r#"[{"profile":"gpu","public_key":" pk-1\n","private_key":"sk-1\r\n"}]"#),
        );
        let s = run(&[
            ("HOME", home.path().to_str().unwrap()),
            (env::ZONE, " cn-wlcb-01\n"),
        ])
        .unwrap();
        assert_eq!(s.common.region.as_deref(), Some("cn-wlcb"));
        assert_eq!(s.common.zone.as_deref(), Some("cn-wlcb-01"));
        assert_eq!(s.common.project_id.as_deref(), Some("org-1"));
        let c = s.credentials.unwrap();
        assert_eq!((c.public_key(), c.private_key().expose()), ("pk-1", "sk-1"));
    }

    #[test]
    fn compshare_cli_keys_come_after_ucloud_sources() {
        // Its variables, when UCloud's sources hold no keys.
        let s = run(&[
            (env::COMPSHARE_PUBLIC_KEY, "cs-pk"),
            (env::COMPSHARE_PRIVATE_KEY, "cs-sk\n"),
        ])
        .unwrap();
        assert_eq!(s.credentials.unwrap().private_key().expose(), "cs-sk");
        // UCloud's variables win.
        let s = run(&[
            (env::PUBLIC_KEY, "uc-pk"),
            (env::PRIVATE_KEY, "uc-sk"),
            (env::COMPSHARE_PUBLIC_KEY, "cs-pk"),
            (env::COMPSHARE_PRIVATE_KEY, "cs-sk"),
        ])
        .unwrap();
        assert_eq!(s.credentials.unwrap().public_key(), "uc-pk");
        let err = run(&[(env::COMPSHARE_PRIVATE_KEY, "cs-sk")]).unwrap_err();
        assert!(
            err.to_string()
                .contains("COMPSHARE_PRIVATE_KEY is set but COMPSHARE_PUBLIC_KEY is not"),
            "{err}"
        );
    }

    #[test]
    fn a_profile_no_file_defines_is_an_error_even_with_keys_in_the_environment() {
        let empty = dir("no-files");
        std::fs::remove_dir_all(empty.path().join(".ucloud")).unwrap();
        let h = empty.path().to_str().unwrap();
        let keys = [
            (env::PUBLIC_KEY, "pk"),
            (env::PRIVATE_KEY, "sk"),
            ("HOME", h),
        ];
        assert!(run(&keys).is_ok());
        for variable in [env::PROFILE, env::COMPSHARE_PROFILE] {
            let mut vars = keys.to_vec();
            vars.push((variable, "prodd"));
            let err = run(&vars).unwrap_err().to_string();
            assert!(
                err.contains(&format!("{variable}=\"prodd\", but no such profile is in")),
                "{err}"
            );
        }
        // A profile both variables name (a tool's --profile) is found in either tool's files.
        let home = dir("either");
        cli_file(home.path(), CLI);
        let h = home.path().to_str().unwrap();
        let both =
            |p: &'static str| vec![(env::PROFILE, p), (env::COMPSHARE_PROFILE, p), ("HOME", h)];
        assert_eq!(
            run(&both("default"))
                .unwrap()
                .credentials
                .unwrap()
                .public_key(),
            "d-pk"
        );
        let err = run(&both("prodd")).unwrap_err().to_string();
        assert!(
            err.contains("UCLOUD_PROFILE and COMPSHARE_PROFILE=\"prodd\""),
            "{err}"
        );
    }

    fn cli_file(home: &Path, text: &str) -> PathBuf {
        let dir = home.join(".config/compshare");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config.json");
        std::fs::write(&path, text).unwrap();
        path
    }

    const CLI: &str = r#"{"current_profile": "Prod", "profiles": {
        "default": {"public_key": "d-pk", "private_key": "d-sk"},
        "Prod": {"public_key": "p-pk", "private_key": "p-sk"}}}"#;

    #[test]
    fn compshare_cli_file_by_current_profile_or_the_variable() {
        let home = dir("cli");
        cli_file(home.path(), CLI);
        let h = home.path().to_str().unwrap();
        let s = run(&[("HOME", h)]).unwrap();
        assert_eq!(s.credentials.unwrap().public_key(), "p-pk");
        let s = run(&[("HOME", h), (env::COMPSHARE_PROFILE, "default")]).unwrap();
        assert_eq!(s.credentials.unwrap().public_key(), "d-pk");
        // XDG_CONFIG_HOME, then the file a variable names.
        let xdg = dir("cli-xdg");
        std::fs::create_dir_all(xdg.path().join("compshare")).unwrap();
        std::fs::write(
            xdg.path().join("compshare/config.json"),
            r#"{"profiles":{"default":{"public_key":"x-pk","private_key":"x-sk"}}}"#,
        )
        .unwrap();
        let s = run(&[
            ("HOME", h),
            (env::XDG_CONFIG_HOME, xdg.path().to_str().unwrap()),
        ])
        .unwrap();
        assert_eq!(s.credentials.unwrap().public_key(), "x-pk");
        let named_home = dir("cli-named");
        let named = cli_file(
            named_home.path(),
            r#"{"profiles":{"default":{"public_key":"n-pk","private_key":"n-sk"}}}"#,
        );
        let s = run(&[
            ("HOME", h),
            (env::COMPSHARE_CONFIG_FILE, named.to_str().unwrap()),
        ])
        .unwrap();
        assert_eq!(s.credentials.unwrap().public_key(), "n-pk");
        // UCloud's credential file wins over it.
        std::fs::write(
            home.path().join(".ucloud/credential.json"),
            r#"[{"public_key":"uc-pk","private_key":"uc-sk"}]"#,
        )
        .unwrap();
        let s = run(&[("HOME", h)]).unwrap();
        assert_eq!(s.credentials.unwrap().public_key(), "uc-pk");
    }

    #[test]
    fn a_compshare_cli_profile_may_hold_the_region_and_zone() {
        let home = dir("cli-place");
        cli_file(
            home.path(),
            r#"{"current_profile":"gpu","profiles":{"gpu":{"public_key":"g-pk","private_key":"g-sk","region":"cn-wlcb","zone":"cn-wlcb-01"}}}"#,
        );
        let h = home.path().to_str().unwrap();
        let s = run(&[("HOME", h)]).unwrap();
        assert_eq!(s.common.region.as_deref(), Some("cn-wlcb"));
        assert_eq!(s.common.zone.as_deref(), Some("cn-wlcb-01"));
        assert!(s.origins.zone.unwrap().contains("(profile \"gpu\")"));
        // Read for its place even when the keys come from elsewhere; a variable still wins,
        // and a region from elsewhere does not take this profile's zone of another region.
        let keys = [
            ("HOME", h),
            (env::PUBLIC_KEY, "e-pk"),
            (env::PRIVATE_KEY, "e-sk"),
        ];
        let s = run(&keys).unwrap();
        assert_eq!(s.credentials.unwrap().public_key(), "e-pk");
        assert_eq!(s.common.zone.as_deref(), Some("cn-wlcb-01"));
        let s = run(&[keys[0], keys[1], keys[2], (env::REGION, "cn-sh2")]).unwrap();
        assert_eq!(s.common.region.as_deref(), Some("cn-sh2"));
        assert_eq!(s.common.zone, None, "never cn-sh2 with cn-wlcb-01");
        let s = run(&[keys[0], keys[1], keys[2], (env::REGION, "cn-wlcb")]).unwrap();
        assert_eq!(
            s.common.zone.as_deref(),
            Some("cn-wlcb-01"),
            "the same region's zone"
        );
        // Read only for the place, a file that cannot be read fails nothing.
        cli_file(home.path(), "{ not json");
        let s = run(&keys).unwrap();
        assert_eq!(s.credentials.unwrap().public_key(), "e-pk");
        assert!(
            run(&[("HOME", h)]).is_err(),
            "read for the keys, it is an error"
        );
    }

    #[test]
    fn compshare_cli_file_problems_name_the_file() {
        let home = dir("cli-bad");
        let h = home.path().to_str().unwrap();
        let path = cli_file(home.path(), CLI);
        let err = run(&[("HOME", h), (env::COMPSHARE_PROFILE, "staging")]).unwrap_err();
        assert!(
            err.to_string().contains(&format!(
                "COMPSHARE_PROFILE=\"staging\", but no such profile is in {}",
                path.display()
            )),
            "{err}"
        );
        cli_file(
            home.path(),
            "{\"profiles\": {\n  \"default\": {\"public_key\": 7,}}}",
        );
        let err = run(&[("HOME", h)]).unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("{}:2:31: expected an object key", path.display())),
            "{err}"
        );
        cli_file(home.path(), "[]");
        let err = run(&[("HOME", h)]).unwrap_err();
        assert!(err.to_string().contains("expected a JSON object"), "{err}");
        cli_file(
            home.path(),
            "{\"profiles\": {\"a\": {\"public_key\": \"1\"},\n \"a\": {}}}",
        );
        let err = run(&[("HOME", h)]).unwrap_err();
        assert!(
            err.to_string()
                .contains("2:7: profile \"a\" is defined again, first at 1:20"),
            "{err}"
        );
        let err = run(&[(env::COMPSHARE_CONFIG_FILE, "/nonexistent/cs.json")]).unwrap_err();
        assert!(
            err.to_string()
                .contains("COMPSHARE_CONFIG_FILE names /nonexistent/cs.json"),
            "{err}"
        );
    }
}
