//! The one path every call takes: encode, sign, send, retry, decode.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;
use tracing::Instrument;

use crate::Credentials;
use crate::action::{Action, CallOptions, Protocol, Reply, Route};
use crate::body::Body;
use crate::error::{Context, Delivery, Error, ErrorKind};
use crate::form::{Common, Form};
use crate::protocol::{Target, Wire, wire};
use crate::redact::mask_url;
pub(crate) use crate::request::Request;
use crate::response::{
    BLOCKING_DECODE_BYTES, DecodeSettings, Failure, RawAnswer, read_file, read_response,
};
use crate::retry::{Failed, RetryBudget, RetryPolicy, Rules, Tokens, next_try};
use crate::signed::SignedParams;
use crate::transport::{Outgoing, Transport};

pub use compshare_protocol::PROTOCOL_PARAMS;

/// A typed action as a [`Request`].
struct Typed<'a, A>(&'a A);

impl<A: Action> Request for Typed<'_, A> {
    type Output = A::Output;
    fn name(&self) -> Cow<'static, str> {
        Cow::Borrowed(A::NAME)
    }
    fn idempotent(&self) -> bool {
        // A create that carries an idempotency key is one create however often it is sent.
        A::IDEMPOTENT || A::IDEMPOTENCY_HEADER.is_some()
    }
    fn body(&self) -> Body {
        A::BODY
    }
    fn retry_codes(&self) -> &'static [i64] {
        A::RETRY_CODES
    }
    fn retry_pause(&self) -> Duration {
        A::RETRY_PAUSE
    }
    fn route(&self) -> Option<Route> {
        A::ROUTE
    }
    fn idempotency_header(&self) -> Option<&'static str> {
        A::IDEMPOTENCY_HEADER
    }
    fn encode(&self, form: &mut Form<'_>) {
        self.0.encode(form);
    }
    fn read(
        answer: &RawAnswer<'_>,
        settings: &DecodeSettings,
        deadline: Option<(std::time::Instant, Duration)>,
    ) -> Result<Reply<A::Output>, Failure> {
        if A::FILE {
            return read_file::<A::Output>(answer, settings, deadline);
        }
        read_response::<A::Output>(answer, settings, deadline)
    }
}

/// How a client sends: timeouts, retries, limits.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Settings {
    pub timeout: Duration,
    pub deadline: Option<Duration>,
    pub retry: RetryPolicy,
    pub budget: RetryBudget,
    pub max_response_bytes: usize,
    pub decode: DecodeSettings,
    /// The service's transient error codes ([`ServiceInfo::retry_codes`]).
    pub retry_codes: &'static [i64],
    /// Actions sent as JSON ([`ServiceInfo::json_bodies`]).
    pub json_bodies: &'static [&'static str],
    /// The service's wire format ([`ServiceInfo::protocol`]).
    pub protocol: Protocol,
}

/// A configured connection to one service. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub transport: Box<dyn Transport>,
    /// The HTTP client of uploads and downloads (no redirects, no credentials of its own):
    /// the SDK's own; none when the caller gave theirs, and then `files_made` once needed.
    pub files: Option<reqwest::Client>,
    pub files_made: std::sync::OnceLock<Result<reqwest::Client, String>>,
    pub credentials: Credentials,
    pub base_url: reqwest::Url,
    pub defaults: Common,
    pub settings: Settings,
    /// Retry tokens, shared by every call of the client and its clones.
    pub tokens: Tokens,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &mask_url(&self.inner.base_url))
            .field("defaults", &self.inner.defaults)
            .field("credentials", &self.inner.credentials)
            .field("settings", &self.inner.settings)
            .finish()
    }
}

