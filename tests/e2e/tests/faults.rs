//! Fault injection against a local server that counts attempts: each scenario asserts exactly
//! how many requests reached the server and how many attempts the client reports.

use std::time::{Duration, Instant};

use compshare::types::InstanceDisk;
use compshare::{Client, Credentials, Delivery, ErrorKind, RetryPolicy};
use compshare_e2e::{Answer, TestServer};

const OK_IMAGES: &str = r#"{"RetCode":0,"TotalCount":1,"ImageSet":[{"CompShareImageId":"img-1"}]}"#;
const OK_CREATE: &str = r#"{"RetCode":0,"UHostIds":["uhost-1"]}"#;

/// A client with fast retries (1-2 ms waits), 3 retries, and a 200 ms attempt timeout.
fn client(url: String) -> Client {
    Client::builder()
        .credentials(Credentials::new("pk", "sk"))
        .base_url(url)
        .region("cn-wlcb")
        .zone("cn-wlcb-01")
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(2),
        })
        .build()
        .unwrap()
}

async fn list(
    server: &TestServer,
) -> Result<compshare::actions::DescribeCompShareCustomImagesResponse, compshare::Error> {
    client(server.url())
        .describe_comp_share_custom_images()
        .send()
        .await
}

fn create(client: &Client) -> compshare::Call<compshare::actions::CreateCompShareInstanceRequest> {
    client
        .create_comp_share_instance()
        .comp_share_image_id("img-1")
        .machine_type("G")
        .gpu_type("4090")
        .gpu(1)
        .cpu(16)
        .memory(65536)
        .disks([InstanceDisk {
            is_boot: true,
            size: 100,
            r#type: "CLOUD_SSD".into(),
        }])
}

