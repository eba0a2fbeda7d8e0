//! How the crates fit together for users: the names they write, the versions they get.

use std::path::Path;

/// `compshare::ClientBuilder` is the type `Client::builder()` returns, so a function taking
/// one accepts the other.
#[test]
fn the_builder_alias_is_what_client_builder_returns() {
    fn configure(builder: compshare::ClientBuilder) -> compshare::ClientBuilder {
        builder.region("cn-wlcb")
    }
    let client = configure(compshare::Client::builder())
        .credentials(compshare::Credentials::new("pub", "priv"))
        .build()
        .unwrap();
    assert_eq!(client.runtime().defaults().region.as_deref(), Some("cn-wlcb"));
}

/// Generated code builds the runtime's structs and implements its traits: a caret
/// requirement would let a later runtime 0.1.x with a new field break a published compshare.
#[test]
fn compshare_requires_the_exact_runtime_version() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let workspace = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let runtime = std::fs::read_to_string(root.join("runtime/Cargo.toml")).unwrap();
    let version = runtime
        .lines()
        .find_map(|l| l.strip_prefix("version = "))
        .expect("runtime/Cargo.toml has a version");
    let exact = format!("version = \"={}\"", version.trim_matches('"'));
    let line = workspace
        .lines()
        .find(|l| l.starts_with("compshare-runtime = "))
        .expect("the workspace declares compshare-runtime");
    assert!(line.contains(&exact), "{line} should require {exact}");
}
