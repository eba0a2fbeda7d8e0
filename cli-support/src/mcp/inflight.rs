//! Tool calls in progress, for cancellation. A client may cancel a call
//! (`notifications/cancelled`) at any time; rmcp then drops the call's answer. Once a write
//! may be on the wire, though, cancelling it cannot undo it: its outcome (and any password
//! made for it) must reach the client. So a cancellation of a call that has begun sending a
//! write is not passed on (the MCP specification lets a receiver ignore a cancellation of
//! a request that cannot be cancelled), and a write whose call was cancelled before it was
//! sent is not sent.

use std::collections::HashMap;
use std::sync::Mutex;

tokio::task_local! {
    /// The JSON-RPC id (as JSON text) of the tool call this task runs.
    static CALL: String;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Running,
    /// A write has been handed to the SDK: it may be on the wire.
    Committed,
    Cancelled,
    /// Ended without a write; its answer is on its way.
    Done,
}

/// The tool calls in progress, by JSON-RPC id, from the moment the transport reads one until
/// its answer is written (or, cancelled, it ends unanswered).
#[derive(Debug, Default)]
pub(super) struct Inflight(Mutex<HashMap<String, State>>);

impl Inflight {
    fn with<T>(&self, f: impl FnOnce(&mut HashMap<String, State>) -> T) -> T {
        f(&mut self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// The transport read tool call `id`: before rmcp sees it, so that a cancellation
    /// read right after it is known to be of a call in progress.
    pub(super) fn arrived(&self, id: &str) {
        self.with(|m| {
            m.entry(id.to_owned()).or_insert(State::Running);
        });
    }

    /// Runs the tool call `id`.
    pub(super) async fn run<F: Future>(&self, id: String, call: F) -> F::Output {
        self.with(|m| {
            m.entry(id.clone()).or_insert(State::Running);
        });
        let out = CALL.scope(id.clone(), call).await;
        self.with(|m| match m.get(&id) {
            // Not answered: nothing will write its answer.
            Some(State::Cancelled) => {
                m.remove(&id);
            }
            Some(State::Running) => {
                m.insert(id.clone(), State::Done);
            }
            // A write's answer is held for until written.
            _ => {}
        });
        out
    }

    /// Before a write is sent: false if its call was cancelled (nothing is sent then);
    /// otherwise the call can no longer be cancelled.
    pub(super) fn commit(&self) -> bool {
        let Ok(id) = CALL.try_with(String::clone) else {
            return true;
        };
        self.with(|m| match m.get(&id) {
            Some(State::Cancelled) => false,
            _ => {
                m.insert(id, State::Committed);
                true
            }
        })
    }

    /// A cancellation of call `id` arrived: whether to pass it on (false: the call has a
    /// write on the wire, and will answer).
    pub(super) fn cancel(&self, id: &str) -> bool {
        self.with(|m| match m.get(id) {
            Some(State::Committed) => false,
            Some(State::Running | State::Cancelled) => {
                m.insert(id.to_owned(), State::Cancelled);
                true
            }
            // rmcp drops its answer now: nothing will write it.
            Some(State::Done) => {
                m.remove(id);
                true
            }
            None => true,
        })
    }

    /// The answer to call `id` has been written.
    pub(super) fn answered(&self, id: &str) {
        self.with(|m| m.remove(id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_committed_write_is_not_cancelled_and_a_cancelled_call_sends_nothing() {
        let inflight = Inflight::default();
        // Committed, then cancelled: held back, and kept until its answer is written.
        inflight.arrived("1");
        let held = inflight
            .run("1".to_owned(), async {
                assert!(inflight.commit());
                inflight.cancel("1")
            })
            .await;
        assert!(!held, "the cancellation is held back");
        assert!(
            !inflight.cancel("1"),
            "still held after the call ended, until answered"
        );
        inflight.answered("1");
        // Cancelled as soon as it arrived, before its task ran: nothing is sent.
        inflight.arrived("2");
        assert!(inflight.cancel("2"));
        let sent = inflight
            .run("2".to_owned(), async { inflight.commit() })
            .await;
        assert!(!sent, "cancelled before sending: nothing is sent");
        assert!(
            inflight.cancel("3"),
            "an unknown call's cancellation passes"
        );
        assert!(
            inflight.with(|m| m.is_empty()),
            "finished calls are forgotten"
        );
    }
}
