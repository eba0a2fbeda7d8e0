//! README's tasks, run as written: each line of its `gpu-task` and `model-task` blocks in bash,
//! in a fresh home with nothing configured, against a local server that plays the API (an
//! instance that runs once created and stops when stopped; tasks that succeed). A line that
//! fails, or a region or zone that did not come from the saved configuration, fails the test.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

use crate::harness::*;

const README: &str = include_str!("../../README.md");

/// The lines of README's `gpu-task` block.
fn task() -> Vec<String> {
    block("gpu-task")
}

/// The lines of README's block marked `name`.
fn block(name: &str) -> Vec<String> {
    let marker = README
        .find(&format!("<!-- {name}"))
        .unwrap_or_else(|| panic!("README has the {name} block"));
    let block = &README[marker..];
    let open = block
        .find("```sh\n")
        .expect("a sh block follows the marker")
        + 6;
    let close = block[open..].find("```").expect("the block ends") + open;
    block[open..close]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// The instance's life: 0 none, 1 running, 2 stopped, 3 deleted.
fn play(state: &AtomicU8, r: &compshare_e2e::Request) -> Answer {
    let instance = |s: &str| {
        format!(
            r#"{{"RetCode":0,"TotalCount":1,"UHostSet":[{{"UHostId":"uhost-7f3k2","Name":"train","State":"{s}","GpuType":"4090","GPU":1,"CPU":16,"Memory":65536,"Zone":"cn-wlcb-01","Region":"cn-wlcb","ChargeType":"Postpay","InstancePrice":2.15,"IPSet":[{{"IP":"10.9.8.7"}},{{"IP":"117.50.1.2"}}],"DiskSet":[{{"Size":100,"IsBoot":true,"DiskType":"CLOUD_SSD"}}],"SshLoginCommand":"ssh -p 23 root@117.50.1.2"}}]}}"#
        )
    };
    match r.param("Action").unwrap_or_default() {
        "CheckCompShareResourceCapacity" => Answer::json(
            r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true},{"Gpu":2,"Cpu":32,"Mem":128,"ResourceEnough":false}]}"#,
        ),
        "DescribeCompShareSupportZone" => Answer::json(
            r#"{"RetCode":0,"ZoneInfo":[{"Region":"cn-wlcb","Zone":"cn-wlcb-01","ZoneId":10027}]}"#,
        ),
        "DescribeCompShareGpuInventory" => Answer::json(
            r#"{"RetCode":0,"GpuInventoryByZone":{"Exclusive":{"10027":{"4090":12}}}}"#,
        ),
        "DescribeAvailableCompShareInstanceTypes" => Answer::json(
            r#"{"RetCode":0,"AvailableInstanceTypes":[{"Name":"4090","Zone":"cn-wlcb-01","InstanceType":"uhost","GraphicsMemory":{"Value":24},"MachineSizes":[{"Gpu":1,"Collection":[{"Cpu":16,"Memory":[65536]}]}]}]}"#,
        ),
        "GetCompShareInstancePrice" => Answer::json(
            r#"{"RetCode":0,"PriceDetails":[{"ChargeType":"Postpay","Instance":2.0,"Disks":0.15,"OriginalPrice":2.5}]}"#,
        ),
        "CreateCompShareInstance" => {
            state.store(1, Ordering::SeqCst);
            Answer::json(r#"{"RetCode":0,"UHostIds":["uhost-7f3k2"]}"#)
        }
        "StopCompShareInstance" => {
            state.store(2, Ordering::SeqCst);
            Answer::json(r#"{"RetCode":0,"UHostId":"uhost-7f3k2"}"#)
        }
        "TerminateCompShareInstance" => {
            state.store(3, Ordering::SeqCst);
            Answer::json(r#"{"RetCode":0,"UHostId":"uhost-7f3k2"}"#)
        }
        "DescribeCompShareInstance" => match state.load(Ordering::SeqCst) {
            1 => Answer::json(&instance("Running")),
            2 => Answer::json(&instance("Stopped")),
            _ => Answer::json(r#"{"RetCode":0,"TotalCount":0,"UHostSet":[]}"#),
        },
        other => Answer::json(&format!(
            r#"{{"RetCode":230,"Message":"the README's task does not call {other}"}}"#
        )),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_gpu_task_in_the_readme_runs_as_written() {
    let lines = task();
    assert!(lines.len() >= 5, "{lines:?}");
    let state = Arc::new(AtomicU8::new(0));
    let played = state.clone();
    let server = TestServer::start(move |r| play(&played, r)).await;
    let home = compshare_e2e::scratch("compshare-rs-readme-");
    std::fs::write(home.path().join("private-key.txt"), "readme-private-key\n").unwrap();
    let binary = std::env::var_os("COMPSHARE_RS_TEST_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_compshare-rs").into());
    let path = format!("{}:/usr/bin:/bin", binary.parent().unwrap().display());
    let mut outputs = Vec::new();
    for line in &lines {
        let mut c = std::process::Command::new("bash");
        c.args(["--norc", "--noprofile", "-c", line])
            .current_dir(&home)
            .env_clear()
            .env("HOME", home.path())
            .env("PATH", &path)
            // Only where the API is: keys, region and zone come from `config set`.
            .env("UCLOUD_API_BASE_URL", server.url())
            .stdin(std::process::Stdio::null());
        let out = tokio::task::spawn_blocking(move || c.output().unwrap())
            .await
            .unwrap();
        assert!(
            out.status.success(),
            "`{line}` exited {:?}: {}{}",
            out.status.code(),
            stdout(&out),
            stderr(&out)
        );
        outputs.push(stdout(&out));
    }
    let requests = server.requests();
    let actions: Vec<&str> = requests
        .iter()
        .map(|r| r.param("Action").unwrap_or_default())
        .collect();
    for want in [
        "DescribeCompShareGpuInventory",
        "CheckCompShareResourceCapacity",
        "GetCompShareInstancePrice",
        "CreateCompShareInstance",
        "StopCompShareInstance",
        "TerminateCompShareInstance",
    ] {
        assert!(actions.contains(&want), "{want} in {actions:?}");
    }
    for r in &requests {
        assert!(
            r.signature_is_valid("readme-private-key"),
            "signed with the saved key"
        );
        // Listed across regions: the zones, and the instances.
        let anywhere = ["DescribeCompShareInstance", "DescribeCompShareSupportZone"];
        if !anywhere.contains(&r.param("Action").unwrap_or_default()) {
            assert_eq!(
                r.param("Region"),
                Some("cn-wlcb"),
                "{:?}",
                r.param("Action")
            );
        }
    }
    let create = requests
        .iter()
        .find(|r| r.param("Action") == Some("CreateCompShareInstance"))
        .unwrap();
    assert_eq!(create.param("Zone"), Some("cn-wlcb-01"));
    assert_eq!(create.param("CPU"), Some("16"), "from the stock check");
    assert_eq!(create.param("Memory"), Some("65536"));
    // `--wait` ends with the instance as it runs: its login command.
    let created = outputs
        .iter()
        .find(|o| o.contains("ssh -p 23 root@117.50.1.2"))
        .unwrap_or_else(|| panic!("no SSH login printed: {outputs:?}"));
    assert!(created.contains("Running"), "{created}");
    // The search: the zone by name, its free GPUs and the price per hour.
    let search = outputs
        .iter()
        .find(|o| o.contains("Yuan/hour"))
        .unwrap_or_else(|| panic!("no search table: {outputs:?}"));
    let row = search
        .lines()
        .find(|l| l.contains("cn-wlcb-01"))
        .expect("a row");
    assert!(row.contains("12") && row.contains("2.15"), "{search}");
    assert_eq!(state.load(Ordering::SeqCst), 3, "deleted at the end");
}

/// The model API's side of README's `model-task`: a balance, a video and speech that succeed
/// at the first poll, an upload whose URL is this server's, and the files made.
fn play_models(me: &std::sync::Mutex<String>, r: &compshare_e2e::Request) -> Answer {
    let here = me.lock().unwrap().clone();
    let file = |bytes: &[u8]| Answer::Http {
        status: 200,
        headers: vec![("Content-Type".into(), "application/octet-stream".into())],
        body: bytes.to_vec(),
    };
    match (r.method.as_str(), r.path.as_str()) {
        ("GET", "/minimax/v2/query/point_usage_summary") => {
            Answer::json(r#"{"total_points":1000,"reserved_points":0,"available_points":1000}"#)
        }
        ("POST", "/minimax/v2/video_generation") => Answer::json(r#"{"task_id":"vt-1"}"#),
        ("GET", "/minimax/v2/query/video_generation/vt-1") => Answer::json(&format!(
            r#"{{"task":{{"id":"vt-1","status":"succeeded","content":{{"url":"{here}/out/cat.mp4"}}}}}}"#
        )),
        ("POST", "/audio/v1/upload_urls") => Answer::json(&format!(
            r#"{{"upload_url":"{here}/up/voice","object_key":"obj-9"}}"#
        )),
        ("PUT", "/up/voice") => Answer::status(200, ""),
        ("POST", "/audio/v1/assets") => Answer::json(r#"{"asset_id":"aa-7q2"}"#),
        ("POST", "/audio/v1/speech/jobs") => Answer::json(r#"{"task_id":"sj-1"}"#),
        ("GET", "/audio/v1/speech/jobs/sj-1") => Answer::json(&format!(
            r#"{{"task":{{"task_id":"sj-1","status":"succeeded","output_url":"{here}/out/hello.wav"}}}}"#
        )),
        ("GET", "/out/cat.mp4") => file(b"a cat on a piano"),
        ("GET", "/out/hello.wav") => file(b"RIFF hello"),
        _ => Answer::status(404, "the README's task does not call this"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_model_task_in_the_readme_runs_as_written() {
    let lines = block("model-task");
    assert!(lines.len() >= 4, "{lines:?}");
    let me = Arc::new(std::sync::Mutex::new(String::new()));
    let played = me.clone();
    let server = TestServer::start(move |r| play_models(&played, r)).await;
    *me.lock().unwrap() = server.url().trim_end_matches('/').to_owned();
    let home = compshare_e2e::scratch("compshare-rs-readme-models-");
    std::fs::write(home.path().join("my-voice.wav"), b"RIFF my voice").unwrap();
    let binary = std::env::var_os("COMPSHARE_RS_TEST_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_compshare-rs").into());
    let path = format!("{}:/usr/bin:/bin", binary.parent().unwrap().display());
    let mut outputs = Vec::new();
    for line in &lines {
        let mut c = std::process::Command::new("bash");
        c.args(["--norc", "--noprofile", "-c", line])
            .current_dir(&home)
            .env_clear()
            .env("HOME", home.path())
            .env("PATH", &path)
            .env("COMPSHARE_MINIMAX_API_KEY", "sk-ml-readme")
            .env("COMPSHARE_MINIMAX_BASE_URL", server.url())
            .stdin(std::process::Stdio::null());
        let out = tokio::task::spawn_blocking(move || c.output().unwrap())
            .await
            .unwrap();
        assert!(
            out.status.success(),
            "`{line}` exited {:?}: {}{}",
            out.status.code(),
            stdout(&out),
            stderr(&out)
        );
        outputs.push(stdout(&out));
    }
    assert_eq!(
        std::fs::read(home.path().join("cat.mp4")).unwrap(),
        b"a cat on a piano"
    );
    assert_eq!(
        std::fs::read(home.path().join("hello.wav")).unwrap(),
        b"RIFF hello"
    );
    assert!(
        outputs.iter().any(|o| o.trim() == "aa-7q2"),
        "the asset printed: {outputs:?}"
    );
    let requests = server.requests();
    let upload = requests
        .iter()
        .find(|r| r.method == "PUT")
        .expect("uploaded");
    assert_eq!(upload.body, b"RIFF my voice");
    let speech = requests
        .iter()
        .find(|r| r.path == "/audio/v1/speech/jobs")
        .expect("spoken");
    assert_eq!(
        speech.json.as_ref().unwrap()["voice"],
        serde_json::json!({"source": "asset", "asset_id": "aa-7q2"})
    );
    for r in &requests {
        let keyed =
            r.headers.get("authorization").map(String::as_str) == Some("Bearer sk-ml-readme");
        assert_eq!(
            keyed,
            !(r.path.starts_with("/up/") || r.path.starts_with("/out/")),
            "{} {}",
            r.method,
            r.path
        );
    }
}
