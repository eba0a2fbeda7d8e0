//! A real HTTP/1.1 server on 127.0.0.1 for end-to-end tests of the generated SDK.
//!
//! It records every request (headers and the decoded form), answers with whatever the test's
//! handler says, and can check a request's signature independently of the SDK's signer.

pub mod counting;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sha1::{Digest, Sha1};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;

pub use tempfile::TempDir;

/// A directory of the test's own in the system's temporary directory, its name starting with
/// `prefix`, removed with everything in it when the returned guard is dropped.
pub fn scratch(prefix: &str) -> TempDir {
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .expect("a scratch directory")
}

/// A client builder pointed at `server`, with test keys (`pk`, `sk`), region `r` and zone `z`.
pub fn test_client(server: &TestServer) -> compshare::ClientBuilder {
    compshare::Client::builder()
        .credentials(compshare::Credentials::new("pk", "sk"))
        .base_url(server.url())
        .region("r")
        .zone("z")
}

/// Everything traced on this thread (TRACE level, hyper's events included) while the guard
/// lives, as text.
///
/// tracing caches per call site whether anyone listens; a call site first reached on another
/// thread while this thread's subscriber is being installed can be cached as unheard, and its
/// spans then go missing here. So a test binary that captures runs its tests one at a time:
/// each of its tests holds [`Traces::serial`] (capturing takes it too).
#[derive(Clone, Default)]
pub struct Traces(Arc<Mutex<Vec<u8>>>);

/// Held while a test runs, so that the tests of a binary run one at a time.
pub type Serial = std::sync::MutexGuard<'static, ()>;

/// The guard of a capture: the subscriber, and the test's turn.
pub struct Capture {
    _subscriber: tracing::subscriber::DefaultGuard,
    _serial: Serial,
}

impl Traces {
    /// Waits for this test's turn among the binary's tests.
    pub fn serial() -> Serial {
        static TURN: Mutex<()> = Mutex::new(());
        TURN.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts capturing, in this test's turn; capture ends when the guard is dropped.
    pub fn capture() -> (Traces, Capture) {
        let serial = Traces::serial();
        let traces = Traces::default();
        let writer = traces.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        let guard = Capture {
            _subscriber: tracing::subscriber::set_default(subscriber),
            _serial: serial,
        };
        (traces, guard)
    }

    /// The text captured so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for Traces {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    pub path: String,
    /// Header names lowercased.
    pub headers: BTreeMap<String, String>,
    /// The decoded form, in the order sent. For a JSON body, its members as the API signs
    /// them: strings as they are, arrays as their elements concatenated.
    pub form: Vec<(String, String)>,
    /// The body, if it was sent as `application/json` and parsed as JSON.
    pub json: Option<serde_json::Value>,
    /// The body's bytes, as received.
    pub body: Vec<u8>,
}

impl Request {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The form as a map, without `Signature`.
    pub fn params(&self) -> BTreeMap<String, String> {
        self.form
            .iter()
            .filter(|(k, _)| k != "Signature")
            .cloned()
            .collect()
    }

