//! A write confirmed by the human where the client can ask (elicitation): the server asks
//! with the request and its price, and sends on "yes" only; the agent never gets a token
//! with which to send it without its user.

use std::sync::{Arc, Mutex};

use rmcp::model::{
    ClientCapabilities, ClientConfig, ElicitRequestParams, ElicitResult, ElicitationAction,
    Implementation,
};
use rmcp::service::{RequestContext, RunningService};
use rmcp::transport::TokioChildProcess;
use rmcp::{ClientHandler, ErrorData, RoleClient, ServiceExt};
use serde_json::{Value, json};

use crate::harness::*;
use crate::mcp::{call, doc};

/// A client whose human gives `answer` (with "send": `send`), or fails to answer (`None`);
/// it keeps the questions.
#[derive(Clone)]
struct Human {
    answer: Option<(ElicitationAction, bool)>,
    asked: Arc<Mutex<Vec<String>>>,
    /// How long the human thinks before answering.
    thinking: std::time::Duration,
}

impl ClientHandler for Human {
    fn get_info(&self) -> ClientConfig {
        let capabilities: ClientCapabilities =
            serde_json::from_value(json!({"elicitation": {"form": {}}})).unwrap();
        ClientConfig::new(capabilities, Implementation::new("human-test", "1"))
    }

    async fn create_elicitation(
        &self,
        request: ElicitRequestParams,
        _context: RequestContext<RoleClient>,
    ) -> Result<ElicitResult, ErrorData> {
        let shown = serde_json::to_value(&request).unwrap();
        self.asked
            .lock()
            .unwrap()
            .push(shown["message"].as_str().unwrap_or_default().to_owned());
        tokio::time::sleep(self.thinking).await;
        match &self.answer {
            Some((action, send)) => {
                Ok(ElicitResult::new(action.clone()).with_content(json!({"send": send})))
            }
            None => Err(ErrorData::internal_error("the window was closed", None)),
        }
    }
}

async fn human(
    server: &TestServer,
    answer: Option<(ElicitationAction, bool)>,
) -> (RunningService<RoleClient, Human>, Arc<Mutex<Vec<String>>>) {
    slow_human(server, answer, std::time::Duration::ZERO, &[]).await
}

async fn slow_human(
    server: &TestServer,
    answer: Option<(ElicitationAction, bool)>,
    thinking: std::time::Duration,
    extra: &[&str],
) -> (RunningService<RoleClient, Human>, Arc<Mutex<Vec<String>>>) {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let handler = Human {
        answer,
        asked: asked.clone(),
        thinking,
    };
    let mut args = vec!["mcp", "--toolsets", "all", "--allow-writes"];
    args.extend_from_slice(extra);
    let mut std = command(&server.url(), &args, &[]);
    std.stderr(std::process::Stdio::null());
    let transport = TokioChildProcess::new(tokio::process::Command::from(std)).unwrap();
    (handler.serve(transport).await.unwrap(), asked)
}

fn creates(server: &TestServer) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.param("Action") == Some("CreateCompShareInstance"))
        .count()
}

const ARGS: &str =
    r#"{"CPU": 16, "GPU": 1, "GpuType": "4090", "Memory": 65536, "CompShareImageId": "img-1"}"#;

