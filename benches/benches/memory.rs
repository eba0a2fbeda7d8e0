//! Peak memory of decoding a 30 MB answer, beside a strict serde_json struct read from the
//! same bytes: `cargo bench -p compshare-benches --bench memory`.
//!
//! A counting allocator records the most memory held at once during each decode, beyond
//! what was held before it (the body itself). The decoded-memory budget stays in force: the
//! SDK decodes with its defaults, as a call would.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{StrictAnswer, images_answer};

struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: defers to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let held = HELD.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(held, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, new) };
        if !q.is_null() {
            if new > layout.size() {
                let held =
                    HELD.fetch_add(new - layout.size(), Ordering::Relaxed) + new - layout.size();
                PEAK.fetch_max(held, Ordering::Relaxed);
            } else {
                HELD.fetch_sub(layout.size() - new, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most memory held at once while `f` runs (its result included), beyond what was held
/// before.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = HELD.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed) - before)
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / (1 << 20) as f64
}

fn main() {
    type Request = compshare::actions::DescribeCommunityImagesRequest;
    let body = images_answer(30 << 20);
    let (ours, ours_peak) =
        peak_of(|| compshare_runtime::decode_reply::<Request>(200, &body, None).expect("decodes"));
    let (theirs, theirs_peak) =
        peak_of(|| serde_json::from_slice::<StrictAnswer>(&body).expect("strict"));
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
