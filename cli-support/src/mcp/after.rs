//! What an agent learns once a write is sent: its outcome in a sentence, what to check and
//! how (the waiter's poll with the ids, the state and the values that end it), and with
//! `wait: true` the wait itself, within the call's deadline, reported to a client that gave a
//! progress token as progress notifications.

use std::future::Future;
use std::time::{Duration, Instant};

use compshare_runtime::{Common, Wait};
use serde_json::{Map, Value, json};

use super::Session;
use super::caller::Caller;
use crate::def::{Def, Ids, WaitDef};

/// How often a waiting call reports: often enough that a client resetting its timeout on
/// progress keeps waiting, rarely enough not to flood it.
pub(super) const PROGRESS_EVERY: Duration = Duration::from_secs(5);

/// Runs `work`, reporting every [`PROGRESS_EVERY`] the seconds since `since` and `what`.
async fn reporting<F: Future>(caller: &Caller, since: Instant, what: &str, work: F) -> F::Output {
    if !caller.wants_progress() {
        return work.await;
    }
    let p = caller;
    tokio::pin!(work);
    let mut ticks = tokio::time::interval(PROGRESS_EVERY);
    ticks.tick().await;
    loop {
        tokio::select! {
            out = &mut work => return out,
            _ = ticks.tick() => {
                let secs = since.elapsed().as_secs_f64().round();
                p.report(secs, format!("{what}: {secs} s")).await;
            }
        }
    }
}

/// A write's answer `doc` (`sent`, `output`) with its `outcome`, its `check` where the spec
/// says what to check, and with `wait` the wait's end (`waited`), within `caller`'s time.
/// The write is done whatever the wait does: its answer is never an error for it.
pub(super) async fn written(
    s: &Session,
    def: &Def,
    request: &Map<String, Value>,
    common: &Common,
    mut doc: Value,
    wait: bool,
    caller: &Caller,
) -> Value {
    let started = Instant::now();
    let Some(after) = def.wait else {
        doc["outcome"] = json!(format!(
            "{} was sent and the service accepted it; what it answered is in output.",
            def.action
        ));
        return doc;
    };
    let w = after.waiter;
    let ids = match after.ids {
        Ids::Response(wire) => crate::run::strings(doc["output"].get(wire)),
        Ids::Request(wire) => crate::run::strings(request.get(wire)),
    };
    let done = describe_states(w);
    if ids.is_empty() {
        doc["outcome"] = json!(format!(
            "{} was sent and the service accepted it, but its answer names nothing to check ({}).",
            def.action, w.waiter
        ));
        return doc;
    }
    doc["check"] = check(w, &ids, common);
    if !wait {
        doc["outcome"] = json!(format!(
            "{} was sent and the service accepted it; it is done when {done}: call {} as `check` says (or call this tool with \"wait\": true).",
            def.action, w.poll.action
        ));
        return doc;
    }
    // The poll finds it where the call made it: the waiter polls with the server's place,
    // so a call naming its own is waited for only where the poll lists every region.
    let own_place = common.region.is_some() || common.zone.is_some();
    let client = if common.project_id.is_some() {
        Err("the call named its own ProjectId, which the wait does not poll")
    } else if own_place && w.poll.across_regions {
        Ok(&s.anywhere)
    } else if own_place {
        Err("the call named its own Region or Zone, where the wait does not poll")
    } else {
        s.client_for(w.poll, common)
            .map_err(|_| "no client for the waiter's service")
    };
    let client = match client {
        Ok(c) => c,
        Err(why) => return not_waited(doc, def, &done, why),
    };
    let mut polled = Vec::new();
    for id in &ids {
        let left = caller.left().saturating_sub(super::caller::ANSWER_MARGIN);
        if left < Duration::from_secs(1) {
            return not_waited(doc, def, &done, "the call's deadline left no time to wait");
        }
        let poll = crate::run::poll_request(w, id);
        let what = format!("waiting for {id} ({})", w.waiter);
        match reporting(
            caller,
            started,
            &what,
            (w.run)(client, poll, Wait::new(left)),
        )
        .await
        {
            // A listing's item (an instance as it is now), or a task's whole answer.
            Ok(last) => polled.push(
                crate::run::item_of(w.poll, &last, id)
                    .cloned()
                    .unwrap_or(last),
            ),
            Err(f) => {
                doc["waited"] = json!({"done": false, "id": id, "error": f.message});
                doc["outcome"] = json!(format!(
                    "{} was sent and the service accepted it, but waiting for {id} ended: {}. It is done when {done}: check as `check` says.",
                    def.action, f.message
                ));
                return doc;
            }
        }
    }
    doc["waited"] = json!({"done": true, "last": polled});
    doc["outcome"] = json!(format!(
        "{} was sent, the service accepted it, and {done} now (waited {} s); `waited.last` holds what the last poll said.",
        def.action,
        started.elapsed().as_secs()
    ));
    doc
}

fn not_waited(mut doc: Value, def: &Def, done: &str, why: &str) -> Value {
    doc["waited"] = json!({"done": false, "error": why});
    doc["outcome"] = json!(format!(
        "{} was sent and the service accepted it; not waited for ({why}). It is done when {done}: check as `check` says.",
        def.action
    ));
    doc
}

/// What to call to see whether it is done: the waiter's poll, its arguments naming the ids
/// (and the call's own place), the state's path in the answer and its values.
fn check(w: &WaitDef, ids: &[String], common: &Common) -> Value {
    let mut arguments = Map::new();
    let named = if w.id_many {
        json!(ids)
    } else {
        json!(ids.first())
    };
    arguments.insert(w.id.to_owned(), named);
    for (key, value) in [
        ("Region", &common.region),
        ("Zone", &common.zone),
        ("ProjectId", &common.project_id),
    ] {
        if let Some(v) = value {
            arguments.insert(key.to_owned(), json!(v));
        }
    }
    json!({
        "tool": w.poll.action,
        "arguments": arguments,
        "state": w.state,
        "done_when": w.success,
        "failed_when": w.failure,
    })
}

/// `UHostSet[UHostId].State is Running`, or one of several.
fn describe_states(w: &WaitDef) -> String {
    match w.success {
        [one] => format!("{} is {one}", w.state),
        many => format!("{} is one of {}", w.state, many.join(", ")),
    }
}
