//! Creates that just work: sizes as people write them, the official CLI's defaults declared
//! in the spec (shown in help), familiar names for flags.

use crate::harness::*;

/// A server quoting 2 yuan an hour and creating `uhost-1`.
async fn creating() -> TestServer {
    serve(r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"PriceDetails":[{"ChargeType":"Postpay","Instance":2}],"UHostIds":["uhost-1"]}"#).await
}

fn sent(server: &TestServer, action: &str) -> compshare_e2e::Request {
    server
        .requests()
        .into_iter()
        .find(|r| r.param("Action") == Some(action))
        .unwrap_or_else(|| panic!("no {action}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_gpu_a_model_a_size_and_an_image_are_enough() {
    let server = creating().await;
    let out = run(
        &server,
        &[
            "instance",
            "create",
            "--gpu-type",
            "4090",
            "--gpu",
            "1",
            "--cpu",
            "16",
            "--memory",
            "64GiB",
            "--image",
            "img-1",
            "--yes",
        ],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let create = sent(&server, "CreateCompShareInstance");
    for (k, v) in [
        ("Memory", "65536"),
        ("CompShareImageId", "img-1"),
        ("MachineType", "G"),
        ("MinimalCpuPlatform", "Auto"),
        ("ChargeType", "Postpay"),
        ("Disks.0.IsBoot", "true"),
        ("Disks.0.Size", "100"),
        ("Disks.0.Type", "CLOUD_SSD"),
    ] {
        assert_eq!(create.param(k), Some(v), "{k}");
    }
    // The quote prices the same: the sizes as the API counts them.
    let quote = sent(&server, "GetCompShareInstancePrice");
    assert_eq!(quote.param("Memory"), Some("65536"));
    assert_eq!(quote.param("Disks.0.Size"), Some("100"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_disk_takes_a_size_as_people_write_it_and_a_bad_size_sends_nothing() {
    let server = creating().await;
    let out = run(
        &server,
        &[
            "instance",
            "create",
            "--gpu-type",
            "4090",
            "--gpu",
            "1",
            "--cpu",
            "16",
            "--memory",
            "65536",
            "--image",
            "i",
            "--disks",
            "IsBoot=true,Size=1TiB,Type=CLOUD_SSD",
            "--yes",
        ],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        sent(&server, "CreateCompShareInstance").param("Disks.0.Size"),
        Some("1024")
    );

    let server = creating().await;
    let out = run(
        &server,
        &[
            "instance",
            "create",
            "--gpu-type",
            "4090",
            "--gpu",
            "1",
            "--cpu",
            "16",
            "--memory",
            "100KiB",
            "--image",
            "i",
            "--yes",
        ],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--memory \"100KiB\""),
        "{}",
        stderr(&out)
    );
    assert!(server.requests().is_empty());
}

#[test]
fn help_shows_the_defaults_the_units_and_the_familiar_names() {
    let out = command("http://127.0.0.1:9", &["instance", "create", "--help"], &[])
        .output()
        .unwrap();
    let help = stdout(&out);
    for want in [
        "--comp-share-image-id <TEXT>",
        "[alias: --image]",
        "Takes a size: 64GiB, 512MiB, 1TiB, or a number of MB.",
        "This tool sends `G` when it is not given.",
        "This tool sends `IsBoot=true,Size=100,Type=CLOUD_SSD` when it is not given.",
    ] {
        assert!(help.contains(want), "{want}\n{help}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_agents_server_fills_in_the_same_defaults() {
    use crate::mcp::{call, connect, doc};
    let server = creating().await;
    let client = connect(&server, &["--allow-writes", "--toolsets", "all"]).await;
    let args = serde_json::json!({"Region": "cn-wlcb", "Zone": "cn-wlcb-01", "CPU": 16, "GPU": 1, "GpuType": "4090", "Memory": 65536, "CompShareImageId": "img-1"});
    let preview = call(&client, "CreateCompShareInstance", args).await;
    assert_eq!(preview.is_error, Some(false), "{preview:?}");
    let params = &doc(&preview)["request"]["params"];
    assert_eq!(params["MachineType"], "G");
    assert_eq!(params["Disks.0.Size"], "100");
    assert_eq!(params["Disks.0.Type"], "CLOUD_SSD");
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_region_is_named_as_the_command_line_takes_it() {
    let server = creating().await;
    let mut c = command(&server.url(), &["zone", "gpu-stock"], &[]);
    c.env_remove("UCLOUD_REGION").env_remove("UCLOUD_ZONE");
    let out = tokio::task::spawn_blocking(move || c.output().unwrap())
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("Region (--region, or UCLOUD_REGION, or the profile's region)"),
        "{err}"
    );
    assert!(!err.contains(".region()"), "the SDK's words: {err}");
    assert!(server.requests().is_empty());
}

/// Zones in two regions; `uhost-1` in the second.
async fn two_regions() -> TestServer {
    TestServer::start(|r| match r.param("Action") {
        Some("DescribeCompShareSupportZone") => Answer::json(
            r#"{"RetCode":0,"ZoneInfo":[{"Region":"cn-sh2","Zone":"cn-sh2-02"},{"Region":"cn-wlcb","Zone":"cn-wlcb-01"},{"Region":"cn-wlcb","Zone":"cn-wlcb-02"}]}"#,
        ),
        Some("DescribeCompShareInstance") if r.param("Region") == Some("cn-wlcb") => Answer::json(
            r#"{"RetCode":0,"TotalCount":1,"UHostSet":[{"UHostId":"uhost-1","Name":"train","Region":"cn-wlcb","Zone":"cn-wlcb-01"}]}"#,
        ),
        Some("DescribeCompShareInstance") if r.param("UHostIds.0") == Some("uhost-2") => Answer::json(
            r#"{"RetCode":0,"TotalCount":1,"UHostSet":[{"UHostId":"uhost-2","Name":"eval","Region":"cn-sh2","Zone":"cn-sh2-02"}]}"#,
        ),
        Some("DescribeCompShareInstance") => Answer::json(r#"{"RetCode":0,"TotalCount":0,"UHostSet":[]}"#),
        _ => Answer::json(r#"{"RetCode":0}"#),
    })
    .await
}

fn unplaced(server: &TestServer, args: &[&str]) -> std::process::Command {
    let mut c = command(&server.url(), args, &[]);
    c.env_remove("UCLOUD_REGION").env_remove("UCLOUD_ZONE");
    c
}

async fn output(mut c: std::process::Command) -> std::process::Output {
    tokio::task::spawn_blocking(move || c.output().unwrap())
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_instance_named_by_id_is_found_in_its_region_and_zone() {
    let server = two_regions().await;
    let out = output(unplaced(
        &server,
        &["instance", "stop", "--u-host-id", "uhost-1", "--yes"],
    ))
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("uhost-1 is in cn-wlcb-01 (cn-wlcb)"),
        "{}",
        stderr(&out)
    );
    let stop = sent(&server, "StopCompShareInstance");
    assert_eq!(
        (stop.param("Region"), stop.param("Zone")),
        (Some("cn-wlcb"), Some("cn-wlcb-01"))
    );
    let regions_asked: Vec<Option<String>> = server
        .requests()
        .iter()
        .filter(|r| r.param("Action") == Some("DescribeCompShareInstance"))
        .map(|r| r.param("Region").map(str::to_owned))
        .collect();
    assert_eq!(
        regions_asked,
        [Some("cn-sh2".to_owned()), Some("cn-wlcb".to_owned())],
        "each region once"
    );

    // A region given is searched alone, and wins.
    let server = two_regions().await;
    let out = output(unplaced(
        &server,
        &[
            "instance",
            "stop",
            "--u-host-id",
            "uhost-1",
            "--yes",
            "--region",
            "cn-wlcb",
        ],
    ))
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.param("Action") != Some("DescribeCompShareSupportZone"))
    );
    assert_eq!(
        sent(&server, "StopCompShareInstance").param("Zone"),
        Some("cn-wlcb-01")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_id_found_nowhere_is_refused_and_nothing_is_done() {
    let server = two_regions().await;
    let out = output(unplaced(
        &server,
        &["instance", "stop", "--u-host-id", "uhost-9", "--yes"],
    ))
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("uhost-9 is in none of the regions"),
        "{}",
        stderr(&out)
    );
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.param("Action") != Some("StopCompShareInstance"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn several_ids_are_acted_on_in_turn_with_a_result_each() {
    let server = TestServer::start(|r| match r.param("UHostId") {
        Some("uhost-b") => Answer::json(r#"{"RetCode":8039,"Message":"UHost not found"}"#),
        _ => Answer::json(r#"{"RetCode":0,"UhostId":"x"}"#),
    })
    .await;
    // One id as an argument is the flag's.
    let out = run(&server, &["instance", "stop", "uhost-a", "--yes"], &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        sent(&server, "StopCompShareInstance").param("UHostId"),
        Some("uhost-a")
    );

    let server2 = TestServer::start(|r| match r.param("UHostId") {
        Some("uhost-b") => Answer::json(r#"{"RetCode":8039,"Message":"UHost not found"}"#),
        _ => Answer::json(r#"{"RetCode":0}"#),
    })
    .await;
    let out = run(
        &server2,
        &[
            "instance", "stop", "uhost-a", "uhost-b", "uhost-c", "--yes", "-o", "json",
        ],
        &[],
    )
    .await;
    assert_eq!(
        out.status.code(),
        Some(3),
        "the first failure's code: {}",
        stderr(&out)
    );
    let stopped: Vec<Option<String>> = server2
        .requests()
        .iter()
        .map(|r| r.param("UHostId").map(str::to_owned))
        .collect();
    assert_eq!(
        stopped.len(),
        3,
        "each in turn, a failure stops none of the others"
    );
    assert!(
        stderr(&out).contains("1 of 3 failed; uhost-b"),
        "{}",
        stderr(&out)
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let results = &doc["answer"]["results"];
    assert_eq!(results[0]["id"], "uhost-a");
    assert_eq!(results[0]["ok"], true);
    assert_eq!(results[1]["ok"], false);
    assert_eq!(results[1]["error"]["ret_code"], 8039);
    assert_eq!(results[2]["ok"], true);
    drop(server);
}

#[tokio::test(flavor = "multi_thread")]
async fn ids_are_given_once_and_wait_follows_one() {
    let server = serve(r#"{"RetCode":0}"#).await;
    for (args, says) in [
        (
            &[
                "instance",
                "stop",
                "uhost-a",
                "--u-host-id",
                "uhost-b",
                "--yes",
            ][..],
            "once",
        ),
        (
            &["instance", "stop", "uhost-a", "uhost-b", "--yes", "--wait"][..],
            "--wait follows one id",
        ),
        (&["instance", "stop", "--yes"][..], "is required"),
    ] {
        let out = run(&server, args, &[]).await;
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    assert!(server.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn several_ids_are_each_found_where_they_are_and_one_found_nowhere_stops_all() {
    let server = two_regions().await;
    let out = output(unplaced(
        &server,
        &["instance", "stop", "uhost-1", "uhost-2", "--yes"],
    ))
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let stops: Vec<(Option<String>, Option<String>, Option<String>)> = server
        .requests()
        .iter()
        .filter(|r| r.param("Action") == Some("StopCompShareInstance"))
        .map(|r| {
            let p = |k: &str| r.param(k).map(str::to_owned);
            (p("UHostId"), p("Region"), p("Zone"))
        })
        .collect();
    let s = |v: &str| Some(v.to_owned());
    assert_eq!(
        stops,
        [
            (s("uhost-1"), s("cn-wlcb"), s("cn-wlcb-01")),
            (s("uhost-2"), s("cn-sh2"), s("cn-sh2-02"))
        ]
    );

    let server = two_regions().await;
    let out = output(unplaced(
        &server,
        &["instance", "stop", "uhost-1", "uhost-9", "--yes"],
    ))
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.param("Action") != Some("StopCompShareInstance")),
        "nothing done when one id is found nowhere"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_id_that_is_another_thing_here_is_not_looked_up() {
    // `cfs detach` takes a container's `cpod-` id under the instance id's name.
    let server = two_regions().await;
    let out = output(unplaced(
        &server,
        &["cfs", "detach", "--u-host-id", "cpod-1", "--yes"],
    ))
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--region"), "{}", stderr(&out));
    assert!(server.requests().is_empty(), "no lookup");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_id_is_looked_up_in_a_bounded_number_of_regions() {
    let server = TestServer::start(|r| match r.param("Action") {
        Some("DescribeCompShareSupportZone") => {
            let zones: Vec<String> = (0..40)
                .map(|i| format!(r#"{{"Region":"r-{i}","Zone":"r-{i}-01"}}"#))
                .collect();
            Answer::json(&format!(
                r#"{{"RetCode":0,"ZoneInfo":[{}]}}"#,
                zones.join(",")
            ))
        }
        _ => Answer::json(r#"{"RetCode":0,"UHostSet":[]}"#),
    })
    .await;
    let out = output(unplaced(&server, &["instance", "stop", "uhost-1", "--yes"])).await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("40 regions"), "{}", stderr(&out));
    assert_eq!(
        server.requests().len(),
        1,
        "only the region list was asked for"
    );
}

/// Configurations of one GPU: 64 cores and 256 GiB in stock (listed first), 16 and 64 GiB
/// sold out, 32 and 128 GiB in stock; two GPUs in stock.
const SPECS: &str = r#""Specs":[{"Gpu":1,"Cpu":64,"Mem":256,"ResourceEnough":true},{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":false},{"Gpu":1,"Cpu":32,"Mem":128,"ResourceEnough":true},{"Gpu":2,"Cpu":32,"Mem":128,"ResourceEnough":true}]"#;

async fn stocked(specs: &str) -> TestServer {
    serve(&format!(
        r#"{{"RetCode":0,{specs},"PriceDetails":[{{"ChargeType":"Postpay","Instance":2}}],"UHostIds":["uhost-1"]}}"#
    ))
    .await
}

const BARE: &[&str] = &[
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

#[tokio::test(flavor = "multi_thread")]
async fn cpu_and_memory_default_to_the_zones_first_configuration_in_stock() {
    let server = stocked(SPECS).await;
    let out = run(&server, BARE, &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let check = sent(&server, "CheckCompShareResourceCapacity");
    for (k, v) in [
        ("GpuType", "4090"),
        ("CompShareImageId", "img-1"),
        ("MachineType", "G"),
        ("ChargeType", "Postpay"),
        ("Disks.0.Size", "100"),
        ("Zone", ZONE),
    ] {
        assert_eq!(
            check.param(k),
            Some(v),
            "the check asks what the create buys: {k}"
        );
    }
    for action in ["GetCompShareInstancePrice", "CreateCompShareInstance"] {
        let r = sent(&server, action);
        let (cpu, memory) = match action {
            "CreateCompShareInstance" => ("CPU", "Memory"),
            _ => ("Cpu", "Memory"),
        };
        assert_eq!(r.param(cpu), Some("32"), "{action}");
        assert_eq!(r.param(memory), Some("131072"), "{action}: 128 GB in MB");
    }
    assert!(
        stderr(&out).contains("--cpu 32, --memory 128GiB: the smallest configuration in stock"),
        "the smallest in stock, not the first listed, and said: {}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_is_bought_when_what_was_asked_is_not_in_stock() {
    // Given, but sold out: refused, though another configuration is in stock.
    let server = stocked(SPECS).await;
    let mut args = BARE.to_vec();
    args.extend(["--cpu", "16", "--memory", "64GiB"]);
    let out = run(&server, &args, &[]).await;
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("nothing was bought"), "{err}");
    assert!(err.contains("--gpu 1, --cpu 16, --memory 64GiB"), "{err}");
    assert!(
        err.contains("--gpu 1, --cpu 32, --memory 128GiB"),
        "the ones in stock: {err}"
    );
    assert_eq!(
        sent_actions(&server),
        [
            "CheckCompShareResourceCapacity",
            // Reads: where else that GPU is free.
            "DescribeCompShareSupportZone",
            "DescribeCompShareGpuInventory"
        ]
    );
    // No configuration of that GPU count at all.
    let server = stocked(r#""Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":false}]"#).await;
    let out = run(&server, BARE, &[]).await;
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    assert!(stderr(&out).contains("none is"), "{}", stderr(&out));
    assert_eq!(
        sent_actions(&server),
        [
            "CheckCompShareResourceCapacity",
            // Reads: where else that GPU is free.
            "DescribeCompShareSupportZone",
            "DescribeCompShareGpuInventory"
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_agents_server_checks_the_stock_and_fills_the_same() {
    let server = stocked(SPECS).await;
    let client = crate::mcp::connect(&server, &["--allow-writes", "--toolsets", "all"]).await;
    let preview = crate::mcp::call(
        &client,
        "CreateCompShareInstance",
        serde_json::json!({"GPU": 1, "GpuType": "4090", "CompShareImageId": "img-1"}),
    )
    .await;
    assert_eq!(preview.is_error, Some(false), "{preview:?}");
    let d = crate::mcp::doc(&preview);
    assert_eq!(d["request"]["params"]["CPU"], "32");
    assert_eq!(d["request"]["params"]["Memory"], "131072");
    // The preview names what it filled: the confirmation gives it.
    assert_eq!(
        d["add_to_confirm"],
        serde_json::json!({"CPU": 32, "Memory": 131072}),
        "{d}"
    );
    let token = d["confirm_token"].clone();
    // Confirmed, it buys what it was shown: the values left out must be given.
    let unfilled = crate::mcp::call(
        &client,
        "CreateCompShareInstance",
        serde_json::json!({"GPU": 1, "GpuType": "4090", "CompShareImageId": "img-1", "confirm": token}),
    )
    .await;
    assert_eq!(unfilled.is_error, Some(true), "{unfilled:?}");
    let why = format!("{unfilled:?}");
    assert!(
        why.contains("CPU=32") && why.contains("nothing was bought"),
        "{why}"
    );
    let refused = crate::mcp::call(
        &client,
        "CreateCompShareInstance",
        serde_json::json!({"GPU": 1, "CPU": 16, "Memory": 65536, "GpuType": "4090", "CompShareImageId": "img-1", "confirm": token}),
    )
    .await;
    assert_eq!(refused.is_error, Some(true), "{refused:?}");
    assert!(format!("{refused:?}").contains("nothing was bought"));
    assert!(
        !sent_actions(&server).contains(&"CreateCompShareInstance".to_owned()),
        "{:?}",
        sent_actions(&server)
    );
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn ids_of_a_list_parameter_go_in_one_request_and_wait_takes_several() {
    let server = serve(
        r#"{"RetCode":0,"TotalCount":2,"UHostSet":[{"UHostId":"uhost-a","State":"Running"},{"UHostId":"uhost-b","State":"Running"}]}"#,
    )
    .await;
    let out = run(&server, &["instance", "list", "uhost-a", "uhost-b"], &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let sent = &server.requests()[0];
    assert_eq!(sent.param("UHostIds.0"), Some("uhost-a"));
    assert_eq!(sent.param("UHostIds.1"), Some("uhost-b"));
    // The monitor reads several instances in one request (its JSON body).
    let out = run(&server, &["instance", "monitor", "uhost-a", "uhost-b"], &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let monitor = server.requests().last().unwrap().json.clone().unwrap();
    assert_eq!(
        monitor["UHostIds"],
        serde_json::json!(["uhost-a", "uhost-b"])
    );
    // A wait for several: each in turn, one result each.
    let before = server.requests().len();
    let out = run(
        &server,
        &["wait", "instance-running", "uhost-a", "uhost-b"],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let ids: Vec<&str> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["uhost-a", "uhost-b"]);
    let polled: Vec<String> = server.requests()[before..]
        .iter()
        .map(|r| r.param("UHostIds.0").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(polled, ["uhost-a", "uhost-b"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn disks_as_people_write_them() {
    let server = creating().await;
    let mut args = BARE.to_vec();
    args.extend([
        "--disk",
        "200GiB",
        "--data-disk",
        "500GiB",
        "--data-disk",
        "1TiB:CLOUD_NORMAL",
    ]);
    let out = run(&server, &args, &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    // The create, its stock check and its quote all take the same disks.
    for action in [
        "CreateCompShareInstance",
        "CheckCompShareResourceCapacity",
        "GetCompShareInstancePrice",
    ] {
        let r = sent(&server, action);
        let disks: Vec<(Option<&str>, Option<&str>, Option<&str>)> = (0..4)
            .map(|i| {
                (
                    r.param(&format!("Disks.{i}.IsBoot")),
                    r.param(&format!("Disks.{i}.Size")),
                    r.param(&format!("Disks.{i}.Type")),
                )
            })
            .collect();
        assert_eq!(
            disks,
            [
                (Some("true"), Some("200"), Some("CLOUD_SSD")),
                (Some("false"), Some("500"), Some("CLOUD_SSD")),
                (Some("false"), Some("1024"), Some("CLOUD_NORMAL")),
                (None, None, None),
            ],
            "{action}: the boot disk resized (its type kept), data disks added"
        );
    }

    // A data disk alone keeps the default boot disk.
    let server = creating().await;
    let mut args = BARE.to_vec();
    args.extend(["--data-disk", "50GiB"]);
    let out = run(&server, &args, &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let r = sent(&server, "CreateCompShareInstance");
    assert_eq!(r.param("Disks.0.IsBoot"), Some("true"));
    assert_eq!(r.param("Disks.0.Size"), Some("100"));
    assert_eq!(r.param("Disks.1.Size"), Some("50"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_disk_written_wrong_or_twice_is_refused_before_anything_is_sent() {
    for (extra, says) in [
        (
            &[
                "--disk",
                "100GiB",
                "--disks",
                "IsBoot=true,Size=100,Type=CLOUD_SSD",
            ][..],
            "--disk and --disks: give the Disks one way, not both",
        ),
        (
            &["--data-disk", ":CLOUD_SSD"][..],
            "--data-disk \":CLOUD_SSD\": Size left empty",
        ),
        (
            &["--disk", "200GiB:"][..],
            "--disk \"200GiB:\": Type left empty",
        ),
        (&["--disk", "big"][..], "--disk \"big\": Size \"big\""),
    ] {
        let server = creating().await;
        let mut args = BARE.to_vec();
        args.extend(extra);
        let out = run(&server, &args, &[]).await;
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{extra:?}: {}", stderr(&out));
        assert!(server.requests().is_empty(), "{extra:?}: nothing sent");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_one_thing_a_command_acts_on_answers_to_id() {
    let server = serve(r#"{"RetCode":0,"UHostId":"uhost-1"}"#).await;
    let out = run(
        &server,
        &["instance", "stop", "--id", "uhost-1", "--yes"],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let r = sent(&server, "StopCompShareInstance");
    assert_eq!(r.param("UHostId"), Some("uhost-1"));
}
