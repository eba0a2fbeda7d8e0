//! What a command asks of the person running it: confirmation before what costs money or
//! destroys something (naming what it acts on), and passwords, which never come from argv.

use std::io::IsTerminal;

use clap::ArgMatches;
use serde_json::{Map, Value};

use crate::quote::Priced;
use crate::terminal::{raw, say};
use crate::{Cx, Exit, Failure};

/// How a confirmation names a resource by its id: a listing action that takes ids.
#[derive(Debug)]
pub struct Resource {
    /// The id's wire name, e.g. `UHostId`; the listing's items carry it under that name.
    pub id: &'static str,
    pub action: &'static str,
    /// The listing's parameter as sent, e.g. `UHostIds.0`.
    pub param: &'static str,
    pub items: &'static str,
    /// The items' name field.
    pub name: &'static str,
    /// The items' fields naming their region and zone, to find one by its id.
    pub region: Option<&'static str>,
    pub zone: Option<&'static str>,
}

/// Where the regions are listed: an action whose items name a region each.
#[derive(Debug)]
pub struct Regions {
    pub action: &'static str,
    pub items: &'static str,
    pub region: &'static str,
    /// The items' zone, when they are zones.
    pub zone: Option<&'static str>,
    /// And its id, where answers name zones by id.
    pub zone_id: Option<&'static str>,
}

impl Cx {
    /// Refuses, before anything is sent (a quote included), an action that needs
    /// confirmation when there is neither `--yes` nor a terminal to ask on.
    pub(crate) fn can_confirm(
        &self,
        m: &ArgMatches,
        action: &str,
        why: &str,
    ) -> Result<(), Failure> {
        if yes(m) || interactive() {
            return Ok(());
        }
        let mut f = Failure::refused(format!(
            "{action}: {why} Pass --yes to do it (standard input is not a terminal to ask on); nothing was sent"
        ));
        f.action = Some(action.to_owned());
        f.delivery = Some("not_sent");
        Err(f)
    }

    /// Asks before an action that costs money or destroys something: `--yes`, or a `y` on
    /// a terminal to a question that names what it acts on (ids and names) and its quote.
    pub(crate) async fn confirm(
        &self,
        m: &ArgMatches,
        action: &str,
        why: &str,
        quote: Option<&Priced>,
        targets: &[(&Resource, &str)],
        prices: Option<&'static crate::Def>,
    ) -> Result<(), Failure> {
        self.can_confirm(m, action, why)?;
        if yes(m) {
            return Ok(());
        }
        let mut lines = vec![format!("{action}: {why}")];
        for (resource, id) in targets {
            let name = match self.name_of(resource, id).await {
                Ok(Some(name)) => format!("\"{name}\""),
                Ok(None) => "(not found)".to_owned(),
                Err(why) => format!("(name unknown: {why})"),
            };
            lines.push(format!("  {} {id} {name}", resource.id));
        }
        if let Some(q) = quote {
            lines.push(format!("  quote: {}", q.text()));
        }
        if let Some(p) = prices {
            lines.push(self.prices(p).await);
        }
        for line in &lines {
            say(line);
        }
        if go_ahead()? {
            return Ok(());
        }
        let mut f = Failure::refused(format!("{action}: not confirmed; nothing was sent"));
        f.declined = true;
        f.action = Some(action.to_owned());
        f.delivery = Some("not_sent");
        Err(f)
    }

    /// The prices as the read `p` answers them, in one line (cut short past 600
    /// characters); what went wrong instead, as they only inform the question.
    async fn prices(&self, p: &'static crate::Def) -> String {
        let answer = async { p.read_plain(self.client()?).await };
        match answer.await {
            Ok(v) => {
                let text = v.to_string();
                let cut: String = text.chars().take(600).collect();
                let more = if cut.len() < text.len() { " ..." } else { "" };
                format!("  prices ({} {}): {cut}{more}", p.group, p.name)
            }
            Err(f) => format!(
                "  prices ({} {}): could not be read: {}",
                p.group, p.name, f.message
            ),
        }
    }

    /// A resource's name, looked up by its id with the listing the spec names (a read).
    async fn name_of(&self, r: &Resource, id: &str) -> Result<Option<String>, String> {
        // Looked up with a raw call, which UCloud's RPC has.
        if self.service().protocol != compshare_runtime::Protocol::UCloudRpc {
            return Ok(None);
        }
        let client = self.client().map_err(|f| f.message)?;
        let mut call = compshare_runtime::RawCall::new(client.clone(), r.action).param(r.param, id);
        let found = self
            .places
            .borrow()
            .iter()
            .find(|(i, _)| i == id)
            .and_then(|(_, r)| r.clone());
        if let Some(region) = found {
            call = call.region(region);
        }
        let reply = call.send().await.map_err(|e| e.to_string())?;
        let value: Value =
            serde_json::from_str(reply.output.as_str()).map_err(|e| e.to_string())?;
        Ok(value[r.items]
            .as_array()
            .into_iter()
            .flatten()
            .find(|item| item[r.id] == id)
            .and_then(|item| item[r.name].as_str())
            .map(str::to_owned))
    }

    /// Where each of several ids was found: their names are looked up there.
    pub(crate) fn remember_places(
        &self,
        ids: &[String],
        places: &[Option<(Option<String>, Option<String>)>],
    ) {
        *self.places.borrow_mut() = ids
            .iter()
            .zip(places)
            .map(|(id, p)| (id.clone(), p.as_ref().and_then(|(r, _)| r.clone())))
            .collect();
    }

