//! Which RetCodes are retried: only those the spec declares transient, for the whole service
//! (`ServiceInfo::retry_codes`) or for one action (`Action::RETRY_CODES`); any other RetCode is
//! the service's answer, given once. Typed and raw calls follow the same rule.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use compshare_runtime::mock::{Mock, MockResponse};
use compshare_runtime::{
    Action, CallOptions, Client, ClientBuilder, Credentials, Empty, ErrorKind, Form, RawCall,
    RetryPolicy, ServiceInfo,
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

/// An idempotent action with a transient code of its own.
struct Describe;

impl Action for Describe {
    const NAME: &'static str = "DescribeThings";
    const IDEMPOTENT: bool = true;
    const RETRY_CODES: &'static [i64] = &[6000];
    type Output = Empty;
    fn encode(&self, _form: &mut Form<'_>) {}
}

/// An action that is not idempotent.
struct Create;

impl Action for Create {
    const NAME: &'static str = "CreateThing";
    const IDEMPOTENT: bool = false;
    type Output = Empty;
    fn encode(&self, _form: &mut Form<'_>) {}
}

/// A client whose mock answers `action` with RetCode `code` first, then success; and the
/// count of requests the mock received.
fn answering(action: &str, code: i64) -> (Client, Arc<AtomicUsize>) {
    let mock = Mock::new();
    let seen = Arc::new(AtomicUsize::new(0));
    let count = seen.clone();
    mock.respond_to(action, move |_| {
        let code = if count.fetch_add(1, Ordering::SeqCst) == 0 {
            code
        } else {
            0
        };
        MockResponse::json(format!(r#"{{"RetCode":{code},"Message":"m"}}"#))
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
    (client, seen)
}

#[tokio::test]
async fn business_answers_are_given_once() {
    // 8039 is "UHost not found", 2001 is at the official SDKs' threshold: neither is
    // declared transient, so neither is repeated.
    for code in [8039, 2001, 230] {
        let (client, seen) = answering("DescribeThings", code);
        let err = client
            .send(&Describe, &CallOptions::default())
            .await
            .unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::Api { code: c, .. } if *c == code),
            "{err:?}"
        );
        assert_eq!(
            (seen.load(Ordering::SeqCst), err.attempts()),
            (1, 1),
            "{code}"
        );
    }
}

#[tokio::test]
async fn the_services_and_the_actions_transient_codes_are_retried() {
    for code in [5000, 6000] {
        let (client, seen) = answering("DescribeThings", code);
        client
            .send(&Describe, &CallOptions::default())
            .await
            .unwrap();
        assert_eq!(seen.load(Ordering::SeqCst), 2, "{code}");
    }
}

#[tokio::test]
async fn a_raw_call_is_retried_on_the_services_codes() {
    let (client, seen) = answering("DescribeThings", 5000);
    RawCall::new(client, "DescribeThings").send().await.unwrap();
    assert_eq!(seen.load(Ordering::SeqCst), 2);
    // Another action's own code is not the raw call's.
    let (client, seen) = answering("DescribeThings", 6000);
    RawCall::new(client, "DescribeThings")
        .send()
        .await
        .unwrap_err();
    assert_eq!(seen.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_action_that_is_not_idempotent_is_not_repeated_on_them() {
    let (client, seen) = answering("CreateThing", 5000);
    let err = client
        .send(&Create, &CallOptions::default())
        .await
        .unwrap_err();
    assert_eq!((seen.load(Ordering::SeqCst), err.attempts()), (1, 1));
}
