//! Where requests go, up to the bytes of the answer: a [`Transport`], which the HTTP client
//! and the mock (with `test-util`) implement. The call loop above it never knows which.

use std::future::Future;
use std::pin::Pin;
use std::time::{SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderValue;

use crate::error::{Delivery, ErrorKind, TransportError};
use crate::protocol::Wire;
use crate::redact::mask_url;
use crate::response::{Failure, RawAnswer, parse_retry_after, read_body};

/// One request as it leaves the client: what its protocol made of it.
#[cfg_attr(
    not(feature = "test-util"),
    allow(
        dead_code,
        reason = "the HTTP transport sends the request; the mock reads its action"
    )
)]
pub(crate) struct Outgoing<'a> {
    pub action: &'a str,
    pub wire: &'a Wire,
}

/// What an exchange gives back: the answer's bytes, or what went wrong and how far the
/// request got.
pub(crate) type Exchange<'a> =
    Pin<Box<dyn Future<Output = Result<RawAnswer<'static>, Failure>> + Send + 'a>>;

/// Sends one request and returns its answer. The caller bounds it with the attempt's
/// timeout and decodes the answer.
pub(crate) trait Transport: Send + Sync {
    fn exchange<'a>(&'a self, request: Outgoing<'a>) -> Exchange<'a>;
}

/// The HTTP transport: the request to the endpoint (or a REST action's URL under it).
pub(crate) struct Http {
    pub client: reqwest::Client,
    pub base_url: reqwest::Url,
    pub user_agent: HeaderValue,
    pub max_response_bytes: usize,
}

impl Transport for Http {
    fn exchange<'a>(&'a self, request: Outgoing<'a>) -> Exchange<'a> {
        Box::pin(http_exchange(self, request.wire))
    }
}

/// Sends the request; the status, request id, `Retry-After` and body of the answer.
async fn http_exchange(target: &Http, wire: &Wire) -> Result<RawAnswer<'static>, Failure> {
    let url = wire.url.clone().unwrap_or_else(|| target.base_url.clone());
    let mut builder = target
        .client
        .request(wire.method.clone(), url)
        .header(reqwest::header::USER_AGENT, target.user_agent.clone());
    if let Some(content_type) = wire.content_type {
        builder = builder.header(reqwest::header::CONTENT_TYPE, content_type);
    }
    if wire.stamped {
        builder = builder.header("U-Timestamp-Ms", HeaderValue::from(now_ms()));
    }
    for (name, value) in &wire.headers {
        builder = builder.header(name, value);
    }
    let response = builder.body(wire.body.clone()).send().await.map_err(|e| {
        // Only a request that failed to build or to connect (refused, DNS, TLS
        // handshake) provably sent nothing.
        let delivery = if e.is_builder() || e.is_connect() {
            Delivery::NotSent
        } else {
            Delivery::MaybeSent
        };
        Failure::new(
            ErrorKind::Transport(TransportError(shown(&target.base_url, e))),
            delivery,
        )
    })?;
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let request_id = header(wire.request_id);
    let content_type = header("Content-Type");
    let retry_after = header("Retry-After").and_then(|v| parse_retry_after(&v, SystemTime::now()));
    let body = read_body(response, target.max_response_bytes)
        .await
        .map_err(|kind| Failure {
            kind: match kind {
                ErrorKind::Transport(TransportError(e)) => {
                    ErrorKind::Transport(TransportError(shown(&target.base_url, e)))
                }
                other => other,
            },
            // The answer began but did not arrive whole: its verdict is unknown.
            delivery: Delivery::MaybeSent,
            request_id: request_id.clone(),
            status: Some(status),
            retry_after: None,
        })?;
    Ok(RawAnswer {
        status,
        content_type,
        request_id,
        retry_after,
        body: body.into(),
    })
}

/// A transport error as it may be shown: without the password or tokens of the base URL.
fn shown(url: &reqwest::Url, e: reqwest::Error) -> reqwest::Error {
    if mask_url(url) == url.as_str() {
        return e;
    }
    match reqwest::Url::parse(&mask_url(url)) {
        Ok(masked) => e.with_url(masked),
        Err(_) => e.without_url(),
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}
