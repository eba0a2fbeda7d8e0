//! Lists every community image with a tag, page by page, with the paginator: one line per
//! image (its group of versions) with the price of its first version.
//!
//! Environment: UCLOUD_PUBLIC_KEY, UCLOUD_PRIVATE_KEY, UCLOUD_REGION (e.g. `cn-wlcb`) and
//! UCLOUD_ZONE (e.g. `cn-wlcb-01`), or the same settings in `~/.ucloud/config.json` and
//! `~/.ucloud/credential.json`; optionally COMPSHARE_TAG (default `PyTorch`).
//!
//!     cargo run -p compshare --example list_community_images

use compshare::{Client, TryStreamExt};

#[tokio::main]
async fn main() -> Result<(), compshare::Error> {
    let client = Client::from_env()?;
    let tag = std::env::var("COMPSHARE_TAG").unwrap_or_else(|_| "PyTorch".to_owned());

    // Pages of 50 image groups (an image and its versions) are fetched as the stream is read;
    // it ends at the reported total.
    let mut groups = client
        .describe_community_images()
        .tag([tag])
        .into_paginator()
        .page_size(50)
        .items();
    let mut count = 0;
    while let Some(group) = groups.try_next().await? {
        count += 1;
        let latest = group.data.first();
        println!(
            "{:<24} {:<40} {:>8} yuan",
            group.group_id.as_deref().unwrap_or("-"),
            group.image_name.as_deref().unwrap_or("-"),
            latest.and_then(|image| image.price).unwrap_or_default()
        );
    }
    println!("{count} image groups");
    Ok(())
}
