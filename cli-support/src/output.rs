//! Printing: answers as JSON by wire names or tables, NDJSON lines, dry runs, failures.

use std::io::Write;

use comfy_table::Table;
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::Failure;
use compshare::runtime::redact;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Table,
}

pub(crate) fn to_value<T: Serialize>(v: &T) -> Result<Value, Failure> {
    serde_json::to_value(v).map_err(|e| {
        Failure::new(
            crate::Exit::Internal,
            format!("cannot print the answer: {e}"),
        )
    })
}

pub(crate) fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        other => Ok(other?),
    }
}

pub(crate) fn print<T: Serialize>(
    format: Format,
    out: &T,
    items: Option<&str>,
    columns: &[&str],
) -> Result<(), Failure> {
    let value = to_value(out)?;
    match format {
        Format::Json => json_doc(&value),
        Format::Table => match items.and_then(|i| value.get(i)).and_then(Value::as_array) {
            Some(rows) => table(rows, columns),
            None => fields_table(&value),
        },
    }
}

pub(crate) fn json_doc(value: &Value) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    write_stdout(&format!("{text}\n"))
}

/// One NDJSON line.
pub(crate) fn line<T: Serialize>(item: &T) -> Result<(), Failure> {
    let text = serde_json::to_string(&to_value(item)?).unwrap_or_default();
    write_stdout(&format!("{text}\n"))
}

pub(crate) fn table(rows: &[Value], columns: &[&str]) -> Result<(), Failure> {
    let mut t = Table::new();
    t.set_header(columns.iter().copied());
    for row in rows {
        t.add_row(columns.iter().map(|c| cell(row.get(*c))));
    }
    write_stdout(&format!("{t}\n"))
}

fn fields_table(value: &Value) -> Result<(), Failure> {
    let mut t = Table::new();
    t.set_header(["Field", "Value"]);
    if let Some(map) = value.as_object() {
        for (k, v) in map {
            t.add_row([k.clone(), cell(Some(v))]);
        }
    }
    write_stdout(&format!("{t}\n"))
}

fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// The request a dry run would send, secrets and the signature masked.
pub(crate) fn dry_run(action: &str, url: &str, params: &[(String, String)]) -> Result<(), Failure> {
    json_doc(&masked_request(action, url, params))
}

/// `request` as `client` would send it, secrets and the signature masked; an error if it
/// could not be sent (a required parameter missing).
pub(crate) fn masked_request_of<R: compshare::runtime::Action>(
    client: &compshare::Client,
    request: &R,
) -> Result<Value, compshare::runtime::Error> {
    let signed = client
        .runtime()
        .signed_params(request, &compshare::runtime::Common::default())?;
    let params: Vec<(String, String)> = signed
        .iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    Ok(masked_request(
        R::NAME,
        client.runtime().base_url(),
        &params,
    ))
}

/// A request as JSON, secrets and the signature masked.
pub(crate) fn masked_request(action: &str, url: &str, params: &[(String, String)]) -> Value {
    let mut shown = Map::new();
    for (k, v) in params {
        let masked = k == "Signature" || redact::is_sensitive_key(k, compshare::SERVICE.sensitive);
        shown.insert(
            k.clone(),
            Value::String(if masked {
                redact::MASK.to_owned()
            } else {
                v.clone()
            }),
        );
    }
    json!({"dry_run": true, "action": action, "url": url, "params": shown})
}

/// A failure: one line on standard error, and with JSON output a document on standard
/// output that scripts can read.
pub(crate) fn report(f: &Failure, json: bool) {
    let code = f
        .ret_code
        .map(|c| format!(" (RetCode {c})"))
        .unwrap_or_default();
    eprintln!("error: {}{code}", f.message);
    if json {
        let doc = json!({"error": {
            "exit_code": f.exit as u8,
            "message": f.message,
            "ret_code": f.ret_code,
            "action": f.action,
            "request_id": f.request_id,
            "delivery": f.delivery,
        }});
        let _ = json_doc(&doc);
    }
}
