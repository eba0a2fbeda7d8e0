//! The error type of every call.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use crate::decode::Mismatch;
use crate::form::{EncodeProblems, Missing};

/// How far a failed request got. Decides whether a retry could duplicate its effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// The request never left the client (bad input, connection refused, DNS or TLS failure).
    NotSent,
    /// The outcome is unknown: the service may have acted on the request. Bytes were sent but
    /// no complete answer came back (timeout, dropped connection, an answer too large to
    /// read), or something in front of the service answered instead of it (a 5xx status, a
    /// body that is not the API's JSON).
    MaybeSent,
    /// The service answered and its answer is known: a `RetCode`, or a 3xx or 4xx status.
    Received,
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The client could not be built from its settings.
    Config(String),
    /// Required parameters are missing or a value cannot be sent. Nothing was sent.
    InvalidRequest(EncodeProblems),
    /// The API answered with a non-zero `RetCode`.
    Api {
        /// The `RetCode`.
        code: i64,
        /// The `Message`, empty if the API gave none.
        message: String,
    },
    /// A REST answer with a successful status that says it is an error
    /// (`{"type": "error", "error": {"message": ...}}`). Nothing was done.
    Refused {
        /// What the answer said, empty if nothing.
        message: String,
    },
    /// The server answered with a non-2xx HTTP status. Redirects (3xx) are not followed:
    /// the API never redirects, so one comes from something in between.
    Http {
        /// The HTTP status code.
        status: u16,
        /// The start of the response body.
        body: String,
    },
    /// The body is not a JSON object with a `RetCode`.
    InvalidResponse {
        /// The HTTP status code.
        status: u16,
        /// What is wrong with the body.
        reason: String,
        /// The start of the response body.
        body: String,
    },
    /// A response field held a value its type cannot take, even leniently.
    Decode(Mismatch),
    /// The response body, or the values decoded from it, would exceed the client's limit
    /// (`max_response_bytes`, or `max_decoded_bytes` when `decoded`).
    ResponseTooLarge {
        /// The limit, in bytes.
        limit: usize,
        /// Whether the decoded values, rather than the body itself, hit the limit.
        decoded: bool,
    },
    /// An attempt got no complete response within its timeout.
    Timeout {
        /// How long the attempt waited.
        after: Duration,
    },
    /// The HTTP exchange failed (connect, TLS, reset, closed connection).
    Transport(TransportError),
    /// A paginator fetched its maximum number of pages without reaching the end of the
    /// listing (see `Paginator::max_pages`).
    PageLimit {
        /// Pages fetched.
        pages: u64,
    },
    /// A page held the same items as the page before it: the server ignores `Offset`, and
    /// paging on would repeat them without end.
    PageRepeated {
        /// The page that repeated the one before it (1 for the first page).
        page: u64,
    },
    /// A file could not be uploaded or downloaded for a reason of its own: a local file that
    /// cannot be read or written or that changed while it was sent, a download cut short, or
    /// a URL from the API that is not one to send to (not https).
    Transfer(String),
    /// A waiter saw a state it treats as failure.
    WaitFailed {
        /// The state.
        state: String,
    },
    /// A waiter's time ran out before a final state.
    WaitTimedOut {
        /// How long it waited.
        waited: Duration,
        /// The last state seen (`None`: the thing was not listed).
        last_state: Option<String>,
    },
}

/// Where an error happened: the call's action, its attempts, how far its request got.
pub(crate) struct Context {
    pub action: Option<Cow<'static, str>>,
    pub attempts: u32,
    pub delivery: Delivery,
    pub idempotent: bool,
    pub request_id: Option<String>,
}

/// A failure of the HTTP exchange itself: connecting, TLS, a reset or closed connection.
/// The HTTP client's own error is its [`source`](std::error::Error::source), so that this
/// crate's API does not depend on that client's version.
pub struct TransportError(pub(crate) reqwest::Error);

impl TransportError {
    /// Whether connecting failed (refused, DNS, TLS handshake): nothing was sent.
    pub fn is_connect(&self) -> bool {
        self.0.is_connect()
    }

