//! Secrets (the private key, the signature, sensitive parameters) never reach Debug output,
//! error messages or tracing events, checked on the full output of real calls. The tests run
//! one at a time, as trace captures need (see `Traces`).

use std::sync::Arc;

use compshare::types::InstanceDisk;
use compshare::{Client, Credentials};
use compshare_e2e::{Answer, TestServer, Traces};

const PRIVATE: &str = "private-key-5f3a9c";
const PASSWORD: &str = "password-917";
/// `PASSWORD` Base64-encoded: how it travels, and how the API returns it.
const ON_WIRE: &str = "cGFzc3dvcmQtOTE3";

/// A client of `server` holding the private key the tests look for.
fn client_of(server: &TestServer) -> Client {
    Client::builder()
        .credentials(Credentials::new("public-key", PRIVATE))
        .base_url(server.url())
        .region("cn-wlcb")
        .zone("cn-wlcb-01")
        .build()
        .unwrap()
}

#[tokio::test]
async fn tracing_debug_and_errors_never_show_secrets() {
    let (traces, _guard) = Traces::capture();

    let server = TestServer::script(vec![
        Answer::status(503, "busy"),
        Answer::json(r#"{"RetCode":0,"UHostIds":["uhost-1"]}"#),
        Answer::json(r#"{"RetCode":230,"Message":"no such image"}"#),
    ])
    .await;
    let client = client_of(&server);
    let call = || {
        client
            .create_comp_share_instance()
            .comp_share_image_id("img-1")
            .machine_type("G")
            .gpu_type("4090")
            .gpu(1)
            .cpu(16)
            .memory(65536)
            .password(PASSWORD)
            .disks([InstanceDisk::new(true, 100, "CLOUD_SSD")])
    };
    let mut shown = Vec::new();
    shown.push(format!("{:?}", call().as_input()));
    shown.push(format!("{:?}", call()));
    shown.push(format!("{client:?}"));
    let first = call().send().await.unwrap_err(); // 503: a create is not retried
    let ok = call().send().await.unwrap();
    let api = call().send().await.unwrap_err();
    for err in [&first, &api] {
        shown.push(format!("{err}"));
        shown.push(format!("{err:?}"));
    }
    shown.push(format!("{ok:?}"));
    let traced = traces.text();
    shown.push(traced.clone());

    // The calls really carried the secrets, so their absence from the output means something.
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].param("Password"), Some(ON_WIRE));
    assert!(requests[0].signature_is_valid(PRIVATE));
    let signatures: Vec<&str> = requests
        .iter()
        .map(|r| r.param("Signature").unwrap())
        .collect();

    // The trace says what happened.
    assert!(traced.contains("compshare.call"), "{traced}");
    assert!(
        traced.contains("action=\"CreateCompShareInstance\""),
        "{traced}"
    );
    assert!(
        traced.contains("attempt failed") && traced.contains("status=503"),
        "{traced}"
    );
    assert!(traced.contains("attempt succeeded"), "{traced}");
    assert!(traced.contains("request_id=\"req-0001\""), "{traced}");

    for text in &shown {
        assert!(!text.contains(PRIVATE), "private key in: {text}");
        assert!(!text.contains(PASSWORD), "password in: {text}");
        assert!(!text.contains(ON_WIRE), "encoded password in: {text}");
        for sig in &signatures {
            assert!(!text.contains(sig), "signature in: {text}");
        }
    }
    assert!(shown[0].contains("password: Some(\"***\")"), "{}", shown[0]);
}

