//! Fault injection against a local server that counts attempts: each scenario asserts exactly
//! how many requests reached the server and how many attempts the client reports. Slow answers
//! are far slower (a minute) than the timeouts under test, so a busy machine cannot blur them;
//! no test bounds elapsed time tighter than seconds.

use std::time::{Duration, Instant};

use compshare::types::InstanceDisk;
use compshare::{Client, Credentials, Delivery, ErrorKind, RetryPolicy};
use compshare_e2e::{Answer, TestServer, test_client};

const OK_IMAGES: &str = r#"{"RetCode":0,"TotalCount":1,"ImageSet":[{"CompShareImageId":"img-1"}]}"#;
const OK_CREATE: &str = r#"{"RetCode":0,"UHostIds":["uhost-1"]}"#;

/// A client with fast retries (1-2 ms waits), 3 retries, and a 2 s attempt timeout: ample for
/// a loopback answer on a busy machine, short next to the minute a slow answer takes.
fn client(url: String) -> Client {
    Client::builder()
        .credentials(Credentials::new("pk", "sk"))
        .base_url(url)
        .region("cn-wlcb")
        .zone("cn-wlcb-01")
        .timeout(Duration::from_secs(2))
        .retry_policy(RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(2),
        })
        .build()
        .unwrap()
}

async fn list(
    server: &TestServer,
) -> Result<compshare::actions::DescribeCompShareCustomImagesResponse, compshare::Error> {
    client(server.url())
        .describe_comp_share_custom_images()
        .send()
        .await
}

fn create(client: &Client) -> compshare::actions::CreateCompShareInstanceCall {
    client
        .create_comp_share_instance()
        .comp_share_image_id("img-1")
        .machine_type("G")
        .gpu_type("4090")
        .gpu(1)
        .cpu(16)
        .memory(65536)
        .disks([InstanceDisk::new(true, 100, "CLOUD_SSD")])
}

