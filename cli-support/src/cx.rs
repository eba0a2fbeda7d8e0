//! The calling context every command shares: the client (built on first use from the
//! configuration chain and the global flags), and the steps of a call in order: dry run,
//! quote, confirmation, send, output, wait.

use std::cell::OnceCell;
use std::future::Future;
use std::io::{IsTerminal, Write};

use clap::ArgMatches;
use compshare::runtime::{self, Action, Paginated, StreamExt, Wait};
use compshare::{Call, Client};
use serde::Serialize;

use crate::output::{self, Format};
use crate::{Exit, Failure, progress};

/// The global flags and the client they configure.
pub struct Cx {
    pub(crate) format: Format,
    pub(crate) dry_run: bool,
    pub(crate) profile: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) zone: Option<String>,
    pub(crate) project_id: Option<String>,
    pub(crate) base_url: Option<String>,
    client: OnceCell<Client>,
}

impl Cx {
    pub fn new(m: &ArgMatches) -> Cx {
        let flag = |id: &str| crate::args::text(m, id);
        Cx {
            format: match flag("output").as_deref() {
                Some("table") => Format::Table,
                _ => Format::Json,
            },
            dry_run: m.get_flag("dry-run"),
            profile: flag("profile"),
            region: flag("region"),
            zone: flag("zone"),
            project_id: flag("project-id"),
            base_url: flag("base-url"),
            client: OnceCell::new(),
        }
    }

    /// Whether failures are also printed as a JSON document.
    pub(crate) fn json_errors(&self) -> bool {
        self.format == Format::Json
    }

    /// A variable as the configuration reads it: `--profile` stands for both tools'
    /// profile variables.
    pub(crate) fn var(&self, name: &str) -> Result<Option<String>, Failure> {
        use runtime::config::env;
        if let Some(p) = &self.profile
            && (name == env::PROFILE || name == env::COMPSHARE_PROFILE)
        {
            return Ok(Some(p.clone()));
        }
        match std::env::var(name) {
            Ok(v) => Ok(Some(v)),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => Err(Failure::new(
                Exit::Config,
                format!("{name} is set but not valid UTF-8"),
            )),
        }
    }

    /// Runs `f` with the variables as the configuration reads them; a variable that is set
    /// but not UTF-8 is an error, not taken as unset.
    pub(crate) fn with_vars<T>(
        &self,
        f: impl FnOnce(&dyn Fn(&str) -> Option<String>) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        let bad = std::cell::RefCell::new(None);
        let var = |name: &str| match self.var(name) {
            Ok(v) => v,
            Err(e) => {
                bad.borrow_mut().get_or_insert(e);
                None
            }
        };
        let out = f(&var);
        match bad.into_inner() {
            Some(e) => Err(e),
            None => out,
        }
    }

    /// The client, built on first use.
    pub fn client(&self) -> Result<&Client, Failure> {
        if let Some(c) = self.client.get() {
            return Ok(c);
        }
        let (mut b, has_keys) = self.with_vars(|var| {
            let b = Client::builder().load_shared_config_with(var)?;
            let found = runtime::config::explain_with(var)?;
            Ok((b, found.iter().any(|f| f.name == "public_key")))
        })?;
        if let Some(v) = &self.region {
            b = b.region(v);
        }
        if let Some(v) = &self.zone {
            b = b.zone(v);
        }
        if let Some(v) = &self.project_id {
            b = b.project_id(v);
        }
        if let Some(v) = &self.base_url {
            b = b.base_url(v);
        }
        b = b.user_agent_suffix(concat!("compshare-rs/", env!("CARGO_PKG_VERSION")));
        if self.dry_run && !has_keys {
            // A dry run shows the request without keys; its signature is masked anyway.
            b = b.credentials(runtime::Credentials::new("(no key configured)", "-"));
        }
        let client = b.build()?;
        Ok(self.client.get_or_init(|| client))
    }

    /// With `--dry-run`: prints the request `request` would send, secrets masked, and
    /// returns true (the caller sends nothing).
    pub fn dry_run<R: Action>(&self, request: &R) -> Result<bool, Failure> {
        if !self.dry_run {
            return Ok(false);
        }
        output::json_doc(&output::masked_request_of(self.client()?, request)?)?;
        Ok(true)
    }

    /// Refuses a request that could not be sent (a required parameter missing, such as a
    /// zone no configuration gives), before its quote is asked for.
    pub fn check<R: Action>(&self, request: &R) -> Result<(), Failure> {
        output::masked_request_of(self.client()?, request)?;
        Ok(())
    }

    /// Runs a price quote; prints it on standard error and holds it to `--max-price`.
    pub async fn quote(
        &self,
        m: &ArgMatches,
        action: &str,
        quote: impl Future<Output = Result<Option<f64>, Failure>>,
    ) -> Result<Option<f64>, Failure> {
        let max = crate::args::float(m, "max-price")?;
        let got = progress::while_running(format!("quoting ({action})"), quote).await;
        let price = match (got, max) {
            (Ok(Some(p)), _) => p,
            (Ok(None), Some(_)) => {
                return Err(Failure::refused(format!(
                    "--max-price cannot be checked: {action} returned no price; nothing was sent"
                )));
            }
            (Err(e), Some(_)) => {
                return Err(Failure::refused(format!(
                    "--max-price cannot be checked: the quote failed: {e}; nothing was sent"
                )));
            }
            (Ok(None), None) => {
                eprintln!("warning: {action} returned no price");
                return Ok(None);
            }
            (Err(e), None) => {
                eprintln!("warning: no quote: {e}");
                return Ok(None);
            }
        };
        eprintln!("quote ({action}): {price:.2} yuan");
        if let Some(max) = max
            && price > max
        {
            return Err(Failure::refused(format!(
                "the quote, {price:.2} yuan, is above --max-price {max}; nothing was sent"
            )));
        }
        Ok(Some(price))
    }