/// Gateways echo requests and responses carry passwords: every excerpt of a body in an error
/// or a trace masks the values of sensitive keys, whatever shape the body has.
#[tokio::test]
async fn bodies_that_carry_secrets_are_masked_in_errors_and_traces() {
    let (traces, _guard) = Traces::capture();

    let echoes = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let n = echoes.clone();
    let server = TestServer::start(move |req| {
        let form = compshare_runtime::urlencode(&req.form);
        match n.fetch_add(1, std::sync::atomic::Ordering::SeqCst) {
            // A gateway error page echoing the request form, signature and password included.
            0 => Answer::status(502, &format!("<html>bad gateway for {form}</html>")),
            // A proxy's page quoting the request as JSON.
            1 => Answer::json(&format!(
                r#"<pre>{{"Password":"{}","Signature":"{}"}}</pre>"#,
                req.param("Password").unwrap_or_default(),
                req.param("Signature").unwrap_or_default()
            )),
            // The instance listing, which carries its password, behind a failing gateway.
            _ => Answer::status(
                503,
                &format!(
                    r#"{{"RetCode":0,"UHostSet":[{{"UHostId":"uhost-1","Password":"{ON_WIRE}"}}]}}"#
                ),
            ),
        }
    })
    .await;
    let client = Client::builder()
        .credentials(Credentials::new("public-key", PRIVATE))
        .base_url(server.url())
        .region("cn-wlcb")
        .zone("cn-wlcb-01")
        .max_retries(0)
        .build()
        .unwrap();
    let reinstall = || {
        client
            .reset_comp_share_instance_password()
            .u_host_id("uhost-1")
            .password(PASSWORD)
    };
    let mut shown = Vec::new();
    for err in [
        reinstall().send().await.unwrap_err(),
        reinstall().send().await.unwrap_err(),
        client
            .describe_comp_share_instance()
            .send()
            .await
            .unwrap_err(),
    ] {
        shown.push(format!("{err}"));
        shown.push(format!("{err:?}"));
    }
    let traced = traces.text();
    shown.push(traced);

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].param("Password"), Some(ON_WIRE));
    let signatures: Vec<&str> = requests
        .iter()
        .map(|r| r.param("Signature").unwrap())
        .collect();
    // The errors quote the bodies, masked.
    assert!(shown[0].contains("Password=***"), "{}", shown[0]);
    assert!(shown[2].contains(r#""Password":"***""#), "{}", shown[2]);
    assert!(shown[4].contains(r#""Password":"***""#), "{}", shown[4]);
    for text in &shown {
        assert!(!text.contains(PASSWORD), "password in: {text}");
        assert!(!text.contains(ON_WIRE), "encoded password in: {text}");
        for sig in &signatures {
            assert!(!text.contains(sig), "signature in: {text}");
        }
    }
}

/// What a user may print while debugging: the signed parameters of a request, the requests a
/// mock recorded, and a client whose endpoint carries a password.
#[tokio::test]
// The lock orders the binary's tests, each on its own runtime and thread, not tasks.
#[allow(clippy::await_holding_lock)]
async fn signed_params_mock_requests_and_url_passwords_are_masked() {
    let _turn = Traces::serial();
    let client = Client::builder()
        .credentials(Credentials::new("public-key", PRIVATE))
        .region("cn-wlcb")
        .zone("cn-wlcb-01")
        .build()
        .unwrap();
    let request = client
        .reset_comp_share_instance_password()
        .u_host_id("uhost-1")
        .password(PASSWORD)
        .into_input();
    let params = client
        .runtime()
        .signed_params(&request, &Default::default())
        .unwrap();
    assert_eq!(params.get("Password"), Some(ON_WIRE));
    let signature = params.get("Signature").unwrap().to_owned();
    let shown = format!("{params:?} {params:#?}");
    assert!(shown.contains(r#""Password": "***""#), "{shown}");
    assert!(
        !shown.contains(ON_WIRE) && !shown.contains(&signature),
        "{shown}"
    );

    let mock = compshare::mock::Mock::new();
    mock.on::<compshare::actions::ResetCompShareInstancePasswordRequest>(r#"{"RetCode":0}"#);
    let mocked = Client::builder()
        .mock(&mock)
        .region("r")
        .zone("z")
        .build()
        .unwrap();
    mocked
        .reset_comp_share_instance_password()
        .u_host_id("uhost-1")
        .password(PASSWORD)
        .send()
        .await
        .unwrap();
    let recorded = mock.requests();
    assert_eq!(recorded[0].param("Password"), Some(ON_WIRE));
    let shown = format!("{recorded:?} {recorded:#?}");
    assert!(
        shown.contains("UHostId") && shown.contains("uhost-1"),
        "{shown}"
    );
    assert!(!shown.contains(ON_WIRE), "{shown}");

    // A base URL with a password is refused, and the password is shown nowhere.
    let builder = Client::builder()
        .credentials(Credentials::new("public-key", PRIVATE))
        .base_url("http://proxy-user:url-secret-19@127.0.0.1:9/")
        .region("cn-wlcb");
    let shown_builder = format!("{builder:?}");
    let err = builder.build().unwrap_err();
    for text in [shown_builder, format!("{err}"), format!("{err:?}")] {
        assert!(!text.contains("url-secret-19"), "{text}");
    }
    assert!(
        format!("{err}").contains("\"http://***@127.0.0.1:9/\" carries a user or password"),
        "{err}"
    );
}

#[test]
fn raw_calls_mask_their_secrets_in_debug() {
    let client = Client::builder()
        .credentials(Credentials::new("public-key", PRIVATE))
        .region("cn-wlcb")
        .build()
        .unwrap();
    let call = client.call_raw(
        "ResetCompShareInstancePassword",
        [
            ("UHostId", "uhost-1"),
            ("Password", "raw-secret-1"),
            ("RootPwd", "raw-secret-2"),
            ("KeyPassphrase", "raw-secret-3"),
        ],
    );
    let shown = format!("{call:?} {call:#?}");
    assert!(
        shown.contains("UHostId") && shown.contains("uhost-1"),
        "{shown}"
    );
    for secret in ["raw-secret-1", "raw-secret-2", "raw-secret-3", PRIVATE] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

/// A request kept as JSON holds `***` where its password was: sending it is refused before
/// any I/O (it would set a password nobody knows), and `with_secrets_exposed` keeps the
/// password for those who need to.
#[tokio::test]
async fn a_request_kept_as_json_never_sends_the_mask_as_a_password() {
    let server = TestServer::start(|_| Answer::json(r#"{"RetCode":0}"#)).await;
    let client = client_of(&server);
    let request = client
        .reset_comp_share_instance_password()
        .u_host_id("uhost-1")
        .password(PASSWORD)
        .into_input();

    let kept = serde_json::to_string(&request).unwrap();
    assert!(!kept.contains(PASSWORD), "{kept}");
    let again: compshare::actions::ResetCompShareInstancePasswordRequest =
        serde_json::from_str(&kept).unwrap();
    let err = client.send(&again).await.unwrap_err();
    match err.kind() {
        compshare::ErrorKind::InvalidRequest(p) => assert_eq!(p.invalid[0].0, "Password"),
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("with_secrets_exposed"), "{err}");
    assert_eq!(err.delivery(), compshare::Delivery::NotSent);
    assert!(server.requests().is_empty());

    let kept =
        compshare::runtime::with_secrets_exposed(|| serde_json::to_string(&request)).unwrap();
    assert!(kept.contains(PASSWORD), "{kept}");
    // Outside the closure, secrets are masked again.
    assert!(!serde_json::to_string(&request).unwrap().contains(PASSWORD));
    let again: compshare::actions::ResetCompShareInstancePasswordRequest =
        serde_json::from_str(&kept).unwrap();
    client.send(&again).await.unwrap();
    assert_eq!(server.requests()[0].param("Password"), Some(ON_WIRE));
}

#[tokio::test]
async fn an_answer_quoting_the_password_just_sent_is_masked_in_every_form() {
    let (traces, _guard) = Traces::capture();
    // Answers that echo the password: an API message (plain and as sent, Base64), an HTTP
    // error's body and a body that is not the API's (plain).
    let server = TestServer::script(vec![
        Answer::json(&format!(
            r#"{{"RetCode":8001,"Message":"password {PASSWORD} too weak; got {ON_WIRE}"}}"#
        )),
        Answer::status(400, &format!("bad Password field: {PASSWORD}")),
        Answer::status(200, &format!("<html>{PASSWORD}</html>")),
    ])
    .await;
    let client = client_of(&server);
    let reset = || {
        client
            .reset_comp_share_instance_password()
            .u_host_id("uhost-1")
            .password(PASSWORD)
    };
    let mut shown = Vec::new();
    for _ in 0..3 {
        let err = reset().send().await.unwrap_err();
        shown.push(format!("{err}"));
        shown.push(format!("{err:?}"));
    }
    shown.push(traces.text());
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.param("Password") == Some(ON_WIRE))
    );
    let all = shown.join("\n");
    assert!(
        all.contains("RetCode 8001") && all.contains("too weak"),
        "{all}"
    );
    assert!(!all.contains(PASSWORD) && !all.contains(ON_WIRE), "{all}");
}
