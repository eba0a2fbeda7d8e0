//! The one path every call takes: encode, sign, send, retry, decode.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tracing::Instrument;

use crate::decode::DecodeFields;
use crate::error::{Delivery, Error, ErrorKind};
use crate::form::{Common, Form, urlencode};
use crate::response::{Failure, read_body, read_response};
use crate::retry::{RetryPolicy, retryable};
use crate::{Credentials, signature};

/// Static facts about a generated service crate.
#[derive(Debug)]
pub struct ServiceInfo {
    /// The UCloud product name, e.g. `UCompShare`.
    pub product: &'static str,
    /// The endpoint used when none is configured.
    pub default_base_url: &'static str,
    /// The generated crate's name, for the `User-Agent`.
    pub crate_name: &'static str,
    /// The generated crate's version, for the `User-Agent`.
    pub crate_version: &'static str,
}

/// One API action: its name, its retry safety, how it encodes and what it returns.
/// Generated code implements it for each request type.
pub trait Action: Send + Sync {
    /// The wire name, sent as `Action`.
    const NAME: &'static str;
    /// Whether repeating the call cannot duplicate its effect.
    const IDEMPOTENT: bool;
    /// The decoded response.
    type Output: DecodeFields + Send;
    /// Writes the action's parameters (not `Action`, `PublicKey` or `Signature`).
    fn encode(&self, form: &mut Form<'_>);
}

/// A successful response with the metadata that came with it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Reply<T> {
    /// The decoded response.
    pub output: T,
    /// The `X-UCLOUD-REQUEST-UUID` header, if sent: quote it to support.
    pub request_id: Option<String>,
}

/// Settings of one call; unset ones come from the client.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallOptions {
    /// The call's own region, zone and project id.
    pub common: Common,
    /// Retries after the first attempt.
    pub max_retries: Option<u32>,
    /// Timeout of each attempt.
    pub timeout: Option<Duration>,
    /// Time the whole call, retries and waits included, may take.
    pub deadline: Option<Duration>,
}

/// How a client sends: timeouts, retries, limits.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Settings {
    pub timeout: Duration,
    pub deadline: Option<Duration>,
    pub retry: RetryPolicy,
    pub max_response_bytes: usize,
}

/// A configured connection to one UCloud service. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

/// Where requests go.
pub(crate) enum Transport {
    Http(reqwest::Client),
    #[cfg(feature = "test-util")]
    Mock(crate::mock::Mock),
}

pub(crate) struct Inner {
    pub transport: Transport,
    pub credentials: Credentials,
    pub base_url: reqwest::Url,
    pub defaults: Common,
    pub user_agent: String,
    pub settings: Settings,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("defaults", &self.inner.defaults)
            .field("credentials", &self.inner.credentials)
            .field("user_agent", &self.inner.user_agent)
            .field("settings", &self.inner.settings)
            .finish()
    }
}