#[tokio::test]
async fn service_unavailable_twice_then_success() {
    let server = TestServer::script(vec![
        Answer::status(503, "busy"),
        Answer::status(503, "busy"),
        Answer::json(OK_IMAGES),
    ])
    .await;
    let out = list(&server).await.unwrap();
    assert_eq!(
        out.image_set[0].comp_share_image_id.as_deref(),
        Some("img-1")
    );
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn retries_stop_at_the_limit_and_the_error_counts_them() {
    let server = TestServer::script(vec![Answer::status(503, "busy")]).await;
    let err = list(&server).await.unwrap_err();
    assert_eq!(server.requests().len(), 4);
    assert_eq!(err.attempts(), 4);
    assert!(
        matches!(err.kind(), ErrorKind::Http { status: 503, .. }),
        "{err}"
    );
    assert!(err.to_string().ends_with("; 4 attempts"), "{err}");
}

#[tokio::test]
async fn connection_dropped_mid_response_then_success() {
    let truncated = Answer::Truncated {
        declared: 500,
        body: br#"{"RetCode":0,"Tot"#.to_vec(),
    };
    let server = TestServer::script(vec![truncated, Answer::json(OK_IMAGES)]).await;
    list(&server).await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

/// An answer that would take a minute: only a timeout ends the attempt.
fn a_minute_late(answer: Answer) -> Answer {
    Answer::after(Duration::from_secs(60), answer)
}

#[tokio::test]
async fn response_slower_than_the_timeout_then_success() {
    let server = TestServer::script(vec![
        a_minute_late(Answer::json(OK_IMAGES)),
        Answer::json(OK_IMAGES),
    ])
    .await;
    let started = Instant::now();
    list(&server).await.unwrap();
    assert_eq!(server.requests().len(), 2);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "the slow attempt was cut at its timeout"
    );
}

#[tokio::test]
async fn business_retcodes_are_answered_once() {
    // The official SDKs retry every RetCode from 2000 up; these are answers, not outages.
    for body in [
        r#"{"RetCode":2001,"Message":"internal"}"#,
        r#"{"RetCode":8039,"Message":"UHost not found"}"#,
    ] {
        let server = TestServer::script(vec![Answer::json(body), Answer::json(OK_IMAGES)]).await;
        let err = list(&server).await.unwrap_err();
        assert_eq!((server.requests().len(), err.attempts()), (1, 1), "{body}");
    }
}

#[tokio::test]
async fn garbage_body_then_success() {
    let garbage = Answer::Http {
        status: 200,
        headers: vec![],
        body: b"<html>proxy error</html>".to_vec(),
    };
    let server = TestServer::script(vec![garbage, Answer::json(OK_IMAGES)]).await;
    list(&server).await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = TestServer::script(vec![Answer::json(
        r#"{"RetCode":230,"Message":"bad zone"}"#,
    )])
    .await;
    let err = list(&server).await.unwrap_err();
    assert_eq!((server.requests().len(), err.attempts()), (1, 1));
    let server = TestServer::script(vec![Answer::status(400, "bad request")]).await;
    let err = list(&server).await.unwrap_err();
    assert_eq!((server.requests().len(), err.attempts()), (1, 1));
}

/// The request was read by the server, then the connection died: a create must not be
/// repeated, and the error must say the outcome is unknown.
#[tokio::test]
async fn create_is_sent_once_when_the_connection_drops_after_sending() {
    let server = TestServer::script(vec![Answer::Hangup, Answer::json(OK_CREATE)]).await;
    let err = create(&client(server.url())).send().await.unwrap_err();
    assert_eq!(
        server.requests().len(),
        1,
        "the server saw the create exactly once"
    );
    assert_eq!(err.attempts(), 1);
    assert_eq!(err.delivery(), Delivery::MaybeSent);
    assert!(
        err.to_string()
            .ends_with("; 1 attempt; the request may have reached the server: outcome unknown"),
        "{err}"
    );
}

#[tokio::test]
async fn create_is_sent_once_when_the_response_is_too_slow() {
    let server = TestServer::script(vec![a_minute_late(Answer::json(OK_CREATE))]).await;
    let err = create(&client(server.url())).send().await.unwrap_err();
    assert_eq!(server.requests().len(), 1);
    assert_eq!(err.attempts(), 1);
    assert!(matches!(err.kind(), ErrorKind::Timeout { .. }), "{err}");
    assert!(err.to_string().contains("outcome unknown"), "{err}");
}

/// A gateway's 5xx or a page that is not the API's answer: the service may have acted on the
/// create before the failure, so it is sent once and its outcome is unknown.
#[tokio::test]
async fn create_answered_by_a_failing_gateway_is_sent_once_with_outcome_unknown() {
    let page = Answer::Http {
        status: 200,
        headers: vec![],
        body: b"<html>upstream maintenance</html>".to_vec(),
    };
    for failing in [
        Answer::status(500, "internal"),
        Answer::status(502, "bad gateway"),
        Answer::status(503, "busy"),
        Answer::status(504, "gateway timeout"),
        page,
    ] {
        let server = TestServer::script(vec![failing, Answer::json(OK_CREATE)]).await;
        let err = create(&client(server.url())).send().await.unwrap_err();
        assert_eq!((server.requests().len(), err.attempts()), (1, 1), "{err}");
        assert_eq!(err.delivery(), Delivery::MaybeSent, "{err}");
        assert!(
            err.to_string()
                .ends_with("; 1 attempt; the request may have reached the server: outcome unknown"),
            "{err}"
        );
    }
}

/// An answer from the API itself says what happened: the request was received and refused.
#[tokio::test]
async fn create_refused_by_the_api_says_it_was_received() {
    let server = TestServer::script(vec![Answer::json(
        r#"{"RetCode":8039,"Message":"insufficient balance"}"#,
    )])
    .await;
    let err = create(&client(server.url())).send().await.unwrap_err();
    assert_eq!(err.delivery(), Delivery::Received);
    assert!(
        err.to_string()
            .ends_with("; 1 attempt; the server received the request"),
        "{err}"
    );
}

/// The API never redirects: a 307 or 308 is an error, and the signed create, password and
/// signature included, never reaches the host it names.
#[tokio::test]
async fn redirects_are_never_followed() {
    let elsewhere = TestServer::script(vec![Answer::json(OK_CREATE)]).await;
    for status in [301, 302, 303, 307, 308] {
        let redirect = Answer::Http {
            status,
            headers: vec![("Location".into(), elsewhere.url())],
            body: Vec::new(),
        };
        let server = TestServer::script(vec![redirect]).await;
        let client = client(server.url());
        let err = create(&client).send().await.unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::Http { status: s, .. } if *s == status),
            "{err}"
        );
        assert!(
            err.to_string()
                .contains("a redirect, which is not followed"),
            "{err}"
        );
        assert_eq!((server.requests().len(), err.attempts()), (1, 1));
        // An idempotent action is not retried into the redirect either.
        let err = client
            .describe_comp_share_custom_images()
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.attempts(), 1, "{err}");
        assert_eq!(server.requests().len(), 2);
    }
    assert_eq!(
        elsewhere.requests().len(),
        0,
        "nothing reached the other host"
    );
}

