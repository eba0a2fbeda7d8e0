//! Passwords and other secrets: never echoed (by the API or by a usage error), never blank,
//! made only for a request that will be sent; tokens in URLs masked; a misspelt profile
//! refused.

use serde_json::json;

use crate::harness::*;
use crate::mcp::{client_of, confirmed, connect_with, doc};
use crate::{SECRET, base64, with};

const RESET: &[&str] = &[
    "instance",
    "reset-password",
    "--u-host-id",
    "uhost-1",
    "--yes",
];

#[tokio::test(flavor = "multi_thread")]
async fn a_password_the_api_echoes_is_masked_everywhere() {
    let echo = format!(
        r#"{{"RetCode":8001,"Message":"password {SECRET} (base64 {}) is too weak"}}"#,
        base64(SECRET.as_bytes())
    );
    let server = serve(&echo).await;
    let out = run(&server, RESET, &[("COMPSHARE_PASSWORD", SECRET)]).await;
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(
        server.requests()[0].param("Password"),
        Some(base64(SECRET.as_bytes()).as_str())
    );
    let shown = format!("{}{}", stdout(&out), stderr(&out));
    assert!(shown.contains("too weak"), "{shown}");
    assert!(
        !shown.contains(SECRET) && !shown.contains(&base64(SECRET.as_bytes())),
        "{shown}"
    );
    // An agent calling the tool gets the operator's password masked too.
    let server = serve(&echo).await;
    let client = connect_with(
        &server,
        &["--allow-writes", "--toolsets", "all"],
        &[("COMPSHARE_PASSWORD", SECRET)],
    )
    .await;
    let (_, r) = confirmed(
        &client,
        "ResetCompShareInstancePassword",
        json!({"Region": "cn-wlcb", "Zone": "cn-wlcb-01", "UHostId": "uhost-1"}),
    )
    .await;
    assert_eq!(r.is_error, Some(true));
    let text = format!("{r:?}");
    assert!(text.contains("too weak"), "{text}");
    assert!(
        !text.contains(SECRET) && !text.contains(&base64(SECRET.as_bytes())),
        "{text}"
    );
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_blank_password_is_refused_wherever_it_comes_from() {
    let server = serve(r#"{"RetCode":0,"UHostId":"uhost-1"}"#).await;
    let out = run(&server, RESET, &[("COMPSHARE_PASSWORD", "")]).await;
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("COMPSHARE_PASSWORD is set but blank"),
        "{}",
        stderr(&out)
    );
    let mut stdin = RESET.to_vec();
    stdin.push("--password-stdin");
    let out = run_input(&server, &stdin, &[], "   \n").await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("blank"), "{}", stderr(&out));
    // A create's blank password is not replaced by a made one either.
    let out = run(&server, &with(&["--yes"]), &[("COMPSHARE_PASSWORD", " ")]).await;
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(server.requests().is_empty(), "{:?}", sent_actions(&server));
    let client = connect_with(
        &server,
        &["--allow-writes", "--toolsets", "all"],
        &[("COMPSHARE_PASSWORD", "")],
    )
    .await;
    let (_, r) = confirmed(
        &client,
        "ResetCompShareInstancePassword",
        json!({"Region": "cn-wlcb", "Zone": "cn-wlcb-01", "UHostId": "uhost-1"}),
    )
    .await;
    assert_eq!(doc(&r)["error"], "configuration", "{}", doc(&r));
    assert!(server.requests().is_empty());
    client.cancel().await.unwrap();
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn a_password_that_is_not_utf8_is_refused_by_the_agents_server_too() {
    use std::os::unix::ffi::OsStrExt;
    let server = serve(r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"UHostIds":["uhost-1"],"PriceDetails":[{"ChargeType":"Postpay","Instance":1}]}"#).await;
    let mut c = command(
        &server.url(),
        &["mcp", "--allow-writes", "--toolsets", "all"],
        &[],
    );
    c.env(
        "COMPSHARE_PASSWORD",
        std::ffi::OsStr::from_bytes(b"pw\xff\xfe"),
    )
    .stderr(std::process::Stdio::null());
    let client = client_of(c).await;
    let (_, r) = confirmed(
        &client,
        "CreateCompShareInstance",
        json!({"CPU": 16, "GPU": 1, "GpuType": "4090", "MachineType": "G", "Memory": 65536, "CompShareImageId": "img-1"}),
    )
    .await;
    assert_eq!(r.is_error, Some(true), "{r:?}");
    assert_eq!(doc(&r)["error"], "configuration", "{}", doc(&r));
    assert!(doc(&r)["message"].as_str().unwrap().contains("UTF-8"));
    assert!(doc(&r).get("generated").is_none());
    assert!(server.requests().is_empty(), "{:?}", sent_actions(&server));
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_value_after_password_stdin_is_never_echoed() {
    let server = serve(r#"{"RetCode":0}"#).await;
    for extra in [
        vec!["--password-stdin=hunter2-pw".to_owned()],
        vec!["--password-stdin".to_owned(), "hunter2-pw".to_owned()],
        // Not taken for `-h` (help) and the rest: refused too.
        vec!["--password-stdin".to_owned(), "-hunter2-pw".to_owned()],
    ] {
        let mut args: Vec<&str> = RESET.to_vec();
        args.extend(extra.iter().map(String::as_str));
        let out = run(&server, &args, &[]).await;
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let shown = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("takes no value"), "{shown}");
    }
    assert!(server.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_password_is_made_only_for_a_request_that_is_sent() {
    // Refused by the price limit: no password made, none shown.
    let server = serve(r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"PriceDetails":[{"ChargeType":"Postpay","Instance":9}],"UHostIds":["uhost-1"]}"#).await;
    let out = run(&server, &with(&["--yes", "--max-price", "1"]), &[]).await;
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    assert!(!stderr(&out).contains("shown once"), "{}", stderr(&out));
    // Sent: made, shown once, and what was sent.
    let out = run(&server, &with(&["--yes", "--max-price", "10"]), &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("shown once"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn tokens_and_passwords_in_an_endpoint_are_masked() {
    let server = serve(r#"{"RetCode":0,"TotalCount":0,"UHostSet":[]}"#).await;
    let url = format!("{}?token=tok-secret-77", server.url());
    let out = command(&url, &["--dry-run", "instance", "list"], &[])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("token=***"), "{}", stdout(&out));
    let dead = command(
        "http://127.0.0.1:9/?token=tok-secret-77",
        &["instance", "list"],
        &[],
    )
    .output()
    .unwrap();
    assert_eq!(dead.status.code(), Some(4), "{}", stderr(&dead));
    let shown = command(
        "http://127.0.0.1:9",
        &[
            "config",
            "show",
            "--base-url",
            "http://user:pw-secret-77@host.example/?token=tok-secret-77",
        ],
        &[],
    )
    .output()
    .unwrap();
    for out in [&out, &dead, &shown] {
        let text = format!("{}{}", stdout(out), stderr(out));
        assert!(
            !text.contains("tok-secret-77") && !text.contains("pw-secret-77"),
            "{text}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_profile_is_refused_even_with_keys_in_the_environment() {
    let out = command(
        "http://127.0.0.1:9",
        &["--profile", "prodd", "instance", "list"],
        &[],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(stderr(&out).contains("prodd"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_password_that_looks_like_the_mask_is_a_password() {
    // `***` is what output shows in place of passwords; given as one, it is sent as given.
    let server = serve(r#"{"RetCode":0}"#).await;
    let out = run(&server, RESET, &[("COMPSHARE_PASSWORD", "***")]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        server.requests()[0].param("Password"),
        Some(base64(b"***").as_str())
    );
}
