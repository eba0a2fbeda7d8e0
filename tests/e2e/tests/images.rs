//! End-to-end: the generated client against a local HTTP server that checks the exact form
//! and recomputes the signature.

use std::collections::BTreeMap;

use compshare::actions::DescribeCommunityImagesRequest;
use compshare::types::{ImageSortField, ImageStatus, SortCondition};
use std::time::Duration;

use compshare::{Client, Credentials, Delivery, ErrorKind, RetryPolicy};
use compshare_e2e::{Answer, TestServer, expected_signature};

const PUBLIC: &str = "my_public_key";
const PRIVATE: &str = "my_private_key";

fn client(server: &TestServer) -> compshare::ClientBuilder {
    Client::builder()
        .credentials(Credentials::new(PUBLIC, PRIVATE))
        .base_url(server.url())
        .region("cn-wlcb")
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

const GROUPS_BODY: &str = r#"{
    "Action": "DescribeCommunityImagesResponse",
    "RetCode": 0,
    "TotalCount": "2",
    "AvailableTotalCount": 1,
    "ImageSetGroup": [{
        "GroupId": "g-1", "ImageName": "SD", "IsFavorite": "true", "Status": "Available",
        "Data": [
            {"CompShareImageId": "img-1", "Price": "1.5", "Size": 20480, "Status": "Reviewing",
             "Tags": ["PyTorch"], "Softwares": {"CUDAVersion": "12.1", "Applications": null},
             "Owner": {"AccountId": 42, "AccountName": "me"}, "ImageType": "Community"},
            {"CompShareImageId": "img-2", "Status": "Quarantined", "Tags": null}
        ]
    }]
}"#;

