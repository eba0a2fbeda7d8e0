//! `compshare-rs mcp` driven by rmcp's client over stdio: the tool lists, a listing, a
//! create without and with `confirm`, and hostile arguments.

use rmcp::model::{CallToolRequestParams, CallToolResult, JsonObject};
use rmcp::service::RunningService;
use rmcp::transport::TokioChildProcess;
use rmcp::{RoleClient, ServiceExt};
use serde_json::{Value, json};

use crate::harness::*;

pub(crate) async fn connect(server: &TestServer, extra: &[&str]) -> RunningService<RoleClient, ()> {
    connect_with(server, extra, &[]).await
}

/// The server with `extra` flags and `env` added to the harness's environment.
pub(crate) async fn connect_with(
    server: &TestServer,
    extra: &[&str],
    env: &[(&str, &str)],
) -> RunningService<RoleClient, ()> {
    let mut args = vec!["mcp"];
    args.extend_from_slice(extra);
    let mut std = command(&server.url(), &args, env);
    std.stderr(std::process::Stdio::null());
    client_of(std).await
}

/// An MCP client of the server `std` starts.
pub(crate) async fn client_of(std: std::process::Command) -> RunningService<RoleClient, ()> {
    ().serve(TokioChildProcess::new(tokio::process::Command::from(std)).unwrap())
        .await
        .unwrap()
}

pub(crate) async fn call(
    client: &rmcp::service::Peer<RoleClient>,
    name: &str,
    args: Value,
) -> CallToolResult {
    let Value::Object(map) = args else {
        panic!("arguments are an object")
    };
    let map: JsonObject = map;
    client
        .call_tool(CallToolRequestParams::new(name.to_owned()).with_arguments(map))
        .await
        .unwrap()
}

pub(crate) fn doc(r: &CallToolResult) -> &Value {
    r.structured_content.as_ref().expect("a structured answer")
}

/// What an agent does to send a write: `args` previewed, then sent with the preview's
/// confirm_token; the preview's answer too.
pub(crate) async fn confirmed(
    client: &RunningService<RoleClient, ()>,
    name: &str,
    args: Value,
) -> (CallToolResult, CallToolResult) {
    let preview = call(client, name, args.clone()).await;
    let Some(token) = preview
        .structured_content
        .as_ref()
        .and_then(|d| d["confirm_token"].as_str())
        .map(str::to_owned)
    else {
        return (preview.clone(), preview);
    };
    let mut args = args;
    args["confirm"] = json!(token);
    (preview, call(client, name, args).await)
}