#[tokio::test(flavor = "multi_thread")]
async fn the_human_is_asked_with_the_price_and_only_yes_sends() {
    let server = serve(
        r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"UHostIds":["uhost-1"],"PriceDetails":[{"ChargeType":"Postpay","Instance":2.5}]}"#,
    )
    .await;
    let args: Value = serde_json::from_str(ARGS).unwrap();

    // Yes: one call sends it, once; the question named what and how much, not the password
    // (a secret is no argument).
    let (client, asked) = human(&server, Some((ElicitationAction::Accept, true))).await;
    let r = call_with(&client, "CreateCompShareInstance", args.clone()).await;
    assert_eq!(r["sent"], true, "{r}");
    assert_eq!(r["asked"], "the user accepted it when asked");
    assert!(r["generated"]["Password"].is_string(), "{r}");
    assert_eq!(creates(&server), 1);
    let question = asked.lock().unwrap().join("\n");
    assert!(question.contains("CreateCompShareInstance"), "{question}");
    assert!(question.contains("GpuType=\"4090\""), "{question}");
    assert!(question.contains("2.50 yuan per hour"), "{question}");
    assert!(!question.contains("Password"), "{question}");

    // Left out, the size is filled from the stock: the question shows it, and what is sent
    // after "yes" is that (a confirmation is never filled again).
    let mut unsized_args = args.clone();
    unsized_args.as_object_mut().unwrap().remove("CPU");
    unsized_args.as_object_mut().unwrap().remove("Memory");
    let r = call_with(&client, "CreateCompShareInstance", unsized_args).await;
    assert_eq!(r["sent"], true, "{r}");
    assert!(
        asked.lock().unwrap()[1].contains("CPU=16"),
        "{:?}",
        asked.lock().unwrap()
    );
    let last = server
        .requests()
        .into_iter()
        .rfind(|r| r.param("Action") == Some("CreateCompShareInstance"))
        .unwrap();
    assert_eq!(last.param("CPU"), Some("16"));
    assert_eq!(last.param("Memory"), Some("65536"));
    assert_eq!(creates(&server), 2);
    client.cancel().await.unwrap();

    // Declined, cancelled, or accepted without "Send it": nothing is sent, and the agent
    // gets no token to send it with.
    for answer in [
        (ElicitationAction::Decline, false),
        (ElicitationAction::Cancel, false),
        (ElicitationAction::Accept, false),
    ] {
        let (client, asked) = human(&server, Some(answer.clone())).await;
        let r = call(&client, "CreateCompShareInstance", args.clone()).await;
        assert_eq!(r.is_error, Some(true), "{answer:?}: {r:?}");
        let d = doc(&r);
        assert_eq!(d["error"], "declined", "{d}");
        assert_eq!(d["sent"], false);
        assert!(d.get("confirm_token").is_none());
        assert_eq!(asked.lock().unwrap().len(), 1);
        client.cancel().await.unwrap();
    }
    assert_eq!(creates(&server), 2, "nothing more was created");

    // No answer (the window closed, or too late): not sent either, and no token.
    let (client, _) = human(&server, None).await;
    let r = call(&client, "CreateCompShareInstance", args.clone()).await;
    assert_eq!(r.is_error, Some(true), "{r:?}");
    let d = doc(&r);
    assert_eq!(d["error"], "not_confirmed", "{d}");
    assert!(d.get("confirm_token").is_none(), "{d}");
    assert_eq!(creates(&server), 2);
    client.cancel().await.unwrap();
}

/// The structured answer of a call that is not an error.
async fn call_with(client: &RunningService<RoleClient, Human>, name: &str, args: Value) -> Value {
    let r = call(client, name, args).await;
    assert_eq!(r.is_error, Some(false), "{r:?}");
    doc(&r).clone()
}

/// The time a human takes to answer is not the call's: with an 8 s deadline, a quote's
/// quarter and 2 s kept for answering, an answer after 3.5 s still leaves the send its time.
#[tokio::test(flavor = "multi_thread")]
async fn the_time_to_answer_does_not_use_up_the_calls_deadline() {
    let server = serve(
        r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"UHostIds":["uhost-1"],"PriceDetails":[{"ChargeType":"Postpay","Instance":2.5}]}"#,
    )
    .await;
    let args: Value = serde_json::from_str(ARGS).unwrap();
    let (client, _) = slow_human(
        &server,
        Some((ElicitationAction::Accept, true)),
        std::time::Duration::from_millis(3500),
        &["--deadline", "8"],
    )
    .await;
    let r = call_with(&client, "CreateCompShareInstance", args).await;
    assert_eq!(r["sent"], true, "{r}");
    assert_eq!(creates(&server), 1);
    client.cancel().await.unwrap();
}
