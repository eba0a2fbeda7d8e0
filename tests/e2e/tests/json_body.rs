//! Actions the API takes as a JSON body (`body: json` in the spec): `GetCompShareInstanceMonitor`
//! is sent as the official CLI sends it, signed by its rule, and its metrics decode into types.

mod common;

use common::{PRIVATE, PUBLIC, serve};
use compshare::types::MonitorMetricKey;
use compshare_e2e::expected_signature;

const ANSWER: &str = r#"{"RetCode": 0, "Action": "GetCompShareInstanceMonitorResponse", "Data": {
  "List": [{"UHostId": "uhost-a", "Metrics": [
    {"MetricKey": "cloudwatch_gpu_util", "Results": [
      {"ResourceId": "uhost-a", "TagMap": {"gpu_bus_id": "00000000:3D:00.0"},
       "Values": [{"Timestamp": 1764745200, "Value": "87.5"}, {"Timestamp": "1764745260", "Value": 91}]}]},
    {"MetricKey": "cloudwatch_data_disk_used_per", "Results": [
      {"ResourceId": "uhost-a", "TagMap": {"mount": "/data", "disk": "vdb"},
       "Values": [{"Timestamp": 1764745200, "Value": 12.25}]}]}]}],
  "PodList": [{"PodId": "pod-b", "Metrics": [
    {"MetricKey": "uhost_cpu_used", "Results": [
      {"ResourceId": "pod-b", "Values": [{"Timestamp": 1764745200, "Value": 3}]}]}]}]}}"#;

#[tokio::test]
async fn instance_monitor_is_a_json_body_signed_with_its_lists_concatenated() {
    let (server, client) = serve(ANSWER).await;
    let out = client
        .get_comp_share_instance_monitor()
        .zone("cn-wlcb-01")
        .u_host_ids(["uhost-a", "uhost-b"])
        .send()
        .await
        .unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let req = &requests[0];
    assert_eq!(
        req.headers.get("content-type").map(String::as_str),
        Some("application/json")
    );
    // Every member a string but the list, which is an array, as compshare-cli sends it.
    let body = req.json.as_ref().expect("a JSON body");
    let expected = serde_json::json!({
        "Action": "GetCompShareInstanceMonitor",
        "ProjectId": "p-client",
        "PublicKey": PUBLIC,
        "Region": "cn-wlcb",
        "Signature": "88db1ba8d0b77915d14f28d567fe5654ce24404b",
        "UHostIds": ["uhost-a", "uhost-b"],
        "Zone": "cn-wlcb-01",
    });
    // The signature above was computed with the official Python SDK's signer over the form
    // compshare-cli builds for this call (UHostIds = "uhost-auhost-b"), not by this SDK.
    assert_eq!(body, &expected);
    assert!(req.signature_is_valid(PRIVATE));
    let folded: Vec<(String, String)> = vec![
        ("Action".into(), "GetCompShareInstanceMonitor".into()),
        ("ProjectId".into(), "p-client".into()),
        ("PublicKey".into(), PUBLIC.into()),
        ("Region".into(), "cn-wlcb".into()),
        ("UHostIds".into(), "uhost-auhost-b".into()),
        ("Zone".into(), "cn-wlcb-01".into()),
    ];
    assert_eq!(
        expected_signature(&folded, PRIVATE),
        "88db1ba8d0b77915d14f28d567fe5654ce24404b"
    );

    let data = out.data.expect("Data");
    let host = &data.list[0];
    assert_eq!(host.u_host_id.as_deref(), Some("uhost-a"));
    let gpu = &host.metrics[0];
    assert_eq!(gpu.metric_key, Some(MonitorMetricKey::CloudwatchGpuUtil));
    let series = &gpu.results[0];
    assert_eq!(
        series
            .tag_map
            .as_ref()
            .and_then(|t| t.gpu_bus_id.as_deref()),
        Some("00000000:3D:00.0")
    );
    let points: Vec<(Option<i64>, Option<f64>)> = series
        .values
        .iter()
        .map(|p| (p.timestamp, p.value))
        .collect();
    assert_eq!(
        points,
        [
            (Some(1_764_745_200), Some(87.5)),
            (Some(1_764_745_260), Some(91.0))
        ]
    );
    let disk = host.metrics[1].results[0].tag_map.as_ref().unwrap();
    assert_eq!(
        (disk.mount.as_deref(), disk.disk.as_deref()),
        (Some("/data"), Some("vdb"))
    );
    let pod = &data.pod_list[0];
    assert_eq!(pod.pod_id.as_deref(), Some("pod-b"));
    assert_eq!(pod.metrics[0].results[0].values[0].value, Some(3.0));
}

#[tokio::test]
async fn a_form_action_is_still_a_form() {
    let (server, client) = serve(r#"{"RetCode": 0, "UHostSet": []}"#).await;
    client
        .describe_comp_share_instance()
        .u_host_ids(["uhost-a", "uhost-b"])
        .send()
        .await
        .unwrap();
    let req = &server.requests()[0];
    assert_eq!(
        req.headers.get("content-type").map(String::as_str),
        Some("application/x-www-form-urlencoded")
    );
    assert!(req.json.is_none());
    assert_eq!(req.param("UHostIds.0"), Some("uhost-a"));
    assert_eq!(req.param("UHostIds.1"), Some("uhost-b"));
    assert!(req.signature_is_valid(PRIVATE));
}

#[tokio::test]
async fn more_ids_than_a_request_takes_are_refused_before_sending() {
    let (server, client) = serve(ANSWER).await;
    let ids: Vec<String> = (0..11).map(|i| format!("uhost-{i}")).collect();
    let err = client
        .get_comp_share_instance_monitor()
        .u_host_ids(ids.clone())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), compshare::ErrorKind::InvalidRequest(p) if p.invalid.len() == 1),
        "{err:?}"
    );
    assert_eq!(err.delivery(), compshare::Delivery::NotSent);
    assert!(err.to_string().contains("UHostIds"), "{err}");
    assert!(server.requests().is_empty());

    // Ten, the most the service takes, go.
    client
        .get_comp_share_instance_monitor()
        .u_host_ids(ids.into_iter().take(10))
        .send()
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 1);
}
