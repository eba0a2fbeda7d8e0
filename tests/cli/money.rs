//! Money: hourly billing unless asked, quotes that say what they price, counts and quotes
//! that cannot be checked refused under a price limit, starts confirmed.

use serde_json::{Value, json};

use crate::harness::*;
use crate::mcp::{call, confirmed, connect, doc};
use crate::with;

/// A server quoting 1140 a month and 1.9 an hour, creating `uhost-1`.
async fn two_modes() -> TestServer {
    serve(r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"PriceDetails":[{"ChargeType":"Month","Instance":1140},{"ChargeType":"Postpay","Instance":1.5,"Disks":0.4}],"UHostIds":["uhost-1"]}"#).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_is_hourly_unless_asked_and_its_quote_says_so() {
    let server = two_modes().await;
    let out = run(&server, &with(&["--yes", "--max-count", "2"]), &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    for r in server.requests() {
        assert_eq!(
            r.param("ChargeType"),
            Some("Postpay"),
            "{:?}",
            r.param("Action")
        );
    }
    let err = stderr(&out);
    assert!(
        err.contains("quote (GetCompShareInstancePrice): 1.90 yuan per hour, Postpay; 2 instances: 3.80 yuan per hour"),
        "{err}"
    );
    // A month, asked for, is quoted as a month paid in advance.
    let server = two_modes().await;
    let out = run(&server, &with(&["--yes", "--charge-type", "Month"]), &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1140.00 yuan for 1 month, Month (paid in advance); 1 instance"),
        "{}",
        stderr(&out)
    );
    // An hourly limit does not compare with a monthly price.
    let server = two_modes().await;
    let out = run(
        &server,
        &with(&[
            "--yes",
            "--charge-type",
            "Month",
            "--max-price",
            "5000/hour",
        ]),
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot be compared"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        sent_actions(&server),
        [
            "CheckCompShareResourceCapacity",
            "GetCompShareInstancePrice"
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn counts_below_one_are_refused_before_the_quote() {
    let server = two_modes().await;
    for count in ["0", "-1"] {
        let out = run(
            &server,
            &with(&["--yes", "--max-count", count, "--max-price", "5"]),
            &[],
        )
        .await;
        assert_eq!(out.status.code(), Some(2), "{count}: {}", stderr(&out));
        assert!(stderr(&out).contains("MaxCount"), "{}", stderr(&out));
    }
    assert!(
        server.requests().is_empty(),
        "nothing sent, not even the quote"
    );
    let client = connect(
        &server,
        &["--allow-writes", "--toolsets", "all", "--max-price", "5"],
    )
    .await;
    let r = call(
        &client,
        "CreateCompShareInstance",
        json!({"CPU": 16, "GPU": 1, "GpuType": "4090", "MachineType": "G", "Memory": 65536, "CompShareImageId": "img-1", "MaxCount": 0}),
    )
    .await;
    assert_eq!(r.is_error, Some(true));
    assert_eq!(doc(&r)["error"], "invalid_arguments", "{}", doc(&r));
    assert!(server.requests().is_empty());
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_quote_that_cannot_be_checked_sends_nothing_under_a_price_limit() {
    for (answer, why) in [
        (
            r#"[{"ChargeType":"Postpay","Instance":"abc","Disks":0.1}]"#,
            "Instance",
        ),
        (r#"[{"ChargeType":"Postpay","Instance":-5}]"#, "negative"),
        (
            r#"[{"ChargeType":"Month","Instance":0.5}]"#,
            "no entry prices ChargeType Postpay",
        ),
    ] {
        let body = format!(
            r#"{{"RetCode":0,"Specs":[{{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}}],"PriceDetails":{answer},"UHostIds":["uhost-1"]}}"#
        );
        let server = serve(&body).await;
        let out = run(&server, &with(&["--yes", "--max-price", "100"]), &[]).await;
        assert_eq!(out.status.code(), Some(7), "{answer}: {}", stderr(&out));
        assert!(stderr(&out).contains(why), "{answer}: {}", stderr(&out));
        assert_eq!(
            sent_actions(&server),
            [
                "CheckCompShareResourceCapacity",
                "GetCompShareInstancePrice"
            ],
            "{answer}"
        );
        // Without a limit: a warning, no price; the create goes out, as asked.
        let out = run(&server, &with(&["--yes"]), &[]).await;
        assert!(out.status.success(), "{answer}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("warning: no quote"),
            "{}",
            stderr(&out)
        );
        // The server's limit holds for an agent too.
        let server = serve(&body).await;
        let client = connect(
            &server,
            &["--allow-writes", "--toolsets", "all", "--max-price", "100"],
        )
        .await;
        // A preview whose price cannot be had gives nothing to confirm it with, and a
        // confirmation is refused.
        let args = json!({"CPU": 16, "GPU": 1, "GpuType": "4090", "MachineType": "G", "Memory": 65536, "CompShareImageId": "img-1"});
        let (preview, _) = confirmed(&client, "CreateCompShareInstance", args.clone()).await;
        assert!(
            doc(&preview).get("confirm_token").is_none(),
            "{answer}: {}",
            doc(&preview)
        );
        let mut forced = args;
        forced["confirm"] = json!("0123456789abcdef0123456789abcdef");
        let r = call(&client, "CreateCompShareInstance", forced).await;
        assert_eq!(r.is_error, Some(true), "{answer}");
        assert_eq!(doc(&r)["error"], "not_confirmed");
        assert_eq!(
            sent_actions(&server),
            [
                "CheckCompShareResourceCapacity",
                "GetCompShareInstancePrice",
                "CheckCompShareResourceCapacity",
                "GetCompShareInstancePrice"
            ],
            "{answer}"
        );
        client.cancel().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_agents_preview_is_hourly_and_says_what_its_price_covers() {
    let server = two_modes().await;
    let client = connect(&server, &["--allow-writes", "--toolsets", "all"]).await;
    let tools = client.list_all_tools().await.unwrap();
    let create = tools
        .iter()
        .find(|t| t.name == "CreateCompShareInstance")
        .unwrap();
    let schema = Value::Object((*create.input_schema).clone());
    assert_eq!(schema["properties"]["ChargeType"]["default"], "Postpay");
    let r = call(
        &client,
        "CreateCompShareInstance",
        json!({"CPU": 16, "GPU": 1, "GpuType": "4090", "MachineType": "G", "Memory": 65536, "CompShareImageId": "img-1", "MaxCount": 2}),
    )
    .await;
    let d = doc(&r);
    assert_eq!(d["request"]["params"]["ChargeType"], "Postpay", "{d}");
    assert_eq!(d["quote"]["price_yuan"], 3.8);
    assert_eq!(d["quote"]["each_yuan"], 1.9);
    assert_eq!(d["quote"]["count"], 2);
    assert_eq!(d["quote"]["per"], "per hour");
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn starting_an_instance_or_a_host_is_confirmed() {
    let server = serve(r#"{"RetCode":0,"UHostId":"uhost-1"}"#).await;
    for args in [
        ["instance", "start", "--u-host-id", "uhost-1"],
        ["ulhost", "start", "--ul-host-id", "ulh-1"],
    ] {
        let out = run(&server, &args, &[]).await;
        assert_eq!(out.status.code(), Some(7), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("--yes"), "{}", stderr(&out));
    }
    assert!(server.requests().is_empty());
    let help = command("http://127.0.0.1:9", &["instance", "start", "--help"], &[])
        .output()
        .unwrap();
    assert!(
        stdout(&help).contains("billing resumes"),
        "{}",
        stdout(&help)
    );
    // The stop's --yes is not called destructive.
    let help = command("http://127.0.0.1:9", &["instance", "stop", "--help"], &[])
        .output()
        .unwrap();
    assert!(
        !stdout(&help).contains("destroys") && stdout(&help).contains("what runs on it stops"),
        "{}",
        stdout(&help)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn money_spent_without_a_quote_is_refused_where_a_limit_holds() {
    // A raw call would skip the quote (and the tool's hourly default): sent to the command.
    let server = two_modes().await;
    let out = run(
        &server,
        &["call", "CreateCompShareInstance", "CPU=16", "--yes"],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("compshare-rs instance create"),
        "{}",
        stderr(&out)
    );
    // An agent's resize costs money and has no quote: under a limit, refused.
    let client = connect(
        &server,
        &["--allow-writes", "--toolsets", "all", "--max-price", "5"],
    )
    .await;
    let (_, r) = confirmed(
        &client,
        "ResizeCompShareInstance",
        json!({"Region": "cn-wlcb", "Zone": "cn-wlcb-01", "UHostId": "uhost-1", "Gpu": 8}),
    )
    .await;
    assert_eq!(doc(&r)["error"], "refused", "{}", doc(&r));
    // A reboot costs nothing: it goes through.
    let (_, r) = confirmed(
        &client,
        "RebootCompShareInstance",
        json!({"Region": "cn-wlcb", "Zone": "cn-wlcb-01", "UHostId": "uhost-1"}),
    )
    .await;
    assert_eq!(r.is_error, Some(false), "{}", doc(&r));
    assert_eq!(sent_actions(&server), ["RebootCompShareInstance"]);
    client.cancel().await.unwrap();
    // A bare-metal host, paid in advance, is quoted as it is bought.
    let server = serve(r#"{"RetCode":0,"PriceSet":[{"ChargeType":"Year","Price":9000},{"ChargeType":"Month","Price":800}],"ULHostId":"ulh-1"}"#).await;
    let out = run(
        &server,
        &[
            "ulhost",
            "create",
            "--bundle-id",
            "b-1",
            "--image-id",
            "i-1",
            "--yes",
            "--max-price",
            "900",
        ],
        &[("COMPSHARE_PASSWORD", "pw-ulhost-1")],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("800.00 yuan for 1 month, Month (paid in advance)"),
        "{}",
        stderr(&out)
    );
}
