//! Runs one measured case a given number of times, so that an instruction counter can
//! compare the SDK with its baselines deterministically: `scripts/count-instructions.sh`.
//!
//! Usage: `count CASE RUNS`, CASE one of the names in `CASES`.

#[path = "../benches/common/mod.rs"]
mod common;

use common::cases::{Calls, Sign, client, floor_sign, large_request, small_request, unsigned};
use common::{IMAGES_100, StrictAnswer};
use compshare_runtime::Common;

const CASES: &[&str] = &[
    "encode-small-sdk",
    "encode-small-floor",
    "encode-large-sdk",
    "encode-large-floor",
    "decode-100-sdk",
    "decode-100-serde",
    "call-sdk",
    "call-bare",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(case), Some(runs)) = (args.next(), args.next().and_then(|n| n.parse::<u64>().ok()))
    else {
        eprintln!("usage: count CASE RUNS; CASE: {}", CASES.join(", "));
        std::process::exit(2);
    };
    let c = client("http://127.0.0.1:9");
    let common = Common::default();
    type Images = compshare::actions::DescribeCommunityImagesRequest;
    let run: Box<dyn Fn()> = match case.as_str() {
        "encode-small-sdk" => {
            let r = small_request(&c);
            Box::new(move || drop(std::hint::black_box(r.sign(&c, &common))))
        }
        "encode-large-sdk" => {
            let r = large_request(&c);
            Box::new(move || drop(std::hint::black_box(r.sign(&c, &common))))
        }
        "encode-small-floor" => {
            let params = unsigned(&small_request(&c), &c);
            Box::new(move || drop(std::hint::black_box(floor_sign(&params))))
        }
        "encode-large-floor" => {
            let params = unsigned(&large_request(&c), &c);
            Box::new(move || drop(std::hint::black_box(floor_sign(&params))))
        }
        "decode-100-sdk" => Box::new(|| {
            let reply = compshare_runtime::decode_reply::<Images>(200, IMAGES_100, None);
            drop(std::hint::black_box(reply.expect("decodes")));
        }),
        "decode-100-serde" => Box::new(|| {
            let answer = serde_json::from_slice::<StrictAnswer>(IMAGES_100);
            drop(std::hint::black_box(answer.expect("strict")));
        }),
        "call-sdk" | "call-bare" => {
            let calls = Calls::new();
            if case == "call-sdk" {
                Box::new(move || calls.sdk())
            } else {
                Box::new(move || calls.bare())
            }
        }
        other => {
            eprintln!("unknown case {other}; cases: {}", CASES.join(", "));
            std::process::exit(2);
        }
    };
    for _ in 0..runs {
        run();
    }
}
