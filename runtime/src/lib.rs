//! Protocol runtime for the generated Compshare SDK (`compshare` crate).
//!
//! Generated code describes each action as data (a request struct that encodes itself into a
//! [`Form`], an output struct that decodes itself field by field); this crate does the rest,
//! once for all actions: credentials, signing, form encoding, the HTTP exchange, lenient JSON
//! decoding and typed errors.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
// docs.rs builds with `--cfg docsrs`: each item's page says which feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod action;
mod body;
mod builder;
mod client;
pub mod config;
mod credentials;
mod decode;
mod endpoint;
mod error;
mod files;
mod form;
mod limits;
mod macros;
#[cfg(feature = "test-util")]
pub mod mock;
mod paginate;
mod protocol;
mod raw;
pub mod redact;
mod request;
mod response;
mod retry;
mod secret;
mod signed;
mod transport;
mod wait;

pub use action::{Action, Auth, CallOptions, Protocol, Reply, Route, ServiceInfo};
pub use body::Body;
pub use builder::{ClientBuilder, DEFAULT_TIMEOUT};
pub use client::{Client, PROTOCOL_PARAMS, Signed};
pub use credentials::Credentials;
pub use decode::{
    Decode, DecodeFields, Download, Empty, MAX_DEPTH, MAX_MISMATCHES, Malformed, Map, Mismatch,
    RawJson, Required, decode_json,
};

/// The decoder's plumbing, which generated code and the macros use: not for calling directly.
#[doc(hidden)]
pub mod __private {
    pub use crate::decode::{Read, Reader, Step};
    pub use crate::macros::unknown;
}
pub use error::{Delivery, Error, ErrorKind, TransportError};
pub use files::{TRANSFER_TIMEOUT, Upload};
pub use form::{
    Common, EncodeProblems, Form, FormValue, Location, Missing, Setting, format_float, urlencode,
};
pub use limits::{Numbers, Span, Texts};
pub use macros::UnknownValue;
pub use paginate::{DEFAULT_MAX_PAGES, DEFAULT_PAGE_SIZE, ItemId, Paginated, Paginator, Total};
pub use protocol::signature;
pub use raw::{RawCall, default_idempotent};
pub use response::{DEFAULT_MAX_DECODED_BYTES, DEFAULT_MAX_RESPONSE_BYTES, decode_reply};
pub use retry::{RetryBudget, RetryPolicy};
pub use secret::SecretString;
#[cfg(feature = "serde")]
pub use secret::with_secrets_exposed;
pub use signed::SignedParams;
pub use wait::{MIN_POLL_DELAY, Wait, WaitTarget, wait_for, wait_for_guided, wait_target};

/// The HTTP client crate, for [`ClientBuilder::http_client`] only: the one place it is part
/// of this API.
pub use reqwest;

/// Streams, for paginators: `StreamExt` gives `.next()`, `TryStreamExt` `.try_collect()`.
pub use futures_util::{Stream, StreamExt, TryStreamExt};
