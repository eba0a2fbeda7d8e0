//! The second protocol, end to end: the REST fixture's SDK (`tests/golden/golden-rest`,
//! generated from `codegen/tests/fixtures/rest`) against a local server. Routes with path and
//! query parameters, a typed JSON body, the bearer key, an idempotency key kept across
//! retries, paging, a waiter, and failures that say how far the request got.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use compshare_e2e::{Answer, TestServer};

use golden_rest::runtime as rt;
use golden_rest::types::{Camera, Options, Status};
use golden_rest::{Client, Credentials};
use serde_json::json;

const KEY: &str = "sk-test-bearer-0123456789";

fn client(server: &TestServer) -> Client {
    Client::builder()
        .credentials(Credentials::bearer(KEY))
        .base_url(server.url())
        .retry_policy(rt::RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(1),
        })
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_create_goes_to_its_route_with_a_typed_body_the_key_and_an_idempotency_key() {
    let server = TestServer::start(|_| Answer::json(r#"{"task_id":"t-1"}"#)).await;
    let out = client(&server)
        .create_task()
        .project("p 1")
        .notify(true)
        .prompt("a \"cat\"")
        .options(
            Options::new()
                .resolution("1080P")
                .duration(6)
                .guidance(7.5)
                .seeds(vec![1, 2])
                .camera(Camera::new(vec!["pan".to_owned()]).fixed(true)),
        )
        .tags(["x", "y"])
        .priority(3)
        .send()
        .await
        .unwrap();
    assert_eq!(out.task_id, "t-1");
    let r = &server.requests()[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/v1/projects/p%201/tasks?notify=true");
    assert_eq!(r.headers["authorization"], format!("Bearer {KEY}"));
    assert_eq!(r.headers["content-type"], "application/json");
    let key = &r.headers["idempotency-key"];
    assert_eq!((key.len(), &key[14..15]), (36, "4"), "a UUID v4: {key}");
    assert_eq!(
        r.json.as_ref().unwrap(),
        &json!({
            "prompt": "a \"cat\"",
            "options": {"resolution": "1080P", "duration": 6, "guidance": 7.5, "seeds": [1, 2], "camera": {"moves": ["pan"], "fixed": true}},
            "tags": ["x", "y"],
            "priority": 3,
        })
    );
    assert!(
        !r.headers.contains_key("u-timestamp-ms"),
        "UCloud's header stays UCloud's"
    );
}

#[tokio::test]
async fn a_retried_create_carries_the_same_idempotency_key_and_a_given_one_wins() {
    let seen = Arc::new(AtomicUsize::new(0));
    let count = seen.clone();
    let server = TestServer::start(move |_| match count.fetch_add(1, Ordering::SeqCst) {
        0 => Answer::status(503, "busy"),
        _ => Answer::json(r#"{"task_id":"t-1"}"#),
    })
    .await;
    let client = client(&server);
    client
        .create_task()
        .project("p")
        .prompt("x")
        .send()
        .await
        .unwrap();
    let keys: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.headers["idempotency-key"].clone())
        .collect();
    assert_eq!(
        keys.len(),
        2,
        "retried: the key makes the create safe to repeat"
    );
    assert_eq!(keys[0], keys[1]);
    // Another call is another create: another key. One the caller gives is sent as given.
    client
        .create_task()
        .project("p")
        .prompt("x")
        .send()
        .await
        .unwrap();
    client
        .create_task()
        .project("p")
        .prompt("x")
        .idempotency_key("mine-1")
        .send()
        .await
        .unwrap();
    let requests = server.requests();
    assert_ne!(requests[2].headers["idempotency-key"], keys[0]);
    assert_eq!(requests[3].headers["idempotency-key"], "mine-1");
}

#[tokio::test]
async fn reads_have_no_body_and_their_path_parameters_are_one_escaped_segment() {
    let server = TestServer::start(|_| {
        Answer::json(r#"{"task_id":"a/b c","status":"running","estimated_remaining_seconds":12}"#)
    })
    .await;
    let out = client(&server)
        .get_task()
        .task_id("a/b c")
        .send()
        .await
        .unwrap();
    assert_eq!(out.status, Some(Status::Running));
    assert_eq!(out.estimated_remaining_seconds, Some(12));
    let r = &server.requests()[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        ("GET", "/v1/tasks/a%2Fb%20c")
    );
    assert!(r.json.is_none() && !r.headers.contains_key("content-type"));
    client(&server)
        .delete_task()
        .task_id("t-9")
        .send()
        .await
        .unwrap();
    let r = &server.requests()[1];
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        ("DELETE", "/v1/tasks/t-9")
    );
    // A path parameter left out is refused before anything is sent.
    let e = client(&server).get_task().send().await.unwrap_err();
    assert_eq!(e.delivery(), rt::Delivery::NotSent, "{e}");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_listing_pages_through_its_query() {
    let server = TestServer::start(|r| {
        let offset: usize = r
            .path
            .split(['?', '&'])
            .find_map(|p| p.strip_prefix("offset="))
            .and_then(|o| o.parse().ok())
            .unwrap_or(0);
        let tasks: Vec<String> = (offset..5.min(offset + 2))
            .map(|i| format!(r#"{{"task_id":"t-{i}","status":"queued"}}"#))
            .collect();
        Answer::json(&format!(r#"{{"total":5,"tasks":[{}]}}"#, tasks.join(",")))
    })
    .await;
    use rt::StreamExt;
    let items: Vec<_> = client(&server)
        .list_tasks()
        .limit(2)
        .status([Status::Queued, Status::Running])
        .into_paginator()
        .items()
        .collect()
        .await;
    let ids: Vec<String> = items
        .into_iter()
        .map(|t| t.unwrap().task_id.unwrap())
        .collect();
    assert_eq!(ids, ["t-0", "t-1", "t-2", "t-3", "t-4"]);
    let first = &server.requests()[0];
    assert_eq!(first.method, "GET");
    assert!(
        first.path.starts_with("/v1/tasks?") && first.path.contains("status=queued&status=running"),
        "{}",
        first.path
    );
}

#[tokio::test]
async fn a_waiter_polls_the_task_until_it_succeeds_or_fails() {
    let states = Arc::new(Mutex::new(vec!["queued", "running", "succeeded"]));
    let left = states.clone();
    let server = TestServer::start(move |_| {
        let mut left = left.lock().unwrap();
        let state = if left.len() > 1 {
            left.remove(0)
        } else {
            left[0]
        };
        Answer::json(&format!(r#"{{"task_id":"t-1","status":"{state}"}}"#))
    })
    .await;
    let wait = rt::Wait {
        timeout: Duration::from_secs(10),
        min_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(1),
    };
    let done = client(&server)
        .get_task()
        .task_id("t-1")
        .wait_until_task_done(wait)
        .await
        .unwrap();
    assert_eq!(done.status, Some(Status::Succeeded));
    assert_eq!(server.requests().len(), 3);
    *states.lock().unwrap() = vec!["failed"];
    let e = client(&server)
        .get_task()
        .task_id("t-1")
        .wait_until_task_done(wait)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("failed"), "{e}");
}

#[tokio::test]
async fn failures_say_how_far_the_request_got_and_never_show_the_key() {
    let server = TestServer::start(|r| {
        if r.path.contains("gone") {
            Answer::status(404, &format!(r#"{{"message":"no task; you sent {KEY}"}}"#))
        } else {
            Answer::Http {
                status: 302,
                headers: vec![("Location".into(), "http://127.0.0.1:1/elsewhere".into())],
                body: Vec::new(),
            }
        }
    })
    .await;
    let e = client(&server)
        .get_task()
        .task_id("gone")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(e.kind(), rt::ErrorKind::Http { status: 404, .. }),
        "{e:?}"
    );
    assert_eq!(e.delivery(), rt::Delivery::Received);
    assert!(!format!("{e} {e:?}").contains(KEY), "{e}");
    // A redirect is an answer, never followed: the key goes nowhere else.
    let e = client(&server)
        .get_task()
        .task_id("t")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(e.kind(), rt::ErrorKind::Http { status: 302, .. }),
        "{e:?}"
    );
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn the_key_comes_from_its_variable_and_is_never_shown() {
    let missing = Client::builder()
        .load_shared_config_with(|_| None)
        .unwrap()
        .build()
        .unwrap_err();
    assert!(
        missing.to_string().contains("GOLDEN_REST_API_KEY"),
        "{missing}"
    );
    let built = Client::builder()
        .load_shared_config_with(|name| (name == "GOLDEN_REST_API_KEY").then(|| KEY.to_owned()))
        .unwrap()
        .build()
        .unwrap();
    assert!(!format!("{built:?}").contains(KEY));
    // A key pair is not a bearer key.
    let pair = Client::builder()
        .credentials(Credentials::new("pk", "sk"))
        .build()
        .unwrap_err();
    assert!(pair.to_string().contains("bearer"), "{pair}");
}

#[tokio::test]
async fn a_post_without_an_idempotency_key_is_never_repeated_once_it_may_have_arrived() {
    let server = TestServer::start(|_| Answer::status(503, "busy")).await;
    let e = client(&server)
        .cancel_task()
        .task_id("t-1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 1, "a POST is not safe to repeat");
    assert_eq!(e.delivery(), rt::Delivery::MaybeSent);
}

#[tokio::test]
async fn an_empty_success_is_an_answer() {
    let server = TestServer::start(|_| Answer::Http {
        status: 204,
        headers: Vec::new(),
        body: Vec::new(),
    })
    .await;
    client(&server)
        .delete_task()
        .task_id("t-1")
        .send()
        .await
        .unwrap();
    assert_eq!(
        server.requests().len(),
        1,
        "not taken for a failure and repeated"
    );
}

#[tokio::test]
async fn a_secret_header_is_sent_in_its_header_and_masked_everywhere_else() {
    const TOKEN: &str = "callback-token-0123456789";
    let server = TestServer::start(|_| {
        Answer::status(
            400,
            &format!(r#"{{"message":"token {TOKEN} is not accepted"}}"#),
        )
    })
    .await;
    let call = client(&server)
        .set_callback()
        .task_id("t-1")
        .token(TOKEN)
        .url("https://example.com/hook");
    let shown = format!(
        "{:?}",
        client(&server)
            .runtime()
            .signed_params(call.as_input(), &rt::Common::default())
            .unwrap()
    );
    assert!(!shown.contains(TOKEN), "{shown}");
    let e = call.send().await.unwrap_err();
    assert_eq!(server.requests()[0].headers["x-callback-token"], TOKEN);
    assert!(!format!("{e} {e:?}").contains(TOKEN), "{e}");
}
