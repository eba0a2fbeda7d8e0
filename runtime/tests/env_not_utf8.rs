//! A variable the configuration reads that is set but not UTF-8 is an error naming it, not
//! taken for unset. A binary of its own: it changes the process environment.

#![cfg(unix)]

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use compshare_runtime::{ClientBuilder, ServiceInfo};

static SERVICE: ServiceInfo = ServiceInfo {
    product: "UCompShare",
    default_base_url: "https://api.compshare.cn",
    crate_name: "compshare",
    crate_version: "0.1.0",
    sensitive: &[],
    retry_codes: &[],
    json_bodies: &[],
    protocol: compshare_runtime::Protocol::UCloudRpc,
    auth: compshare_runtime::Auth::UCloudSignature,
};

#[test]
fn a_variable_that_is_not_utf8_is_an_error_naming_it() {
    let home = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8]); 4] = [
        ("UCLOUD_PROFILE", b"staging\xff"),
        ("UCLOUD_API_BASE_URL", b"https://api.example.com/\xfe"),
        ("UCLOUD_SHARED_CREDENTIAL_FILE", b"/tmp/creds\xff.json"),
        ("UCLOUD_PRIVATE_KEY", b"key\xff"),
    ];
    for (name, value) in cases {
        // SAFETY: this binary runs this one test; nothing else reads the environment meanwhile.
        unsafe {
            std::env::set_var("HOME", home.path());
            std::env::set_var("UCLOUD_PUBLIC_KEY", "pk");
            std::env::set_var("UCLOUD_PRIVATE_KEY", "sk");
            std::env::set_var(name, OsStr::from_bytes(value));
        }
        let err = ClientBuilder::<compshare_runtime::Client>::new(&SERVICE)
            .load_shared_config()
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(&format!("{name} is set but not valid UTF-8")),
            "{name}: {err}"
        );
        // SAFETY: as above.
        unsafe { std::env::remove_var(name) };
    }
    // With the variables gone, the same environment loads.
    // SAFETY: as above.
    unsafe { std::env::set_var("UCLOUD_PRIVATE_KEY", "sk") };
    assert!(
        ClientBuilder::<compshare_runtime::Client>::new(&SERVICE)
            .load_shared_config()
            .is_ok()
    );
}
