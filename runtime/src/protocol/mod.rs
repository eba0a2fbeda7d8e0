//! The seam between the call loop and a service's wire format. A protocol turns an action's
//! bindings (what its `encode` writes into a [`Form`](crate::Form)) into the request every
//! attempt of a call sends, authenticated, and says how its answers are read: UCloud's RPC
//! (`ucloud`: one endpoint, a signed form or JSON body, the `RetCode` envelope) or REST with
//! JSON bodies (`rest`: a method and path per action, path, query and header parameters, a
//! typed JSON body, a bearer key, the HTTP status). The call loop, retries and their budget,
//! the deadline, the transport, the mock and the decoder are the same for both.

mod rest;
mod ucloud;
mod ucloud_sign;

pub use ucloud_sign::signature;

use reqwest::header::{HeaderName, HeaderValue};

use crate::Credentials;
use crate::action::Protocol;
use crate::error::Error;
use crate::form::Common;
use crate::request::Request;
use crate::signed::SignedParams;

/// What a protocol needs of the client to make a request.
pub(crate) struct Target<'a> {
    pub protocol: Protocol,
    pub credentials: &'a Credentials,
    /// The client's region, zone and project id.
    pub defaults: &'a Common,
    pub base_url: &'a reqwest::Url,
    /// Wire names whose values are masked wherever shown.
    pub sensitive: &'static [&'static str],
}

/// A request as every attempt of a call sends it.
pub(crate) struct Wire {
    /// Its parameters as shown (dry runs, previews, the mock), and whose secrets are masked
    /// in errors.
    pub params: SignedParams,
    pub method: reqwest::Method,
    /// Where it goes: the endpoint itself, or a path and query under it.
    pub url: Option<reqwest::Url>,
    /// Headers of its own (authentication, path-less parameters).
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: bytes::Bytes,
    pub content_type: Option<&'static str>,
    /// UCloud's `U-Timestamp-Ms`, the time of each attempt.
    pub stamped: bool,
    /// The header of the request id the service answers with, for support.
    pub request_id: &'static str,
    /// Secrets it sends outside its parameters (a bearer key): masked in errors as the
    /// sensitive parameters are.
    pub secrets: Vec<crate::SecretString>,
}

impl Wire {
    /// Every secret value it sends, for masking what comes back.
    pub(crate) fn secret_values(&self) -> impl Iterator<Item = &str> {
        self.params
            .secret_values()
            .chain(self.secrets.iter().map(|s| s.expose()))
    }
}

/// The request `request` makes on the `target` service, with the call's own `common` values.
pub(crate) fn wire<Q: Request>(
    target: &Target<'_>,
    request: &Q,
    common: &Common,
) -> Result<Wire, Error> {
    match target.protocol {
        Protocol::UCloudRpc => ucloud::wire(target, request, common),
        Protocol::RestJson => rest::wire(target, request, common),
    }
}

/// Only the parameters of the request `request` makes (for showing it, or signing it apart):
/// for UCloud's RPC, encoded and signed without building the body.
pub(crate) fn params<Q: Request>(
    target: &Target<'_>,
    request: &Q,
    common: &Common,
) -> Result<SignedParams, Error> {
    match target.protocol {
        Protocol::UCloudRpc => ucloud::sign(target, request, common),
        Protocol::RestJson => rest::wire(target, request, common).map(|w| w.params),
    }
}

/// Whether answers carry UCloud's `RetCode` envelope.
pub(crate) fn enveloped(protocol: Protocol) -> bool {
    protocol == Protocol::UCloudRpc
}
