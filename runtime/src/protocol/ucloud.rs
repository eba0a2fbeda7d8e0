//! UCloud's RPC: every request a `POST` to the endpoint; its parameters, the action's name
//! and `PublicKey` among them, sorted and signed with the private key (`Signature`), sent as
//! a form or, for the actions the API takes so, a JSON body.

use super::ucloud_sign::sign_entries;
use crate::body::{Body, fold_lists};
use crate::error::{Context, Delivery, Error, ErrorKind};
use crate::form::{Common, Form};
use crate::request::Request;
use crate::signed::SignedParams;

use super::{Target, Wire};

/// The signed request of `request`.
pub(super) fn wire<Q: Request>(
    target: &Target<'_>,
    request: &Q,
    common: &Common,
) -> Result<Wire, Error> {
    let params = sign(target, request, common)?;
    let kind = request.body();
    Ok(Wire {
        body: bytes::Bytes::from(params.body(kind)),
        params,
        method: reqwest::Method::POST,
        url: None,
        headers: Vec::new(),
        content_type: Some(kind.content_type()),
        stamped: true,
        request_id: "X-UCLOUD-REQUEST-UUID",
        secrets: Vec::new(),
    })
}

/// Encodes and signs `request`: its parameters in the order they are sent.
pub(super) fn sign<Q: Request>(
    target: &Target<'_>,
    request: &Q,
    common: &Common,
) -> Result<SignedParams, Error> {
    let mut form = Form::with_defaults(common, target.defaults);
    form.text("Action", &request.name());
    request.encode(&mut form);
    form.text("PublicKey", target.credentials.public_key());
    let (text, entries) = form
        .done()
        .map_err(|problems| invalid(request, ErrorKind::InvalidRequest(problems)))?;
    let (text, entries, lists) = match request.body() {
        Body::Form => (text, entries, Vec::new()),
        Body::Json => fold_lists(&text, &entries),
    };
    let mut signed = sign_entries(
        text,
        entries,
        target.credentials.private_key().expose(),
        target.sensitive,
    );
    signed.lists = lists;
    Ok(signed)
}

/// A request refused before anything was sent.
pub(super) fn invalid<Q: Request>(request: &Q, kind: ErrorKind) -> Error {
    Error::new(
        kind,
        Context {
            action: Some(request.name()),
            attempts: 0,
            delivery: Delivery::NotSent,
            idempotent: request.idempotent(),
            request_id: None,
        },
    )
}
