//! Sending: the price quote before a create, the call itself (an interrupt once a write may
//! be on the wire reports an unknown outcome, as a timeout does), and waiting after it.

use std::future::Future;
use std::io::IsTerminal;

use clap::ArgMatches;
use compshare_runtime::{self as runtime, CallOptions, Wait};
use serde_json::{Map, Value};

use crate::def::{QuoteDef, WaitDef};
use crate::quote::{Answer, Asked, Limit, Priced, priced};
use crate::terminal::say;
use crate::{Cx, Exit, Failure, progress};

impl Cx {
    /// What a quote asks and the limit it is held to, checked before anything is sent (a
    /// count below one, a `--max-price` that is no price).
    pub(crate) fn quoting(
        &self,
        m: &ArgMatches,
        def: &QuoteDef,
        request: &Map<String, Value>,
    ) -> Result<(Asked, Option<Limit>), Failure> {
        let asked = Asked::of(&def.quote, request).map_err(|why| not_sent(Failure::usage(why)))?;
        let limit = crate::args::text(m, "max-price")
            .map(|t| {
                Limit::parse(&t).map_err(|why| Failure::usage(format!("--max-price {t:?}: {why}")))
            })
            .transpose()?;
        Ok((asked, limit))
    }

    /// Runs a price quote for what [`quoting`](Self::quoting) checked, prints what the
    /// price covers on standard error, and holds it to `--max-price`. A quote that cannot be
    /// checked is no price: refused under `--max-price`, a warning otherwise.
    pub(crate) async fn quote(
        &self,
        def: &QuoteDef,
        request: &Map<String, Value>,
        (asked, limit): (Asked, Option<Limit>),
    ) -> Result<Option<Priced>, Failure> {
        let q = &def.quote;
        let fetch = async {
            let client = self.client()?;
            let asking = crate::request::remap(request, def.params);
            let quoted = def.run.prepare(client, &asking, CallOptions::default())?;
            Ok::<_, Failure>(Answer::of(quoted.send().await?))
        };
        let got = progress::while_running(format!("quoting ({})", q.action), fetch)
            .await
            .map_err(|f| f.message)
            .and_then(|answer| priced(q, &answer, &asked));
        let price = match (got, limit) {
            (Ok(p), _) => p,
            (Err(why), Some(_)) => {
                return Err(not_sent(Failure::refused(format!(
                    "--max-price cannot be checked: {} gave no price that can be trusted: {why}; nothing was sent",
                    q.action
                ))));
            }
            (Err(why), None) => {
                say(&format!("warning: no quote from {}: {why}", q.action));
                return Ok(None);
            }
        };
        say(&format!("quote ({}): {}", q.action, price.text()));
        if let Some(limit) = limit {
            limit.check(&price).map_err(|why| {
                not_sent(Failure::refused(format!(
                    "--max-price: {why}; nothing was sent"
                )))
            })?;
        }
        Ok(Some(price))
    }

    /// `sending`, the exchange of action `action`: for a write, an interrupt reports an
    /// unknown outcome (the handler is installed before the request can leave).
    pub(crate) async fn sending<T>(
        &self,
        action: &str,
        exchange: impl Future<Output = Result<T, runtime::Error>>,
    ) -> Result<T, Failure> {
        if compshare_protocol::is_read(action) {
            return Ok(exchange.await?);
        }
        tokio::select! {
            biased;
            _ = tokio::signal::ctrl_c() => Err(self.interrupted(action)),
            out = exchange => Ok(out?),
        }
    }

    fn interrupted(&self, action: &str) -> Failure {
        let check = match &self.lister {
            Some(lister) => format!(" (`{lister}`)"),
            None => String::new(),
        };
        let mut f = Failure::new(
            Exit::OutcomeUnknown,
            format!(
                "interrupted: {action} may have reached the server; its outcome is unknown: check{check} before repeating it"
            ),
        );
        f.action = Some(action.to_owned());
        f.delivery = Some("maybe_sent");
        f
    }

