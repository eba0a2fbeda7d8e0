//! The steps of a tool call: secrets, checks, quotes and previews, the send, listings.

use std::future::Future;
use std::time::Duration;

use compshare_runtime::{self as runtime, StreamExt};
use compshare_runtime::{Client, ServiceInfo};
use serde_json::{Value, json};

use crate::typed::{Items, Prepared};

use super::Reply;

/// The most an `all: true` answer holds, as JSON: more would swamp an agent's context (and,
/// at 10,000 large items, the server's memory).
pub const MAX_ANSWER_BYTES: usize = 1 << 20;
use crate::quote::{Answer, Asked, Limit, Priced, Quote, priced};
use crate::{Exit, Failure};

/// A quote as a tool call got it: the price, or why it cannot be checked.
#[derive(Debug)]
pub struct Quoted {
    action: &'static str,
    price: Result<Priced, String>,
}

impl Quoted {
    /// What a confirmation is bound to: the price and what it covers (not the text, nor a
    /// failure's message); none when the quote failed.
    pub(super) fn price_terms(&self) -> Option<Value> {
        self.price.as_ref().ok().map(|p| {
            let mut v = p.to_json(self.action);
            if let Some(map) = v.as_object_mut() {
                map.remove("text");
            }
            v
        })
    }

    /// The price in words, or why it is not known.
    pub(super) fn said(&self) -> String {
        match &self.price {
            Ok(p) => p.text(),
            Err(why) => format!("not known ({why})"),
        }
    }

    pub(super) fn to_json(&self) -> Value {
        match &self.price {
            Ok(p) => p.to_json(self.action),
            Err(why) => json!({"action": self.action, "price_yuan": null, "error": why}),
        }
    }
}

/// A failure the caller reads: a JSON document with the message, RetCode and delivery.
#[derive(Debug)]
pub struct ToolError(pub Value);

impl ToolError {
    pub fn invalid(message: impl Into<String>) -> ToolError {
        ToolError(json!({"error": "invalid_arguments", "message": message.into(), "sent": false}))
    }
}

/// A message in the agents' server's words: a missing region (zone, project) comes from the
/// call's own argument or the server's configuration, which its client gives in an `env`
/// block; not from the command line's flags.
fn for_agents(mut message: String) -> String {
    for setting in compshare_runtime::Setting::ALL {
        let cli = crate::failure::setting_sources(setting);
        if message.contains(&cli) {
            let agents = format!(
                "(give it as an argument; or configure the server: {} in the env block of its registration, `--{}` in its args, or the profile's {}; it has none)",
                setting.variable(),
                setting.setter().replace('_', "-"),
                setting.prose()
            );
            message = message.replace(&cli, &agents);
        }
    }
    message
}

impl From<Failure> for ToolError {
    fn from(f: Failure) -> ToolError {
        let outcome = match f.delivery {
            Some("maybe_sent") => {
                "unknown: the request may have reached the server; check before repeating it"
            }
            Some("received") => "the service answered: nothing was done",
            _ => "not sent",
        };
        ToolError(json!({
            "error": match f.exit {
                Exit::Api => "api",
                Exit::Usage => "invalid_arguments",
                Exit::Refused => "refused",
                Exit::Config => "configuration",
                Exit::Wait => "wait",
                Exit::OutcomeUnknown => "outcome_unknown",
                Exit::Internal => "internal",
                Exit::Transport => "transport",
                Exit::Interrupted => "interrupted",
            },
            "message": for_agents(f.message),
            "ret_code": f.ret_code,
            "action": f.action,
            "request_id": f.request_id,
            "delivery": f.delivery,
            "outcome": outcome,
        }))
    }
}

impl From<runtime::Error> for ToolError {
    fn from(e: runtime::Error) -> ToolError {
        Failure::from(e).into()
    }
}