impl Client {
    /// The endpoint requests go to.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str()
    }

    /// What the protocol needs to make a request.
    fn target(&self) -> Target<'_> {
        let inner = &self.inner;
        Target {
            protocol: inner.settings.protocol,
            credentials: &inner.credentials,
            defaults: &inner.defaults,
            base_url: &inner.base_url,
            sensitive: inner.settings.decode.sensitive,
        }
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
        crate::protocol::params(&self.target(), &Typed(action), common)
    }

    /// Encodes and signs `action` once: what [`Signed::params`] shows (a dry run, a preview)
    /// is what [`Signed::send`] sends, on every attempt.
    pub fn sign_action<A: Action>(
        &self,
        action: A,
        options: CallOptions,
    ) -> Result<Signed<A>, Error> {
        let wire = wire(&self.target(), &Typed(&action), &options.common)?;
        Ok(Signed {
            client: self.clone(),
            action,
            wire,
            options,
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
        self.exchange(&Typed(action), options, None).await
    }

    /// Sends a request of any kind, typed or raw, as [`Client::send`] describes; `signed`
    /// holds its parameters when they were signed before.
    pub(crate) async fn exchange<Q: Request>(
        &self,
        request: &Q,
        options: &CallOptions,
        signed: Option<&Wire>,
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
        self.call(request, options, signed).instrument(span).await
    }

    async fn call<Q: Request>(
        &self,
        request: &Q,
        options: &CallOptions,
        signed: Option<&Wire>,
    ) -> Result<Reply<Q::Output>, Error> {
        // Over 80 lines: the retry loop, read top to bottom as the life of one call; its decisions
        // are `next_try`, the budget and the helpers below.
        let started = Instant::now();
        let span = tracing::Span::current();
        let owned;
        // Made once, shared by the attempts, never copied.
        let request_wire = match signed {
            Some(w) => w,
            None => {
                owned = wire(&self.target(), request, &options.common)?;
                &owned
            }
        };
        let settings = &self.inner.settings;
        let attempt_timeout = options.timeout.unwrap_or(settings.timeout);
        // A deadline too far away to represent is no deadline.
        let deadline = options
            .deadline
            .or(settings.deadline)
            .and_then(|d| started.checked_add(d));
        let rules = Rules {
            policy: &settings.retry,
            max_retries: options.max_retries.unwrap_or(settings.retry.max_retries),
            idempotent: request.idempotent(),
            service_codes: settings.retry_codes,
            action_codes: request.retry_codes(),
            pause: request.retry_pause(),
        };
        let mut attempt = 0;
        // Retry tokens this call has taken, given back if it succeeds.
        let mut spent = 0;
        loop {
            attempt += 1;
            let attempt_started = Instant::now();
            let timeout = match deadline {
                Some(d) => attempt_timeout.min(d.saturating_duration_since(attempt_started)),
                None => attempt_timeout,
            };
            let result = self
                .attempt::<Q>(&request.name(), request_wire, timeout)
                .await;
            let latency_ms = attempt_started.elapsed().as_millis() as u64;
            span.record("attempts", attempt);
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            let failure = match result {
                Ok((status, reply)) => {
                    record_answer(&span, Some(status), reply.request_id.as_deref());
                    tracing::debug!(attempt, status, latency_ms, "attempt succeeded");
                    self.inner.tokens.succeeded(spent);
                    warn_mismatches(&reply);
                    return Ok(reply);
                }
                Err(mut failure) => {
                    // Before it is traced or returned: an answer may quote a secret just sent.
                    failure
                        .kind
                        .mask_sent(&crate::redact::sent_forms(request_wire.secret_values()));
                    failure
                }
            };
            record_answer(&span, failure.status, failure.request_id.as_deref());
            let failed = Failed {
                kind: &failure.kind,
                delivery: failure.delivery,
                retry_after: failure.retry_after,
                attempt,
            };
            let time_left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            let next = next_try(&rules, &failed, settings.retry.backoff(attempt), time_left);
            // The client-wide budget can only remove a retry the rules allow.
            let next = next.filter(|_| match self.inner.tokens.take(&failure.kind) {
                Some(cost) => {
                    spent = spent.saturating_add(cost);
                    true
                }
                None => {
                    tracing::debug!(attempt, "retry budget exhausted: not retrying");
                    false
                }
            });
            tracing::debug!(
                attempt,
                status = failure.status,
                latency_ms,
                error = %failure.kind,
                retry = next.is_some(),
                "attempt failed"
            );
            let Some(wait) = next else {
                return Err(Error::new(
                    failure.kind,
                    Context {
                        action: Some(request.name()),
                        attempts: attempt,
                        delivery: failure.delivery,
                        idempotent: request.idempotent(),
                        request_id: failure.request_id,
                    },
                ));
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// One exchange and the decoding of its answer, bounded as a whole by `timeout`: the
    /// status and reply, or what went wrong.
    async fn attempt<Q: Request>(
        &self,
        name: &str,
        wire: &Wire,
        timeout: Duration,
    ) -> Result<(u16, Reply<Q::Output>), Failure> {
        // Decoding checks the clock too, so that work cut off by the timeout stops soon after.
        let decode_deadline = std::time::Instant::now()
            .checked_add(timeout)
            .map(|d| (d, timeout));
        let exchange = async {
            let answer = self
                .inner
                .transport
                .exchange(Outgoing { action: name, wire })
                .await?;
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
        answer: RawAnswer<'static>,
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
}

/// Records an answer's status and request id on the call's span.
fn record_answer(span: &tracing::Span, status: Option<u16>, request_id: Option<&str>) {
    if let Some(status) = status {
        span.record("status", status);
    }
    if let Some(id) = request_id {
        span.record("request_id", id);
    }
}

/// A warning per response field that did not fit its type, and one for those not listed.
fn warn_mismatches<T>(reply: &Reply<T>) {
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
}

/// A typed request encoded and signed once, with the client and options it was signed for:
/// sent as it is, on every attempt.
pub struct Signed<A: Action> {
    client: Client,
    action: A,
    wire: Wire,
    options: CallOptions,
}

impl<A: Action> Signed<A> {
    /// The parameters as they are sent (`Debug` masks the secrets).
    pub fn params(&self) -> &SignedParams {
        &self.wire.params
    }

    /// The HTTP method it is sent with.
    pub fn method(&self) -> &str {
        self.wire.method.as_str()
    }

    /// The URL it is sent to (for a REST action, with its path and query), masked.
    pub fn url(&self) -> String {
        match &self.wire.url {
            Some(url) => mask_url(url),
            None => mask_url(&self.client.inner.base_url),
        }
    }

    /// The body it is sent with (for a REST action, its JSON; empty if none).
    pub fn body(&self) -> &[u8] {
        &self.wire.body
    }

    /// The endpoint it goes to.
    pub fn base_url(&self) -> &str {
        self.client.base_url()
    }

    /// Sends it, as [`Client::send`] does, without encoding or signing it again.
    pub async fn send(&self) -> Result<Reply<A::Output>, Error> {
        self.client
            .exchange(&Typed(&self.action), &self.options, Some(&self.wire))
            .await
    }
}

impl<A: Action> fmt::Debug for Signed<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signed")
            .field("action", &A::NAME)
            .field("params", &self.wire.params)
            .finish()
    }
}
