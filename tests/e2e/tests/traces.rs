//! What a call leaves in the traces: one `compshare.call` span, and a warning per response
//! field that did not fit its type. Captured per test, one test at a time (see `Traces`).

use compshare_e2e::{Answer, TestServer, Traces, test_client};

#[tokio::test]
async fn each_mismatched_field_is_a_warning_in_the_calls_span() {
    let (traces, _capture) = Traces::capture();
    let listing = r#"{"RetCode":0,"TotalCount":2,"UHostSet":[
        {"UHostId":"uhost-1","Memory":{"MB":8192},"CPU":"16"},
        {"UHostId":"uhost-2","Memory":"8192","CPU":[4]}]}"#;
    let server = TestServer::script(vec![Answer::json(listing)]).await;
    let reply = test_client(&server)
        .build()
        .unwrap()
        .describe_comp_share_instance()
        .send_with_meta()
        .await
        .unwrap();
    assert_eq!(reply.mismatches.len(), 2);
    let text = traces.text();
    let warned: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("WARN") && l.contains("does not fit its type"))
        .collect();
    assert_eq!(warned.len(), 2, "{text}");
    assert!(
        warned[0].contains("compshare.call{action=\"DescribeCompShareInstance\"")
            && warned[0].contains("path=UHostSet[0].Memory")
            && warned[1].contains("path=UHostSet[1].CPU"),
        "{warned:?}"
    );
}