    /// `--wait` and the `mcp` server cannot honour `--dry-run`: refused rather than ignored.
    pub fn no_dry_run(&self, what: &str) -> Result<(), Failure> {
        if self.dry_run {
            return Err(Failure::usage(format!(
                "{what} has no --dry-run: it would have to send"
            )));
        }
        Ok(())
    }

    /// Refuses, before anything is sent (a quote included), an action that needs
    /// confirmation when there is neither `--yes` nor a terminal to ask on.
    pub fn can_confirm(&self, m: &ArgMatches, action: &str, why: &str) -> Result<(), Failure> {
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
    /// a terminal; off a terminal without `--yes` it is refused.
    pub fn confirm(
        &self,
        m: &ArgMatches,
        action: &str,
        why: &str,
        quote: Option<f64>,
    ) -> Result<(), Failure> {
        self.can_confirm(m, action, why)?;
        if yes(m) {
            return Ok(());
        }
        let price = quote
            .map(|p| format!(" Quote: {p:.2} yuan."))
            .unwrap_or_default();
        eprint!("{action}: {why}{price} Go ahead? [y/N] ");
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        if matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
            Ok(())
        } else {
            Err(Failure::refused(format!(
                "{action}: not confirmed; nothing was sent"
            )))
        }
    }

    /// Sends the call.
    pub async fn send<R: Action>(&self, call: Call<R>) -> Result<R::Output, Failure> {
        Ok(call.send().await?)
    }

    /// Prints one answer: JSON by wire names, or a table (of `items` for a listing).
    pub fn print<T: Serialize>(
        &self,
        out: &T,
        items: Option<&str>,
        columns: &[&str],
    ) -> Result<(), Failure> {
        output::print(self.format, out, items, columns)
    }

    /// `--all`: every item of the listing, one JSON document a line as they come (or one
    /// table at the end), through the SDK's paginator; a failure ends it with an error, never
    /// a silently short list.
    pub async fn stream<R>(
        &self,
        paginator: runtime::Paginator<R>,
        columns: &[&str],
    ) -> Result<(), Failure>
    where
        R: Paginated,
        R::Item: Serialize,
    {
        let mut items = paginator.items();
        let mut rows = Vec::new();
        let mut progress = progress::Counter::new("listing");
        while let Some(item) = items.next().await {
            let item = item?;
            progress.tick();
            match self.format {
                Format::Json => output::line(&item)?,
                Format::Table => rows.push(output::to_value(&item)?),
            }
        }
        progress.done();
        if self.format == Format::Table {
            output::table(&rows, columns)?;
        }
        Ok(())
    }

    /// Runs a waiter (after `--wait`, or for `wait`), with a progress line on a terminal.
    pub async fn wait<T, F>(
        &self,
        m: &ArgMatches,
        waiter: &str,
        id: &str,
        start: impl FnOnce(Wait) -> F,
    ) -> Result<T, Failure>
    where
        F: Future<Output = Result<T, runtime::Error>>,
    {
        let timeout = crate::args::wait_timeout(m)?;
        let label = if id.is_empty() {
            format!("waiting: {waiter}")
        } else {
            format!("waiting: {waiter} ({id})")
        };
        let wait = Wait::new(timeout);
        Ok(progress::while_running(label, start(wait)).await?)
    }

    /// A password: `--<id>-stdin`, else the variable, else (if required) asked on a terminal,
    /// else, for a create (`generate`), made here and shown once on standard error (the
    /// answer would mask one the service made). A value given as `--<id> VALUE` is refused:
    /// other users can read the command line.
    pub fn secret(
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
            // Typed on a terminal, it is not echoed.
            let value = if std::io::stdin().is_terminal() {
                rpassword::read_password()?
            } else {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                line.trim_end_matches(['\n', '\r']).to_owned()
            };
            if value.is_empty() {
                return Err(Failure::usage(format!("--{id}-stdin read an empty line")));
            }
            return Ok(Some(value));
        }
        if let Some(v) = self.var(variable)? {
            return Ok(Some(v));
        }
        if generate && !self.dry_run && !(required && interactive()) {
            let made = crate::password::generate().map_err(|e| Failure::new(Exit::Internal, e))?;
            eprintln!("--{id}: none given, so this one was made (shown once, keep it): {made}");
            return Ok(Some(made));
        }
        if !required {
            return Ok(None);
        }
        if interactive() {
            let v = rpassword::prompt_password(format!("{id}: "))?;
            return Ok(Some(v));
        }
        Err(Failure::usage(format!(
            "--{id} is required: give it with --{id}-stdin or {variable} (standard input is not a terminal to ask on)"
        )))
    }
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
fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}
