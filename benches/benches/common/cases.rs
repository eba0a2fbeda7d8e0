//! The cases measured, shared by the criterion benches and the instruction counter: the
//! requests encoded and signed, the floor of signing, and a loopback call with its bare
//! reqwest baseline.

#![allow(dead_code)] // Each binary uses part of it.

use std::io::Write;
use std::sync::Arc;

use compshare::Client;
use compshare::types::InstanceDisk;
use compshare_runtime::Common;
use sha1::{Digest, Sha1};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::{StrictAnswer, first_images};

const PUBLIC: &str = "bench-public-key";
const PRIVATE: &str = "bench-private-key";

pub fn client(base_url: &str) -> Client {
    Client::builder()
        .credentials(compshare::Credentials::new(PUBLIC, PRIVATE))
        .base_url(base_url)
        .region("cn-wlcb")
        .zone("cn-wlcb-01")
        .project_id("org-bench")
        .build()
        .expect("client")
}

/// `DescribeSelfCommunityImages` with Limit and Tag: 8 parameters signed.
pub fn small_request(c: &Client) -> compshare::actions::DescribeSelfCommunityImagesRequest {
    c.describe_self_community_images()
        .limit(20)
        .tag(["LLM"])
        .into_input()
}

/// `CreateCompShareInstance` with two disks: 25 parameters signed.
pub fn large_request(c: &Client) -> compshare::actions::CreateCompShareInstanceRequest {
    let disk = |is_boot, size, kind: &str| InstanceDisk::new(is_boot, size, kind);
    c.create_comp_share_instance()
        .cpu(16)
        .memory(65536)
        .gpu(1)
        .gpu_type("4090")
        .machine_type("G")
        .charge_type("Dynamic")
        .comp_share_image_id("compshareImage-03fcf4c6b6")
        .disks([disk(true, 100, "CLOUD_SSD"), disk(false, 500, "CLOUD_RSSD")])
        .name("bench-instance")
        .password("Passw0rd-bench")
        .quantity(1)
        .security_group_id("firewall-bench")
        .login_mode("Password")
        .minimal_cpu_platform("Amd/Auto")
        .enable_us3(false)
        .into_input()
}

/// The floor of signing: the ready (key, value) strings sorted, hashed with the private key,
/// hex-encoded.
pub fn floor_sign(params: &[(String, String)]) -> String {
    let mut sorted: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut hasher = Sha1::new();
    for (k, v) in sorted {
        hasher.update(k);
        hasher.update(v);
    }
    hasher.update(PRIVATE);
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(40);
    for b in hasher.finalize() {
        hex.push(HEX[usize::from(b >> 4)] as char);
        hex.push(HEX[usize::from(b & 15)] as char);
    }
    hex
}

/// The parameters of `request` as the floor gets them: the strings the SDK signs, in the
/// order it writes them (`Action`, then the request's own in wire-name order, `PublicKey`
/// last), so that both sides sort the same input.
pub fn unsigned(request: &dyn Sign, client: &Client) -> Vec<(String, String)> {
    let mut params = request.sign(client, &Common::default()).into_vec();
    params.retain(|(k, _)| k != "Signature");
    let at = |name: &str, params: &[(String, String)]| params.iter().position(|(k, _)| k == name);
    if let Some(i) = at("Action", &params) {
        let action = params.remove(i);
        params.insert(0, action);
    }
    if let Some(i) = at("PublicKey", &params) {
        let key = params.remove(i);
        params.push(key);
    }
    params
}

/// A request whose signed parameters can be asked for (object-safe over the two actions).
pub trait Sign {
    fn sign(&self, client: &Client, common: &Common) -> compshare_runtime::SignedParams;
}

impl<A: compshare_runtime::Action> Sign for A {
    fn sign(&self, client: &Client, common: &Common) -> compshare_runtime::SignedParams {
        client
            .runtime()
            .signed_params(self, common)
            .expect("signed")
    }
}

