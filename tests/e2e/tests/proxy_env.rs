//! The proxy variables of the environment are honoured: `HTTP_PROXY` carries requests,
//! `NO_PROXY` exempts hosts. A binary of its own, with one test, because the environment is
//! shared by every thread of the process.

use compshare::{Client, Credentials};
use compshare_e2e::{Answer, TestServer};

const OK: &str = r#"{"RetCode":0,"ImageSet":[]}"#;

#[tokio::test]
async fn http_proxy_and_no_proxy_are_honoured() {
    let proxy = TestServer::script(vec![Answer::json(OK)]).await;
    let direct = TestServer::script(vec![Answer::json(OK)]).await;
    // SAFETY: this binary runs this one test; nothing else reads the environment meanwhile.
    unsafe {
        std::env::set_var("HTTP_PROXY", proxy.url());
        std::env::set_var("NO_PROXY", "127.0.0.1");
    }
    let client = |url: String| {
        Client::builder()
            .credentials(Credentials::new("pk", "sk"))
            .base_url(url)
            // The proxy on this machine reads plain http; it is the test's, not the network's.
            .allow_insecure_http(true)
            .region("r")
            .zone("z")
            .max_retries(0)
            .build()
            .unwrap()
    };
    client("http://api.compshare.invalid/".to_owned())
        .describe_comp_share_custom_images()
        .send()
        .await
        .unwrap();
    assert_eq!(proxy.requests().len(), 1);
    assert_eq!(proxy.requests()[0].path, "http://api.compshare.invalid/");

    // 127.0.0.1 is in NO_PROXY: straight to the server.
    client(direct.url())
        .describe_comp_share_custom_images()
        .send()
        .await
        .unwrap();
    assert_eq!(direct.requests().len(), 1);
    assert_eq!(proxy.requests().len(), 1);
}
