//! The command line's flow, written once for every action: the flags read once into the
//! request object, which is signed once; then the dry run, the confirmation and its quote,
//! the send of that signed request, and the answer printed, saved or waited on.

use clap::ArgMatches;
use compshare_runtime::CallOptions;
use serde_json::{Map, Value};

use crate::def::{Def, Ids, WaitDef};
use crate::typed::Output;
use std::io::IsTerminal;

use crate::{Cx, Failure, args, output, request};

/// Runs the command of `def` with the flags `m`.
pub(crate) async fn command(cx: &Cx, m: &ArgMatches, def: &'static Def) -> Result<(), Failure> {
    // Before the client is built: a listing of every region sends no configured place.
    cx.across_regions.set(def.across_regions);
    let filters = filters_of(m, def);
    if def.wait.is_some() {
        // Checked before anything is sent: a create must not go out to fail on this.
        args::wait_timeout(m)?;
    }
    let output_file = match def.download_path() {
        Some(_) => crate::transfer::target(m)?,
        None => None,
    };
    if output_file.is_some() && def.download.is_none() && !args::waits(m) {
        return Err(Failure::usage(
            "--output-file downloads what was made once it is done: add --wait",
        ));
    }
    let mut request = request::from_flags(cx, m, def.fields)?;
    request::shorthands(m, def, &mut request)?;
    if let Some(wire) = def.ids {
        let ids = args::texts(m, "ids").unwrap_or_default();
        let list = def.fields.iter().any(|f| f.wire == wire && f.many);
        match ids.as_slice() {
            [] => {}
            _ if request.contains_key(wire) => {
                return Err(Failure::usage(format!(
                    "give the {wire} to act on once: as an argument or with its flag"
                )));
            }
            // A list parameter takes them all, in one request.
            _ if list => {
                let all = ids.iter().cloned().map(Value::String).collect();
                request.insert(wire.to_owned(), Value::Array(all));
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
    if cx.dry_run {
        // The stock check that fills what was left out is a request: a dry run sends none.
        let unfilled: Vec<String> = def
            .capacity
            .iter()
            .flat_map(|c| c.fill.iter())
            .filter(|(p, _, _, fills)| *fills && !request.contains_key(*p))
            .filter_map(|(p, ..)| def.fields.iter().find(|f| f.wire == *p))
            .map(|f| format!("--{}", f.flag))
            .collect();
        if !unfilled.is_empty() {
            return Err(Failure::usage(format!(
                "{} come from the stock check, which a dry run does not send: give them to see the request",
                unfilled.join(" and ")
            )));
        }
        let prepared = def
            .run
            .prepare(cx.client()?, &request, CallOptions::default())?;
        return cx.dry_run_doc(output::masked_request(&*prepared, cx.service().sensitive));
    }
    if let Some(why) = def.confirm {
        cx.can_confirm(m, def.action, why)?;
    }
    let quoting = def.quote.map(|q| cx.quoting(m, q, &request)).transpose()?;
    // Before the quote and the question: what is not in stock is not bought.
    cx.check_capacity(def, &mut request).await?;
    let prepared = def
        .run
        .prepare(cx.client()?, &request, CallOptions::default())?;
    let quote = match (def.quote, quoting) {
        (Some(q), Some(quoting)) => cx.quote(q, &request, quoting).await?,
        _ => None,
    };
    if let Some(why) = def.confirm {
        let targets: Vec<(&crate::Resource, &str)> = def
            .targets
            .iter()
            .filter_map(|r| Some((*r, request.get(r.id)?.as_str()?)))
            .collect();
        cx.confirm(m, def.action, why, quote.as_ref(), &targets, def.prices)
            .await?;
    }
    cx.show_made(&made);
    if let Some(pages) = def.pages.filter(|_| args::all(m)) {
        use compshare_runtime::StreamExt;
        let items = pages.items(cx.client()?, &request, CallOptions::default())?;
        let kept = items.filter(move |item| {
            std::future::ready(item.as_ref().map_or(true, |v| passes(v, &filters)))
        });
        return cx.stream(Box::pin(kept), def.columns).await;
    }
    // Filters look through every page (one page may hold none of what is looked for): the
    // items kept, as one answer.
    if let (Some(pages), Some(wire), false) = (def.pages, def.items, filters.is_empty()) {
        use compshare_runtime::StreamExt;
        let mut items = pages.items(cx.client()?, &request, CallOptions::default())?;
        let mut kept = Vec::new();
        while let Some(item) = items.next().await {
            let item = item?;
            if passes(&item, &filters) {
                kept.push(item);
            }
        }
        let doc = Value::Object(Map::from_iter([(wire.to_owned(), Value::Array(kept))]));
        return cx.print(&doc, def.items, def.columns);
    }
    let sent = cx
        .sending(def.action, prepared.send())
        .await
        .map_err(|f| with_idempotency_key(f, def, prepared.idempotency_key()))?;
    if let Some(after) = def.wait.filter(|_| args::waits(m)) {
        let answer = sent.value()?;
        let ids = match after.ids {
            Ids::Response(wire) => strings(answer.get(wire)),
            Ids::Request(wire) => strings(request.get(wire)),
        };
        return cx
            .wait_then_print(m, &answer, after.waiter, ids, output_file.as_deref())
            .await;
    }
    match sent.output {
        Output::File(file) => cx.save(m, &file),
        Output::Json(mut answer) => {
            if let Some(Value::Array(items)) = def.items.and_then(|i| answer.get_mut(i)) {
                items.retain(|v| passes(v, &filters));
            }
            if cx.format == output::Format::Table && !def.keys.is_empty() && !cx.querying() {
                return map_table(cx, def, &answer).await;
            }
            if let (Some(path), Some(to)) = (def.download, &output_file) {
                crate::transfer::download(cx, &answer, path, to).await?;
            }
            cx.print(&answer, def.items, def.columns)
        }
        Output::Unshowable(why) => Err(crate::typed::unshowable(why)),
    }
}

/// A failed create whose outcome is unknown, with the idempotency key it was sent with:
/// repeated with that key, it is the same create, made at most once. (One the service
/// refused made nothing: no hint.)
fn with_idempotency_key(mut f: Failure, def: &Def, key: Option<&str>) -> Failure {
    let Some(key) = key.filter(|_| f.delivery == Some("maybe_sent")) else {
        return f;
    };
    let flag = def
        .fields
        .iter()
        .find(|x| {
            x.wire
                .replace('_', "-")
                .eq_ignore_ascii_case("idempotency-key")
        })
        .map_or_else(String::new, |x| format!(" (--{} {key})", x.flag));
    f.message = format!(
        "{}; it was sent with idempotency key {key}: repeat it with that key{flag} and the service makes it at most once",
        f.message
    );
    f
}

/// An answer's map (of maps) as a table: a row per value, its keys in the key columns; zone
/// ids shown by the zone's name where the spec says a column holds them.
async fn map_table(cx: &Cx, def: &Def, answer: &Value) -> Result<(), Failure> {
    let mut rows = map_rows(def, answer);
    if let Some(column) = def.zone_names {
        match cx.zone_names().await {
            Ok(names) => {
                for row in &mut rows {
                    if let Some(name) = row[column].as_str().and_then(|id| names.get(id)) {
                        row[column] = Value::String(name.clone());
                    }
                }
            }
            Err(f) => crate::terminal::say(&format!(
                "warning: zones shown by id: their names could not be listed: {}",
                f.message
            )),
        }
    }
    output::column_table(&rows, def.columns)
}

/// An answer's map (of maps) as rows: a row per value, under the key columns' names
/// (outermost first) and the last column's, which holds the value.
pub(crate) fn map_rows(def: &Def, answer: &Value) -> Vec<Value> {
    fn flatten(
        v: &Value,
        keys: &[&str],
        value: &str,
        path: &mut Vec<String>,
        out: &mut Vec<Value>,
    ) {
        match (v, keys.get(path.len())) {
            (Value::Object(map), Some(_)) => {
                for (k, inner) in map {
                    path.push(k.clone());
                    flatten(inner, keys, value, path, out);
                    path.pop();
                }
            }
            (leaf, _) => {
                let mut row: Map<String, Value> = keys
                    .iter()
                    .zip(path.iter())
                    .map(|(k, p)| ((*k).to_owned(), Value::String(p.clone())))
                    .collect();
                row.insert(value.to_owned(), leaf.clone());
                out.push(Value::Object(row));
            }
        }
    }
    let value = def.columns.last().map_or("Value", |c| c.header);
    let mut rows = Vec::new();
    if let Some(map) = def.items.and_then(|i| answer.get(i)) {
        flatten(map, def.keys, value, &mut Vec::new(), &mut rows);
    }
    rows
}

/// The filters given on the command line: (the items' field, the text it must contain,
/// lowercased).
fn filters_of(m: &ArgMatches, def: &Def) -> Vec<(&'static str, String)> {
    def.filters
        .iter()
        .filter_map(|(flag, field)| Some((*field, args::text(m, flag)?.to_lowercase())))
        .collect()
}

/// Whether an item passes every filter: its field's text contains the value, case aside.
fn passes(item: &Value, filters: &[(&str, String)]) -> bool {
    filters.iter().all(|(field, want)| {
        let text = match item.get(*field) {
            Some(Value::String(s)) => s.to_lowercase(),
            Some(Value::Null) | None => return false,
            Some(other) => other.to_string().to_lowercase(),
        };
        text.contains(want.as_str())
    })
}

/// A listing's `show`: the item of one id, as its card on a terminal (`--output table`), or
/// the item itself (JSON, YAML). Its secrets only with `--show-sensitive`.
pub(crate) async fn show(cx: &Cx, m: &ArgMatches, def: &'static Def) -> Result<(), Failure> {
    let Some(show) = def.show else {
        return Err(Failure::no_command());
    };
    // Found wherever it is, as its listing lists every region.
    cx.across_regions.set(def.across_regions);
    let id = args::text(m, "id").unwrap_or_default();
    let one = Value::String(id.clone());
    let value = if show.ids_many {
        Value::Array(vec![one])
    } else {
        one
    };
    let request = Map::from_iter([(show.ids.to_owned(), value)]);
    let prepared = def
        .run
        .prepare(cx.client()?, &request, CallOptions::default())?;
    if cx.dry_run {
        return cx.dry_run_doc(output::masked_request(&*prepared, cx.service().sensitive));
    }
    let reveal = !show.secrets.is_empty() && m.get_flag("show-sensitive");
    if reveal {
        crate::typed::reveal_secrets();
    }
    let answer = cx.sending(def.action, prepared.send()).await?.value()?;
    let Some(item) = item_of(def, &answer, &id) else {
        let region = cx.client()?.defaults().region.clone();
        let place = match region {
            Some(r) => format!(" in {r} (give --region if it is elsewhere)"),
            None => " in any region".to_owned(),
        };
        let mut f = Failure::new(
            crate::Exit::Api,
            format!("{id}: no such {} is listed{place}", show.id_field),
        );
        f.action = Some(def.action.to_owned());
        f.delivery = Some("received");
        return Err(f);
    };
    // A card for a person at a terminal, unless an output was asked for.
    let person = !cx.output_asked && std::io::stdout().is_terminal();
    if cx.format != output::Format::Table && !person {
        return cx.print(item, None, &[]);
    }
    let secrets: Vec<(&str, String)> = show
        .secrets
        .iter()
        .filter(|_| reveal)
        .filter_map(|s| Some((*s, shown_secret(item.get(*s)?.as_str()?))))
        .collect();
    output::card(item, def.card, &secrets)
}

/// A secret as the API sends it; one sent in Base64 (an instance's password) decoded too.
fn shown_secret(value: &str) -> String {
    match decode_base64(value) {
        Some(plain) => format!("{plain} (the API sends it in Base64: {value})"),
        None => value.to_owned(),
    }
}

/// Standard Base64 that decodes to printable text, or none.
fn decode_base64(text: &str) -> Option<String> {
    let digits: Vec<u8> = text.trim_end_matches('=').bytes().collect();
    if digits.is_empty() || !text.len().is_multiple_of(4) {
        return None;
    }
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut bytes = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in digits {
        acc = (acc << 6) | u32::from(value(c)?);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((acc >> bits) as u8);
        }
    }
    let plain = String::from_utf8(bytes).ok()?;
    (!plain.is_empty() && plain.chars().all(|c| !c.is_control())).then_some(plain)
}

/// The item of the listing `def` answered whose id is `id`.
pub(crate) fn item_of<'v>(def: &Def, answer: &'v Value, id: &str) -> Option<&'v Value> {
    let id_field = def.show?.id_field;
    answer
        .get(def.items?)?
        .as_array()?
        .iter()
        .find(|item| item.get(id_field).and_then(Value::as_str) == Some(id))
}

