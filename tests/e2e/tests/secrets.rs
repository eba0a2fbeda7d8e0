//! Secrets (the private key, the signature, sensitive parameters) never reach Debug output,
//! error messages or tracing events, checked on the full output of real calls.

use std::io::Write;
use std::sync::{Arc, Mutex};

use compshare::types::InstanceDisk;
use compshare::{Client, Credentials};
use compshare_e2e::{Answer, TestServer};

const PRIVATE: &str = "private-key-5f3a9c";
const PASSWORD: &str = "cGFzc3dvcmQtOTE3"; // base64 of a password, as the API wants it

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tracing_debug_and_errors_never_show_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = TestServer::script(vec![
        Answer::status(503, "busy"),
        Answer::json(r#"{"RetCode":0,"UHostIds":["uhost-1"]}"#),
        Answer::json(r#"{"RetCode":230,"Message":"no such image"}"#),
    ])
    .await;
    let client = Client::builder()
        .credentials(Credentials::new("public-key", PRIVATE))
        .base_url(server.url())
        .region("cn-wlcb")
        .zone("cn-wlcb-01")
        .build()
        .unwrap();
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
            .disks([InstanceDisk {
                is_boot: true,
                size: 100,
                r#type: "CLOUD_SSD".into(),
            }])
    };
    let mut shown = Vec::new();
    shown.push(format!("{:?}", call().input()));
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
    let traced = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    shown.push(traced.clone());

    // The calls really carried the secrets, so their absence from the output means something.
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].param("Password"), Some(PASSWORD));
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
        for sig in &signatures {
            assert!(!text.contains(sig), "signature in: {text}");
        }
    }
    assert!(shown[0].contains("password: Some(\"***\")"), "{}", shown[0]);
}
