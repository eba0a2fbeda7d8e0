//! The command line's flow, written once for every action: the flags read once into the
//! request object, which is signed once; then the dry run, the confirmation and its quote,
//! the send of that signed request, and the answer printed, saved or waited on.

use clap::ArgMatches;
use compshare_runtime::CallOptions;
use serde_json::{Map, Value};

use crate::def::{Def, Ids, WaitDef};
use crate::typed::Output;
use crate::{Cx, Failure, args, output, request};

/// Runs the command of `def` with the flags `m`.
pub(crate) async fn command(cx: &Cx, m: &ArgMatches, def: &'static Def) -> Result<(), Failure> {
    if def.wait.is_some() {
        // Checked before anything is sent: a create must not go out to fail on this.
        args::wait_timeout(m)?;
    }
    let mut request = request::from_flags(cx, m, def.fields)?;
    if let Some(wire) = def.ids {
        let ids = args::texts(m, "ids").unwrap_or_default();
        match ids.as_slice() {
            [] => {}
            _ if request.contains_key(wire) => {
                return Err(Failure::usage(format!(
                    "give the {wire} to act on once: as an argument or with its flag"
                )));
            }
            [one] => {
                request.insert(wire.to_owned(), Value::String(one.clone()));
            }
            _ => return crate::each::command(cx, m, def, request, wire, ids).await,
        }
        let required = def.fields.iter().any(|f| f.wire == wire && f.required);
        if required && !request.contains_key(wire) {
            return Err(Failure::usage(format!(
                "the {wire} to act on is required: give it as an argument (several: each in turn) or with its flag"
            )));
        }
    }
    // Made before the request is signed, shown only once it is sure to be sent.
    let made = cx.make_secrets(def, &mut request)?;
    // Before the client is built: the place found is its region and zone.
    cx.locate(def, &request).await?;
    let prepared = def
        .run
        .prepare(cx.client()?, &request, CallOptions::default())?;
    if cx.dry_run {
        return output::json_doc(&output::masked_request(&*prepared, cx.service.sensitive));
    }
    if let Some(why) = def.confirm {
        cx.can_confirm(m, def.action, why)?;
    }
    let quote = match def.quote {
        Some(q) => cx.quote(m, q, &request).await?,
        None => None,
    };
    if let Some(why) = def.confirm {
        let targets: Vec<(&crate::Resource, &str)> = def
            .targets
            .iter()
            .filter_map(|r| Some((*r, request.get(r.id)?.as_str()?)))
            .collect();
        cx.confirm(m, def.action, why, quote.as_ref(), &targets)
            .await?;
    }
    cx.show_made(&made);
    if let Some(pages) = def.pages.filter(|_| args::all(m)) {
        let items = pages.items(cx.client()?, &request, CallOptions::default())?;
        return cx.stream(items, def.columns).await;
    }
    let sent = cx.sending(def.action, prepared.send()).await?;
    if let Some(after) = def.wait.filter(|_| args::waits(m)) {
        let answer = sent.value()?;
        let ids = match after.ids {
            Ids::Response(wire) => strings(answer.get(wire)),
            Ids::Request(wire) => strings(request.get(wire)),
        };
        return cx.wait_then_print(m, &answer, after.waiter, ids).await;
    }
    match sent.output {
        Output::File(file) => cx.save(m, &file),
        Output::Json(answer) => cx.print(&answer, def.items, def.columns),
        Output::Unshowable(why) => Err(crate::typed::unshowable(why)),
    }
}

/// `wait <waiter>`: the polled action's flags, then the waiter until its state.
pub(crate) async fn wait(cx: &Cx, m: &ArgMatches, w: &'static WaitDef) -> Result<(), Failure> {
    cx.no_dry_run("wait")?;
    args::wait_timeout(m)?;
    let request = request::from_flags(cx, m, w.poll.fields)?;
    let client = cx.client()?;
    let out = cx
        .wait(m, w.name, "", |wait| (w.run)(client, request, wait))
        .await?;
    cx.print(&out, None, &[])
}

/// The polled action's request naming one id.
pub(crate) fn poll_request(w: &WaitDef, id: &str) -> Map<String, Value> {
    let id = Value::String(id.to_owned());
    let value = if w.id_many {
        Value::Array(vec![id])
    } else {
        id
    };
    Map::from_iter([(w.id.to_owned(), value)])
}

/// The ids a value holds: one text, or a list of texts.
fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}