    /// Runs a waiter (after `--wait`, or for `wait`), with a progress line on a terminal;
    /// an interrupt ends it (exit 130), saying so.
    pub(crate) async fn wait<T, E, F>(
        &self,
        m: &ArgMatches,
        waiter: &str,
        id: &str,
        start: impl FnOnce(Wait) -> F,
    ) -> Result<T, Failure>
    where
        F: Future<Output = Result<T, E>>,
        Failure: From<E>,
    {
        let timeout = crate::args::wait_timeout(m)?;
        let label = if id.is_empty() {
            format!("waiting: {waiter}")
        } else {
            format!("waiting: {waiter} ({id})")
        };
        let wait = Wait::new(timeout);
        tokio::select! {
            biased;
            _ = tokio::signal::ctrl_c() => {
                if std::io::stderr().is_terminal() {
                    progress::clear();
                }
                Err(Failure::new(
                    Exit::Interrupted,
                    format!("interrupted while waiting: {waiter}"),
                ))
            }
            out = progress::while_running(label, start(wait)) => Ok(out?),
        }
    }

    /// `--wait` after a call: waits for each id it named or returned, then prints its answer
    /// (one document). A wait that fails, or an answer that names nothing to wait for, is
    /// an error that carries the answer, so that what was made is never lost.
    pub(crate) async fn wait_then_print(
        &self,
        m: &ArgMatches,
        answer: &Value,
        w: &WaitDef,
        ids: Vec<String>,
        output_file: Option<&std::path::Path>,
    ) -> Result<(), Failure> {
        let waiter = w.waiter;
        // The answer is never lost: in the error's document for scripts, or else (a table, a
        // person at a terminal, who gets no document) printed before the error.
        let with_answer =
            |f: Failure| self.failing_with(f, answer.clone(), |d| self.print(d, None, &[]));
        if ids.is_empty() {
            return Err(with_answer(Failure::new(
                Exit::Wait,
                format!(
                    "--wait: the answer names nothing to wait for ({waiter}); it is printed with this error"
                ),
            )));
        }
        let client = self.client()?;
        let mut ready = Vec::new();
        let mut polled = Vec::new();
        for id in &ids {
            let poll = crate::run::poll_request(w, id);
            let last = self
                .wait(m, waiter, id, |wait| (w.run)(client, poll, wait))
                .await
                .map_err(with_answer)?;
            ready.extend(crate::run::item_of(w.poll, &last, id).cloned());
            polled.push(last);
        }
        // A poll of one thing (a task), not a listing: the answer with what the last poll
        // said beside it (`{"task_id", "task": {...}}`).
        if w.poll.items.is_none() {
            let mut doc = answer.clone();
            if let Some(map) = doc.as_object_mut() {
                for last in polled {
                    if let Value::Object(members) = last {
                        map.extend(members);
                    }
                }
            }
            if let (Some(path), Some(to)) = (w.poll.download, output_file) {
                crate::transfer::download(self, &doc, path, to)
                    .await
                    .map_err(|mut f| {
                        // What was made is made: only its file is missing.
                        f.action = Some(w.poll.action.to_owned());
                        f.delivery = Some("received");
                        f.message = format!(
                            "the task was made and is done; only its download failed: {}",
                            f.message
                        );
                        self.failing_with(f, doc.clone(), |d| self.print(d, None, &[]))
                    })?;
            }
            return self.print(&doc, None, &[]);
        }
        // What was waited for, as it is now (an instance's IPs and login command): the
        // answer with the listing's items beside it, or on a terminal their cards.
        let (Some(items), false) = (w.poll.items, ready.is_empty()) else {
            return self.print(answer, None, &[]);
        };
        if self.format == crate::output::Format::Table && !w.poll.card.is_empty() {
            for (i, item) in ready.iter().enumerate() {
                if i > 0 {
                    crate::output::write_stdout("\n")?;
                }
                crate::output::card(item, w.poll.card, &[])?;
            }
            return Ok(());
        }
        let mut doc = answer.clone();
        if let Some(map) = doc.as_object_mut() {
            map.insert(items.to_owned(), Value::Array(ready));
        }
        self.print(&doc, None, &[])
    }
}

/// A refusal before anything was sent, saying so in its document.
fn not_sent(mut f: Failure) -> Failure {
    f.delivery = Some("not_sent");
    f
}