    /// Whether the HTTP client's own timeout (connecting) expired.
    pub fn is_timeout(&self) -> bool {
        self.0.is_timeout()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&chain(&self.0))
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// Why a call failed: what went wrong, for which action, after how many attempts, and whether
/// the request may have reached the server.
///
/// A call has already been retried when it returns one (see [`RetryPolicy`](crate::RetryPolicy)):
/// transport failures, timeouts, HTTP 429 and 5xx and RetCodes the spec declares transient,
/// for idempotent actions, and for any action only when nothing reached the server. Every
/// other `RetCode` ([`ErrorKind::Api`]) is the service's answer after one attempt.
/// [`delivery`](Error::delivery) says whether a failed create may have happened.
///
/// ```
/// # mod compshare { pub use compshare_runtime as runtime; }
/// use compshare::runtime::{Delivery, Error, ErrorKind};
///
/// fn explain(err: &Error) -> String {
///     match err.kind() {
///         ErrorKind::Api { code: 8039, .. } => "no such instance".to_owned(),
///         ErrorKind::Api { code, message } => format!("the API refused it: {code} {message}"),
///         ErrorKind::InvalidRequest(problems) => format!("fix the call: {problems}"),
///         _ if err.delivery() == Delivery::MaybeSent => {
///             "it may have happened: look before trying again".to_owned()
///         }
///         _ => format!("{err}"),
///     }
/// }
/// ```
pub struct Error(Box<Inner>);

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    action: Option<Cow<'static, str>>,
    attempts: u32,
    delivery: Delivery,
    idempotent: bool,
    request_id: Option<String>,
}

impl Error {
    pub(crate) fn config(message: impl Into<String>) -> Self {
        Self::new(
            ErrorKind::Config(message.into()),
            Context {
                action: None,
                attempts: 0,
                delivery: Delivery::NotSent,
                idempotent: true,
                request_id: None,
            },
        )
    }

