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

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use compshare_runtime::Common;
use criterion::{Criterion, Throughput};

use common::cases::{Calls, Sign, client, floor_sign, large_request, small_request, unsigned};
use common::{IMAGES_100, StrictAnswer, images_answer};

fn encode_sign(c: &mut Criterion) {
    let client = client("http://127.0.0.1:9");
    let common = Common::default();
    let small = small_request(&client);
    let large = large_request(&client);
    for (group, request) in [
        ("encode_sign_small", &small as &dyn Sign),
        ("encode_sign_large", &large as &dyn Sign),
    ] {
        let unsigned = unsigned(request, &client);
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
        assert!(ours.mismatches.is_empty(), "{:?}", ours.mismatches);
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

fn call(c: &mut Criterion) {
    let calls = Calls::new();
    let (sdk, bare) = (|| calls.sdk(), || calls.bare());
    let mut g = c.benchmark_group("call_loopback");
    g.bench_function("sdk", |b| {
        b.iter_custom(|iters| in_turns(iters, 1, sdk, bare))
    });
    g.bench_function("bare_reqwest", |b| {
        b.iter_custom(|iters| in_turns(iters, 1, bare, sdk))
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
