//! Printing: answers as JSON by wire names or tables, NDJSON lines, dry runs, failures.
//! Standard output may be closed by its reader (`| head`): output then ends quietly, and the
//! command's exit status stays its own.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use comfy_table::Table;
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::terminal::{escape, json_safe};
use crate::{Column, Failure, Shown};
use compshare_runtime::redact;

/// Set once standard output's reader has gone away.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Whether standard output's reader has gone away: there is no point producing more.
pub(crate) fn stdout_closed() -> bool {
    STDOUT_CLOSED.load(Ordering::Relaxed)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
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

/// Writes to standard output. A closed pipe (`| head`) is the reader's choice, not a
/// failure: what follows is dropped, and the command ends with its own status.
pub(crate) fn write_stdout(text: &str) -> Result<(), Failure> {
    write_stdout_bytes(text.as_bytes())
}

/// [`write_stdout`] for bytes that may not be text (a file an action answered with).
pub(crate) fn write_stdout_bytes(bytes: &[u8]) -> Result<(), Failure> {
    if stdout_closed() {
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        other => Ok(other?),
    }
}

pub(crate) fn print<T: Serialize>(
    format: Format,
    out: &T,
    items: Option<&str>,
    columns: &[Column],
) -> Result<(), Failure> {
    let value = to_value(out)?;
    match format {
        Format::Json => json_doc(&value),
        Format::Yaml => yaml_doc(&value),
        Format::Table => match items.and_then(|i| value.get(i)).and_then(Value::as_array) {
            Some(rows) => column_table(rows, columns),
            None => fields_table(&value),
        },
    }
}

/// A document in the format asked for: JSON, YAML, or a table of its fields.
pub(crate) fn doc(format: Format, value: &Value) -> Result<(), Failure> {
    print(format, value, None, &[])
}

/// Rows under the spec's columns, each cell found by its path; sizes with their unit.
pub(crate) fn column_table(rows: &[Value], columns: &[Column]) -> Result<(), Failure> {
    let mut t = Table::new();
    t.set_header(columns.iter().map(|c| escape(c.header)));
    for row in rows {
        t.add_row(columns.iter().map(|c| column_cell(c, row)));
    }
    write_stdout(&format!("{t}\n"))
}

/// A column's text in `row`: its values (several joined by commas), sizes with their unit.
fn column_cell(c: &Column, row: &Value) -> String {
    if c.path.contains('+') {
        return sum_cell(c, row);
    }
    let shown: Vec<String> = c
        .values(row)
        .into_iter()
        .map(|v| match (v, c.shown) {
            (Value::Number(n), Some(Shown::Size(unit))) if n.as_u64().is_some() => {
                size_text(n.as_u64().unwrap_or_default(), unit)
            }
            // 0 is the API's "none" (no stop scheduled): nothing is shown.
            (Value::Number(n), Some(Shown::Time)) if n.as_i64() == Some(0) => String::new(),
            (Value::Number(n), Some(Shown::Time)) if n.as_i64().is_some() => {
                time_text(n.as_i64().unwrap_or_default())
            }
            (v, _) => cell(Some(v)),
        })
        .collect();
    shown.join(", ")
}

/// A sum column's text: the numbers at its paths added, a later one left out counting as 0
/// (a price's optional parts); nothing when the first is not there, which would understate it.
fn sum_cell(c: &Column, row: &Value) -> String {
    let number = |part: &'static str| {
        let one = Column {
            header: c.header,
            path: part,
            shown: None,
        };
        one.values(row).first().and_then(|v| v.as_f64())
    };
    let mut parts = c.path.split('+');
    let Some(first) = parts.next().and_then(number) else {
        return String::new();
    };
    let numbers: Vec<f64> = std::iter::once(first)
        .chain(parts.filter_map(number))
        .collect();
    // Rounded where binary fractions show: 1.9 + 0.25 is 2.15, not 2.1500000000000004.
    let sum = (numbers.iter().sum::<f64>() * 1e6).round() / 1e6;
    sum.to_string()
}

