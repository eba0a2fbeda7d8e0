//! Calling any action by name: for actions or fields the generated types do not cover.

use std::borrow::Cow;
use std::time::Duration;

use crate::action::{CallOptions, Reply};
use crate::body::Body;
use crate::client::{Client, PROTOCOL_PARAMS};
use crate::decode::{Empty, RawJson};
use crate::error::Error;
use crate::form::{Form, Setting};
use crate::request::Request;
use crate::response::{DecodeSettings, Failure, RawAnswer, read_response};
use crate::signed::debug_params;

pub use compshare_protocol::default_idempotent;

/// A call of any action by name, its parameters given as wire names and text: signed, retried
/// and traced like any other call. It answers with the whole response body once `RetCode` is
/// 0 (parse it with the JSON library of your choice).
///
/// Like every action, it sends the client's `Region` and `ProjectId`. `Zone` is sent only when
/// asked for, since a raw call cannot know whether its action takes one: with
/// [`RawCall::zone`] (this value), [`RawCall::client_zone`] (the client's), or as a parameter.
/// A parameter given by name wins over the client's value.
///
/// Refused before anything is sent, as an `InvalidRequest`: an action name that is not a
/// plain identifier (ASCII letters and digits, starting with a letter), and parameters that
/// would pass for the protocol's own (`Action`, `PublicKey`, `Signature`, in any case or with
/// surrounding spaces), which the client sends and signs itself.
/// `Debug` masks the values of sensitive parameters, as [`SignedParams`](crate::SignedParams)
/// does.
#[derive(Clone)]
#[must_use = "a call does nothing until it is sent: add `.send().await`"]
pub struct RawCall {
    client: Client,
    action: String,
    params: Vec<(String, String)>,
    idempotent: bool,
    zone: bool,
    options: CallOptions,
}

impl std::fmt::Debug for RawCall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        /// The parameters, sensitive values masked.
        struct Params<'a>(&'a [(String, String)], &'static [&'static str]);
        impl std::fmt::Debug for Params<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let pairs = self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()));
                debug_params(f, pairs, self.1)
            }
        }
        f.debug_struct("RawCall")
            .field("client", &self.client)
            .field("action", &self.action)
            .field(
                "params",
                &Params(&self.params, self.client.inner.settings.decode.sensitive),
            )
            .field("idempotent", &self.idempotent)
            .field("zone", &self.zone)
            .field("options", &self.options)
            .finish()
    }
}

impl RawCall {
    /// A call of `action` on `client`, with no parameters yet. Retried after it may have
    /// reached the server only if [`default_idempotent`] says so; see [`RawCall::idempotent`].
    pub fn new(client: Client, action: impl Into<String>) -> Self {
        let action = action.into();
        Self {
            client,
            idempotent: default_idempotent(&action),
            action,
            params: Vec::new(),
            zone: false,
            options: CallOptions::default(),
        }
    }

    /// Adds a parameter, e.g. `("UHostIds.0", "uhost-1")`: flattened wire names, values as
    /// the API reads them (Base64 for passwords). `Action`, `PublicKey` and `Signature` are
    /// the client's to send: a parameter named like one of them makes the call fail before
    /// sending.
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// Adds parameters, as [`RawCall::param`] does.
    pub fn params<K: Into<String>, V: Into<String>>(
        mut self,
        params: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.params
            .extend(params.into_iter().map(|(k, v)| (k.into(), v.into())));
        self
    }

    /// Whether the action may be repeated without repeating its effect, which decides
    /// whether a failure after sending is retried.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    /// Sets `Region` for this call (the client's otherwise).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.options.common.region = Some(region.into());
        self
    }

    /// Sends `Zone`: this value, for actions that take one.
    pub fn zone(mut self, zone: impl Into<String>) -> Self {
        self.options.common.zone = Some(zone.into());
        self.zone = true;
        self
    }

    /// Sends `Zone`: the client's, for actions that take one.
    pub fn client_zone(mut self) -> Self {
        self.zone = true;
        self
    }

    /// Sets `ProjectId` for this call (the client's otherwise).
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.options.common.project_id = Some(project_id.into());
        self
    }

    /// Retries after the first attempt, for this call (the client's setting otherwise).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.options.max_retries = Some(max_retries);
        self
    }

    /// Timeout of each attempt of this call (the client's setting otherwise).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Time this call may take, retries and waits included (the client's setting otherwise).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.options.deadline = Some(deadline);
        self
    }

    /// Sends the call: the whole response body as JSON text, with its request id.
    pub async fn send(self) -> Result<Reply<RawJson>, Error> {
        let json = self
            .client
            .inner
            .settings
            .json_bodies
            .iter()
            .any(|a| a.eq_ignore_ascii_case(&self.action));
        let request = RawRequest {
            action: &self.action,
            params: &self.params,
            idempotent: self.idempotent,
            zone: self.zone,
            body: if json { Body::Json } else { Body::Form },
        };
        self.client.exchange(&request, &self.options, None).await
    }
}

/// Whether `name` can be an action's: `DescribeCompShareInstance`, not `` or `A=B`.
fn is_action_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

struct RawRequest<'a> {
    action: &'a str,
    params: &'a [(String, String)],
    idempotent: bool,
    zone: bool,
    /// As the typed action is sent, when the service knows the action.
    body: Body,
}

impl Request for RawRequest<'_> {
    type Output = RawJson;

    fn name(&self) -> Cow<'static, str> {
        Cow::Owned(self.action.to_owned())
    }

    fn idempotent(&self) -> bool {
        self.idempotent
    }

    fn body(&self) -> Body {
        self.body
    }

    fn encode(&self, form: &mut Form<'_>) {
        let given = |name: &str| self.params.iter().any(|(k, _)| k == name);
        for (name, setting, send) in [
            ("Region", Setting::Region, true),
            ("Zone", Setting::Zone, self.zone),
            ("ProjectId", Setting::ProjectId, true),
        ] {
            if send && !given(name) {
                form.opt_common(name, setting);
            }
        }
        if !is_action_name(self.action) {
            form.invalid(
                "Action",
                "an action name is ASCII letters and digits, starting with a letter",
            );
        }
        for (name, value) in self.params {
            match PROTOCOL_PARAMS
                .iter()
                .find(|p| name.trim().eq_ignore_ascii_case(p))
            {
                Some(protocol) => form.invalid(
                    name,
                    &format!("the client sends and signs `{protocol}` itself"),
                ),
                None => form.text(name, value),
            }
        }
    }

    fn read(
        answer: &RawAnswer<'_>,
        settings: &DecodeSettings,
        deadline: Option<(std::time::Instant, Duration)>,
    ) -> Result<Reply<RawJson>, Failure> {
        let reply = read_response::<Empty>(answer, settings, deadline)?;
        // `read_response` has checked the text: UTF-8, JSON, `RetCode` 0.
        let text = String::from_utf8_lossy(&answer.body);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        Ok(Reply {
            output: RawJson::from_text(text.to_owned()),
            request_id: reply.request_id,
            mismatches: Vec::new(),
            more_mismatches: 0,
            unsent: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creating_actions_are_not_retried_by_default() {
        for name in [
            "CreateCompShareInstance",
            "CopyCompShareCustomImage",
            "Publish",
        ] {
            assert!(!default_idempotent(name), "{name}");
        }
        for name in [
            "DescribeCompShareInstance",
            "GetCompShareInstanceMonitor",
            "Copyright",
        ] {
            assert!(default_idempotent(name), "{name}");
        }
    }
}
