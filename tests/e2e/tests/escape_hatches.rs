//! What users reach for when the generated types fall short: a raw call by name, and an
//! action of their own written with nothing but the `compshare` crate.

use compshare::runtime::{Form, Setting};
use compshare::{Client, Credentials, ErrorKind};
use compshare_e2e::{Answer, TestServer, expected_signature};

/// The API documents no fields for it, so the typed output is empty; the metrics are there.
const MONITOR: &str = r#"{"RetCode":0,"Action":"GetCompShareInstanceMonitorResponse","DataSets":[{"UHostId":"uhost-1","GPUUtil":[{"Timestamp":1732780800,"Value":87.5}]}]}"#;

fn client(server: &TestServer) -> Client {
    Client::builder()
        .credentials(Credentials::new("pk", "sk"))
        .base_url(server.url())
        .region("cn-wlcb")
        .zone("cn-wlcb-01")
        .project_id("org-1")
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_raw_call_is_signed_and_returns_the_whole_body() {
    let server = TestServer::script(vec![Answer::json(MONITOR)]).await;
    let reply = client(&server)
        .call_raw("GetCompShareInstanceMonitor", [("UHostIds.0", "uhost-1")])
        .param("MetricName.0", "GPUUtil")
        .send()
        .await
        .unwrap();
    assert_eq!(reply.output.as_str(), MONITOR);
    assert_eq!(reply.request_id.as_deref(), Some("req-0001"));
    let parsed: serde_json::Value = serde_json::from_str(reply.output.as_str()).unwrap();
    assert_eq!(parsed["DataSets"][0]["GPUUtil"][0]["Value"], 87.5);

    let sent = &server.requests()[0];
    let params = sent.params();
    let params: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    // Region and ProjectId as for every action; Zone only when asked for. The service reads
    // this action as JSON, as the spec says: the raw call is sent so too, lists as arrays.
    assert_eq!(
        params,
        [
            ("Action", "GetCompShareInstanceMonitor"),
            ("MetricName", "GPUUtil"),
            ("ProjectId", "org-1"),
            ("PublicKey", "pk"),
            ("Region", "cn-wlcb"),
            ("UHostIds", "uhost-1"),
        ]
    );
    let json = sent.json.as_ref().expect("a JSON body");
    assert_eq!(json["UHostIds"], serde_json::json!(["uhost-1"]));
    assert_eq!(json["MetricName"], serde_json::json!(["GPUUtil"]));
    assert_eq!(
        sent.param("Signature").unwrap(),
        expected_signature(&sent.form, "sk")
    );
    // The same as the typed action sends.
    let typed = TestServer::script(vec![Answer::json(MONITOR)]).await;
    client(&typed)
        .get_comp_share_instance_monitor()
        .u_host_ids(["uhost-1"])
        .send()
        .await
        .unwrap();
    let raw = TestServer::script(vec![Answer::json(MONITOR)]).await;
    client(&raw)
        .call_raw("GetCompShareInstanceMonitor", [("UHostIds.0", "uhost-1")])
        .client_zone()
        .send()
        .await
        .unwrap();
    let body = |s: &TestServer| s.requests()[0].json.clone();
    assert_eq!(body(&raw), body(&typed));
    // An action the spec does not know is a form.
    let other = TestServer::script(vec![Answer::json(r#"{"RetCode":0}"#)]).await;
    client(&other)
        .call_raw("DescribeSomethingNew", [("Ids.0", "a")])
        .send()
        .await
        .unwrap();
    assert_eq!(other.requests()[0].param("Ids.0"), Some("a"));
    assert!(other.requests()[0].json.is_none());
}

#[tokio::test]
async fn a_raw_call_cannot_send_its_own_protocol_parameters() {
    let server = TestServer::script(vec![Answer::json(r#"{"RetCode":0}"#)]).await;
    for name in [
        "Action",
        "PublicKey",
        "Signature",
        "ACTION",
        "publickey",
        "signature",
        "Signature ",
        " PublicKey",
    ] {
        let err = client(&server)
            .call_raw("DescribeSomething", [(name, "someone-else")])
            .send()
            .await
            .unwrap_err();
        match err.kind() {
            ErrorKind::InvalidRequest(p) => assert_eq!(p.invalid[0].0, name),
            other => panic!("{name:?}: {other:?}"),
        }
        assert!(err.to_string().contains("sends and signs"), "{err}");
        assert_eq!(err.delivery(), compshare::Delivery::NotSent);
    }
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_raw_call_needs_an_action_name() {
    let server = TestServer::script(vec![Answer::json(r#"{"RetCode":0}"#)]).await;
    for action in [
        "",
        " Describe",
        "Describe&Action=Delete",
        "1Describe",
        "Describe-It",
    ] {
        let err = client(&server)
            .call_raw(action, [("K", "v")])
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::InvalidRequest(p) if p.invalid[0].0 == "Action"),
            "{action:?}: {err:?}"
        );
    }
    assert!(server.requests().is_empty());
    client(&server)
        .call_raw("DescribeSomething2", [("K", "v")])
        .send()
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_raw_call_sends_the_clients_zone_when_asked() {
    let server = TestServer::script(vec![Answer::json(r#"{"RetCode":0}"#)]).await;
    let client = client(&server);
    client
        .call_raw("DescribeSomething", [("K", "v")])
        .send()
        .await
        .unwrap();
    client
        .call_raw("DescribeSomething", [("K", "v")])
        .client_zone()
        .send()
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].param("Zone"), None);
    assert_eq!(requests[1].param("Zone"), Some("cn-wlcb-01"));
    assert!(requests[1].signature_is_valid("sk"));
}

#[tokio::test]
async fn a_raw_call_sends_zone_and_overrides_when_told() {
    let server = TestServer::script(vec![Answer::json(r#"{"RetCode":0}"#)]).await;
    client(&server)
        .call_raw("DescribeSomething", [("Region", "cn-sh2")])
        .zone("cn-sh2-01")
        .send()
        .await
        .unwrap();
    let sent = &server.requests()[0];
    assert_eq!(sent.param("Region"), Some("cn-sh2"));
    assert_eq!(sent.param("Zone"), Some("cn-sh2-01"));
    assert_eq!(sent.form.iter().filter(|(k, _)| k == "Region").count(), 1);
}

#[tokio::test]
async fn raw_calls_fail_and_retry_like_any_call() {
    // An API error names the action.
    let server = TestServer::script(vec![Answer::json(r#"{"RetCode":8,"Message":"no"}"#)]).await;
    let err = client(&server)
        .call_raw("GetCompShareInstanceMonitor", [("UHostIds.0", "x")])
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Api { code: 8, .. }),
        "{err}"
    );
    assert_eq!(err.action(), Some("GetCompShareInstanceMonitor"));

    let busy_then_ok = || {
        vec![
            Answer::status(503, "busy"),
            Answer::json(r#"{"RetCode":0}"#),
        ]
    };
    // A describe is retried...
    let server = TestServer::script(busy_then_ok()).await;
    let c = client(&server);
    c.call_raw("DescribeThings", [("A", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 2);
    // ...a create is not, unless declared safe.
    let server = TestServer::script(busy_then_ok()).await;
    let c = client(&server);
    let err = c
        .call_raw("CreateThing", [("A", "1")])
        .send()
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 1);
    assert!(err.to_string().contains("outcome unknown"), "{err}");
    let server = TestServer::script(busy_then_ok()).await;
    let c = client(&server);
    c.call_raw("CreateThing", [("A", "1")])
        .idempotent(true)
        .send()
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 2);
}

/// An action of the user's own, with its output decoded by the same lenient decoder, using
/// only paths of the `compshare` crate.
#[derive(Clone, Debug, Default)]
struct GetMonitor {
    u_host_ids: Vec<String>,
}

#[derive(Debug, Default, PartialEq)]
struct MonitorOut {
    data_sets: Vec<HostMetrics>,
}

#[derive(Debug, Default, PartialEq)]
struct HostMetrics {
    u_host_id: Option<String>,
    gpu_util: Vec<Point>,
}

#[derive(Debug, Default, PartialEq)]
struct Point {
    timestamp: i64,
    value: Option<f64>,
}

compshare::runtime::decode_fields! { MonitorOut; "datasets" => read data_sets, }
compshare::runtime::decode_fields! { HostMetrics;
    "uhostid" => read_opt u_host_id,
    "gpuutil" => read gpu_util,
}
compshare::runtime::decode_fields! { Point; "timestamp" => read timestamp, "value" => read_opt value, }

impl compshare::Action for GetMonitor {
    const NAME: &'static str = "GetCompShareInstanceMonitor";
    const IDEMPOTENT: bool = true;
    type Output = MonitorOut;
    fn encode(&self, f: &mut Form<'_>) {
        f.req_common("Region", Setting::Region);
        f.put("UHostIds", &self.u_host_ids);
    }
}

#[tokio::test]
async fn an_action_of_ones_own_needs_only_the_compshare_crate() {
    let server = TestServer::script(vec![Answer::json(MONITOR)]).await;
    let request = GetMonitor {
        u_host_ids: vec!["uhost-1".into()],
    };
    let out = client(&server)
        .call(request)
        .with_max_retries(0)
        .send()
        .await
        .unwrap();
    assert_eq!(
        out,
        MonitorOut {
            data_sets: vec![HostMetrics {
                u_host_id: Some("uhost-1".into()),
                gpu_util: vec![Point {
                    timestamp: 1732780800,
                    value: Some(87.5)
                }],
            }]
        }
    );
    let sent = &server.requests()[0];
    assert_eq!(sent.param("UHostIds.0"), Some("uhost-1"));
    assert_eq!(sent.param("Region"), Some("cn-wlcb"));
}
