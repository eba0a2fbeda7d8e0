//! A client with no network, for testing code that uses the SDK: responses are programmed per
//! action and every request is recorded. Behind the `test-util` feature.
//!
//! The mock replaces only the HTTP exchange: encoding, required-parameter checks, retries and
//! decoding run exactly as for a real call, so a programmed error code or an undecodable
//! body fails the same way.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::action::Action;
use crate::response::RawAnswer;
use crate::signed::{SignedParams, debug_params};

/// One request the mock received. `Debug` masks the values of sensitive parameters.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MockRequest {
    /// The action, e.g. `DescribeCompShareInstance`.
    pub action: String,
    /// Every parameter sent (flattened, e.g. `UHostIds.0`), without the signature.
    pub params: BTreeMap<String, String>,
    sensitive: &'static [&'static str],
}

impl fmt::Debug for MockRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Params<'a>(&'a MockRequest);
        impl fmt::Debug for Params<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let params = self.0.params.iter().map(|(k, v)| (k.as_str(), v.as_str()));
                debug_params(f, params, self.0.sensitive)
            }
        }
        f.debug_struct("MockRequest")
            .field("action", &self.action)
            .field("params", &Params(self))
            .finish()
    }
}

impl MockRequest {
    /// A parameter's value.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }
}

/// What the mock answers: an HTTP status and a body, after an optional delay.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct MockResponse {
    /// HTTP status.
    pub status: u16,
    /// Response body.
    pub body: String,
    /// How long the answer takes; the call's timeout and deadline apply as to a real server.
    pub delay: Duration,
}

impl MockResponse {
    /// HTTP 200 with a JSON body, the answer as the service writes it.
    pub fn json(body: impl Into<String>) -> Self {
        Self::status(200, body)
    }

    /// Any status and body.
    pub fn status(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    /// The same answer, given after `delay` (measured on tokio's clock, so a test with
    /// paused time runs it instantly).
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

type Responder = Arc<dyn Fn(&MockRequest) -> MockResponse + Send + Sync>;

/// Programmed responses and recorded requests; clones share them. Give it to a client with
/// `ClientBuilder::mock`.
#[derive(Clone, Default)]
pub struct Mock {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    responders: HashMap<String, Responder>,
    requests: Vec<MockRequest>,
}

impl fmt::Debug for Mock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        let mut actions: Vec<&String> = state.responders.keys().collect();
        actions.sort();
        f.debug_struct("Mock")
            .field("actions", &actions)
            .field("requests", &state.requests.len())
            .finish()
    }
}

impl Mock {
    /// A mock with nothing programmed: every action answers HTTP 501.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic in a user's responder must not poison every later call.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Answers every call of `A` with this JSON body (HTTP 200).
    pub fn on<A: Action>(&self, json: impl Into<String>) -> &Self {
        let response = MockResponse::json(json);
        self.respond::<A>(move |_| response.clone())
    }

    /// Answers every call of `A` with what `responder` returns for the request.
    pub fn respond<A: Action>(
        &self,
        responder: impl Fn(&MockRequest) -> MockResponse + Send + Sync + 'static,
    ) -> &Self {
        self.respond_to(A::NAME, responder)
    }

    /// Answers every call of the action named `action` (typed or raw) with what `responder`
    /// returns for the request.
    pub fn respond_to(
        &self,
        action: &str,
        responder: impl Fn(&MockRequest) -> MockResponse + Send + Sync + 'static,
    ) -> &Self {
        self.lock()
            .responders
            .insert(action.to_owned(), Arc::new(responder));
        self
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<MockRequest> {
        self.lock().requests.clone()
    }

    /// The requests received so far for `A`.
    pub fn requests_of<A: Action>(&self) -> Vec<MockRequest> {
        self.lock()
            .requests
            .iter()
            .filter(|r| r.action == A::NAME)
            .cloned()
            .collect()
    }

    /// Records a request and answers it, after the response's delay.
    async fn exchange(&self, action: &str, params: &SignedParams) -> RawAnswer<'static> {
        let response = self.answer(action, params);
        if !response.delay.is_zero() {
            tokio::time::sleep(response.delay).await;
        }
        RawAnswer {
            status: response.status,
            content_type: None,
            request_id: None,
            retry_after: None,
            body: response.body.into_bytes().into(),
        }
    }

    fn answer(&self, action: &str, params: &SignedParams) -> MockResponse {
        let request = MockRequest {
            action: action.to_owned(),
            params: params
                .iter()
                .filter(|(k, _)| *k != "Signature")
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            sensitive: params.sensitive(),
        };
        let responder = {
            let mut state = self.lock();
            state.requests.push(request.clone());
            state.responders.get(action).cloned()
        };
        match responder {
            Some(responder) => responder(&request),
            None => MockResponse::status(
                501,
                format!("compshare mock: no response programmed for {action}"),
            ),
        }
    }
}

impl crate::transport::Transport for Mock {
    fn exchange<'a>(
        &'a self,
        request: crate::transport::Outgoing<'a>,
    ) -> crate::transport::Exchange<'a> {
        Box::pin(
            async move { Ok(Mock::exchange(self, request.action, &request.wire.params).await) },
        )
    }
}
