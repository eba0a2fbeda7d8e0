//! The client a tool call came from, for what the server sends it during the call: progress
//! notifications (when the call carried a progress token) and a question to its human
//! (elicitation, when the client declared it can ask one); and the call's deadline, which
//! the time its human takes to answer does not use up.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use rmcp::RoleServer;
use rmcp::model::{
    ElicitRequestParams, ElicitationAction, ProgressNotificationParam, ProgressToken,
    ProtocolVersion,
};
use rmcp::service::{ElicitationMode, Peer, RequestContext};
use serde_json::json;

/// Kept of a call's time for answering after a send or a wait.
pub(super) const ANSWER_MARGIN: Duration = Duration::from_secs(2);

/// The client of one call.
pub(super) struct Caller {
    peer: Peer<RoleServer>,
    progress: Option<ProgressToken>,
    /// When the call's time is up: what it does (sending, waiting) ends before.
    until: Mutex<Instant>,
}

/// What the human answered.
#[derive(Debug)]
pub(super) enum Answer {
    /// Send it.
    Yes,
    /// Do not: declined, cancelled, or accepted without "Send it".
    No,
    /// Asked, but no answer came: why (the client failed, or it took too long).
    None(String),
}

impl Caller {
    /// The client of the call `context`, which has `time` to answer.
    pub(super) fn of(context: &RequestContext<RoleServer>, time: Duration) -> Caller {
        Caller {
            peer: context.peer.clone(),
            progress: context.meta.get_progress_token(),
            until: Mutex::new(Instant::now() + time),
        }
    }

    /// When the call's time is up.
    pub(super) fn until(&self) -> Instant {
        *self.until.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The call's time left.
    pub(super) fn left(&self) -> Duration {
        self.until().saturating_duration_since(Instant::now())
    }

    /// Whether the call asked for progress notifications.
    pub(super) fn wants_progress(&self) -> bool {
        self.progress.is_some()
    }

    /// Reports `progress` (growing) with `message`, if the call asked for progress.
    pub(super) async fn report(&self, progress: f64, message: String) {
        let Some(token) = &self.progress else { return };
        let mut p = ProgressNotificationParam::new(token.clone(), progress);
        p.message = Some(message);
        // A client gone is the call's end, seen elsewhere: a lost report is no failure.
        let _ = self.peer.notify_progress(p).await;
    }

    /// Whether the client can ask its human a question: it declared form elicitation, on a
    /// protocol that lets a server ask (2026-07-28 replaced server requests with an
    /// input-required round trip, not spoken here).
    pub(super) fn can_ask(&self) -> bool {
        let protocol = self.peer.peer_info().map(|i| i.protocol_version.clone());
        self.peer
            .supported_elicitation_modes()
            .contains(&ElicitationMode::Form)
            && protocol.is_none_or(|v| v < ProtocolVersion::V_2026_07_28)
    }

    /// Asks the human whether to send what `message` describes, waiting up to `timeout`;
    /// the time the question takes is added to the call's.
    pub(super) async fn ask(&self, message: String, timeout: Duration) -> Answer {
        let asked = Instant::now();
        let answer = self.ask_once(message, timeout).await;
        *self.until.lock().unwrap_or_else(|e| e.into_inner()) += asked.elapsed();
        answer
    }

    async fn ask_once(&self, message: String, timeout: Duration) -> Answer {
        let params = json!({
            "mode": "form",
            "message": message,
            "requestedSchema": {
                "type": "object",
                "properties": {"send": {
                    "type": "boolean",
                    "title": "Send it",
                    "description": "Send exactly this request; leave unchecked or decline to send nothing.",
                    "default": false,
                }},
                "required": ["send"],
            },
        });
        let params: ElicitRequestParams = match serde_json::from_value(params) {
            Ok(p) => p,
            Err(e) => return Answer::None(format!("the question could not be written: {e}")),
        };
        match self
            .peer
            .create_elicitation_with_timeout(params, Some(timeout))
            .await
        {
            Ok(r) if r.action == ElicitationAction::Accept => {
                let send = r.content.as_ref().and_then(|c| c.get("send"));
                if send.and_then(|v| v.as_bool()) == Some(true) {
                    Answer::Yes
                } else {
                    Answer::No
                }
            }
            Ok(_) => Answer::No,
            Err(e) => Answer::None(format!("the client did not answer the question: {e}")),
        }
    }
}
