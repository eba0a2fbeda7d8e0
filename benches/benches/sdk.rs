//! The SDK's own work per call, each figure beside a baseline measured in the same run:
//!
//! - encode + sign a small and a large request, against the floor: sorting, hashing (SHA-1)
//!   and hex-encoding the same ready strings;
//! - decode a real-shaped 100-image answer and a 30 MB one, against a strict
//!   `#[derive(Deserialize)]` struct read by serde_json;
//! - one call on a loopback keep-alive server, against a bare reqwest POST of the same body
//!   read by serde_json.
//!
//! `cargo bench -p compshare-benches --bench sdk` prints criterion's figures, then a table of
//! each figure's ratio to its baseline (medians). Each figure and its baseline take turns
//! (see [`in_turns`]), so that the machine's drift does not land on one of them. Criterion is used for its statistics
//! (warm-up, outliers, confidence intervals) and because it writes its estimates to disk,
//! from which the ratios are read.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use compshare::Client;
use compshare::types::InstanceDisk;
use compshare_runtime::Common;
use criterion::{Criterion, Throughput};
use sha1::{Digest, Sha1};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use common::{IMAGES_100, StrictAnswer, first_images, images_answer};

const PUBLIC: &str = "bench-public-key";
const PRIVATE: &str = "bench-private-key";

fn client(base_url: &str) -> Client {
    Client::builder()
        .credentials(compshare::Credentials::new(PUBLIC, PRIVATE))
        .base_url(base_url)
        .region("cn-wlcb")
        .zone("cn-wlcb-01")
        .project_id("org-bench")
        .build()
        .expect("client")
}

/// `DescribeSelfCommunityImages` with Limit and Tag: 8 parameters signed.
fn small_request(c: &Client) -> compshare::actions::DescribeSelfCommunityImagesRequest {
    c.describe_self_community_images()
        .limit(20)
        .tag("LLM")
        .into_input()
}

/// `CreateCompShareInstance` with two disks: 25 parameters signed.
fn large_request(c: &Client) -> compshare::actions::CreateCompShareInstanceRequest {
    let disk = |is_boot, size, kind: &str| InstanceDisk {
        is_boot,
        size,
        r#type: kind.into(),
    };
    c.create_comp_share_instance()
        .cpu(16)
        .memory(65536)
        .gpu(1)
        .gpu_type("4090")
        .machine_type("G")
        .charge_type("Dynamic")
        .comp_share_image_id("compshareImage-03fcf4c6b6")
        .disks([disk(true, 100, "CLOUD_SSD"), disk(false, 500, "CLOUD_RSSD")])
        .name("bench-instance")
        .password("Passw0rd-bench")
        .quantity(1)
        .security_group_id("firewall-bench")
        .login_mode("Password")
        .minimal_cpu_platform("Amd/Auto")
        .enable_us3(false)
        .into_input()
}

/// The floor of signing: the ready (key, value) strings sorted, hashed with the private key,
/// hex-encoded.
fn floor_sign(params: &[(String, String)]) -> String {
    let mut sorted: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut hasher = Sha1::new();
    for (k, v) in sorted {
        hasher.update(k);
        hasher.update(v);
    }
    hasher.update(PRIVATE);
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(40);
    for b in hasher.finalize() {
        hex.push(HEX[usize::from(b >> 4)] as char);
        hex.push(HEX[usize::from(b & 15)] as char);
    }
    hex
}

fn encode_sign(c: &mut Criterion) {
    let client = client("http://127.0.0.1:9");
    let common = Common::default();
    let small = small_request(&client);
    let large = large_request(&client);
    for (group, request) in [
        ("encode_sign_small", &small as &dyn Sign),
        ("encode_sign_large", &large as &dyn Sign),
    ] {
        let unsigned: Vec<(String, String)> = request
            .sign(&client, &common)
            .into_vec()
            .into_iter()
            .filter(|(k, _)| k != "Signature")
            .collect();
        let sdk = || {
            std::hint::black_box(request.sign(std::hint::black_box(&client), &common));
        };
        let floor = || {
            std::hint::black_box(floor_sign(std::hint::black_box(&unsigned)));
        };
        let mut g = c.benchmark_group(group);
        g.bench_function("sdk", |b| {
            b.iter_custom(|iters| in_turns(iters, 4096, sdk, floor))
        });
        g.bench_function("floor", |b| {
            b.iter_custom(|iters| in_turns(iters, 4096, floor, sdk))
        });
        g.finish();
    }
}

/// A request whose signed parameters can be asked for (object-safe over the two actions).
trait Sign {
    fn sign(&self, client: &Client, common: &Common) -> compshare_runtime::SignedParams;
}

impl<A: compshare_runtime::Action> Sign for A {
    fn sign(&self, client: &Client, common: &Common) -> compshare_runtime::SignedParams {
        client
            .runtime()
            .signed_params(self, common)
            .expect("signed")
    }
}

