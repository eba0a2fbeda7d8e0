//! Shared set-up of the end-to-end tests.

use std::collections::BTreeMap;

use compshare::{Client, Credentials};
use compshare_e2e::{Answer, TestServer};

pub const PUBLIC: &str = "my_public_key";
pub const PRIVATE: &str = "my_private_key";

/// A server answering every request with `body`, and a client (region `cn-wlcb`, project
/// `p-client`) pointed at it.
pub async fn serve(body: &str) -> (TestServer, Client) {
    serve_with(body, Some("p-client")).await
}

/// A server answering every request with `body`, and a client with region `cn-wlcb` and, if
/// given, a project id.
pub async fn serve_with(body: &str, project_id: Option<&str>) -> (TestServer, Client) {
    let body = body.to_owned();
    let server = TestServer::start(move |_| Answer::json(&body)).await;
    let mut builder = Client::builder()
        .credentials(Credentials::new(PUBLIC, PRIVATE))
        .base_url(server.url())
        .region("cn-wlcb");
    if let Some(p) = project_id {
        builder = builder.project_id(p);
    }
    (server, builder.build().unwrap())
}

/// The one request the server received carried exactly these parameters (besides `PublicKey`
/// and `Signature`), and a valid signature. Every action sends Region and ProjectId, as the
/// official SDKs do, so every expectation names both.
#[allow(dead_code)] // Not every test binary uses it.
pub fn expect_form(server: &TestServer, expected: &[(&str, &str)]) {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "one request");
    let req = &requests[0];
    for common in ["Region", "ProjectId"] {
        assert!(
            expected.iter().any(|(k, _)| *k == common),
            "every action sends {common}"
        );
    }
    let mut want: BTreeMap<String, String> = expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    want.insert("PublicKey".into(), PUBLIC.into());
    assert_eq!(req.params(), want);
    assert!(req.signature_is_valid(PRIVATE), "signature");
}

/// A server answering every request with `body`, and a client with the test keys and no
/// region, zone or project: as a compshare-cli profile, which holds none.
#[allow(dead_code)] // Not every test binary uses it.
pub async fn serve_bare(body: &str) -> (TestServer, Client) {
    let body = body.to_owned();
    let server = TestServer::start(move |_| Answer::json(&body)).await;
    let client = Client::builder()
        .credentials(Credentials::new(PUBLIC, PRIVATE))
        .base_url(server.url())
        .build()
        .unwrap();
    (server, client)
}

/// The one request the server received is the one compshare-cli sent: exactly these
/// parameters (`Signature` aside, a JSON body's arrays as their elements concatenated), the
/// same signature, and as JSON with this body where the CLI sent JSON.
#[allow(dead_code)]
pub fn expect_cli(server: &TestServer, sent: &[(&str, &str)], signature: &str, json: Option<&str>) {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "one request");
    let req = &requests[0];
    let want: BTreeMap<String, String> = sent
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(req.params(), want, "the parameters compshare-cli sent");
    assert!(req.signature_is_valid(PRIVATE), "a valid signature");
    assert_eq!(
        req.param("Signature"),
        Some(signature),
        "compshare-cli's signature"
    );
    let content_type = req.headers.get("content-type").map(String::as_str);
    match json {
        Some(body) => {
            assert_eq!(content_type, Some("application/json"));
            let want: serde_json::Value = serde_json::from_str(body).unwrap();
            assert_eq!(req.json.as_ref(), Some(&want), "compshare-cli's JSON body");
        }
        None => assert_eq!(content_type, Some("application/x-www-form-urlencoded")),
    }
}

/// `result` is the error for a call with `expected` required parameters unset (by wire name),
/// or, if none is expected, anything but that error.
#[allow(dead_code)]
pub fn expect_missing<T: std::fmt::Debug>(
    action: &str,
    result: Result<T, compshare::Error>,
    expected: &[&str],
) {
    let problems = match &result {
        Err(e) => match e.kind() {
            compshare::ErrorKind::InvalidRequest(problems) => {
                assert_eq!(e.action(), Some(action));
                Some(problems)
            }
            _ => None,
        },
        Ok(_) => None,
    };
    match problems {
        Some(problems) => {
            // Every missing parameter is named with the setter that sets it; a common one
            // also with the client's setting and its variable.
            for m in &problems.missing {
                let setter = m
                    .setter
                    .unwrap_or_else(|| panic!("{action}: {} has no setter", m.wire));
                let named = match m.setting {
                    Some(s) => format!(
                        "{} (.{setter}() on the call or the client builder, or {} with load_shared_config)",
                        m.wire,
                        s.variable()
                    ),
                    None => format!("{} (.{setter}())", m.wire),
                };
                assert!(result_text(&result).contains(&named), "{action}: {named}");
            }
            let mut missing: Vec<&str> = problems.missing.iter().map(|m| m.wire.as_str()).collect();
            missing.sort();
            assert_eq!(missing, expected, "{action}");
            assert!(problems.invalid.is_empty(), "{action}");
        }
        other => assert!(
            expected.is_empty(),
            "{action}: expected missing {expected:?}, got {other:?}"
        ),
    }
}

#[allow(dead_code)]
fn result_text<T>(result: &Result<T, compshare::Error>) -> String {
    match result {
        Err(e) => e.to_string(),
        Ok(_) => String::new(),
    }
}

/// The decoded output, serialized, holds everything `expected` (JSON) holds: each key of an
/// expected object with an equal value (numbers compared as numbers), lists element by
/// element. Keys the output has beyond those are not looked at.
#[allow(dead_code)] // Not every test binary uses it.
pub fn expect_output(output: serde_json::Value, expected: &str) {
    let expected: serde_json::Value = serde_json::from_str(expected).expect("expected JSON");
    if let Err(problem) = contains(&output, &expected, "") {
        panic!("{problem}\noutput: {output:#}");
    }
}

fn contains(
    actual: &serde_json::Value,
    expected: &serde_json::Value,
    path: &str,
) -> Result<(), String> {
    use serde_json::Value;
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            for (key, want) in e {
                let at = format!("{path}.{key}");
                let got = a.get(key).ok_or_else(|| format!("{at}: missing"))?;
                contains(got, want, &at)?;
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(e)) if a.len() == e.len() => a
            .iter()
            .zip(e)
            .enumerate()
            .try_for_each(|(i, (got, want))| contains(got, want, &format!("{path}[{i}]"))),
        (Value::Number(a), Value::Number(e)) if a.as_f64() == e.as_f64() => Ok(()),
        (a, e) if a == e => Ok(()),
        (a, e) => Err(format!("{path}: expected {e}, got {a}")),
    }
}
