//! Settings shared by UCloud's tools: environment variables, then `~/.ucloud/config.json`
//! and `~/.ucloud/credential.json`.
//!
//! Precedence, highest first: values set on the builder, the environment, the shared files.
//! (UCloud's Go SDK lets the files override the environment; this SDK does not, so that a
//! variable set for one run always wins.)

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::Credentials;
use crate::decode::{Decode, Reader};
use crate::error::Error;
use crate::form::Common;

/// Environment variable names.
pub mod env {
    /// Public key.
    pub const PUBLIC_KEY: &str = "UCLOUD_PUBLIC_KEY";
    /// Private key.
    pub const PRIVATE_KEY: &str = "UCLOUD_PRIVATE_KEY";
    /// Default region.
    pub const REGION: &str = "UCLOUD_REGION";
    /// Default zone.
    pub const ZONE: &str = "UCLOUD_ZONE";
    /// Default project id.
    pub const PROJECT_ID: &str = "UCLOUD_PROJECT_ID";
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
}

/// What the environment and the shared files provide; each value from the first source that
/// has it.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    pub credentials: Option<Credentials>,
    pub common: Common,
    pub base_url: Option<String>,
    pub timeout: Option<Duration>,
    /// What each source provided or lacked, for error messages.
    pub consulted: Vec<String>,
}

#[derive(Debug, Default)]
struct ConfigEntry {
    project_id: Option<String>,
    region: Option<String>,
    zone: Option<String>,
    base_url: Option<String>,
    timeout_sec: Option<i64>,
    profile: Option<String>,
    active: Option<bool>,
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
    public_key: Option<String>,
    private_key: Option<crate::SecretString>,
    profile: Option<String>,
}

crate::decode_fields! { CredentialEntry;
    "public_key" => read_opt public_key,
    "private_key" => read_opt private_key,
    "profile" => read_opt profile,
}