#[tokio::test]
async fn service_unavailable_twice_then_success() {
    let server = TestServer::script(vec![
        Answer::status(503, "busy"),
        Answer::status(503, "busy"),
        Answer::json(OK_IMAGES),
    ])
    .await;
    let out = list(&server).await.unwrap();
    assert_eq!(
        out.image_set[0].comp_share_image_id.as_deref(),
        Some("img-1")
    );
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn retries_stop_at_the_limit_and_the_error_counts_them() {
    let server = TestServer::script(vec![Answer::status(503, "busy")]).await;
    let err = list(&server).await.unwrap_err();
    assert_eq!(server.requests().len(), 4);
    assert_eq!(err.attempts(), 4);
    assert!(
        matches!(err.kind(), ErrorKind::Http { status: 503, .. }),
        "{err}"
    );
    assert!(err.to_string().ends_with("; 4 attempts"), "{err}");
}

#[tokio::test]
async fn connection_dropped_mid_response_then_success() {
    let truncated = Answer::Truncated {
        declared: 500,
        body: br#"{"RetCode":0,"Tot"#.to_vec(),
    };
    let server = TestServer::script(vec![truncated, Answer::json(OK_IMAGES)]).await;
    list(&server).await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn response_slower_than_the_timeout_then_success() {
    let slow = Answer::after(Duration::from_millis(1000), Answer::json(OK_IMAGES));
    let server = TestServer::script(vec![slow, Answer::json(OK_IMAGES)]).await;
    let started = Instant::now();
    list(&server).await.unwrap();
    assert_eq!(server.requests().len(), 2);
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "the slow attempt was cut at its timeout"
    );
}

#[tokio::test]
async fn retcode_2000_and_above_then_success() {
    let server = TestServer::script(vec![
        Answer::json(r#"{"RetCode":2001,"Message":"internal"}"#),
        Answer::json(OK_IMAGES),
    ])
    .await;
    list(&server).await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn garbage_body_then_success() {
    let garbage = Answer::Http {
        status: 200,
        headers: vec![],
        body: b"<html>proxy error</html>".to_vec(),
    };
    let server = TestServer::script(vec![garbage, Answer::json(OK_IMAGES)]).await;
    list(&server).await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = TestServer::script(vec![Answer::json(
        r#"{"RetCode":230,"Message":"bad zone"}"#,
    )])
    .await;
    let err = list(&server).await.unwrap_err();
    assert_eq!((server.requests().len(), err.attempts()), (1, 1));
    let server = TestServer::script(vec![Answer::status(400, "bad request")]).await;
    let err = list(&server).await.unwrap_err();
    assert_eq!((server.requests().len(), err.attempts()), (1, 1));
}

/// The request was read by the server, then the connection died: a create must not be
/// repeated, and the error must say the outcome is unknown.
#[tokio::test]
async fn create_is_sent_once_when_the_connection_drops_after_sending() {
    let server = TestServer::script(vec![Answer::Hangup, Answer::json(OK_CREATE)]).await;
    let err = create(&client(server.url())).send().await.unwrap_err();
    assert_eq!(
        server.requests().len(),
        1,
        "the server saw the create exactly once"
    );
    assert_eq!(err.attempts(), 1);
    assert_eq!(err.delivery(), Delivery::MaybeSent);
    assert!(
        err.to_string()
            .ends_with("; 1 attempt; the request may have reached the server: outcome unknown"),
        "{err}"
    );
}

#[tokio::test]
async fn create_is_sent_once_when_the_response_is_too_slow() {
    let server = TestServer::script(vec![Answer::after(
        Duration::from_millis(1000),
        Answer::json(OK_CREATE),
    )])
    .await;
    let err = create(&client(server.url())).send().await.unwrap_err();
    assert_eq!(server.requests().len(), 1);
    assert_eq!(err.attempts(), 1);
    assert!(matches!(err.kind(), ErrorKind::Timeout { .. }), "{err}");
    assert!(err.to_string().contains("outcome unknown"), "{err}");
}

#[tokio::test]
async fn create_is_sent_once_on_a_retryable_status() {
    let server =
        TestServer::script(vec![Answer::status(503, "busy"), Answer::json(OK_CREATE)]).await;
    let err = create(&client(server.url())).send().await.unwrap_err();
    assert_eq!((server.requests().len(), err.attempts()), (1, 1));
    assert_eq!(err.delivery(), Delivery::Received);
    assert!(
        err.to_string()
            .ends_with("; the server received the request"),
        "{err}"
    );
}

#[tokio::test]
async fn create_is_retried_when_the_connection_is_refused() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    drop(listener);
    let err = create(&client(url)).send().await.unwrap_err();
    assert_eq!(
        err.attempts(),
        4,
        "never reached the server, so safe to retry"
    );
    assert_eq!(err.delivery(), Delivery::NotSent);
    assert!(
        err.to_string()
            .ends_with("; 4 attempts; the request never reached the server"),
        "{err}"
    );
}

#[tokio::test]
async fn create_succeeds_once() {
    let server = TestServer::script(vec![Answer::json(OK_CREATE)]).await;
    let out = create(&client(server.url())).send().await.unwrap();
    assert_eq!(out.u_host_ids, ["uhost-1"]);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn per_call_retry_limit() {
    let server = TestServer::script(vec![Answer::status(502, "bad gateway")]).await;
    let err = client(server.url())
        .describe_comp_share_custom_images()
        .max_retries(1)
        .send()
        .await
        .unwrap_err();
    assert_eq!((server.requests().len(), err.attempts()), (2, 2));
}

#[tokio::test]
async fn deadline_bounds_the_whole_call() {
    let slow = Answer::after(Duration::from_millis(1000), Answer::json(OK_IMAGES));
    let server = TestServer::script(vec![slow]).await;
    let started = Instant::now();
    let err = client(server.url())
        .describe_comp_share_custom_images()
        .max_retries(100)
        .deadline(Duration::from_millis(450))
        .send()
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err.kind(), ErrorKind::Timeout { .. }), "{err}");
    assert!(elapsed < Duration::from_millis(800), "{elapsed:?}");
    // 200 ms attempts inside 450 ms: two full attempts and a shortened third at most.
    assert_eq!(server.requests().len() as u32, err.attempts());
    assert!((2..=3).contains(&err.attempts()), "{err}");
}

#[tokio::test]
async fn oversized_response_is_refused_and_not_retried() {
    let big = format!(
        r#"{{"RetCode":0,"ImageSet":[{}]}}"#,
        vec![r#"{"Name":"x"}"#; 20_000].join(",")
    );
    let server = TestServer::script(vec![Answer::json(&big)]).await;
    let client = Client::builder()
        .credentials(Credentials::new("pk", "sk"))
        .base_url(server.url())
        .region("cn-wlcb")
        .zone("z")
        .max_response_bytes(64 * 1024)
        .build()
        .unwrap();
    let err = client
        .describe_comp_share_custom_images()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::ResponseTooLarge { limit: 65536 }),
        "{err}"
    );
    assert_eq!((server.requests().len(), err.attempts()), (1, 1));
}
