// The tool's test harness: a local server, the built binary run against it with a clean
// environment, and the checks that compare what it sent and printed with the SDK's own.
// Included (not a module file) by the generated every-command test and by `main.rs`.

#[allow(unused_imports)]
use std::collections::BTreeMap;
use std::process::Output;

#[allow(unused_imports)]
pub use compshare_e2e::{Answer, TestServer};

pub const PUBLIC: &str = "cli_public_key";
pub const PRIVATE: &str = "cli_private_key_0123456789";
pub const REGION: &str = "cn-wlcb";
pub const ZONE: &str = "cn-wlcb-01";
pub const PROJECT: &str = "p-cli";

/// A server answering every request with `body`.
#[allow(dead_code)]
pub async fn serve(body: &str) -> TestServer {
    let body = body.to_owned();
    TestServer::start(move |_| Answer::json(&body)).await
}

/// The binary with a clean environment: keys, region, zone and project from UCloud's
/// variables, the server as endpoint, and a home without configuration files. The binary is
/// this package's, or the one `COMPSHARE_RS_TEST_BINARY` names.
pub fn command(url: &str, args: &[&str], env: &[(&str, &str)]) -> std::process::Command {
    let home = std::env::temp_dir().join("compshare-rs-test-home-empty");
    // Another build of the tool may stand in (an older one, to see which tests fail on it).
    let binary = std::env::var_os("COMPSHARE_RS_TEST_BINARY")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_compshare-rs").into());
    let mut c = std::process::Command::new(binary);
    c.env_clear()
        .env("HOME", &home)
        .env("UCLOUD_PUBLIC_KEY", PUBLIC)
        .env("UCLOUD_PRIVATE_KEY", PRIVATE)
        .env("UCLOUD_REGION", REGION)
        .env("UCLOUD_ZONE", ZONE)
        .env("UCLOUD_PROJECT_ID", PROJECT)
        .env("UCLOUD_API_BASE_URL", url)
        .args(args)
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
#[allow(dead_code)]
pub fn sdk_client(server: &TestServer) -> compshare::Client {
    compshare::Client::builder()
        .credentials(compshare::Credentials::new(PUBLIC, PRIVATE))
        .base_url(server.url())
        .region(REGION)
        .zone(ZONE)
        .project_id(PROJECT)
        .build()
        .unwrap()
}

/// The binary succeeded and sent `want`'s action exactly once, last (a quote may come
/// first): the request the SDK signs for `want`, every parameter and the signature.
#[allow(dead_code)]
pub fn expect_sent<R: compshare::runtime::Action>(server: &TestServer, want: &R, out: &Output) {
    assert!(
        out.status.success(),
        "exit {:?}\nstderr: {}\nstdout: {}",
        out.status.code(),
        stderr(out),
        stdout(out)
    );
    let requests = server.requests();
    let of_action = requests
        .iter()
        .filter(|r| r.param("Action") == Some(R::NAME))
        .count();
    assert_eq!(of_action, 1, "one request of {}", R::NAME);
    let last = requests.last().unwrap();
    let signed = sdk_client(server)
        .runtime()
        .signed_params(want, &compshare::runtime::Common::default())
        .unwrap();
    let want: BTreeMap<String, String> = signed
        .iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let got: BTreeMap<String, String> = last.form.iter().cloned().collect();
    assert_eq!(got, want);
    assert!(last.signature_is_valid(PRIVATE), "signature");
}

/// What the binary printed is what the SDK decodes from the same answer, by wire names.
#[allow(dead_code)]
pub async fn expect_printed<R>(server: &TestServer, want: &R, out: &Output)
where
    R: compshare::runtime::Action + Clone,
    R::Output: serde::Serialize,
{
    let printed: serde_json::Value = serde_json::from_str(&stdout(out))
        .unwrap_or_else(|e| panic!("stdout is one JSON document ({e}): {}", stdout(out)));
    let decoded = sdk_client(server).send(want).await.unwrap();
    assert_eq!(printed, serde_json::to_value(&decoded).unwrap());
}

/// Runs the binary against `server` with `input` on standard input (a pipe).
#[allow(dead_code)]
pub async fn run_input(
    server: &TestServer,
    args: &[&str],
    env: &[(&str, &str)],
    input: &str,
) -> Output {
    use std::io::Write;
    let mut c = command(&server.url(), args, env);
    c.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let input = input.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut child = c.spawn().expect("the binary runs");
        let mut stdin = child.stdin.take().unwrap();
        // The binary may not read it all (it may refuse first): a closed pipe is fine.
        let _ = stdin.write_all(input.as_bytes());
        drop(stdin);
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap()
}

/// Which standard stream a run gets closed: a pipe whose reader is gone.
#[allow(dead_code)]
#[derive(Clone, Copy, Debug)]
pub enum Closed {
    Stdout,
    Stderr,
}

/// Runs the binary with one of its output streams closed; the status and the other stream.
#[allow(dead_code)]
pub async fn run_closed(
    server: &TestServer,
    args: &[&str],
    env: &[(&str, &str)],
    closed: Closed,
) -> (std::process::ExitStatus, String) {
    let mut c = command(&server.url(), args, env);
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    match closed {
        Closed::Stdout => c.stdout(writer).stderr(std::process::Stdio::piped()),
        Closed::Stderr => c.stderr(writer).stdout(std::process::Stdio::piped()),
    };
    let out = tokio::task::spawn_blocking(move || c.output().unwrap())
        .await
        .unwrap();
    let other = match closed {
        Closed::Stdout => stderr(&out),
        Closed::Stderr => stdout(&out),
    };
    (out.status, other)
}

/// The actions the server received, in order.
#[allow(dead_code)]
pub fn sent_actions(server: &TestServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| r.param("Action").unwrap_or_default().to_owned())
        .collect()
}

/// A server answering every request with the file `body`, as a CSV export comes.
#[allow(dead_code)]
pub async fn serve_file(body: &str) -> TestServer {
    let body = body.to_owned();
    TestServer::start(move |_| Answer::Http {
        status: 200,
        headers: vec![("Content-Type".into(), "text/csv; charset=utf-8".into())],
        body: body.as_bytes().to_vec(),
    })
    .await
}

/// The binary succeeded and wrote the file `want` to standard output, as received.
#[allow(dead_code)]
pub fn expect_file(out: &Output, want: &str) {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        stderr(out)
    );
    assert_eq!(stdout(out), want);
}

/// The stock check's answer before a create: the configuration the tests' creates ask for
/// (`--gpu 1 --cpu 16 --memory 65536`), in stock.
#[allow(dead_code)]
pub const STOCK: &str =
    r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}]}"#;