fn decode(c: &mut Criterion) {
    type Request = compshare::actions::DescribeCommunityImagesRequest;
    let large = images_answer(30 << 20);
    // (group, answer, samples, runs per turn)
    for (group, body, samples, batch) in [
        ("decode_100_images", IMAGES_100, 50, 64),
        ("decode_30_mb", &large[..], 10, 1),
    ] {
        // Both sides must read the whole answer for the comparison to mean anything.
        let ours = compshare_runtime::decode_reply::<Request>(200, body, None).expect("decodes");
        assert!(ours.mismatches().is_empty(), "{:?}", ours.mismatches());
        let theirs: StrictAnswer = serde_json::from_slice(body).expect("strict");
        assert_eq!(ours.output.image_set.len(), theirs.image_set.len());

        let sdk = || {
            std::hint::black_box(compshare_runtime::decode_reply::<Request>(200, body, None))
                .expect("decodes");
        };
        let serde = || {
            std::hint::black_box(serde_json::from_slice::<StrictAnswer>(body)).expect("strict");
        };
        let mut g = c.benchmark_group(group);
        g.sample_size(samples);
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function("sdk", |b| {
            b.iter_custom(|iters| in_turns(iters, batch, sdk, serde))
        });
        g.bench_function("serde_strict", |b| {
            b.iter_custom(|iters| in_turns(iters, batch, serde, sdk))
        });
        g.finish();
    }
}

/// The head of the last request a [`start_server`] server read.
type LastHead = Arc<std::sync::Mutex<String>>;

/// A minimal HTTP/1.1 keep-alive server on 127.0.0.1, answering every request with `body`,
/// on a thread of its own (as a remote server would be).
fn start_server(body: Vec<u8>, last_head: LastHead) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    listener.set_nonblocking(true).expect("nonblocking");
    let mut head = Vec::new();
    let _ = write!(
        head,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    head.extend_from_slice(&body);
    let answer: Arc<[u8]> = head.into();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(connection(stream, answer.clone(), last_head.clone()));
            }
        });
    });
    format!("http://{addr}")
}

