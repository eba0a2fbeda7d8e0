//! One command, several ids (`instance stop uhost-a uhost-b`): each found where it is first
//! (one found nowhere: refused, nothing done), asked once for all of them, then sent for each
//! in turn. The answer is one document with each id's result; if any failed, the command fails
//! and its error carries that document, with the exit code of the worst failure (an unknown
//! outcome first). An interrupt stops the loop: the id on the wire may have been acted on,
//! the ones after it were not sent.

use clap::ArgMatches;
use compshare_runtime::CallOptions;
use serde_json::{Map, Value, json};

use crate::def::Def;
use crate::{Cx, Exit, Failure, output};

/// An id's place: the region and zone the configuration leaves out, as found.
type Place = Option<(Option<String>, Option<String>)>;

/// Runs `def` for each of `ids`, set as `wire` in `request`.
pub(crate) async fn command(
    cx: &Cx,
    m: &ArgMatches,
    def: &'static Def,
    request: Map<String, Value>,
    wire: &'static str,
    ids: Vec<String>,
) -> Result<(), Failure> {
    if crate::args::waits(m) {
        return Err(Failure::usage(
            "--wait follows one id: give one, or wait for each with `wait`",
        ));
    }
    let of = |id: &str| {
        let mut r = request.clone();
        r.insert(wire.to_owned(), Value::String(id.to_owned()));
        r
    };
    if cx.dry_run {
        let mut shown = Vec::new();
        for id in &ids {
            let prepared = def
                .run
                .prepare(cx.client()?, &of(id), CallOptions::default())?;
            shown.push(output::masked_request(&*prepared, cx.service().sensitive));
        }
        return cx.dry_run_doc(Value::Array(shown));
    }
    if let Some(why) = def.confirm {
        // Refused before any lookup when nobody can answer the question.
        cx.can_confirm(m, def.action, why)?;
    }
    let mut places: Vec<Place> = Vec::with_capacity(ids.len());
    for id in &ids {
        let asked = of(id);
        let found = tokio::select! {
            biased;
            _ = tokio::signal::ctrl_c() => {
                return Err(Failure::new(Exit::Interrupted, "interrupted while finding the ids; nothing was sent"));
            }
            found = cx.find(def, &asked) => found?,
        };
        places.push(found);
    }
    if let Some(why) = def.confirm {
        let resource = def.targets.iter().find(|r| r.id == wire);
        let targets: Vec<(&crate::Resource, &str)> = resource
            .map(|r| ids.iter().map(|id| (*r, id.as_str())).collect())
            .unwrap_or_default();
        cx.remember_places(&ids, &places);
        cx.confirm(m, def.action, why, None, &targets, def.prices)
            .await?;
    }
    let interrupt = tokio::signal::ctrl_c();
    tokio::pin!(interrupt);
    let mut results = Vec::new();
    let mut failed: Vec<(String, Failure)> = Vec::new();
    let mut stopped = false;
    for (id, place) in ids.iter().zip(&places) {
        if stopped {
            results.push(json!({"id": id, "ok": false, "error": {"message": "not sent: interrupted before it", "delivery": "not_sent"}}));
            continue;
        }
        let asked = of(id);
        let result = tokio::select! {
            biased;
            _ = &mut interrupt => {
                stopped = true;
                let mut f = Failure::new(
                    Exit::OutcomeUnknown,
                    format!("interrupted: {} of {id} may have reached the server; check before repeating it", def.action),
                );
                f.delivery = Some("maybe_sent");
                Err(f)
            }
            r = one(cx, def, &asked, place.clone()) => r,
        };
        match result {
            Ok(output) => results.push(json!({"id": id, "ok": true, "output": output})),
            Err(f) => {
                stopped |= matches!(f.exit, Exit::OutcomeUnknown | Exit::Interrupted);
                results.push(json!({"id": id, "ok": false, "error": {
                    "message": f.message,
                    "exit_code": f.exit as u8,
                    "delivery": f.delivery,
                    "ret_code": f.ret_code,
                }}));
                failed.push((id.clone(), f));
            }
        }
    }
    let doc = json!({"action": def.action, "results": results});
    // The worst first: an outcome nobody knows, then an interrupt, then the first failure.
    let rank = |f: &Failure| match f.exit {
        Exit::OutcomeUnknown => 0,
        Exit::Interrupted => 1,
        _ => 2,
    };
    let Some((id, worst)) = failed.iter().min_by_key(|(_, f)| rank(f)) else {
        const COLUMNS: &[crate::Column] = &[crate::Column::field("id"), crate::Column::field("ok")];
        return cx.print(&doc, Some("results"), COLUMNS);
    };
    let mut f = Failure::new(
        worst.exit,
        format!(
            "{}: {} of {} failed; {id}: {}",
            def.action,
            failed.len(),
            ids.len(),
            worst.message
        ),
    );
    f.action = Some(def.action.to_owned());
    f.delivery = worst.delivery;
    f.answer = Some(Box::new(doc));
    Err(f)
}

/// One id, where it was found: signed and sent.
async fn one(
    cx: &Cx,
    def: &Def,
    request: &Map<String, Value>,
    place: Place,
) -> Result<Value, Failure> {
    let mut options = CallOptions::default();
    if let Some((region, zone)) = place {
        options.common.region = region;
        options.common.zone = zone;
    }
    let prepared = def.run.prepare(cx.client()?, request, options)?;
    let sent = cx.sending(def.action, prepared.send()).await?;
    sent.value()
}
