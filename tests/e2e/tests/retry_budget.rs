//! The client-wide retry budget: during an outage each call costs about one request once the
//! budget is spent, instead of `1 + max_retries`; retries resume as successes return. Counted
//! with the mock on tokio's paused clock (the backoff waits take no real time).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use compshare::actions::DescribeCompShareInstanceRequest;
use compshare::mock::{Mock, MockResponse};
use compshare::{Client, RetryBudget};

/// A client whose every call of DescribeCompShareInstance is answered 503 while `down`, and
/// the number of requests the mock received.
fn outage(budget: Option<RetryBudget>) -> (Client, Arc<AtomicBool>, Arc<AtomicUsize>) {
    let mock = Mock::new();
    let down = Arc::new(AtomicBool::new(true));
    let seen = Arc::new(AtomicUsize::new(0));
    let (d, s) = (down.clone(), seen.clone());
    mock.respond::<DescribeCompShareInstanceRequest>(move |_| {
        s.fetch_add(1, Ordering::SeqCst);
        if d.load(Ordering::SeqCst) {
            MockResponse::status(503, "<html>503 Service Unavailable</html>")
        } else {
            MockResponse::json(r#"{"RetCode":0,"UHostSet":[]}"#)
        }
    });
    let mut builder = Client::builder().mock(&mock).region("cn-wlcb");
    if let Some(budget) = budget {
        builder = builder.retry_budget(budget);
    }
    (builder.build().unwrap(), down, seen)
}

async fn calls(client: &Client, n: usize) -> usize {
    let mut failed = 0;
    for _ in 0..n {
        if client.describe_comp_share_instance().send().await.is_err() {
            failed += 1;
        }
    }
    failed
}

#[tokio::test(start_paused = true)]
async fn an_outage_costs_about_one_request_per_call_plus_the_budget() {
    let (client, down, seen) = outage(None);
    // 200 calls while everything fails: the default budget (500 tokens, 5 a retry) pays for
    // 100 retries in all, not 3 for each call.
    assert_eq!(calls(&client, 200).await, 200);
    assert_eq!(seen.load(Ordering::SeqCst), 200 + 100);

    // Clones share the budget: still empty.
    let clone = client.clone();
    seen.store(0, Ordering::SeqCst);
    assert_eq!(calls(&clone, 10).await, 10);
    assert_eq!(seen.load(Ordering::SeqCst), 10);

    // Back up: 20 successes refill 20 tokens, enough for 4 retries when it fails again.
    down.store(false, Ordering::SeqCst);
    assert_eq!(calls(&client, 20).await, 0);
    down.store(true, Ordering::SeqCst);
    seen.store(0, Ordering::SeqCst);
    assert_eq!(calls(&client, 2).await, 2);
    assert_eq!(seen.load(Ordering::SeqCst), 2 + 4, "3 retries, then 1");
}

#[tokio::test(start_paused = true)]
async fn without_a_budget_every_call_retries_in_full() {
    let (client, _down, seen) = outage(Some(RetryBudget::unlimited()));
    assert_eq!(calls(&client, 200).await, 200);
    assert_eq!(seen.load(Ordering::SeqCst), 200 * 4);
}

#[tokio::test(start_paused = true)]
async fn first_attempt_successes_refill_the_budget() {
    let (client, down, seen) = outage(Some(RetryBudget {
        capacity: 10,
        ..RetryBudget::default()
    }));
    // Two retries spend the bucket; the call fails.
    assert_eq!(calls(&client, 1).await, 1);
    assert_eq!(seen.load(Ordering::SeqCst), 3);
    // Nothing left: the next call is sent once.
    assert_eq!(calls(&client, 1).await, 1);
    assert_eq!(seen.load(Ordering::SeqCst), 4);
    // Successes refill one token each: five of them pay for one retry.
    down.store(false, Ordering::SeqCst);
    assert_eq!(calls(&client, 5).await, 0);
    down.store(true, Ordering::SeqCst);
    seen.store(0, Ordering::SeqCst);
    assert_eq!(calls(&client, 1).await, 1);
    assert_eq!(seen.load(Ordering::SeqCst), 2);
}

/// A call that succeeds after retrying gives back what its retries took: with a bucket of
/// two retries, calls that each fail once and then succeed go on retrying for ever.
#[tokio::test(start_paused = true)]
async fn a_retry_that_succeeds_gives_its_tokens_back() {
    let mock = Mock::new();
    let seen = Arc::new(AtomicUsize::new(0));
    let s = seen.clone();
    mock.respond::<DescribeCompShareInstanceRequest>(move |_| {
        // Every odd request fails, every even one succeeds.
        if s.fetch_add(1, Ordering::SeqCst).is_multiple_of(2) {
            MockResponse::status(503, "busy")
        } else {
            MockResponse::json(r#"{"RetCode":0,"UHostSet":[]}"#)
        }
    });
    let client = Client::builder()
        .mock(&mock)
        .region("cn-wlcb")
        .retry_budget(RetryBudget {
            capacity: 10,
            success_refill: 0,
            ..RetryBudget::default()
        })
        .build()
        .unwrap();
    // Without the refund, the third call would find the bucket empty and fail.
    assert_eq!(calls(&client, 10).await, 0);
    assert_eq!(seen.load(Ordering::SeqCst), 20);
}
