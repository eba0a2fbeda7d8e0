// Copied by `cargo xtask generate` from spec/ucompshare/examples. Do not edit.

//! Lists the community images you have published, in every state.
//!
//! Environment: UCLOUD_PUBLIC_KEY and UCLOUD_PRIVATE_KEY (required); UCLOUD_REGION (default
//! `cn-wlcb`), UCLOUD_ZONE and UCLOUD_API_BASE_URL (default `https://api.compshare.cn`).
//!
//!     cargo run -p compshare --example describe_self_community_images

use std::env;

use compshare::{Client, Credentials};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let required = |name: &str| env::var(name).map_err(|_| format!("set {name}"));
    let mut builder = Client::builder()
        .credentials(Credentials::new(
            required("UCLOUD_PUBLIC_KEY")?,
            required("UCLOUD_PRIVATE_KEY")?,
        ))
        .region(env::var("UCLOUD_REGION").unwrap_or_else(|_| "cn-wlcb".to_owned()));
    if let Ok(zone) = env::var("UCLOUD_ZONE") {
        builder = builder.zone(zone);
    }
    if let Ok(url) = env::var("UCLOUD_API_BASE_URL") {
        builder = builder.base_url(url);
    }
    let client = builder.build()?;

    let reply = client
        .describe_self_community_images()
        .limit(20)
        .send_with_meta()
        .await?;
    let out = reply.output;
    println!(
        "{} images, {} groups with a published version (request id {})",
        out.total_count,
        out.available_total_count,
        reply.request_id.as_deref().unwrap_or("-")
    );
    for group in &out.compshare_image_group {
        let name = group.image_name.as_deref().unwrap_or("(unnamed)");
        let status = group.status.as_ref().map(|s| s.as_str()).unwrap_or("-");
        println!("{name} [{status}]: {} versions", group.data.len());
        for image in &group.data {
            println!(
                "  {} {} {} MB",
                image.comp_share_image_id.as_deref().unwrap_or("-"),
                image.version_name.as_deref().unwrap_or("-"),
                image.size.unwrap_or_default()
            );
        }
    }
    Ok(())
}
