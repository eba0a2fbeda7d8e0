//! Why a command failed, and its exit code.

use std::fmt;

use compshare_runtime::{Delivery, Error, ErrorKind};

/// The exit codes, one per kind of failure (0 is success). Documented in the README.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Output could not be written, or the tool itself failed.
    Internal = 1,
    /// The command line is wrong: an unknown flag, a missing or invalid value. Nothing was
    /// sent.
    Usage = 2,
    /// The API answered with a non-zero RetCode.
    Api = 3,
    /// No answer, and the request did not take effect: it was not sent (connection refused,
    /// DNS, TLS), or the answer was an HTTP error or unreadable.
    Transport = 4,
    /// The request may have reached the server, but no answer came (timeout, dropped
    /// connection, a gateway error): its outcome is unknown. Check before repeating it.
    OutcomeUnknown = 5,
    /// The configuration is missing or wrong (no keys, a malformed file).
    Config = 6,
    /// Refused before sending: not confirmed, `--yes` missing off a terminal, or the quote
    /// is above `--max-price`.
    Refused = 7,
    /// A wait ended in a failure state, or ran out of time.
    Wait = 8,
    /// Interrupted (Ctrl-C) while waiting; the request itself was answered.
    Interrupted = 130,
}

impl Exit {
    /// Every exit code with what it means, for the help and the README.
    pub const ALL: [(Exit, &'static str); 9] = [
        (Exit::Internal, "internal"),
        (Exit::Usage, "usage (nothing sent)"),
        (Exit::Api, "API error (RetCode)"),
        (Exit::Transport, "transport (did not take effect)"),
        (Exit::OutcomeUnknown, "outcome unknown"),
        (Exit::Config, "configuration"),
        (Exit::Refused, "refused (nothing sent)"),
        (Exit::Wait, "wait failed"),
        (Exit::Interrupted, "interrupted while waiting"),
    ];

    /// The line `--help` ends with.
    pub fn summary() -> String {
        let codes: Vec<String> = Exit::ALL
            .iter()
            .map(|(e, what)| format!("{} {what}", *e as u8))
            .collect();
        format!("Exit codes: 0 success, {}.", codes.join(", "))
    }
}

/// A failed command: its exit code, a one-line message, and the API's details if any.
#[derive(Debug)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
    pub ret_code: Option<i64>,
    pub action: Option<String>,
    pub request_id: Option<String>,
    /// How far the request got: `not_sent`, `maybe_sent` or `received`.
    pub delivery: Option<&'static str>,
    /// A person answered "no": a choice, reported without `error:`.
    pub declined: bool,
    /// The API's answer, when the command failed after it (a `--wait` that failed): printed
    /// with the error, so that what was created is never lost.
    pub answer: Option<Box<serde_json::Value>>,
}

impl Failure {
    pub fn new(exit: Exit, message: impl Into<String>) -> Failure {
        Failure {
            exit,
            // One line: a message that spans lines would break scripts reading stderr.
            message: message.into().replace(['\n', '\r'], " "),
            ret_code: None,
            action: None,
            request_id: None,
            delivery: None,
            declined: false,
            answer: None,
        }
    }

    pub fn usage(message: impl Into<String>) -> Failure {
        Failure::new(Exit::Usage, message)
    }

    pub fn refused(message: impl Into<String>) -> Failure {
        Failure::new(Exit::Refused, message)
    }

    /// A group was given without one of its commands.
    pub fn no_command() -> Failure {
        Failure::usage("name a command: see --help")
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Where a missing setting can come from, as the command line takes it: `(--region, or
/// UCLOUD_REGION, or the profile's region)`. The agents' server says it in its own words.
pub(crate) fn setting_sources(setting: compshare_runtime::Setting) -> String {
    format!(
        "(--{}, or {}, or the profile's {})",
        setting.setter().replace('_', "-"),
        setting.variable(),
        setting.prose()
    )
}

/// What a request lacks or holds wrong, named by flags and variables: `missing required
/// parameter Region (--region, or UCLOUD_REGION, or the profile's region)`.
fn problems_for_people(p: &compshare_runtime::EncodeProblems) -> String {
    let missing: Vec<String> = p
        .missing
        .iter()
        .map(|m| match (m.setting, m.setter) {
            (Some(setting), _) => format!("{} {}", m.wire, setting_sources(setting)),
            (None, Some(setter)) => format!(
                "{} (--{})",
                m.wire,
                setter.trim_start_matches("set_").replace('_', "-")
            ),
            (None, None) => m.wire.clone(),
        })
        .collect();
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("missing required parameter {}", missing.join(", ")));
    }
    for (name, reason) in &p.invalid {
        parts.push(format!("invalid parameter {name}: {reason}"));
    }
    parts.join("; ")
}

/// What to check for a refusal whose cause is on the caller's side.
fn hint_for(code: i64, message: &str) -> &'static str {
    // 171 is UCloud's code for a signature that does not verify.
    if code == 171 || message.to_ascii_lowercase().contains("signature") {
        return "; check the private key and the public key it pairs with (`config show` says where each comes from)";
    }
    ""
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        let delivery = e.delivery();
        // A read changes nothing: however far it got, its failure is one of transport (or of
        // the answer), never an unknown outcome.
        let write = !e.action().is_some_and(compshare_protocol::is_read);
        let exit = match (e.kind(), delivery) {
            (ErrorKind::Config(_), _) => Exit::Config,
            (ErrorKind::InvalidRequest(_), _) => Exit::Usage,
            (ErrorKind::WaitFailed { .. } | ErrorKind::WaitTimedOut { .. }, _) => Exit::Wait,
            // The service said success, but its answer could not be read: it acted.
            (ErrorKind::Decode(_), _) if write => Exit::OutcomeUnknown,
            (_, Delivery::MaybeSent) if write => Exit::OutcomeUnknown,
            (ErrorKind::Api { .. } | ErrorKind::Refused { .. }, _) => Exit::Api,
            _ => Exit::Transport,
        };
        let mut message = match e.kind() {
            // In the command line's words, not the SDK's (`.region()` on a builder).
            ErrorKind::InvalidRequest(problems) => format!(
                "{}: {}; nothing was sent",
                e.action().unwrap_or("the request"),
                problems_for_people(problems)
            ),
            // The RetCode is said once, where the failure is reported.
            ErrorKind::Api { code, message } => {
                let id = e
                    .request_id()
                    .map(|id| format!(" (request id {id})"))
                    .unwrap_or_default();
                format!(
                    "{}: the service refused it: {message}{id}{}",
                    e.action().unwrap_or("the request"),
                    hint_for(*code, message)
                )
            }
            _ => e.to_string(),
        };
        if write && matches!(e.kind(), ErrorKind::Decode(_)) {
            message.push_str(" (the service reported success: the request took effect, but its answer could not be read)");
        } else if write && delivery == Delivery::MaybeSent {
            message.push_str(
                " (the request may have reached the server: its outcome is unknown; check before repeating it)",
            );
        }
        let mut f = Failure::new(exit, message);
        f.ret_code = e.ret_code();
        f.action = e.action().map(str::to_owned);
        f.request_id = e.request_id().map(str::to_owned);
        f.delivery = Some(match delivery {
            Delivery::NotSent => "not_sent",
            Delivery::MaybeSent => "maybe_sent",
            Delivery::Received => "received",
        });
        f
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::new(Exit::Internal, format!("input or output failed: {e}"))
    }
}
