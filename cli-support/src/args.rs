//! The tool's own flags' values (`--all`, `--wait`, `--wait-timeout`, `--deadline` ...) and
//! a flag's text as given. A parameter's flags are read into the request object by
//! `request`.

use clap::ArgMatches;

use crate::Failure;

/// A flag's one value, as given.
pub(crate) fn text(m: &ArgMatches, id: &str) -> Option<String> {
    m.try_get_one::<String>(id).ok().flatten().cloned()
}

/// A repeated flag's values, as given.
pub(crate) fn texts(m: &ArgMatches, id: &str) -> Option<Vec<String>> {
    m.try_get_many::<String>(id)
        .ok()
        .flatten()
        .map(|v| v.cloned().collect())
}

/// A whole number flag.
pub(crate) fn int(m: &ArgMatches, id: &str) -> Result<Option<i64>, Failure> {
    text(m, id)
        .map(|s| {
            crate::request::parse_int(&s)
                .map_err(|why| Failure::usage(format!("--{id} {s:?}: {why}")))
        })
        .transpose()
}

fn flag(m: &ArgMatches, id: &str) -> bool {
    m.try_get_one::<bool>(id)
        .ok()
        .flatten()
        .copied()
        .unwrap_or(false)
}

/// Whether `--all` was given.
pub(crate) fn all(m: &ArgMatches) -> bool {
    flag(m, "all")
}

/// Whether `--wait` was given.
pub(crate) fn waits(m: &ArgMatches) -> bool {
    flag(m, "wait")
}

/// `--wait-timeout`, checked: a positive number of seconds.
pub(crate) fn wait_timeout(m: &ArgMatches) -> Result<std::time::Duration, Failure> {
    match int(m, "wait-timeout")? {
        Some(secs) if secs > 0 => Ok(std::time::Duration::from_secs(secs.unsigned_abs())),
        None => Ok(std::time::Duration::from_secs(600)),
        Some(_) => Err(Failure::usage(
            "--wait-timeout must be a positive number of seconds",
        )),
    }
}
