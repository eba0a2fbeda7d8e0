//! Polling an action until a state is reached.

use std::time::Duration;

use tokio::time::Instant;

use crate::action::{Action, CallOptions};
use crate::client::Client;
use crate::error::{Context, Delivery, Error, ErrorKind};

/// The shortest wait between two polls of a waiter.
pub const MIN_POLL_DELAY: Duration = Duration::from_millis(100);

/// The one thing a waiter follows: the request parameter that names it (a list of ids, or
/// one id) must name exactly one, else the wait is refused before any poll.
pub fn wait_target<T: WaitTarget + ?Sized>(
    action: &'static str,
    param: &'static str,
    value: &T,
) -> Result<String, Error> {
    value.one().ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidRequest(crate::form::EncodeProblems {
                missing: Vec::new(),
                invalid: vec![(
                    param.to_owned(),
                    "a waiter follows one thing: set exactly one id".to_owned(),
                )],
            }),
            Context {
                action: Some(action.into()),
                attempts: 0,
                delivery: Delivery::NotSent,
                idempotent: true,
                request_id: None,
            },
        )
    })
}

/// A request parameter naming what a waiter follows.
pub trait WaitTarget {
    /// The one id it holds, if it holds exactly one.
    fn one(&self) -> Option<String>;
}

impl WaitTarget for Option<String> {
    fn one(&self) -> Option<String> {
        self.clone()
    }
}

impl WaitTarget for Option<Vec<String>> {
    fn one(&self) -> Option<String> {
        match self.as_deref() {
            Some([id]) => Some(id.clone()),
            _ => None,
        }
    }
}

/// How long and how often a waiter polls: it polls at once, then waits `min_delay`, doubling
/// up to `max_delay`, until `timeout` has passed (see [`wait_for`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wait {
    /// Longest time to wait.
    pub timeout: Duration,
    /// First wait between polls (2 s by default).
    pub min_delay: Duration,
    /// Longest wait between polls (30 s by default).
    pub max_delay: Duration,
}

impl Wait {
    /// Waits up to `timeout` with the default delays.
    pub fn new(timeout: Duration) -> Self {
        Self {
            timeout,
            min_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(30),
        }
    }

    /// Sets the delays between polls; neither is shorter than [`MIN_POLL_DELAY`] (a waiter
    /// with no delay would poll the API as fast as it answers).
    pub fn delays(mut self, min: Duration, max: Duration) -> Self {
        self.min_delay = min.max(MIN_POLL_DELAY);
        self.max_delay = max.max(self.min_delay);
        self
    }
}

impl From<Duration> for Wait {
    fn from(timeout: Duration) -> Self {
        Wait::new(timeout)
    }
}

/// Sends `action` until `state` of its output is one of `success` (returns that output) or
/// one of `failure` (fails at once with [`ErrorKind::WaitFailed`]), or `wait.timeout` passes
/// ([`ErrorKind::WaitTimedOut`] with the last state seen). A state of `None` (the thing is not
/// listed yet) keeps waiting.
///
/// The timeout bounds the whole wait: each poll (a call, with its retries) gets at most the
/// time left, and the last poll is timed to answer by the deadline rather than skipped one
/// delay early (it starts as long before the deadline as the previous poll took). A poll cut
/// short by the deadline ends the wait with `WaitTimedOut`; any other failed call ends it with
/// that call's error. A timeout too long to represent is no limit.
pub async fn wait_for<A: Action>(
    client: &Client,
    action: &A,
    options: &CallOptions,
    wait: Wait,
    state: impl Fn(&A::Output) -> Option<String>,
    success: &[&str],
    failure: &[&str],
) -> Result<A::Output, Error> {
    let none = |_: &A::Output| None;
    wait_for_guided(
        client,
        action,
        options,
        wait,
        (state, none),
        success,
        failure,
    )
    .await
}

/// [`wait_for`], guided: after each poll, the pause is the seconds that `remaining` reads
/// from the output (what the service expects the wait still to take), kept within the wait's
/// delays and deadline; where it reads none, the pause doubles as in [`wait_for`].
pub async fn wait_for_guided<A: Action>(
    client: &Client,
    action: &A,
    options: &CallOptions,
    wait: Wait,
    (state, remaining): (
        impl Fn(&A::Output) -> Option<String>,
        impl Fn(&A::Output) -> Option<String>,
    ),
    success: &[&str],
    failure: &[&str],
) -> Result<A::Output, Error> {
    // Over 80 lines: the polling loop, read top to bottom as one wait; its states, deadline and
    // errors are one step each.
    let started = Instant::now();
    let deadline = started.checked_add(wait.timeout);
    let call_deadline = options.deadline.or(client.inner.settings.deadline);
    // Struct literals can set any delay: the floor holds here too.
    let floor = wait.min_delay.max(MIN_POLL_DELAY);
    let mut delay = floor;
    let max_delay = wait.max_delay.max(delay);
    let mut polls = 0;
    let mut last_state = None;
    let fail = |kind, polls| {
        Error::new(
            kind,
            Context {
                action: Some(A::NAME.into()),
                attempts: polls,
                delivery: Delivery::Received,
                idempotent: A::IDEMPOTENT,
                request_id: None,
            },
        )
    };
    let timed_out = |polls, last_state| {
        fail(
            ErrorKind::WaitTimedOut {
                waited: started.elapsed(),
                last_state,
            },
            polls,
        )
    };
    loop {
        polls += 1;
        let poll_started = Instant::now();
        let mut poll_options = options.clone();
        if let Some(d) = deadline {
            let left = d.saturating_duration_since(poll_started);
            poll_options.deadline = Some(call_deadline.map_or(left, |own| own.min(left)));
        }
        let output = match client.send(action, &poll_options).await {
            Ok(reply) => reply.output,
            Err(_) if deadline.is_some_and(|d| Instant::now() >= d) => {
                return Err(timed_out(polls, last_state));
            }
            Err(e) => return Err(e),
        };
        let poll_took = poll_started.elapsed();
        let current = state(&output);
        let guided = remaining(&output)
            .and_then(|s| s.trim().parse::<u64>().ok())
            .map(|s| Duration::from_secs(s).min(max_delay))
            // An estimate that has passed (0 s, or less than the floor) is no guide: back off.
            .filter(|d| *d > floor);
        tracing::debug!(
            action = A::NAME,
            poll = polls,
            state = current.as_deref(),
            "waiter polled"
        );
        match current {
            Some(s) if success.contains(&s.as_str()) => return Ok(output),
            Some(s) if failure.contains(&s.as_str()) => {
                return Err(fail(ErrorKind::WaitFailed { state: s }, polls));
            }
            current => last_state = current,
        }
        let next = guided.unwrap_or(delay);
        let pause = match deadline {
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(timed_out(polls, last_state));
                }
                // The next poll, if it is the last, starts early enough to answer in time.
                next.min(left.saturating_sub(poll_took))
            }
            None => next,
        };
        tokio::time::sleep(pause).await;
        if guided.is_none() {
            delay = delay.saturating_mul(2).min(max_delay);
        }
    }
}
