//! Waiters polling a local server that walks through states.

use std::time::Duration;

use compshare::{Client, Credentials, ErrorKind, Wait};
use compshare_e2e::{Answer, TestServer};

fn instance(state: &str) -> Answer {
    Answer::json(&format!(
        r#"{{"RetCode":0,"TotalCount":1,"UHostSet":[{{"UHostId":"uhost-1","State":"{state}"}}]}}"#
    ))
}

fn fast(timeout_ms: u64) -> Wait {
    Wait::new(Duration::from_millis(timeout_ms))
        .delays(Duration::from_millis(1), Duration::from_millis(5))
}

async fn client(server: &TestServer) -> Client {
    Client::builder()
        .credentials(Credentials::new("pk", "sk"))
        .base_url(server.url())
        .region("r")
        .zone("z")
        .build()
        .unwrap()
}

#[tokio::test]
async fn waits_through_transitions_until_running() {
    let not_listed = Answer::json(r#"{"RetCode":0,"TotalCount":0,"UHostSet":[]}"#);
    let server = TestServer::script(vec![
        not_listed,
        instance("Initializing"),
        instance("Starting"),
        instance("Running"),
    ])
    .await;
    let out = client(&server)
        .await
        .describe_comp_share_instance()
        .u_host_ids(["uhost-1"])
        .wait_until_instance_running(fast(5_000))
        .await
        .unwrap();
    assert_eq!(
        out.u_host_set[0].state.as_ref().unwrap().as_str(),
        "Running"
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    assert!(
        requests
            .iter()
            .all(|r| r.param("UHostIds.0") == Some("uhost-1"))
    );
}

#[tokio::test]
async fn a_terminal_state_fails_at_once() {
    let server = TestServer::script(vec![
        instance("Starting"),
        instance("Install Fail"),
        instance("Running"),
    ])
    .await;
    let err = client(&server)
        .await
        .describe_comp_share_instance()
        .wait_until_instance_running(fast(5_000))
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::WaitFailed { state } if state == "Install Fail"),
        "{err}"
    );
    assert_eq!(err.attempts(), 2);
    assert_eq!(server.requests().len(), 2);
    assert_eq!(
        err.to_string(),
        "DescribeCompShareInstance: reached state \"Install Fail\", which ends the wait as a failure; polled 2 times"
    );
}

#[tokio::test]
async fn timeout_reports_the_last_state_seen() {
    let server = TestServer::script(vec![instance("Starting")]).await;
    let err = client(&server)
        .await
        .describe_comp_share_instance()
        .wait_until_instance_stopped(fast(60))
        .await
        .unwrap_err();
    match err.kind() {
        ErrorKind::WaitTimedOut { last_state, waited } => {
            assert_eq!(last_state.as_deref(), Some("Starting"));
            assert!(*waited <= Duration::from_millis(60), "{waited:?}");
        }
        other => panic!("expected a wait timeout, got {other:?}"),
    }
    assert_eq!(server.requests().len() as u32, err.attempts());
    assert!(err.attempts() >= 2, "{err}");
}

#[tokio::test]
async fn call_errors_end_the_wait() {
    let server = TestServer::script(vec![
        instance("Starting"),
        Answer::json(r#"{"RetCode":8,"Message":"no such instance"}"#),
    ])
    .await;
    let err = client(&server)
        .await
        .describe_comp_share_instance()
        .wait_until_instance_running(fast(5_000))
        .await
        .unwrap_err();
    assert_eq!(err.ret_code(), Some(8));
}

#[tokio::test]
async fn custom_image_becomes_available() {
    let image = |status: &str| {
        Answer::json(&format!(
            r#"{{"RetCode":0,"ImageSet":[{{"CompShareImageId":"img-1","Status":"{status}"}}]}}"#
        ))
    };
    let server = TestServer::script(vec![image("Making"), image("Available")]).await;
    let out = client(&server)
        .await
        .describe_comp_share_custom_images()
        .comp_share_image_id("img-1")
        .wait_until_custom_image_available(fast(5_000))
        .await
        .unwrap();
    assert_eq!(out.image_set.len(), 1);
    assert_eq!(server.requests().len(), 2);
}
