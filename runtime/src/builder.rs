//! Configuring a [`Client`].

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::Credentials;
use crate::action::{Auth, ServiceInfo};
use crate::client::{Client, Inner, Settings};
use crate::error::Error;
use crate::form::Common;
use crate::redact::mask_url;
use crate::response::{DEFAULT_MAX_DECODED_BYTES, DEFAULT_MAX_RESPONSE_BYTES, DecodeSettings};
use crate::retry::{RetryBudget, RetryPolicy, Tokens};
use crate::transport::{Http, Transport};

/// The timeout of one attempt when none is set, as in UCloud's official SDKs.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Settings for a [`Client`]; `C` is the client type `build` returns (a generated service
/// client wraps the runtime one).
pub struct ClientBuilder<C = Client> {
    service: &'static ServiceInfo,
    credentials: Option<Credentials>,
    defaults: Common,
    base_url: Option<String>,
    /// Explicit timeout; `settings.timeout` holds the default until `build`.
    timeout: Option<Duration>,
    settings: Settings,
    user_agent_suffix: Option<String>,
    /// Whether plain http to another machine is wanted.
    allow_http: bool,
    /// Sources read by `load_shared_config`, for error messages.
    consulted: Vec<String>,
    /// How requests travel: the user's own HTTP client, or the settings for ours.
    http: Option<reqwest::Client>,
    /// The proxy URL, checked when the client is built.
    proxy: Option<String>,
    /// PEM certificates, parsed when the client is built.
    root_certificates: Vec<Vec<u8>>,
    #[cfg(feature = "test-util")]
    mock: Option<crate::mock::Mock>,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let base_url = self.base_url.as_deref().map(crate::endpoint::shown);
        f.debug_struct("ClientBuilder")
            .field("service", &self.service.product)
            .field("credentials", &self.credentials)
            .field("defaults", &self.defaults)
            .field("base_url", &base_url)
            .field("timeout", &self.timeout)
            .field("settings", &self.settings)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("own_http_client", &self.http.is_some())
            // Proxies may carry credentials: only how many there are.
            .field("proxy", &self.proxy.is_some())
            .field("root_certificates", &self.root_certificates.len())
            .finish()
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// Settings for `service` with its default endpoint and no credentials.
    pub fn new(service: &'static ServiceInfo) -> Self {
        Self {
            service,
            credentials: None,
            defaults: Common::default(),
            base_url: None,
            timeout: None,
            settings: Settings {
                timeout: DEFAULT_TIMEOUT,
                deadline: None,
                retry: RetryPolicy::default(),
                budget: RetryBudget::default(),
                max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
                decode: DecodeSettings {
                    max_decoded_bytes: DEFAULT_MAX_DECODED_BYTES,
                    strict: false,
                    sensitive: service.sensitive,
                    envelope: crate::protocol::enveloped(service.protocol),
                    note_unsent: false,
                },
                retry_codes: service.retry_codes,
                json_bodies: service.json_bodies,
                protocol: service.protocol,
            },
            user_agent_suffix: None,
            allow_http: false,
            consulted: Vec::new(),
            http: None,
            proxy: None,
            root_certificates: Vec::new(),
            #[cfg(feature = "test-util")]
            mock: None,
            client: PhantomData,
        }
    }

