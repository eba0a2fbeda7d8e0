//! A tool call's flow, written once for every action: the arguments checked against the
//! action's table and signed once as the request; a write previewed (with its quote) unless
//! confirmed, held to the server's price limit, then that signed request sent.

use compshare_runtime::CallOptions;
use serde_json::{Value, json};

use super::after;
use super::caller::{Answer as Said, Caller};
use super::{Args, Reply, Session, ToolError};
use crate::def::Def;
use crate::quote::{Answer, Asked};
use crate::request;

/// Runs the tool of `def` with `args` for `caller` (who gets a wait's progress, whose human
/// is asked to confirm a write where the client can ask, and whose deadline bounds it all).
/// Boxed: a write its human confirms runs again, confirmed.
pub(super) async fn run(s: &Session, def: &'static Def, args: Args, caller: &Caller) -> Reply {
    Box::pin(run_once(s, def, args, caller)).await
}

async fn run_once(s: &Session, def: &'static Def, mut args: Args, caller: &Caller) -> Reply {
    let given = args.clone();
    let common = args.common(def.common)?;
    let wait = def.wait.is_some() && args.flag("wait")?;
    let token = if def.writes() {
        args.token("confirm")?
    } else {
        None
    };
    let confirm = !def.writes() || token.is_some();
    let listing = match def.pages {
        Some(pages) if args.flag("all")? => Some((pages, args.max_items()?)),
        Some(_) => {
            args.max_items()?;
            None
        }
        None => None,
    };
    let mut req = args.into_map();
    // A price tool takes the arguments of a write it quotes as they are (the create's `CPU`
    // for its `Cpu`), so that an agent asks the price of what it would create; what the
    // price does not depend on is left out.
    for write in s.quoting.get(def.action).into_iter().flatten() {
        let Some(q) = write.quote else { continue };
        let mut theirs_given = false;
        for (price, theirs) in q.params {
            if price != theirs
                && !req.contains_key(*price)
                && let Some(v) = req.remove(*theirs)
            {
                req.insert((*price).to_owned(), v);
                theirs_given = true;
            }
        }
        // Asked in the write's terms, priced with the write's defaults too (its `Postpay`),
        // as its own quote is.
        if theirs_given {
            for (price, theirs) in q.params {
                let default = write
                    .fields
                    .iter()
                    .find(|f| f.wire == *theirs)
                    .and_then(request::default_of);
                if let (false, Some(value)) = (req.contains_key(*price), default) {
                    req.insert((*price).to_owned(), value);
                }
            }
        }
        for f in write.fields {
            if !def.fields.iter().any(|p| p.wire == f.wire) {
                req.remove(f.wire);
            }
        }
    }
    // The tool's own defaults, where the arguments leave them out: what is sent is what the
    // schema shows.
    for f in def.fields {
        if req.get(f.wire).is_none_or(Value::is_null)
            && let Some(value) = request::default_of(f)
        {
            req.insert(f.wire.to_owned(), value);
        }
    }
    request::check(def.fields, &req, "").map_err(ToolError::invalid)?;
    let asked = def
        .quote
        .map(|q| Asked::of(&q.quote, &req))
        .transpose()
        .map_err(ToolError::invalid)?;
    // A secret comes from the server's environment; one it lacks is made only for a call
    // that will be sent (a preview shows it masked).
    let mut generated = None;
    for (wire, variable, _) in def.secrets() {
        let (mut value, given) = s.secret(variable)?;
        if !given && confirm {
            value = s.made()?;
            generated = Some((wire.to_owned(), value.clone()));
        }
        req.insert(wire.to_owned(), Value::String(value));
    }
    let mut options = CallOptions::default();
    options.common = common;
    // A create's stock check, before its preview: what is not in stock is not bought, and
    // what was left out is filled (the preview shows it, and names it: the confirmation
    // gives it).
    let mut filled_now: Vec<(&'static str, i64)> = Vec::new();
    if let Some(c) = def.capacity {
        let mut checking = CallOptions::default();
        checking.common = options.common.clone();
        let check = c
            .run
            .prepare(s.client(), &crate::capacity::asking(c, &req), checking)?;
        let answer = check.send().await?.value()?;
        let filled = match crate::capacity::choose(c, def.fields, &req, &answer, "") {
            Ok(filled) => filled,
            Err(why) => {
                let defaults = s.client().defaults();
                let region = checking_place(&options.common.region, &defaults.region);
                let zone = checking_place(&options.common.zone, &defaults.zone);
                let elsewhere = match (s.search, region, zone) {
                    (Some(search), Some(r), Some(z)) => {
                        search.elsewhere(&s.placeless, (r, z), &req).await
                    }
                    _ => String::new(),
                };
                return Err(ToolError::invalid(format!(
                    "{}: {why} ({}){elsewhere}; nothing was bought",
                    def.action, c.action
                )));
            }
        };
        // A confirmed create buys what was previewed, never what the stock holds now: the
        // values the preview filled must be given.
        if confirm && def.writes() && !filled.is_empty() {
            return Err(ToolError::invalid(format!(
                "{}: {} left out; a confirmed create is not filled from the stock, which may have changed since the preview: give them (the smallest configuration in stock now: {}); nothing was bought",
                def.action,
                filled
                    .iter()
                    .map(|(w, _)| *w)
                    .collect::<Vec<_>>()
                    .join(", "),
                filled
                    .iter()
                    .map(|(w, v)| format!("{w}={v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        for (wire, value) in filled {
            req.insert(wire.to_owned(), Value::from(value));
            filled_now.push((wire, value));
        }
    }
    // What is sent ends within the call's time, after its quote (which has a quarter of the
    // deadline), with time left to answer: a write's answer is never dropped for time.
    let quoting = match (def.writes(), def.quote) {
        (true, Some(_)) => s.deadline / 4,
        _ => std::time::Duration::ZERO,
    };
    // Kept for answering: 2 s, or less of a short deadline (`--deadline 1`).
    let margin = super::caller::ANSWER_MARGIN.min(s.deadline / 8);
    let budget = caller.left().saturating_sub(quoting).saturating_sub(margin);
    // A write is not sent into time it cannot finish in; a read that runs out loses nothing.
    if def.writes() && budget < std::time::Duration::from_secs(1).min(s.deadline / 4) {
        return Err(ToolError(json!({
            "error": "deadline",
            "sent": false,
            "message": format!("{}: the call's deadline left no time to send it; nothing was sent. Call it again.", def.action),
        })));
    }
    options.deadline = Some(
        budget
            .max(std::time::Duration::from_millis(100))
            .min(s.deadline * 3 / 4),
    );
    let client = s.client_for(def, &options.common)?;
    let prepared = def.run.prepare(client, &req, options.clone())?;
    // What a confirmation is bound to: the request as it will be sent (defaults and filled
    // values in, secrets out) and its place.
    let mut shown = req.clone();
    for (wire, _, _) in def.secrets() {
        shown.remove(wire);
    }
    let place = [
        &options.common.region,
        &options.common.zone,
        &options.common.project_id,
    ];
    let bound = json!({"tool": def.action, "request": shown, "place": place}).to_string();
    if def.writes() {
        let quote = match (def.quote, &asked) {
            (Some(q), Some(asked)) => Some(
                s.quote(&q.quote, asked, async {
                    let asking = request::remap(&req, q.params);
                    let mut quoting = CallOptions::default();
                    quoting.common = options.common.clone();
                    let quoted = q.run.prepare(s.client(), &asking, quoting)?;
                    Ok::<_, ToolError>(Answer::of(quoted.send().await?))
                })
                .await,
            ),
            _ => None,
        };
        // A quote that failed binds nothing: no confirmation is issued or taken on it.
        if let Some(q) = quote.as_ref().filter(|q| q.price_terms().is_none())
            && token.is_some()
        {
            return Err(ToolError(json!({
                "error": "not_confirmed",
                "sent": false,
                "message": format!("{}: its quote failed, so its price is not known; nothing was sent. Preview it again.", def.action),
                "quote": q.to_json(),
            })));
        }
        let terms = quote.as_ref().and_then(|q| q.price_terms());
        let Some(token) = token else {
            // The prices as the service lists them, in no shape read here: informing, never
            // failing, the preview.
            let prices = match def.prices {
                Some(p) => Some(
                    p.read_plain(client)
                        .await
                        .unwrap_or_else(|f| json!({"error": f.message})),
                ),
                None => None,
            };
            // No price known: nothing to confirm (the preview says why).
            let token = match (&quote, &terms) {
                (Some(_), None) => None,
                _ => Some(s.confirmations.issue(def.action, bound, terms)?),
            };
            let asking = token.clone().filter(|_| caller.can_ask());
            let preview = s.preview(
                &*prepared,
                def.service.sensitive,
                quote.as_ref(),
                prices,
                token,
                &filled_now,
            )?;
            // A client that can ask its human does, with what the preview shows: accepted,
            // the call goes on as confirmed by the preview's own token (held to the same
            // request and quote); the agent never holds that token.
            let Some(token) = asking else {
                return Ok(preview);
            };
            // Nobody is asked to accept what the server's limits would refuse.
            if let Err(refused) = within_limits(s, def, quote.as_ref()) {
                s.confirmations.withdraw(&token);
                return Err(refused);
            }
            let question = question(def, &shown, place, quote.as_ref());
            let said = caller.ask(question, s.deadline / 2).await;
            // Only "yes" sends; whatever else, the token is no one's.
            let not_sent = |error: &str, why: String| {
                s.confirmations.withdraw(&token);
                Err(ToolError(json!({
                    "error": error,
                    "sent": false,
                    "message": format!("{}: {why}; nothing was sent", def.action),
                })))
            };
            return match said {
                Said::Yes => {
                    let mut confirmed = given;
                    for (wire, value) in &filled_now {
                        confirmed.set(wire, json!(value));
                    }
                    confirmed.set("confirm", json!(token));
                    let mut reply = run(s, def, confirmed, caller).await;
                    let (Ok(doc) | Err(ToolError(doc))) = &mut reply;
                    doc["asked"] = json!("the user accepted it when asked");
                    reply
                }
                Said::No => not_sent("declined", "the user declined it when asked".to_owned()),
                Said::None(why) => not_sent(
                    "not_confirmed",
                    format!("the user was asked but no answer came ({why})"),
                ),
            };
        };
        s.confirmations
            .redeem(&token, def.action, &bound, terms.as_ref())?;
        within_limits(s, def, quote.as_ref())?;
    }
    if let Some((pages, max)) = listing {
        return s.list(pages.items(client, &req, options)?, max).await;
    }
    let doc = s.send(&*prepared, generated).await?;
    if !def.writes() {
        return Ok(doc);
    }
    let common = &options.common;
    Ok(after::written(s, def, &req, common, doc, wait, caller).await)
}

/// The server's price limit (`--max-price`) on a write: its quote, or its cost unquoted.
fn within_limits(
    s: &Session,
    def: &Def,
    quote: Option<&super::session::Quoted>,
) -> Result<(), ToolError> {
    match quote {
        Some(q) => s.check_price(q),
        None if def.costs => s.unpriced(def.action),
        None => Ok(()),
    }
}

/// The call's own region or zone, else the server's.
fn checking_place<'a>(own: &'a Option<String>, configured: &'a Option<String>) -> Option<&'a str> {
    own.as_deref().or(configured.as_deref())
}

/// What the human is asked: the action, where, what it sends (secrets left out) and its
/// price.
fn question(
    def: &Def,
    request: &serde_json::Map<String, Value>,
    place: [&Option<String>; 3],
    quote: Option<&super::session::Quoted>,
) -> String {
    let at: Vec<&str> = place.iter().filter_map(|p| p.as_deref()).collect();
    let mut text = format!("An agent asks to send {}", def.action);
    if !at.is_empty() {
        text += &format!(" in {}", at.join(" / "));
    }
    text += &format!(": {}.", def.about);
    let args: Vec<String> = request.iter().map(|(k, v)| format!("{k}={v}")).collect();
    if !args.is_empty() {
        text += &format!("\nArguments: {}.", args.join(", "));
    }
    if let Some(q) = quote {
        text += &format!("\nPrice: {}.", q.said());
    } else if def.costs {
        text += "\nIt costs money; no price quote is known for it.";
    }
    text += "\nSend it? Accept with \"Send it\" checked sends exactly this; anything else sends nothing.";
    text
}
