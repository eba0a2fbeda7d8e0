//! One command, several ids (`instance stop uhost-a uhost-b`): asked once for all of them,
//! then sent for each in turn, each where it is. The answer is one document with each id's
//! result; if any failed, the command fails (with the first failure's exit code) and its
//! error carries that document.

use clap::ArgMatches;
use compshare_runtime::CallOptions;
use serde_json::{Map, Value, json};

use crate::def::Def;
use crate::{Cx, Failure, output};

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
            shown.push(output::masked_request(&*prepared, cx.service.sensitive));
        }
        return output::json_doc(&Value::Array(shown));
    }
    if let Some(why) = def.confirm {
        cx.can_confirm(m, def.action, why)?;
        let resource = def.targets.iter().find(|r| r.id == wire);
        let targets: Vec<(&crate::Resource, &str)> = resource
            .map(|r| ids.iter().map(|id| (*r, id.as_str())).collect())
            .unwrap_or_default();
        cx.confirm(m, def.action, why, None, &targets).await?;
    }
    let mut results = Vec::new();
    let mut failed: Vec<(String, Failure)> = Vec::new();
    for id in &ids {
        match one(cx, def, &of(id)).await {
            Ok(output) => results.push(json!({"id": id, "ok": true, "output": output})),
            Err(f) => {
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
    let Some((id, first)) = failed.first() else {
        return output::json_doc(&doc);
    };
    let mut f = Failure::new(
        first.exit,
        format!(
            "{}: {} of {} failed; {id}: {}",
            def.action,
            failed.len(),
            ids.len(),
            first.message
        ),
    );
    f.action = Some(def.action.to_owned());
    f.answer = Some(Box::new(doc));
    Err(f)
}

/// One id: found where it is (if no place is configured), signed, sent.
async fn one(cx: &Cx, def: &Def, request: &Map<String, Value>) -> Result<Value, Failure> {
    let mut options = CallOptions::default();
    if let Some((region, zone)) = cx.find(def, request).await? {
        options.common.region = region;
        options.common.zone = zone;
    }
    let prepared = def.run.prepare(cx.client()?, request, options)?;
    let sent = cx.sending(def.action, prepared.send()).await?;
    sent.value()
}
