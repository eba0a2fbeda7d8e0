//! The one path every call takes: encode, sign, send, retry, decode.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderValue;
use tokio::time::Instant;
use tracing::Instrument;

use crate::decode::{DecodeFields, Mismatch};
use crate::error::{Delivery, Error, ErrorKind};
use crate::form::{Common, Form, urlencode};
use crate::redact::{MASK, is_sensitive_key, mask_url};
use crate::response::{
    BLOCKING_DECODE_BYTES, DecodeSettings, Failure, RawAnswer, parse_retry_after, read_body,
    read_response,
};
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
    /// Wire names the spec marks sensitive: their values are masked wherever text is shown,
    /// besides those of keys named like secrets (see [`redact`](crate::redact)).
    pub sensitive: &'static [&'static str],
}

/// One API action: its name, its retry safety, how it encodes and what it returns.
/// Generated code implements it for each request type.
pub trait Action: Send + Sync + 'static {
    /// The wire name, sent as `Action`.
    const NAME: &'static str;
    /// Whether repeating the call cannot duplicate its effect.
    const IDEMPOTENT: bool;
    /// The decoded response.
    type Output: DecodeFields + Send + 'static;
    /// Writes the action's parameters (not `Action`, `PublicKey` or `Signature`).
    fn encode(&self, form: &mut Form<'_>);
}

/// What the call path needs of a request, typed action or raw call alike.
pub(crate) trait Request: Sync {
    /// What a successful answer becomes.
    type Output: Send + 'static;
    /// The action's wire name.
    fn name(&self) -> Cow<'static, str>;
    /// Whether repeating the call cannot duplicate its effect.
    fn idempotent(&self) -> bool;
    /// Writes the parameters (not `Action`, `PublicKey` or `Signature`).
    fn encode(&self, form: &mut Form<'_>);
    /// Reads an answer; may run on the blocking pool.
    fn read(
        answer: &RawAnswer,
        settings: &DecodeSettings,
        deadline: Option<(std::time::Instant, Duration)>,
    ) -> Result<Reply<Self::Output>, Failure>;
}

/// A typed action as a [`Request`].
struct Typed<'a, A>(&'a A);

impl<A: Action> Request for Typed<'_, A> {
    type Output = A::Output;
    fn name(&self) -> Cow<'static, str> {
        Cow::Borrowed(A::NAME)
    }
    fn idempotent(&self) -> bool {
        A::IDEMPOTENT
    }
    fn encode(&self, form: &mut Form<'_>) {
        self.0.encode(form);
    }
    fn read(
        answer: &RawAnswer,
        settings: &DecodeSettings,
        deadline: Option<(std::time::Instant, Duration)>,
    ) -> Result<Reply<A::Output>, Failure> {
        read_response::<A::Output>(answer, settings, deadline)
    }
}

/// A successful response with the metadata that came with it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Reply<T> {
    /// The decoded response.
    pub output: T,
    /// The `X-UCLOUD-REQUEST-UUID` header, if sent: quote it to support.
    pub request_id: Option<String>,
    /// Response fields whose values fit no lenient rule and were left at their defaults (at
    /// most [`MAX_MISMATCHES`](crate::decode::MAX_MISMATCHES)). Each is also traced as a
    /// warning. Empty for a response that matched its declared types.
    pub mismatches: Vec<Mismatch>,
    /// Mismatches beyond those listed, counted only.
    pub more_mismatches: usize,
}

impl<T> Reply<T> {
    /// The response fields that were left at their defaults because their values did not fit.
    pub fn mismatches(&self) -> &[Mismatch] {
        &self.mismatches
    }
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
    pub decode: DecodeSettings,
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
    /// Checked when the client was built, so sending never fails on it.
    pub user_agent: HeaderValue,
    pub settings: Settings,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &mask_url(&self.inner.base_url))
            .field("defaults", &self.inner.defaults)
            .field("credentials", &self.inner.credentials)
            .field("user_agent", &self.inner.user_agent)
            .field("settings", &self.inner.settings)
            .finish()
    }
}

/// The parameters of a signed request, in the order they are sent. `Debug` masks the values
/// of sensitive parameters and the signature.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedParams {
    params: Vec<(String, String)>,
    sensitive: &'static [&'static str],
}

