//! The server's stdio transport: newline-delimited JSON-RPC, as rmcp's own, with three
//! differences. A line that is not JSON (a number out of range, a lone surrogate, nesting
//! too deep) is answered with a parse error naming its id when one can be read from it, so
//! that its client does not wait out its own timeout; a `tools/call` whose arguments are not
//! an object gets "invalid params" (rmcp would answer "method not found"); and the
//! cancellation of a call with a write on the wire is held back ([`Inflight`]).

use std::sync::Arc;

use rmcp::RoleServer;
use rmcp::service::{RxJsonRpcMessage, TxJsonRpcMessage};
use rmcp::transport::Transport;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Stdin, Stdout};

use super::inflight::Inflight;
use crate::terminal::say;

/// The longest line read: far above what any tool's arguments may be (they are refused
/// above 256 KiB), far below what would strain memory.
const MAX_LINE: usize = 4 << 20;

/// How much of a line too long is kept, to read its id from.
const HEAD: usize = 64 << 10;

/// JSON-RPC error codes.
const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;
const INVALID_PARAMS: i64 = -32602;

pub(super) struct Stdio {
    read: BufReader<Stdin>,
    /// The line being read: kept across a `receive` that rmcp's loop drops half way.
    line: Vec<u8>,
    /// Skipping the rest of a line that was too long.
    discarding: bool,
    write: Arc<tokio::sync::Mutex<Stdout>>,
    inflight: Arc<Inflight>,
}

impl Stdio {
    pub(super) fn new(inflight: Arc<Inflight>) -> Stdio {
        Stdio {
            read: BufReader::new(tokio::io::stdin()),
            line: Vec::new(),
            discarding: false,
            write: Arc::new(tokio::sync::Mutex::new(tokio::io::stdout())),
            inflight,
        }
    }

    /// The next whole line, without its end (`Err` with its start: a line too long, dropped);
    /// `None` at the end of the input. A last line without its end is a line.
    async fn next_line(&mut self) -> Option<Result<Vec<u8>, Vec<u8>>> {
        loop {
            let Ok(available) = self.read.fill_buf().await else {
                return None;
            };
            if available.is_empty() {
                let line = std::mem::take(&mut self.line);
                return (!line.is_empty() && !std::mem::take(&mut self.discarding))
                    .then_some(Ok(line));
            }
            let newline = available.iter().position(|b| *b == b'\n');
            let take = newline.map_or(available.len(), |i| i + 1);
            if !self.discarding && self.line.len() + take > MAX_LINE {
                // Its start is kept, to answer it by its id.
                self.discarding = true;
                self.line.truncate(HEAD);
            }
            if self.discarding {
                let room = HEAD.saturating_sub(self.line.len());
                self.line.extend_from_slice(&available[..take.min(room)]);
            } else {
                self.line.extend_from_slice(&available[..take]);
            }
            self.read.consume(take);
            if newline.is_some() {
                let mut line = std::mem::take(&mut self.line);
                if std::mem::take(&mut self.discarding) {
                    return Some(Err(line));
                }
                while matches!(line.last(), Some(b'\n' | b'\r')) {
                    line.pop();
                }
                return Some(Ok(line));
            }
        }
    }