    /// Fills every setting not set on this builder from the environment, then from the shared
    /// files of UCloud's tools: credentials, region, zone, project id, base URL and timeout.
    ///
    /// Environment: `UCLOUD_PUBLIC_KEY`, `UCLOUD_PRIVATE_KEY`, `UCLOUD_REGION`, `UCLOUD_ZONE`,
    /// `UCLOUD_PROJECT_ID`, `UCLOUD_API_BASE_URL`, `UCLOUD_TIMEOUT_SECOND`. Files:
    /// `~/.ucloud/config.json` (an array of `{project_id, region, zone, base_url, timeout_sec,
    /// profile, active}`) and `~/.ucloud/credential.json` (an array of `{public_key,
    /// private_key, profile}`), or the files named by `UCLOUD_SHARED_CONFIG_FILE` and
    /// `UCLOUD_SHARED_CREDENTIAL_FILE`. The profile read is the one `UCLOUD_PROFILE` names,
    /// else the one marked `active`, else `default`.
    ///
    /// Credentials not found there come from compshare-cli's settings: `COMPSHARE_PUBLIC_KEY`
    /// and `COMPSHARE_PRIVATE_KEY`, then its file (`COMPSHARE_CONFIG_FILE`, else
    /// `$XDG_CONFIG_HOME/compshare/config.json`, else `~/.config/compshare/config.json`), the
    /// profile `COMPSHARE_PROFILE` names, else its `current_profile`, else `default`.
    ///
    /// Precedence: this builder, then the environment, then the files, then compshare-cli's
    /// settings. (UCloud's Go SDK lets the files override the environment; this SDK does
    /// not.) A malformed file, a profile that does not exist or half a key pair is an error
    /// naming the source; a missing default file is not. Without credentials, `build` names
    /// every variable and file it looked in.
    ///
    /// A variable it reads that is set but not valid UTF-8 is an error naming it, never taken
    /// for unset (which could mean another profile's keys or the production endpoint).
    pub fn load_shared_config(self) -> Result<Self, Error> {
        let unreadable = std::cell::RefCell::new(None);
        let loaded = self.load_shared_config_with(|name| match std::env::var(name) {
            Ok(value) => Some(value),
            Err(std::env::VarError::NotPresent) => None,
            Err(std::env::VarError::NotUnicode(_)) => {
                unreadable
                    .borrow_mut()
                    .get_or_insert_with(|| name.to_owned());
                None
            }
        });
        // Whatever else went wrong, it went wrong reading without that variable.
        if let Some(name) = unreadable.into_inner() {
            return Err(Error::config(format!(
                "{name} is set but not valid UTF-8: it cannot be read, and is not taken as unset"
            )));
        }
        loaded
    }

    /// Like [`load_shared_config`](Self::load_shared_config), reading variables through `var`
    /// instead of the process environment (`HOME` locates the default files).
    pub fn load_shared_config_with(
        mut self,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, Error> {
        if let Auth::Bearer {
            variable,
            base_url_variable,
            ..
        } = self.service.auth
        {
            // A bearer key has one source besides the builder: its variable; and so has
            // another endpoint.
            if self.credentials.is_none() {
                self.credentials = var(variable)
                    .filter(|k| !k.trim().is_empty())
                    .map(Credentials::bearer);
            }
            self.consulted = vec![variable.to_owned()];
            if let Some(name) = base_url_variable {
                if let Some(url) = var(name).filter(|u| !u.trim().is_empty()) {
                    crate::config::check_url(&url)
                        .map_err(|why| Error::config(format!("{name}: {why}")))?;
                    self.base_url = self.base_url.or(Some(url));
                }
                self.consulted.push(name.to_owned());
            }
            return Ok(self);
        }
        let shared = crate::config::load(&var)?;
        if self.credentials.is_none() {
            self.credentials = shared.credentials;
        }
        self.defaults = self.defaults.or(&shared.common);
        self.base_url = self.base_url.or(shared.base_url);
        self.timeout = self.timeout.or(shared.timeout);
        self.consulted = shared.consulted;
        Ok(self)
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

    /// Forgets the `Region` and `Zone` set so far (by the configuration, say): calls then send
    /// them only when they set them, as a listing of every region does.
    pub fn without_region_and_zone(mut self) -> Self {
        self.defaults.region = None;
        self.defaults.zone = None;
        self
    }

    /// The `ProjectId` for calls that do not set one.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.defaults.project_id = Some(project_id.into());
        self
    }

    /// The endpoint, e.g. `https://api.compshare.cn` (the service's default if unset). `build`
    /// refuses a URL with a user or password in it (the API takes none, and they would be
    /// sent as an `Authorization` header), and plain `http://` to another machine unless
    /// [`allow_insecure_http`](Self::allow_insecure_http) says so.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Allows a plain `http://` base URL to a host other than this machine. Without it,
    /// `build` refuses one: every request, its signature and any password in it would cross
    /// the network unencrypted. (UCloud's internal endpoint, `http://api.service.ucloud.cn`,
    /// is such a URL.)
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// Timeout of one attempt, from connecting to the last byte of the body (30 s if unset).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time a whole call may take, retries and waits included (no limit if unset: then at most
    /// `max_retries + 1` attempts of `timeout` each, plus the waits). A deadline too long to
    /// represent is no deadline.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.settings.deadline = Some(deadline);
        self
    }