impl SignedParams {
    /// Each parameter as (wire name, value), in the order sent.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// A parameter's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// The number of parameters.
    pub fn len(&self) -> usize {
        self.params.len()
    }

    /// Whether there are none (never the case: `Action` is always sent).
    pub fn is_empty(&self) -> bool {
        self.params.is_empty()
    }

    /// The `application/x-www-form-urlencoded` body that carries them.
    pub fn to_form_body(&self) -> String {
        urlencode(&self.params)
    }

    /// The parameters, secrets included.
    pub fn into_vec(self) -> Vec<(String, String)> {
        self.params
    }

    /// The wire names the service marks sensitive.
    #[cfg_attr(not(feature = "test-util"), allow(dead_code))]
    pub(crate) fn sensitive(&self) -> &'static [&'static str] {
        self.sensitive
    }
}

impl fmt::Debug for SignedParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_params(f, self.iter(), self.sensitive)
    }
}

/// A parameter list for `Debug`, sensitive values masked.
pub(crate) fn debug_params<'a>(
    f: &mut fmt::Formatter<'_>,
    params: impl Iterator<Item = (&'a str, &'a str)>,
    sensitive: &[&str],
) -> fmt::Result {
    f.debug_map()
        .entries(params.map(|(k, v)| {
            let shown = if is_sensitive_key(k, sensitive) {
                MASK
            } else {
                v
            };
            (k, shown)
        }))
        .finish()
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
    ) -> Result<SignedParams, Error> {
        self.sign(&Typed(action), common)
    }

    fn sign<Q: Request>(&self, request: &Q, common: &Common) -> Result<SignedParams, Error> {
        let common = common.or(&self.inner.defaults);
        let mut form = Form::new(&common);
        form.scalar("Action", request.name().into_owned());
        request.encode(&mut form);
        let mut params = form.finish().map_err(|problems| {
            Error::new(
                ErrorKind::InvalidRequest(problems),
                Some(request.name()),
                0,
                Delivery::NotSent,
                request.idempotent(),
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
        Ok(SignedParams {
            params,
            sensitive: self.inner.settings.decode.sensitive,
        })
    }

    /// Sends `action`, retrying as the client's [`RetryPolicy`] allows, and decodes its
    /// response. Traced as one `compshare.call` span (action, attempts, status, request id,
    /// latency) with a debug event per attempt and a warning per mismatched response field;
    /// parameters are never traced.
    pub async fn send<A: Action>(
        &self,
        action: &A,
        options: &CallOptions,
    ) -> Result<Reply<A::Output>, Error> {
        self.exchange(&Typed(action), options).await
    }

    /// Sends a request of any kind, typed or raw, as [`Client::send`] describes.
    pub(crate) async fn exchange<Q: Request>(
        &self,
        request: &Q,
        options: &CallOptions,
    ) -> Result<Reply<Q::Output>, Error> {
        let name = request.name();
        let span = tracing::debug_span!(
            "compshare.call",
            action = name.as_ref(),
            idempotent = request.idempotent(),
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        self.call(request, options).instrument(span).await
    }

    async fn call<Q: Request>(
        &self,
        request: &Q,
        options: &CallOptions,
    ) -> Result<Reply<Q::Output>, Error> {
        let started = Instant::now();
        let span = tracing::Span::current();
        let params = self.sign(request, &options.common)?;
        let body = params.to_form_body();
        let settings = &self.inner.settings;
        let max_retries = options.max_retries.unwrap_or(settings.retry.max_retries);
        let attempt_timeout = options.timeout.unwrap_or(settings.timeout);
        // A deadline too far away to represent is no deadline.
        let deadline = options
            .deadline
            .or(settings.deadline)
            .and_then(|d| started.checked_add(d));
        let mut attempt = 0;
        loop {
            attempt += 1;
            let attempt_started = Instant::now();
            let timeout = match deadline {
                Some(d) => attempt_timeout.min(d.saturating_duration_since(attempt_started)),
                None => attempt_timeout,
            };
            let result = self
                .attempt::<Q>(&request.name(), &params, &body, timeout)
                .await;
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
                    for m in &reply.mismatches {
                        tracing::warn!(
                            path = %m.path,
                            expected = m.expected,
                            found = %m.found,
                            "response field does not fit its type; left at its default"
                        );
                    }
                    if reply.more_mismatches > 0 {
                        tracing::warn!(
                            more = reply.more_mismatches,
                            "more response fields did not fit their types"
                        );
                    }
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
            // The server's own wish wins over the backoff, within the policy's bound.
            let wait = match failure.retry_after {
                Some(asked) => asked.min(settings.retry.max_delay),
                None => settings.retry.backoff(attempt),
            };
            let in_time = deadline
                .is_none_or(|d| Instant::now().checked_add(wait).is_some_and(|end| end < d));
            let retry = attempt <= max_retries
                && in_time
                && retryable(&failure.kind, failure.delivery, request.idempotent());
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
                    Some(request.name()),
                    attempt,
                    failure.delivery,
                    request.idempotent(),
                    failure.request_id,
                ));
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// One exchange and the decoding of its answer, bounded as a whole by `timeout`: the
    /// status and reply, or what went wrong.
    async fn attempt<Q: Request>(
        &self,
        name: &str,
        params: &SignedParams,
        body: &str,
        timeout: Duration,
    ) -> Result<(u16, Reply<Q::Output>), Failure> {
        // Decoding checks the clock too, so that work cut off by the timeout stops soon after.
        let decode_deadline = std::time::Instant::now()
            .checked_add(timeout)
            .map(|d| (d, timeout));
        let exchange = async {
            let answer = match &self.inner.transport {
                Transport::Http(http) => self.http_exchange(http, body).await?,
                #[cfg(feature = "test-util")]
                Transport::Mock(mock) => mock.exchange(name, params).await,
            };
            #[cfg(not(feature = "test-util"))]
            let _ = (name, params);
            let status = answer.status;
            self.decode::<Q>(answer, decode_deadline)
                .await
                .map(|reply| (status, reply))
        };
        match tokio::time::timeout(timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(Failure::new(
                ErrorKind::Timeout { after: timeout },
                Delivery::MaybeSent,
            )),
        }
    }

    /// Decodes an answer: small bodies at once, large ones on the blocking pool so that the
    /// async runtime keeps running while they are read.
    async fn decode<Q: Request>(
        &self,
        answer: RawAnswer,
        deadline: Option<(std::time::Instant, Duration)>,
    ) -> Result<Reply<Q::Output>, Failure> {
        let settings = self.inner.settings.decode;
        if answer.body.len() < BLOCKING_DECODE_BYTES {
            return Q::read(&answer, &settings, deadline);
        }
        let decoding = tokio::task::spawn_blocking(move || Q::read(&answer, &settings, deadline));
        match decoding.await {
            Ok(result) => result,
            // Only a bug in the decoder could get here; report it rather than crash the caller.
            Err(e) => Err(Failure::new(
                ErrorKind::InvalidResponse {
                    status: 0,
                    reason: format!("decoding failed: {e}"),
                    body: String::new(),
                },
                Delivery::MaybeSent,
            )),
        }
    }

    /// Posts the form; the status, request id, `Retry-After` and body of the answer.
    async fn http_exchange(
        &self,
        http: &reqwest::Client,
        body: &str,
    ) -> Result<RawAnswer, Failure> {
        let inner = &self.inner;
        let response = http
            .post(inner.base_url.clone())
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(reqwest::header::USER_AGENT, inner.user_agent.clone())
            .header("U-Timestamp-Ms", now_ms().to_string())
            .body(body.to_owned())
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
                Failure::new(ErrorKind::Transport(self.shown(e)), delivery)
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
        let retry_after =
            header("Retry-After").and_then(|v| parse_retry_after(&v, SystemTime::now()));
        let body = read_body(response, inner.settings.max_response_bytes)
            .await
            .map_err(|kind| Failure {
                kind: match kind {
                    ErrorKind::Transport(e) => ErrorKind::Transport(self.shown(e)),
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
            body,
        })
    }

    /// A transport error as it may be shown: without the password of the base URL.
    fn shown(&self, e: reqwest::Error) -> reqwest::Error {
        let url = &self.inner.base_url;
        if url.password().is_none() {
            return e;
        }
        match reqwest::Url::parse(&mask_url(url)) {
            Ok(masked) => e.with_url(masked),
            Err(_) => e.without_url(),
        }
    }
}

fn now_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
}
