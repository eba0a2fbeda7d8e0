//! Where requests go: the HTTP exchange (or the mock, with `test-util`), up to the bytes of
//! the answer.

use std::time::{SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderValue;

use crate::error::{Delivery, ErrorKind, TransportError};
use crate::redact::mask_url;
use crate::response::{Failure, RawAnswer, parse_retry_after, read_body};

/// Where requests go.
pub(crate) enum Transport {
    Http(reqwest::Client),
    #[cfg(feature = "test-util")]
    Mock(crate::mock::Mock),
}

/// What an HTTP exchange needs of the client.
pub(crate) struct HttpTarget<'a> {
    pub base_url: &'a reqwest::Url,
    pub user_agent: &'a HeaderValue,
    pub max_response_bytes: usize,
    pub content_type: &'static str,
}

/// Posts the body; the status, request id, `Retry-After` and body of the answer.
pub(crate) async fn http_exchange(
    http: &reqwest::Client,
    target: &HttpTarget<'_>,
    body: &bytes::Bytes,
) -> Result<RawAnswer<'static>, Failure> {
    let response = http
        .post(target.base_url.clone())
        .header(reqwest::header::CONTENT_TYPE, target.content_type)
        .header(reqwest::header::USER_AGENT, target.user_agent.clone())
        .header("U-Timestamp-Ms", HeaderValue::from(now_ms()))
        .body(body.clone())
        .send()
        .await
        .map_err(|e| {
            // Only a request that failed to build or to connect (refused, DNS, TLS
            // handshake) provably sent nothing.
            let delivery = if e.is_builder() || e.is_connect() {
                Delivery::NotSent
            } else {
                Delivery::MaybeSent
            };
            Failure::new(
                ErrorKind::Transport(TransportError(shown(target.base_url, e))),
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
    let request_id = header("X-UCLOUD-REQUEST-UUID");
    let retry_after = header("Retry-After").and_then(|v| parse_retry_after(&v, SystemTime::now()));
    let body = read_body(response, target.max_response_bytes)
        .await
        .map_err(|kind| Failure {
            kind: match kind {
                ErrorKind::Transport(TransportError(e)) => {
                    ErrorKind::Transport(TransportError(shown(target.base_url, e)))
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
        request_id,
        retry_after,
        body: body.into(),
    })
}

/// A transport error as it may be shown: without the password of the base URL.
fn shown(url: &reqwest::Url, e: reqwest::Error) -> reqwest::Error {
    if url.password().is_none() {
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