/// `Retry-After` on a 429 or 503 sets the wait before the retry.
#[tokio::test]
async fn retry_after_is_honoured() {
    let busy = |status| Answer::Http {
        status,
        headers: vec![("Retry-After".into(), "1".into())],
        body: b"slow down".to_vec(),
    };
    for status in [429, 503] {
        let server = TestServer::script(vec![busy(status), Answer::json(OK_IMAGES)]).await;
        let client = test_client(&server)
            .retry_policy(RetryPolicy {
                max_retries: 3,
                base_delay: Duration::from_millis(1),
                max_delay: Duration::from_secs(10),
            })
            .build()
            .unwrap();
        let started = Instant::now();
        client
            .describe_comp_share_custom_images()
            .send()
            .await
            .unwrap();
        // A lower bound: the backoff alone would have waited at most a millisecond.
        assert!(started.elapsed() >= Duration::from_secs(1), "{status}");
        assert_eq!(server.requests().len(), 2);
    }
}

/// The wait a server asks for is capped by the policy's `max_delay`, and a wait that would
/// end past the deadline is not started: the call fails at once instead.
#[tokio::test]
async fn retry_after_stays_within_max_delay_and_the_deadline() {
    let busy = Answer::Http {
        status: 503,
        headers: vec![("Retry-After".into(), "3600".into())],
        body: b"come back in an hour".to_vec(),
    };
    let server = TestServer::script(vec![busy.clone(), Answer::json(OK_IMAGES)]).await;
    let started = Instant::now();
    list(&server).await.unwrap(); // max_delay is 2 ms here
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(server.requests().len(), 2);

    let server = TestServer::script(vec![busy, Answer::json(OK_IMAGES)]).await;
    let client = test_client(&server)
        .retry_policy(RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_secs(3600),
        })
        .deadline(Duration::from_secs(60))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .describe_comp_share_custom_images()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Http { status: 503, .. }),
        "{err}"
    );
    assert_eq!((server.requests().len(), err.attempts()), (1, 1));
    assert!(started.elapsed() < Duration::from_secs(30));
}

/// Durations too long to add to a clock are no limit, never a panic.
#[tokio::test]
async fn the_longest_durations_do_not_panic() {
    let server =
        TestServer::script(vec![Answer::status(503, "busy"), Answer::json(OK_IMAGES)]).await;
    let client = test_client(&server)
        .deadline(Duration::MAX)
        .timeout(Duration::MAX)
        .retry_policy(RetryPolicy {
            max_retries: u32::MAX,
            base_delay: Duration::ZERO,
            max_delay: Duration::ZERO,
        })
        .build()
        .unwrap();
    client
        .describe_comp_share_custom_images()
        .with_deadline(Duration::MAX)
        .with_timeout(Duration::MAX)
        .with_max_retries(u32::MAX)
        .send()
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn create_is_retried_when_the_connection_is_refused() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    drop(listener);
    let err = create(&client(url)).send().await.unwrap_err();
    assert_eq!(
        err.attempts(),
        4,
        "never reached the server, so safe to retry"
    );
    assert_eq!(err.delivery(), Delivery::NotSent);
    assert!(
        err.to_string()
            .ends_with("; 4 attempts; the request never reached the server"),
        "{err}"
    );
}