    /// Retries after the first attempt (3 if unset; 0 disables retries).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.settings.retry.max_retries = max_retries;
        self
    }

    /// The client-wide retry budget ([`RetryBudget`]: 500 tokens, 5 a retry, 10 after a
    /// timeout, 1 back per success by default), which keeps an outage from multiplying the
    /// requests every call sends; [`RetryBudget::unlimited`] turns it off.
    pub fn retry_budget(mut self, budget: RetryBudget) -> Self {
        self.settings.budget = budget;
        self
    }

    /// The whole retry policy: retries and the bounds of the waits between them.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.settings.retry = policy;
        self
    }

    /// The largest response body accepted, in bytes (32 MiB if unset). A larger one fails the
    /// call with [`ErrorKind::ResponseTooLarge`](crate::ErrorKind::ResponseTooLarge).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.settings.max_response_bytes = limit;
        self
    }

    /// The most memory the values decoded from one response may take, in bytes (96 MiB if
    /// unset): each list element is charged its size and each string its length. Past it, the
    /// call fails with [`ErrorKind::ResponseTooLarge`](crate::ErrorKind::ResponseTooLarge).
    pub fn max_decoded_bytes(mut self, limit: usize) -> Self {
        self.settings.decode.max_decoded_bytes = limit;
        self
    }

    /// Whether a response field whose value fits no lenient rule fails the call
    /// ([`ErrorKind::Decode`](crate::ErrorKind::Decode)) instead of keeping its default and
    /// being listed in [`Reply::mismatches`](crate::Reply::mismatches). Off by default: the
    /// live API drifts, and one odd field should not cost a whole answer. Turn it on in tests
    /// to catch drift early.
    pub fn strict_decoding(mut self, strict: bool) -> Self {
        self.settings.decode.strict = strict;
        self
    }

    /// Whether each reply notes where its output holds a field the answer did not send
    /// ([`Reply::unsent`](crate::Reply::unsent)): to show what the service sent, and only
    /// that. Off by default.
    pub fn note_unsent_fields(mut self, note: bool) -> Self {
        self.settings.decode.note_unsent = note;
        self
    }

    /// Answers every call from `mock` instead of the network (credentials become optional).
    /// Feature `test-util`.
    #[cfg(feature = "test-util")]
    pub fn mock(mut self, mock: &crate::mock::Mock) -> Self {
        self.mock = Some(mock.clone());
        if self.credentials.is_none() {
            self.credentials = Some(Credentials::new("mock-public-key", "mock-private-key"));
        }
        self
    }

    /// Sends every request through the proxy at `url`, e.g. `http://proxy.corp:3128` (a user
    /// and password in it are sent to the proxy, never shown). Without one, the proxy the environment names is used: `HTTPS_PROXY`,
    /// `HTTP_PROXY` or `ALL_PROXY` (also in lower case), except for the hosts `NO_PROXY`
    /// lists. A URL that is not one is refused by `build`.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Trusts the PEM certificate `pem` as a root for HTTPS besides the built-in ones
    /// (Mozilla's, or the system's with feature `native-roots`): for a corporate CA that
    /// re-signs traffic, or a private endpoint. Text that is not a PEM certificate is refused
    /// by `build`.
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// Sends requests with `client`, configured as you need (TLS, proxies, DNS, connection
    /// pool), instead of the one this SDK builds. The SDK's timeouts, retries and limits still
    /// apply. Build it with `redirect(Policy::none())`: the API never redirects, and a client
    /// that follows redirects re-sends signed requests, passwords included, to another host.
    /// [`proxy`](Self::proxy) and [`add_root_certificate_pem`](Self::add_root_certificate_pem)
    /// are settings of the client you give, so they cannot be combined with it.
    ///
    /// The one place the HTTP crate is part of this API ([`reqwest`](crate::reqwest), whose
    /// version this crate's follows): everything else is this crate's own. This crate builds
    /// reqwest without a TLS provider (it configures rustls itself): a client of your own
    /// needs one, which your own `reqwest` dependency with its default features brings, or
    /// `rustls::crypto::ring::default_provider().install_default()`; without one, reqwest
    /// panics when the client is built.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
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
            let mut message = "no credentials: not set on the builder".to_owned();
            if self.consulted.is_empty() {
                message.push_str(" (call .credentials(..), or .load_shared_config() to read the environment and ~/.ucloud)");
            }
            for source in &self.consulted {
                message.push_str(", nor in ");
                message.push_str(source);
            }
            Error::config(message)
        })?;
        match (self.service.auth, credentials.bearer_key()) {
            (Auth::UCloudSignature, None)
                if credentials.public_key().is_empty()
                    || credentials.private_key().expose().is_empty() =>
            {
                return Err(Error::config(
                    "credentials have an empty public or private key",
                ));
            }
            (Auth::UCloudSignature, Some(_)) => {
                return Err(Error::config(
                    "this service signs with a key pair, not a bearer key",
                ));
            }
            (Auth::Bearer { variable, .. }, None) => {
                return Err(Error::config(format!(
                    "this service takes a bearer key ({variable}), not a key pair"
                )));
            }
            (Auth::Bearer { variable, .. }, Some(key)) if key.expose().is_empty() => {
                return Err(Error::config(format!(
                    "the bearer key ({variable}) is empty"
                )));
            }
            (
                Auth::Bearer {
                    variable,
                    prefix: Some(prefix),
                    ..
                },
                Some(key),
            ) if !key.expose().starts_with(prefix) => {
                // The key itself is never shown, not even its start.
                return Err(Error::config(format!(
                    "the bearer key ({variable}) is not one of this service's: its keys start with `{prefix}`"
                )));
            }
            _ => {}
        }
        let url_text = self
            .base_url
            .as_deref()
            .unwrap_or(self.service.default_base_url);
        let base_url = crate::endpoint::parse(url_text)
            .and_then(|url| crate::endpoint::check_transport(&url, self.allow_http).map(|()| url))
            .map_err(|why| Error::config(format!("base URL {why}")))?;
        let mut s = self.settings;
        s.timeout = self.timeout.unwrap_or(s.timeout);
        check_settings(&s)?;
        let user_agent = user_agent(self.service, self.user_agent_suffix.as_deref())?;
        let given = self.http.is_some();
        let http = match self.http {
            Some(_) if self.proxy.is_some() || !self.root_certificates.is_empty() => {
                return Err(Error::config(
                    "proxy and add_root_certificate_pem configure the SDK's own HTTP client: set them on the client given to http_client instead",
                ));
            }
            Some(own) => own,
            None => own_http_client(self.proxy.as_deref(), &self.root_certificates, s.timeout)?,
        };
        // The caller's client follows the caller's redirect policy: files get one of their own.
        let files = (!given).then(|| http.clone());
        let transport: Box<dyn Transport> = Box::new(Http {
            client: http,
            base_url: base_url.clone(),
            user_agent,
            max_response_bytes: s.max_response_bytes,
        });
        #[cfg(feature = "test-util")]
        let transport: Box<dyn Transport> = match self.mock {
            Some(mock) => Box::new(mock),
            None => transport,
        };
        Ok(C::from(Client {
            inner: Arc::new(Inner {
                transport,
                files,
                files_made: std::sync::OnceLock::new(),
                credentials,
                base_url,
                defaults: self.defaults,
                tokens: Tokens::new(s.budget),
                settings: s,
            }),
        }))
    }
}

