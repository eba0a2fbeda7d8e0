//! A person at a terminal, on a real pseudo-terminal: questions that name what they act on,
//! a "no" that is not an error, one line per failure, passwords asked for (twice).

#![cfg(unix)]

use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::os::unix::process::CommandExt;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::harness::*;
use crate::with;

/// The binary with standard input and error (and, with `stdout_too`, output) on a new
/// pseudo-terminal that is its controlling terminal.
pub(crate) struct Pty {
    master: std::fs::File,
    seen: Arc<Mutex<Vec<u8>>>,
    child: Child,
}

impl Pty {
    fn spawn(url: &str, args: &[&str], env: &[(&str, &str)], stdout_too: bool) -> Pty {
        Pty::spawn_command(command(url, args, env), stdout_too)
    }

    /// Any program on a new pseudo-terminal (a shell, for completions).
    pub(crate) fn spawn_command(mut c: std::process::Command, stdout_too: bool) -> Pty {
        let pty = nix::pty::openpty(None, None).expect("a pseudo-terminal");
        let slave: OwnedFd = pty.slave;
        c.stdin(slave.try_clone().unwrap())
            .stderr(slave.try_clone().unwrap());
        if stdout_too {
            c.stdout(slave.try_clone().unwrap());
        } else {
            c.stdout(Stdio::piped());
        }
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            c.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = c.spawn().expect("the binary runs");
        drop(slave);
        let master = std::fs::File::from(pty.master);
        let seen = Arc::new(Mutex::new(Vec::new()));
        let mut reader = master.try_clone().unwrap();
        let sink = seen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            // Ends with EIO once the child's side is closed.
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Pty {
            master,
            seen,
            child,
        }
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.seen.lock().unwrap()).into_owned()
    }

    /// Waits until the terminal shows `what` (a generous limit only stops a hung test).
    pub(crate) fn expect(&self, what: &str) {
        let start = Instant::now();
        while !self.text().contains(what) {
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "the terminal never showed {what:?}: {:?}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub(crate) fn type_line(&mut self, line: &str) {
        self.master
            .write_all(format!("{line}\r").as_bytes())
            .unwrap();
    }

    /// Types `keys` as they are, without a return.
    pub(crate) fn type_keys(&mut self, keys: &str) {
        self.master.write_all(keys.as_bytes()).unwrap();
    }

    /// Ends the program (a shell left waiting at its prompt).
    pub(crate) fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The exit status, the terminal's text and standard output (when it is a pipe).
    fn finish(mut self) -> (Option<i32>, String, String) {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > Duration::from_secs(120) {
                let _ = self.child.kill();
                panic!("the binary never ended: {:?}", self.text());
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let mut out = String::new();
        if let Some(mut stdout) = self.child.stdout.take() {
            stdout.read_to_string(&mut out).unwrap();
        }
        // The reader drains what the child wrote last, then sees the terminal close.
        let start = Instant::now();
        while Arc::strong_count(&self.seen) > 1 && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(10));
        }
        (status.code(), self.text(), out)
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_delete_asks_naming_the_instance_and_a_no_is_not_an_error() {
    let server = TestServer::start(|r| match r.param("Action") {
        Some("DescribeCompShareInstance") => Answer::json(
            r#"{"RetCode":0,"TotalCount":1,"UHostSet":[{"UHostId":"uhost-7f3k2","Name":"train\u001b[2J"}]}"#,
        ),
        _ => Answer::json(r#"{"RetCode":0,"UHostId":"uhost-7f3k2"}"#),
    })
    .await;
    let url = server.url();
    let (code, screen, out) = tokio::task::spawn_blocking(move || {
        let mut pty = Pty::spawn(
            &url,
            &["instance", "delete", "--u-host-id", "uhost-7f3k2"],
            &[],
            false,
        );
        pty.expect("Go ahead? [y/N]");
        pty.type_line("n");
        pty.finish()
    })
    .await
    .unwrap();
    assert_eq!(code, Some(7), "{screen}");
    assert!(
        screen.contains("UHostId uhost-7f3k2 \"train\\x1b[2J\""),
        "{screen}"
    );
    assert!(
        screen.contains("not confirmed; nothing was sent"),
        "{screen}"
    );
    assert!(
        !screen.contains("error:"),
        "a choice, not an error: {screen}"
    );
    // Standard output is a pipe: scripts still get the document.
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["error"]["exit_code"], 7);
    assert_eq!(sent_actions(&server), ["DescribeCompShareInstance"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn at_a_terminal_a_failure_is_one_line_and_a_usage_error_shows_its_usage() {
    let server = serve(r#"{"RetCode":8039,"Message":"UHost not found"}"#).await;
    let url = server.url();
    let (code, screen, _) = tokio::task::spawn_blocking(move || {
        Pty::spawn(&url, &["instance", "list"], &[], true).finish()
    })
    .await
    .unwrap();
    assert_eq!(code, Some(3), "{screen}");
    assert!(screen.contains("UHost not found"), "{screen}");
    assert!(
        !screen.contains("\"exit_code\""),
        "no JSON document for a person: {screen}"
    );
    let url = server.url();
    let (code, screen, _) = tokio::task::spawn_blocking(move || {
        Pty::spawn(&url, &["instance", "create", "--cpu", "x"], &[], true).finish()
    })
    .await
    .unwrap();
    assert_eq!(code, Some(2), "{screen}");
    assert!(
        screen.contains("Usage: compshare-rs instance create"),
        "{screen}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_asks_for_its_password_and_a_reset_asks_twice() {
    let server = serve(r#"{"RetCode":0,"Specs":[{"Gpu":1,"Cpu":16,"Mem":64,"ResourceEnough":true}],"PriceDetails":[{"ChargeType":"Postpay","Instance":1}],"UHostIds":["uhost-1"],"UHostId":"uhost-1"}"#).await;
    let url = server.url();
    let (code, screen, _) = tokio::task::spawn_blocking(move || {
        let mut pty = Pty::spawn(&url, &with(&[]), &[], false);
        pty.expect("New password (empty: one is made for you): ");
        pty.type_line("");
        pty.expect("Go ahead? [y/N]");
        pty.type_line("y");
        pty.finish()
    })
    .await
    .unwrap();
    assert_eq!(code, Some(0), "{screen}");
    // Made after the question was answered, and shown once.
    let asked = screen.find("Go ahead?").unwrap();
    let made = screen.find("shown once").expect(&screen);
    assert!(made > asked, "{screen}");
    let url = server.url();
    let (code, screen, _) = tokio::task::spawn_blocking(move || {
        let mut pty = Pty::spawn(
            &url,
            &[
                "instance",
                "reset-password",
                "--u-host-id",
                "uhost-1",
                "--yes",
            ],
            &[],
            false,
        );
        pty.expect("New password: ");
        pty.type_line("first-pw-1");
        pty.expect("Again, password: ");
        pty.type_line("other-pw-2");
        pty.finish()
    })
    .await
    .unwrap();
    assert_eq!(code, Some(2), "{screen}");
    assert!(screen.contains("the two entries differ"), "{screen}");
    assert!(
        !screen.contains("first-pw") && !screen.contains("other-pw"),
        "not echoed: {screen}"
    );
    assert!(
        !sent_actions(&server).contains(&"ResetCompShareInstancePassword".to_owned()),
        "{:?}",
        sent_actions(&server)
    );
}

#[test]
fn config_set_asks_for_the_keys_the_private_one_unseen() {
    let home = compshare_e2e::scratch("compshare-rs-pty-config-");
    let env = [("HOME", home.path().to_str().unwrap())];
    let mut pty = Pty::spawn(
        "http://127.0.0.1:9",
        &["config", "set", "gpu", "--region", "cn-wlcb", "-o", "table"],
        &env,
        true,
    );
    pty.expect("public key for profile gpu: ");
    pty.type_line("pk-typed");
    pty.expect("private key for profile gpu (not shown): ");
    pty.type_line("sk-typed-never-echoed");
    let (code, screen, _) = pty.finish();
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("saved profile gpu"), "{screen}");
    assert!(
        !screen.contains("sk-typed"),
        "the private key was echoed: {screen}"
    );
    let saved = std::fs::read_to_string(home.path().join(".config/compshare/config.json")).unwrap();
    assert!(saved.contains("\"sk-typed-never-echoed\"") && saved.contains("\"pk-typed\""));
}

#[tokio::test(flavor = "multi_thread")]
async fn at_a_terminal_show_is_a_card_without_asking_for_a_table() {
    let server = serve(r#"{"RetCode":0,"TotalCount":1,"UHostSet":[{"UHostId":"uhost-1","State":"Running","IPSet":[{"IP":"10.0.0.1"}],"SshLoginCommand":"ssh root@10.0.0.1"}]}"#).await;
    let url = server.url();
    let (code, screen, _) = tokio::task::spawn_blocking(move || {
        Pty::spawn(&url, &["instance", "show", "uhost-1"], &[], true).finish()
    })
    .await
    .unwrap();
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("SSH"), "{screen}");
    assert!(screen.contains("ssh root@10.0.0.1"), "{screen}");
    assert!(!screen.contains('{'), "a card, not JSON: {screen}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_model_create_asks_showing_the_prices_the_service_lists() {
    let server = TestServer::start(|r| match r.path.as_str() {
        "/audio/v1/pricing" => {
            Answer::json(r#"{"per_1k_chars":12,"unit":"points","note":"x\u001b[2J"}"#)
        }
        _ => Answer::json(r#"{"task_id":"sj-1"}"#),
    })
    .await;
    let url = server.url();
    let (code, screen, _) = tokio::task::spawn_blocking(move || {
        let mut pty = Pty::spawn(
            &url,
            &["speech", "create", "--text", "你好", "--base-url", &url],
            &[("COMPSHARE_MINIMAX_API_KEY", "sk-ml-pty")],
            false,
        );
        pty.expect("Go ahead? [y/N]");
        pty.type_line("n");
        pty.finish()
    })
    .await
    .unwrap();
    assert_eq!(code, Some(7), "{screen}");
    assert!(
        screen.contains(
            r#"prices (speech pricing): {"note":"x\u001b[2J","per_1k_chars":12,"unit":"points"}"#
        ),
        "{screen}"
    );
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        ["/audio/v1/pricing"],
        "the prices read; nothing made"
    );
}
