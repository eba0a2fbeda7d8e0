//! An action's own "try again shortly" RetCodes (`retry_codes` in the spec): DeleteCompshareDisk
//! answers 8434 while its disk is still detaching, and is retried by the shared loop with the
//! pause the spec gives (2 s, then 4 s, ...), on tokio's paused clock, where the times are exact.
//! No other RetCode is retried: the service declares none transient.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use compshare::actions::{DeleteCompshareDiskRequest, StopCompShareInstanceRequest};
use compshare::mock::{Mock, MockResponse};
use compshare::{Client, ErrorKind};

/// A client whose mock answers `action` with `codes` in turn (0 with the disk's id), and the
/// times the requests arrived.
fn scripted<A: compshare::runtime::Action>(
    codes: &'static [i64],
) -> (Client, Arc<Mutex<Vec<Duration>>>) {
    let mock = Mock::new();
    let started = tokio::time::Instant::now();
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let seen = arrivals.clone();
    mock.respond::<A>(move |_| {
        let mut seen = seen.lock().unwrap();
        seen.push(started.elapsed());
        let code = codes[(seen.len() - 1).min(codes.len() - 1)];
        MockResponse::json(format!(
            r#"{{"RetCode":{code},"Message":"m","UDiskId":"bsm-1","UHostId":"uhost-1"}}"#
        ))
    });
    let client = Client::builder()
        .mock(&mock)
        .region("cn-wlcb")
        .zone("cn-wlcb-01")
        .build()
        .unwrap();
    (client, arrivals)
}

#[tokio::test(start_paused = true)]
async fn a_disk_still_detaching_is_deleted_after_growing_pauses() {
    let (client, arrivals) = scripted::<DeleteCompshareDiskRequest>(&[8434, 8434, 0]);
    let out = client
        .delete_compshare_disk()
        .u_disk_id("bsm-1")
        .send()
        .await
        .unwrap();
    assert_eq!(out.u_disk_id, "bsm-1");
    let arrivals = arrivals.lock().unwrap().clone();
    assert_eq!(arrivals.len(), 3);
    // At least the spec's pause times the retry's number; the backoff (at most 200 ms, then
    // 400 ms) is shorter, so the pause is exactly what was waited.
    assert_eq!(arrivals[1] - arrivals[0], Duration::from_secs(2));
    assert_eq!(arrivals[2] - arrivals[1], Duration::from_secs(4));
}

#[tokio::test(start_paused = true)]
async fn the_retries_end_and_the_error_names_the_code() {
    let (client, arrivals) = scripted::<DeleteCompshareDiskRequest>(&[8434]);
    let err = client
        .delete_compshare_disk()
        .u_disk_id("bsm-1")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Api { code: 8434, .. }),
        "{err:?}"
    );
    // The first attempt and the client's three retries.
    assert_eq!(arrivals.lock().unwrap().len(), 4);
    assert_eq!(err.attempts(), 4);
}

#[tokio::test(start_paused = true)]
async fn other_actions_do_not_retry_that_code() {
    // 8434 is the disk's "still detaching"; to another action it is an answer like any other.
    let (client, arrivals) = scripted::<StopCompShareInstanceRequest>(&[8434, 0]);
    let err = client
        .stop_comp_share_instance()
        .u_host_id("uhost-1")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Api { code: 8434, .. }),
        "{err:?}"
    );
    assert_eq!((arrivals.lock().unwrap().len(), err.attempts()), (1, 1));
}

#[tokio::test(start_paused = true)]
async fn stopping_an_unknown_instance_fails_at_once() {
    let (client, arrivals) = scripted::<StopCompShareInstanceRequest>(&[8039]);
    let started = tokio::time::Instant::now();
    let err = client
        .stop_comp_share_instance()
        .u_host_id("uhost-gone")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Api { code: 8039, .. }),
        "{err:?}"
    );
    assert_eq!((arrivals.lock().unwrap().len(), err.attempts()), (1, 1));
    // No backoff was waited: the paused clock did not move.
    assert_eq!(started.elapsed(), Duration::ZERO);
}