/// Settings that cannot work, refused.
fn check_settings(s: &Settings) -> Result<(), Error> {
    if s.timeout.is_zero() || s.deadline.is_some_and(|d| d.is_zero()) {
        return Err(Error::config(
            "timeout and deadline must be greater than zero",
        ));
    }
    if s.retry.base_delay > s.retry.max_delay {
        return Err(Error::config(
            "the retry policy's base delay exceeds its maximum delay",
        ));
    }
    if s.max_response_bytes == 0 || s.decode.max_decoded_bytes == 0 {
        return Err(Error::config(
            "max_response_bytes and max_decoded_bytes must be greater than zero",
        ));
    }
    Ok(())
}

/// `crate/version compshare-runtime/version Product/name`, then the user's suffix.
fn user_agent(service: &ServiceInfo, suffix: Option<&str>) -> Result<HeaderValue, Error> {
    let mut text = format!(
        "{}/{} compshare-runtime/{} Product/{}",
        service.crate_name,
        service.crate_version,
        env!("CARGO_PKG_VERSION"),
        service.product
    );
    if let Some(suffix) = suffix.filter(|s| !s.is_empty()) {
        text.push(' ');
        text.push_str(suffix);
    }
    HeaderValue::from_str(&text).map_err(|_| {
        Error::config(
            "user_agent_suffix must be visible ASCII text without line breaks or control characters",
        )
    })
}

