//! The contract between generated code and the runtime: what an action is, what a call's
//! options are, what a successful answer carries, and the facts of a service.

use std::time::Duration;

use crate::body::Body;
use crate::decode::{DecodeFields, Mismatch};
use crate::form::{Common, Form};

/// Static facts about a generated service crate.
#[derive(Debug)]
pub struct ServiceInfo {
    /// The product name, e.g. `UCompShare`.
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
    /// Error codes that mean "try again shortly" for every action of the service; each
    /// action's [`Action::RETRY_CODES`] add to them. No other error code is retried.
    pub retry_codes: &'static [i64],
    /// Actions the API takes as a JSON body rather than a form: raw calls of them
    /// ([`RawCall`](crate::RawCall)) are sent as the typed ones are.
    pub json_bodies: &'static [&'static str],
    /// How requests are put on the wire and answers read.
    pub protocol: Protocol,
    /// How requests are authenticated.
    pub auth: Auth,
}

/// How a service's requests are put on the wire and its answers read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Protocol {
    /// UCloud's RPC: every request a `POST` to the endpoint, its parameters (the action's
    /// name among them) a signed form or JSON body; every answer a JSON object whose
    /// `RetCode` says whether it succeeded.
    UCloudRpc,
    /// REST: each action a method and a path, its parameters in the path, the query, headers
    /// or a JSON body with typed values; the HTTP status says whether it succeeded and the
    /// body is the output.
    RestJson,
}

/// How a service's requests are authenticated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Auth {
    /// UCloud's: `PublicKey` and a `Signature` of the parameters with the private key.
    UCloudSignature,
    /// `Authorization: Bearer <key>`, the key read from the environment variable
    /// `variable` by [`load_shared_config`](crate::ClientBuilder::load_shared_config).
    Bearer {
        /// The variable, e.g. `COMPSHARE_MINIMAX_API_KEY`.
        variable: &'static str,
        /// What every key starts with, e.g. `sk-ml-`: another is refused when the client is
        /// built (it would only be refused by the service).
        prefix: Option<&'static str>,
        /// A variable that, when set, is the service's endpoint (read as the key is).
        base_url_variable: Option<&'static str>,
    },
}

/// Where a REST action goes: its method and path. A path holds the names of its path
/// parameters in braces, e.g. `/v1/tasks/{task_id}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: &'static str,
    /// The path after the endpoint's, e.g. `/v1/tasks/{task_id}`.
    pub path: &'static str,
}

/// One API action: its name, its retry safety, how it encodes and what it returns.
/// Generated code implements it for each request type.
pub trait Action: Send + Sync + 'static {
    /// The wire name, sent as `Action`.
    const NAME: &'static str;
    /// Whether repeating the call cannot duplicate its effect.
    const IDEMPOTENT: bool;
    /// How the request is sent: a form unless the API takes the action as JSON.
    const BODY: Body = Body::Form;
    /// Whether the service answers with a file (a CSV export) rather than JSON: the output
    /// is then a [`Download`](crate::Download) of it.
    const FILE: bool = false;
    /// Error codes that mean "try again shortly" for this action, besides the service's
    /// ([`ServiceInfo::retry_codes`]); only idempotent actions are retried once the server
    /// has answered.
    const RETRY_CODES: &'static [i64] = &[];
    /// The least pause before a retry on one of [`RETRY_CODES`](Self::RETRY_CODES), times
    /// the retry's number (within the policy's `max_delay`).
    const RETRY_PAUSE: Duration = Duration::ZERO;
    /// For a REST service: the action's method and path (UCloud's RPC has one endpoint).
    const ROUTE: Option<Route> = None;
    /// For a REST create: the header that carries its idempotency key, e.g.
    /// `Idempotency-Key`. The key is the call's own if it sets one (a header parameter of
    /// that name), else made once per call from the OS's randomness: every retry of the call
    /// carries the same key, so the service can tell a retry from a second create, and such a
    /// create is retried as an idempotent action is.
    const IDEMPOTENCY_HEADER: Option<&'static str> = None;
    /// The decoded response.
    type Output: DecodeFields + Send + 'static;
    /// Writes the action's parameters (not those its protocol adds itself).
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
    /// Response fields whose values fit no lenient rule and were left at their defaults (at
    /// most [`MAX_MISMATCHES`](crate::MAX_MISMATCHES)). Each is also traced as a
    /// warning. Empty for a response that matched its declared types.
    pub mismatches: Vec<Mismatch>,
    /// Mismatches beyond those listed, counted only.
    pub more_mismatches: usize,
    /// Where `output` holds a field the answer did not send (a list or required field,
    /// which has a value either way), as JSON Pointers (RFC 6901) into the output by wire
    /// names, compared without case: each field's step is its own key lowercased (whatever
    /// alias the answer used), and list indexes count the elements decoded. Empty unless the client notes them
    /// ([`ClientBuilder::note_unsent_fields`](crate::ClientBuilder::note_unsent_fields)).
    pub unsent: Vec<String>,
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