    /// A password: `--<id>-stdin`, else the variable, else asked on a terminal (twice: it
    /// is a new one). For a create (`generate`), none given (or an empty answer) means one
    /// is made before the request is signed: see [`make_secrets`](Self::make_secrets).
    /// A value given as `--<id> VALUE` is refused: other users can read the command line. A
    /// blank password is refused wherever it comes from.
    pub(crate) fn secret(
        &self,
        m: &ArgMatches,
        id: &str,
        variable: &str,
        required: bool,
        generate: bool,
    ) -> Result<Option<String>, Failure> {
        // A value given as `--<id> VALUE` never gets here: its parser refuses it.
        if m.value_source(id).is_some() {
            return Err(Failure::usage(format!(
                "--{id} is never taken from the command line: use --{id}-stdin or {variable}"
            )));
        }
        if m.get_flag(&format!("{id}-stdin")) {
            let value = stdin_line()?;
            return not_blank(value, || format!("--{id}-stdin read a blank line")).map(Some);
        }
        if let Some(v) = secret_variable(variable)? {
            return Ok(Some(v));
        }
        if self.dry_run {
            return Ok(None);
        }
        if interactive() && (required || generate) {
            // A password that is made when none is given beats one that is required.
            let hint = if generate {
                " (empty: one is made for you)"
            } else {
                ""
            };
            let first = rpassword::prompt_password(format!("New {id}{hint}: "))?;
            if first.is_empty() && generate {
                self.to_generate.borrow_mut().push(id.to_owned());
                return Ok(None);
            }
            let first = not_blank(first, || format!("--{id}: a blank password"))?;
            let again = rpassword::prompt_password(format!("Again, {id}: "))?;
            if again != first {
                return Err(Failure::usage(format!(
                    "--{id}: the two entries differ; nothing was sent"
                )));
            }
            return Ok(Some(first));
        }
        if generate {
            self.to_generate.borrow_mut().push(id.to_owned());
            return Ok(None);
        }
        if required {
            return Err(Failure::usage(format!(
                "--{id} is required: give it with --{id}-stdin or {variable} (standard input is not a terminal to ask on)"
            )));
        }
        Ok(None)
    }

    /// Passwords none was given for (see [`secret`](Self::secret)), made from the OS's
    /// randomness and set in the request before it is signed: (flag, password). None for a
    /// dry run, which shows the request without them.
    pub(crate) fn make_secrets(
        &self,
        def: &crate::Def,
        request: &mut Map<String, Value>,
    ) -> Result<Vec<(&'static str, String)>, Failure> {
        let mut made = Vec::new();
        let wanted = self.to_generate.borrow();
        for f in def
            .fields
            .iter()
            .filter(|f| wanted.iter().any(|w| w == f.flag))
        {
            if self.dry_run {
                break;
            }
            let password =
                crate::password::generate().map_err(|e| Failure::new(Exit::Internal, e))?;
            request.insert(f.wire.to_owned(), Value::String(password.clone()));
            made.push((f.flag, password));
        }
        Ok(made)
    }

    /// The passwords made for a request that is about to be sent, shown once on standard
    /// error (the service would answer with them masked).
    pub(crate) fn show_made(&self, made: &[(&str, String)]) {
        for (flag, password) in made {
            say(&format!(
                "--{flag}: none given, so this one was made (shown once, keep it): {password}"
            ));
        }
    }
}

/// A password from the environment variable `name`: none if it is not set; an error if it
/// is set but not UTF-8 or blank (never taken as unset, nor sent as an empty password).
pub(crate) fn secret_variable(name: &str) -> Result<Option<String>, Failure> {
    let config = |why: &str| {
        Err(Failure::new(
            Exit::Config,
            format!("{name} is set but {why}; nothing was sent"),
        ))
    };
    match std::env::var(name) {
        Ok(v) if v.trim().is_empty() => config("blank"),
        Ok(v) => Ok(Some(v)),
        Err(std::env::VarError::NotUnicode(_)) => config("not valid UTF-8"),
        Err(std::env::VarError::NotPresent) => Ok(None),
    }
}

/// A password that is not empty or only spaces.
pub(crate) fn not_blank(value: String, why: impl FnOnce() -> String) -> Result<String, Failure> {
    if value.trim().is_empty() {
        return Err(Failure::usage(format!("{}; nothing was sent", why())));
    }
    Ok(value)
}

/// Asks `Go ahead? [y/N]` on the terminal: whether the answer was yes.
pub(crate) fn go_ahead() -> Result<bool, Failure> {
    raw("Go ahead? [y/N] ");
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}

/// One line of standard input (a `--<flag>-stdin` secret), its line ending removed; typed on
/// a terminal, it is not echoed.
pub(crate) fn stdin_line() -> Result<String, Failure> {
    if std::io::stdin().is_terminal() {
        return Ok(rpassword::read_password()?);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

/// Whether `--yes` was given.
fn yes(m: &ArgMatches) -> bool {
    m.try_get_one::<bool>("yes")
        .ok()
        .flatten()
        .copied()
        .unwrap_or(false)
}

/// Whether there is a terminal to ask on.
pub(crate) fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}