/// The HTTP client the SDK builds when it is given none.
fn own_http_client(
    proxy: Option<&str>,
    root_certificates: &[Vec<u8>],
    timeout: Duration,
) -> Result<reqwest::Client, Error> {
    // Each attempt is bounded as a whole by `timeout`; the connect timeout only makes a slow
    // connect fail as a connect error, which proves the request was never sent. Redirects
    // are never followed: the API does not redirect, and following one would send a signed
    // request, secrets included, to another host.
    let mut http = reqwest::Client::builder()
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .redirect(reqwest::redirect::Policy::none());
    if let Some(url) = proxy {
        let proxy = reqwest::Proxy::all(url).map_err(|_| {
            // Only a URL with a host is shown (masked): text that parses otherwise, such as
            // `user:secret@proxy:99999`, may hold a password anywhere.
            let shown = reqwest::Url::parse(url)
                .ok()
                .filter(|u| u.has_host())
                .map_or_else(|| "the URL given".to_owned(), |u| mask_url(&u));
            Error::config(format!("proxy: {shown} is not a proxy URL"))
        })?;
        http = http.proxy(proxy);
    }
    http.tls_backend_preconfigured(tls_config(root_certificates)?)
        .build()
        .map_err(|e| Error::config(format!("cannot build the HTTP client: {e}")))
}

/// An HTTP client for files, when the caller gave the SDK a client of theirs: no redirects,
/// TLS as the SDK's own.
pub(crate) fn files_client(timeout: Duration) -> Result<reqwest::Client, Error> {
    own_http_client(None, &[], timeout)
}