    /// A message for rmcp, or what to answer instead (`Err(Some)`), or nothing (`Err(None)`).
    fn parse(&self, line: &[u8]) -> Result<RxJsonRpcMessage<RoleServer>, Option<Value>> {
        let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            return Err(None);
        }
        let value: Value = match serde_json::from_slice(line) {
            Ok(v) => v,
            Err(e) => {
                return Err(match top_level_id(line) {
                    Some(id) => Some(error(id, PARSE_ERROR, format!("parse error: {e}"))),
                    None => {
                        say(&format!("mcp: ignored a message that is not JSON ({e})"));
                        None
                    }
                });
            }
        };
        let id = value.get("id").cloned();
        let method = value
            .get("method")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if method == "notifications/cancelled" {
            let cancelled = id_text(&value["params"]["requestId"]).unwrap_or_default();
            if !self.inflight.cancel(&cancelled) {
                say(&format!(
                    "mcp: request {cancelled} was cancelled with a write on the wire: it cannot be undone, so it finishes and answers"
                ));
                return Err(None);
            }
            say(&format!("mcp: request {cancelled} cancelled"));
        }
        let call = (method == "tools/call")
            .then(|| id.as_ref().and_then(id_text))
            .flatten();
        if method == "tools/call"
            && let Some(id) = &id
        {
            let params = &value["params"];
            let bad = if !params.is_object() {
                Some("`params` is an object")
            } else if !params["name"].is_string() {
                Some("`params.name` is the tool's name, a string")
            } else if !(params["arguments"].is_object() || params["arguments"].is_null()) {
                Some("`params.arguments` is an object")
            } else {
                None
            };
            if let Some(why) = bad {
                return Err(Some(error(
                    id.clone(),
                    INVALID_PARAMS,
                    format!("invalid params: {why}"),
                )));
            }
        }
        let message = serde_json::from_value(value).map_err(|e| {
            id.map(|id| error(id, INVALID_REQUEST, format!("invalid request: {e}")))
        })?;
        // Known from here on: a cancellation read next is of a call in progress.
        if let Some(call) = call {
            self.inflight.arrived(&call);
        }
        Ok(message)
    }
}

/// A request id as text, the same whichever way it was written (`1`, `1.0`, `"a"`): as
/// rmcp's id type prints it, which is how the server's tool calls know themselves.
fn id_text(id: &Value) -> Option<String> {
    let id: rmcp::model::RequestId = serde_json::from_value(id.clone()).ok()?;
    serde_json::to_string(&id).ok()
}

/// A JSON-RPC error answer.
fn error(id: Value, code: i64, message: String) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// Writes one message and its line end at once (a message must never lose its end to a
/// write cut short).
async fn write_line(write: &tokio::sync::Mutex<Stdout>, text: &[u8]) -> std::io::Result<()> {
    let mut line = Vec::with_capacity(text.len() + 1);
    line.extend_from_slice(text);
    line.push(b'\n');
    let mut out = write.lock().await;
    out.write_all(&line).await?;
    out.flush().await
}

/// Writes an answer of the transport's own from a task of its own: `receive` may be dropped
/// half way (rmcp's loop selects on it), and the line read must not lose its answer.
fn answer_apart(write: &Arc<tokio::sync::Mutex<Stdout>>, answer: &Value) {
    let text = serde_json::to_vec(answer).unwrap_or_default();
    let write = write.clone();
    tokio::spawn(async move {
        let _ = write_line(&write, &text).await;
    });
}

impl Transport<RoleServer> for Stdio {
    type Error = std::io::Error;

    fn send(
        &mut self,
        item: TxJsonRpcMessage<RoleServer>,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send + 'static {
        let write = self.write.clone();
        let inflight = self.inflight.clone();
        let answered = match &item {
            rmcp::model::JsonRpcMessage::Response(r) => serde_json::to_string(&r.id).ok(),
            rmcp::model::JsonRpcMessage::Error(e) => {
                e.id.as_ref().and_then(|id| serde_json::to_string(id).ok())
            }
            _ => None,
        };
        async move {
            let text = serde_json::to_vec(&item).map_err(std::io::Error::other)?;
            let written = write_line(&write, &text).await;
            if let Some(id) = answered {
                inflight.answered(&id);
            }
            written
        }
    }

    async fn receive(&mut self) -> Option<RxJsonRpcMessage<RoleServer>> {
        loop {
            let line = match self.next_line().await? {
                Ok(line) => line,
                Err(head) => {
                    say(&format!(
                        "mcp: a message longer than {MAX_LINE} bytes was dropped"
                    ));
                    if let Some(id) = top_level_id(&head) {
                        let answer = error(
                            id,
                            INVALID_REQUEST,
                            format!("invalid request: longer than {MAX_LINE} bytes"),
                        );
                        answer_apart(&self.write, &answer);
                    }
                    continue;
                }
            };
            match self.parse(&line) {
                Ok(message) => return Some(message),
                Err(Some(answer)) => answer_apart(&self.write, &answer),
                Err(None) => {}
            }
        }
    }

