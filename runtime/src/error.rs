//! The error type of every call.

use std::fmt;

use crate::decode::Mismatch;
use crate::form::EncodeProblems;

/// How far a failed request got. Decides whether a retry could duplicate its effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// The request never left the client (bad input, connection refused, DNS or TLS failure).
    NotSent,
    /// Bytes were sent but no answer came back: the server may have acted on it.
    MaybeSent,
    /// The server answered.
    Received,
}

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client could not be built from its settings.
    #[error("invalid client configuration: {0}")]
    Config(String),

    /// Required parameters are missing or a value cannot be sent. Nothing was sent.
    #[error("{action}: {problems}")]
    InvalidRequest {
        /// The action called.
        action: &'static str,
        /// What is missing or invalid, by wire name.
        problems: EncodeProblems,
    },

    /// The API answered with a non-zero `RetCode`.
    #[error("{action}: API error RetCode {code}: {message}{}", show_request_id(.request_id))]
    Api {
        /// The action called.
        action: &'static str,
        /// The `RetCode`.
        code: i64,
        /// The `Message`, empty if the API gave none.
        message: String,
        /// The `X-UCLOUD-REQUEST-UUID` header, if sent.
        request_id: Option<String>,
    },

    /// The server answered with a non-2xx HTTP status.
    #[error("{action}: HTTP status {status}{}; body: {body}", show_request_id(.request_id))]
    Http {
        /// The action called.
        action: &'static str,
        /// The HTTP status code.
        status: u16,
        /// The start of the response body.
        body: String,
        /// The `X-UCLOUD-REQUEST-UUID` header, if sent.
        request_id: Option<String>,
    },

    /// The body is not a JSON object with a `RetCode`.
    #[error("{action}: invalid response (HTTP {status}): {reason}{}; body: {body}", show_request_id(.request_id))]
    InvalidResponse {
        /// The action called.
        action: &'static str,
        /// The HTTP status code.
        status: u16,
        /// What is wrong with the body.
        reason: String,
        /// The start of the response body.
        body: String,
        /// The `X-UCLOUD-REQUEST-UUID` header, if sent.
        request_id: Option<String>,
    },

    /// A response field held a value its type cannot take, even leniently.
    #[error("{action}: cannot decode response field {mismatch}{}", show_request_id(.request_id))]
    Decode {
        /// The action called.
        action: &'static str,
        /// The JSON path of the value and what was expected.
        mismatch: Mismatch,
        /// The `X-UCLOUD-REQUEST-UUID` header, if sent.
        request_id: Option<String>,
    },

    /// The HTTP exchange failed (connect, TLS, timeout, reset).
    #[error("{action}: {}: {}", delivery_text(*.delivery), chain(.source))]
    Transport {
        /// The action called.
        action: &'static str,
        /// Whether the request may have reached the server.
        delivery: Delivery,
        /// The underlying error.
        source: reqwest::Error,
    },
}

impl Error {
    /// Whether the request may have reached the server (and so may have taken effect).
    pub fn delivery(&self) -> Delivery {
        match self {
            Error::Config(_) | Error::InvalidRequest { .. } => Delivery::NotSent,
            Error::Transport { delivery, .. } => *delivery,
            Error::Api { .. }
            | Error::Http { .. }
            | Error::InvalidResponse { .. }
            | Error::Decode { .. } => Delivery::Received,
        }
    }

    /// The `X-UCLOUD-REQUEST-UUID` of the failed call, when the server sent one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. }
            | Error::Http { request_id, .. }
            | Error::InvalidResponse { request_id, .. }
            | Error::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The API's `RetCode`, for [`Error::Api`].
    pub fn ret_code(&self) -> Option<i64> {
        match self {
            Error::Api { code, .. } => Some(*code),
            _ => None,
        }
    }
}

impl fmt::Display for EncodeProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sep = "";
        if !self.missing.is_empty() {
            write!(f, "missing required parameter {}", self.missing.join(", "))?;
            sep = "; ";
        }
        for (name, reason) in &self.invalid {
            write!(f, "{sep}invalid parameter {name}: {reason}")?;
            sep = "; ";
        }
        Ok(())
    }
}

fn show_request_id(id: &Option<String>) -> String {
    id.as_ref()
        .map(|id| format!(" (request id {id})"))
        .unwrap_or_default()
}

fn delivery_text(d: Delivery) -> &'static str {
    match d {
        Delivery::NotSent => "request not sent",
        Delivery::MaybeSent => "request may have reached the server, outcome unknown",
        Delivery::Received => "response could not be read",
    }
}

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

/// At most `max` bytes of `body`, cut at a character boundary, on one line; for error messages.
pub(crate) fn excerpt(body: &[u8], max: usize) -> String {
    let mut end = body.len().min(max);
    while end > 0 && end < body.len() && body[end] & 0xC0 == 0x80 {
        end -= 1; // do not cut a UTF-8 sequence in half
    }
    let mut out: String = String::from_utf8_lossy(&body[..end])
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if end < body.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_is_bounded_and_printable() {
        assert_eq!(excerpt(b"short", 10), "short");
        assert_eq!(excerpt(b"0123456789abc", 10), "0123456789…");
        assert_eq!(excerpt("镜像镜像".as_bytes(), 7), "镜像…");
        assert_eq!(excerpt(b"a\x00b\x1bc", 10), "a b c");
    }

    #[test]
    fn messages_name_action_code_and_request_id() {
        let e = Error::Api {
            action: "DescribeCommunityImages",
            code: 230,
            message: "Params [Zone] not available".into(),
            request_id: Some("abc-123".into()),
        };
        assert_eq!(
            e.to_string(),
            "DescribeCommunityImages: API error RetCode 230: Params [Zone] not available (request id abc-123)"
        );
        assert_eq!(e.delivery(), Delivery::Received);
        let e = Error::InvalidRequest {
            action: "CreateCompShareInstance",
            problems: EncodeProblems {
                missing: vec!["GpuType".into(), "Disks.0.Size".into()],
                invalid: vec![("Price".into(), "not a finite number".into())],
            },
        };
        assert_eq!(
            e.to_string(),
            "CreateCompShareInstance: missing required parameter GpuType, Disks.0.Size; invalid parameter Price: not a finite number"
        );
        assert_eq!(e.delivery(), Delivery::NotSent);
    }
}
