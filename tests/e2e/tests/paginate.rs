//! Paginators against a local server that pages a fixed list by the request's Offset/Limit.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use compshare::{Client, Credentials, StreamExt, TryStreamExt};
use compshare_e2e::{Answer, Request, TestServer};

/// Serves `real` images; reports the total `reported(request number)` (None: no total).
async fn listing(
    real: usize,
    reported: impl Fn(usize) -> Option<i64> + Send + Sync + 'static,
) -> (TestServer, Client) {
    let n = Arc::new(AtomicUsize::new(0));
    let server = TestServer::start(move |req: &Request| {
        let i = n.fetch_add(1, Ordering::SeqCst);
        let offset: usize = req.param("Offset").unwrap().parse().unwrap();
        let limit: usize = req.param("Limit").unwrap().parse().unwrap();
        let items: Vec<String> = (offset..real.min(offset + limit))
            .map(|k| format!(r#"{{"CompShareImageId":"img-{k}"}}"#))
            .collect();
        let total = reported(i)
            .map(|t| format!(r#","TotalCount":{t}"#))
            .unwrap_or_default();
        Answer::json(&format!(
            r#"{{"RetCode":0{total},"ImageSet":[{}]}}"#,
            items.join(",")
        ))
    })
    .await;
    let client = Client::builder()
        .credentials(Credentials::new("pk", "sk"))
        .base_url(server.url())
        .region("r")
        .zone("z")
        .build()
        .unwrap();
    (server, client)
}

async fn ids(client: &Client, page_size: i64) -> Vec<String> {
    client
        .describe_comp_share_custom_images()
        .into_paginator()
        .page_size(page_size)
        .items()
        .map_ok(|image| image.comp_share_image_id.unwrap())
        .try_collect()
        .await
        .unwrap()
}

fn offsets(server: &TestServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| {
            format!(
                "{}+{}",
                r.param("Offset").unwrap(),
                r.param("Limit").unwrap()
            )
        })
        .collect()
}

#[tokio::test]
async fn no_items() {
    let (server, client) = listing(0, |_| Some(0)).await;
    assert!(ids(&client, 20).await.is_empty());
    assert_eq!(offsets(&server), ["0+20"]);
}

#[tokio::test]
async fn exact_multiple_of_the_page_size_stops_at_the_total() {
    let (server, client) = listing(40, |_| Some(40)).await;
    let got = ids(&client, 20).await;
    assert_eq!(got.len(), 40);
    assert_eq!((got[0].as_str(), got[39].as_str()), ("img-0", "img-39"));
    assert_eq!(
        offsets(&server),
        ["0+20", "20+20"],
        "no third, empty request"
    );
}

#[tokio::test]
async fn without_a_total_an_empty_page_ends_the_listing() {
    let (server, client) = listing(40, |_| None).await;
    assert_eq!(ids(&client, 20).await.len(), 40);
    assert_eq!(offsets(&server), ["0+20", "20+20", "40+20"]);
}

#[tokio::test]
async fn a_total_that_is_too_high_stops_on_the_short_page() {
    let (server, client) = listing(25, |_| Some(1000)).await;
    assert_eq!(ids(&client, 10).await.len(), 25);
    assert_eq!(offsets(&server), ["0+10", "10+10", "20+10"]);
}

#[tokio::test]
async fn a_total_that_is_too_low_stops_at_the_total() {
    let (server, client) = listing(25, |_| Some(5)).await;
    assert_eq!(ids(&client, 10).await.len(), 10);
    assert_eq!(offsets(&server), ["0+10"]);
}

#[tokio::test]
async fn a_total_that_grows_while_paging_is_followed() {
    // First page says 20, later pages 30: all 30 are listed, each once.
    let (server, client) = listing(30, |i| Some(if i == 0 { 20 } else { 30 })).await;
    let got = ids(&client, 10).await;
    assert_eq!(got, (0..30).map(|k| format!("img-{k}")).collect::<Vec<_>>());
    assert_eq!(offsets(&server), ["0+10", "10+10", "20+10"]);
}

#[tokio::test]
async fn pages_are_fetched_lazily() {
    let (server, client) = listing(100, |_| Some(100)).await;
    let first: Vec<_> = client
        .describe_comp_share_custom_images()
        .into_paginator()
        .page_size(10)
        .items()
        .take(5)
        .collect()
        .await;
    assert_eq!(first.len(), 5);
    assert_eq!(offsets(&server), ["0+10"]);
}

#[tokio::test]
async fn the_request_offset_and_limit_are_the_start_and_default_page_size() {
    let (server, client) = listing(30, |_| Some(30)).await;
    let mut pages = client
        .describe_comp_share_custom_images()
        .offset(5)
        .limit(15)
        .into_paginator();
    let mut sizes = Vec::new();
    while let Some(page) = pages.next_page().await {
        sizes.push(page.unwrap().image_set.len());
    }
    assert_eq!(sizes, [15, 10]);
    assert_eq!(offsets(&server), ["5+15", "20+15"]);
}

#[tokio::test]
async fn an_error_ends_the_listing_after_yielding_it() {
    let server = TestServer::script(vec![
        Answer::json(r#"{"RetCode":0,"TotalCount":30,"ImageSet":[{"CompShareImageId":"a"},{"CompShareImageId":"b"}]}"#),
        Answer::json(r#"{"RetCode":230,"Message":"gone"}"#),
    ])
    .await;
    let client = Client::builder()
        .credentials(Credentials::new("pk", "sk"))
        .base_url(server.url())
        .region("r")
        .zone("z")
        .build()
        .unwrap();
    let all: Vec<_> = client
        .describe_comp_share_custom_images()
        .into_paginator()
        .page_size(2)
        .items()
        .collect()
        .await;
    assert_eq!(all.len(), 3);
    assert!(all[0].is_ok() && all[1].is_ok());
    assert_eq!(all[2].as_ref().unwrap_err().ret_code(), Some(230));
    assert_eq!(server.requests().len(), 2);
}
