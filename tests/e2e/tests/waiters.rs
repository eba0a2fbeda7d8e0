//! Waiters polling a local server that walks through states, and the mock on tokio's paused
//! clock where the timing is the point: poll times and waits are then exact, whatever the
//! machine is doing.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use compshare::actions::DescribeCompShareInstanceRequest;
use compshare::mock::{Mock, MockResponse};
use compshare::{Client, ErrorKind, Wait};
use compshare_e2e::{Answer, TestServer, test_client};

fn instance(state: &str) -> Answer {
    Answer::json(&format!(
        r#"{{"RetCode":0,"TotalCount":1,"UHostSet":[{{"UHostId":"uhost-1","State":"{state}"}}]}}"#
    ))
}

fn fast(timeout_ms: u64) -> Wait {
    Wait::new(Duration::from_millis(timeout_ms))
        .delays(Duration::from_millis(1), Duration::from_millis(5))
}

async fn client(server: &TestServer) -> Client {
    test_client(server).build().unwrap()
}

#[tokio::test]
async fn waits_through_transitions_until_running() {
    let not_listed = Answer::json(r#"{"RetCode":0,"TotalCount":0,"UHostSet":[]}"#);
    let server = TestServer::script(vec![
        not_listed,
        instance("Initializing"),
        instance("Starting"),
        instance("Running"),
    ])
    .await;
    let out = client(&server)
        .await
        .describe_comp_share_instance()
        .u_host_ids(["uhost-1"])
        .wait_until_instance_running(fast(5_000))
        .await
        .unwrap();
    assert_eq!(
        out.u_host_set[0].state.as_ref().unwrap().as_str(),
        "Running"
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    assert!(
        requests
            .iter()
            .all(|r| r.param("UHostIds.0") == Some("uhost-1"))
    );
}

#[tokio::test]
async fn a_terminal_state_fails_at_once() {
    let server = TestServer::script(vec![
        instance("Starting"),
        instance("Install Fail"),
        instance("Running"),
    ])
    .await;
    let err = client(&server)
        .await
        .describe_comp_share_instance()
        .u_host_ids(["uhost-1"])
        .wait_until_instance_running(fast(5_000))
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::WaitFailed { state } if state == "Install Fail"),
        "{err}"
    );
    assert_eq!(err.attempts(), 2);
    assert_eq!(server.requests().len(), 2);
    assert_eq!(
        err.to_string(),
        "DescribeCompShareInstance: reached state \"Install Fail\", which ends the wait as a failure; polled 2 times"
    );
}

/// A mock client whose instance answers with `states` in turn (repeating the last), each after
/// `latency`; it records when each poll arrived, on tokio's (paused) clock.
fn polled(
    states: &'static [&'static str],
    latency: Duration,
) -> (Client, Arc<Mutex<Vec<Duration>>>) {
    let mock = Mock::new();
    let started = tokio::time::Instant::now();
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let seen = arrivals.clone();
    mock.respond::<DescribeCompShareInstanceRequest>(move |_| {
        let mut seen = seen.lock().unwrap();
        seen.push(started.elapsed());
        let state = states[(seen.len() - 1).min(states.len() - 1)];
        MockResponse::json(format!(
            r#"{{"RetCode":0,"TotalCount":1,"UHostSet":[{{"UHostId":"uhost-1","State":"{state}"}}]}}"#
        ))
        .after(latency)
    });
    let client = Client::builder()
        .mock(&mock)
        .region("r")
        .zone("z")
        .build()
        .unwrap();
    (client, arrivals)
}

fn secs(s: &[u64]) -> Vec<Duration> {
    s.iter().map(|s| Duration::from_secs(*s)).collect()
}

