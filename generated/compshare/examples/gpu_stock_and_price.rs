// Copied by `cargo xtask generate` from spec/ucompshare/examples. Do not edit.

//! Finds the zones with free GPUs of one model and quotes an instance with one of them, by
//! the hour, in the first such zone.
//!
//! Environment: UCLOUD_PUBLIC_KEY, UCLOUD_PRIVATE_KEY and UCLOUD_REGION (e.g. `cn-wlcb`), or
//! the same settings in `~/.ucloud/config.json` and `~/.ucloud/credential.json`; optionally
//! COMPSHARE_GPU (default `4090`).
//!
//!     cargo run -p compshare --example gpu_stock_and_price

use std::collections::BTreeMap;

use compshare::Client;
use compshare::types::{ChargeType, GpuType};

#[tokio::main]
async fn main() -> Result<(), compshare::Error> {
    let client = Client::from_env()?;
    let model = std::env::var("COMPSHARE_GPU").unwrap_or_else(|_| "4090".to_owned());

    // Stock is keyed by pool, then by zone id, then by model; zone ids map to names.
    let zones = client.describe_comp_share_support_zone().send().await?;
    let names: BTreeMap<String, String> = zones
        .zone_info
        .iter()
        .filter_map(|z| Some((z.zone_id?.to_string(), z.zone.clone()?)))
        .collect();
    let stock = client.describe_comp_share_gpu_inventory().send().await?;
    let mut free = Vec::new();
    for (zone_id, models) in stock
        .gpu_inventory_by_zone
        .get("Exclusive")
        .into_iter()
        .flatten()
    {
        if let Some(&count) = models.get(&model).filter(|&&n| n > 0) {
            let zone = names
                .get(zone_id)
                .cloned()
                .unwrap_or_else(|| zone_id.clone());
            println!("{zone:<16} {count:>4} free {model}");
            free.push(zone);
        }
    }
    let Some(zone) = free.first() else {
        println!("no free {model} in any zone");
        return Ok(());
    };

    let quote = client
        .get_comp_share_instance_price()
        .zone(zone.as_str())
        .gpu_type(GpuType::from(model.as_str()))
        .gpu(1)
        .cpu(16)
        .memory(65536)
        .charge_type(ChargeType::Dynamic)
        .send()
        .await?;
    for detail in &quote.price_detail {
        println!(
            "{zone}: one {model}, {:?}: {:.2} yuan",
            detail.charge_type.as_ref().map(|c| c.as_str()),
            detail.list_price.unwrap_or_default()
        );
    }
    Ok(())
}
