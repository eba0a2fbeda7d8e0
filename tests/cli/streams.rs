//! What reaches standard output and error: API text escaped, closed pipes and a closed
//! standard error, exit codes that mean what the table says, one JSON document per call.

use std::time::Duration;

use crate::harness::*;
use crate::with;

/// Control and bidi characters an image name written by another account could carry: a
/// window title, a screen clear, an OSC 52 clipboard write, a carriage return, a right-to-left
/// override, a C1 CSI and DEL.
const HOSTILE: &str =
    "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}]52;c;ZWNobw==\u{7}\r\u{202e}txt.exe\u{9b}31m\u{7f}";
/// `HOSTILE` as JSON text.
fn hostile_json() -> String {
    serde_json::to_string(HOSTILE).unwrap()
}

fn assert_inert(text: &str, what: &str) {
    for bad in ['\u{1b}', '\r', '\u{7}', '\u{202e}', '\u{9b}', '\u{7f}'] {
        assert!(!text.contains(bad), "{what} holds {bad:?}: {text:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn api_text_never_acts_on_the_terminal() {
    let listing = format!(
        r#"{{"RetCode":0,"TotalCount":1,"UHostSet":[{{"UHostId":"uhost-1","Name":{},"State":"Running"}}]}}"#,
        hostile_json()
    );
    let server = serve(&listing).await;
    for args in [
        &["instance", "list", "--output", "table"][..],
        &["instance", "list", "--all", "--output", "table"],
        &["instance", "list"],
        &["instance", "list", "--all"],
    ] {
        let out = run(&server, args, &[]).await;
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_inert(&stdout(&out), &format!("{args:?}"));
        assert!(stdout(&out).contains("txt.exe"), "{}", stdout(&out));
    }
    // The JSON still holds the same text.
    let out = run(&server, &["instance", "list"], &[]).await;
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["UHostSet"][0]["Name"], HOSTILE);
    // An API error's message, on standard error and in the JSON document.
    let error = format!(r#"{{"RetCode":8039,"Message":{}}}"#, hostile_json());
    let server = serve(&error).await;
    let out = run(&server, &["instance", "list"], &[]).await;
    assert_eq!(out.status.code(), Some(3));
    assert_inert(&stderr(&out), "the error line");
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert_inert(&stdout(&out), "the error document");
    // config show, a table of what the user set.
    let shown = command(
        "http://127.0.0.1:9",
        &["config", "show", "--output", "table", "--region", HOSTILE],
        &[],
    )
    .output()
    .unwrap();
    assert_inert(&stdout(&shown), "config show");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closed_standard_output_keeps_the_failures_exit_code() {
    let server = serve(r#"{"RetCode":8039,"Message":"UHost not found"}"#).await;
    // Refused (no --yes off a terminal): nothing sent, and not a success.
    let (status, err) = run_closed(
        &server,
        &["instance", "delete", "--u-host-id", "uhost-1"],
        &[],
        Closed::Stdout,
    )
    .await;
    assert_eq!(status.code(), Some(7), "{err}");
    // An API error.
    let (status, err) = run_closed(&server, &["instance", "list"], &[], Closed::Stdout).await;
    assert_eq!(status.code(), Some(3), "{err}");
    assert!(err.contains("8039"), "{err}");
    // A success whose reader went away is still one.
    let ok = serve(r#"{"RetCode":0,"TotalCount":0,"UHostSet":[]}"#).await;
    let (status, _) = run_closed(&ok, &["instance", "list"], &[], Closed::Stdout).await;
    assert_eq!(status.code(), Some(0));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closed_standard_error_is_not_a_crash() {
    let server = serve(r#"{"RetCode":8039,"Message":"UHost not found"}"#).await;
    let (status, out) = run_closed(&server, &["instance", "list"], &[], Closed::Stderr).await;
    assert_eq!(status.code(), Some(3), "{out}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["error"]["ret_code"], 8039);
    // A usage error, and a warning on the way to a success.
    let (status, _) = run_closed(
        &server,
        &["instance", "list", "--limit", "x"],
        &[],
        Closed::Stderr,
    )
    .await;
    assert_eq!(status.code(), Some(2));
    let no_price = serve(r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"PriceDetails":[],"UHostIds":["uhost-1"]}"#).await;
    let (status, out) = run_closed(&no_price, &with(&["--yes"]), &[], Closed::Stderr).await;
    assert_eq!(status.code(), Some(0), "{out}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_read_that_fails_is_a_transport_error_not_an_unknown_outcome() {
    let server = TestServer::script(vec![Answer::status(503, "busy")]).await;
    let out = run(&server, &["instance", "list"], &[]).await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("may have reached"),
        "{}",
        stderr(&out)
    );
    // The same answer to a write: its outcome is unknown.
    let out = run(
        &server,
        &["instance", "stop", "--u-host-id", "uhost-1", "--yes"],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("may have reached"),
        "{}",
        stderr(&out)
    );
}

/// A server that quotes, creates `uhost-9`, and then lists it as failed to install.
async fn failing_install() -> TestServer {
    TestServer::script(vec![
        Answer::json(STOCK),
        Answer::json(r#"{"RetCode":0,"PriceDetails":[{"ChargeType":"Postpay","Instance":1}]}"#),
        Answer::json(r#"{"RetCode":0,"UHostIds":["uhost-9"]}"#),
        Answer::json(
            r#"{"RetCode":0,"TotalCount":1,"UHostSet":[{"UHostId":"uhost-9","State":"Install Fail"}]}"#,
        ),
    ])
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn every_call_prints_one_json_document_even_when_it_fails_late() {
    // --all that fails on its second page: NDJSON to the end, the error its last line.
    let server = TestServer::script(vec![
        Answer::json(
            r#"{"RetCode":0,"TotalCount":3,"UHostSet":[{"UHostId":"uhost-0"},{"UHostId":"uhost-1"}]}"#,
        ),
        Answer::json(r#"{"RetCode":8039,"Message":"gone"}"#),
    ])
    .await;
    let out = run(&server, &["instance", "list", "--all", "--limit", "2"], &[]).await;
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 3, "{}", stdout(&out));
    assert_eq!(lines[2]["error"]["ret_code"], 8039);
    // A create whose wait fails: one document, the error with the answer in it.
    let server = failing_install().await;
    let out = run(&server, &with(&["--yes", "--wait"]), &[]).await;
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("one document ({e}): {}", stdout(&out)));
    assert_eq!(doc["answer"]["UHostIds"][0], "uhost-9");
    assert_eq!(doc["error"]["exit_code"], 8);
    // With a table, which carries no error document, the answer is printed all the same.
    let server = failing_install().await;
    let out = run(
        &server,
        &with(&["--yes", "--wait", "--output", "table"]),
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    assert!(stdout(&out).contains("uhost-9"), "{}", stdout(&out));
    // A create answered with no ids has nothing to wait for: not a success.
    let server = TestServer::script(vec![
        Answer::json(STOCK),
        Answer::json(r#"{"RetCode":0,"PriceDetails":[{"ChargeType":"Postpay","Instance":1}]}"#),
        Answer::json(r#"{"RetCode":0,"UHostIds":[]}"#),
    ])
    .await;
    let out = run(&server, &with(&["--yes", "--wait"]), &[]).await;
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing to wait for"),
        "{}",
        stderr(&out)
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn an_interrupt_once_a_create_is_on_the_wire_reports_an_unknown_outcome() {
    let server = TestServer::start(|r| match r.param("Action") {
        Some("CreateCompShareInstance") => Answer::after(
            Duration::from_secs(300),
            Answer::json(r#"{"RetCode":0,"UHostIds":["uhost-1"]}"#),
        ),
        _ => {
            Answer::json(r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"PriceDetails":[{"ChargeType":"Postpay","Instance":1}]}"#)
        }
    })
    .await;
    let mut c = command(&server.url(), &with(&["--yes"]), &[]);
    c.stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = c.spawn().unwrap();
    // Wait (without a bound that could fail on a busy machine) until the create arrived.
    let mut polls = 0;
    while !sent_actions(&server).contains(&"CreateCompShareInstance".to_owned()) {
        assert!(polls < 6000, "the create never arrived");
        polls += 1;
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGINT,
    )
    .unwrap();
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("interrupted")
            && err.contains("outcome is unknown")
            && err.contains("compshare-rs instance list"),
        "{err}"
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["error"]["delivery"], "maybe_sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_order_export_is_the_csv_file_the_service_sends() {
    let csv = "OrderNo,Amount\r\norder-abc123,100.00\r\n";
    let server = serve_file(csv).await;
    let dir = compshare_e2e::scratch("compshare-rs-export-");
    let path = dir.path().join("orders.csv");
    let path_text = path.to_str().unwrap();
    let args = [
        "order",
        "download",
        "--team-id",
        "1001",
        "--output-file",
        path_text,
    ];
    let out = run(&server, &args, &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), csv);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["bytes"], csv.len());
    // An existing file is replaced only with --force.
    let again = run(&server, &args, &[]).await;
    assert_eq!(again.status.code(), Some(1), "{}", stderr(&again));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    let mut forced = args.to_vec();
    forced.push("--force");
    assert!(run(&server, &forced, &[]).await.status.success());
    // Without a path, the bytes as received; an error is the API's JSON, with its RetCode.
    let out = run(&server, &args[..4], &[]).await;
    assert_eq!(stdout(&out), csv);
    let refused = serve(r#"{"RetCode":171,"Message":"no such team"}"#).await;
    let out = run(&refused, &args[..4], &[]).await;
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn an_interrupt_among_several_ids_stops_the_rest() {
    // uhost-a stops at once; uhost-b's stop hangs on the wire; uhost-c is never sent.
    let server = TestServer::start(|r| match (r.param("Action"), r.param("UHostId")) {
        (Some("StopCompShareInstance"), Some("uhost-b")) => Answer::after(
            Duration::from_secs(300),
            Answer::json(r#"{"RetCode":0,"UHostId":"uhost-b"}"#),
        ),
        (Some("StopCompShareInstance"), Some(id)) => {
            Answer::json(&format!(r#"{{"RetCode":0,"UHostId":"{id}"}}"#))
        }
        _ => Answer::json(r#"{"RetCode":0,"TotalCount":0,"UHostSet":[]}"#),
    })
    .await;
    let mut c = command(
        &server.url(),
        &["instance", "stop", "uhost-a", "uhost-b", "uhost-c", "--yes"],
        &[],
    );
    c.stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = c.spawn().unwrap();
    let stops = |server: &TestServer| {
        server
            .requests()
            .iter()
            .filter(|r| r.param("Action") == Some("StopCompShareInstance"))
            .map(|r| r.param("UHostId").unwrap_or_default().to_owned())
            .collect::<Vec<_>>()
    };
    let mut polls = 0;
    while !stops(&server).contains(&"uhost-b".to_owned()) {
        assert!(polls < 6000, "uhost-b's stop never arrived");
        polls += 1;
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGINT,
    )
    .unwrap();
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert_eq!(
        stops(&server),
        ["uhost-a", "uhost-b"],
        "nothing sent after the interrupt"
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let results = doc["answer"]["results"]
        .as_array()
        .unwrap_or_else(|| panic!("{doc}"));
    assert_eq!(results[0]["ok"], true);
    assert_eq!(results[1]["error"]["delivery"], "maybe_sent");
    assert_eq!(results[2]["error"]["delivery"], "not_sent");
}
