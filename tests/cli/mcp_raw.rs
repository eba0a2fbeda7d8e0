//! `compshare-rs mcp` spoken to line by line, as a client with bugs (or a hostile one) would:
//! messages JSON cannot hold, arguments of the wrong shape, a cancellation of a write on the
//! wire, and start-up flags out of range.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::*;

/// The server on pipes, its answers by line.
struct Raw {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
    stderr: Arc<Mutex<String>>,
}

impl Raw {
    fn start(url: &str, extra: &[&str]) -> Raw {
        let mut args = vec!["mcp"];
        args.extend_from_slice(extra);
        let mut c = command(url, &args, &[]);
        c.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        let stdin = child.stdin.take().unwrap();
        let (tx, lines) = channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&line);
                sink.lock().unwrap().push('\n');
            }
        });
        let mut raw = Raw {
            child,
            stdin,
            lines,
            stderr,
        };
        raw.send(r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#);
        raw.answer(&json!(0));
        raw.send(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#);
        raw
    }

    fn send(&mut self, line: &str) {
        self.stdin.write_all(line.as_bytes()).unwrap();
        self.stdin.write_all(b"\n").unwrap();
        self.stdin.flush().unwrap();
    }

    /// The answer to request `id` (a generous limit only stops a hung test).
    fn answer(&mut self, id: &Value) -> Value {
        loop {
            let line = self
                .lines
                .recv_timeout(Duration::from_secs(120))
                .unwrap_or_else(|_| panic!("no answer to {id}"));
            let v: Value = serde_json::from_str(&line).unwrap();
            if v.get("id") == Some(id) {
                return v;
            }
        }
    }
}

/// Waits until `done` (a generous limit only stops a hung test).
/// Previews the create the cancellation tests send, as call `id`: its confirm_token.
fn preview(raw: &mut Raw, id: u64) -> String {
    raw.send(&format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"tools/call","params":{{"name":"CreateCompShareInstance","arguments":{{"CPU":16,"GPU":1,"GpuType":"4090","MachineType":"G","Memory":65536,"CompShareImageId":"img-1"}}}}}}"#));
    let answer = raw.answer(&json!(id));
    answer["result"]["structuredContent"]["confirm_token"]
        .as_str()
        .unwrap_or_else(|| panic!("a preview with a confirm_token: {answer}"))
        .to_owned()
}

