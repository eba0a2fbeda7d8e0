//! Peak memory of whole calls against a local server, counted by this test binary's allocator:
//! whatever the body, a call stays under the documented budget (256 MiB with the default
//! limits: a 32 MiB body and 96 MiB of decoded values).
//!
//! The count is of bytes requested from the allocator by the whole process while the call
//! runs, the test server's copy of the body included, so it overstates the client's share.

use compshare::{Client, Credentials, ErrorKind};
use compshare_e2e::counting::Counting;
use compshare_e2e::{Answer, TestServer};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MIB: usize = 1 << 20;
const BUDGET: usize = 256 * MIB;

/// Sends a DescribeCompShareInstance answered with `body`; its result and the peak of bytes
/// allocated above what was allocated before the call.
async fn peak_of_call(
    body: &str,
) -> (
    Result<compshare::actions::DescribeCompShareInstanceResponse, compshare::Error>,
    usize,
) {
    let server = TestServer::script(vec![Answer::json(body)]).await;
    let client = Client::builder()
        .credentials(Credentials::new("pk", "sk"))
        .base_url(server.url())
        .region("cn-wlcb")
        .zone("cn-wlcb-01")
        .max_retries(0)
        .build()
        .unwrap();
    let before = Counting::mark();
    let result = client.describe_comp_share_instance().send().await;
    let peak = Counting::peak() - before;
    (result, peak)
}

/// `{"RetCode":0,"UHostSet":[item,item,...]}` of about `size` bytes.
fn listing(item: &str, size: usize) -> String {
    let count = size / (item.len() + 1);
    let mut body = String::with_capacity(size + 64);
    body.push_str(r#"{"RetCode":0,"UHostSet":["#);
    for i in 0..count {
        if i > 0 {
            body.push(',');
        }
        body.push_str(item);
    }
    body.push_str("]}");
    body
}

/// One test, so that no other test's allocations run in between.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn peak_memory_of_a_call_stays_within_the_budget_whatever_the_body() {
    let hostile = [
        // 31 MB of empty objects: each would decode into a whole instance struct.
        ("empty instances", listing("{}", 31 * MIB)),
        // Empty disks inside them.
        (
            "empty nested objects",
            listing(r#"{"DiskSet":[{},{},{},{},{},{},{}]}"#, 31 * MIB),
        ),
    ];
    for (what, body) in &hostile {
        let (result, peak) = peak_of_call(body).await;
        let err = result.expect_err(what);
        assert!(
            matches!(
                err.kind(),
                ErrorKind::ResponseTooLarge { decoded: true, .. }
            ),
            "{what}: {err}"
        );
        println!("{what}: {} bytes, peak {} MiB", body.len(), peak / MIB);
        assert!(peak < BUDGET, "{what}: peak {} MiB", peak / MIB);
    }

    // 31 MB of values that fit nowhere: each is a mismatch, kept up to a bound.
    let body = listing(r#""a""#, 31 * MIB);
    let (result, peak) = peak_of_call(&body).await;
    assert!(result.unwrap().u_host_set.is_empty());
    println!(
        "mismatched strings: {} bytes, peak {} MiB",
        body.len(),
        peak / MIB
    );
    assert!(peak < BUDGET, "mismatched strings: peak {} MiB", peak / MIB);

    // A real-shaped listing of 30 MB decodes, within the same budget.
    let instance = include_str!("../data/instance.json");
    let body = listing(instance, 30 * MIB);
    let (result, peak) = peak_of_call(&body).await;
    let out = result.unwrap();
    println!(
        "real-shaped: {} bytes, {} instances, peak {} MiB",
        body.len(),
        out.u_host_set.len(),
        peak / MIB
    );
    assert!(out.u_host_set.len() > 10_000);
    assert_eq!(
        out.u_host_set[0].u_host_id.as_deref(),
        Some("uhost-4x9kq2ab")
    );
    assert!(peak < BUDGET, "real-shaped: peak {} MiB", peak / MIB);
}
