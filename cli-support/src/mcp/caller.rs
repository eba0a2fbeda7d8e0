//! The client a tool call came from, for what the server sends it during the call: progress
//! notifications (when the call carried a progress token) and a question to its human
//! (elicitation, when the client declared it can ask one).

use std::time::Duration;

use rmcp::RoleServer;
use rmcp::model::{
    ElicitRequestParams, ElicitationAction, ProgressNotificationParam, ProgressToken,
};
use rmcp::service::{ElicitationMode, Peer, RequestContext};
use serde_json::json;

/// The client of one call.
pub(super) struct Caller {
    peer: Peer<RoleServer>,
    progress: Option<ProgressToken>,
}

/// What the human answered.
#[derive(Debug)]
pub(super) enum Answer {
    /// Send it.
    Yes,
    /// Do not: declined, or cancelled.
    No,
    /// No answer came: why (the client failed, or it took too long).
    None(String),
}

impl Caller {
    pub(super) fn of(context: &RequestContext<RoleServer>) -> Caller {
        Caller {
            peer: context.peer.clone(),
            progress: context.meta.get_progress_token(),
        }
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

    /// Whether the client can ask its human a question (form elicitation).
    pub(super) fn can_ask(&self) -> bool {
        self.peer
            .supported_elicitation_modes()
            .contains(&ElicitationMode::Form)
    }

    /// Asks the human whether to send what `message` describes, waiting up to `timeout`.
    pub(super) async fn ask(&self, message: String, timeout: Duration) -> Answer {
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
