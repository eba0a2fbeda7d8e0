//! A request signed with `Client::sign_action` is encoded once: what its parameters show (a
//! dry run, a preview) is what every attempt sends.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use compshare_runtime::mock::{Mock, MockResponse};
use compshare_runtime::{
    Action, CallOptions, Client, ClientBuilder, Credentials, Empty, Form, RetryPolicy, ServiceInfo,
    Setting,
};

static SERVICE: ServiceInfo = ServiceInfo {
    product: "Demo",
    default_base_url: "https://api.example.com",
    crate_name: "demo",
    crate_version: "0.1.0",
    sensitive: &[],
    retry_codes: &[5000],
    json_bodies: &[],
    protocol: compshare_runtime::Protocol::UCloudRpc,
    auth: compshare_runtime::Auth::UCloudSignature,
};

static ENCODED: AtomicUsize = AtomicUsize::new(0);

/// An idempotent action that counts its encodings.
struct Describe(&'static str);

impl Action for Describe {
    const NAME: &'static str = "DescribeThings";
    const IDEMPOTENT: bool = true;
    type Output = Empty;
    fn encode(&self, form: &mut Form<'_>) {
        ENCODED.fetch_add(1, Ordering::SeqCst);
        form.text("Name", self.0);
        form.opt_common("Region", Setting::Region);
    }
}

#[tokio::test]
async fn a_signed_request_is_encoded_once_and_sent_as_shown() {
    let mock = Mock::new();
    let seen = Arc::new(AtomicUsize::new(0));
    let count = seen.clone();
    // A transient answer first: the retry sends the same signed request.
    mock.respond_to("DescribeThings", move |_| {
        let code = if count.fetch_add(1, Ordering::SeqCst) == 0 {
            5000
        } else {
            0
        };
        MockResponse::json(format!(r#"{{"RetCode":{code}}}"#))
    });
    let client = ClientBuilder::<Client>::new(&SERVICE)
        .credentials(Credentials::new("pub", "priv"))
        .region("cn-wlcb")
        .retry_policy(RetryPolicy {
            max_retries: 3,
            base_delay: std::time::Duration::from_millis(1),
            max_delay: std::time::Duration::from_millis(1),
        })
        .mock(&mock)
        .build()
        .unwrap();
    let mut options = CallOptions::default();
    options.common.region = Some("cn-sh2".to_owned());
    let signed = client.sign_action(Describe("n"), options).unwrap();
    assert_eq!(ENCODED.load(Ordering::SeqCst), 1);
    let shown: Vec<(String, String)> = signed
        .params()
        .iter()
        .filter(|(k, _)| *k != "Signature")
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    assert!(
        shown.contains(&("Region".to_owned(), "cn-sh2".to_owned())),
        "{shown:?}"
    );
    signed.send().await.unwrap();
    assert_eq!(seen.load(Ordering::SeqCst), 2, "a retry");
    assert_eq!(
        ENCODED.load(Ordering::SeqCst),
        1,
        "encoded once for both attempts"
    );
    for request in mock.requests() {
        let sent: Vec<(String, String)> = request.params.into_iter().collect();
        let mut want = shown.clone();
        want.sort();
        assert_eq!(sent, want);
    }
}