#[tokio::test]
async fn create_succeeds_once() {
    let server = TestServer::script(vec![Answer::json(OK_CREATE)]).await;
    let out = create(&client(server.url())).send().await.unwrap();
    assert_eq!(out.u_host_ids, ["uhost-1"]);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn per_call_retry_limit() {
    let server = TestServer::script(vec![Answer::status(502, "bad gateway")]).await;
    let err = client(server.url())
        .describe_comp_share_custom_images()
        .with_max_retries(1)
        .send()
        .await
        .unwrap_err();
    assert_eq!((server.requests().len(), err.attempts()), (2, 2));
}

#[tokio::test]
async fn deadline_bounds_the_whole_call() {
    let server = TestServer::script(vec![a_minute_late(Answer::json(OK_IMAGES))]).await;
    let started = Instant::now();
    let err = client(server.url())
        .describe_comp_share_custom_images()
        .with_max_retries(100)
        .with_timeout(Duration::from_millis(200))
        .with_deadline(Duration::from_millis(450))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Timeout { .. }), "{err}");
    // Without the deadline, 101 attempts of 200 ms would take over 20 s.
    assert!(started.elapsed() < Duration::from_secs(10));
    // 200 ms attempts inside 450 ms: two full attempts and a shortened third at most (which
    // may end before its request reaches the server).
    assert!((2..=3).contains(&err.attempts()), "{err}");
    assert!(server.requests().len() as u32 <= err.attempts());
    assert!(server.requests().len() >= 2);
}

#[tokio::test]
async fn oversized_response_is_refused_and_not_retried() {
    let big = format!(
        r#"{{"RetCode":0,"ImageSet":[{}]}}"#,
        vec![r#"{"Name":"x"}"#; 20_000].join(",")
    );
    let server = TestServer::script(vec![Answer::json(&big)]).await;
    let client = Client::builder()
        .credentials(Credentials::new("pk", "sk"))
        .base_url(server.url())
        .region("cn-wlcb")
        .zone("z")
        .max_response_bytes(64 * 1024)
        .build()
        .unwrap();
    let err = client
        .describe_comp_share_custom_images()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::ResponseTooLarge {
                limit: 65536,
                decoded: false
            }
        ),
        "{err}"
    );
    assert_eq!((server.requests().len(), err.attempts()), (1, 1));
}

/// A drifted field costs that field, not the call: a create's instance id arrives as a string
/// where a list belongs; an instance's memory is an object where a number belongs.
#[tokio::test]
async fn drifted_fields_do_not_lose_the_answer() {
    let server =
        TestServer::script(vec![Answer::json(r#"{"RetCode":0,"UHostIds":"uhost-1"}"#)]).await;
    let reply = create(&client(server.url()))
        .send_with_meta()
        .await
        .unwrap();
    assert_eq!(reply.output.u_host_ids, ["uhost-1"]);
    assert!(reply.mismatches.is_empty());
    assert_eq!(server.requests().len(), 1);

    let listing = r#"{"RetCode":0,"TotalCount":2,"UHostSet":[
        {"UHostId":"uhost-1","Memory":{"MB":8192},"CPU":"16"},
        {"UHostId":"uhost-2","Memory":"8192","CPU":[4]}]}"#;
    let server = TestServer::script(vec![Answer::json(listing)]).await;
    let reply = client(server.url())
        .describe_comp_share_instance()
        .send_with_meta()
        .await
        .unwrap();
    let hosts = &reply.output.u_host_set;
    assert_eq!(hosts.len(), 2);
    assert_eq!(hosts[0].u_host_id.as_deref(), Some("uhost-1"));
    assert_eq!((hosts[0].memory, hosts[0].cpu), (None, Some(16)));
    assert_eq!((hosts[1].memory, hosts[1].cpu), (Some(8192), None));
    let shown: Vec<String> = reply.mismatches.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "UHostSet[0].Memory: expected an integer, found an object",
            "UHostSet[1].CPU: expected an integer, found an array"
        ]
    );
    // Strict decoding makes the same answer an error, for tests that want to catch drift.
    let server = TestServer::script(vec![Answer::json(listing)]).await;
    let strict = test_client(&server).strict_decoding(true).build().unwrap();
    let err = strict
        .describe_comp_share_instance()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Decode(m) if m.path == "UHostSet[0].Memory"),
        "{err}"
    );
    assert_eq!(err.attempts(), 1);
}