/// What every tool call shares: the client, the server's flags.
pub struct Session {
    pub(super) service: &'static ServiceInfo,
    pub(super) inflight: std::sync::Arc<super::inflight::Inflight>,
    pub(super) client: Client,
    /// The same without the configured region and zone: for listings of every region
    /// (`Def::across_regions`) asked without a `Region`.
    pub(super) anywhere: Client,
    pub(super) allow_writes: bool,
    pub(super) max_price: Option<Limit>,
    pub(super) deadline: Duration,
    /// Where GPUs are free (for a create refused for want of stock), read through a client
    /// with no place of its own.
    pub(super) search: Option<crate::search::Search>,
    pub(super) placeless: Client,
    /// The clients of the other services whose commands the tool joins, by product: or why
    /// one could not be built (a key not configured), said when one of its tools is called.
    pub(super) others: Vec<(&'static str, Result<Client, Failure>)>,
    /// The previews waiting for their confirmation.
    pub(super) confirmations: super::confirmations::Confirmations,
    /// The writes each price action quotes, by its name: its tool takes their arguments too.
    pub(super) quoting: std::collections::BTreeMap<&'static str, Vec<&'static crate::Def>>,
}

impl Session {
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The client a call of `def` goes through: one that sends no configured place for a
    /// listing of every region whose arguments name no region, as on the command line.
    pub(crate) fn client_for(
        &self,
        def: &crate::Def,
        common: &compshare_runtime::Common,
    ) -> Result<&Client, ToolError> {
        if def.service.product != self.service.product {
            return match self.others.iter().find(|(p, _)| *p == def.service.product) {
                Some((_, Ok(client))) => Ok(client),
                Some((_, Err(f))) => Err(ToolError::from(Failure::new(f.exit, f.message.clone()))),
                None => Err(ToolError::invalid(format!(
                    "no client for {}: the server does not serve it",
                    def.service.product
                ))),
            };
        }
        Ok(if def.across_regions && common.region.is_none() {
            &self.anywhere
        } else {
            &self.client
        })
    }

    /// A secret parameter from the server's environment (`variable`): its value, or, when it
    /// is not set, a placeholder that previews show masked; [`Session::made`] makes the real
    /// one once the call will be sent.
    pub fn secret(&self, variable: &str) -> Result<(String, bool), ToolError> {
        Ok(match crate::ask::secret_variable(variable)? {
            Some(v) => (v, true),
            None => ("(made when sent)".to_owned(), false),
        })
    }

    /// A password made from the OS's randomness for a call about to be sent (returned once,
    /// in that call's answer).
    pub fn made(&self) -> Result<String, ToolError> {
        crate::password::generate()
            .map_err(|e| ToolError(json!({"error": "internal", "message": e})))
    }

    /// Runs a quote, for a preview or for `--max-price`.
    pub async fn quote(
        &self,
        q: &Quote,
        asked: &Asked,
        fetch: impl Future<Output = Result<Answer, ToolError>>,
    ) -> Quoted {
        // A quarter of the call's time; the send that may follow has the rest.
        let got = tokio::time::timeout(self.deadline / 4, fetch).await;
        let price = match got {
            Err(_) => Err("the quote took too long".to_owned()),
            Ok(Err(ToolError(e))) => Err(format!(
                "the quote failed: {}",
                e["message"].as_str().unwrap_or("unknown error")
            )),
            Ok(Ok(answer)) => priced(q, &answer, asked),
        };
        Quoted {
            action: q.action,
            price,
        }
    }

    /// A write without `confirm`: the request it would send, and its quote; nothing sent.
    pub(crate) fn preview(
        &self,
        request: &dyn Prepared,
        sensitive: &[&str],
        quote: Option<&Quoted>,
        prices: Option<Value>,
        token: Option<String>,
        filled: &[(&str, i64)],
    ) -> Reply {
        let request = crate::output::masked_request(request, sensitive);
        let mut doc = json!({"sent": false, "request": request});
        match token {
            Some(token) => {
                doc["confirm_token"] = json!(token);
                doc["expires_in_seconds"] = json!(super::confirmations::VALID_FOR.as_secs());
                doc["note"] = json!(
                    "Nothing was sent. To send exactly this, call again with the same arguments and \"confirm\": this confirm_token."
                );
                if !filled.is_empty() {
                    let add: serde_json::Map<String, Value> = filled
                        .iter()
                        .map(|(w, v)| ((*w).to_owned(), json!(v)))
                        .collect();
                    doc["add_to_confirm"] = Value::Object(add);
                    doc["note"] = json!(
                        "Nothing was sent. Left out, some arguments were filled from the stock (add_to_confirm): to send exactly this, call again with the same arguments plus those, and \"confirm\": this confirm_token."
                    );
                }
            }
            None => {
                doc["note"] = json!(
                    "Nothing was sent, and it cannot be confirmed: its quote failed, so its price is not known. Preview it again."
                );
            }
        }
        if let Some(q) = quote {
            doc["quote"] = q.to_json();
        }
        if let Some(p) = prices {
            doc["prices"] = p;
        }
        Ok(doc)
    }