    pub(crate) fn new(kind: ErrorKind, at: Context) -> Self {
        let Context {
            action,
            attempts,
            delivery,
            idempotent,
            request_id,
        } = at;
        Error(Box::new(Inner {
            kind,
            action,
            attempts,
            delivery,
            idempotent,
            request_id,
        }))
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// The action called; `None` for configuration errors.
    pub fn action(&self) -> Option<&str> {
        self.0.action.as_deref()
    }

    /// How many times the request was sent (0 if it failed before any attempt).
    pub fn attempts(&self) -> u32 {
        self.0.attempts
    }

    /// Whether the request (its last attempt) may have reached the server, and so may have
    /// taken effect.
    pub fn delivery(&self) -> Delivery {
        self.0.delivery
    }

    /// The `X-UCLOUD-REQUEST-UUID` of the failed attempt, when the server sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// The API's `RetCode`, for [`ErrorKind::Api`].
    pub fn ret_code(&self) -> Option<i64> {
        match self.0.kind {
            ErrorKind::Api { code, .. } => Some(code),
            _ => None,
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.0;
        if let ErrorKind::Config(message) = &e.kind {
            return write!(f, "invalid client configuration: {message}");
        }
        if let Some(action) = &e.action {
            write!(f, "{action}: ")?;
        }
        write!(f, "{}", e.kind)?;
        if let Some(id) = &e.request_id {
            write!(f, " (request id {id})")?;
        }
        match e.kind {
            ErrorKind::InvalidRequest(_) => return f.write_str("; nothing was sent"),
            ErrorKind::PageLimit { .. } | ErrorKind::PageRepeated { .. } => return Ok(()),
            _ => {}
        }
        let plural = if e.attempts == 1 { "" } else { "s" };
        if matches!(
            e.kind,
            ErrorKind::WaitFailed { .. } | ErrorKind::WaitTimedOut { .. }
        ) {
            return write!(f, "; polled {} time{plural}", e.attempts);
        }
        write!(f, "; {} attempt{plural}", e.attempts)?;
        if !e.idempotent {
            f.write_str(match (e.delivery, &e.kind) {
                (Delivery::NotSent, _) => "; the request never reached the server",
                (Delivery::MaybeSent, _) => {
                    "; the request may have reached the server: outcome unknown"
                }
                (Delivery::Received, ErrorKind::Decode(_)) => "; the server reported success",
                (Delivery::Received, _) => "; the server received the request",
            })?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.kind {
            ErrorKind::Transport(e) => Some(e),
            _ => None,
        }
    }
}

impl ErrorKind {
    /// Masks, in the text an answer put in this error, the secret values just sent: an API
    /// message may quote the password it refuses.
    pub(crate) fn mask_sent(&mut self, forms: &[String]) {
        if forms.is_empty() {
            return;
        }
        let mask = |s: &mut String| *s = crate::redact::mask_values(s, forms);
        match self {
            ErrorKind::Api { message, .. } | ErrorKind::Refused { message } => mask(message),
            ErrorKind::Http { body, .. } => mask(body),
            ErrorKind::InvalidResponse { reason, body, .. } => {
                mask(reason);
                mask(body);
            }
            ErrorKind::Decode(m) => mask(&mut m.found),
            _ => {}
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Config(message) => write!(f, "invalid client configuration: {message}"),
            ErrorKind::InvalidRequest(problems) => write!(f, "{problems}"),
            ErrorKind::Api { code, message } => write!(f, "API error RetCode {code}: {message}"),
            ErrorKind::Refused { message } => write!(f, "the API refused the request: {message}"),
            ErrorKind::Http { status, body } if (300..400).contains(status) => write!(
                f,
                "HTTP status {status}, a redirect, which is not followed; body: {body}"
            ),
            ErrorKind::Http { status, body } => write!(f, "HTTP status {status}; body: {body}"),
            ErrorKind::InvalidResponse {
                status,
                reason,
                body,
            } => {
                write!(
                    f,
                    "invalid response (HTTP {status}): {reason}; body: {body}"
                )
            }
            ErrorKind::Decode(mismatch) => write!(f, "cannot decode response field {mismatch}"),
            ErrorKind::ResponseTooLarge {
                limit,
                decoded: false,
            } => {
                write!(f, "response larger than the limit of {limit} bytes")
            }
            ErrorKind::ResponseTooLarge {
                limit,
                decoded: true,
            } => {
                write!(
                    f,
                    "decoded response larger than the memory budget of {limit} bytes"
                )
            }
            ErrorKind::Timeout { after } => write!(f, "no response within {after:?}"),
            ErrorKind::Transport(e) => write!(f, "{e}"),
            ErrorKind::PageRepeated { page } => write!(
                f,
                "page {page} of the listing holds the same items as page {}: the server does not page by Offset; stopped rather than repeat them",
                page.saturating_sub(1)
            ),
            ErrorKind::PageLimit { pages } => write!(
                f,
                "the listing did not end within {pages} pages, the paginator's limit; stopped before the next page"
            ),
            ErrorKind::WaitFailed { state } => write!(
                f,
                "reached state {state:?}, which ends the wait as a failure"
            ),
            ErrorKind::Transfer(why) => f.write_str(why),
            ErrorKind::WaitTimedOut {
                waited,
                last_state: Some(state),
            } => {
                write!(
                    f,
                    "still waiting after {}; last state {state:?}",
                    shown_duration(*waited)
                )
            }
            ErrorKind::WaitTimedOut {
                waited,
                last_state: None,
            } => {
                write!(
                    f,
                    "still waiting after {}; not listed yet",
                    shown_duration(*waited)
                )
            }
        }
    }
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.setter, self.setting) {
            (Some(setter), Some(setting)) => write!(
                f,
                "{} (.{setter}() on the call or the client builder, or {} with load_shared_config)",
                self.wire,
                setting.variable()
            ),
            (Some(setter), None) => write!(f, "{} (.{setter}())", self.wire),
            (None, _) => f.write_str(&self.wire),
        }
    }
}

impl fmt::Display for EncodeProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sep = "";
        if !self.missing.is_empty() {
            f.write_str("missing required parameter ")?;
            for (i, m) in self.missing.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{m}")?;
            }
            sep = "; ";
        }
        for (name, reason) in &self.invalid {
            write!(f, "{sep}invalid parameter {name}: {reason}")?;
            sep = "; ";
        }
        Ok(())
    }
}

