//! `instance show ID`: one instance as a card (on a terminal, or with `--output table`), the
//! item as JSON for scripts, its password only with `--show-sensitive`; and `--wait`, which
//! ends with what it waited for as it is now.

use crate::harness::*;
use crate::with;

const INSTANCE: &str = r#"{"UHostId":"uhost-1","Name":"train","State":"Running","GpuType":"4090","GPU":1,"CPU":16,"Memory":65536,"Zone":"cn-wlcb-01","ChargeType":"Postpay","InstancePrice":1.9,"IPSet":[{"IP":"10.0.0.1"},{"IP":"117.50.1.2"}],"DiskSet":[{"Size":100,"IsBoot":true,"DiskType":"CLOUD_SSD"},{"Size":500,"IsBoot":false,"DiskType":"CLOUD_SSD"}],"SshLoginCommand":"ssh -p 23 root@117.50.1.2","Password":"cGFzcy13b3Jk","CompShareImageName":"PyTorch 2.4","CreateTime":1796636520,"SchedulerStopTime":0}"#;

fn listing() -> String {
    format!(r#"{{"RetCode":0,"TotalCount":1,"UHostSet":[{INSTANCE}]}}"#)
}

/// The card's lines as (header, value).
fn lines(card: &str) -> Vec<(String, String)> {
    card.lines()
        .filter_map(|l| {
            let (h, v) = l.split_once("  ")?;
            Some((h.trim().to_owned(), v.trim().to_owned()))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn show_is_a_card_of_one_instance_its_password_only_when_asked() {
    let server = serve(&listing()).await;
    let out = run(
        &server,
        &["instance", "show", "uhost-1", "-o", "table"],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let sent = &server.requests()[0];
    assert_eq!(sent.param("Action"), Some("DescribeCompShareInstance"));
    assert_eq!(sent.param("UHostIds.0"), Some("uhost-1"));
    let card = lines(&stdout(&out));
    let get = |h: &str| card.iter().find(|(k, _)| k == h).map(|(_, v)| v.as_str());
    assert_eq!(get("State"), Some("Running"));
    assert_eq!(get("Memory"), Some("64GiB"));
    assert_eq!(get("Disks"), Some("100GiB, 500GiB"));
    assert_eq!(get("IPs"), Some("10.0.0.1, 117.50.1.2"));
    assert_eq!(get("SSH"), Some("ssh -p 23 root@117.50.1.2"));
    assert_eq!(get("Image"), Some("PyTorch 2.4"));
    assert_eq!(
        get("Created"),
        Some("2026-12-07 09:42:00 UTC"),
        "a time, not Unix seconds"
    );
    assert_eq!(get("Scheduled stop"), None, "0: none scheduled");
    assert_eq!(get("Password"), None);
    assert!(!stdout(&out).contains("cGFzcy13b3Jk"), "{}", stdout(&out));

    let out = run(
        &server,
        &[
            "instance",
            "show",
            "uhost-1",
            "-o",
            "table",
            "--show-sensitive",
        ],
        &[],
    )
    .await;
    let card = lines(&stdout(&out));
    let password = card
        .iter()
        .find(|(k, _)| k == "Password")
        .map(|(_, v)| v.clone());
    assert!(
        password
            .as_deref()
            .is_some_and(|p| p.starts_with("pass-word ")),
        "decoded from the Base64 the API sends: {password:?}"
    );

    // For scripts, the item itself; the password masked.
    let out = run(&server, &["instance", "show", "uhost-1"], &[]).await;
    let item: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(item["UHostId"], "uhost-1");
    assert_eq!(item["Password"], "***");
    assert_eq!(item["IPSet"][1]["IP"], "117.50.1.2");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_id_the_listing_does_not_have_is_an_error_naming_it() {
    let server = serve(r#"{"RetCode":0,"TotalCount":0,"UHostSet":[]}"#).await;
    let out = run(&server, &["instance", "show", "uhost-9"], &[]).await;
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("uhost-9") && stderr(&out).contains("in any region"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn wait_ends_with_the_instance_as_it_is_now() {
    let script = || {
        compshare_e2e::TestServer::script(vec![
            Answer::json(STOCK),
            Answer::json(r#"{"RetCode":0,"PriceDetails":[{"ChargeType":"Postpay","Instance":1}]}"#),
            Answer::json(r#"{"RetCode":0,"UHostIds":["uhost-1"]}"#),
            Answer::json(&listing().replace("Running", "Starting")),
            Answer::json(&listing()),
        ])
    };
    let server = script().await;
    let out = run(&server, &with(&["--yes", "--wait"]), &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["UHostIds"][0], "uhost-1", "the create's answer");
    assert_eq!(
        doc["UHostSet"][0]["State"], "Running",
        "and the instance now"
    );
    assert_eq!(
        doc["UHostSet"][0]["SshLoginCommand"],
        "ssh -p 23 root@117.50.1.2"
    );
    let server = script().await;
    let out = run(&server, &with(&["--yes", "--wait", "-o", "table"]), &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let card = lines(&stdout(&out));
    assert!(
        card.contains(&("IPs".to_owned(), "10.0.0.1, 117.50.1.2".to_owned())),
        "{card:?}"
    );
    assert!(
        card.contains(&("State".to_owned(), "Running".to_owned())),
        "{card:?}"
    );
}
