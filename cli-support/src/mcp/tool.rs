//! A tool call's flow, written once for every action: the arguments checked against the
//! action's table and signed once as the request; a write previewed (with its quote) unless
//! confirmed, held to the server's price limit, then that signed request sent.

use compshare_runtime::CallOptions;
use serde_json::{Value, json};

use super::after::{self, Progress};
use super::{Args, Reply, Session, ToolError};
use crate::def::Def;
use crate::quote::{Answer, Asked};
use crate::request;

/// Runs the tool of `def` with `args`, reporting a wait's progress to `progress`.
pub(super) async fn run(
    s: &Session,
    def: &'static Def,
    mut args: Args,
    progress: Option<&Progress>,
) -> Reply {
    let started = std::time::Instant::now();
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
    options.deadline = Some(s.deadline * 3 / 4);
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
    let client = s.client_for(def, &options.common)?;
    let prepared = def.run.prepare(client, &req, options.clone())?;
    // What a confirmation is bound to: the request as it will be sent (defaults and filled
    // values in, secrets out) and its place.
    let bound = {
        let mut shown = req.clone();
        for (wire, _, _) in def.secrets() {
            shown.remove(wire);
        }
        json!({"tool": def.action, "request": shown, "place": [&options.common.region, &options.common.zone, &options.common.project_id]}).to_string()
    };
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
            return s.preview(
                &*prepared,
                def.service.sensitive,
                quote.as_ref(),
                prices,
                token,
                &filled_now,
            );
        };
        s.confirmations
            .redeem(&token, def.action, &bound, terms.as_ref())?;
        match &quote {
            Some(q) => s.check_price(q)?,
            None if def.costs => s.unpriced(def.action)?,
            None => {}
        }
    }
    if let Some((pages, max)) = listing {
        return s.list(pages.items(client, &req, options)?, max).await;
    }
    let doc = s.send(&*prepared, generated).await?;
    if !def.writes() {
        return Ok(doc);
    }
    let common = &options.common;
    let waiting = after::Waiting {
        asked: wait,
        progress,
        started,
    };
    Ok(after::written(s, def, &req, common, doc, waiting).await)
}

/// The call's own region or zone, else the server's.
fn checking_place<'a>(own: &'a Option<String>, configured: &'a Option<String>) -> Option<&'a str> {
    own.as_deref().or(configured.as_deref())
}