/// Reads the environment through `var`, then the shared files it points to.
pub(crate) fn load(var: &dyn Fn(&str) -> Option<String>) -> Result<Shared, Error> {
    let get = |name: &str| var(name).filter(|v| !v.trim().is_empty());
    let mut shared = Shared::default();

    // Environment.
    let mut from_env = Vec::new();
    match (get(env::PUBLIC_KEY), get(env::PRIVATE_KEY)) {
        (Some(public), Some(private)) => {
            shared.credentials = Some(Credentials::new(public, private));
            from_env.push("credentials");
        }
        (None, None) => {}
        (Some(_), None) => {
            return Err(Error::config(format!(
                "{} is set but {} is not",
                env::PUBLIC_KEY,
                env::PRIVATE_KEY
            )));
        }
        (None, Some(_)) => {
            return Err(Error::config(format!(
                "{} is set but {} is not",
                env::PRIVATE_KEY,
                env::PUBLIC_KEY
            )));
        }
    }
    for (name, slot, label) in [
        (env::REGION, &mut shared.common.region, "region"),
        (env::ZONE, &mut shared.common.zone, "zone"),
        (env::PROJECT_ID, &mut shared.common.project_id, "project id"),
        (env::BASE_URL, &mut shared.base_url, "base URL"),
    ] {
        if let Some(v) = get(name) {
            *slot = Some(v);
            from_env.push(label);
        }
    }
    if let Some(t) = get(env::TIMEOUT_SECOND) {
        let secs: u64 = t.trim().parse().map_err(|_| {
            Error::config(format!(
                "{} is {t:?}, not a whole number of seconds",
                env::TIMEOUT_SECOND
            ))
        })?;
        shared.timeout = Some(Duration::from_secs(secs));
        from_env.push("timeout");
    }
    shared.consulted.push(if from_env.is_empty() {
        "the environment (no UCLOUD_* settings)".to_owned()
    } else {
        format!("the environment ({})", from_env.join(", "))
    });

    // Shared files.
    let home = get("HOME")
        .or_else(|| get("USERPROFILE"))
        .map(PathBuf::from);
    let profile_named = get(env::PROFILE);
    let config_path = file_path(&get, env::SHARED_CONFIG_FILE, &home, "config.json")?;
    let credential_path = file_path(&get, env::SHARED_CREDENTIAL_FILE, &home, "credential.json")?;
    let configs: Vec<ConfigEntry> = match &config_path {
        Some(path) => read_array(path)?,
        None => Vec::new(),
    };
    let credentials: Vec<CredentialEntry> = match &credential_path {
        Some(path) => read_array(path)?,
        None => Vec::new(),
    };

    // The profile: the one named, else the active one, else `default`.
    let profile = profile_named.clone().unwrap_or_else(|| {
        configs
            .iter()
            .find(|c| c.active == Some(true))
            .and_then(|c| c.profile.clone())
            .unwrap_or_else(|| "default".to_owned())
    });
    let config = configs
        .iter()
        .find(|c| c.profile.as_deref().unwrap_or("default") == profile);
    let credential = credentials
        .iter()
        .find(|c| c.profile.as_deref().unwrap_or("default") == profile);
    if profile_named.is_some()
        && config.is_none()
        && credential.is_none()
        && (config_path.is_some() || credential_path.is_some())
    {
        let files: Vec<String> = config_path
            .iter()
            .chain(&credential_path)
            .map(|p| p.display().to_string())
            .collect();
        return Err(Error::config(format!(
            "{}={profile:?}, but no such profile is in {}",
            env::PROFILE,
            files.join(" or ")
        )));
    }

    if let Some(path) = &config_path {
        let mut got = Vec::new();
        if let Some(c) = config {
            for (value, slot, label) in [
                (&c.region, &mut shared.common.region, "region"),
                (&c.zone, &mut shared.common.zone, "zone"),
                (&c.project_id, &mut shared.common.project_id, "project id"),
                (&c.base_url, &mut shared.base_url, "base URL"),
            ] {
                if let Some(v) = value.as_ref().filter(|v| !v.is_empty()) {
                    got.push(label);
                    slot.get_or_insert_with(|| v.clone());
                }
            }
            if let Some(secs) = c.timeout_sec.filter(|s| *s > 0) {
                got.push("timeout");
                shared
                    .timeout
                    .get_or_insert(Duration::from_secs(secs as u64));
            }
        }
        shared.consulted.push(match config {
            Some(_) => format!(
                "{} (profile {profile:?}: {})",
                path.display(),
                if got.is_empty() {
                    "nothing".to_owned()
                } else {
                    got.join(", ")
                }
            ),
            None => format!("{} (no profile {profile:?})", path.display()),
        });
    }
    if let Some(path) = &credential_path {
        let pair = credential.and_then(|c| Some((c.public_key.clone()?, c.private_key.clone()?)));
        let note = match (credential, &pair) {
            (None, _) => format!("{} (no profile {profile:?})", path.display()),
            (Some(_), None) => format!(
                "{} (profile {profile:?} lacks public_key or private_key)",
                path.display()
            ),
            (Some(_), Some(_)) => format!("{} (profile {profile:?}: credentials)", path.display()),
        };
        if let Some((public, private)) = pair {
            shared
                .credentials
                .get_or_insert_with(|| Credentials::new(public, private.expose()));
        }
        shared.consulted.push(note);
    }
    Ok(shared)
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

/// Reads a JSON array of objects; any problem is an error naming the file and the position.
fn read_array<T: crate::DecodeFields>(path: &Path) -> Result<Vec<T>, Error> {
    let shown = path.display();
    let bytes =
        std::fs::read(path).map_err(|e| Error::config(format!("cannot read {shown}: {e}")))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| Error::config(format!("{shown}: not UTF-8 ({e})")))?;
    let mut reader = Reader::new(text);
    let at = |offset: usize| {
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("{shown}:{line}:{column}")
    };
    let items = Vec::<T>::decode(&mut reader)
        .and_then(|items| reader.finish().map(|()| items))
        .map_err(|m| Error::config(format!("{}: {}", at(m.offset), m.reason)))?
        .ok_or_else(|| Error::config(format!("{shown}: expected a JSON array of objects")))?;
    match reader.take_mismatch() {
        Some(m) => Err(Error::config(format!("{shown}: {m}"))),
        None => Ok(items),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn dir(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("compshare-config-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join(".ucloud")).unwrap();
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
    fn files_under_home_with_the_active_profile() {
        let home = dir("active");
        std::fs::write(
            home.join(".ucloud/config.json"),
            r#"[{"profile":"default","region":"cn-bj2","active":false},
                {"profile":"gpu","region":"cn-wlcb","zone":"cn-wlcb-01","project_id":"org-1","timeout_sec":15,"active":true}]"#,
        )
        .unwrap();
        std::fs::write(
            home.join(".ucloud/credential.json"),
            r#"[{"profile":"gpu","public_key":"pk-gpu","private_key":"sk-gpu"},{"profile":"default","public_key":"pk","private_key":"sk"}]"#,
        )
        .unwrap();
        let s = run(&[("HOME", home.to_str().unwrap())]).unwrap();
        assert_eq!(s.common.region.as_deref(), Some("cn-wlcb"));
        assert_eq!(s.common.zone.as_deref(), Some("cn-wlcb-01"));
        assert_eq!(s.common.project_id.as_deref(), Some("org-1"));
        assert_eq!(s.timeout, Some(Duration::from_secs(15)));
        assert_eq!(s.credentials.unwrap().public_key(), "pk-gpu");
    }

    #[test]
    fn environment_wins_over_files_and_names_the_profile() {
        let home = dir("env");
        std::fs::write(home.join(".ucloud/config.json"), r#"[{"profile":"a","region":"r-a","zone":"z-a","active":true},{"profile":"b","region":"r-b","zone":"z-b"}]"#).unwrap();
        std::fs::write(
            home.join(".ucloud/credential.json"),
            r#"[{"profile":"b","public_key":"pk-b","private_key":"sk-b"}]"#,
        )
        .unwrap();
        let s = run(&[
            ("HOME", home.to_str().unwrap()),
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
        std::fs::write(home.join(".ucloud/config.json"), r#"[{"profile":"a"}]"#).unwrap();
        let err = run(&[("HOME", home.to_str().unwrap()), (env::PROFILE, "nope")]).unwrap_err();
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

    #[test]
    fn malformed_files_name_the_file_and_the_position() {
        let home = dir("malformed");
        let config = home.join(".ucloud/config.json");
        std::fs::write(&config, "[\n  {\"profile\": \"a\",\n   \"region\": }\n]").unwrap();
        let err = run(&[("HOME", home.to_str().unwrap())]).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "invalid client configuration: {}:3:14: expected a JSON value",
                config.display()
            )
        );
        std::fs::write(&config, r#"[{"profile":"a","timeout_sec":{"x":1}}]"#).unwrap();
        let err = run(&[("HOME", home.to_str().unwrap())]).unwrap_err();
        assert!(
            err.to_string()
                .contains("[0].timeout_sec: expected an integer, found an object"),
            "{err}"
        );
        std::fs::write(&config, r#"{"profile":"a"}"#).unwrap();
        let err = run(&[("HOME", home.to_str().unwrap())]).unwrap_err();
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
}