/// A field the spec says the API always sends, left out, reads as its default and is
/// recorded as a mismatch (an error under strict decoding): drift is never silent.
#[tokio::test]
async fn a_required_field_left_out_is_a_mismatch() {
    let server = TestServer::script(vec![Answer::json(r#"{"RetCode":0}"#)]).await;
    let reply = client(server.url())
        .resize_comp_share_disk()
        .u_disk_id("bsm-1")
        .size(100)
        .send_with_meta()
        .await
        .unwrap();
    assert_eq!(reply.output.u_disk_id, "");
    let shown: Vec<String> = reply.mismatches.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        ["UDiskId: expected a value (the field is required), found nothing"]
    );
    // Inside lists: the element's path.
    let listing = r#"{"RetCode":0,"TotalCount":1,"UHostSet":[{"UHostId":"uhost-1","DiskSet":[
        {"DiskType":"CLOUD_SSD","IsBoot":true},{"DiskType":"CLOUD_SSD"}]}]}"#;
    let server = TestServer::script(vec![Answer::json(listing)]).await;
    let reply = client(server.url())
        .describe_comp_share_instance()
        .send_with_meta()
        .await
        .unwrap();
    assert_eq!(reply.output.u_host_set[0].disk_set.len(), 2);
    let shown: Vec<String> = reply.mismatches.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        ["UHostSet[0].DiskSet[1].IsBoot: expected a value (the field is required), found nothing"]
    );
    let server = TestServer::script(vec![Answer::json(r#"{"RetCode":0}"#)]).await;
    let strict = test_client(&server).strict_decoding(true).build().unwrap();
    let err = strict
        .resize_comp_share_disk()
        .u_disk_id("bsm-1")
        .size(100)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Decode(m) if m.path == "UDiskId"),
        "{err}"
    );
}

/// A `RetCode` that is not one integer is not success, whatever else the body holds.
#[tokio::test]
async fn a_ret_code_that_is_not_an_integer_is_an_invalid_response() {
    for body in [
        r#"{"RetCode":1e-400,"UHostIds":["uhost-1"]}"#,
        r#"{"RetCode":"0.5","UHostIds":["uhost-1"]}"#,
    ] {
        let server = TestServer::script(vec![Answer::json(body)]).await;
        let err = create(&client(server.url())).send().await.unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::InvalidResponse { reason, .. } if reason == "RetCode is not one integer"),
            "{err}"
        );
        assert_eq!(err.delivery(), Delivery::MaybeSent);
    }
    // A byte-order mark before the JSON is tolerated.
    let server = TestServer::script(vec![Answer::json(&format!("\u{feff}{OK_CREATE}"))]).await;
    let out = create(&client(server.url())).send().await.unwrap();
    assert_eq!(out.u_host_ids, ["uhost-1"]);
}

