//! What the benchmarks share: the checked-in response, a 30 MB response grown from it, and
//! the strict serde_json baseline (a `#[derive(Deserialize)]` struct shaped exactly as the
//! data, no leniency).

#![allow(dead_code)] // Each bench binary uses part of it.

use serde::Deserialize;

pub mod cases;

/// A `DescribeCommunityImages` answer: 100 images, every field the spec declares, shaped as
/// the live API sends them (see `data/make_images.py`).
pub const IMAGES_100: &[u8] = include_bytes!("../../data/describe_community_images_100.json");

/// The same images repeated to about `bytes`, as one answer.
pub fn images_answer(bytes: usize) -> Vec<u8> {
    let text = std::str::from_utf8(IMAGES_100).expect("UTF-8");
    let start = text.find("\"ImageSet\":[").expect("ImageSet") + "\"ImageSet\":[".len();
    let images = &text[start..text.len() - 2]; // without the closing `]}`
    let mut out = Vec::with_capacity(bytes + IMAGES_100.len());
    out.extend_from_slice(&IMAGES_100[..start]);
    let mut first = true;
    while out.len() < bytes {
        if !first {
            out.push(b',');
        }
        out.extend_from_slice(images.as_bytes());
        first = false;
    }
    out.extend_from_slice(b"]}");
    out
}

/// An answer with the first `n` images of the checked-in one.
pub fn first_images(n: usize) -> Vec<u8> {
    let mut value: serde_json::Value = serde_json::from_slice(IMAGES_100).expect("JSON");
    let set = value["ImageSet"].as_array_mut().expect("ImageSet");
    set.truncate(n);
    serde_json::to_vec(&value).expect("JSON")
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StrictAnswer {
    pub action: String,
    pub ret_code: i64,
    pub total_count: i64,
    pub image_set: Vec<StrictImage>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StrictImage {
    pub auth_info: i64,
    pub author: String,
    pub auto_start: bool,
    pub comp_share_image_id: String,
    pub container: String,
    pub cover: String,
    pub create_time: i64,
    pub created_count: i64,
    pub description: String,
    pub failed_reason: String,
    pub favorites_count: i64,
    pub group_id: String,
    pub image_charge: bool,
    pub image_owner_alias: String,
    pub image_type: String,
    pub image_use_time: i64,
    pub is_official: bool,
    pub name: String,
    pub owner: StrictOwner,
    pub price: f64,
    pub pub_time: i64,
    pub readme: String,
    pub size: i64,
    pub softwares: StrictSoftware,
    pub source_gpu_type: String,
    pub status: String,
    pub tags: Vec<String>,
    pub version_desc: String,
    pub version_name: String,
    pub visibility: i64,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StrictOwner {
    pub account_id: String,
    pub account_name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StrictSoftware {
    pub applications: Vec<String>,
    #[serde(rename = "CUDAVersion")]
    pub cuda_version: String,
    pub framework: String,
    pub framework_version: String,
}