/// The head of the last request a [`start_server`] server read.
type LastHead = Arc<std::sync::Mutex<String>>;

/// A minimal HTTP/1.1 keep-alive server on 127.0.0.1, answering every request with `body`,
/// on a thread of its own (as a remote server would be).
fn start_server(body: Vec<u8>, last_head: LastHead) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    listener.set_nonblocking(true).expect("nonblocking");
    let mut head = Vec::new();
    let _ = write!(
        head,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    head.extend_from_slice(&body);
    let answer: Arc<[u8]> = head.into();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(connection(stream, answer.clone(), last_head.clone()));
            }
        });
    });
    format!("http://{addr}")
}

async fn connection(mut stream: tokio::net::TcpStream, answer: Arc<[u8]>, last_head: LastHead) {
    let _ = stream.set_nodelay(true);
    let mut buf: Vec<u8> = Vec::with_capacity(16 << 10);
    loop {
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            match stream.read_buf(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let length: usize = head
            .lines()
            .find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("content-length").then_some(value)
            })
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        while buf.len() < head_end + length {
            match stream.read_buf(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
        buf.drain(..head_end + length);
        if let Ok(mut last) = last_head.lock() {
            *last = head;
        }
        if stream.write_all(&answer).await.is_err() {
            return;
        }
    }
}

/// A loopback server answering one image, the SDK's client of it, and a bare reqwest client
/// that sends exactly what the SDK sends (the same body and headers).
pub struct Calls {
    rt: tokio::runtime::Runtime,
    sdk: Client,
    bare: reqwest::Client,
    url: String,
    body: String,
    headers: reqwest::header::HeaderMap,
}

impl Calls {
    pub fn new() -> Calls {
        let last_head = LastHead::default();
        let url = start_server(first_images(1), last_head.clone());
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let sdk = client(&url);
        let body = sdk
            .runtime()
            .signed_params(&call(&sdk).into_input(), &Common::default())
            .expect("signed")
            .to_form_body();
        let out = rt.block_on(call(&sdk).send()).expect("SDK call");
        assert_eq!(out.image_set.len(), 1);
        // The headers the SDK sent (reqwest adds Host and Content-Length itself).
        let mut headers = reqwest::header::HeaderMap::new();
        for line in last_head.lock().expect("head").lines().skip(1) {
            if let Some((name, value)) = line.split_once(':')
                && !["host", "content-length"].contains(&name.to_ascii_lowercase().as_str())
            {
                let name = reqwest::header::HeaderName::from_bytes(name.as_bytes()).expect("name");
                headers.insert(name, value.trim().parse().expect("value"));
            }
        }
        assert!(headers.contains_key("u-timestamp-ms"), "{headers:?}");
        Calls {
            rt,
            sdk,
            bare: {
                // The SDK brings its own TLS configuration; a bare client needs a provider
                // (ring, as the runtime's: see its builder on the deprecation).
                #[allow(deprecated)]
                let _ = rustls::crypto::ring::default_provider().install_default();
                reqwest::Client::new()
            },
            url,
            body,
            headers,
        }
    }

    /// One call through the SDK.
    pub fn sdk(&self) {
        self.rt.block_on(call(&self.sdk).send()).expect("SDK call");
    }

    /// The same POST through bare reqwest, its answer read by serde_json.
    pub fn bare(&self) {
        self.rt.block_on(async {
            let bytes = self
                .bare
                .post(&self.url)
                .headers(self.headers.clone())
                .body(self.body.clone())
                .send()
                .await
                .expect("POST")
                .bytes()
                .await
                .expect("body");
            serde_json::from_slice::<StrictAnswer>(&bytes).expect("strict")
        });
    }
}

fn call(sdk: &Client) -> compshare::actions::DescribeCommunityImagesCall {
    sdk.describe_community_images().limit(20).tag(["LLM"])
}