async fn connection(mut stream: tokio::net::TcpStream, answer: Arc<[u8]>, last_head: LastHead) {
    let _ = stream.set_nodelay(true);
    let mut buf: Vec<u8> = Vec::with_capacity(16 << 10);
    loop {
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            match stream.read_buf(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let length: usize = head
            .lines()
            .find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("content-length").then_some(value)
            })
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        while buf.len() < head_end + length {
            match stream.read_buf(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
        buf.drain(..head_end + length);
        if let Ok(mut last) = last_head.lock() {
            *last = head;
        }
        if stream.write_all(&answer).await.is_err() {
            return;
        }
    }
}

fn call(c: &mut Criterion) {
    let last_head = LastHead::default();
    let url = start_server(first_images(1), last_head.clone());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let sdk = client(&url);
    let bare = reqwest::Client::new();
    // The bare POST sends exactly what the SDK sends for this call: the body here, the
    // headers below.
    let call = || sdk.describe_community_images().limit(20).tag("LLM");
    let body = sdk
        .runtime()
        .signed_params(&call().into_input(), &Common::default())
        .expect("signed")
        .to_form_body();
    let out = rt.block_on(call().send()).expect("SDK call");
    assert_eq!(out.image_set.len(), 1);
    // The same headers too (reqwest adds Host and Content-Length itself).
    let mut headers = reqwest::header::HeaderMap::new();
    for line in last_head.lock().expect("head").lines().skip(1) {
        if let Some((name, value)) = line.split_once(':')
            && !["host", "content-length"].contains(&name.to_ascii_lowercase().as_str())
        {
            let name = reqwest::header::HeaderName::from_bytes(name.as_bytes()).expect("name");
            headers.insert(name, value.trim().parse().expect("value"));
        }
    }
    assert!(headers.contains_key("u-timestamp-ms"), "{headers:?}");

    let sdk_call = || {
        rt.block_on(call().send()).expect("SDK call");
    };
    let bare_call = || {
        rt.block_on(async {
            let bytes = bare
                .post(&url)
                .headers(headers.clone())
                .body(body.clone())
                .send()
                .await
                .expect("POST")
                .bytes()
                .await
                .expect("body");
            serde_json::from_slice::<StrictAnswer>(&bytes).expect("strict")
        });
    };
    let mut g = c.benchmark_group("call_loopback");
    g.bench_function("sdk", |b| {
        b.iter_custom(|iters| in_turns(iters, 1, sdk_call, bare_call))
    });
    g.bench_function("bare_reqwest", |b| {
        b.iter_custom(|iters| in_turns(iters, 1, bare_call, sdk_call))
    });
    g.finish();
}

/// The time of `iters` runs of `timed`, in batches of `batch`, each batch followed by as
/// many untimed runs of its baseline `other`.
///
/// This machine's speed drifts within a run by more than some differences measured here, so
/// a figure and its baseline take turns, and both are measured under the same conditions.
/// Batches keep the clock's own cost out of nanosecond figures.
fn in_turns(iters: u64, batch: u64, timed: impl Fn(), other: impl Fn()) -> Duration {
    let mut total = Duration::ZERO;
    let mut left = iters;
    while left > 0 {
        let n = left.min(batch);
        let start = Instant::now();
        for _ in 0..n {
            timed();
        }
        total += start.elapsed();
        for _ in 0..n {
            other();
        }
        left -= n;
    }
    total
}

/// Rounds of every benchmark in one `cargo bench`: the machine is shared and its speed
/// drifts, so each ratio is reported from the median round, with the range.
const ROUNDS: usize = 3;

/// Each figure, its baseline and goal: (group, subject, baseline, what, goal as a ratio).
const FIGURES: &[(&str, &str, &str, &str, f64)] = &[
    (
        "encode_sign_small",
        "sdk",
        "floor",
        "encode + sign, 8 parameters, vs sorting, SHA-1 and hex of the same strings",
        1.5,
    ),
    (
        "encode_sign_large",
        "sdk",
        "floor",
        "encode + sign, 25 parameters (2 disks), vs the same floor",
        1.5,
    ),
    (
        "decode_100_images",
        "sdk",
        "serde_strict",
        "decode 100 images (146 KB), vs a strict serde_json struct",
        0.6,
    ),
    (
        "decode_30_mb",
        "sdk",
        "serde_strict",
        "decode a 30 MB answer, vs a strict serde_json struct",
        0.6,
    ),
    (
        "call_loopback",
        "sdk",
        "bare_reqwest",
        "one call on a loopback keep-alive server, vs bare reqwest + serde_json",
        1.03,
    ),
];

/// Criterion's median estimate of a benchmark, in nanoseconds, if it ran in this run (since
/// `started`): a filtered run must not show figures left from an earlier one.
fn median_ns(home: &Path, started: SystemTime, group: &str, bench: &str) -> Option<f64> {
    let path = home.join(group).join(bench).join("new/estimates.json");
    if std::fs::metadata(&path).ok()?.modified().ok()? < started {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    value["median"]["point_estimate"].as_f64()
}

fn shown(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} us", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// One round's medians (figure, baseline) in nanoseconds, per entry of [`FIGURES`] measured.
type Round = Vec<Option<(f64, f64)>>;

fn collect(home: &Path, started: SystemTime) -> Round {
    FIGURES
        .iter()
        .map(|&(group, subject, baseline, _, _)| {
            Some((
                median_ns(home, started, group, subject)?,
                median_ns(home, started, group, baseline)?,
            ))
        })
        .collect()
}

/// Per figure, the round with the median ratio, and the range of ratios over the rounds.
fn summary(rounds: &[Round]) {
    let bytes = |group: &str| match group {
        "decode_100_images" => Some(IMAGES_100.len()),
        "decode_30_mb" => Some(images_answer(30 << 20).len()),
        _ => None,
    };
    if rounds.iter().flatten().all(Option::is_none) {
        return; // nothing measured: `cargo test`, or a filter that matched no pair
    }
    println!(
        "\nratios of medians, measured in this run ({} round(s); the median round, and the range):",
        rounds.len()
    );
    for (i, &(group, _, _, what, goal)) in FIGURES.iter().enumerate() {
        let mut pairs: Vec<(f64, f64)> = rounds.iter().filter_map(|r| r[i]).collect();
        if pairs.is_empty() {
            continue;
        }
        pairs.sort_by(|a, b| (a.0 / a.1).total_cmp(&(b.0 / b.1)));
        let (s, b) = pairs[pairs.len() / 2];
        let ratio = s / b;
        let (low, high) = (pairs[0].0 / pairs[0].1, {
            let last = pairs[pairs.len() - 1];
            last.0 / last.1
        });
        let verdict = if ratio <= goal { "meets" } else { "misses" };
        let speed = bytes(group)
            .map(|n| format!(", {:.0} MB/s", n as f64 / s * 1e3))
            .unwrap_or_default();
        println!(
            "  {what}\n    {} vs {} -> {ratio:.2}x ({low:.2}-{high:.2}x; goal <= {goal}x: {verdict}){speed}",
            shown(s),
            shown(b)
        );
    }
}

fn main() {
    // Criterion writes its estimates under CRITERION_HOME; the summary reads them back.
    let home = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("criterion");
    // SAFETY: set before any other thread exists.
    unsafe { std::env::set_var("CRITERION_HOME", &home) };
    // `cargo bench` passes `--bench`; `cargo test` runs each benchmark once, in one round.
    let rounds = if std::env::args().any(|a| a == "--bench") {
        ROUNDS
    } else {
        1
    };
    let mut results = Vec::new();
    for _ in 0..rounds {
        // A new instance per round: one would give repeated benchmarks new names.
        let mut c = Criterion::default()
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3))
            .configure_from_args();
        let started = SystemTime::now();
        encode_sign(&mut c);
        decode(&mut c);
        call(&mut c);
        c.final_summary();
        results.push(collect(&home, started));
    }
    summary(&results);
}