/// The error and its sources, deduplicated: reqwest's own message is terse.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cur = s.source();
    }
    out
}

/// At most `max` bytes of `body`, cut at a character boundary, on one line, with the values
/// of sensitive keys (`sensitive`, and any named like a secret) masked; for error messages.
pub(crate) fn excerpt(body: &[u8], max: usize, sensitive: &[&str]) -> String {
    let mut end = body.len().min(max);
    while end > 0 && end < body.len() && body[end] & 0xC0 == 0x80 {
        end -= 1; // do not cut a UTF-8 sequence in half
    }
    let out: String = String::from_utf8_lossy(&body[..end])
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut out = crate::redact::mask_text(&out, sensitive);
    if end < body.len() {
        out.push('…');
    }
    out
}

/// A duration for a message: milliseconds below ten seconds (`801 ms`), else seconds with a
/// tenth (`12.5 s`).
fn shown_duration(d: Duration) -> String {
    if d < Duration::from_secs(10) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_is_bounded_and_printable() {
        assert_eq!(excerpt(b"short", 10, &[]), "short");
        assert_eq!(excerpt(b"0123456789abc", 10, &[]), "0123456789…");
        assert_eq!(excerpt("镜像镜像".as_bytes(), 7, &[]), "镜像…");
        assert_eq!(excerpt(b"a\x00b\x1bc", 10, &[]), "a b c");
        // A secret cut by the end of the excerpt is masked, not half shown.
        assert_eq!(
            excerpt(br#"{"Password":"aHVudGVyMg=="}"#, 20, &[]),
            r#"{"Password":"***…"#
        );
    }

    #[test]
    fn messages_name_action_code_attempts_and_request_id() {
        let e = Error::new(
            ErrorKind::Api {
                code: 230,
                message: "Params [Zone] not available".into(),
            },
            Context {
                action: Some("DescribeCommunityImages".into()),
                attempts: 1,
                delivery: Delivery::Received,
                idempotent: true,
                request_id: Some("abc-123".into()),
            },
        );
        assert_eq!(
            e.to_string(),
            "DescribeCommunityImages: API error RetCode 230: Params [Zone] not available (request id abc-123); 1 attempt"
        );
        assert_eq!(e.ret_code(), Some(230));
        let e = Error::new(
            ErrorKind::InvalidRequest(EncodeProblems {
                missing: vec![
                    Missing {
                        wire: "GpuType".into(),
                        setter: Some("gpu_type"),
                        setting: None,
                    },
                    Missing {
                        wire: "Disks.0.Size".into(),
                        setter: None,
                        setting: None,
                    },
                    Missing {
                        wire: "Region".into(),
                        setter: Some("region"),
                        setting: Some(crate::Setting::Region),
                    },
                ],
                invalid: vec![("Price".into(), "not a finite number".into())],
            }),
            Context {
                action: Some("CreateCompShareInstance".into()),
                attempts: 0,
                delivery: Delivery::NotSent,
                idempotent: false,
                request_id: None,
            },
        );
        assert_eq!(
            e.to_string(),
            "CreateCompShareInstance: missing required parameter GpuType (.gpu_type()), Disks.0.Size, Region (.region() on the call or the client builder, or UCLOUD_REGION with load_shared_config); invalid parameter Price: not a finite number; nothing was sent"
        );
        let e = Error::new(
            ErrorKind::Timeout {
                after: Duration::from_secs(5),
            },
            Context {
                action: Some("CreateCompShareInstance".into()),
                attempts: 1,
                delivery: Delivery::MaybeSent,
                idempotent: false,
                request_id: None,
            },
        );
        assert_eq!(
            e.to_string(),
            "CreateCompShareInstance: no response within 5s; 1 attempt; the request may have reached the server: outcome unknown"
        );
    }
}
