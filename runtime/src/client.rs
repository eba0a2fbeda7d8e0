//! The one path every call takes: encode, sign, send, decode.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::decode::{DecodeFields, decode_response};
use crate::error::{Delivery, Error, excerpt};
use crate::form::{Common, Form, urlencode};
use crate::{Credentials, signature};

/// How much of a bad response body an error message quotes.
const EXCERPT_BYTES: usize = 256;

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

/// A configured connection to one UCloud service. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    credentials: Credentials,
    base_url: reqwest::Url,
    defaults: Common,
    user_agent: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("defaults", &self.inner.defaults)
            .field("credentials", &self.inner.credentials)
            .field("user_agent", &self.inner.user_agent)
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
        let mut params = form.finish().map_err(|problems| Error::InvalidRequest {
            action: A::NAME,
            problems,
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

    /// Sends `action` and decodes its response. `common` holds the call's own region, zone and
    /// project id; the client's fill the gaps.
    pub async fn send<A: Action>(
        &self,
        action: &A,
        common: &Common,
    ) -> Result<Reply<A::Output>, Error> {
        let body = urlencode(&self.signed_params(action, common)?);
        let transport = |delivery| {
            move |source| Error::Transport {
                action: A::NAME,
                delivery,
                source,
            }
        };
        let response = self
            .inner
            .http
            .post(self.inner.base_url.clone())
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(reqwest::header::USER_AGENT, &self.inner.user_agent)
            .header("U-Timestamp-Ms", now_ms().to_string())
            .body(body)
            .send()
            .await
            .map_err(|e: reqwest::Error| {
                let delivery = if e.is_connect() {
                    Delivery::NotSent
                } else {
                    Delivery::MaybeSent
                };
                transport(delivery)(e)
            })?;
        let status = response.status().as_u16();
        let request_id = response
            .headers()
            .get("X-UCLOUD-REQUEST-UUID")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = response
            .bytes()
            .await
            .map_err(transport(Delivery::Received))?;
        read_response::<A>(status, &bytes, request_id)
    }
}

/// Turns a received HTTP response into the action's output or a typed error.
fn read_response<A: Action>(
    status: u16,
    body: &[u8],
    request_id: Option<String>,
) -> Result<Reply<A::Output>, Error> {
    let action = A::NAME;
    if !(200..300).contains(&status) {
        return Err(Error::Http {
            action,
            status,
            body: excerpt(body, EXCERPT_BYTES),
            request_id,
        });
    }
    let invalid = |reason: String, request_id| Error::InvalidResponse {
        action,
        status,
        reason,
        body: excerpt(body, EXCERPT_BYTES),
        request_id,
    };
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(e) => return Err(invalid(format!("body is not UTF-8 ({e})"), request_id)),
    };
    let (envelope, output, mismatch) = match decode_response::<A::Output>(text) {
        Ok(decoded) => decoded,
        Err(malformed) => return Err(invalid(format!("not JSON: {malformed}"), request_id)),
    };
    match envelope.ret_code {
        None => Err(invalid("no RetCode in the body".to_owned(), request_id)),
        Some(0) => match mismatch {
            Some(mismatch) => Err(Error::Decode {
                action,
                mismatch,
                request_id,
            }),
            None => Ok(Reply { output, request_id }),
        },
        Some(code) => Err(Error::Api {
            action,
            code,
            message: envelope.message.unwrap_or_default(),
            request_id,
        }),
    }
}

fn now_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
}

/// Settings for a [`Client`]; `C` is the client type `build` returns (a generated service
/// client wraps the runtime one).
pub struct ClientBuilder<C = Client> {
    service: &'static ServiceInfo,
    credentials: Option<Credentials>,
    defaults: Common,
    base_url: Option<String>,
    timeout: Duration,
    user_agent_suffix: Option<String>,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("service", &self.service.product)
            .field("credentials", &self.credentials)
            .field("defaults", &self.defaults)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .finish()
    }
}

/// The request timeout when none is set, as in UCloud's official SDKs.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

impl<C: From<Client>> ClientBuilder<C> {
    /// Settings for `service` with its default endpoint and no credentials.
    pub fn new(service: &'static ServiceInfo) -> Self {
        Self {
            service,
            credentials: None,
            defaults: Common::default(),
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            user_agent_suffix: None,
            client: PhantomData,
        }
    }