fn actions(server: &TestServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| r.param("Action").unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn read_only_unless_writes_are_allowed() {
    let server = serve(r#"{"RetCode":0}"#).await;
    let client = connect(&server, &[]).await;
    let tools = client.list_all_tools().await.unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    assert!(names.contains(&"DescribeCompShareInstance"));
    assert!(!names.contains(&"CreateCompShareInstance"), "{names:?}");
    assert!(names.iter().all(|n| {
        [
            "Describe",
            "Get",
            "List",
            "Check",
            "Download",
            "search_gpus",
        ]
        .iter()
        .any(|v| n.starts_with(v))
    }));
    assert!(tools.iter().all(|t| {
        t.annotations
            .as_ref()
            .is_some_and(|a| a.read_only_hint == Some(true))
    }));
    let read_only = names.len();
    // A write is not callable either.
    let refused = client
        .call_tool(CallToolRequestParams::new("TerminateCompShareInstance"))
        .await;
    assert!(refused.is_err(), "{refused:?}");
    client.cancel().await.unwrap();

    let client = connect(&server, &["--allow-writes", "--toolsets", "all"]).await;
    let tools = client.list_all_tools().await.unwrap();
    assert_eq!(
        tools.len(),
        107 + 29 - 4 + 1,
        "every action of both APIs but the four the production API does not serve, and search_gpus"
    );
    assert!(tools.len() > read_only);
    let create = tools
        .iter()
        .find(|t| t.name == "CreateCompShareInstance")
        .unwrap();
    let schema = Value::Object((*create.input_schema).clone());
    assert_eq!(schema["properties"]["GpuType"]["type"], "string");
    // What is used when an argument is not given is the schema's `default`, whoever fills
    // it in: this server (the disks, the billing mode) or the API (a page's size), not a
    // sentence.
    assert_eq!(schema["properties"]["Disks"]["default"][0]["IsBoot"], true);
    assert_eq!(schema["properties"]["ChargeType"]["default"], "Postpay");
    let list = tools
        .iter()
        .find(|t| t.name == "DescribeCompShareInstance")
        .unwrap();
    let list = Value::Object((*list.input_schema).clone());
    assert_eq!(list["properties"]["Limit"]["default"], 20, "{list}");
    for s in [&schema, &list] {
        assert!(!s.to_string().contains("The server assumes"), "{s}");
    }
    // The tool's name is its action: the description does not repeat it.
    assert!(
        !create
            .description
            .as_deref()
            .unwrap()
            .contains("CreateCompShareInstance")
    );
    // Open enums: the known values are examples, never the only ones taken (the API takes
    // GPU models newer than the spec).
    assert!(
        schema["properties"]["MachineType"]["examples"]
            .as_array()
            .unwrap()
            .contains(&json!("G"))
    );
    assert!(
        schema["properties"]["GpuType"].get("enum").is_none(),
        "{}",
        schema["properties"]["GpuType"]
    );
    assert!(
        schema["properties"].get("Password").is_none(),
        "secrets are not arguments"
    );
    assert!(
        schema["required"]
            .as_array()
            .unwrap()
            .contains(&json!("GPU"))
    );
    // Not read-only and destructive are the protocol's defaults: not repeated.
    let hints = create.annotations.as_ref().unwrap();
    assert_eq!(hints.read_only_hint, None);
    assert_ne!(hints.destructive_hint, Some(false));
    client.cancel().await.unwrap();
    assert!(server.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_listing_pages_with_a_cap_that_it_reports() {
    let server = TestServer::start(|r| {
        let offset: usize = r.param("Offset").unwrap_or("0").parse().unwrap();
        let items: Vec<String> = (offset..10.min(offset + 4))
            .map(|i| format!(r#"{{"UHostId":"uhost-{i}","State":"Running"}}"#))
            .collect();
        Answer::json(&format!(
            r#"{{"RetCode":0,"TotalCount":10,"UHostSet":[{}]}}"#,
            items.join(",")
        ))
    })
    .await;
    let client = connect(&server, &[]).await;
    let one = call(&client, "DescribeCompShareInstance", json!({"Limit": 4})).await;
    assert_eq!(one.is_error, Some(false));
    assert_eq!(doc(&one)["output"]["UHostSet"].as_array().unwrap().len(), 4);
    assert_eq!(server.requests()[0].param("Limit"), Some("4"));
    let all = call(
        &client,
        "DescribeCompShareInstance",
        json!({"all": true, "max_items": 6}),
    )
    .await;
    assert_eq!(doc(&all)["count"], 6);
    assert_eq!(doc(&all)["truncated"], true, "{}", doc(&all));
    assert_eq!(doc(&all)["items"][5]["UHostId"], "uhost-5");
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_sends_nothing_without_confirm_then_exactly_once() {
    let server = serve(
        r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"UHostIds":["uhost-1"],"PriceDetails":[{"ChargeType":"Postpay","Instance":2,"Disks":0.5}]}"#,
    )
    .await;
    let client = connect(
        &server,
        &["--allow-writes", "--toolsets", "all", "--max-price", "3"],
    )
    .await;
    let args = json!({"Region": "cn-wlcb", "Zone": "cn-wlcb-01", "CPU": 16, "GPU": 1, "GpuType": "4090", "MachineType": "G", "Memory": 65536, "CompShareImageId": "img-1", "Disks": [{"IsBoot": true, "Size": 100, "Type": "CLOUD_SSD"}]});
    let preview = call(&client, "CreateCompShareInstance", args.clone()).await;
    assert_eq!(preview.is_error, Some(false), "{:?}", preview);
    let d = doc(&preview);
    assert_eq!(d["sent"], false);
    assert_eq!(d["request"]["params"]["CPU"], "16");
    assert_eq!(d["request"]["params"]["Signature"], "***");
    assert_eq!(d["quote"]["price_yuan"], 2.5);
    assert_eq!(
        actions(&server),
        [
            "CheckCompShareResourceCapacity",
            "GetCompShareInstancePrice"
        ],
        "the stock check and the quote only"
    );

    let token = d["confirm_token"]
        .as_str()
        .expect("a confirm_token")
        .to_owned();

    // The token is bound to what was shown: other arguments, `true`, or another token are
    // refused, and nothing is sent.
    let before = server.requests().len();
    let mut other = args.clone();
    other["Name"] = json!("another");
    other["confirm"] = json!(token);
    for wrong in [
        other,
        {
            let mut a = args.clone();
            a["confirm"] = json!(true);
            a
        },
        {
            let mut a = args.clone();
            a["confirm"] = json!("0123456789abcdef0123456789abcdef");
            a
        },
    ] {
        let r = call(&client, "CreateCompShareInstance", wrong.clone()).await;
        assert_eq!(r.is_error, Some(true), "{wrong}: {r:?}");
        assert_eq!(doc(&r)["sent"], false, "{r:?}");
    }
    // Refused for the reason that matters (the stock check took `Name`), and the token is
    // still good for what it was issued for.
    let mut renamed = args.clone();
    renamed["Name"] = json!("another");
    renamed["confirm"] = json!(token);
    let r = call(&client, "CreateCompShareInstance", renamed).await;
    assert!(
        doc(&r)["message"]
            .as_str()
            .unwrap()
            .contains("the arguments differ"),
        "{r:?}"
    );
    let creates = |server: &TestServer| {
        server
            .requests()
            .into_iter()
            .filter(|r| r.param("Action") == Some("CreateCompShareInstance"))
            .count()
    };
    assert_eq!(creates(&server), 0, "nothing created");
    assert!(
        server.requests()[before..]
            .iter()
            .all(|r| r.param("Action") != Some("CreateCompShareInstance")),
        "refused before any create"
    );

    let mut with_token = args.clone();
    with_token["confirm"] = json!(token);
    let sent = call(&client, "CreateCompShareInstance", with_token.clone()).await;
    assert_eq!(sent.is_error, Some(false), "{:?}", sent);
    let d = doc(&sent);
    assert_eq!(d["output"]["UHostIds"][0], "uhost-1");
    let creates: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.param("Action") == Some("CreateCompShareInstance"))
        .collect();
    assert_eq!(creates.len(), 1, "exactly one create");
    // A token is used once.
    let again = call(&client, "CreateCompShareInstance", with_token).await;
    assert_eq!(again.is_error, Some(true), "{again:?}");
    assert_eq!(doc(&again)["error"], "not_confirmed");
    // No password in the environment: one was generated, sent, and returned once.
    let password = d["generated"]["Password"].as_str().unwrap().to_owned();
    assert_eq!(password.len(), 20);
    let sent_password = creates[0].param("Password").unwrap();
    assert_ne!(sent_password, password, "sent Base64-encoded");
    client.cancel().await.unwrap();

    // The quote is of the zone and region the create gives, not the server's defaults.
    let server =
        serve(r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"UHostIds":["uhost-1"],"PriceDetails":[{"ChargeType":"Postpay","Instance":1}]}"#).await;
    let client = connect(&server, &["--allow-writes", "--toolsets", "all"]).await;
    let mut elsewhere = args.clone();
    elsewhere["Zone"] = json!("cn-sh2-02");
    elsewhere["Region"] = json!("cn-sh2");
    elsewhere["MaxCount"] = json!(2);
    let preview = call(&client, "CreateCompShareInstance", elsewhere).await;
    assert_eq!(doc(&preview)["quote"]["price_yuan"], 2.0, "two at 1 yuan");
    let quote = &server.requests()[0];
    assert_eq!(
        (quote.param("Zone"), quote.param("Region")),
        (Some("cn-sh2-02"), Some("cn-sh2"))
    );
    client.cancel().await.unwrap();

    // Above --max-price: refused, nothing created.
    let server =
        serve(r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"UHostIds":["uhost-1"],"PriceDetails":[{"ChargeType":"Postpay","Instance":9}]}"#).await;
    let client = connect(
        &server,
        &["--allow-writes", "--toolsets", "all", "--max-price", "3"],
    )
    .await;
    let (_, refused) = confirmed(&client, "CreateCompShareInstance", args).await;
    assert_eq!(refused.is_error, Some(true));
    assert_eq!(doc(&refused)["error"], "refused");
    assert_eq!(
        actions(&server),
        [
            "CheckCompShareResourceCapacity",
            "GetCompShareInstancePrice",
            "CheckCompShareResourceCapacity",
            "GetCompShareInstancePrice"
        ],
        "previewed, then checked and quoted again: nothing created"
    );
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_arguments_are_tool_errors_and_the_server_stays_up() {
    let server = serve(r#"{"RetCode":8039,"Message":"UHost not found"}"#).await;
    let client = connect(&server, &["--allow-writes", "--toolsets", "all"]).await;
    let huge = "x".repeat(1 << 20);
    for (name, args) in [
        ("DescribeCompShareInstance", json!({"Limit": "many"})),
        ("DescribeCompShareInstance", json!({"Bogus": 1})),
        ("DescribeCompShareInstance", json!({"UHostIds": "uhost-1"})),
        ("DescribeCompShareInstance", json!({"Tag": huge})),
        ("DescribeCompShareInstance", json!({"all": "yes"})),
        ("CreateCompShareInstance", json!({"confirm": true})),
        (
            "CreateCompShareInstance",
            json!({"CPU": 1, "GPU": 1, "GpuType": "4090", "MachineType": "G", "Memory": 1024, "CompShareImageId": "i", "Disks": [{"IsBoot": true, "Size": 1, "Typ": "CLOUD_SSD"}]}),
        ),
        (
            "CreateCompShareInstance",
            json!({"CPU": 1, "GPU": 1, "GpuType": "4090", "MachineType": "G", "Memory": 1024, "CompShareImageId": "i", "Disks": [{"Size": 1}]}),
        ),
    ] {
        let r = call(&client, name, args.clone()).await;
        assert_eq!(
            r.is_error,
            Some(true),
            "{name} {}: {r:?}",
            args.to_string().chars().take(80).collect::<String>()
        );
        assert_eq!(doc(&r)["error"], "invalid_arguments", "{:?}", doc(&r));
    }
    assert!(server.requests().is_empty(), "nothing sent");
    // The tool's own arguments are checked in the same words as the action's.
    let r = call(&client, "DescribeCompShareInstance", json!({"all": "yes"})).await;
    assert_eq!(doc(&r)["message"], "`all` is a string, not boolean");
    let r = call(&client, "DescribeCompShareInstance", json!({"Zone": 5})).await;
    assert_eq!(doc(&r)["message"], "`Zone` is a whole number, not string");
    // An API error: a tool error with the RetCode and how far the request got.
    let (_, r) = confirmed(
        &client,
        "StopCompShareInstance",
        json!({"Region": "cn-wlcb", "Zone": "cn-wlcb-01", "UHostId": "uhost-x"}),
    )
    .await;
    assert_eq!(r.is_error, Some(true));
    assert_eq!(doc(&r)["ret_code"], 8039);
    assert_eq!(doc(&r)["delivery"], "received");
    assert!(!format!("{r:?}").contains(PRIVATE));
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_open_enum_takes_a_value_newer_than_the_spec_and_the_preview_is_what_is_sent() {
    let server = serve(
        r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"UHostIds":["uhost-1"],"PriceDetails":[{"ChargeType":"Postpay","Instance":2}]}"#,
    )
    .await;
    let client = connect(&server, &["--allow-writes", "--toolsets", "all"]).await;
    // `H20` is served by the API though the spec's list of GPU models predates it.
    let args = json!({"Region": "cn-sh2", "Zone": "cn-sh2-02", "CPU": 16, "GPU": 1, "GpuType": "H20", "MachineType": "G", "Memory": 65536, "CompShareImageId": "img-1", "Disks": [{"IsBoot": true, "Size": 100, "Type": "CLOUD_SSD"}]});
    let preview = call(&client, "CreateCompShareInstance", args.clone()).await;
    assert_eq!(preview.is_error, Some(false), "{preview:?}");
    let shown = doc(&preview)["request"]["params"].clone();
    assert_eq!(shown["GpuType"], "H20");
    // The call's own region and zone, as they will be sent.
    assert_eq!(
        (shown["Region"].as_str(), shown["Zone"].as_str()),
        (Some("cn-sh2"), Some("cn-sh2-02"))
    );
    let mut with_token = args;
    with_token["confirm"] = doc(&preview)["confirm_token"].clone();
    let sent = call(&client, "CreateCompShareInstance", with_token).await;
    assert_eq!(sent.is_error, Some(false), "{sent:?}");
    let create = server
        .requests()
        .into_iter()
        .find(|r| r.param("Action") == Some("CreateCompShareInstance"))
        .unwrap();
    for (k, v) in shown.as_object().unwrap() {
        // The password is made for the confirmed call only; the signature signs it.
        if k != "Password" && k != "Signature" {
            assert_eq!(create.param(k), v.as_str(), "{k}");
        }
    }
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_agent_lists_instances_of_every_region_as_the_command_line_does() {
    let server = serve(r#"{"RetCode":0,"TotalCount":0,"UHostSet":[]}"#).await;
    let client = connect(&server, &[]).await;
    let r = call(&client, "DescribeCompShareInstance", json!({})).await;
    assert_eq!(r.is_error, Some(false), "{r:?}");
    let sent = server.requests();
    assert_eq!(
        sent[0].param("Region"),
        None,
        "the configured region is not sent"
    );
    assert_eq!(sent[0].param("Zone"), None);
    let r = call(
        &client,
        "DescribeCompShareInstance",
        json!({"Region": "cn-sh2"}),
    )
    .await;
    assert_eq!(r.is_error, Some(false), "{r:?}");
    assert_eq!(server.requests()[1].param("Region"), Some("cn-sh2"));
    // Other actions keep the configured place.
    let r = call(&client, "DescribeCompShareGpuInventory", json!({})).await;
    assert_eq!(r.is_error, Some(false), "{r:?}");
    assert_eq!(server.requests()[2].param("Region"), Some(REGION));
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn every_model_api_tool_reaches_its_method_and_path_with_the_bearer_key() {
    let server =
        serve(r#"{"task_id":"t-1","task":{"task_id":"t-1","status":"queued"},"items":[]}"#).await;
    let url = server.url();
    let client = connect_with(
        &server,
        &[
            "--allow-writes",
            "--toolsets",
            "video,qwen-image,speech,skill,points",
            "--base-url",
            &url,
        ],
        &[("COMPSHARE_MINIMAX_API_KEY", "sk-ml-mcp-test")],
    )
    .await;
    let file = json!({"file_name": "a.png", "content_type": "image/png", "file_size": 3});
    let with = |extra: Value| {
        let mut all = file.clone();
        all.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        all
    };
    let calls: Vec<(&str, Value, &str)> = vec![
        (
            "CreateVideoTask",
            json!({"model": "MiniMax-H3", "content": [{"type": "text", "text": "a cat"}], "resolution": "768P", "duration": 5, "ratio": "16:9"}),
            "POST /minimax/v2/video_generation",
        ),
        (
            "GetVideoTask",
            json!({"task_id": "t-1"}),
            "GET /minimax/v2/query/video_generation/t-1",
        ),
        (
            "ListVideoTasks",
            json!({"filter.status": "queued"}),
            "GET /minimax/v2/query/video_generation?filter.status=queued",
        ),
        (
            "CancelVideoTask",
            json!({"task_id": "t-1"}),
            "DELETE /minimax/v2/video_generation/t-1",
        ),
        (
            "ListPointPackages",
            json!({}),
            "GET /minimax/v2/query/point_packages",
        ),
        (
            "GetPointBalance",
            json!({}),
            "GET /minimax/v2/query/point_usage_summary",
        ),
        ("ListSkills", json!({}), "GET /minimax/v2/skills"),
        (
            "CreateSkill",
            json!({"name": "n", "content": "c"}),
            "POST /minimax/v2/skills",
        ),
        (
            "UpdateSkill",
            json!({"skill_id": "s-1", "name": "n", "content": "c"}),
            "PUT /minimax/v2/skills/s-1",
        ),
        (
            "DeleteSkill",
            json!({"skill_id": "s-1"}),
            "DELETE /minimax/v2/skills/s-1",
        ),
        ("GetImageConfig", json!({}), "GET /image/v1/config"),
        (
            "CreateImageTask",
            json!({"prompt": "a cat", "resolution": "1K", "aspect_ratio": "1:1"}),
            "POST /image/v1/tasks",
        ),
        (
            "GetImageTask",
            json!({"task_id": "t-1"}),
            "GET /image/v1/tasks/t-1",
        ),
        ("ListImageTasks", json!({}), "GET /image/v1/tasks"),
        (
            "CancelImageTask",
            json!({"task_id": "t-1"}),
            "POST /image/v1/tasks/t-1/cancel",
        ),
        (
            "DeleteImageTask",
            json!({"task_id": "t-1"}),
            "DELETE /image/v1/tasks/t-1",
        ),
        (
            "RequestImageUploadUrl",
            file.clone(),
            "POST /image/v1/upload_urls",
        ),
        (
            "CreateImageAsset",
            with(json!({"object_key": "o", "width": 1, "height": 1})),
            "POST /image/v1/assets",
        ),
        ("GetSpeechPricing", json!({}), "GET /audio/v1/pricing"),
        (
            "ListVoices",
            json!({"kind": "custom"}),
            "GET /audio/v1/voices?kind=custom",
        ),
        (
            "CreateSpeechJob",
            json!({"text": "你好", "language": "ZH", "voice": {"source": "preset", "voice_id": "v"}, "speed": 1.0, "auto_emotion": true, "emotion_strength": 0.8}),
            "POST /audio/v1/speech/jobs",
        ),
        (
            "GetSpeechJob",
            json!({"task_id": "t-1"}),
            "GET /audio/v1/speech/jobs/t-1",
        ),
        ("ListSpeechJobs", json!({}), "GET /audio/v1/speech/jobs"),
        (
            "CancelSpeechJob",
            json!({"task_id": "t-1"}),
            "POST /audio/v1/speech/jobs/t-1/cancel",
        ),
        (
            "DeleteSpeechJob",
            json!({"task_id": "t-1"}),
            "DELETE /audio/v1/speech/jobs/t-1",
        ),
        (
            "RequestAudioUploadUrl",
            json!({"file_name": "a.wav", "content_type": "audio/wav", "file_size": 3}),
            "POST /audio/v1/upload_urls",
        ),
        (
            "CreateAudioAsset",
            json!({"file_name": "a.wav", "content_type": "audio/wav", "file_size": 3, "object_key": "o", "duration_ms": 1000}),
            "POST /audio/v1/assets",
        ),
        (
            "CreateVoice",
            json!({"asset_id": "a", "name": "v"}),
            "POST /audio/v1/voices",
        ),
        (
            "DeleteVoice",
            json!({"voice_id": "v-1"}),
            "DELETE /audio/v1/voices/v-1",
        ),
    ];
    let tools = client.list_all_tools().await.unwrap();
    for (name, args, route) in calls {
        let tool = tools.iter().find(|t| t.name == name).expect(name);
        let description = tool.description.as_deref().unwrap_or_default();
        let (method, path) = route.split_once(' ').unwrap();
        let template = path.split('?').next().unwrap();
        assert!(
            description.contains(&format!("API: {method} ")),
            "{name}'s description names its method and path: {description}"
        );
        let before = server.requests().len();
        let r = if method == "GET" {
            call(&client, name, args).await
        } else {
            confirmed(&client, name, args).await.1
        };
        assert_eq!(r.is_error, Some(false), "{name}: {r:?}");
        let sent: Vec<String> = server.requests()[before..]
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect();
        assert!(
            sent.iter()
                .any(|s| s == route || s.starts_with(&format!("{method} {template}?"))),
            "{name} sent {sent:?}, not {route}"
        );
    }
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.headers.get("authorization").map(String::as_str)
                == Some("Bearer sk-ml-mcp-test")),
        "every request with the model API's key, none signed"
    );
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_spending_cap_refuses_the_model_apis_creates_whose_points_are_not_quoted() {
    let server = serve(r#"{"task_id":"t-1"}"#).await;
    let url = server.url();
    let client = connect_with(
        &server,
        &[
            "--allow-writes",
            "--toolsets",
            "all",
            "--max-price",
            "5",
            "--base-url",
            &url,
        ],
        &[("COMPSHARE_MINIMAX_API_KEY", "sk-ml-mcp-test")],
    )
    .await;
    let (_, r) = confirmed(
        &client,
        "CreateImageTask",
        json!({"prompt": "a cat", "resolution": "1K", "aspect_ratio": "1:1"}),
    )
    .await;
    assert_eq!(r.is_error, Some(true), "{r:?}");
    assert!(format!("{r:?}").contains("no price quote"), "{r:?}");
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        ["/image/v1/config"],
        "the preview's prices read; nothing made"
    );
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_model_create_preview_shows_the_prices_the_service_lists() {
    let server = TestServer::start(|r| match r.path.as_str() {
        "/image/v1/config" => Answer::json(r#"{"available":true,"prices":{"1K":4,"2K":8}}"#),
        _ => Answer::json(r#"{"task_id":"it-1"}"#),
    })
    .await;
    let url = server.url();
    let client = connect_with(
        &server,
        &[
            "--allow-writes",
            "--toolsets",
            "video,qwen-image,speech,skill,points",
            "--base-url",
            &url,
        ],
        &[("COMPSHARE_MINIMAX_API_KEY", "sk-ml-mcp-test")],
    )
    .await;
    let r = call(
        &client,
        "CreateImageTask",
        json!({"prompt": "a cat", "resolution": "1K", "aspect_ratio": "1:1"}),
    )
    .await;
    assert_eq!(r.is_error, Some(false), "{r:?}");
    assert_eq!(doc(&r)["sent"], false);
    assert_eq!(
        doc(&r)["prices"],
        json!({"available": true, "prices": {"1K": 4, "2K": 8}})
    );
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths, ["/image/v1/config"], "the prices read; nothing made");
    client.cancel().await.unwrap();
}

/// The names of the tools a server started with `extra` offers.
async fn offered(server: &TestServer, extra: &[&str]) -> Vec<String> {
    let client = connect(server, extra).await;
    let tools = client.list_all_tools().await.unwrap();
    client.cancel().await.unwrap();
    let mut names: Vec<String> = tools.iter().map(|t| t.name.to_string()).collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread")]
async fn toolsets_are_chosen_at_start_up_with_a_small_default() {
    let server = serve(r#"{"RetCode":0}"#).await;
    let default = offered(&server, &[]).await;
    for common in [
        "DescribeCompShareInstance",
        "DescribeCompShareGpuInventory",
        "DescribeAvailableCompShareInstanceTypes",
        "DescribeCompShareImages",
        "GetCompShareInstancePrice",
    ] {
        assert!(
            default.iter().any(|n| n == common),
            "{common} in {default:?}"
        );
    }
    assert!(default.len() <= 20, "a small default: {default:?}");
    assert!(
        !default.iter().any(|n| n == "GetCompShareCFSPrice"),
        "{default:?}"
    );

    let instance = offered(&server, &["--toolsets", "instance"]).await;
    assert!(instance.iter().any(|n| n == "DescribeCompShareInstance"));
    assert!(
        !instance
            .iter()
            .any(|n| n == "DescribeCompShareGpuInventory"),
        "{instance:?}"
    );
    let more = offered(
        &server,
        &[
            "--toolsets",
            "instance",
            "--tools",
            "GetCompShareCFSPrice",
            "--exclude-tools",
            "DescribeCompShareInstance",
        ],
    )
    .await;
    assert!(more.iter().any(|n| n == "GetCompShareCFSPrice"), "{more:?}");
    assert!(
        !more.iter().any(|n| n == "DescribeCompShareInstance"),
        "{more:?}"
    );
    // Tools the production API does not serve are offered only by name.
    let all = offered(&server, &["--toolsets", "all", "--allow-writes"]).await;
    assert!(
        !all.iter().any(|n| n == "AddFavoriteImage"),
        "deprecated: not offered"
    );
    let named = offered(&server, &["--allow-writes", "--tools", "AddFavoriteImage"]).await;
    assert!(named.iter().any(|n| n == "AddFavoriteImage"), "{named:?}");

    for (flags, says) in [
        (vec!["mcp", "--toolsets", "instanse"], "no such group"),
        (vec!["mcp", "--tools", "DescribeNothing"], "no such tool"),
        (
            vec!["mcp", "--tools", "CreateCompShareInstance"],
            "add --allow-writes",
        ),
    ] {
        let out = run(&server, &flags, &[]).await;
        assert_eq!(out.status.code(), Some(2), "{flags:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{flags:?}: {}", stderr(&out));
    }
    assert!(server.requests().is_empty());
}

/// Where `value` breaks `schema` (the subset the server writes: `type`, `properties`,
/// `items`, `additionalProperties`, `$ref` into `$defs`), if anywhere.
fn breaks(value: &Value, schema: &Value, root: &Value, at: &str) -> Option<String> {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.strip_prefix("#/$defs/").expect("a local definition");
        return breaks(value, &root["$defs"][name], root, at);
    }
    let fits = match schema["type"].as_str() {
        None => true,
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some(other) => panic!("a type the server does not write: {other}"),
    };
    if !fits {
        return Some(format!("{at}: {value} is not {}", schema["type"]));
    }
    match value {
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            let inner = schema["properties"]
                .get(k)
                .or_else(|| schema.get("additionalProperties").filter(|a| a.is_object()))?;
            breaks(v, inner, root, &format!("{at}.{k}"))
        }),
        Value::Array(items) => schema.get("items").and_then(|s| {
            items
                .iter()
                .enumerate()
                .find_map(|(i, v)| breaks(v, s, root, &format!("{at}[{i}]")))
        }),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_tool_has_an_output_schema_and_answers_fit_it() {
    let server = TestServer::start(|r| match r.param("Action") {
        Some("DescribeCompShareInstance") => Answer::json(
            r#"{"RetCode":0,"TotalCount":1,"UHostSet":[{"UHostId":"uhost-1","State":"Running","GPU":1,"Memory":65536,"InstancePrice":2.5,"IPSet":[{"IP":"10.0.0.1"}],"DiskSet":[{"Size":100,"IsBoot":true}],"Unlisted":{"any":"thing"}}]}"#,
        ),
        Some("DescribeCompShareGpuInventory") => Answer::json(
            r#"{"RetCode":0,"GpuInventoryByZone":{"Exclusive":{"10027":{"4090":12}}},"UpdateTime":1765000000}"#,
        ),
        Some("CheckCompShareResourceCapacity") => Answer::json(
            r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}]}"#,
        ),
        Some("GetCompShareInstancePrice") => Answer::json(
            r#"{"RetCode":0,"PriceDetails":[{"ChargeType":"Postpay","Instance":1.5}]}"#,
        ),
        _ => Answer::json(r#"{"RetCode":0}"#),
    })
    .await;
    let client = connect(&server, &["--toolsets", "all", "--allow-writes"]).await;
    let tools = client.list_all_tools().await.unwrap();
    let missing: Vec<&str> = tools
        .iter()
        .filter(|t| t.output_schema.is_none())
        .map(|t| t.name.as_ref())
        .collect();
    assert!(missing.is_empty(), "without an outputSchema: {missing:?}");
    let schema_of = |name: &str| {
        let t = tools.iter().find(|t| t.name == name).unwrap();
        Value::Object((**t.output_schema.as_ref().unwrap()).clone())
    };
    for (name, args) in [
        ("DescribeCompShareInstance", json!({})),
        ("DescribeCompShareInstance", json!({"all": true})),
        ("DescribeCompShareGpuInventory", json!({})),
        (
            "CreateCompShareInstance",
            json!({"GPU": 1, "GpuType": "4090", "CPU": 16, "Memory": 65536, "CompShareImageId": "img-1"}),
        ),
    ] {
        let r = call(&client, name, args.clone()).await;
        assert_eq!(r.is_error, Some(false), "{name} {args}: {r:?}");
        let schema = schema_of(name);
        let answer = doc(&r);
        assert_eq!(
            breaks(answer, &schema, &schema, "$"),
            None,
            "{name} {args}: {answer}"
        );
    }
    // The schema says where things are: the instances' list, and stock keyed by zone id.
    let s = schema_of("DescribeCompShareInstance");
    assert_eq!(
        s["properties"]["output"]["properties"]["UHostSet"]["items"]["$ref"],
        "#/$defs/CompShareInstanceSet"
    );
    let stock = schema_of("DescribeCompShareGpuInventory");
    assert_eq!(
        stock["properties"]["output"]["properties"]["GpuInventoryByZone"]["additionalProperties"]["type"],
        "object"
    );
    // A wrong answer is caught by the check itself.
    let wrong = json!({"output": {"UHostSet": [{"GPU": "one"}]}});
    assert!(breaks(&wrong, &s, &s, "$").is_some());
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_without_a_region_says_so_and_where_to_set_it() {
    let server = serve(r#"{"RetCode":0}"#).await;
    let no_region = [("UCLOUD_REGION", ""), ("UCLOUD_ZONE", "")];
    // Started by a client with no region in its env block: said in the client's log ...
    let out = run(&server, &["mcp"], &no_region).await;
    assert!(
        stderr(&out).contains("no region configured") && stderr(&out).contains("env block"),
        "{}",
        stderr(&out)
    );
    // ... and in the error of a call that needs one, in the server's terms, not the flags'.
    let client = connect_with(&server, &[], &no_region).await;
    let r = call(&client, "DescribeCompShareGpuInventory", json!({})).await;
    assert_eq!(r.is_error, Some(true), "{r:?}");
    let message = doc(&r)["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("UCLOUD_REGION in the env block of its registration"),
        "{message}"
    );
    assert!(
        server.requests().is_empty(),
        "nothing sent to guess a region"
    );
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_price_tool_takes_the_creates_own_arguments() {
    let server =
        serve(r#"{"RetCode":0,"PriceDetails":[{"ChargeType":"Postpay","Instance":2.5}]}"#).await;
    let client = connect(&server, &[]).await;
    // What an agent would create, as the create takes it.
    let create = json!({"GPU": 1, "CPU": 16, "Memory": 65536, "GpuType": "4090", "MachineType": "G", "CompShareImageId": "img-1", "Name": "train"});
    let r = call(&client, "GetCompShareInstancePrice", create).await;
    assert_eq!(r.is_error, Some(false), "{r:?}");
    let asked = &server.requests()[0];
    assert_eq!(asked.param("Action"), Some("GetCompShareInstancePrice"));
    assert_eq!(
        (asked.param("Cpu"), asked.param("Gpu")),
        (Some("16"), Some("1"))
    );
    assert_eq!(
        asked.param("ChargeType"),
        Some("Postpay"),
        "priced with the create's defaults, as the create would be bought"
    );
    assert_eq!(
        asked.param("Name"),
        None,
        "what the price does not depend on is left out"
    );
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn compact_mode_finds_describes_and_calls_every_action_with_the_same_safety() {
    let server = serve(
        r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"UHostIds":["uhost-1"],"PriceDetails":[{"ChargeType":"Postpay","Instance":2.5}],"GpuInventoryByZone":{"Exclusive":{"10027":{"4090":3}}}}"#,
    )
    .await;
    let client = connect(&server, &["--compact", "--allow-writes"]).await;
    let tools = client.list_all_tools().await.unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    assert_eq!(
        names,
        [
            "search_actions",
            "describe_action",
            "call_action",
            "search_gpus"
        ]
    );

    let found = call(&client, "search_actions", json!({"query": "gpu inventory"})).await;
    assert_eq!(found.is_error, Some(false), "{found:?}");
    assert_eq!(
        doc(&found)["actions"][0]["name"],
        "DescribeCompShareGpuInventory",
        "{}",
        doc(&found)
    );
    let described = call(
        &client,
        "describe_action",
        json!({"name": "CreateCompShareInstance"}),
    )
    .await;
    let d = doc(&described);
    assert!(
        d["inputSchema"]["required"]
            .as_array()
            .unwrap()
            .contains(&json!("GPU")),
        "{d}"
    );
    assert_eq!(d["outputSchema"]["type"], "object");

    let stock = call(
        &client,
        "call_action",
        json!({"name": "DescribeCompShareGpuInventory", "arguments": {}}),
    )
    .await;
    assert_eq!(stock.is_error, Some(false), "{stock:?}");
    assert_eq!(
        doc(&stock)["output"]["GpuInventoryByZone"]["Exclusive"]["10027"]["4090"],
        3
    );

    // A write: previewed, then sent only with the preview's token, as its own tool would.
    let args = json!({"GPU": 1, "CPU": 16, "Memory": 65536, "GpuType": "4090", "CompShareImageId": "img-1"});
    let preview = call(
        &client,
        "call_action",
        json!({"name": "CreateCompShareInstance", "arguments": args}),
    )
    .await;
    assert_eq!(doc(&preview)["sent"], false, "{preview:?}");
    let token = doc(&preview)["confirm_token"].as_str().unwrap().to_owned();
    let mut other = args.clone();
    other["Name"] = json!("another");
    other["confirm"] = json!(token);
    let refused = call(
        &client,
        "call_action",
        json!({"name": "CreateCompShareInstance", "arguments": other}),
    )
    .await;
    assert_eq!(refused.is_error, Some(true), "{refused:?}");
    assert!(!actions(&server).contains(&"CreateCompShareInstance".to_owned()));
    let mut same = args;
    same["confirm"] = json!(token);
    let sent = call(
        &client,
        "call_action",
        json!({"name": "CreateCompShareInstance", "arguments": same}),
    )
    .await;
    assert_eq!(doc(&sent)["sent"], true, "{sent:?}");
    assert_eq!(
        actions(&server)
            .iter()
            .filter(|a| *a == "CreateCompShareInstance")
            .count(),
        1
    );
    for (args, says) in [
        (json!({"name": "DescribeNothing"}), "no action"),
        (
            json!({"name": "DescribeCompShareGpuInventory", "arguments": {"Bogus": 1}}),
            "Bogus",
        ),
        (
            json!({"name": "DescribeCompShareGpuInventory", "extra": 1}),
            "unknown argument `extra`",
        ),
    ] {
        let r = call(&client, "call_action", args.clone()).await;
        assert_eq!(r.is_error, Some(true), "{args}: {r:?}");
        assert!(format!("{r:?}").contains(says), "{args}: {r:?}");
    }
    client.cancel().await.unwrap();

    // Without --allow-writes, writes are not among the actions.
    let client = connect(&server, &["--compact"]).await;
    let r = call(
        &client,
        "call_action",
        json!({"name": "CreateCompShareInstance", "arguments": {}}),
    )
    .await;
    assert_eq!(r.is_error, Some(true));
    assert!(format!("{r:?}").contains("--allow-writes"), "{r:?}");
    let found = call(
        &client,
        "search_actions",
        json!({"query": "create instance"}),
    )
    .await;
    assert!(
        doc(&found)["actions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["read_only"] == true),
        "{}",
        doc(&found)
    );
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_write_whose_quote_failed_cannot_be_confirmed() {
    // Stock, but no price: the quote fails.
    let server = serve(r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"UHostIds":["uhost-1"]}"#).await;
    let client = connect(&server, &["--allow-writes", "--toolsets", "all"]).await;
    let args = json!({"GPU": 1, "CPU": 16, "Memory": 65536, "GpuType": "4090", "CompShareImageId": "img-1"});
    let preview = call(&client, "CreateCompShareInstance", args.clone()).await;
    assert_eq!(preview.is_error, Some(false), "{preview:?}");
    assert!(
        doc(&preview).get("confirm_token").is_none(),
        "{}",
        doc(&preview)
    );
    assert!(
        doc(&preview)["note"]
            .as_str()
            .unwrap()
            .contains("cannot be confirmed")
    );
    let mut forced = args;
    forced["confirm"] = json!("0123456789abcdef0123456789abcdef");
    let r = call(&client, "CreateCompShareInstance", forced).await;
    assert_eq!(r.is_error, Some(true));
    assert!(
        doc(&r)["message"]
            .as_str()
            .unwrap()
            .contains("its quote failed"),
        "{r:?}"
    );
    assert!(!actions(&server).contains(&"CreateCompShareInstance".to_owned()));
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_writes_answer_says_its_outcome_what_to_check_and_waits_when_asked() {
    // The instance is stopped until started, then running, or fails to install for
    // `uhost-bad`.
    let server = TestServer::start(|r| match r.param("Action") {
        Some("DescribeCompShareInstance") => {
            let id = r.param("UHostIds.0").unwrap_or("").to_owned();
            let state = if id == "uhost-bad" {
                "Install Fail"
            } else {
                "Running"
            };
            Answer::json(&format!(
                r#"{{"RetCode":0,"TotalCount":1,"UHostSet":[{{"UHostId":"{id}","State":"{state}","Region":"cn-wlcb"}}]}}"#
            ))
        }
        _ => Answer::json(r#"{"RetCode":0}"#),
    })
    .await;
    let client = connect(&server, &["--toolsets", "all", "--allow-writes"]).await;
    let tools = client.list_all_tools().await.unwrap();
    let takes_wait = |name: &str| {
        tools.iter().find(|t| t.name == name).unwrap().input_schema["properties"]
            .get("wait")
            .is_some()
    };
    assert!(takes_wait("StartCompShareInstance"));
    assert!(
        !takes_wait("ResetCompShareInstancePassword"),
        "no waiter, no wait"
    );

    // Not waited for: the outcome, and what to call to see it done.
    let (_, sent) = confirmed(
        &client,
        "StartCompShareInstance",
        json!({"UHostId": "uhost-1"}),
    )
    .await;
    assert_eq!(sent.is_error, Some(false), "{sent:?}");
    let d = doc(&sent);
    assert_eq!(d["sent"], true);
    assert!(d["outcome"].as_str().unwrap().contains("accepted"), "{d}");
    assert_eq!(
        d["check"],
        json!({
            "tool": "DescribeCompShareInstance",
            "arguments": {"UHostIds": ["uhost-1"]},
            "state": "UHostSet[UHostId].State",
            "done_when": ["Running"],
            "failed_when": ["Install Fail"],
        })
    );
    assert!(d.get("waited").is_none());
    let polls = |server: &TestServer| {
        server
            .requests()
            .iter()
            .filter(|r| r.param("Action") == Some("DescribeCompShareInstance"))
            .count()
    };
    assert_eq!(polls(&server), 0, "not waited for unless asked");

    // Waited for: the instance as the last poll saw it.
    let (_, sent) = confirmed(
        &client,
        "StartCompShareInstance",
        json!({"UHostId": "uhost-1", "wait": true}),
    )
    .await;
    let d = doc(&sent);
    assert_eq!(d["waited"]["done"], true, "{d}");
    assert_eq!(d["waited"]["last"][0]["State"], "Running");
    assert!(
        d["outcome"].as_str().unwrap().contains("is Running now"),
        "{d}"
    );
    assert_eq!(polls(&server), 1);

    // A wait that fails is no failure of the write, which was made: the answer says both.
    let (_, sent) = confirmed(
        &client,
        "StartCompShareInstance",
        json!({"UHostId": "uhost-bad", "wait": true}),
    )
    .await;
    assert_eq!(sent.is_error, Some(false), "{sent:?}");
    let d = doc(&sent);
    assert_eq!(d["sent"], true);
    assert_eq!(d["waited"]["done"], false, "{d}");
    assert!(
        d["waited"]["error"]
            .as_str()
            .unwrap()
            .contains("Install Fail"),
        "{d}"
    );
    assert_eq!(d["check"]["arguments"]["UHostIds"][0], "uhost-bad");
    // Every write's answer says what happened.
    let (_, sent) = confirmed(
        &client,
        "StopCompShareInstance",
        json!({"UHostId": "uhost-1"}),
    )
    .await;
    assert!(
        doc(&sent)["outcome"]
            .as_str()
            .unwrap()
            .contains("is Stopped"),
        "{sent:?}"
    );
    client.cancel().await.unwrap();
}

/// The shortest deadline still serves a read: the time kept for answering shrinks with it.
#[tokio::test(flavor = "multi_thread")]
async fn a_one_second_deadline_still_answers() {
    let server = serve(r#"{"RetCode":0,"TotalCount":0,"UHostSet":[]}"#).await;
    let client = connect(&server, &["--deadline", "1"]).await;
    let r = call(&client, "DescribeCompShareInstance", json!({})).await;
    assert_eq!(r.is_error, Some(false), "{r:?}");
    client.cancel().await.unwrap();
}