/// A body of many empty objects in a list would decode into gigabytes: the decoded-size budget
/// stops it, and it is not retried.
#[tokio::test]
async fn a_body_that_would_decode_into_too_much_memory_is_refused() {
    let body = format!(
        r#"{{"RetCode":0,"UHostSet":[{}]}}"#,
        vec!["{}"; 1_000_000].join(",")
    );
    let server = TestServer::script(vec![Answer::json(&body)]).await;
    let err = client(server.url())
        .describe_comp_share_instance()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::ResponseTooLarge { decoded: true, .. }
        ),
        "{err}"
    );
    assert_eq!((server.requests().len(), err.attempts()), (1, 1));
}

/// Decoding is part of the attempt: a large answer that takes longer to decode than the
/// attempt's timeout fails with the timeout, on time. The mock answers at once, so only
/// decoding can take the time; the test runs on one thread, so the timer can fire only if
/// decoding does not hold that thread.
#[tokio::test]
async fn decoding_counts_against_the_timeout_and_does_not_block_the_runtime() {
    let instance = include_str!("../data/instance.json");
    let body = format!(
        r#"{{"RetCode":0,"UHostSet":[{}]}}"#,
        vec![instance; 8_000].join(",")
    );
    let mock = compshare::mock::Mock::new();
    mock.on::<compshare::actions::DescribeCompShareInstanceRequest>(body);
    let client = Client::builder()
        .mock(&mock)
        .region("r")
        .zone("z")
        .max_retries(0)
        .timeout(Duration::from_millis(5))
        .build()
        .unwrap();
    let err = client
        .describe_comp_share_instance()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Timeout { .. }), "{err}");
    assert_eq!(err.attempts(), 1);

    // With time to decode, the same answer decodes, and meanwhile the runtime's one thread
    // runs other tasks: here one that counts its turns.
    let turns = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = turns.clone();
    let other = tokio::spawn(async move {
        loop {
            counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            tokio::task::yield_now().await;
        }
    });
    let before = turns.load(std::sync::atomic::Ordering::Relaxed);
    let out = client
        .describe_comp_share_instance()
        .with_timeout(Duration::from_secs(600))
        .send()
        .await
        .unwrap();
    let during = turns.load(std::sync::atomic::Ordering::Relaxed) - before;
    other.abort();
    assert_eq!(out.u_host_set.len(), 8_000);
    assert!(during > 0, "no other task ran while the answer was decoded");
}

/// A listing decodes up to about the whole decoding budget, not up to half of it: the list's
/// last growths are what the budget can still pay for, not another doubling, and leave room
/// for the strings the items hold.
#[tokio::test]
async fn a_listing_fills_the_whole_budget() {
    let size = std::mem::size_of::<compshare::types::CompShareInstanceSet>();
    let id = "uhost-4x9kq2ab";
    // 6000 items (past 4096, so a doubling would reserve 8192), and a budget that holds them
    // with their ids and a tenth to spare, but not 8192 of them.
    let count = 6000;
    let budget = count * (size + id.len()) * 11 / 10;
    assert!(8192 * size > budget);
    let item = format!(r#"{{"UHostId":"{id}"}}"#);
    let body = format!(
        r#"{{"RetCode":0,"UHostSet":[{}]}}"#,
        vec![item.as_str(); count].join(",")
    );
    let server = TestServer::script(vec![Answer::json(&body)]).await;
    let client = |budget: usize| {
        Client::builder()
            .credentials(Credentials::new("pk", "sk"))
            .base_url(server.url())
            .region("cn-wlcb")
            .max_decoded_bytes(budget)
            .max_retries(0)
            .build()
            .unwrap()
    };
    let out = client(budget)
        .describe_comp_share_instance()
        .send()
        .await
        .unwrap();
    assert_eq!(out.u_host_set.len(), count);
    assert_eq!(out.u_host_set[count - 1].u_host_id.as_deref(), Some(id));
    // One that does not fit is still refused.
    let err = client(count * size / 2)
        .describe_comp_share_instance()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::ResponseTooLarge { decoded: true, .. }
        ),
        "{err}"
    );
}
