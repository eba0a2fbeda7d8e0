//! Paginators against a local server that pages a fixed list by the request's Offset/Limit,
//! optionally capping its pages below the Limit asked for, as real servers do.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use compshare::{Client, StreamExt, TryStreamExt};
use compshare_e2e::{Answer, Request, TestServer, test_client};

/// Serves `real` images; reports the total `reported(request number)` (None: no total).
async fn listing(
    real: usize,
    reported: impl Fn(usize) -> Option<i64> + Send + Sync + 'static,
) -> (TestServer, Client) {
    capped_listing(real, usize::MAX, reported).await
}

/// Like `listing`, with pages of at most `cap` items whatever the Limit.
async fn capped_listing(
    real: usize,
    cap: usize,
    reported: impl Fn(usize) -> Option<i64> + Send + Sync + 'static,
) -> (TestServer, Client) {
    let n = Arc::new(AtomicUsize::new(0));
    let server = TestServer::start(move |req: &Request| {
        let i = n.fetch_add(1, Ordering::SeqCst);
        let offset: usize = req.param("Offset").unwrap().parse().unwrap();
        let limit: usize = req
            .param("Limit")
            .unwrap()
            .parse::<usize>()
            .unwrap()
            .min(cap);
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
    let client = test_client(&server).build().unwrap();
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
async fn a_total_that_is_too_high_stops_on_the_empty_page() {
    let (server, client) = listing(25, |_| Some(1000)).await;
    assert_eq!(ids(&client, 10).await.len(), 25);
    assert_eq!(offsets(&server), ["0+10", "10+10", "20+10", "25+10"]);
}

/// A total below the items already received is wrong (or missing, read as 0): it is ignored,
/// and the listing ends on a short page instead of silently short.
#[tokio::test]
async fn a_total_that_is_too_low_is_ignored() {
    let (server, client) = listing(25, |_| Some(5)).await;
    assert_eq!(ids(&client, 10).await.len(), 25);
    assert_eq!(offsets(&server), ["0+10", "10+10", "20+10"]);
}

/// The API caps Limit at 100: a server answers 100 items to a page size of 500. With a total
/// the listing goes on to it; it never ends on the first page.
#[tokio::test]
async fn a_server_that_caps_pages_with_a_total_is_listed_to_the_end() {
    let (server, client) = capped_listing(230, 100, |_| Some(230)).await;
    let got = ids(&client, 500).await;
    assert_eq!(got.len(), 230);
    assert_eq!(got[229], "img-229");
    assert_eq!(offsets(&server), ["0+100", "100+100", "200+100"]);

    // Capped below the page size asked for: 7 a page for 10 asked.
    let (server, client) = capped_listing(30, 7, |_| Some(30)).await;
    assert_eq!(ids(&client, 10).await.len(), 30);
    assert_eq!(
        offsets(&server),
        ["0+10", "7+10", "14+10", "21+10", "28+10"]
    );
}

/// Without a total, a page shorter than the longest seen so far ends the listing: 50, 50, 50,
/// 30 from a server that caps pages at 50.
#[tokio::test]
async fn a_server_that_caps_pages_without_a_total_is_listed_to_the_end() {
    let (server, client) = capped_listing(180, 50, |_| None).await;
    assert_eq!(ids(&client, 100).await.len(), 180);
    assert_eq!(offsets(&server), ["0+100", "50+100", "100+100", "150+100"]);
}

/// The paginator never asks for more than the action's maximum page size (100).
#[tokio::test]
async fn the_page_size_never_exceeds_the_maximum() {
    let (server, client) = listing(150, |_| Some(150)).await;
    let pages: Vec<_> = client
        .describe_comp_share_custom_images()
        .limit(1000)
        .into_paginator()
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(offsets(&server), ["0+100", "100+100"]);
}

/// A listing whose total field is declared required but which the server leaves out (so it
/// reads as 0) is listed to the end, not cut after the first page.
#[tokio::test]
async fn a_missing_required_total_does_not_end_the_listing() {
    let server = TestServer::start(|req: &Request| {
        let offset: usize = req.param("Offset").unwrap().parse().unwrap();
        let limit: usize = req.param("Limit").unwrap().parse().unwrap();
        let items: Vec<String> = (offset..45.min(offset + limit))
            .map(|k| format!(r#"{{"GroupId":"group-{k}"}}"#))
            .collect();
        Answer::json(&format!(
            r#"{{"RetCode":0,"ImageSetGroup":[{}]}}"#,
            items.join(",")
        ))
    })
    .await;
    let client = test_client(&server).build().unwrap();
    let groups: Vec<_> = client
        .describe_self_community_images()
        .into_paginator()
        .page_size(20)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(groups.len(), 45);
    assert_eq!(offsets(&server), ["0+20", "20+20", "40+20"]);
}

/// An offset that cannot grow further ends the listing with an error after the page, never
/// with a panic or silently.
#[tokio::test]
async fn an_offset_at_the_end_of_the_integers_is_an_error_not_a_panic() {
    let server = TestServer::start(|_: &Request| {
        Answer::json(
            r#"{"RetCode":0,"ImageSet":[{"CompShareImageId":"a"},{"CompShareImageId":"b"}]}"#,
        )
    })
    .await;
    let client = test_client(&server).build().unwrap();
    let mut pages = client
        .describe_comp_share_custom_images()
        .offset(i64::MAX - 1)
        .into_paginator();
    assert_eq!(pages.next_page().await.unwrap().unwrap().image_set.len(), 2);
    let err = pages.next_page().await.unwrap().unwrap_err();
    assert!(
        err.to_string().contains("invalid parameter Offset"),
        "{err}"
    );
    assert!(pages.next_page().await.is_none());
    assert_eq!(server.requests().len(), 1);
}

/// A server that ignores Offset, answering every page alike and never short, is caught at
/// the second page (it repeats the first), not after `max_pages` requests.
#[tokio::test]
async fn a_server_that_ignores_the_offset_is_caught_at_the_repeated_page() {
    let server = TestServer::start(|_: &Request| {
        Answer::json(r#"{"RetCode":0,"ImageSet":[{"CompShareImageId":"same"}]}"#)
    })
    .await;
    let client = test_client(&server).build().unwrap();
    let all: Vec<_> = client
        .describe_comp_share_custom_images()
        .into_paginator()
        .items()
        .collect()
        .await;
    assert_eq!(all.len(), 2);
    assert!(all[0].is_ok());
    let err = all[1].as_ref().unwrap_err();
    assert!(
        matches!(err.kind(), compshare::ErrorKind::PageRepeated { page: 2 }),
        "{err}"
    );
    assert!(err.to_string().contains("does not page by Offset"), "{err}");
    assert_eq!(server.requests().len(), 2);
}

/// Pages that differ but never end still meet the page limit.
#[tokio::test]
async fn a_listing_that_never_ends_meets_the_page_limit() {
    let server = TestServer::start(|req: &Request| {
        let offset = req.param("Offset").unwrap().to_owned();
        Answer::json(&format!(
            r#"{{"RetCode":0,"ImageSet":[{{"CompShareImageId":"img-{offset}"}}]}}"#
        ))
    })
    .await;
    let client = test_client(&server).build().unwrap();
    let all: Vec<_> = client
        .describe_comp_share_custom_images()
        .into_paginator()
        .max_pages(5)
        .items()
        .collect()
        .await;
    assert_eq!(all.len(), 6);
    assert!(all[..5].iter().all(Result::is_ok));
    let err = all[5].as_ref().unwrap_err();
    assert!(
        matches!(err.kind(), compshare::ErrorKind::PageLimit { pages: 5 }),
        "{err}"
    );
    assert_eq!(server.requests().len(), 5);
}

/// A listing that shifts while it is paged (an item inserted in front moves one back onto
/// the next page) yields each item once: the spec names the items' id, and repeats are
/// skipped and counted.
#[tokio::test]
async fn items_a_shifting_listing_repeats_are_skipped_and_counted() {
    let server = TestServer::start(|req: &Request| {
        // Page 1 before the shift: img-0, img-1; then img-new is inserted first, so page 2
        // (offset 2) holds img-1 again and img-2; page 3 is short.
        let page = match req.param("Offset").unwrap() {
            "0" => r#"[{"CompShareImageId":"img-0"},{"CompShareImageId":"img-1"}]"#,
            "2" => r#"[{"CompShareImageId":"img-1"},{"CompShareImageId":"img-2"}]"#,
            _ => r#"[{"CompShareImageId":"img-3"}]"#,
        };
        Answer::json(&format!(
            r#"{{"RetCode":0,"TotalCount":5,"ImageSet":{page}}}"#
        ))
    })
    .await;
    let client = test_client(&server).build().unwrap();
    let mut paginator = client
        .describe_comp_share_custom_images()
        .into_paginator()
        .page_size(2);
    let mut got = Vec::new();
    while let Some(page) = paginator.next_page().await {
        got.extend(
            page.unwrap()
                .image_set
                .into_iter()
                .map(|i| i.comp_share_image_id.unwrap()),
        );
    }
    assert_eq!(got, ["img-0", "img-1", "img-2", "img-3"]);
    assert_eq!(paginator.repeats(), 1);
    assert_eq!(server.requests().len(), 3);
}

/// Only ids of earlier pages count: an empty id, or one a page repeats itself, keeps its items.
#[tokio::test]
async fn items_without_an_id_or_repeated_within_a_page_are_kept() {
    let server = TestServer::start(|req: &Request| {
        let page = match req.param("Offset").unwrap() {
            "0" => r#"[{"CompShareImageId":""},{"CompShareImageId":"twin"},{"CompShareImageId":"twin"}]"#,
            _ => r#"[{"CompShareImageId":""}]"#,
        };
        Answer::json(&format!(r#"{{"RetCode":0,"TotalCount":4,"ImageSet":{page}}}"#))
    })
    .await;
    let client = test_client(&server).build().unwrap();
    let mut paginator = client
        .describe_comp_share_custom_images()
        .into_paginator()
        .page_size(3);
    let mut got = 0;
    while let Some(page) = paginator.next_page().await {
        got += page.unwrap().image_set.len();
    }
    assert_eq!(got, 4);
    assert_eq!(paginator.repeats(), 0);
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
    let client = test_client(&server).build().unwrap();
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
