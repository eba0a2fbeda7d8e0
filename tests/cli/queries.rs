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

#[tokio::test(flavor = "multi_thread")]
async fn instances_are_listed_across_regions_and_filtered_here() {
    let server = serve(
        r#"{"RetCode":0,"TotalCount":3,"UHostSet":[
            {"UHostId":"uhost-1","Name":"Train-A","State":"Running","GpuType":"4090","ChargeType":"Postpay","Region":"cn-wlcb"},
            {"UHostId":"uhost-2","Name":"eval","State":"Stopped","GpuType":"4090","ChargeType":"Month","Region":"cn-sh2"},
            {"UHostId":"uhost-3","Name":"train-b","State":"Running","GpuType":"A100","ChargeType":"Postpay","Region":"cn-sh2"}]}"#,
    )
    .await;
    // The configured region and zone (UCLOUD_REGION, UCLOUD_ZONE) are not sent ...
    let out = run(
        &server,
        &["instance", "list", "--name", "TRAIN", "--gpu", "4090"],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let sent = &server.requests()[0];
    assert_eq!(sent.param("Region"), None, "every region");
    assert_eq!(sent.param("Zone"), None);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let ids: Vec<&str> = doc["UHostSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["UHostId"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["uhost-1"],
        "name contains `train`, case aside, and a 4090"
    );
    // ... one given is.
    let out = run(&server, &["instance", "list", "--region", "cn-sh2"], &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.requests()[1].param("Region"), Some("cn-sh2"));
    // Each item of --all, filtered as it comes.
    let out = run(
        &server,
        &[
            "instance",
            "list",
            "--all",
            "--state",
            "running",
            "--charge-type",
            "postpay",
        ],
        &[],
    )
    .await;
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = lines
        .iter()
        .map(|h| h["UHostId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["uhost-1", "uhost-3"]);
    // `show` finds an instance wherever it is.
    let out = run(&server, &["instance", "show", "uhost-3"], &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.requests().last().unwrap().param("Region"), None);
}

#[tokio::test(flavor = "multi_thread")]
async fn gpu_stock_is_a_row_per_pool_zone_and_model_by_the_zones_name() {
    let server = serve(
        r#"{"RetCode":0,"GpuInventoryByZone":{"Exclusive":{"10027":{"3090":4,"4090":12}},"Spot":{"10027":{"4090":2}}},
           "ZoneInfo":[{"Zone":"cn-wlcb-01","ZoneId":10027,"Region":"cn-wlcb"}]}"#,
    )
    .await;
    let out = run(&server, &["zone", "gpu-stock", "-o", "table"], &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let table = stdout(&out);
    let rows: Vec<Vec<String>> = table
        .lines()
        .filter(|l| l.starts_with('|'))
        .map(|l| {
            l.split('|')
                .map(|c| c.trim().to_owned())
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect();
    assert_eq!(rows[0], ["Pool", "Zone", "GpuType", "Free"]);
    assert!(
        rows.contains(&vec![
            "Exclusive".into(),
            "cn-wlcb-01".into(),
            "4090".into(),
            "12".into()
        ]),
        "{table}"
    );
    assert!(
        rows.contains(&vec![
            "Spot".into(),
            "cn-wlcb-01".into(),
            "4090".into(),
            "2".into()
        ]),
        "{table}"
    );
    assert!(
        !table.contains("10027"),
        "the zone by name, never its id: {table}"
    );
    // JSON keeps the answer as the service sent it.
    let out = run(&server, &["zone", "gpu-stock"], &[]).await;
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["GpuInventoryByZone"]["Exclusive"]["10027"]["4090"], 12);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_query_that_fails_on_the_answer_never_loses_it() {
    let server = serve(LISTING).await;
    // `length` of a field the answer lacks (null) fails at run time, after the request.
    let out = run(
        &server,
        &["instance", "list", "--query", "length(Nothing)"],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("--query failed"), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["UHostSet"][0]["UHostId"], "uhost-1", "the whole answer");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_filter_looks_through_every_page() {
    let server = TestServer::start(|r| match r.param("Offset") {
        Some("0") | None => Answer::json(
            r#"{"RetCode":0,"TotalCount":3,"UHostSet":[{"UHostId":"uhost-1","State":"Stopped"},{"UHostId":"uhost-2","State":"Stopped"}]}"#,
        ),
        _ => Answer::json(
            r#"{"RetCode":0,"TotalCount":3,"UHostSet":[{"UHostId":"uhost-3","State":"Running"}]}"#,
        ),
    })
    .await;
    let out = run(
        &server,
        &["instance", "list", "--state", "running", "--limit", "2"],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["UHostSet"][0]["UHostId"], "uhost-3", "{doc}");
    assert_eq!(doc["UHostSet"].as_array().unwrap().len(), 1);
    assert_eq!(server.requests().len(), 2, "both pages");
    // A dry run of a create that leaves CPU and memory to the stock check says what to give.
    let out = run(
        &server,
        &[
            "instance",
            "create",
            "--gpu-type",
            "4090",
            "--gpu",
            "1",
            "--image",
            "img-1",
            "--dry-run",
        ],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--cpu and --memory come from the stock check"),
        "{}",
        stderr(&out)
    );
    assert_eq!(server.requests().len(), 2, "nothing sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn queries_and_yaml_apply_to_the_tools_own_documents_too() {
    let server = serve(LISTING).await;
    // A dry run's request.
    let out = run(
        &server,
        &["instance", "list", "--dry-run", "--query", "params.Action"],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "\"DescribeCompShareInstance\"");
    let out = run(
        &server,
        &[
            "call",
            "DescribeCompShareInstance",
            "--dry-run",
            "-o",
            "yaml",
        ],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("action: DescribeCompShareInstance\n")
            && stdout(&out).contains("dry_run: true\n"),
        "YAML, not JSON: {}",
        stdout(&out)
    );
    assert!(server.requests().is_empty(), "dry runs send nothing");
    // The configuration.
    let out = run(
        &server,
        &[
            "config",
            "show",
            "--query",
            "[?name=='region'].source | [0]",
        ],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "\"UCLOUD_REGION\"", "{}", stdout(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn fields_not_sent_are_left_out_under_a_list_read_by_its_alias() {
    // The live API names the groups `ImageSetGroup`; the output has them under their own
    // name. A group without `Data` (a list, filled either way) shows none.
    let server = serve(
        r#"{"RetCode":0,"TotalCount":1,"ImageSetGroup":[{"GroupId":"g-1","Data":[{"CompShareImageId":"img-1"}]},{"GroupId":"g-2"}]}"#,
    )
    .await;
    let out = run(&server, &["image", "describe-community-images"], &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let groups = doc["CompshareImageGroup"].as_array().expect("the groups");
    assert_eq!(groups[0]["Data"][0]["CompShareImageId"], "img-1");
    assert!(
        groups[1].get("Data").is_none(),
        "not sent, not shown: {}",
        groups[1]
    );
    // As a table: a group a row, with the image ids `--image` takes.
    let out = run(
        &server,
        &["image", "describe-community-images", "-o", "table"],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("ImageIds"), "{text}");
    let row = text
        .lines()
        .find(|l| l.contains("g-1"))
        .expect("a row per group");
    assert!(row.contains("img-1"), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_price_table_shows_the_total_of_its_parts() {
    let server = serve(
        r#"{"RetCode":0,"PriceDetails":[{"ChargeType":"Postpay","Instance":1.9,"Disks":0.25,"OriginalPrice":3}]}"#,
    )
    .await;
    let out = run(
        &server,
        &["price", "instance", "--gpu-type", "4090", "-o", "table"],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Total (yuan)"), "{text}");
    let row = text.lines().find(|l| l.contains("Postpay")).expect("a row");
    let cells: Vec<&str> = row
        .split('|')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(cells[..3], ["Postpay", "2.15", "1.9"], "{text}");
}
