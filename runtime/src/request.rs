//! What the call path needs of a request, typed action or raw call alike: its name, retry
//! safety, how it is sent and read. Client and protocols both read it.

use std::borrow::Cow;
use std::time::Duration;

use crate::action::{Reply, Route};
use crate::body::Body;
use crate::form::Form;
use crate::response::{DecodeSettings, Failure, RawAnswer};

/// What the call path needs of a request, typed action or raw call alike.
pub(crate) trait Request: Sync {
    /// What a successful answer becomes.
    type Output: Send + 'static;
    /// The action's wire name.
    fn name(&self) -> Cow<'static, str>;
    /// Whether repeating the call cannot duplicate its effect.
    fn idempotent(&self) -> bool;
    /// How the request is sent.
    fn body(&self) -> Body {
        Body::Form
    }
    /// Error codes retried for this request besides the service's.
    fn retry_codes(&self) -> &'static [i64] {
        &[]
    }
    /// The least pause before a retry on one of them, times the retry's number.
    fn retry_pause(&self) -> Duration {
        Duration::ZERO
    }
    /// For a REST service: the method and path.
    fn route(&self) -> Option<Route> {
        None
    }
    /// For a REST create: the header of its idempotency key.
    fn idempotency_header(&self) -> Option<&'static str> {
        None
    }
    /// Writes the parameters (not those its protocol adds itself).
    fn encode(&self, form: &mut Form<'_>);
    /// Reads an answer; may run on the blocking pool.
    fn read(
        answer: &RawAnswer<'_>,
        settings: &DecodeSettings,
        deadline: Option<(std::time::Instant, Duration)>,
    ) -> Result<Reply<Self::Output>, Failure>;
}