    /// The API key pair that signs every request (required).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The `Region` for calls that do not set one, e.g. `cn-wlcb`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.defaults.region = Some(region.into());
        self
    }

    /// The `Zone` for calls that do not set one, e.g. `cn-wlcb-01`.
    pub fn zone(mut self, zone: impl Into<String>) -> Self {
        self.defaults.zone = Some(zone.into());
        self
    }

    /// The `ProjectId` for calls that do not set one.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.defaults.project_id = Some(project_id.into());
        self
    }

    /// The endpoint, e.g. `https://api.compshare.cn` (the service's default if unset).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Timeout for one HTTP exchange, connect to last byte (30 s if unset).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Text appended to the `User-Agent` header, e.g. your application's name and version.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<C, Error> {
        let credentials = self.credentials.ok_or_else(|| {
            Error::Config(
                "no credentials: call .credentials(Credentials::new(public_key, private_key))"
                    .to_owned(),
            )
        })?;
        if credentials.public_key().is_empty() || credentials.private_key().expose().is_empty() {
            return Err(Error::Config(
                "credentials have an empty public or private key".to_owned(),
            ));
        }
        let url_text = self
            .base_url
            .as_deref()
            .unwrap_or(self.service.default_base_url);
        let base_url = reqwest::Url::parse(url_text)
            .map_err(|e| Error::Config(format!("base URL {url_text:?} is not a valid URL: {e}")))?;
        if !matches!(base_url.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "base URL {url_text:?} must use http or https"
            )));
        }
        if self.timeout.is_zero() {
            return Err(Error::Config(
                "timeout must be greater than zero".to_owned(),
            ));
        }
        let service = self.service;
        let mut user_agent = format!(
            "{}/{} compshare-runtime/{} Product/{}",
            service.crate_name,
            service.crate_version,
            env!("CARGO_PKG_VERSION"),
            service.product
        );
        if let Some(suffix) = self.user_agent_suffix.filter(|s| !s.is_empty()) {
            user_agent.push(' ');
            user_agent.push_str(&suffix);
        }
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(C::from(Client {
            inner: Arc::new(Inner {
                http,
                credentials,
                base_url,
                defaults: self.defaults,
                user_agent,
            }),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{Malformed, Reader};

    static SERVICE: ServiceInfo = ServiceInfo {
        product: "UCompShare",
        default_base_url: "https://api.compshare.cn",
        crate_name: "compshare",
        crate_version: "0.1.0",
    };

    #[derive(Debug, Default, PartialEq)]
    struct Out {
        total: i64,
    }

    impl DecodeFields for Out {
        fn decode_field(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, Malformed> {
            match key {
                "totalcount" => r.read(&mut self.total),
                _ => Ok(false),
            }
        }
    }

    struct Describe {
        limit: Option<i64>,
    }

    impl Action for Describe {
        const NAME: &'static str = "DescribeSelfCommunityImages";
        const IDEMPOTENT: bool = true;
        type Output = Out;
        fn encode(&self, form: &mut Form<'_>) {
            form.req_common("Region", crate::Setting::Region);
            form.opt("Limit", &self.limit);
        }
    }

    fn client() -> Client {
        ClientBuilder::<Client>::new(&SERVICE)
            .credentials(Credentials::new("my_public_key", "my_private_key"))
            .region("cn-wlcb")
            .build()
            .unwrap()
    }

    #[test]
    fn signs_like_the_seed_vector() {
        let params = client()
            .signed_params(&Describe { limit: Some(20) }, &Common::default())
            .unwrap();
        let sig = &params.iter().find(|(k, _)| k == "Signature").unwrap().1;
        assert_eq!(sig, "3a5cebce1b02560e41bb61865bb2ce43a3519066");
    }

    #[test]
    fn build_rejects_bad_settings_with_reasons() {
        let no_creds = ClientBuilder::<Client>::new(&SERVICE).build().unwrap_err();
        assert!(
            no_creds.to_string().contains("no credentials"),
            "{no_creds}"
        );
        let bad_url = ClientBuilder::<Client>::new(&SERVICE)
            .credentials(Credentials::new("a", "b"))
            .base_url("ftp://x")
            .build()
            .unwrap_err();
        assert!(bad_url.to_string().contains("http or https"), "{bad_url}");
    }

    #[test]
    fn debug_of_client_hides_the_private_key() {
        let shown = format!("{:?}", client());
        assert!(shown.contains("my_public_key"));
        assert!(!shown.contains("my_private_key"), "{shown}");
    }

    #[test]
    fn responses_map_to_typed_results() {
        let ok = read_response::<Describe>(
            200,
            br#"{"RetCode":0,"TotalCount":"4"}"#,
            Some("rid".into()),
        )
        .unwrap();
        assert_eq!(ok.output, Out { total: 4 });
        assert_eq!(ok.request_id.as_deref(), Some("rid"));

        let api =
            read_response::<Describe>(200, br#"{"RetCode":"230","Message":"bad zone"}"#, None)
                .unwrap_err();
        assert!(
            matches!(api, Error::Api { code: 230, ref message, .. } if message == "bad zone"),
            "{api}"
        );

        let http = read_response::<Describe>(500, b"oops", None).unwrap_err();
        assert!(
            matches!(http, Error::Http { status: 500, ref body, .. } if body == "oops"),
            "{http}"
        );

        let garbage = read_response::<Describe>(200, b"<html>", None).unwrap_err();
        assert!(
            matches!(garbage, Error::InvalidResponse { status: 200, .. }),
            "{garbage}"
        );

        let no_code = read_response::<Describe>(200, b"{}", None).unwrap_err();
        assert!(no_code.to_string().contains("no RetCode"), "{no_code}");

        let mismatch =
            read_response::<Describe>(200, br#"{"RetCode":0,"TotalCount":[1]}"#, None).unwrap_err();
        assert_eq!(
            mismatch.to_string(),
            "DescribeSelfCommunityImages: cannot decode response field TotalCount: expected an integer, found an array"
        );
    }
}