/// Polls at 0 s and 2 s; the next delay (4 s) would pass the 5 s timeout, so the last poll
/// comes at the deadline instead of being skipped; then the timeout reports the last state.
#[tokio::test(start_paused = true)]
async fn timeout_reports_the_last_state_seen_after_a_last_poll_at_the_deadline() {
    let (client, arrivals) = polled(&["Starting"], Duration::ZERO);
    let err = client
        .describe_comp_share_instance()
        .u_host_ids(["uhost-1"])
        .wait_until_instance_stopped(
            Wait::new(Duration::from_secs(5))
                .delays(Duration::from_secs(2), Duration::from_secs(30)),
        )
        .await
        .unwrap_err();
    match err.kind() {
        ErrorKind::WaitTimedOut { last_state, waited } => {
            assert_eq!(last_state.as_deref(), Some("Starting"));
            assert_eq!(*waited, Duration::from_secs(5));
        }
        other => panic!("expected a wait timeout, got {other:?}"),
    }
    assert_eq!(*arrivals.lock().unwrap(), secs(&[0, 2, 5]));
    assert_eq!(err.attempts(), 3);
}

/// Polls that take a second each: the last one starts a second before the deadline so that
/// its answer arrives by it.
#[tokio::test(start_paused = true)]
async fn the_last_poll_is_timed_to_answer_by_the_deadline() {
    let (client, arrivals) = polled(&["Starting"], Duration::from_secs(1));
    let err = client
        .describe_comp_share_instance()
        .u_host_ids(["uhost-1"])
        .wait_until_instance_running(
            Wait::new(Duration::from_secs(6))
                .delays(Duration::from_secs(2), Duration::from_secs(30)),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::WaitTimedOut { waited, last_state: Some(s) } if *waited == Duration::from_secs(6) && s == "Starting"),
        "{err}"
    );
    assert_eq!(*arrivals.lock().unwrap(), secs(&[0, 3, 5]));
}

/// Each poll gets at most the time left: a 1 s wait whose polls take 3 s ends at 1 s, with
/// the wait's own error, not the call's.
#[tokio::test(start_paused = true)]
async fn each_poll_gets_at_most_the_remaining_wait() {
    let (client, arrivals) = polled(&["Running"], Duration::from_secs(3));
    let started = tokio::time::Instant::now();
    let err = client
        .describe_comp_share_instance()
        .u_host_ids(["uhost-1"])
        .wait_until_instance_running(Duration::from_secs(1))
        .await
        .unwrap_err();
    assert_eq!(started.elapsed(), Duration::from_secs(1));
    assert!(
        matches!(err.kind(), ErrorKind::WaitTimedOut { waited, last_state: None } if *waited == Duration::from_secs(1)),
        "{err}"
    );
    assert_eq!(arrivals.lock().unwrap().len(), 1);
}

/// A silent server: the call would retry for minutes (30 s attempts, 3 retries); the wait ends
/// at its own timeout.
#[tokio::test(start_paused = true)]
async fn a_silent_server_ends_the_wait_at_its_timeout() {
    let (client, arrivals) = polled(&["Running"], Duration::from_secs(3600));
    let started = tokio::time::Instant::now();
    let err = client
        .describe_comp_share_instance()
        .u_host_ids(["uhost-1"])
        .wait_until_instance_running(Duration::from_secs(10))
        .await
        .unwrap_err();
    assert_eq!(started.elapsed(), Duration::from_secs(10));
    assert!(
        matches!(err.kind(), ErrorKind::WaitTimedOut { .. }),
        "{err}"
    );
    assert_eq!(arrivals.lock().unwrap().len(), 1);
}

/// The longest delays and timeouts are no panic: they saturate.
#[tokio::test(start_paused = true)]
async fn the_longest_delays_do_not_panic() {
    let (client, arrivals) = polled(&["Starting", "Running"], Duration::ZERO);
    let out = client
        .describe_comp_share_instance()
        .u_host_ids(["uhost-1"])
        .wait_until_instance_running(Wait::new(Duration::MAX).delays(Duration::MAX, Duration::MAX))
        .await
        .unwrap();
    assert_eq!(out.u_host_set.len(), 1);
    assert_eq!(arrivals.lock().unwrap().len(), 2);

    let (client, arrivals) = polled(&["Starting"], Duration::ZERO);
    let err = client
        .describe_comp_share_instance()
        .u_host_ids(["uhost-1"])
        .wait_until_instance_running(
            Wait::new(Duration::from_secs(1)).delays(Duration::MAX, Duration::MAX),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::WaitTimedOut { .. }),
        "{err}"
    );
    assert_eq!(*arrivals.lock().unwrap(), secs(&[0, 1]));
}