fn until(done: impl Fn() -> bool, what: &str) {
    let start = std::time::Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "waited in vain for {what}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

impl Drop for Raw {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn messages_json_cannot_hold_are_answered_by_id() {
    let server = serve(r#"{"RetCode":0,"TotalCount":0,"UHostSet":[]}"#).await;
    let url = server.url();
    tokio::task::spawn_blocking(move || {
        let mut raw = Raw::start(&url, &[]);
        let call = |id: &str, arguments: &str| {
            format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"tools/call","params":{{"name":"DescribeCompShareInstance","arguments":{arguments}}}}}"#)
        };
        let deep = format!("{{\"Tag\":{}1{}}}", "[".repeat(200), "]".repeat(200));
        for (id, line, code) in [
            (json!(5), call("5", r#"{"Limit":1e400}"#), -32700),
            (json!("s1"), call(r#""s1""#, r#"{"Tag":"\ud800"}"#), -32700),
            (json!(7), call("7", &deep), -32700),
            (json!(8), call("8", r#""Limit=1""#), -32602),
            (json!(9), call("9", "[1]"), -32602),
        ] {
            raw.send(&line);
            let answer = raw.answer(&id);
            assert_eq!(answer["error"]["code"], code, "{line}: {answer}");
        }
        // And it keeps serving.
        raw.send(&call("10", r#"{"Limit":1}"#));
        let answer = raw.answer(&json!(10));
        assert_eq!(answer["result"]["isError"], false, "{answer}");
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_confirmed_create_cancelled_on_the_wire_still_answers_with_its_password() {
    let arrived = Arc::new(AtomicBool::new(false));
    let gate = Arc::new((Mutex::new(false), Condvar::new()));
    let (seen, held) = (arrived.clone(), gate.clone());
    let server = TestServer::start(move |r| match r.param("Action") {
        Some("CreateCompShareInstance") => {
            seen.store(true, Ordering::SeqCst);
            // Held until the test has cancelled the call (a limit only stops a hung test).
            let (open, cv) = &*held;
            let guard = open.lock().unwrap();
            let _ = cv
                .wait_timeout_while(guard, Duration::from_secs(120), |open| !*open)
                .unwrap();
            Answer::json(r#"{"RetCode":0,"UHostIds":["uhost-1"]}"#)
        }
        _ => {
            Answer::json(r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"PriceDetails":[{"ChargeType":"Postpay","Instance":1}]}"#)
        }
    })
    .await;
    let url = server.url();
    let answer = tokio::task::spawn_blocking(move || {
        let mut raw = Raw::start(&url, &["--allow-writes", "--toolsets", "all"]);
        let token = preview(&mut raw, 20);
        raw.send(&format!(r#"{{"jsonrpc":"2.0","id":21,"method":"tools/call","params":{{"name":"CreateCompShareInstance","arguments":{{"CPU":16,"GPU":1,"GpuType":"4090","MachineType":"G","Memory":65536,"CompShareImageId":"img-1","confirm":"{token}"}}}}}}"#));
        until(|| arrived.load(Ordering::SeqCst), "the create to arrive");
        raw.send(r#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":21,"reason":"the user gave up"}}"#);
        until(
            || raw.stderr.lock().unwrap().contains("cannot be undone"),
            "the server to hold the cancellation back",
        );
        let (open, cv) = &*gate;
        *open.lock().unwrap() = true;
        cv.notify_all();
        raw.answer(&json!(21))
    })
    .await
    .unwrap();
    let doc = &answer["result"]["structuredContent"];
    assert_eq!(doc["sent"], true, "{answer}");
    assert_eq!(doc["output"]["UHostIds"][0], "uhost-1");
    assert_eq!(
        doc["generated"]["Password"].as_str().map(str::len),
        Some(20),
        "{answer}"
    );
    let creates = sent_actions(&server)
        .iter()
        .filter(|a| *a == "CreateCompShareInstance")
        .count();
    assert_eq!(creates, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_cancelled_before_it_is_sent_is_never_sent() {
    let gate = Arc::new((Mutex::new(false), Condvar::new()));
    let held = gate.clone();
    let quotes = std::sync::atomic::AtomicUsize::new(0);
    let server = TestServer::start(move |r| match r.param("Action") {
        // The confirmed call's quote (the second) is held until the cancellation has been read.
        Some("GetCompShareInstancePrice") if quotes.fetch_add(1, Ordering::SeqCst) > 0 => {
            let (open, cv) = &*held;
            let guard = open.lock().unwrap();
            let _ = cv
                .wait_timeout_while(guard, Duration::from_secs(120), |open| !*open)
                .unwrap();
            Answer::json(r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"PriceDetails":[{"ChargeType":"Postpay","Instance":1}]}"#)
        }
        // The preview's, at once, at the same price.
        Some("GetCompShareInstancePrice") => Answer::json(r#"{"RetCode":0,"PriceDetails":[{"ChargeType":"Postpay","Instance":1}]}"#),
        Some("CreateCompShareInstance") => Answer::json(r#"{"RetCode":0,"UHostIds":["uhost-1"]}"#),
        Some("CheckCompShareResourceCapacity") => Answer::json(STOCK),
        _ => Answer::json(r#"{"RetCode":0,"TotalCount":0,"UHostSet":[]}"#),
    })
    .await;
    let url = server.url();
    let seen = tokio::task::spawn_blocking(move || {
        let mut raw = Raw::start(&url, &["--allow-writes", "--toolsets", "all"]);
        let token = preview(&mut raw, 30);
        raw.send(&format!(r#"{{"jsonrpc":"2.0","id":31,"method":"tools/call","params":{{"name":"CreateCompShareInstance","arguments":{{"CPU":16,"GPU":1,"GpuType":"4090","MachineType":"G","Memory":65536,"CompShareImageId":"img-1","confirm":"{token}"}}}}}}"#));
        raw.send(r#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":31}}"#);
        until(
            || raw.stderr.lock().unwrap().contains("request 31 cancelled"),
            "the server to read the cancellation",
        );
        let (open, cv) = &*gate;
        *open.lock().unwrap() = true;
        cv.notify_all();
        // A later call's answer comes after the cancelled one has run its course.
        raw.send(r#"{"jsonrpc":"2.0","id":32,"method":"tools/call","params":{"name":"DescribeCompShareInstance","arguments":{}}}"#);
        let mut seen = Vec::new();
        loop {
            let line = raw.lines.recv_timeout(Duration::from_secs(120)).expect("an answer to 32");
            let v: Value = serde_json::from_str(&line).unwrap();
            let last = v["id"] == json!(32);
            seen.push(v);
            if last {
                break seen;
            }
        }
    })
    .await
    .unwrap();
    assert!(seen.iter().all(|v| v["id"] != json!(31)), "{seen:?}");
    assert!(
        !sent_actions(&server).contains(&"CreateCompShareInstance".to_owned()),
        "{:?}",
        sent_actions(&server)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_absurd_deadline_is_refused_at_start_up() {
    for deadline in ["6000000000000000000", "0", "86401"] {
        let out = command("http://127.0.0.1:9", &["mcp", "--deadline", deadline], &[])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{deadline}: {}", stderr(&out));
        assert!(stderr(&out).contains("--deadline"), "{}", stderr(&out));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_listing_of_large_items_is_cut_by_size_and_says_so() {
    let name = "x".repeat(20_000);
    let server = TestServer::start(move |r| {
        let offset: usize = r.param("Offset").unwrap_or("0").parse().unwrap();
        let items: Vec<String> = (offset..(offset + 100).min(1000))
            .map(|i| format!(r#"{{"UHostId":"uhost-{i}","Name":"{name}"}}"#))
            .collect();
        Answer::json(&format!(
            r#"{{"RetCode":0,"TotalCount":1000,"UHostSet":[{}]}}"#,
            items.join(",")
        ))
    })
    .await;
    let client = crate::mcp::connect(&server, &[]).await;
    // A client drops an answer too large for it, and would wait for ever: a limit stops that.
    let r = tokio::time::timeout(
        Duration::from_secs(120),
        crate::mcp::call(
            &client,
            "DescribeCompShareInstance",
            json!({"all": true, "max_items": 10000}),
        ),
    )
    .await
    .expect("an answer");
    let d = crate::mcp::doc(&r);
    assert_eq!(d["truncated"], true);
    let size = serde_json::to_string(d).unwrap().len();
    assert!(size <= 1 << 20, "{size} bytes");
    assert!(d["count"].as_u64().unwrap() > 10, "{}", d["count"]);
    assert!(d["note"].as_str().unwrap().contains("KiB"));
    client.cancel().await.unwrap();
}