    /// Before a confirmed write with a quote: holds it to `--max-price`. A quote that
    /// cannot be checked is refused.
    pub fn check_price(&self, quote: &Quoted) -> Result<(), ToolError> {
        let Some(limit) = self.max_price else {
            return Ok(());
        };
        let why = match &quote.price {
            Ok(p) => match limit.check(p) {
                Ok(()) => return Ok(()),
                Err(why) => why,
            },
            Err(why) => format!("the quote cannot be checked: {why}"),
        };
        Err(ToolError(
            json!({"error": "refused", "sent": false, "message": format!("the server's --max-price: {why}; nothing was sent"), "quote": quote.to_json()}),
        ))
    }

    /// With `--max-price`, a confirmed create that no quote prices is refused.
    pub fn unpriced(&self, action: &str) -> Result<(), ToolError> {
        match self.max_price {
            None => Ok(()),
            Some(max) => Err(ToolError(
                json!({"error": "refused", "sent": false, "message": format!("{action} has no price quote, so the server's --max-price {} cannot be checked; nothing was sent", max.yuan)}),
            )),
        }
    }

    /// Sends the call once, under the SDK's delivery rules; a generated secret is returned
    /// with this answer only (or with its error, if the request may have arrived).
    pub(crate) async fn send(
        &self,
        request: &dyn Prepared,
        generated: Option<(String, String)>,
    ) -> Reply {
        let read = compshare_protocol::is_read(request.action());
        // A write on the wire cannot be cancelled unanswered; a read needs no such care.
        if !read && !self.inflight.commit() {
            return Err(ToolError(
                json!({"error": "cancelled", "sent": false, "message": "the call was cancelled before it was sent; nothing was sent"}),
            ));
        }
        let out = match request.send().await {
            Ok(out) => out,
            Err(e) => {
                // Used if the call may have taken effect: an unknown outcome, or a success whose
                // answer could not be read; a RetCode means it did nothing.
                let arrived = match e.delivery() {
                    runtime::Delivery::MaybeSent => true,
                    runtime::Delivery::Received => {
                        matches!(e.kind(), runtime::ErrorKind::Decode(_))
                    }
                    _ => false,
                };
                let mut err = ToolError::from(e);
                if let (true, Some(key)) = (arrived, request.idempotency_key()) {
                    err.0["idempotency_key"] = json!(key);
                    err.0["note"] = json!(
                        "The outcome is unknown: repeat the call with this idempotency_key and the service makes it at most once."
                    );
                }
                if let (true, Some((wire, value))) = (arrived, generated) {
                    err.0["generated"] = json!({wire.as_str(): value, "note": "Generated for this call, which may have taken effect; it is not shown again."});
                }
                return Err(err);
            }
        };
        let output = out.value()?;
        let size = serde_json::to_string(&output).map_or(0, |t| t.len());
        if size > MAX_ANSWER_BYTES && read {
            return Err(ToolError(json!({
                "error": "too_large",
                "sent": true,
                "message": format!("the answer is {size} bytes, more than the {} KiB an answer may hold; narrow the request (or use the command line)", MAX_ANSWER_BYTES >> 10),
            })));
        }
        let mut doc = json!({"sent": true, "output": output});
        if let Some((wire, value)) = generated {
            doc["generated"] = json!({wire.as_str(): value, "note": "Generated for this call; it is not shown again."});
        }
        Ok(doc)
    }

    /// `all: true`: up to `max` items through the paginator, and at most
    /// `MAX_ANSWER_BYTES` (1 MiB) of them, saying when there were more.
    pub(crate) async fn list(&self, mut items: Items, max: usize) -> Reply {
        let mut out = Vec::new();
        let mut bytes = 0;
        let mut cut = None;
        while let Some(item) = items.next().await {
            if out.len() == max {
                cut = Some(format!(
                    "The listing has more than {max} items; raise max_items, or narrow it."
                ));
                break;
            }
            let item = item?;
            bytes += serde_json::to_string(&item).map_or(0, |t| t.len()) + 1;
            if bytes > MAX_ANSWER_BYTES {
                cut = Some(format!(
                    "The items so far fill the {} KiB an answer may hold; narrow the listing (its filters, a smaller max_items) for the rest.",
                    MAX_ANSWER_BYTES >> 10
                ));
                break;
            }
            out.push(item);
        }
        let mut doc =
            json!({"sent": true, "count": out.len(), "truncated": cut.is_some(), "items": out});
        if let Some(note) = cut {
            doc["note"] = json!(note);
        }
        Ok(doc)
    }
}
