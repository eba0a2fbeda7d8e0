//! `--query` (JMESPath) and `--output yaml`: on one answer, on each item of `--all`, and with
//! a table; a query that is not JMESPath is refused before anything is sent.

use crate::harness::*;

const LISTING: &str = r#"{"RetCode":0,"TotalCount":2,"UHostSet":[{"UHostId":"uhost-1","State":"Running","GPU":1,"IPSet":[{"IP":"10.0.0.1"}]},{"UHostId":"uhost-2","State":"Stopped","GPU":2}]}"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_query_picks_fields_from_an_answer_and_from_each_item() {
    let server = serve(LISTING).await;
    let out = run(
        &server,
        &["instance", "list", "--query", "UHostSet[].UHostId"],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc, serde_json::json!(["uhost-1", "uhost-2"]));

    let out = run(
        &server,
        &[
            "instance",
            "list",
            "--all",
            "--query",
            "{id: UHostId, gpus: GPU}",
        ],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines,
        [
            serde_json::json!({"id": "uhost-1", "gpus": 1}),
            serde_json::json!({"id": "uhost-2", "gpus": 2})
        ]
    );

    let out = run(
        &server,
        &[
            "instance",
            "list",
            "-o",
            "table",
            "--query",
            "UHostSet[].{id: UHostId, state: State}",
        ],
        &[],
    )
    .await;
    let table = stdout(&out);
    let header = table.lines().nth(1).unwrap();
    assert!(header.contains("id") && header.contains("state"), "{table}");
    assert!(
        table.contains("uhost-2") && table.contains("Stopped"),
        "{table}"
    );
    assert!(!table.contains("GPU"), "{table}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_query_that_is_not_jmespath_is_refused_before_anything_is_sent() {
    let server = serve(LISTING).await;
    let out = run(&server, &["instance", "list", "--query", "UHostSet[?"], &[]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--query"), "{}", stderr(&out));
    assert!(server.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn yaml_output_of_an_answer_and_of_a_listing_streamed() {
    let server = serve(LISTING).await;
    let out = run(&server, &["instance", "list", "-o", "yaml"], &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "TotalCount: 2
UHostSet:
  - GPU: 1
    IPSet:
      - IP: \"10.0.0.1\"
    State: Running
    UHostId: uhost-1
  - GPU: 2
    State: Stopped
    UHostId: uhost-2
"
    );
    let out = run(
        &server,
        &[
            "instance", "list", "--all", "-o", "yaml", "--query", "UHostId",
        ],
        &[],
    )
    .await;
    assert_eq!(stdout(&out), "- uhost-1\n- uhost-2\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn tables_show_the_columns_the_spec_declares_with_paths_and_units() {
    let server = serve(
        r#"{"RetCode":0,"TotalCount":1,"UHostSet":[{"UHostId":"uhost-1","Name":"train","State":"Running","GpuType":"4090","GPU":1,"CPU":16,"Memory":65536,"Zone":"cn-wlcb-01","ChargeType":"Postpay","InstancePrice":1.9,"IPSet":[{"IP":"10.0.0.1"}]}],
           "ZoneInfo":[{"Zone":"cn-wlcb-01","ZoneId":1,"Region":"cn-wlcb","Describe":"Ulanqab A","IsPod":false}]}"#,
    )
    .await;
    let out = run(&server, &["instance", "list", "-o", "table"], &[]).await;
    let table = stdout(&out);
    let header: Vec<&str> = table
        .lines()
        .nth(1)
        .unwrap()
        .split('|')
        .map(str::trim)
        .collect();
    assert_eq!(
        header[1..header.len() - 1],
        [
            "UHostId",
            "Name",
            "State",
            "GpuType",
            "GPU",
            "CPU",
            "Memory",
            "IP",
            "Zone",
            "ChargeType",
            "Price"
        ]
    );
    let row: Vec<&str> = table
        .lines()
        .nth(3)
        .unwrap()
        .split('|')
        .map(str::trim)
        .collect();
    assert_eq!(row[7], "64GiB", "memory in MB shown as a size: {table}");
    assert_eq!(
        row[8], "10.0.0.1",
        "the first IP, through IPSet[0].IP: {table}"
    );
    // A list that is not a listing (zones) has its table too, by the zone's name.
    let out = run(&server, &["zone", "list", "-o", "table"], &[]).await;
    let table = stdout(&out);
    assert!(
        table.lines().nth(1).unwrap().contains("Describe"),
        "{table}"
    );
    assert!(
        table.contains("Ulanqab A") && !table.contains("ZoneId"),
        "{table}"
    );
}