#[tokio::test]
async fn call_errors_end_the_wait() {
    let server = TestServer::script(vec![
        instance("Starting"),
        Answer::json(r#"{"RetCode":8,"Message":"no such instance"}"#),
    ])
    .await;
    let err = client(&server)
        .await
        .describe_comp_share_instance()
        .u_host_ids(["uhost-1"])
        .wait_until_instance_running(fast(5_000))
        .await
        .unwrap_err();
    assert_eq!(err.ret_code(), Some(8));
}

#[tokio::test]
async fn custom_image_becomes_available() {
    let image = |status: &str| {
        Answer::json(&format!(
            r#"{{"RetCode":0,"ImageSet":[{{"CompShareImageId":"img-1","Status":"{status}"}}]}}"#
        ))
    };
    let server = TestServer::script(vec![image("Making"), image("Available")]).await;
    let out = client(&server)
        .await
        .describe_comp_share_custom_images()
        .comp_share_image_id("img-1")
        .wait_until_custom_image_available(fast(5_000))
        .await
        .unwrap();
    assert_eq!(out.image_set.len(), 1);
    assert_eq!(server.requests().len(), 2);
}

/// The waiter follows the instance asked for, not whichever the listing holds first: another
/// instance, listed first and running, does not end a wait on `uhost-mine`.
#[tokio::test(start_paused = true)]
async fn the_waiter_reads_the_entry_of_the_id_asked_for() {
    let mock = Mock::new();
    let polls = Arc::new(Mutex::new(0));
    let seen = polls.clone();
    mock.respond::<DescribeCompShareInstanceRequest>(move |_| {
        let mut n = seen.lock().unwrap();
        *n += 1;
        let mine = if *n < 3 { "Starting" } else { "Running" };
        MockResponse::json(format!(
            r#"{{"RetCode":0,"UHostSet":[{{"UHostId":"uhost-other","State":"Running"}},{{"UHostId":"uhost-mine","State":"{mine}"}}]}}"#
        ))
    });
    let client = Client::builder().mock(&mock).region("r").build().unwrap();
    let out = client
        .describe_comp_share_instance()
        .u_host_ids(["uhost-mine"])
        .wait_until_instance_running(Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(out.u_host_set.len(), 2);
    assert_eq!(
        *polls.lock().unwrap(),
        3,
        "waited for uhost-mine, not uhost-other"
    );
}

/// A waiter follows one thing: no id, or several, is refused before any poll.
#[tokio::test(start_paused = true)]
async fn a_waiter_needs_exactly_one_id() {
    let (client, arrivals) = polled(&["Running"], Duration::ZERO);
    for ids in [vec![], vec!["uhost-1", "uhost-2"]] {
        let mut call = client.describe_comp_share_instance();
        if !ids.is_empty() {
            call = call.u_host_ids(ids);
        }
        let err = call
            .wait_until_instance_running(Duration::from_secs(60))
            .await
            .unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::InvalidRequest(p) if p.invalid[0].0 == "UHostIds"),
            "{err:?}"
        );
        assert!(err.to_string().contains("follows one thing"), "{err}");
    }
    assert!(arrivals.lock().unwrap().is_empty(), "nothing was polled");
}

/// Delays have a floor: `delays(0, 0)` polls at most every 100 ms, not as fast as the API
/// answers; and the timeout error gives the time waited in milliseconds.
#[tokio::test(start_paused = true)]
async fn zero_delays_poll_at_the_floor_and_the_timeout_says_how_long() {
    let (client, arrivals) = polled(&["Starting"], Duration::ZERO);
    let err = client
        .describe_comp_share_instance()
        .u_host_ids(["uhost-1"])
        .wait_until_instance_running(
            Wait::new(Duration::from_millis(801)).delays(Duration::ZERO, Duration::ZERO),
        )
        .await
        .unwrap_err();
    // Polls at 0, 100, ... 800 ms, then at the deadline.
    assert_eq!(arrivals.lock().unwrap().len(), 10);
    assert!(
        err.to_string().contains("still waiting after 801 ms"),
        "{err}"
    );
}