    /// Recomputes the signature from the received form and compares.
    pub fn signature_is_valid(&self, private_key: &str) -> bool {
        self.param("Signature") == Some(expected_signature(&self.form, private_key).as_str())
    }
}

/// The signature of `form` by the documented algorithm, written here independently of the
/// runtime: sort by key bytes, concatenate key and value, append the key, SHA-1, hex.
pub fn expected_signature(form: &[(String, String)], private_key: &str) -> String {
    let mut pairs: Vec<&(String, String)> = form.iter().filter(|(k, _)| k != "Signature").collect();
    pairs.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut text = String::new();
    for (k, v) in pairs {
        text.push_str(k);
        text.push_str(v);
    }
    text.push_str(private_key);
    Sha1::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What the server does with a request.
#[derive(Clone, Debug)]
pub enum Answer {
    /// An HTTP response.
    Http {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Close the connection without answering.
    Hangup,
    /// Send the status line, headers announcing `declared` body bytes and only `body`, then
    /// close: a connection dropped mid-response.
    Truncated { declared: usize, body: Vec<u8> },
    /// Wait, then answer.
    Delay(Duration, Box<Answer>),
}

impl Answer {
    /// `200` with a JSON body and a request id header.
    pub fn json(body: &str) -> Self {
        Answer::Http {
            status: 200,
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("X-UCLOUD-REQUEST-UUID".into(), "req-0001".into()),
            ],
            body: body.as_bytes().to_vec(),
        }
    }

    /// `answer`, after `delay`.
    pub fn after(delay: Duration, answer: Answer) -> Self {
        Answer::Delay(delay, Box::new(answer))
    }

    pub fn status(status: u16, body: &str) -> Self {
        Answer::Http {
            status,
            headers: vec![("X-UCLOUD-REQUEST-UUID".into(), "req-0002".into())],
            body: body.as_bytes().to_vec(),
        }
    }
}

type Handler = dyn Fn(&Request) -> Answer + Send + Sync;

/// A running server; it stops when dropped.
pub struct TestServer {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Request>>>,
    task: tokio::task::JoinHandle<()>,
}

impl TestServer {
    /// Starts a server on an ephemeral port of 127.0.0.1.
    pub async fn start(handler: impl Fn(&Request) -> Answer + Send + Sync + 'static) -> Self {
        Self::start_with(None, handler).await
    }

    /// Starts an HTTPS server on an ephemeral port of 127.0.0.1, with `tls`'s certificate.
    pub async fn start_tls(
        tls: tokio_rustls::TlsAcceptor,
        handler: impl Fn(&Request) -> Answer + Send + Sync + 'static,
    ) -> Self {
        Self::start_with(Some(tls), handler).await
    }

    async fn start_with(
        tls: Option<tokio_rustls::TlsAcceptor>,
        handler: impl Fn(&Request) -> Answer + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let seen_in_task = seen.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (handler, seen, tls) = (handler.clone(), seen_in_task.clone(), tls.clone());
                tokio::spawn(async move {
                    let _ = match tls {
                        Some(tls) => match tls.accept(stream).await {
                            Ok(stream) => serve(stream, &*handler, &seen).await,
                            Err(_) => Ok(()), // a client that does not trust us
                        },
                        None => serve(stream, &*handler, &seen).await,
                    };
                });
            }
        });
        TestServer { addr, seen, task }
    }

    /// Starts a server that gives `answers` in turn, repeating the last one.
    pub async fn script(answers: Vec<Answer>) -> Self {
        assert!(!answers.is_empty());
        let next = AtomicUsize::new(0);
        Self::start(move |_| {
            let i = next.fetch_add(1, Ordering::SeqCst);
            answers[i.min(answers.len() - 1)].clone()
        })
        .await
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The URL of a server started with [`TestServer::start_tls`].
    pub fn https_url(&self) -> String {
        format!("https://{}/", self.addr)
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Request> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    mut stream: impl AsyncRead + AsyncWrite + Unpin,
    handler: &Handler,
    seen: &Mutex<Vec<Request>>,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let header_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let path = request_line.next().unwrap_or_default().to_owned();
    let headers: BTreeMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while buf.len() < header_end + length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buf[header_end..]).into_owned();
    let json = headers
        .get("content-type")
        .filter(|t| t.starts_with("application/json"))
        .and_then(|_| serde_json::from_str::<serde_json::Value>(&body).ok());
    let form = match &json {
        Some(value) => signed_members(value),
        None => parse_form(&body),
    };
    let request = Request {
        method,
        path,
        headers,
        form,
        json,
        body: buf[header_end..].to_vec(),
    };
    let mut answer = handler(&request);
    seen.lock().unwrap().push(request);
    while let Answer::Delay(delay, inner) = answer {
        tokio::time::sleep(delay).await;
        answer = *inner;
    }
    match answer {
        Answer::Hangup | Answer::Delay(..) => Ok(()),
        Answer::Truncated { declared, body } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {declared}\r\nContent-Type: application/json\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(&body).await?;
            stream.shutdown().await
        }
        Answer::Http {
            status,
            headers,
            body,
        } => {
            let mut out = format!(
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (k, v) in headers {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            out.push_str("\r\n");
            stream.write_all(out.as_bytes()).await?;
            stream.write_all(&body).await?;
            stream.shutdown().await
        }
    }
}

/// Decodes `application/x-www-form-urlencoded`.
/// The members of a JSON body as the API signs them: a string as it is, an array as its
/// elements (strings) concatenated; anything else, which the API does not take, as its JSON
/// text.
pub fn signed_members(body: &serde_json::Value) -> Vec<(String, String)> {
    use serde_json::Value;
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match body {
        Value::Object(members) => members
            .iter()
            .map(|(k, v)| {
                let signed = match v {
                    Value::Array(items) => items.iter().map(text).collect(),
                    other => text(other),
                };
                (k.clone(), signed)
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Decodes an `application/x-www-form-urlencoded` body.
pub fn parse_form(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (unescape(k), unescape(v))
        })
        .collect()
}

fn unescape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
