//! `instance search`: free GPUs, the smallest configuration of one GPU and its price per
//! hour, per zone and model, across regions.

use crate::harness::*;

/// Two regions: cn-wlcb (zones 10027 and 10028) and cn-sh2 (zone 20001). In cn-wlcb, no 4090
/// free in cn-wlcb-01 but 7 spot ones, 5 in cn-wlcb-02, 3 H20 in cn-wlcb-01; in cn-sh2, 2.
/// Prices differ by zone; the quote's answer is the zone's.
async fn market() -> TestServer {
    TestServer::start(|r| {
        let region = r.param("Region").unwrap_or_default().to_owned();
        match r.param("Action") {
            Some("DescribeCompShareSupportZone") => Answer::json(
                r#"{"RetCode":0,"ZoneInfo":[{"Region":"cn-wlcb","Zone":"cn-wlcb-01","ZoneId":10027},{"Region":"cn-wlcb","Zone":"cn-wlcb-02","ZoneId":10028},{"Region":"cn-sh2","Zone":"cn-sh2-02","ZoneId":20001}]}"#,
            ),
            Some("DescribeCompShareGpuInventory") if region == "cn-wlcb" => Answer::json(
                r#"{"RetCode":0,"GpuInventoryByZone":{"Exclusive":{"10027":{"4090":0,"H20":3},"10028":{"4090":5}},"Spot":{"10027":{"4090":7}}}}"#,
            ),
            Some("DescribeCompShareGpuInventory") => Answer::json(
                r#"{"RetCode":0,"GpuInventoryByZone":{"Exclusive":{"20001":{"4090":2}}}}"#,
            ),
            Some("DescribeAvailableCompShareInstanceTypes") => {
                let zones: &[&str] = if region == "cn-wlcb" {
                    &["cn-wlcb-01", "cn-wlcb-02"]
                } else {
                    &["cn-sh2-02"]
                };
                // Spot machines first, with 8 cores. Regular ones, one GPU: 32 cores (listed
                // first) or 16 cores with 64 or 96 GiB; two GPUs: 8 cores, which is not a
                // configuration of one.
                let mut types: Vec<String> = zones
                    .iter()
                    .map(|z| {
                        format!(
                            r#"{{"Name":"4090","Zone":"{z}","InstanceType":"spot","GraphicsMemory":{{"Value":24}},"MachineSizes":[{{"Gpu":1,"Collection":[{{"Cpu":8,"Memory":[32768]}}]}}]}}"#
                        )
                    })
                    .collect();
                let regular: Vec<String> = zones
                    .iter()
                    .map(|z| {
                        format!(
                            r#"{{"Name":"4090","Zone":"{z}","InstanceType":"uhost","GraphicsMemory":{{"Value":24}},"MachineSizes":[{{"Gpu":2,"Collection":[{{"Cpu":8,"Memory":[16384]}}]}},{{"Gpu":1,"Collection":[{{"Cpu":32,"Memory":[131072,65536]}},{{"Cpu":16,"Memory":[98304,65536]}}]}}]}}"#
                        )
                    })
                    .collect();
                types.extend(regular);
                Answer::json(&format!(
                    r#"{{"RetCode":0,"AvailableInstanceTypes":[{}]}}"#,
                    types.join(",")
                ))
            }
            Some("GetCompShareInstancePrice") => {
                let instance = match r.param("Zone") {
                    Some("cn-wlcb-02") => 1.5,
                    Some("cn-sh2-02") => 2.5,
                    _ => 9.0,
                };
                let mode = r.param("ChargeType").unwrap_or("Month");
                Answer::json(&format!(
                    r#"{{"RetCode":0,"PriceDetails":[{{"ChargeType":"{mode}","Instance":{instance},"Disks":0.25}}]}}"#
                ))
            }
            // Every configuration sold out where a create asks.
            Some("CheckCompShareResourceCapacity") => Answer::json(
                r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":false}]}"#,
            ),
            _ => Answer::json(r#"{"RetCode":0}"#),
        }
    })
    .await
}

/// The binary with a region and zone configured (`cn-wlcb-01`): not a filter of the search.
async fn search_configured(server: &TestServer, args: &[&str]) -> std::process::Output {
    let mut all = vec!["instance", "search"];
    all.extend(args);
    run(server, &all, &[]).await
}

/// The binary with no region or zone configured.
async fn search(server: &TestServer, args: &[&str]) -> std::process::Output {
    let mut all = vec!["instance", "search"];
    all.extend(args);
    let mut c = command(&server.url(), &all, &[]);
    c.env_remove("UCLOUD_REGION").env_remove("UCLOUD_ZONE");
    tokio::task::spawn_blocking(move || c.output().unwrap())
        .await
        .unwrap()
}

fn offers_of(out: &std::process::Output) -> Vec<serde_json::Value> {
    assert!(out.status.success(), "{}", stderr(out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(out)).expect("JSON");
    doc["Offers"].as_array().expect("Offers").clone()
}

fn row<'a>(offers: &'a [serde_json::Value], zone: &str) -> &'a serde_json::Value {
    offers
        .iter()
        .find(|o| o["Zone"] == zone)
        .unwrap_or_else(|| panic!("a row for {zone}: {offers:?}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn every_region_and_zone_with_free_gpus_configuration_and_price() {
    let server = market().await;
    let out = search(&server, &["--gpu", "4090"]).await;
    let offers = offers_of(&out);
    let zones: Vec<&str> = offers.iter().filter_map(|o| o["Zone"].as_str()).collect();
    assert_eq!(
        zones,
        ["cn-sh2-02", "cn-wlcb-01", "cn-wlcb-02"],
        "every region, zones by name, H20 left out by --gpu"
    );
    let two = row(&offers, "cn-wlcb-02");
    assert_eq!(two["Region"], "cn-wlcb");
    assert_eq!(two["Free"], 5);
    assert_eq!(two["GpuMemory"], 24);
    assert_eq!(two["Cpu"], 16, "the fewest cores of one GPU");
    assert_eq!(two["Memory"], 65536, "then the least memory, in MB");
    assert_eq!(two["ChargeType"], "Postpay");
    assert_eq!(two["PricePerHour"], 1.75, "instance and disks, that zone's");
    assert_eq!(row(&offers, "cn-sh2-02")["PricePerHour"], 2.75);
    assert_eq!(row(&offers, "cn-wlcb-01")["Free"], 0);

    // Each quote asks what the create would buy in that zone.
    let quotes: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.param("Action") == Some("GetCompShareInstancePrice"))
        .collect();
    assert_eq!(quotes.len(), 3, "one quote per row");
    let q = quotes
        .iter()
        .find(|r| r.param("Zone") == Some("cn-wlcb-02"))
        .expect("a quote in cn-wlcb-02");
    for (k, v) in [
        ("Region", "cn-wlcb"),
        ("GpuType", "4090"),
        ("Gpu", "1"),
        ("Cpu", "16"),
        ("Memory", "65536"),
        ("ChargeType", "Postpay"),
        ("Disks.0.Size", "100"),
        ("Disks.0.Type", "CLOUD_SSD"),
    ] {
        assert_eq!(q.param(k), Some(v), "{k}");
    }
    // Every read is of a whole region: no zone is sent.
    for r in server.requests() {
        if r.param("Action") != Some("GetCompShareInstancePrice") {
            assert_eq!(r.param("Zone"), None, "{:?}", r.param("Action"));
        }
    }
    // The machine types are asked for the models given only, sold as regular instances.
    let sizes = server
        .requests()
        .into_iter()
        .find(|r| r.param("Action") == Some("DescribeAvailableCompShareInstanceTypes"))
        .expect("the machine types asked");
    assert_eq!(sizes.param("MachineTypes.0"), Some("4090"));
    assert_eq!(sizes.param("InstanceType"), Some("uhost"));

    // A configured region and zone are not a filter: the same rows, no zone sent to read.
    let server = market().await;
    let configured = offers_of(&search_configured(&server, &["--gpu", "4090"]).await);
    assert_eq!(configured.len(), 3, "{configured:?}");
    assert!(server.requests().iter().all(
        |r| r.param("Zone").is_none() || r.param("Action") == Some("GetCompShareInstancePrice")
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn available_spot_and_a_region_narrow_it() {
    let server = market().await;
    let offers = offers_of(&search(&server, &["--available"]).await);
    let shown: Vec<(&str, &str)> = offers
        .iter()
        .map(|o| (o["GpuType"].as_str().unwrap(), o["Zone"].as_str().unwrap()))
        .collect();
    assert_eq!(
        shown,
        [
            ("4090", "cn-sh2-02"),
            ("4090", "cn-wlcb-02"),
            ("H20", "cn-wlcb-01")
        ],
        "only rows with free GPUs, by model"
    );
    let h20 = row(&offers, "cn-wlcb-01");
    assert!(
        h20.get("PricePerHour").is_none() && h20["NoPrice"].as_str().is_some(),
        "a model without a configuration listed is not priced, and says why: {h20}"
    );

    let server = market().await;
    let offers = offers_of(&search(&server, &["--spot", "--region", "cn-wlcb"]).await);
    assert_eq!(offers.len(), 1, "{offers:?}");
    assert_eq!(offers[0]["Zone"], "cn-wlcb-01");
    assert_eq!(offers[0]["Free"], 7, "the spot pool");
    assert_eq!(offers[0]["ChargeType"], "Spot");
    assert_eq!(offers[0]["Cpu"], 8, "the spot machines' configuration");
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.param("Region") != Some("cn-sh2")),
        "--region asks that region only"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_table_shows_sizes_with_their_units() {
    let server = market().await;
    let out = search(
        &server,
        &["--gpu", "4090", "--zone", "cn-wlcb-02", "-o", "table"],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let line = text
        .lines()
        .find(|l| l.contains("cn-wlcb-02"))
        .unwrap_or_else(|| panic!("a row: {text}"));
    for cell in ["4090", "24GiB", "64GiB", "16", "1.75"] {
        assert!(line.contains(cell), "{cell} in {line}");
    }
    assert!(
        !text.contains("cn-wlcb-01") && !text.contains("cn-sh2"),
        "--zone: {text}"
    );

    // A zone alone: its region is found, and only that region is asked.
    let server = market().await;
    let offers = offers_of(&search(&server, &["--zone", "cn-sh2-02"]).await);
    assert_eq!(offers.len(), 1, "{offers:?}");
    assert_eq!(offers[0]["Region"], "cn-sh2");
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.param("Region") != Some("cn-wlcb")),
        "only the zone's region"
    );
    let out = search(&server, &["--zone", "cn-nowhere-01"]).await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--zone cn-nowhere-01: no such zone"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_refused_for_want_of_stock_names_the_zones_that_have_it() {
    // In cn-wlcb-01 (the harness's zone): sold out; 5 free in cn-wlcb-02, none asked of
    // another region.
    let server = market().await;
    let args = [
        "instance",
        "create",
        "--gpu-type",
        "4090",
        "--gpu",
        "1",
        "--image",
        "img-1",
        "--yes",
    ];
    let out = run(&server, &args, &[]).await;
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("4090 GPUs free in other zones: cn-wlcb-02 (5); nothing was bought"),
        "{err}"
    );
    assert!(
        !sent_actions(&server)
            .iter()
            .any(|a| a == "CreateCompShareInstance"),
        "nothing bought"
    );
    // Three GPUs on each of two instances: no zone has six free (cn-wlcb-02 has 5): none is
    // named.
    let server = market().await;
    let mut six = args.to_vec();
    six[5] = "3";
    six.extend(["--max-count", "2"]);
    let out = run(&server, &six, &[]).await;
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("free in other zones"),
        "{}",
        stderr(&out)
    );

    // An agent's create is told the same.
    let server = market().await;
    let client = crate::mcp::connect(&server, &["--allow-writes", "--toolsets", "all"]).await;
    let r = crate::mcp::call(
        &client,
        "CreateCompShareInstance",
        serde_json::json!({"Region": "cn-wlcb", "Zone": "cn-wlcb-01", "GPU": 1, "GpuType": "4090", "MachineType": "G", "CompShareImageId": "img-1"}),
    )
    .await;
    assert_eq!(r.is_error, Some(true), "{r:?}");
    let text = format!("{:?}", r.content);
    assert!(
        text.contains("4090 GPUs free in other zones: cn-wlcb-02 (5)"),
        "{text}"
    );
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_search_sends_at_most_a_hundred_quotes_and_says_how_to_narrow_it() {
    // One zone with 105 models in stock, each with a configuration of one GPU.
    let models: Vec<String> = (0..105).map(|i| format!("m{i:03}")).collect();
    let stock = models
        .iter()
        .map(|m| format!(r#""{m}":1"#))
        .collect::<Vec<_>>()
        .join(",");
    let types = models
        .iter()
        .map(|m| {
            format!(
                r#"{{"Name":"{m}","Zone":"cn-wlcb-01","InstanceType":"uhost","MachineSizes":[{{"Gpu":1,"Collection":[{{"Cpu":8,"Memory":[32768]}}]}}]}}"#
            )
        })
        .collect::<Vec<_>>()
        .join(",");
    let (stock, types) = (
        format!(r#"{{"RetCode":0,"GpuInventoryByZone":{{"Exclusive":{{"10027":{{{stock}}}}}}}}}"#),
        format!(r#"{{"RetCode":0,"AvailableInstanceTypes":[{types}]}}"#),
    );
    let server = TestServer::start(move |r| match r.param("Action") {
        Some("DescribeCompShareSupportZone") => Answer::json(
            r#"{"RetCode":0,"ZoneInfo":[{"Region":"cn-wlcb","Zone":"cn-wlcb-01","ZoneId":10027}]}"#,
        ),
        Some("DescribeCompShareGpuInventory") => Answer::json(&stock),
        Some("DescribeAvailableCompShareInstanceTypes") => Answer::json(&types),
        _ => {
            Answer::json(r#"{"RetCode":0,"PriceDetails":[{"ChargeType":"Postpay","Instance":1}]}"#)
        }
    })
    .await;
    let offers = offers_of(&search(&server, &[]).await);
    assert_eq!(offers.len(), 105);
    let quotes = server
        .requests()
        .iter()
        .filter(|r| r.param("Action") == Some("GetCompShareInstancePrice"))
        .count();
    assert_eq!(quotes, 100, "bounded, whatever the answer lists");
    let unquoted: Vec<_> = offers
        .iter()
        .filter(|o| o.get("PricePerHour").is_none())
        .collect();
    assert_eq!(unquoted.len(), 5);
    assert!(
        unquoted[0]["NoPrice"].as_str().unwrap().contains("--gpu"),
        "{}",
        unquoted[0]
    );
}

/// The agents' server asks the same in one call: `search_gpus`, in its default tools.
#[tokio::test(flavor = "multi_thread")]
async fn an_agent_finds_free_gpus_and_their_price_in_one_call() {
    use serde_json::json;
    let server = market().await;
    let client = crate::mcp::connect(&server, &[]).await;
    let tools = client.list_all_tools().await.unwrap();
    let tool = tools
        .iter()
        .find(|t| t.name == "search_gpus")
        .expect("search_gpus among the default tools");
    assert_eq!(
        tool.annotations.as_ref().unwrap().read_only_hint,
        Some(true)
    );
    let r = crate::mcp::call(
        &client,
        "search_gpus",
        json!({"GpuTypes": ["4090"], "Available": true}),
    )
    .await;
    assert_eq!(r.is_error, Some(false), "{r:?}");
    let d = crate::mcp::doc(&r);
    let offers = d["output"]["Offers"].as_array().unwrap();
    // The server's configured zone is no filter; a zone with none free is left out.
    let zones: Vec<&str> = offers.iter().filter_map(|o| o["Zone"].as_str()).collect();
    assert_eq!(zones, ["cn-sh2-02", "cn-wlcb-02"], "{d}");
    let two = row(offers, "cn-wlcb-02");
    assert_eq!(two["Free"], 5);
    assert_eq!(two["PricePerHour"], 1.75);
    // What it answers is what its output schema says.
    let schema = tool.output_schema.as_ref().unwrap();
    let row_schema = &schema["properties"]["output"]["properties"]["Offers"]["items"]["properties"];
    for key in two.as_object().unwrap().keys() {
        assert!(
            row_schema.get(key).is_some(),
            "{key} is not in {row_schema}"
        );
    }
    // Arguments are checked as any tool's.
    let bad = crate::mcp::call(&client, "search_gpus", json!({"Gpu": "4090"})).await;
    assert_eq!(bad.is_error, Some(true));
    // Offered only with the reads it joins.
    client.cancel().await.unwrap();
    let client = crate::mcp::connect(
        &server,
        &["--exclude-tools", "DescribeCompShareGpuInventory"],
    )
    .await;
    let tools = client.list_all_tools().await.unwrap();
    assert!(!tools.iter().any(|t| t.name == "search_gpus"));
    client.cancel().await.unwrap();
}