/// The seed's example: Region from the client, Limit 20. The form and signature must equal
/// the vector computed with the official Python SDK.
#[tokio::test]
async fn seed_call_signs_exactly_as_the_vector() {
    let server = TestServer::start(|_| Answer::json(r#"{"Action":"DescribeCommunityImagesResponse","RetCode":0,"TotalCount":2,"CompshareImageGroup":[]}"#)).await;
    let client = client(&server).build().unwrap();
    let out = client
        .describe_self_community_images()
        .limit(20)
        .send()
        .await
        .unwrap();
    assert_eq!(out.total_count, 2);
    assert!(out.compshare_image_group.is_empty());

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let req = &requests[0];
    assert_eq!(req.method, "POST");
    assert_eq!(
        req.params(),
        map(&[
            ("Action", "DescribeSelfCommunityImages"),
            ("Limit", "20"),
            ("PublicKey", PUBLIC),
            ("Region", "cn-wlcb")
        ])
    );
    assert_eq!(
        req.param("Signature"),
        Some("3a5cebce1b02560e41bb61865bb2ce43a3519066")
    );
}

#[tokio::test]
async fn every_inherited_param_is_sent_and_the_published_name_decodes() {
    let server = TestServer::start(|_| Answer::json(GROUPS_BODY)).await;
    let client = client(&server)
        .zone("cn-wlcb-01")
        .project_id("org-1")
        .build()
        .unwrap();
    let reply = client
        .describe_self_community_images()
        .author("alice")
        .comp_share_image_id("img-1")
        .name("stable diffusion 镜像")
        .tag(["PyTorch"])
        .is_free(true)
        .sort_condition(SortCondition::new().field(ImageSortField::Price).asc(true))
        .offset(40)
        .limit(20)
        .group_id("g-1")
        .send_with_meta()
        .await
        .unwrap();
    assert_eq!(reply.request_id.as_deref(), Some("req-0001"));

    let req = &server.requests()[0];
    assert_eq!(
        req.params(),
        map(&[
            ("Action", "DescribeSelfCommunityImages"),
            ("Author", "alice"),
            ("CompShareImageId", "img-1"),
            ("GroupId", "g-1"),
            ("IsFree", "true"),
            ("Limit", "20"),
            ("Name", "stable diffusion 镜像"),
            ("Offset", "40"),
            ("ProjectId", "org-1"),
            ("PublicKey", PUBLIC),
            ("Region", "cn-wlcb"),
            ("SortCondition.ASC", "true"),
            ("SortCondition.Field", "Price"),
            ("Tag.0", "PyTorch"),
            ("Zone", "cn-wlcb-01"),
        ])
    );
    assert!(req.signature_is_valid(PRIVATE));
    assert_eq!(
        req.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert!(
        req.headers["user-agent"].starts_with("compshare/0.1.0 compshare-runtime/"),
        "{}",
        req.headers["user-agent"]
    );
    assert!(req.headers["user-agent"].contains("Product/UCompShare"));
    let ts: u128 = req.headers["u-timestamp-ms"].parse().unwrap();
    assert!(ts > 1_600_000_000_000, "{ts}");

    let out = reply.output;
    assert_eq!((out.total_count, out.available_total_count), (2, 1));
    let group = &out.compshare_image_group[0];
    assert_eq!(group.group_id.as_deref(), Some("g-1"));
    assert_eq!(group.is_favorite, Some(true));
    assert_eq!(group.status, Some(ImageStatus::Available));
    let first = &group.data[0];
    assert_eq!(first.price, Some(1.5));
    assert_eq!(first.size, Some(20480));
    assert_eq!(first.status, Some(ImageStatus::Reviewing));
    assert_eq!(first.tags, ["PyTorch"]);
    let software = first.softwares.as_ref().unwrap();
    assert_eq!(software.cuda_version.as_deref(), Some("12.1"));
    assert!(software.applications.is_empty());
    assert_eq!(
        first.owner.as_ref().unwrap().account_id.as_deref(),
        Some("42")
    );
    // A state this SDK does not know survives as Unknown.
    assert_eq!(group.data[1].status, Some(ImageStatus::from("Quarantined")));
    assert!(matches!(
        group.data[1].status,
        Some(ImageStatus::Unknown(_))
    ));
    assert_eq!(
        group.data[1].status.as_ref().unwrap().as_str(),
        "Quarantined"
    );
}

#[tokio::test]
async fn seed_name_for_the_group_array_decodes_too() {
    let body = GROUPS_BODY.replace("ImageSetGroup", "CompshareImageGroup");
    let server = TestServer::start(move |_| Answer::json(&body)).await;
    let out = client(&server)
        .build()
        .unwrap()
        .describe_self_community_images()
        .send()
        .await
        .unwrap();
    assert_eq!(out.compshare_image_group.len(), 1);
    assert_eq!(out.compshare_image_group[0].data.len(), 2);
}

/// The published vector with a nested object, through the real client.
#[tokio::test]
async fn nested_sort_condition_signs_as_the_vector() {
    let server =
        TestServer::start(|_| Answer::json(r#"{"RetCode":0,"TotalCount":0,"ImageSet":[]}"#)).await;
    let client = client(&server).zone("cn-wlcb-01").build().unwrap();
    client
        .describe_community_images()
        .limit(20)
        .offset(0)
        .sort_condition(SortCondition::new().field("PubTime").asc(false))
        .send()
        .await
        .unwrap();
    let req = &server.requests()[0];
    assert_eq!(
        req.param("Signature"),
        Some("a2f4e900aed05f65252d7a862d701313a2c584f2")
    );
}

#[tokio::test]
async fn utf8_and_spaces_sign_as_the_vector() {
    let server = TestServer::start(|_| Answer::json(r#"{"RetCode":0}"#)).await;
    let client = client(&server).zone("cn-wlcb-01").build().unwrap();
    client
        .describe_community_images()
        .name("stable diffusion 镜像")
        .tag(["PyTorch"])
        .send()
        .await
        .unwrap();
    let req = &server.requests()[0];
    assert_eq!(req.param("Name"), Some("stable diffusion 镜像"));
    // The vector `utf8-and-spaces` of the official Python SDK, with the tag sent as a list
    // (`Tag.0`, as compshare-cli sends tags), signed by that SDK's signer.
    assert_eq!(
        req.param("Signature"),
        Some("f923d8888f0626390c73dceceaf6877e2c4d7f46")
    );
}

#[tokio::test]
async fn call_values_override_client_defaults() {
    let server = TestServer::start(|_| Answer::json(r#"{"RetCode":0}"#)).await;
    let client = client(&server).zone("cn-wlcb-01").build().unwrap();
    client
        .describe_community_images()
        .region("hk")
        .zone("hk-01")
        .send()
        .await
        .unwrap();
    let req = &server.requests()[0];
    assert_eq!(
        (req.param("Region"), req.param("Zone")),
        (Some("hk"), Some("hk-01"))
    );
    assert!(req.signature_is_valid(PRIVATE));
}

#[tokio::test]
async fn missing_required_param_fails_before_any_io() {
    let server = TestServer::start(|_| Answer::json(r#"{"RetCode":0}"#)).await;
    let client = client(&server).build().unwrap(); // no zone anywhere
    let err = client
        .stop_comp_share_instance()
        .u_host_id("uhost-1")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::InvalidRequest(_)),
        "{err:?}"
    );
    assert_eq!(err.action(), Some("StopCompShareInstance"));
    assert_eq!(err.attempts(), 0);
    assert_eq!(
        err.to_string(),
        "StopCompShareInstance: missing required parameter Zone (.zone() on the call or the client builder, or UCLOUD_ZONE with load_shared_config); nothing was sent"
    );
    assert_eq!(err.delivery(), Delivery::NotSent);
    assert!(server.requests().is_empty());

    // Each missing parameter is named with its setter, the wire names in the spec's order.
    let err = client
        .create_comp_share_instance()
        .zone("z")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "CreateCompShareInstance: missing required parameter CPU (.cpu()), \
         CompShareImageId (.comp_share_image_id()), GPU (.gpu()), GpuType (.gpu_type()), MachineType (.machine_type()), \
         Memory (.memory()); nothing was sent"
    );
}

#[tokio::test]
async fn retcode_error_is_typed_with_request_id() {
    let server = TestServer::start(|_| Answer::json(r#"{"RetCode":"230","Message":"zone not available","Action":"DescribeCommunityImagesResponse"}"#)).await;
    let client = client(&server).zone("cn-wlcb-01").build().unwrap();
    let err = client.describe_community_images().send().await.unwrap_err();
    match err.kind() {
        ErrorKind::Api { code, message } => {
            assert_eq!((*code, message.as_str()), (230, "zone not available"));
        }
        other => panic!("expected an API error, got {other:?}"),
    }
    assert_eq!(err.action(), Some("DescribeCommunityImages"));
    assert_eq!(err.request_id(), Some("req-0001"));
    assert_eq!(
        err.attempts(),
        1,
        "a RetCode is the service's answer, not retried"
    );
    assert_eq!(err.ret_code(), Some(230));
    assert_eq!(err.delivery(), Delivery::Received);
}

#[tokio::test]
async fn http_500_is_typed_with_status_and_excerpt() {
    let server = TestServer::start(|_| Answer::status(500, "upstream exploded")).await;
    let err = client(&server)
        .zone("z")
        .build()
        .unwrap()
        .describe_community_images()
        .with_max_retries(0)
        .send()
        .await
        .unwrap_err();
    match err.kind() {
        ErrorKind::Http { status, body } => {
            assert_eq!((*status, body.as_str()), (500, "upstream exploded"));
        }
        other => panic!("expected an HTTP error, got {other:?}"),
    }
    assert_eq!(err.request_id(), Some("req-0002"));
    assert!(err.to_string().contains("HTTP status 500"), "{err}");
}

#[tokio::test]
async fn garbage_body_is_typed_with_excerpt() {
    let garbage = format!("<html>{}</html>", "x".repeat(1000));
    let server = TestServer::start(move |_| Answer::Http {
        status: 200,
        headers: vec![],
        body: garbage.clone().into_bytes(),
    })
    .await;
    let err = client(&server)
        .zone("z")
        .build()
        .unwrap()
        .describe_community_images()
        .with_max_retries(0)
        .send()
        .await
        .unwrap_err();
    match err.kind() {
        ErrorKind::InvalidResponse {
            status,
            reason,
            body,
        } => {
            assert_eq!(*status, 200);
            assert!(reason.starts_with("not JSON"), "{reason}");
            assert!(
                body.starts_with("<html>xxx") && body.ends_with('…') && body.len() < 300,
                "{body}"
            );
        }
        other => panic!("expected an invalid-response error, got {other:?}"),
    }
}

#[tokio::test]
async fn connection_refused_is_not_sent() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder()
        .credentials(Credentials::new(PUBLIC, PRIVATE))
        .base_url(url)
        .region("r")
        .zone("z")
        .retry_policy(RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(2),
        })
        .build()
        .unwrap();
    let err = client.describe_community_images().send().await.unwrap_err();
    assert_eq!(err.delivery(), Delivery::NotSent, "{err}");
    assert!(matches!(err.kind(), ErrorKind::Transport(_)), "{err:?}");
    assert_eq!(err.attempts(), 3, "a refused connection is retried");
    assert!(err.to_string().contains("Connection refused"), "{err}");
    assert!(err.to_string().ends_with("; 3 attempts"), "{err}");
    assert!(!err.to_string().contains(PRIVATE));
}

/// A request built by hand goes through `Client::send`.
#[tokio::test]
async fn hand_built_request() {
    let server = TestServer::start(|_| Answer::json(r#"{"RetCode":0,"TotalCount":5}"#)).await;
    let client = client(&server).zone("z").build().unwrap();
    let mut request = DescribeCommunityImagesRequest::default();
    request.tag = Some(vec!["LLM".into()]);
    let out = client.send(&request).await.unwrap();
    assert_eq!(out.total_count, Some(5));
    let req = &server.requests()[0];
    assert_eq!(req.param("Tag.0"), Some("LLM"));
    assert_eq!(
        req.param("Signature").unwrap(),
        expected_signature(&req.form, PRIVATE)
    );
}
