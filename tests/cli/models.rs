//! The model API's commands (`video`, `qwen-image`, `speech`, `skill`, `points`), joined into
//! the same binary: sent to their own service with the bearer key, never with UCloud's
//! signature, and waited on.

use std::sync::{Arc, Mutex};

use crate::harness::*;

const MODEL_KEY: &str = "sk-ml-cli-test-0123";

/// The binary with the model API's key and `--base-url` pointing at `server`.
async fn model(server: &TestServer, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let url = server.url();
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--base-url", &url]);
    let mut c = command(&url, &all, env);
    c.env("COMPSHARE_MINIMAX_API_KEY", MODEL_KEY);
    tokio::task::spawn_blocking(move || c.output().unwrap())
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_video_is_made_from_a_prompt_with_the_official_clis_defaults_and_waited_on() {
    let polls = Arc::new(Mutex::new(vec!["queued", "running", "succeeded"]));
    let left = polls.clone();
    let server = TestServer::start(move |r| {
        if r.method == "POST" {
            return Answer::json(r#"{"task_id":"vt-1"}"#);
        }
        let mut left = left.lock().unwrap();
        let state = if left.len() > 1 { left.remove(0) } else { left[0] };
        Answer::json(&format!(
            r#"{{"task":{{"id":"vt-1","status":"{state}","content":{{"prompt":"a cat","url":"https://example.invalid/v.mp4"}}}}}}"#
        ))
    })
    .await;
    let out = model(
        &server,
        &[
            "video",
            "create",
            "--prompt",
            "a cat: on a piano",
            "--yes",
            "--wait",
        ],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let requests = server.requests();
    let create = &requests[0];
    assert_eq!(
        (create.method.as_str(), create.path.as_str()),
        ("POST", "/minimax/v2/video_generation")
    );
    assert_eq!(
        create.headers["authorization"],
        format!("Bearer {MODEL_KEY}")
    );
    assert!(create.headers.contains_key("idempotency-key"));
    assert!(
        !create.headers.contains_key("u-timestamp-ms") && create.param("Signature").is_none(),
        "not UCloud's signature"
    );
    assert_eq!(
        create.json.as_ref().unwrap(),
        &serde_json::json!({
            "model": "MiniMax-H3",
            "content": [{"type": "text", "text": "a cat: on a piano"}],
            "resolution": "768P",
            "duration": 5,
            "ratio": "16:9",
        }),
        "the prompt whole (a colon is not a separator of a one-field shorthand)"
    );
    assert!(
        requests[1..]
            .iter()
            .all(|r| r.path == "/minimax/v2/query/video_generation/vt-1"),
        "then polled until it succeeded"
    );
    assert_eq!(requests.len(), 4, "a create and three polls");
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(doc["task_id"], "vt-1");
    assert_eq!(
        doc["task"]["status"], "succeeded",
        "as the last poll said: {doc}"
    );
    assert_eq!(
        doc["task"]["content"]["url"],
        "https://example.invalid/v.mp4"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_model_api_needs_its_own_key_and_says_which() {
    let server = serve(r#"{"RetCode":0,"items":[],"TotalCount":0,"UHostSet":[]}"#).await;
    let url = server.url();
    let mut c = command(&url, &["points", "packages", "--base-url", &url], &[]);
    c.env("COMPSHARE_MINIMAX_API_KEY", "not-a-model-key");
    let out = tokio::task::spawn_blocking(move || c.output().unwrap())
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("COMPSHARE_MINIMAX_API_KEY"),
        "{}",
        stderr(&out)
    );
    assert!(
        !stderr(&out).contains("not-a-model-key"),
        "the key is never shown"
    );
    assert!(server.requests().is_empty(), "nothing sent");

    // The same binary's UCloud commands are not touched by it.
    let out = run(&server, &["instance", "list"], &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_write_asks_first_and_a_dry_run_masks_the_key() {
    let server = serve(r#"{"task_id":"t-1"}"#).await;
    let out = model(&server, &["qwen-image", "create", "--prompt", "a cat"], &[]).await;
    assert_eq!(
        out.status.code(),
        Some(7),
        "no --yes off a terminal: {}",
        stderr(&out)
    );
    let out = model(
        &server,
        &["qwen-image", "create", "--prompt", "a cat", "--dry-run"],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains(MODEL_KEY), "{}", stdout(&out));
    assert!(server.requests().is_empty(), "nothing sent");
}