/// One item as a card: a line per field, its header then its value; lines without a value
/// left out.
pub(crate) fn card(
    item: &Value,
    lines: &[Column],
    extra: &[(&str, String)],
) -> Result<(), Failure> {
    let mut rows: Vec<(String, String)> = lines
        .iter()
        .map(|c| (escape(c.header).into_owned(), column_cell(c, item)))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    rows.extend(
        extra
            .iter()
            .map(|(h, v)| (escape(h).into_owned(), escape(v).into_owned())),
    );
    let width = rows
        .iter()
        .map(|(h, _)| h.chars().count())
        .max()
        .unwrap_or(0);
    let text: String = rows
        .iter()
        .map(|(h, v)| format!("{h:width$}  {v}\n"))
        .collect();
    write_stdout(&text)
}

/// A point in time given in Unix seconds, in UTC: `2026-12-07 09:42:00 UTC`.
pub(crate) fn time_text(seconds: i64) -> String {
    let (days, secs) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Days since 1970-01-01 to a civil date (Howard Hinnant's `civil_from_days`).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60
    )
}

/// A size in `unit` as people write it: `64GiB`, `512MiB`.
pub(crate) fn size_text(n: u64, unit: crate::Unit) -> String {
    let mib = n.saturating_mul(unit.mib());
    if mib >= 1024 && mib.is_multiple_of(1024) {
        format!("{}GiB", mib / 1024)
    } else {
        format!("{mib}MiB")
    }
}

/// Any value as a table, for what `--query` made: rows of objects under the keys they have
/// (in order of first appearance), a list of values in one column, an object's fields.
pub(crate) fn any_table(value: &Value) -> Result<(), Failure> {
    match value {
        Value::Array(rows) if rows.iter().all(Value::is_object) && !rows.is_empty() => {
            let mut columns: Vec<&str> = Vec::new();
            for row in rows {
                for key in row.as_object().into_iter().flat_map(|m| m.keys()) {
                    if !columns.contains(&key.as_str()) {
                        columns.push(key);
                    }
                }
            }
            table(rows, &columns)
        }
        Value::Array(values) => {
            let rows: Vec<Value> = values.iter().map(|v| json!({"value": v})).collect();
            table(&rows, &["value"])
        }
        Value::Object(_) => fields_table(value),
        other => write_stdout(&format!("{}\n", cell(Some(other)))),
    }
}

pub(crate) fn yaml_doc(value: &Value) -> Result<(), Failure> {
    write_stdout(&json_safe(crate::yaml::document(value)))
}

/// One element of a YAML sequence streamed item by item (`--all`).
pub(crate) fn yaml_item(value: &Value) -> Result<(), Failure> {
    write_stdout(&json_safe(crate::yaml::item(value)))
}

pub(crate) fn json_doc(value: &Value) -> Result<(), Failure> {
    let text = json_safe(serde_json::to_string_pretty(value).unwrap_or_default());
    write_stdout(&format!("{text}\n"))
}

/// One NDJSON line.
pub(crate) fn line<T: Serialize>(item: &T) -> Result<(), Failure> {
    json_line(&to_value(item)?)
}

fn json_line(value: &Value) -> Result<(), Failure> {
    let text = json_safe(serde_json::to_string(value).unwrap_or_default());
    write_stdout(&format!("{text}\n"))
}

pub(crate) fn table(rows: &[Value], columns: &[&str]) -> Result<(), Failure> {
    let mut t = Table::new();
    t.set_header(columns.iter().map(|c| escape(c)));
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
            t.add_row([escape(k).into_owned(), cell(Some(v))]);
        }
    }
    write_stdout(&format!("{t}\n"))
}

/// A table cell: text as written, anything else as JSON, escaped either way.
fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => escape(s).into_owned(),
        Some(other) => escape(&other.to_string()).into_owned(),
    }
}

/// The request a dry run would send, secrets and the signature masked.
pub(crate) fn dry_run(
    action: &str,
    url: &str,
    params: &[(String, String)],
    sensitive: &[&str],
) -> Value {
    let params = params.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    json!({
        "dry_run": true,
        "action": action,
        "url": redact::mask_url_text(url),
        "params": masked_params(params, sensitive),
    })
}