impl Client {
    /// The endpoint requests go to.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str()
    }

    /// The region, zone and project id used when a call does not set its own.
    pub fn defaults(&self) -> &Common {
        &self.inner.defaults
    }

    /// Encodes and signs `action`: the form parameters in the order they are sent. `common`
    /// holds the call's own region, zone and project id; the client's fill the gaps.
    pub fn signed_params<A: Action>(
        &self,
        action: &A,
        common: &Common,
    ) -> Result<Vec<(String, String)>, Error> {
        let common = common.or(&self.inner.defaults);
        let mut form = Form::new(&common);
        form.scalar("Action", A::NAME.to_owned());
        action.encode(&mut form);
        let mut params = form.finish().map_err(|problems| {
            Error::new(
                ErrorKind::InvalidRequest(problems),
                Some(A::NAME),
                0,
                Delivery::NotSent,
                A::IDEMPOTENT,
                None,
            )
        })?;
        params.push((
            "PublicKey".to_owned(),
            self.inner.credentials.public_key().to_owned(),
        ));
        let sig = signature(
            params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            self.inner.credentials.private_key().expose(),
        );
        params.push(("Signature".to_owned(), sig));
        Ok(params)
    }

    /// Sends `action`, retrying as the client's [`RetryPolicy`] allows, and decodes its
    /// response. Traced as one `compshare.call` span (action, attempts, status, request id,
    /// latency) with a debug event per attempt; parameters are never traced.
    pub async fn send<A: Action>(
        &self,
        action: &A,
        options: &CallOptions,
    ) -> Result<Reply<A::Output>, Error> {
        let span = tracing::debug_span!(
            "compshare.call",
            action = A::NAME,
            idempotent = A::IDEMPOTENT,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        self.call(action, options).instrument(span).await
    }

    async fn call<A: Action>(
        &self,
        action: &A,
        options: &CallOptions,
    ) -> Result<Reply<A::Output>, Error> {
        let started = Instant::now();
        let span = tracing::Span::current();
        let params = self.signed_params(action, &options.common)?;
        let settings = &self.inner.settings;
        let max_retries = options.max_retries.unwrap_or(settings.retry.max_retries);
        let attempt_timeout = options.timeout.unwrap_or(settings.timeout);
        let deadline = options.deadline.or(settings.deadline).map(|d| started + d);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let attempt_started = Instant::now();
            let timeout = match deadline {
                Some(d) => attempt_timeout.min(d.saturating_duration_since(attempt_started)),
                None => attempt_timeout,
            };
            let result = self.attempt::<A>(&params, timeout).await;
            let latency_ms = attempt_started.elapsed().as_millis() as u64;
            span.record("attempts", attempt);
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            let failure = match result {
                Ok((status, reply)) => {
                    span.record("status", status);
                    if let Some(id) = &reply.request_id {
                        span.record("request_id", id.as_str());
                    }
                    tracing::debug!(attempt, status, latency_ms, "attempt succeeded");
                    return Ok(reply);
                }
                Err(failure) => failure,
            };
            if let Some(status) = failure.status {
                span.record("status", status);
            }
            if let Some(id) = &failure.request_id {
                span.record("request_id", id.as_str());
            }
            let wait = settings.retry.backoff(attempt);
            let in_time = deadline.is_none_or(|d| Instant::now() + wait < d);
            let retry = attempt <= max_retries
                && in_time
                && retryable(&failure.kind, failure.delivery, A::IDEMPOTENT);
            tracing::debug!(
                attempt,
                status = failure.status,
                latency_ms,
                error = %failure.kind,
                retry,
                "attempt failed"
            );
            if !retry {
                return Err(Error::new(
                    failure.kind,
                    Some(A::NAME),
                    attempt,
                    failure.delivery,
                    A::IDEMPOTENT,
                    failure.request_id,
                ));
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// One HTTP exchange, bounded by `timeout`: the status and reply, or what went wrong.
    async fn attempt<A: Action>(
        &self,
        params: &[(String, String)],
        timeout: Duration,
    ) -> Result<(u16, Reply<A::Output>), Failure> {
        let exchange = async {
            let (status, request_id, body) = match &self.inner.transport {
                Transport::Http(http) => self.http_exchange(http, &urlencode(params)).await?,
                #[cfg(feature = "test-util")]
                Transport::Mock(mock) => {
                    let answer = mock.answer(A::NAME, params);
                    (answer.status, None, answer.body.into_bytes())
                }
            };
            read_response::<A>(status, &body, request_id).map(|reply| (status, reply))
        };
        match tokio::time::timeout(timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(Failure::new(
                ErrorKind::Timeout { after: timeout },
                Delivery::MaybeSent,
            )),
        }
    }
}

impl Client {
    /// Posts the form; the status, request id and body of the answer.
    async fn http_exchange(
        &self,
        http: &reqwest::Client,
        body: &str,
    ) -> Result<(u16, Option<String>, Vec<u8>), Failure> {
        let inner = &self.inner;
        let response = http
            .post(inner.base_url.clone())
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(reqwest::header::USER_AGENT, &inner.user_agent)
            .header("U-Timestamp-Ms", now_ms().to_string())
            .body(body.to_owned())
            .send()
            .await
            .map_err(|e| {
                // Only a failed connect (refused, DNS, TLS handshake) proves nothing was sent.
                let delivery = if e.is_connect() {
                    Delivery::NotSent
                } else {
                    Delivery::MaybeSent
                };
                Failure::new(ErrorKind::Transport(e), delivery)
            })?;
        let status = response.status().as_u16();
        let request_id = response
            .headers()
            .get("X-UCLOUD-REQUEST-UUID")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = read_body(response, inner.settings.max_response_bytes)
            .await
            .map_err(|kind| Failure {
                kind,
                delivery: Delivery::Received,
                request_id: request_id.clone(),
                status: Some(status),
            })?;
        Ok((status, request_id, body))
    }
}

fn now_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
}