/// TLS as the SDK's client speaks it: rustls with the ring provider, trusting Mozilla's roots
/// (with feature `native-roots`, the system's too) and the certificates in `pems`.
fn tls_config(pems: &[Vec<u8>]) -> Result<rustls::ClientConfig, Error> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    #[cfg(feature = "native-roots")]
    for cert in rustls_native_certs::load_native_certs().certs {
        // A system certificate rustls cannot use is one fewer root, not an error.
        let _ = roots.add(cert);
    }
    for (i, pem) in pems.iter().enumerate() {
        let refused = || {
            Error::config(format!(
                "add_root_certificate_pem (certificate {}): not a PEM certificate",
                i + 1
            ))
        };
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<_, _>>()
            .map_err(|_| refused())?;
        if certs.is_empty() {
            return Err(refused());
        }
        for cert in certs {
            roots.add(cert).map_err(|_| refused())?;
        }
    }
    // rustls 0.23.48 deprecates ring's provider for lacking post-quantum key exchange, which
    // only its aws-lc provider has; that one is a C build (cmake, a C compiler), which this
    // crate keeps out of every user's build. The choice is deliberate: ring, classical
    // key exchange (X25519, P-256, P-384), as before.
    #[allow(deprecated)]
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::config(format!("cannot configure TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::{Action, CallOptions};
    use crate::decode::{Reader, Step};
    use crate::{DecodeFields, Form};

    static SERVICE: ServiceInfo = ServiceInfo {
        product: "UCompShare",
        default_base_url: "https://api.compshare.cn",
        crate_name: "compshare",
        crate_version: "0.1.0",
        sensitive: &["Password"],
        retry_codes: &[],
        json_bodies: &[],
        protocol: crate::Protocol::UCloudRpc,
        auth: crate::Auth::UCloudSignature,
    };

    #[derive(Default)]
    struct Out;

    impl DecodeFields for Out {
        fn decode_field(&mut self, _key: &str, _r: &mut Reader<'_>) -> Step {
            Ok(false)
        }
    }

    struct Describe;

    impl Action for Describe {
        const NAME: &'static str = "DescribeSelfCommunityImages";
        const IDEMPOTENT: bool = true;
        type Output = Out;
        fn encode(&self, form: &mut Form<'_>) {
            form.req_common("Region", crate::Setting::Region);
            form.opt("Limit", &Some(20i64));
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
            .signed_params(&Describe, &CallOptions::default().common)
            .unwrap();
        assert_eq!(
            params.get("Signature"),
            Some("3a5cebce1b02560e41bb61865bb2ce43a3519066")
        );
        // Debug shows the parameters but neither the signature nor sensitive values.
        let shown = format!("{params:?}");
        assert!(shown.contains(r#""Region": "cn-wlcb""#), "{shown}");
        assert!(shown.contains(r#""Signature": "***""#), "{shown}");
        assert!(!shown.contains("3a5cebce"), "{shown}");
    }

    #[test]
    fn build_rejects_bad_settings_with_reasons() {
        let cases: [(ClientBuilder, &str); 7] = [
            (ClientBuilder::new(&SERVICE), "no credentials"),
            (
                ClientBuilder::new(&SERVICE)
                    .credentials(Credentials::new("a", "b"))
                    .base_url("ftp://x"),
                "http or https",
            ),
            (
                ClientBuilder::new(&SERVICE)
                    .credentials(Credentials::new("a", "b"))
                    .timeout(Duration::ZERO),
                "greater than zero",
            ),
            (
                ClientBuilder::new(&SERVICE).credentials(Credentials::new("a", "")),
                "empty public or private key",
            ),
            (
                ClientBuilder::new(&SERVICE)
                    .credentials(Credentials::new("a", "b"))
                    .user_agent_suffix("app/1.0\r\nX-Injected: yes"),
                "user_agent_suffix must be visible ASCII",
            ),
            (
                ClientBuilder::new(&SERVICE)
                    .credentials(Credentials::new("a", "b"))
                    .max_decoded_bytes(0),
                "greater than zero",
            ),
            (
                ClientBuilder::new(&SERVICE)
                    .credentials(Credentials::new("a", "b"))
                    .retry_policy(RetryPolicy {
                        max_retries: 1,
                        base_delay: Duration::from_secs(2),
                        max_delay: Duration::from_secs(1),
                    }),
                "base delay exceeds",
            ),
        ];
        for (builder, reason) in cases {
            let err = builder.build().unwrap_err();
            assert!(err.to_string().contains(reason), "{err}");
        }
    }

    #[test]
    fn explicit_values_beat_the_environment_which_beats_the_files() {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(home.path().join(".ucloud")).unwrap();
        std::fs::write(
            home.path().join(".ucloud/config.json"),
            r#"[{"profile":"default","region":"file-region","zone":"file-zone","project_id":"file-project","timeout_sec":7}]"#,
        )
        .unwrap();
        std::fs::write(
            home.path().join(".ucloud/credential.json"),
            r#"[{"public_key":"file-pk","private_key":"file-sk"}]"#,
        )
        .unwrap();
        let env = |name: &str| match name {
            "HOME" => Some(home.path().display().to_string()),
            "UCLOUD_ZONE" => Some("env-zone".to_owned()),
            "UCLOUD_REGION" => Some("env-region".to_owned()),
            "UCLOUD_PUBLIC_KEY" => Some("env-pk".to_owned()),
            "UCLOUD_PRIVATE_KEY" => Some("env-sk".to_owned()),
            _ => None,
        };
        let client: Client = ClientBuilder::new(&SERVICE)
            .region("explicit-region")
            .load_shared_config_with(env)
            .unwrap()
            .build()
            .unwrap();
        let d = client.defaults();
        assert_eq!(d.region.as_deref(), Some("explicit-region"));
        assert_eq!(d.zone.as_deref(), Some("env-zone"));
        assert_eq!(d.project_id.as_deref(), Some("file-project"));
        assert_eq!(client.inner.credentials.public_key(), "env-pk");
        assert_eq!(client.inner.settings.timeout, Duration::from_secs(7));

        // Without the environment's keys the file's are used.
        let env = |name: &str| (name == "HOME").then(|| home.path().display().to_string());
        let client: Client = ClientBuilder::new(&SERVICE)
            .load_shared_config_with(env)
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(client.inner.credentials.public_key(), "file-pk");
        assert_eq!(client.defaults().region.as_deref(), Some("file-region"));
    }

    #[test]
    fn missing_credentials_name_every_source_consulted() {
        let home = tempfile::tempdir().unwrap();
        let shown = home.path().display().to_string();
        let err = ClientBuilder::<Client>::new(&SERVICE)
            .load_shared_config_with(|name| match name {
                "UCLOUD_REGION" => Some("cn-wlcb".to_owned()),
                "HOME" => Some(shown.clone()),
                _ => None,
            })
            .unwrap()
            .build()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "invalid client configuration: no credentials: not set on the builder, \
                 nor in UCLOUD_PUBLIC_KEY/UCLOUD_PRIVATE_KEY (not set), \
                 nor in {shown}/.ucloud/credential.json (no such file), \
                 nor in COMPSHARE_PUBLIC_KEY/COMPSHARE_PRIVATE_KEY (not set), \
                 nor in {shown}/.config/compshare/config.json (no such file)"
            )
        );
    }

    #[test]
    fn debug_of_client_and_builder_hides_the_private_key_and_url_password() {
        let builder = ClientBuilder::<Client>::new(&SERVICE)
            .credentials(Credentials::new("my_public_key", "my_private_key"))
            .base_url("https://proxy-user:url-pass-77@proxy.example/");
        let client: Client = ClientBuilder::new(&SERVICE)
            .credentials(Credentials::new("my_public_key", "my_private_key"))
            .build()
            .unwrap();
        let unparsable =
            ClientBuilder::<Client>::new(&SERVICE).base_url("https://u:url-pass-77@[bad");
        for shown in [
            format!("{client:?}"),
            format!("{client:#?}"),
            format!("{builder:?}"),
            format!("{unparsable:?}"),
        ] {
            assert!(!shown.contains("my_private_key"), "{shown}");
            assert!(!shown.contains("url-pass-77"), "{shown}");
        }
        assert!(format!("{client:?}").contains("my_public_key"));
        assert!(format!("{builder:?}").contains("https://***@proxy.example/"));
    }

    #[test]
    fn base_urls_with_userinfo_or_plain_http_to_another_machine_are_refused() {
        let build = |url: &str, allow: bool| {
            ClientBuilder::<Client>::new(&SERVICE)
                .credentials(Credentials::new("pk", "sk"))
                .base_url(url)
                .allow_insecure_http(allow)
                .build()
        };
        let err = build("https://proxy-user:url-pass-78@proxy.example/", false).unwrap_err();
        assert!(
            err.to_string().contains("carries a user or password"),
            "{err}"
        );
        assert!(!format!("{err} {err:?}").contains("url-pass-78"), "{err:?}");
        let err = build("http://api.service.ucloud.cn/", false).unwrap_err();
        assert!(err.to_string().contains("allow_insecure_http"), "{err}");
        let client = build("http://api.service.ucloud.cn/", true).unwrap();
        assert_eq!(client.base_url(), "http://api.service.ucloud.cn/");
        assert!(build("http://127.0.0.1:9/", false).is_ok());
        assert!(build("https://api.compshare.cn", false).is_ok());
    }
}