/// A signed request as JSON, secrets and the signature masked: its action, where it goes
/// (the method too, for a REST action, whose URL holds its path and query) and its
/// parameters, flat (a REST body's members as `options.duration`).
pub(crate) fn masked_request(request: &dyn crate::Prepared, sensitive: &[&str]) -> Value {
    let mut doc = json!({
        "dry_run": true,
        "action": request.action(),
        "url": request.url(),
        "params": masked_params(request.params().iter(), sensitive),
    });
    if request.routed() {
        doc["method"] = json!(request.method());
    }
    doc
}

fn masked_params<'a>(
    params: impl Iterator<Item = (&'a str, &'a str)>,
    sensitive: &[&str],
) -> Map<String, Value> {
    let mut shown = Map::new();
    for (k, v) in params {
        let masked = k == "Signature" || redact::is_sensitive_key(k, sensitive);
        shown.insert(
            k.to_owned(),
            Value::String(if masked { redact::MASK } else { v }.to_owned()),
        );
    }
    shown
}

/// Whether, and how, a failure is also written to standard output as a JSON document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ErrorDoc {
    /// Table output, or a person reading standard output on a terminal: the line on standard
    /// error is enough.
    None,
    /// A pretty-printed document, as answers are.
    Pretty,
    /// One line, ending an NDJSON stream (`--all`).
    Line,
}

/// The document of a failure with JSON output: none for a person reading standard output on
/// a terminal (the line on standard error says it), unless `--output json` was asked for.
pub(crate) fn error_doc_for(json_asked: bool) -> ErrorDoc {
    if json_asked || !std::io::stdout().is_terminal() {
        ErrorDoc::Pretty
    } else {
        ErrorDoc::None
    }
}

/// A failure: one line on standard error (none is an error but a person's "no": it says
/// so without `error:`), and for scripts a JSON document on standard output.
pub(crate) fn report(f: &Failure, doc: ErrorDoc) {
    let code = f
        .ret_code
        .map(|c| format!(" (RetCode {c})"))
        .unwrap_or_default();
    let prefix = if f.declined { "" } else { "error: " };
    crate::terminal::say(&format!("{prefix}{}{code}", f.message));
    let mut value = json!({"error": {
        "exit_code": f.exit as u8,
        "message": f.message,
        "ret_code": f.ret_code,
        "action": f.action,
        "request_id": f.request_id,
        "delivery": f.delivery,
    }});
    if let Some(answer) = &f.answer {
        value["answer"] = (**answer).clone();
    }
    let _ = match doc {
        ErrorDoc::None => Ok(()),
        ErrorDoc::Pretty => json_doc(&value),
        ErrorDoc::Line => json_line(&value),
    };
}

#[cfg(test)]
mod tests {
    use super::{sum_cell, time_text};
    use crate::Column;

    #[test]
    fn a_sum_adds_what_is_there_but_never_without_its_first_part() {
        let total = Column {
            header: "Total",
            path: "Instance+Disks+Image",
            shown: None,
        };
        for (row, shown) in [
            (serde_json::json!({"Instance": 1.9, "Disks": 0.25}), "2.15"),
            (serde_json::json!({"Instance": 2}), "2"),
            (serde_json::json!({"Disks": 0.25}), ""),
            (serde_json::json!({"Instance": "free", "Disks": 1}), ""),
        ] {
            assert_eq!(sum_cell(&total, &row), shown, "{row}");
        }
    }

    #[test]
    fn unix_seconds_are_shown_as_utc_dates_and_times() {
        for (seconds, shown) in [
            (0, "1970-01-01 00:00:00 UTC"),
            (951_782_400, "2000-02-29 00:00:00 UTC"),
            (1_709_168_523, "2024-02-29 01:02:03 UTC"),
            (1_796_636_520, "2026-12-07 09:42:00 UTC"),
            (-1, "1969-12-31 23:59:59 UTC"),
        ] {
            assert_eq!(time_text(seconds), shown, "{seconds}");
        }
    }
}
