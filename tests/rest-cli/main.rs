//! The REST fixture's tool (`tests/golden/golden-rest-cli`): the same projections and the same
//! flow as `compshare-rs`, over the second protocol. Every command is also run by the
//! generated every-command test.

mod harness {
    include!("harness.rs");
}

use harness::*;

#[tokio::test(flavor = "multi_thread")]
async fn help_ends_with_the_method_and_path() {
    let server = serve("{}").await;
    let out = run(&server, &["task", "create", "--help"], &[]).await;
    assert!(
        stdout(&out).contains("API: POST /v1/projects/{project}/tasks"),
        "{}",
        stdout(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_shows_the_route_and_sends_nothing() {
    let server = serve("{}").await;
    let out = run(
        &server,
        &[
            "task",
            "create",
            "--project",
            "p-1",
            "--prompt",
            "a cat",
            "--notify",
            "true",
            "--options",
            "duration=6,resolution=720P",
            "--dry-run",
        ],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["method"], "POST");
    assert!(
        doc["url"]
            .as_str()
            .unwrap()
            .ends_with("/v1/projects/p-1/tasks?notify=true"),
        "{doc}"
    );
    assert_eq!(doc["params"]["options.duration"], "6");
    assert!(!stdout(&out).contains(KEY));
    assert!(server.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_with_wait_polls_the_task_until_it_succeeded() {
    let polls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = polls.clone();
    let server = TestServer::start(move |r| {
        if r.method == "POST" {
            return Answer::json(r#"{"task_id":"t-7"}"#);
        }
        let n = count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let status = if n == 0 { "running" } else { "succeeded" };
        Answer::json(&format!(r#"{{"task_id":"t-7","status":"{status}"}}"#))
    })
    .await;
    let out = run(
        &server,
        &[
            "task",
            "create",
            "--project",
            "p",
            "--prompt",
            "x",
            "--yes",
            "--wait",
        ],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths[0], "/v1/projects/p/tasks");
    assert!(paths[1..].iter().all(|p| p == "/v1/tasks/t-7"), "{paths:?}");
    assert_eq!(polls.load(std::sync::atomic::Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn without_its_key_the_tool_names_the_variable() {
    let server = serve("{}").await;
    let mut c = command(&server.url(), &["task", "get", "--task-id", "t"], &[]);
    c.env_remove("GOLDEN_REST_API_KEY");
    let out = tokio::task::spawn_blocking(move || c.output().unwrap())
        .await
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("GOLDEN_REST_API_KEY"),
        "{}",
        stderr(&out)
    );
    assert!(server.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_agents_server_serves_the_rest_actions_as_tools() {
    use rmcp::ServiceExt;
    use rmcp::model::CallToolRequestParams;
    use rmcp::transport::TokioChildProcess;

    let server = serve(r#"{"task_id":"t-1","status":"succeeded"}"#).await;
    let mut std = command(&server.url(), &["mcp", "--allow-writes"], &[]);
    std.stderr(std::process::Stdio::null());
    let client =
        ().serve(TokioChildProcess::new(tokio::process::Command::from(std)).unwrap())
            .await
            .unwrap();
    let tools = client.list_all_tools().await.unwrap();
    let create = tools.iter().find(|t| t.name == "CreateTask").unwrap();
    let description = create.description.as_deref().unwrap_or_default();
    assert!(
        description.contains("API: POST /v1/projects/{project}/tasks"),
        "{description}"
    );
    let args = serde_json::json!({"task_id": "t-1"});
    let got = client
        .call_tool(
            CallToolRequestParams::new("GetTask")
                .with_arguments(args.as_object().cloned().unwrap()),
        )
        .await
        .unwrap();
    let doc = got.structured_content.unwrap();
    assert_eq!(doc["output"]["status"], "succeeded", "{doc}");
    assert_eq!(server.requests()[0].path, "/v1/tasks/t-1");
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_built_in_commands_know_the_service_is_rest() {
    let server = serve("{}").await;
    let out = run(&server, &["call", "GetTask", "task_id=t"], &[]).await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("have their command"),
        "{}",
        stderr(&out)
    );
    let out = run(&server, &["config", "show"], &[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = stdout(&out);
    assert!(
        shown.contains("GOLDEN_REST_API_KEY") && !shown.contains(KEY),
        "{shown}"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_secret_header_is_masked_in_a_dry_run() {
    let server = serve("{}").await;
    let token = "callback-token-0123456789";
    let out = run(
        &server,
        &[
            "task",
            "set-callback",
            "--task-id",
            "t",
            "--url",
            "https://example.com/hook",
            "--dry-run",
        ],
        &[("COMPSHARE_TOKEN", token)],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["params"]["X-Callback-Token"], "***", "{doc}");
    assert!(!stdout(&out).contains(token));
}
