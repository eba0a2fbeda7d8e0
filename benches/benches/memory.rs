//! Peak memory of decoding a 30 MB answer, beside a strict serde_json struct read from the
//! same bytes: `cargo bench -p compshare-benches --bench memory`.
//!
//! A counting allocator records the most memory held at once during each decode, beyond
//! what was held before it (the body itself). The decoded-memory budget stays in force: the
//! SDK decodes with its defaults, as a call would.

mod common;

use compshare_e2e::counting::Counting;

use common::{StrictAnswer, images_answer};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mb(bytes: usize) -> f64 {
    bytes as f64 / (1 << 20) as f64
}

fn main() {
    type Request = compshare::actions::DescribeCommunityImagesRequest;
    let body = images_answer(30 << 20);
    let (ours, ours_peak) = Counting::peak_of(|| {
        compshare_runtime::decode_reply::<Request>(200, &body, None).expect("decodes")
    });
    let (theirs, theirs_peak) =
        Counting::peak_of(|| serde_json::from_slice::<StrictAnswer>(&body).expect("strict"));
    assert_eq!(ours.output.image_set.len(), theirs.image_set.len());
    println!(
        "decode a {:.1} MB answer ({} images), peak memory beyond the body:",
        mb(body.len()),
        theirs.image_set.len()
    );
    println!(
        "  SDK {:.1} MB ({:.2}x the body), strict serde_json {:.1} MB ({:.2}x the body): \
         {:.2}x serde_json's",
        mb(ours_peak),
        ours_peak as f64 / body.len() as f64,
        mb(theirs_peak),
        theirs_peak as f64 / body.len() as f64,
        ours_peak as f64 / theirs_peak as f64
    );
}
