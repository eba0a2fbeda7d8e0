//! The mock client: programmed per action, recording every request, no network.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use compshare::actions::{
    CreateCompShareInstanceRequest, DescribeCompShareInstanceRequest, StopCompShareInstanceRequest,
};
use compshare::mock::{Mock, MockResponse};
use compshare::{Client, ErrorKind, RetryPolicy};

fn client(mock: &Mock) -> Client {
    Client::builder()
        .region("cn-wlcb")
        .zone("cn-wlcb-01")
        .retry_policy(RetryPolicy {
            max_retries: 2,
            base_delay: std::time::Duration::from_millis(1),
            max_delay: std::time::Duration::from_millis(1),
        })
        .mock(mock)
        .build()
        .unwrap()
}

#[tokio::test]
async fn records_every_request_in_order() {
    let mock = Mock::new();
    mock.on::<StopCompShareInstanceRequest>(r#"{"RetCode":0,"UHostId":"uhost-1"}"#)
        .on::<DescribeCompShareInstanceRequest>(r#"{"RetCode":0,"TotalCount":0,"UHostSet":[]}"#);
    let client = client(&mock);
    client
        .stop_comp_share_instance()
        .u_host_id("uhost-1")
        .send()
        .await
        .unwrap();
    client
        .describe_comp_share_instance()
        .limit(5)
        .send()
        .await
        .unwrap();
    let sent = mock.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].action, "StopCompShareInstance");
    assert_eq!(sent[0].param("UHostId"), Some("uhost-1"));
    assert_eq!(sent[0].param("Region"), Some("cn-wlcb"));
    assert_eq!(sent[1].param("Limit"), Some("5"));
    assert!(
        sent.iter().all(|r| r.param("Signature").is_none()),
        "signatures are not recorded"
    );
    assert_eq!(mock.requests_of::<StopCompShareInstanceRequest>().len(), 1);
}

#[tokio::test]
async fn closures_see_the_request_and_retries_run_as_usual() {
    let mock = Mock::new();
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    mock.respond::<DescribeCompShareInstanceRequest>(move |req| {
        if seen.fetch_add(1, Ordering::SeqCst) == 0 {
            return MockResponse::status(503, "busy");
        }
        let id = req.param("UHostIds.0").unwrap_or("none");
        MockResponse::json(format!(
            r#"{{"RetCode":0,"TotalCount":1,"UHostSet":[{{"UHostId":"{id}"}}]}}"#
        ))
    });
    let out = client(&mock)
        .describe_comp_share_instance()
        .u_host_ids(["uhost-9"])
        .send()
        .await
        .unwrap();
    assert_eq!(out.u_host_set[0].u_host_id.as_deref(), Some("uhost-9"));
    assert_eq!(calls.load(Ordering::SeqCst), 2, "the 503 was retried");
}

#[tokio::test]
async fn unprogrammed_actions_and_missing_parameters_fail_clearly() {
    let mock = Mock::new();
    let err = client(&mock)
        .stop_comp_share_instance()
        .u_host_id("u")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Http { status: 501, body } if body.contains("no response programmed for StopCompShareInstance")),
        "{err}"
    );
    let err = client(&mock)
        .create_comp_share_instance()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidRequest(_)), "{err}");
    assert_eq!(
        mock.requests_of::<CreateCompShareInstanceRequest>().len(),
        0,
        "nothing sent"
    );
}
