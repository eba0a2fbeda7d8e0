// The REST fixture's tool under test: a local server, the built `golden-rest` binary run
// against it with a clean environment, and the checks that compare what it sent and printed
// with what the SDK sends and decodes. Included by the generated every-command test and by
// `main.rs`.

use std::process::Output;

use golden_rest::runtime::{Action, CallOptions};

#[allow(unused_imports)]
pub use compshare_e2e::{Answer, TestServer};

pub const KEY: &str = "sk-rest-cli-0123456789";

/// A server answering every request with `body`.
#[allow(dead_code)]
pub async fn serve(body: &str) -> TestServer {
    let body = body.to_owned();
    TestServer::start(move |_| Answer::json(&body)).await
}

/// The binary with a clean environment: the bearer key from its variable, the server as
/// endpoint.
pub fn command(url: &str, args: &[&str], env: &[(&str, &str)]) -> std::process::Command {
    let home = std::env::temp_dir().join("golden-rest-test-home-empty");
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_golden-rest"));
    c.env_clear()
        .env("HOME", &home)
        .env("GOLDEN_REST_API_KEY", KEY)
        .args(args)
        .args(["--base-url", url])
        .stdin(std::process::Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    c
}

/// Runs the binary against `server` (on a blocking thread: the server runs on this runtime).
#[allow(dead_code)]
pub async fn run(server: &TestServer, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = command(&server.url(), args, env);
    tokio::task::spawn_blocking(move || c.output().expect("the binary runs"))
        .await
        .unwrap()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// An SDK client configured as the binary is.
pub fn sdk_client(server: &TestServer) -> golden_rest::Client {
    golden_rest::Client::builder()
        .credentials(golden_rest::Credentials::bearer(KEY))
        .base_url(server.url())
        .build()
        .unwrap()
}

/// The path and query of a URL.
fn path_of(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.find('/').map_or("/", |at| &after_scheme[at..])
}

/// The binary succeeded and sent one request: the one the SDK makes for `want` (method,
/// path and query, JSON body, the bearer key, the idempotency key it was given).
#[allow(dead_code)]
pub fn expect_sent<R: Action + Clone>(server: &TestServer, want: &R, out: &Output) {
    assert!(
        out.status.success(),
        "exit {:?}\nstderr: {}\nstdout: {}",
        out.status.code(),
        stderr(out),
        stdout(out)
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "one request of {}", R::NAME);
    let got = &requests[0];
    let signed = sdk_client(server)
        .runtime()
        .sign_action(want.clone(), CallOptions::default())
        .unwrap();
    assert_eq!(got.method, signed.method());
    assert_eq!(got.path, path_of(&signed.url()));
    let body: Option<serde_json::Value> = (!signed.body().is_empty())
        .then(|| serde_json::from_slice(signed.body()).unwrap());
    assert_eq!(got.json, body);
    assert_eq!(got.headers["authorization"], format!("Bearer {KEY}"));
    if let Some(header) = R::IDEMPOTENCY_HEADER {
        assert_eq!(
            got.headers.get(&header.to_ascii_lowercase()).map(String::as_str),
            signed.params().get(header),
            "the idempotency key given"
        );
    }
}

/// What the binary printed is what the SDK decodes from the same answer, by wire names.
#[allow(dead_code)]
pub async fn expect_printed<R>(server: &TestServer, want: &R, out: &Output)
where
    R: Action + Clone,
    R::Output: serde::Serialize,
{
    let printed: serde_json::Value = serde_json::from_str(&stdout(out))
        .unwrap_or_else(|e| panic!("stdout is one JSON document ({e}): {}", stdout(out)));
    let client = sdk_client(server);
    let decoded = client.runtime().send(want, &CallOptions::default()).await.unwrap();
    let mut expected = serde_json::to_value(&decoded.output).unwrap();
    // A create's answer is printed with the idempotency key it was sent with.
    let signed = client.runtime().sign_action(want.clone(), CallOptions::default()).unwrap();
    if let (Some(key), Some(map)) = (
        R::IDEMPOTENCY_HEADER.and_then(|h| signed.params().get(h)),
        expected.as_object_mut(),
    ) {
        map.entry("idempotency_key").or_insert(key.into());
    }
    assert_eq!(printed, expected);
}
