//! Transport that fits the user's network, against local servers only: an explicit proxy, a
//! private root certificate (a local HTTPS server whose certificate a test CA signs), a
//! client of the user's own, and gzip-compressed answers. The environment's proxy variables
//! are tested in `proxy_env.rs`, a binary of their own, because they are process-wide.

use std::io::Write;
use std::sync::Arc;

use compshare::runtime::reqwest;
use compshare::{Client, Credentials, Delivery, ErrorKind};
use compshare_e2e::{Answer, TestServer};

const OK: &str = r#"{"RetCode":0,"TotalCount":1,"ImageSet":[{"CompShareImageId":"img-1"}]}"#;

fn builder(base_url: &str) -> compshare::ClientBuilder {
    Client::builder()
        .credentials(Credentials::new("pk", "sk"))
        .base_url(base_url)
        // The proxies here are on this machine and read plain http.
        .allow_insecure_http(true)
        .region("cn-wlcb")
        .zone("cn-wlcb-01")
        .max_retries(0)
}

#[tokio::test]
async fn an_explicit_proxy_carries_the_request() {
    let proxy = TestServer::script(vec![Answer::json(OK)]).await;
    // The endpoint's host is never resolved or reached: the proxy is asked for it.
    let client = builder("http://api.compshare.invalid/")
        .proxy(proxy.url())
        .build()
        .unwrap();
    let out = client
        .describe_comp_share_custom_images()
        .send()
        .await
        .unwrap();
    assert_eq!(out.image_set.len(), 1);
    let seen = proxy.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path, "http://api.compshare.invalid/");
    assert!(seen[0].signature_is_valid("sk"));
}

/// A CA of the test's own, and a certificate for 127.0.0.1 that it signs.
fn tls_server_config() -> (String, rustls::ServerConfig) {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .unwrap()
        .signed_by(&leaf_key, &ca, &ca_key)
        .unwrap();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(leaf_key.serialize_der().into());
    // ring, as the runtime uses (deprecated since rustls 0.23.48 for want of post-quantum
    // key exchange; see the runtime's builder).
    #[allow(deprecated)]
    let provider = rustls::crypto::ring::default_provider();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(provider))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![leaf.der().clone()], key)
        .unwrap();
    (ca.pem(), config)
}

#[tokio::test]
async fn a_private_root_certificate_is_trusted_when_added() {
    let (ca_pem, config) = tls_server_config();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let server = TestServer::start_tls(acceptor, |_| Answer::json(OK)).await;

    // Without the CA the handshake fails: nothing was sent.
    let err = builder(&server.https_url())
        .build()
        .unwrap()
        .describe_comp_share_custom_images()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Transport(_)), "{err}");
    assert_eq!(err.delivery(), Delivery::NotSent, "{err}");
    assert!(server.requests().is_empty());

    let client = builder(&server.https_url())
        .add_root_certificate_pem(ca_pem.as_bytes())
        .build()
        .unwrap();
    let out = client
        .describe_comp_share_custom_images()
        .send()
        .await
        .unwrap();
    assert_eq!(out.image_set.len(), 1);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_client_of_ones_own_is_used_and_the_sdk_limits_still_hold() {
    let server = TestServer::script(vec![
        Answer::json(OK),
        Answer::after(std::time::Duration::from_secs(60), Answer::json(OK)),
    ])
    .await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("X-Team", "gpu-lab".parse().unwrap());
    // An application's own reqwest brings its TLS provider (aws-lc by default); this
    // workspace builds reqwest without one, so the test installs ring's.
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
    let own = reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let client = builder(&server.url())
        .http_client(own)
        .timeout(std::time::Duration::from_millis(300))
        .build()
        .unwrap();
    client
        .describe_comp_share_custom_images()
        .send()
        .await
        .unwrap();
    assert_eq!(
        server.requests()[0]
            .headers
            .get("x-team")
            .map(String::as_str),
        Some("gpu-lab")
    );
    // The SDK's timeout bounds the attempt on the user's client too.
    let err = client
        .describe_comp_share_custom_images()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Timeout { .. }), "{err}");

    // Settings of the SDK's own client cannot be given alongside one's own.
    let err = builder(&server.url())
        .http_client(reqwest::Client::builder().build().unwrap())
        .proxy("http://127.0.0.1:9")
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("set them on the client given to http_client"),
        "{err}"
    );
}

/// A proxy or certificate that is not one is refused when the client is built, saying which,
/// and a proxy's password is not shown.
#[test]
fn a_bad_proxy_or_certificate_is_refused_at_build() {
    let err = builder("https://api.compshare.cn/")
        .proxy("http://user:hunter2@[not a host")
        .build()
        .unwrap_err();
    let shown = err.to_string();
    assert!(
        shown.contains("proxy:") && shown.contains("not a proxy URL"),
        "{shown}"
    );
    assert!(!shown.contains("hunter2"), "{shown}");
    // Without a scheme, `user` reads as one and the password as a path: never shown either.
    let err = builder("https://api.compshare.cn/")
        .proxy("user:hunter2@proxy:99999")
        .build()
        .unwrap_err();
    assert!(!err.to_string().contains("hunter2"), "{err}");
    let err = builder("https://api.compshare.cn/")
        .add_root_certificate_pem(b"-----BEGIN NOTHING-----".to_vec())
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("not a PEM certificate"), "{err}");
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn gzipped(body: &[u8]) -> Answer {
    Answer::Http {
        status: 200,
        headers: vec![("Content-Encoding".into(), "gzip".into())],
        body: gzip(body),
    }
}

/// With feature `gzip`, compressed answers are read; the size limit applies to what they
/// decompress to, so a small bomb cannot make the client allocate its contents.
#[tokio::test]
async fn gzip_answers_are_read_within_the_size_limit() {
    let server = TestServer::script(vec![gzipped(OK.as_bytes())]).await;
    let client = builder(&server.url()).build().unwrap();
    let out = client
        .describe_comp_share_custom_images()
        .send()
        .await
        .unwrap();
    assert_eq!(out.image_set.len(), 1);
    assert!(
        server.requests()[0]
            .headers
            .get("accept-encoding")
            .is_some_and(|v| v.contains("gzip"))
    );

    let bomb = {
        let mut text = String::from(r#"{"RetCode":0,"Message":""#);
        text.push_str(&" ".repeat(64 << 20));
        text.push_str(r#""}"#);
        gzip(text.as_bytes())
    };
    assert!(bomb.len() < 1 << 20, "{} bytes compressed", bomb.len());
    let server = TestServer::script(vec![Answer::Http {
        status: 200,
        headers: vec![("Content-Encoding".into(), "gzip".into())],
        body: bomb,
    }])
    .await;
    let err = builder(&server.url())
        .build()
        .unwrap()
        .describe_comp_share_custom_images()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::ResponseTooLarge { decoded: false, .. }
        ),
        "{err}"
    );
}
