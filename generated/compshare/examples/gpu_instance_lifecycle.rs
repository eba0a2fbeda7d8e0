// Copied by `cargo xtask generate` from spec/ucompshare/examples. Do not edit.

//! Creates a GPU instance, waits until it runs, stops it, waits until it is stopped, and
//! deletes it. This costs money: it creates a real instance billed by the hour.
//!
//! Environment: UCLOUD_PUBLIC_KEY, UCLOUD_PRIVATE_KEY, UCLOUD_REGION and UCLOUD_ZONE (or the
//! `~/.ucloud` files); COMPSHARE_IMAGE_ID (the image to install, required); optionally
//! COMPSHARE_GPU_TYPE (default `4090`) and COMPSHARE_PASSWORD (login password, plain text; the
//! SDK sends it Base64-encoded, as the API wants).
//!
//!     cargo run -p compshare --example gpu_instance_lifecycle

use std::time::Duration;

use compshare::Client;
use compshare::types::{ChargeType, InstanceDisk};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let image = std::env::var("COMPSHARE_IMAGE_ID").map_err(|_| "set COMPSHARE_IMAGE_ID")?;
    let gpu_type = std::env::var("COMPSHARE_GPU_TYPE").unwrap_or_else(|_| "4090".to_owned());

    let mut create = client
        .create_comp_share_instance()
        .name("compshare-rs-example")
        .comp_share_image_id(image)
        .machine_type("G")
        .gpu_type(gpu_type)
        .gpu(1)
        .cpu(16)
        .memory(65536)
        .charge_type(ChargeType::Postpay)
        .disks([InstanceDisk::new(true, 100, "CLOUD_SSD")]);
    if let Ok(password) = std::env::var("COMPSHARE_PASSWORD") {
        create = create.password(password);
    }
    // Not retried once sent: on an unclear failure, check the console before trying again.
    let created = create.send().await?;
    let id = created
        .u_host_ids
        .first()
        .ok_or("no instance id in the response")?
        .clone();
    println!("created {id}");

    let running = client
        .describe_comp_share_instance()
        .u_host_ids([id.clone()])
        .wait_until_instance_running(Duration::from_secs(900))
        .await?;
    let instance = &running.u_host_set[0];
    println!(
        "running; ssh: {}",
        instance.ssh_login_command.as_deref().unwrap_or("-")
    );

    client
        .stop_comp_share_instance()
        .u_host_id(id.clone())
        .send()
        .await?;
    client
        .describe_comp_share_instance()
        .u_host_ids([id.clone()])
        .wait_until_instance_stopped(Duration::from_secs(600))
        .await?;
    println!("stopped");

    client
        .terminate_comp_share_instance()
        .u_host_id(id.clone())
        .send()
        .await?;
    println!("deleted {id}");
    Ok(())
}
