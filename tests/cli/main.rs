//! The `compshare-rs` tool's hand-written tests, run against the built binary: help,
//! safety (dry runs, confirmation, secrets), paging, output and exit codes.

mod harness {
    include!("harness.rs");
}

mod completions;
mod creates;
mod mcp;
mod mcp_ask;
mod mcp_raw;
mod models;
mod money;
mod passwords;
mod profiles;
mod queries;
mod readme;
mod search;
mod show;
mod streams;
mod terminal;

use harness::*;

const CREATE: &[&str] = &[
    "instance",
    "create",
    "--cpu",
    "16",
    "--gpu",
    "1",
    "--gpu-type",
    "4090",
    "--machine-type",
    "G",
    "--memory",
    "65536",
    "--comp-share-image-id",
    "img-1",
    "--disks",
    "IsBoot=true,Size=100,Type=CLOUD_SSD",
];
const SECRET: &str = "pw-never-shown-4711";

pub(crate) fn with(extra: &[&'static str]) -> Vec<&'static str> {
    let mut args = CREATE.to_vec();
    args.extend_from_slice(extra);
    args
}

fn help(args: &[&str]) -> String {
    let out = command("http://127.0.0.1:9", args, &[]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn help_of_the_top_level_a_create_and_a_listing() {
    insta::assert_snapshot!("top_level", help(&["--help"]));
    let create = help(&["instance", "create", "--help"]);
    assert!(create.contains("API action: CreateCompShareInstance"));
    insta::assert_snapshot!("instance_create", create);
    insta::assert_snapshot!("instance_list", help(&["instance", "list", "--help"]));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_sends_nothing_and_masks_secrets() {
    let server = serve(r#"{"RetCode":0}"#).await;
    // An enum value newer than the tool is taken as given.
    let args: Vec<&str> = with(&["--dry-run"])
        .into_iter()
        .map(|a| if a == "4090" { "H200" } else { a })
        .collect();
    let out = run(&server, &args, &[("COMPSHARE_PASSWORD", SECRET)]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(server.requests().is_empty(), "a dry run sends nothing");
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["params"]["Password"], "***");
    assert_eq!(doc["params"]["Signature"], "***");
    assert_eq!(doc["params"]["GpuType"], "H200");
    assert_eq!(doc["params"]["Disks.0.Size"], "100");
    assert!(!stdout(&out).contains(SECRET) && !stderr(&out).contains(SECRET));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_without_yes_off_a_terminal_sends_nothing() {
    let server = serve(r#"{"RetCode":0,"UHostIds":["uhost-1"]}"#).await;
    // Refused before anything is sent, the quote included.
    let out = run(&server, CREATE, &[]).await;
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    assert!(stderr(&out).contains("--yes"), "{}", stderr(&out));
    let sent: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.param("Action").unwrap().to_owned())
        .collect();
    assert!(sent.is_empty(), "{sent:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_quote_above_max_price_refuses_the_create() {
    let server = serve(r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"PriceDetails":[{"ChargeType":"Postpay","Instance":3.5,"Disks":0.5,"SystemDisks":0,"CompShareImage":1}],"UHostIds":["uhost-1"]}"#).await;
    let out = run(&server, &with(&["--yes", "--max-price", "4.99"]), &[]).await;
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    assert!(stderr(&out).contains("5.00 yuan"), "{}", stderr(&out));
    assert_eq!(
        sent_actions(&server),
        [
            "CheckCompShareResourceCapacity",
            "GetCompShareInstancePrice"
        ],
        "the stock check and the quote only"
    );
    let out = run(&server, &with(&["--yes", "--max-price", "5"]), &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let sent: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.param("Action").unwrap().to_owned())
        .collect();
    assert_eq!(
        sent[2..],
        [
            "CheckCompShareResourceCapacity",
            "GetCompShareInstancePrice",
            "CreateCompShareInstance"
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn all_pages_through_a_server_that_caps_its_pages() {
    const TOTAL: usize = 10;
    let server = TestServer::start(|r| {
        let offset: usize = r.param("Offset").unwrap_or("0").parse().unwrap();
        // However many are asked for, at most 3 a page.
        let ids: Vec<String> = (offset..TOTAL.min(offset + 3))
            .map(|i| format!(r#"{{"UHostId":"uhost-{i}","State":"Running"}}"#))
            .collect();
        Answer::json(&format!(
            r#"{{"RetCode":0,"TotalCount":{TOTAL},"UHostSet":[{}]}}"#,
            ids.join(",")
        ))
    })
    .await;
    let out = run(&server, &["instance", "list", "--all"], &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let ids: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["UHostId"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let want: Vec<String> = (0..TOTAL).map(|i| format!("uhost-{i}")).collect();
    assert_eq!(ids, want, "every item, once, in order");
    let table = run(
        &server,
        &["instance", "list", "--all", "--output", "table"],
        &[],
    )
    .await;
    assert!(stdout(&table).contains("uhost-9") && stdout(&table).contains("UHostId"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_api_error_is_one_line_with_its_retcode_and_exit_code_3() {
    let server = serve(r#"{"RetCode":8039,"Message":"UHost not found"}"#).await;
    let out = run(
        &server,
        &["instance", "stop", "--u-host-id", "uhost-x", "--yes"],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("8039") && err.contains("UHost not found"),
        "{err}"
    );
    assert_eq!(
        err.matches("8039").count(),
        1,
        "the RetCode said once: {err}"
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["error"]["ret_code"], 8039);
    assert_eq!(doc["error"]["delivery"], "received");
    assert!(!err.contains(PRIVATE) && !stdout(&out).contains(PRIVATE));
    // A signature that does not verify points at the keys.
    let server = serve(r#"{"RetCode":171,"Message":"Signature VerifyAC Error"}"#).await;
    let out = run(&server, &["instance", "list"], &[]).await;
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("check the private key"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn no_server_is_a_transport_error_and_a_password_on_argv_is_refused() {
    let out = tokio::task::spawn_blocking(|| {
        command("http://127.0.0.1:9", &["instance", "list"], &[])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let out = command("http://127.0.0.1:9", &with(&["--password", SECRET]), &[])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("never taken from the command line"));
    assert!(!stderr(&out).contains(SECRET) && !stdout(&out).contains(SECRET));
    let missing = command("http://127.0.0.1:9", &["instance", "create"], &[])
        .output()
        .unwrap();
    assert_eq!(
        missing.status.code(),
        Some(2),
        "required flags before any I/O"
    );
    // A usage error is one line on stderr, and a JSON document on stdout.
    let err = stderr(&missing);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("--gpu <INT>") && !err.contains(SECRET),
        "{err}"
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&missing)).unwrap();
    assert_eq!(doc["error"]["exit_code"], 2);
    let table = command(
        "http://127.0.0.1:9",
        &["instance", "create", "--output", "table"],
        &[],
    )
    .output()
    .unwrap();
    assert!(
        stdout(&table).is_empty(),
        "no JSON document with table output"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn start_with_wait_polls_until_running() {
    let server = TestServer::script(vec![
        Answer::json(r#"{"RetCode":0,"UHostId":"uhost-1"}"#),
        Answer::json(
            r#"{"RetCode":0,"TotalCount":1,"UHostSet":[{"UHostId":"uhost-1","State":"Starting"}]}"#,
        ),
        Answer::json(
            r#"{"RetCode":0,"TotalCount":1,"UHostSet":[{"UHostId":"uhost-1","State":"Running"}]}"#,
        ),
    ])
    .await;
    let out = run(
        &server,
        &[
            "instance",
            "start",
            "--u-host-id",
            "uhost-1",
            "--wait",
            "--yes",
        ],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let sent: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.param("Action").unwrap().to_owned())
        .collect();
    assert_eq!(
        sent,
        [
            "StartCompShareInstance",
            "DescribeCompShareInstance",
            "DescribeCompShareInstance"
        ]
    );
    assert!(
        stderr(&out).is_empty(),
        "no progress off a terminal: {}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn call_sends_any_action_and_config_show_masks_keys() {
    let server = serve(r#"{"RetCode":0,"TotalCount":0,"UHostSet":[],"Password":"c2VjcmV0"}"#).await;
    let out = run(
        &server,
        &[
            "call",
            "DescribeCompShareInstance",
            "Limit=1",
            "UHostIds.0=uhost-1",
        ],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let r = &server.requests()[0];
    assert_eq!(
        (r.param("Limit"), r.param("UHostIds.0")),
        (Some("1"), Some("uhost-1"))
    );
    assert!(
        !stdout(&out).contains("c2VjcmV0"),
        "secret-like keys masked: {}",
        stdout(&out)
    );
    let refused = run(&server, &["call", "CreateCompShareInstance", "CPU=1"], &[]).await;
    assert_eq!(refused.status.code(), Some(7));
    let shown = run(&server, &["config", "show", "--region", "cn-sh2"], &[]).await;
    let text = stdout(&shown);
    assert!(!text.contains(PRIVATE) && !text.contains(PUBLIC), "{text}");
    assert!(
        text.contains("\"--region\"") && text.contains("UCLOUD_ZONE"),
        "{text}"
    );
    let bash = command("http://127.0.0.1:9", &["completions", "bash"], &[])
        .output()
        .unwrap();
    assert!(stdout(&bash).contains("gpu-type"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_wait_command_runs_a_waiter_with_the_polled_actions_flags() {
    let server = TestServer::script(vec![
        Answer::json(
            r#"{"RetCode":0,"TotalCount":1,"UHostSet":[{"UHostId":"uhost-1","State":"Stopping"}]}"#,
        ),
        Answer::json(
            r#"{"RetCode":0,"TotalCount":1,"UHostSet":[{"UHostId":"uhost-1","State":"Stopped"}]}"#,
        ),
    ])
    .await;
    let out = run(
        &server,
        &["wait", "instance-stopped", "--u-host-ids", "uhost-1"],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        doc["UHostSet"][0]["State"], "Stopped",
        "the last answer is printed"
    );
    assert_eq!(server.requests().len(), 2);
    let failed = TestServer::script(vec![Answer::json(
        r#"{"RetCode":0,"TotalCount":1,"UHostSet":[{"UHostId":"uhost-1","State":"Install Fail"}]}"#,
    )])
    .await;
    let out = run(
        &failed,
        &["wait", "instance-running", "--u-host-ids", "uhost-1"],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_is_sent_before_a_bad_wait_timeout_and_max_count_multiplies_the_quote() {
    let server =
        serve(r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"PriceDetails":[{"ChargeType":"Postpay","Instance":2}],"UHostIds":["uhost-1"]}"#).await;
    let out = run(
        &server,
        &with(&["--yes", "--wait", "--wait-timeout", "0"]),
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(server.requests().is_empty(), "nothing sent");
    // Three instances at 2 yuan: 6, above 5.
    let out = run(
        &server,
        &with(&["--yes", "--max-count", "3", "--max-price", "5"]),
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    assert!(stderr(&out).contains("6.00 yuan"), "{}", stderr(&out));
    // An entry without any of the summed parts is no price: refused under --max-price.
    let empty =
        serve(r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"PriceDetails":[{"ChargeType":"Postpay"}],"UHostIds":["uhost-1"]}"#)
            .await;
    let out = run(&empty, &with(&["--yes", "--max-price", "5"]), &[]).await;
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    let sent: Vec<String> = empty
        .requests()
        .iter()
        .map(|r| r.param("Action").unwrap().to_owned())
        .collect();
    assert_eq!(
        sent,
        [
            "CheckCompShareResourceCapacity",
            "GetCompShareInstancePrice"
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn raw_calls_refuse_secrets_on_argv_and_confirm_whatever_is_not_a_read() {
    let server = serve(r#"{"RetCode":0}"#).await;
    let out = run(
        &server,
        &[
            "call",
            "ResetULHostInstancePassword",
            "Password=hunter2-secret",
            "--yes",
        ],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains("hunter2") && !stdout(&out).contains("hunter2"));
    for action in [
        "DeleteSomethingNew",
        "terminatecompshareinstance",
        "StopULHostInstance",
    ] {
        let out = run(&server, &["call", action, "Id=x"], &[]).await;
        assert_eq!(out.status.code(), Some(7), "{action}: {}", stderr(&out));
    }
    assert!(server.requests().is_empty());
    let out = run(
        &server,
        &["--dry-run", "wait", "instance-running", "--u-host-ids", "u"],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    let out = run(&server, &["--dry-run", "mcp"], &[]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(server.requests().is_empty());
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_given_no_password_is_sent_one_made_and_shown_once() {
    let server = serve(r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"PriceDetails":[{"ChargeType":"Postpay","Instance":1}],"UHostIds":["uhost-1"],"Password":"c2VjcmV0"}"#).await;
    let out = run(&server, &with(&["--yes"]), &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let line = err
        .lines()
        .find(|l| l.contains("shown once"))
        .unwrap_or_else(|| panic!("{err}"));
    let made = line.rsplit(' ').next().unwrap();
    assert_eq!(made.len(), 20);
    let create = server
        .requests()
        .into_iter()
        .find(|r| r.param("Action") == Some("CreateCompShareInstance"))
        .unwrap();
    assert_eq!(
        create.param("Password"),
        Some(base64(made.as_bytes()).as_str())
    );
    assert!(!stdout(&out).contains(made), "not in the answer printed");
    assert!(
        !stdout(&out).contains("c2VjcmV0"),
        "the answer's password stays masked"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn only_what_the_server_sent_is_printed() {
    // IPMode is required and DiskSet a list: the SDK fills both when they are left out.
    let server = serve(
        r#"{"RetCode":0,"TotalCount":1,"UHostSet":[{"UHostId":"uhost-1","IPSet":[{"IP":"10.0.0.1"}]},{"UHostId":"uhost-2","DiskSet":[],"IPSet":[{"IP":"10.0.0.2","IPMode":"IPv4"}]}]}"#,
    )
    .await;
    let out = run(&server, &["instance", "list"], &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let first = doc["UHostSet"][0].as_object().unwrap();
    assert!(first.get("DiskSet").is_none(), "{first:?}");
    assert!(
        doc["UHostSet"][0]["IPSet"][0].get("IPMode").is_none(),
        "{doc}"
    );
    // What was sent stays, empty or not.
    assert_eq!(doc["UHostSet"][1]["DiskSet"], serde_json::json!([]));
    assert_eq!(doc["UHostSet"][1]["IPSet"][0]["IPMode"], "IPv4");
    assert_eq!(doc["TotalCount"], 1);
}
