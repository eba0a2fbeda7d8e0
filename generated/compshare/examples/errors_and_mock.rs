// Copied by `cargo xtask generate` from spec/ucompshare/examples. Do not edit.

//! Handling errors, and testing code that uses the SDK without a network: the mock answers
//! the calls it is programmed for and records every request; the SDK's encoding, retries and
//! decoding run as for a real call. Runs offline.
//!
//!     cargo run -p compshare --example errors_and_mock

use compshare::actions::{DescribeCompShareInstanceRequest, StopCompShareInstanceRequest};
use compshare::mock::{Mock, MockResponse};
use compshare::{Client, Delivery, ErrorKind};

/// What an application might do with a failed stop.
fn explain(err: &compshare::Error) -> String {
    match err.kind() {
        ErrorKind::Api { code: 8039, .. } => "no such instance: nothing to stop".to_owned(),
        ErrorKind::Api { code, message } => format!("refused: RetCode {code}, {message}"),
        ErrorKind::InvalidRequest(problems) => format!("fix the call: {problems}"),
        _ if err.delivery() == Delivery::MaybeSent => {
            "it may have reached the service: look before trying again".to_owned()
        }
        _ => err.to_string(),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = Mock::new();
    mock.on::<DescribeCompShareInstanceRequest>(
        r#"{"RetCode":0,"TotalCount":1,"UHostSet":[{"UHostId":"uhost-1","State":"Running"}]}"#,
    );
    mock.respond::<StopCompShareInstanceRequest>(|request| match request.param("UHostId") {
        Some("uhost-1") => MockResponse::json(r#"{"RetCode":0,"UHostId":"uhost-1"}"#),
        _ => MockResponse::json(r#"{"RetCode":8039,"Message":"UHost not found"}"#),
    });
    let client = Client::builder()
        .mock(&mock)
        .region("cn-wlcb")
        .zone("cn-wlcb-01")
        .build()?;

    let listing = client.describe_comp_share_instance().send().await?;
    println!("{} instance(s)", listing.total_count);
    client
        .stop_comp_share_instance()
        .u_host_id("uhost-1")
        .send()
        .await?;

    // A RetCode is the service's answer, given after one attempt.
    let err = client
        .stop_comp_share_instance()
        .u_host_id("uhost-gone")
        .send()
        .await
        .unwrap_err();
    println!("{} ({} attempt)", explain(&err), err.attempts());
    // Missing parameters fail before anything is sent.
    let err = client.stop_comp_share_instance().send().await.unwrap_err();
    println!("{}", explain(&err));

    // A raw call, for what the typed methods do not cover; the mock answers it too.
    let raw = client
        .call_raw("DescribeCompShareInstance", [("Limit", "1")])
        .send()
        .await?;
    println!("raw: {} bytes of JSON", raw.output.as_str().len());

    // Every request is recorded, secrets masked in its Debug.
    for request in mock.requests() {
        println!("sent {} {:?}", request.action, request.param("UHostId"));
    }
    Ok(())
}