    async fn close(&mut self) -> Result<(), Self::Error> {
        self.write.lock().await.flush().await
    }
}

/// The `id` member of the object `text` holds, read without parsing the rest (which may be
/// what JSON cannot hold): a number or a string, or none.
fn top_level_id(text: &[u8]) -> Option<Value> {
    let mut s = Scan { b: text, i: 0 };
    s.space();
    s.eat(b'{')?;
    loop {
        s.space();
        let key = s.string()?;
        s.space();
        s.eat(b':')?;
        s.space();
        if key == b"id" {
            return s.id();
        }
        s.skip_value()?;
        s.space();
        match s.next()? {
            b',' => continue,
            _ => return None,
        }
    }
}

/// A cursor over JSON text that reads its shape, never its values' meaning.
struct Scan<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Scan<'a> {
    fn next(&mut self) -> Option<u8> {
        let c = *self.b.get(self.i)?;
        self.i += 1;
        Some(c)
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.next()? == c).then_some(())
    }

    fn space(&mut self) {
        while self.b.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
    }

    /// A string's raw bytes (escapes left as written).
    fn string(&mut self) -> Option<&'a [u8]> {
        self.eat(b'"')?;
        let start = self.i;
        loop {
            match self.next()? {
                b'"' => return Some(&self.b[start..self.i - 1]),
                b'\\' => {
                    self.next()?;
                }
                _ => {}
            }
        }
    }

    /// An id: a whole number, or a string without escapes.
    fn id(&mut self) -> Option<Value> {
        if self.b.get(self.i) == Some(&b'"') {
            let raw = self.string()?;
            return (!raw.contains(&b'\\'))
                .then(|| std::str::from_utf8(raw).ok())
                .flatten()
                .map(|s| Value::String(s.to_owned()));
        }
        let start = self.i;
        while self
            .b
            .get(self.i)
            .is_some_and(|c| c.is_ascii_digit() || *c == b'-')
        {
            self.i += 1;
        }
        // A number cut off by the end of what was kept is no id.
        let ends = matches!(self.b.get(self.i), Some(b',' | b'}'))
            || self.b.get(self.i).is_some_and(u8::is_ascii_whitespace);
        let n: i64 = std::str::from_utf8(&self.b[start..self.i])
            .ok()?
            .parse()
            .ok()?;
        ends.then(|| Value::from(n))
    }

    /// Skips one value of any depth, counting brackets rather than recursing.
    fn skip_value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match *self.b.get(self.i)? {
                b'"' => {
                    self.string()?;
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.i += 1;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.i += 1;
                }
                b',' if depth == 0 => return Some(()),
                _ => self.i += 1,
            }
            if depth == 0 && matches!(self.b.get(self.i), Some(b',' | b'}') | None) {
                return Some(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_the_same_whichever_way_it_is_written() {
        assert_eq!(id_text(&json!(1.0)), id_text(&json!(1)));
        assert_eq!(id_text(&json!(1)).as_deref(), Some("1"));
        assert_eq!(id_text(&json!("a")).as_deref(), Some("\"a\""));
    }

    #[test]
    fn the_id_is_read_from_messages_json_cannot_hold() {
        let deep = format!(
            r#"{{"jsonrpc":"2.0","method":"tools/call","params":{{"arguments":{}1{}}},"id":7}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        for (text, id) in [
            (
                r#"{"jsonrpc":"2.0","id":5,"method":"x","params":{"a":1e400}}"#.to_owned(),
                Some(json!(5)),
            ),
            (
                r#"{"params":{"s":"\ud800","t":"a\"}"},"id":"abc"}"#.to_owned(),
                Some(json!("abc")),
            ),
            (deep, Some(json!(7))),
            (r#"{"method":"x","params":{"a":1e400}}"#.to_owned(), None),
            ("not json".to_owned(), None),
            (r#"{"id":1.5e400}"#.to_owned(), None),
            // Cut off in its id: no id.
            (r#"{"id":123"#.to_owned(), None),
        ] {
            assert_eq!(top_level_id(text.as_bytes()), id, "{text}");
        }
    }
}