/// `wait <waiter>`: the polled action's flags, then the waiter until its state.
pub(crate) async fn wait(cx: &Cx, m: &ArgMatches, w: &'static WaitDef) -> Result<(), Failure> {
    cx.no_dry_run("wait")?;
    args::wait_timeout(m)?;
    // Found wherever it is, as its listing lists every region.
    cx.across_regions.set(w.poll.across_regions);
    let request = request::from_flags(cx, m, w.poll.fields)?;
    let ids = args::texts(m, "ids").unwrap_or_default();
    if !ids.is_empty() && request.contains_key(w.id) {
        return Err(Failure::usage(format!(
            "give the {} to wait for once: as arguments or with its flag",
            w.id
        )));
    }
    let output_file = match w.poll.download {
        Some(_) => crate::transfer::target(m)?,
        None => None,
    };
    let client = cx.client()?;
    if ids.len() <= 1 {
        let mut request = request;
        let id = ids.first().cloned().unwrap_or_default();
        if !id.is_empty() {
            request.extend(poll_request(w, &id));
        }
        let out = cx
            .wait(m, w.name, &id, |wait| (w.run)(client, request, wait))
            .await?;
        if let (Some(path), Some(to)) = (w.poll.download, &output_file) {
            crate::transfer::download(cx, &out, path, to).await?;
        }
        return cx.print(&out, None, &[]);
    }
    if output_file.is_some() {
        return Err(Failure::usage(
            "--output-file saves one thing: wait for one id at a time",
        ));
    }
    // Several: each waited for in turn, one result each; the first that fails ends it.
    let mut results = Vec::new();
    for id in &ids {
        let mut one = request.clone();
        one.extend(poll_request(w, id));
        match cx
            .wait(m, w.name, id, |wait| (w.run)(client, one, wait))
            .await
        {
            Ok(out) => results.push(serde_json::json!({"id": id, "ok": true, "output": out})),
            Err(f) => {
                results.push(serde_json::json!({"id": id, "ok": false, "error": {"message": f.message, "exit_code": f.exit as u8}}));
                let doc = serde_json::json!({"waiter": w.name, "results": results});
                return Err(cx.failing_with(f, doc, |d| cx.print(d, None, &[])));
            }
        }
    }
    cx.print(
        &serde_json::json!({"waiter": w.name, "results": results}),
        None,
        &[],
    )
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
pub(crate) fn strings(v: Option<&Value>) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_decoded_only_to_printable_text() {
        assert_eq!(decode_base64("cGFzcy13b3Jk").as_deref(), Some("pass-word"));
        assert_eq!(decode_base64("cGFzcw==").as_deref(), Some("pass"));
        for not in ["", "abc", "pass word", "AAAA", "/w==", "cGFzcw="] {
            assert_eq!(decode_base64(not), None, "{not:?}");
        }
    }

    #[test]
    fn filters_match_a_field_containing_the_text_case_aside() {
        let item = serde_json::json!({"Name": "Train-A", "GPU": 4, "State": null});
        assert!(passes(&item, &[("Name", "train".to_owned())]));
        assert!(passes(&item, &[("GPU", "4".to_owned())]));
        assert!(!passes(&item, &[("Name", "eval".to_owned())]));
        assert!(
            !passes(&item, &[("State", "".to_owned())]),
            "no value passes nothing"
        );
        assert!(!passes(&item, &[("Zone", "".to_owned())]));
        assert!(passes(&item, &[]));
    }
}
