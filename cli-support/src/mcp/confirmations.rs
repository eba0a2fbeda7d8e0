//! Confirmation bound to the preview: a write's preview hands out a token bound to the tool,
//! the exact request it showed and its quote; the write is sent only with that token, once,
//! within `VALID_FOR`, with the same arguments and the same quote. A later call cannot send
//! something other than what was shown, and a token is no use twice.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::time::Instant;

use super::ToolError;

/// How long a preview's token may be redeemed.
pub const VALID_FOR: Duration = Duration::from_secs(600);

/// The most previews waiting at once; the oldest is dropped past it.
const MAX_PENDING: usize = 256;

/// A preview waiting for its confirmation.
struct Pending {
    tool: &'static str,
    /// The request as previewed: its arguments (defaults and stock-filled values in) and
    /// place, as canonical JSON.
    request: String,
    quote: Option<Value>,
    until: Instant,
}

/// The previews of a session, by token.
#[derive(Default)]
pub struct Confirmations(Mutex<HashMap<String, Pending>>);

impl Confirmations {
    /// A token for the preview of `tool` sending `request` at `quote`.
    pub fn issue(
        &self,
        tool: &'static str,
        request: String,
        quote: Option<Value>,
    ) -> Result<String, ToolError> {
        let mut bytes = [0u8; 16];
        getrandom::getrandom(&mut bytes).map_err(|e| {
            ToolError(json!({"error": "internal", "sent": false, "message": format!("no randomness for a confirmation token: {e}")}))
        })?;
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let now = Instant::now();
        let mut pending = self.0.lock().unwrap_or_else(|e| e.into_inner());
        pending.retain(|_, p| p.until > now);
        if pending.len() >= MAX_PENDING
            && let Some(oldest) = pending
                .iter()
                .min_by_key(|(_, p)| p.until)
                .map(|(k, _)| k.clone())
        {
            pending.remove(&oldest);
        }
        pending.insert(
            token.clone(),
            Pending {
                tool,
                request,
                quote,
                until: now + VALID_FOR,
            },
        );
        Ok(token)
    }

    /// Drops a token nobody will redeem (its preview's user said no).
    pub fn withdraw(&self, token: &str) {
        let mut pending = self.0.lock().unwrap_or_else(|e| e.into_inner());
        pending.remove(token);
    }

    /// Takes the token of a preview, once, if it was issued for `tool`, this request and
    /// this quote (its price terms: `None` for a write without one), and has not expired. A
    /// mismatch leaves the token for the call it was issued for; an expired one is dropped.
    pub fn redeem(
        &self,
        token: &str,
        tool: &'static str,
        request: &str,
        quote: Option<&Value>,
    ) -> Result<(), ToolError> {
        let refuse = |why: &str| {
            ToolError(json!({
                "error": "not_confirmed",
                "sent": false,
                "message": format!("{tool}: {why}; nothing was sent. Call it without `confirm` to preview it, then with that preview's confirm_token and the same arguments."),
            }))
        };
        let mut pending = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let Some(p) = pending.get(token) else {
            return Err(refuse(
                "the confirm_token is not one this server issued, or it was used already",
            ));
        };
        if p.until <= Instant::now() {
            pending.remove(token);
            return Err(refuse(&format!(
                "the confirm_token expired ({} s after its preview)",
                VALID_FOR.as_secs()
            )));
        }
        if p.tool != tool {
            return Err(refuse(&format!("the confirm_token is for {}", p.tool)));
        }
        if p.request != request {
            return Err(refuse("the arguments differ from the preview's"));
        }
        if p.quote.as_ref() != quote {
            let mut e = refuse("the quote differs from the preview's");
            e.0["previewed_quote"] = p.quote.clone().unwrap_or(Value::Null);
            e.0["quote"] = quote.cloned().unwrap_or(Value::Null);
            return Err(e);
        }
        pending.remove(token);
        Ok(())
    }
}
