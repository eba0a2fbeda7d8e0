//! The model API's SDK (`compshare-model`, generated from `spec/models`) against a local
//! server: every method and path compshare-cli 0.5.6 sends, the JSON bodies of the creates,
//! dotted query keys, the bearer key and idempotency keys, the task waiters, and paging.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use compshare_e2e::{Answer, TestServer};
use compshare_model::runtime as rt;
use compshare_model::types::*;
use compshare_model::{Client, Credentials};
use serde_json::json;

const KEY: &str = "sk-ml-test-0123456789";

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

fn wait() -> rt::Wait {
    rt::Wait {
        timeout: Duration::from_secs(10),
        min_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(1),
    }
}

#[tokio::test]
async fn every_method_and_path_of_the_official_cli_is_reachable() {
    let server = TestServer::start(|_| Answer::json(r#"{"task_id":"t/1"}"#)).await;
    let c = client(&server);
    let id = "t/1";
    // Each action, with what it requires; answers are not the point here.
    macro_rules! send {
        ($call:expr) => {
            $call.send().await.map(|_| ()).unwrap()
        };
    }
    send!(
        c.create_video_task()
            .model(VideoModel::MiniMaxH3)
            .content([VideoContent::new(VideoContentType::Text).text("a cat")])
            .resolution(VideoResolution::V768p)
            .duration(5)
            .ratio(VideoRatio::V169)
    );
    send!(c.get_video_task().task_id(id));
    send!(c.list_video_tasks());
    send!(c.cancel_video_task().task_id(id));
    send!(c.list_point_packages());
    send!(c.get_point_balance());
    send!(c.list_skills());
    send!(c.create_skill().name("s").content("c"));
    send!(c.update_skill().skill_id("k 1").name("s").content("c"));
    send!(c.delete_skill().skill_id("k 1"));
    send!(c.get_image_config());
    send!(
        c.create_image_task()
            .prompt("p")
            .resolution(ImageResolution::V1k)
            .aspect_ratio(ImageAspectRatio::V11)
    );
    send!(c.get_image_task().task_id(id));
    send!(c.list_image_tasks());
    send!(c.cancel_image_task().task_id(id));
    send!(c.delete_image_task().task_id(id));
    send!(
        c.request_image_upload_url()
            .file_name("a.png")
            .content_type("image/png")
            .file_size(3)
    );
    send!(
        c.create_image_asset()
            .file_name("a.png")
            .content_type("image/png")
            .file_size(3)
            .object_key("o")
            .width(1)
            .height(1)
    );
    send!(c.get_speech_pricing());
    send!(c.list_voices());
    send!(
        c.create_speech_job()
            .text("hi")
            .language(SpeechLanguage::Zh)
            .voice(Voice::new(VoiceSource::Preset).voice_id("v"))
            .speed(1.0)
            .auto_emotion(true)
            .emotion_strength(0.8)
    );
    send!(c.get_speech_job().task_id(id));
    send!(c.list_speech_jobs());
    send!(c.cancel_speech_job().task_id(id));
    send!(c.delete_speech_job().task_id(id));
    send!(
        c.request_audio_upload_url()
            .file_name("a.wav")
            .content_type("audio/wav")
            .file_size(3)
    );
    send!(
        c.create_audio_asset()
            .file_name("a.wav")
            .content_type("audio/wav")
            .file_size(3)
            .object_key("o")
            .duration_ms(500)
    );
    send!(c.create_voice().asset_id("a").name("n"));
    send!(c.delete_voice().voice_id("v/1"));

    let sent: Vec<String> = server
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    // Path parameters are one segment each: `/` is escaped.
    assert_eq!(
        sent,
        [
            "POST /minimax/v2/video_generation",
            "GET /minimax/v2/query/video_generation/t%2F1",
            "GET /minimax/v2/query/video_generation",
            "DELETE /minimax/v2/video_generation/t%2F1",
            "GET /minimax/v2/query/point_packages",
            "GET /minimax/v2/query/point_usage_summary",
            "GET /minimax/v2/skills",
            "POST /minimax/v2/skills",
            "PUT /minimax/v2/skills/k%201",
            "DELETE /minimax/v2/skills/k%201",
            "GET /image/v1/config",
            "POST /image/v1/tasks",
            "GET /image/v1/tasks/t%2F1",
            "GET /image/v1/tasks",
            "POST /image/v1/tasks/t%2F1/cancel",
            "DELETE /image/v1/tasks/t%2F1",
            "POST /image/v1/upload_urls",
            "POST /image/v1/assets",
            "GET /audio/v1/pricing",
            "GET /audio/v1/voices",
            "POST /audio/v1/speech/jobs",
            "GET /audio/v1/speech/jobs/t%2F1",
            "GET /audio/v1/speech/jobs",
            "POST /audio/v1/speech/jobs/t%2F1/cancel",
            "DELETE /audio/v1/speech/jobs/t%2F1",
            "POST /audio/v1/upload_urls",
            "POST /audio/v1/assets",
            "POST /audio/v1/voices",
            "DELETE /audio/v1/voices/v%2F1",
        ]
    );
    for r in server.requests() {
        assert_eq!(r.headers["authorization"], format!("Bearer {KEY}"));
        // The four creates the official CLI sends a key with, and no other request.
        let keyed = matches!(
            r.path.as_str(),
            "/minimax/v2/video_generation"
                | "/image/v1/tasks"
                | "/audio/v1/speech/jobs"
                | "/audio/v1/voices"
        ) && r.method == "POST";
        assert_eq!(
            r.headers.contains_key("idempotency-key"),
            keyed,
            "{} {}",
            r.method,
            r.path
        );
    }
}

#[tokio::test]
async fn the_creates_send_their_bodies_as_the_official_cli_does() {
    let server = TestServer::start(|_| Answer::json(r#"{"task_id":"t-1"}"#)).await;
    let c = client(&server);
    let out = c
        .create_video_task()
        .idempotency_key("key-1")
        .model(VideoModel::MiniMaxH3)
        .content([
            VideoContent::new(VideoContentType::Text).text("一只猫"),
            VideoContent::new(VideoContentType::ImageUrl)
                .image_url(MediaUrl::new("https://example.invalid/a.png"))
                .role(MediaRole::FirstFrame),
        ])
        .resolution(VideoResolution::V1080p)
        .duration(6)
        .ratio(VideoRatio::V169)
        .aigc_watermark(false)
        .callback_url("https://example.invalid/hook")
        .callback_token("tok-secret")
        .send()
        .await
        .unwrap();
    assert_eq!(out.task_id, "t-1");
    let r = &server.requests()[0];
    assert_eq!(r.headers["idempotency-key"], "key-1", "a given key wins");
    assert_eq!(
        r.json.as_ref().unwrap(),
        &json!({
            "model": "MiniMax-H3",
            "content": [
                {"type": "text", "text": "一只猫"},
                {"type": "image_url", "image_url": {"url": "https://example.invalid/a.png"}, "role": "first_frame"},
            ],
            "resolution": "1080P",
            "duration": 6,
            "ratio": "16:9",
            "aigc_watermark": false,
            "callback_url": "https://example.invalid/hook",
            "callback_token": "tok-secret",
        })
    );

    c.create_speech_job()
        .text("你好")
        .language(SpeechLanguage::Zh)
        .voice(Voice::new(VoiceSource::Asset).asset_id("asset-1"))
        .speed(1.0)
        .auto_emotion(false)
        .emotion_strength(0.8)
        .emotion_vector([0.4, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])
        .emotion_vector_mode(EmotionVectorMode::Single)
        .pronunciations([Pronunciation::new(
            "重庆",
            PronunciationKind::Pinyin,
            "chong2 qing4",
        )])
        .send()
        .await
        .unwrap();
    let r = &server.requests()[1];
    assert_eq!(
        r.json.as_ref().unwrap(),
        &json!({
            "text": "你好",
            "language": "ZH",
            "voice": {"source": "asset", "asset_id": "asset-1"},
            "speed": 1.0,
            "auto_emotion": false,
            "emotion_strength": 0.8,
            "emotion_vector": [0.4, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
            "emotion_vector_mode": "single",
            "pronunciations": [{"word": "重庆", "kind": "pinyin", "value": "chong2 qing4"}],
        })
    );
}

#[tokio::test]
async fn a_retried_create_keeps_its_idempotency_key() {
    let calls = Arc::new(Mutex::new(0));
    let seen = calls.clone();
    let server = TestServer::start(move |_| {
        let mut n = seen.lock().unwrap();
        *n += 1;
        if *n == 1 {
            Answer::status(503, "busy")
        } else {
            Answer::json(r#"{"task_id":"t-1"}"#)
        }
    })
    .await;
    client(&server)
        .create_image_task()
        .prompt("p")
        .resolution(ImageResolution::V2k)
        .aspect_ratio(ImageAspectRatio::V169)
        .send()
        .await
        .unwrap();
    let keys: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.headers["idempotency-key"].clone())
        .collect();
    assert_eq!(keys.len(), 2, "retried once");
    assert_eq!(keys[0], keys[1], "the same create, the same key");
}

#[tokio::test]
async fn listings_send_dotted_filters_and_repeated_statuses() {
    let server = TestServer::start(|_| Answer::json(r#"{"items":[]}"#)).await;
    let c = client(&server);
    c.list_video_tasks()
        .page_num(2)
        .page_size(50)
        .filter_status(TaskStatus::Running)
        .filter_model(VideoModel::MinimaxH3Lite)
        .send()
        .await
        .unwrap();
    c.list_speech_jobs()
        .statuses([TaskStatus::Queued, TaskStatus::Failed])
        .send()
        .await
        .unwrap();
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        [
            "/minimax/v2/query/video_generation?filter.model=minimax-h3-lite&filter.status=running&page_num=2&page_size=50",
            "/audio/v1/speech/jobs?statuses=queued&statuses=failed",
        ]
    );
}

#[tokio::test]
async fn image_tasks_page_by_offset_and_limit() {
    let server = TestServer::start(|r| {
        let items = if r.path.contains("offset=0") || !r.path.contains("offset") {
            r#"[{"task_id":"a","status":"succeeded"},{"task_id":"b","status":"queued"}]"#
        } else if r.path.contains("offset=2") {
            r#"[{"task_id":"c","status":"failed"}]"#
        } else {
            "[]"
        };
        Answer::json(&format!(r#"{{"items":{items}}}"#))
    })
    .await;
    let mut pages = client(&server)
        .list_image_tasks()
        .limit(2)
        .into_paginator()
        .items();
    let mut ids = Vec::new();
    use rt::StreamExt;
    while let Some(item) = pages.next().await {
        ids.push(item.unwrap().task_id.unwrap_or_default());
    }
    assert_eq!(ids, ["a", "b", "c"]);
}

#[tokio::test]
async fn each_task_kind_is_waited_on_until_it_succeeds_and_a_failure_ends_the_wait() {
    let states = Arc::new(Mutex::new(vec!["queued", "running", "succeeded"]));
    let left = states.clone();
    let server = TestServer::start(move |r| {
        let mut left = left.lock().unwrap();
        let state = if left.len() > 1 { left.remove(0) } else { left[0] };
        let task = if r.path.starts_with("/minimax") {
            format!(r#"{{"task":{{"id":"t-1","status":"{state}","content":{{"url":"https://example.invalid/v.mp4"}}}}}}"#)
        } else {
            format!(r#"{{"task":{{"task_id":"t-1","status":"{state}","output_url":"https://example.invalid/o"}}}}"#)
        };
        Answer::json(&task)
    })
    .await;
    let c = client(&server);
    let video = c
        .get_video_task()
        .task_id("t-1")
        .wait_until_video_done(wait())
        .await
        .unwrap();
    assert_eq!(video.task.status, Some(TaskStatus::Succeeded));
    assert_eq!(
        video.task.content.and_then(|c| c.url).as_deref(),
        Some("https://example.invalid/v.mp4")
    );
    assert_eq!(server.requests().len(), 3, "queued, running, succeeded");

    *states.lock().unwrap() = vec!["running", "succeeded"];
    let image = c
        .get_image_task()
        .task_id("t-1")
        .wait_until_image_done(wait())
        .await
        .unwrap();
    assert_eq!(
        image.task.output_url.as_deref(),
        Some("https://example.invalid/o")
    );

    for failed in ["failed", "cancelled"] {
        *states.lock().unwrap() = vec![failed];
        let e = c
            .get_speech_job()
            .task_id("t-1")
            .wait_until_speech_done(wait())
            .await
            .unwrap_err();
        assert!(e.to_string().contains(failed), "{e}");
    }
}

#[test]
fn a_key_that_is_not_the_model_apis_is_refused_naming_its_variable_never_itself() {
    let e = Client::builder()
        .credentials(Credentials::bearer("ak-ucloud-secret-123"))
        .build()
        .unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("COMPSHARE_MINIMAX_API_KEY") && text.contains("`sk-ml-`"),
        "{text}"
    );
    assert!(!text.contains("secret"), "the key is not shown: {text}");
    assert!(!format!("{e:?}").contains("secret"), "nor in Debug");
}

#[tokio::test]
async fn an_answer_that_says_it_is_an_error_is_one() {
    let server = TestServer::start(|_| {
        Answer::json(r#"{"type":"error","error":{"type":"insufficient_points","message":"not enough points"}}"#)
    })
    .await;
    let e = client(&server)
        .create_image_task()
        .prompt("p")
        .resolution(ImageResolution::V1k)
        .aspect_ratio(ImageAspectRatio::V11)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(e.kind(), rt::ErrorKind::Refused { message } if message == "not enough points"),
        "{e}"
    );
    assert_eq!(server.requests().len(), 1, "an answer: not retried");
}

#[tokio::test]
async fn what_the_spec_does_not_name_is_kept_and_printed_as_the_service_said_it() {
    let server = TestServer::start(|r| match r.path.as_str() {
        "/image/v1/config" => Answer::json(
            r#"{"available":true,"prices":{"1K":{"points":4},"2K":{"points":8}},"note":"限时"}"#,
        ),
        _ => Answer::json(
            r#"{"task":{"id":"t-1","status":"running","created_at":"2026-12-07T10:00:00Z","content":{"prompt":"p","thumbnail":"x"}},"trace":7}"#,
        ),
    })
    .await;
    let c = client(&server);
    let config = c.get_image_config().send().await.unwrap();
    assert_eq!(config.others["available"].as_str(), "true");
    assert_eq!(
        serde_json::to_value(&config).unwrap(),
        json!({"available": true, "prices": {"1K": {"points": 4}, "2K": {"points": 8}}, "note": "限时"}),
        "kept whole, as JSON values"
    );
    let task = c.get_video_task().task_id("t-1").send().await.unwrap();
    assert_eq!(task.task.status, Some(TaskStatus::Running));
    assert_eq!(task.others["trace"].as_str(), "7");
    assert_eq!(
        task.task.others["created_at"].as_str(),
        r#""2026-12-07T10:00:00Z""#
    );
    let content = task.task.content.as_ref().unwrap();
    assert_eq!(content.others["thumbnail"].as_str(), r#""x""#);
    let shown = serde_json::to_value(&task).unwrap();
    assert_eq!(shown["task"]["created_at"], "2026-12-07T10:00:00Z");
    assert_eq!(shown["trace"], 7);
    // And read back as it was shown.
    let back: compshare_model::actions::GetVideoTaskResponse =
        serde_json::from_value(shown.clone()).unwrap();
    assert_eq!(serde_json::to_value(&back).unwrap(), shown);
}

/// The wire names and reasons a request is refused with, before anything is sent.
fn refused(e: rt::Error) -> Vec<(String, String)> {
    assert_eq!(e.delivery(), rt::Delivery::NotSent, "{e}");
    match e.kind() {
        rt::ErrorKind::InvalidRequest(p) => p.invalid.clone(),
        other => panic!("not refused before sending: {other:?}"),
    }
}

#[tokio::test]
async fn the_limits_the_official_cli_checks_refuse_a_request_before_it_is_sent() {
    let server = TestServer::start(|_| Answer::json(r#"{"task_id":"t-1"}"#)).await;
    let c = client(&server);
    let speech = || {
        c.create_speech_job()
            .text("你好")
            .language(SpeechLanguage::Zh)
            .voice(Voice::new(VoiceSource::Preset).voice_id("v-1"))
            .speed(1.0)
            .auto_emotion(false)
            .emotion_strength(0.8)
    };

    // Ranges with a gap, each of a list, a sum above 0 and at most 0.8.
    let e = speech().speed(0.3).send().await.unwrap_err();
    assert_eq!(
        refused(e),
        [(
            "speed".to_owned(),
            "0.3, where the service takes 0, or 0.5 to 2".to_owned()
        )]
    );
    let e = speech()
        .emotion_vector([0.9, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])
        .send()
        .await
        .unwrap_err();
    let problems = refused(e);
    assert_eq!(
        problems[0].1,
        "item 0 is 0.9, where the service takes 0 to 0.8"
    );
    assert_eq!(
        problems[1].1,
        "they add up to 0.9, where the service takes above 0 and at most 0.8"
    );
    let e = speech().emotion_vector([0.0; 8]).send().await.unwrap_err();
    assert_eq!(
        refused(e)[0].1,
        "they add up to 0, where the service takes above 0 and at most 0.8"
    );
    let e = speech().emotion_vector([0.1; 7]).send().await.unwrap_err();
    assert_eq!(refused(e)[0].1, "7 items, where the service takes 8");
    // Fields that go together, or do not.
    let e = speech()
        .auto_emotion(true)
        .emotion_vector([0.1; 8])
        .emotion_vector_mode(EmotionVectorMode::Mixed)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        refused(e)[0],
        (
            "emotion_vector".to_owned(),
            "not with `auto_emotion` (unset it, or set it to false)".to_owned()
        )
    );
    let e = speech().voice_name("我的声音").send().await.unwrap_err();
    assert_eq!(
        refused(e)[0],
        (
            "voice_name".to_owned(),
            "it needs `save_voice`, which is not given (or is false)".to_owned()
        )
    );
    // Lengths, of nested fields too; blank text is not text.
    let e = speech().text(" \n ").send().await.unwrap_err();
    assert_eq!(
        refused(e)[0].1,
        "blank, where the service takes 1 to 2000 characters"
    );
    let long = "词".repeat(65);
    let e = speech()
        .pronunciations([Pronunciation::new(long, PronunciationKind::Alias, "ci")])
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        refused(e)[0],
        (
            "pronunciations.0.word".to_owned(),
            "65 characters, where the service takes 1 to 64 characters".to_owned()
        )
    );
    let e = c
        .create_video_task()
        .model(VideoModel::MiniMaxH3)
        .content([VideoContent::new(VideoContentType::Text).text("猫".repeat(7001))])
        .resolution(VideoResolution::V768p)
        .duration(31)
        .ratio(VideoRatio::V169)
        .skill_id("s-1")
        .send()
        .await
        .unwrap_err();
    let mut problems = refused(e);
    problems.sort();
    assert_eq!(
        problems,
        [
            (
                "content.0.text".to_owned(),
                "7001 characters, where the service takes 1 to 7000 characters".to_owned()
            ),
            (
                "duration".to_owned(),
                "31, where the service takes 4 to 30".to_owned()
            ),
            (
                "skill_id".to_owned(),
                "it needs `use_context_ir`, which is not given (or is false)".to_owned()
            ),
        ]
    );
    assert!(server.requests().is_empty(), "nothing was sent");

    // The bounds themselves are taken, a sum of decimal weights included.
    speech()
        .speed(0.0)
        .emotion_vector([0.1, 0.7, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])
        .emotion_vector_mode(EmotionVectorMode::Mixed)
        .send()
        .await
        .unwrap();
    speech()
        .speed(2.0)
        .text("词".repeat(2000))
        .send()
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn files_go_only_over_https_or_to_this_machine_and_a_failed_download_leaves_nothing() {
    let server = TestServer::start(|r| match r.path.as_str() {
        "/gone" => Answer::status(404, "no such object"),
        _ => Answer::status(200, ""),
    })
    .await;
    let c = client(&server);
    let c = c.runtime();
    let dir = compshare_e2e::scratch("compshare-files-");
    let file = dir.path().join("a.png");
    std::fs::write(&file, b"png").unwrap();
    // Plain http to another machine is refused before anything is sent.
    let e = c
        .upload_file(
            rt::Upload {
                url: "http://upload.example.invalid/obj",
                content_type: "image/png",
                headers: &[],
            },
            &file,
            |_, _| {},
        )
        .await
        .unwrap_err();
    assert_eq!(e.delivery(), rt::Delivery::NotSent);
    assert!(
        matches!(e.kind(), rt::ErrorKind::Transfer(why) if why.contains("not https")),
        "{e}"
    );
    let e = c
        .download_file(
            "http://files.example.invalid/v.mp4",
            &dir.path().join("v.mp4"),
            |_, _| {},
        )
        .await
        .unwrap_err();
    assert!(matches!(e.kind(), rt::ErrorKind::Transfer(_)), "{e}");

    // A download the host refuses writes nothing, not even its part file.
    let to = dir.path().join("v.mp4");
    let e = c
        .download_file(&format!("{}gone", server.url()), &to, |_, _| {})
        .await
        .unwrap_err();
    assert!(
        matches!(e.kind(), rt::ErrorKind::Http { status: 404, .. }),
        "{e}"
    );
    assert!(!to.exists() && !dir.path().join("v.mp4.part").exists());
    assert!(
        server
            .requests()
            .iter()
            .all(|r| !r.headers.contains_key("authorization"))
    );
}

/// A video task that says it needs 20 s more is polled 20 s later, not on the doubling
/// schedule (1, 2, 4 ... s); one that says nothing is polled on that schedule. On the paused
/// clock, so that the times are exact.
#[tokio::test(start_paused = true)]
async fn a_video_wait_polls_when_the_service_expects_the_task_to_be_done() {
    use compshare_model::actions::GetVideoTaskRequest;
    use compshare_model::mock::{Mock, MockResponse};
    let doubling = vec![0, 1, 3, 7, 15, 31];
    // An estimate that has passed (0 s) is no guide: the pauses back off as without one.
    for (estimate, want) in [
        (Some(20), vec![0, 20, 40]),
        (None, doubling.clone()),
        (Some(0), doubling),
    ] {
        let mock = Mock::new();
        let started = tokio::time::Instant::now();
        let arrivals = Arc::new(Mutex::new(Vec::new()));
        let seen = arrivals.clone();
        mock.respond::<GetVideoTaskRequest>(move |_| {
            let mut seen = seen.lock().unwrap();
            seen.push(started.elapsed().as_secs());
            let guided = estimate == Some(20);
            let estimate = estimate.map_or(String::new(), |s| {
                format!(r#","estimated_remaining_seconds":{s}"#)
            });
            let status = if seen.len() < want_polls(!guided) {
                "running"
            } else {
                "succeeded"
            };
            MockResponse::json(format!(
                r#"{{"task":{{"id":"vt-1","status":"{status}"{estimate}}}}}"#
            ))
        });
        let c = Client::builder()
            .credentials(Credentials::bearer(KEY))
            .mock(&mock)
            .build()
            .unwrap();
        let done = c
            .get_video_task()
            .task_id("vt-1")
            .wait_until_video_done(
                rt::Wait::new(Duration::from_secs(600))
                    .delays(Duration::from_secs(1), Duration::from_secs(30)),
            )
            .await
            .unwrap();
        assert_eq!(done.task.status, Some(TaskStatus::Succeeded));
        assert_eq!(*arrivals.lock().unwrap(), want, "estimate {estimate:?}");
    }
}

/// Polls until the task succeeds: three when guided, six on the doubling schedule.
fn want_polls(unguided: bool) -> usize {
    if unguided { 6 } else { 3 }
}
