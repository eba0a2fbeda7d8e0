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

/// A fresh directory of this test's own.
fn scratch(name: &str) -> compshare_e2e::TempDir {
    compshare_e2e::scratch(&format!("compshare-rs-models-{name}-"))
}

/// A server playing the model API and its upload host: the upload URL it hands out is its
/// own `/bucket/...`, whose answer is `put`.
async fn upload_server(
    put: impl Fn() -> Answer + Send + Sync + 'static,
) -> (TestServer, Arc<Mutex<String>>) {
    let me = Arc::new(Mutex::new(String::new()));
    let url = me.clone();
    let server = TestServer::start(move |r| match (r.method.as_str(), r.path.as_str()) {
        ("POST", "/image/v1/upload_urls") => Answer::json(&format!(
            r#"{{"upload_url":"{}/bucket/obj-1?signature=s1","object_key":"obj-1","authorization":"UCloud up:sig","bucket":"b1","region":"cn-bj"}}"#,
            url.lock().unwrap()
        )),
        ("POST", "/audio/v1/upload_urls") => Answer::json(&format!(
            r#"{{"upload_url":"{}/bucket/obj-2","object_key":"obj-2"}}"#,
            url.lock().unwrap()
        )),
        ("PUT", _) => put(),
        ("POST", "/image/v1/assets") => Answer::json(r#"{"asset_id":"ia-1","status":"ready"}"#),
        ("POST", "/audio/v1/assets") => Answer::json(r#"{"asset_id":"aa-1"}"#),
        _ => Answer::status(404, "no"),
    })
    .await;
    *me.lock().unwrap() = server.url().trim_end_matches('/').to_owned();
    (server, me)
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_asks_sends_the_file_with_the_named_headers_never_the_key_and_registers_it() {
    let (server, _) = upload_server(|| Answer::status(200, "")).await;
    let dir = scratch("upload");
    let file = dir.path().join("猫.PNG");
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&file, &bytes).unwrap();
    let path = file.to_str().unwrap();
    let out = model(
        &server,
        &[
            "qwen-image",
            "upload",
            path,
            "--width",
            "640",
            "--height",
            "480",
            "--yes",
        ],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let requests = server.requests();
    let steps: Vec<(&str, &str)> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.path.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            ("POST", "/image/v1/upload_urls"),
            ("PUT", "/bucket/obj-1?signature=s1"),
            ("POST", "/image/v1/assets"),
        ]
    );
    assert_eq!(
        requests[0].json.as_ref().unwrap(),
        &serde_json::json!({"file_name": "猫.PNG", "content_type": "image/png", "file_size": 200_000})
    );
    let put = &requests[1];
    assert!(
        put.body == bytes,
        "the file whole: {} bytes",
        put.body.len()
    );
    assert_eq!(put.headers["content-type"], "image/png");
    assert_eq!(
        put.headers["authorization"], "UCloud up:sig",
        "the upload host's, not the key"
    );
    assert_eq!(put.headers["bucket"], "b1");
    assert_eq!(put.headers["ufile_indicated_region"], "cn-bj");
    assert!(
        put.headers.values().all(|v| !v.contains(MODEL_KEY)),
        "the bearer key never goes to the upload host: {:?}",
        put.headers
    );
    assert_eq!(
        requests[2].json.as_ref().unwrap(),
        &serde_json::json!({"file_name": "猫.PNG", "content_type": "image/png", "file_size": 200_000, "object_key": "obj-1", "width": 640, "height": 480})
    );
    assert_eq!(
        requests[2].headers["authorization"],
        format!("Bearer {MODEL_KEY}")
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(doc["asset_id"], "ia-1", "the registration's answer");
    for shown in [stdout(&out), stderr(&out)] {
        assert!(
            !shown.contains("up:sig") && !shown.contains("signature=s1"),
            "the upload credentials are not shown: {shown}"
        );
    }

    // Audio: no headers beyond its type; its length checked by the register's limits first.
    let clip = dir.path().join("voice.wav");
    std::fs::write(&clip, b"RIFF....WAVE").unwrap();
    let clip = clip.to_str().unwrap();
    let out = model(
        &server,
        &["speech", "upload", clip, "--duration-ms", "200", "--yes"],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("duration_ms: 200, where the service takes 500 to 15000"),
        "{}",
        stderr(&out)
    );
    assert_eq!(server.requests().len(), 3, "nothing more was sent");
    let out = model(
        &server,
        &["speech", "upload", clip, "--duration-ms", "3000", "--yes"],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let put = &server.requests()[4];
    assert_eq!(put.headers["content-type"], "audio/wav");
    assert!(!put.headers.contains_key("authorization"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_is_refused_before_anything_is_sent_and_a_redirect_is_not_followed() {
    let (server, url) = upload_server(|| Answer::Http {
        status: 307,
        headers: vec![("Location".into(), "/elsewhere".into())],
        body: Vec::new(),
    })
    .await;
    let dir = scratch("refused");
    let gif = dir.path().join("a.gif");
    std::fs::write(&gif, b"GIF89a").unwrap();
    let big = dir.path().join("big.jpg");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(31_457_281)
        .unwrap();
    for (file, why) in [
        (&gif, "takes .jpg, .jpeg, .png, .webp files"),
        (
            &big,
            "file_size: 31457281, where the service takes 1 to 31457280",
        ),
    ] {
        let path = file.to_str().unwrap();
        let out = model(
            &server,
            &[
                "qwen-image",
                "upload",
                path,
                "--width",
                "1",
                "--height",
                "1",
                "--yes",
            ],
            &[],
        )
        .await;
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains(why), "{}", stderr(&out));
    }
    assert!(server.requests().is_empty(), "nothing was sent");

    let png = dir.path().join("a.png");
    std::fs::write(&png, b"png").unwrap();
    let path = png.to_str().unwrap();
    let out = model(
        &server,
        &[
            "qwen-image",
            "upload",
            path,
            "--width",
            "1",
            "--height",
            "1",
            "--yes",
        ],
        &[],
    )
    .await;
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("307"), "{}", stderr(&out));
    assert!(stderr(&out).contains("not registered"), "{}", stderr(&out));
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        ["/image/v1/upload_urls", "/bucket/obj-1?signature=s1"],
        "not followed, not registered"
    );
    drop(url);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_finished_tasks_output_is_downloaded_to_a_file_without_the_key() {
    let me = Arc::new(Mutex::new(String::new()));
    let url = me.clone();
    let video: Vec<u8> = (0..100_000u32).map(|i| (i % 7) as u8).collect();
    let served = video.clone();
    let server = TestServer::start(move |r| match (r.method.as_str(), r.path.as_str()) {
        ("POST", _) => Answer::json(r#"{"task_id":"vt-1"}"#),
        ("GET", "/files/v.mp4") => Answer::Http {
            status: 200,
            headers: vec![("Content-Type".into(), "video/mp4".into())],
            body: served.clone(),
        },
        ("GET", "/image/v1/tasks/it-1") => Answer::json(r#"{"task":{"task_id":"it-1","status":"running"}}"#),
        _ => Answer::json(&format!(
            r#"{{"task":{{"id":"vt-1","status":"succeeded","content":{{"url":"{}/files/v.mp4"}}}}}}"#,
            url.lock().unwrap()
        )),
    })
    .await;
    *me.lock().unwrap() = server.url().trim_end_matches('/').to_owned();
    let dir = scratch("download");
    let to = dir.path().join("cat.mp4");
    let to_text = to.to_str().unwrap();
    let out = model(
        &server,
        &[
            "video", "create", "--prompt", "a cat", "--yes", "--wait", "-O", to_text,
        ],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&to).unwrap() == video, "the video whole");
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(
        doc["task"]["status"], "succeeded",
        "the answer printed as usual"
    );
    let get = server
        .requests()
        .into_iter()
        .find(|r| r.path == "/files/v.mp4")
        .expect("downloaded");
    assert!(
        !get.headers.contains_key("authorization"),
        "no key to the file's host"
    );

    // A file that exists is kept, and nothing is bought to fail on it.
    let before = server.requests().len();
    let out = model(
        &server,
        &[
            "video", "create", "--prompt", "a cat", "--yes", "--wait", "-O", to_text,
        ],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(server.requests().len(), before, "nothing was sent");
    // Without --wait there is nothing to download yet.
    let other = dir.path().join("other.mp4");
    let out = model(
        &server,
        &[
            "video",
            "create",
            "--prompt",
            "a cat",
            "--yes",
            "-O",
            other.to_str().unwrap(),
        ],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("add --wait"), "{}", stderr(&out));

    // `show -O` on a task that is done, and on one that is not.
    let out = model(
        &server,
        &["video", "show", "vt-1", "-O", to_text, "--force"],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&to).unwrap() == video, "the video again");
    let image = dir.path().join("cat.png");
    let out = model(
        &server,
        &["qwen-image", "show", "it-1", "-O", image.to_str().unwrap()],
        &[],
    )
    .await;
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("holds no task.output_url"),
        "{}",
        stderr(&out)
    );
    assert!(
        !image.exists() && !dir.path().join("cat.png.part").exists(),
        "nothing half-written"
    );

    // A directory is not a file to write: refused before anything is bought.
    let before = server.requests().len();
    let out = model(
        &server,
        &[
            "video",
            "create",
            "--prompt",
            "a cat",
            "--yes",
            "--wait",
            "-O",
            dir.path().to_str().unwrap(),
        ],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("a directory"), "{}", stderr(&out));
    assert_eq!(server.requests().len(), before, "nothing was sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_download_that_fails_after_a_paid_create_says_the_task_was_made() {
    let server = TestServer::start(|r| match (r.method.as_str(), r.path.as_str()) {
        ("POST", _) => Answer::json(r#"{"task_id":"it-1"}"#),
        ("GET", "/gone.png") => Answer::status(404, "expired"),
        _ => Answer::json(
            r#"{"task":{"task_id":"it-1","status":"succeeded","output_url":"http://127.0.0.1:9/gone.png"}}"#,
        ),
    })
    .await;
    let dir = scratch("download-fails");
    let to = dir.path().join("cat.png");
    let out = model(
        &server,
        &[
            "qwen-image",
            "create",
            "--prompt",
            "a cat",
            "--yes",
            "--wait",
            "-O",
            to.to_str().unwrap(),
        ],
        &[],
    )
    .await;
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("the task was made and is done; only its download failed"),
        "{}",
        stderr(&out)
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(doc["error"]["delivery"], "received", "{doc}");
    assert_eq!(doc["error"]["action"], "GetImageTask", "{doc}");
    assert!(!to.exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_creates_idempotency_key_is_printed_and_named_when_its_outcome_is_unknown() {
    let server = serve(r#"{"task_id":"it-1"}"#).await;
    let out = model(
        &server,
        &["qwen-image", "create", "--prompt", "a cat", "--yes"],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let sent = &server.requests()[0].headers["idempotency-key"];
    assert_eq!(
        doc["idempotency_key"],
        sent.as_str(),
        "the key it was made with: {doc}"
    );

    let down = TestServer::start(|_| Answer::status(503, "busy")).await;
    let out = model(
        &down,
        &[
            "qwen-image",
            "create",
            "--prompt",
            "a cat",
            "--yes",
            "--idempotency-key",
            "key-42",
        ],
        &[],
    )
    .await;
    assert_eq!(
        out.status.code(),
        Some(5),
        "outcome unknown: {}",
        stderr(&out)
    );
    assert!(
        stderr(&out)
            .contains("idempotency key key-42: repeat it with that key (--idempotency-key key-42)"),
        "{}",
        stderr(&out)
    );
    // A refusal made nothing: no hint to repeat it.
    let refusing =
        TestServer::start(|_| Answer::status(400, r#"{"error":{"message":"not enough points"}}"#))
            .await;
    let out = model(
        &refusing,
        &["qwen-image", "create", "--prompt", "a cat", "--yes"],
        &[],
    )
    .await;
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("not enough points"),
        "{}",
        stderr(&out)
    );
    assert!(
        !stderr(&out).contains("idempotency key"),
        "{}",
        stderr(&out)
    );
    let keys: Vec<String> = down
        .requests()
        .iter()
        .map(|r| r.headers["idempotency-key"].clone())
        .collect();
    assert!(
        keys.len() > 1 && keys.iter().all(|k| k == "key-42"),
        "retried with the same key: {keys:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_model_api_command_reaches_its_method_and_path() {
    let server =
        serve(r#"{"task_id":"t-1","task":{"task_id":"t-1","status":"queued"},"items":[]}"#).await;
    let y = "--yes";
    let runs: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["video", "create", "--prompt", "a cat", y],
            "POST /minimax/v2/video_generation",
        ),
        (
            vec!["video", "show", "t-1"],
            "GET /minimax/v2/query/video_generation/t-1",
        ),
        (
            vec!["video", "list", "--filter-status", "queued"],
            "GET /minimax/v2/query/video_generation",
        ),
        (
            vec!["video", "cancel", "t-1", y],
            "DELETE /minimax/v2/video_generation/t-1",
        ),
        (
            vec!["points", "packages"],
            "GET /minimax/v2/query/point_packages",
        ),
        (
            vec!["points", "balance"],
            "GET /minimax/v2/query/point_usage_summary",
        ),
        (vec!["skill", "list"], "GET /minimax/v2/skills"),
        (
            vec!["skill", "create", "--name", "n", "--content", "c", y],
            "POST /minimax/v2/skills",
        ),
        (
            vec!["skill", "update", "s-1", "--name", "n", "--content", "c", y],
            "PUT /minimax/v2/skills/s-1",
        ),
        (
            vec!["skill", "delete", "s-1", y],
            "DELETE /minimax/v2/skills/s-1",
        ),
        (vec!["qwen-image", "config"], "GET /image/v1/config"),
        (
            vec!["qwen-image", "create", "--prompt", "a cat", y],
            "POST /image/v1/tasks",
        ),
        (vec!["qwen-image", "show", "t-1"], "GET /image/v1/tasks/t-1"),
        (vec!["qwen-image", "list"], "GET /image/v1/tasks"),
        (
            vec!["qwen-image", "cancel", "t-1", y],
            "POST /image/v1/tasks/t-1/cancel",
        ),
        (
            vec!["qwen-image", "delete", "t-1", y],
            "DELETE /image/v1/tasks/t-1",
        ),
        (
            vec![
                "qwen-image",
                "upload-url",
                "--file-name",
                "a.png",
                "--content-type",
                "image/png",
                "--file-size",
                "3",
            ],
            "POST /image/v1/upload_urls",
        ),
        (
            vec![
                "qwen-image",
                "register-asset",
                "--file-name",
                "a.png",
                "--content-type",
                "image/png",
                "--file-size",
                "3",
                "--object-key",
                "o",
                "--width",
                "1",
                "--height",
                "1",
                y,
            ],
            "POST /image/v1/assets",
        ),
        (vec!["speech", "pricing"], "GET /audio/v1/pricing"),
        (vec!["speech", "voices"], "GET /audio/v1/voices"),
        (
            vec!["speech", "create", "--text", "你好", y],
            "POST /audio/v1/speech/jobs",
        ),
        (
            vec!["speech", "show", "t-1"],
            "GET /audio/v1/speech/jobs/t-1",
        ),
        (vec!["speech", "list"], "GET /audio/v1/speech/jobs"),
        (
            vec!["speech", "cancel", "t-1", y],
            "POST /audio/v1/speech/jobs/t-1/cancel",
        ),
        (
            vec!["speech", "delete", "t-1", y],
            "DELETE /audio/v1/speech/jobs/t-1",
        ),
        (
            vec![
                "speech",
                "upload-url",
                "--file-name",
                "a.wav",
                "--content-type",
                "audio/wav",
                "--file-size",
                "3",
            ],
            "POST /audio/v1/upload_urls",
        ),
        (
            vec![
                "speech",
                "register-asset",
                "--file-name",
                "a.wav",
                "--content-type",
                "audio/wav",
                "--file-size",
                "3",
                "--object-key",
                "o",
                "--duration-ms",
                "1000",
                y,
            ],
            "POST /audio/v1/assets",
        ),
        (
            vec![
                "speech",
                "create-voice",
                "--asset-id",
                "a",
                "--name",
                "v",
                y,
            ],
            "POST /audio/v1/voices",
        ),
        (
            vec!["speech", "delete-voice", "v-1", y],
            "DELETE /audio/v1/voices/v-1",
        ),
    ];
    assert_eq!(runs.len(), 29, "every method and path");
    for (args, route) in runs {
        let before = server.requests().len();
        let out = model(&server, &args, &[]).await;
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let (method, path) = route.split_once(' ').unwrap();
        let sent: Vec<String> = server.requests()[before..]
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect();
        assert!(
            sent.iter()
                .any(|s| s == route || s.starts_with(&format!("{method} {path}?"))),
            "{args:?} sent {sent:?}, not {route}"
        );
        let help = model(&server, &[args[0], args[1], "--help"], &[]).await;
        assert!(
            stdout(&help)
                .trim_end()
                .ends_with(&format!("API: {method} {}", route_template(path))),
            "{args:?}: help ends with its method and path: {}",
            stdout(&help)
        );
    }
}

/// A path with its ids put back as the spec's parameters, as help shows the route.
fn route_template(path: &str) -> String {
    path.replace("/t-1", "/{task_id}")
        .replace("/s-1", "/{skill_id}")
        .replace("/v-1", "/{voice_id}")
}
