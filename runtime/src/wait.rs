//! Polling an action until a state is reached.

use std::time::{Duration, Instant};

use crate::client::{Action, CallOptions, Client};
use crate::error::{Delivery, Error, ErrorKind};

/// How long and how often a waiter polls: it polls at once, then waits `min_delay`, doubling
/// up to `max_delay`, until `timeout` has passed.
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

    /// Sets the delays between polls.
    pub fn delays(mut self, min: Duration, max: Duration) -> Self {
        self.min_delay = min;
        self.max_delay = max.max(min);
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
/// listed yet) keeps waiting. A failed call ends the wait with its error; each call retries as
/// usual first.
pub async fn wait_for<A: Action>(
    client: &Client,
    action: &A,
    options: &CallOptions,
    wait: Wait,
    state: impl Fn(&A::Output) -> Option<String>,
    success: &[&str],
    failure: &[&str],
) -> Result<A::Output, Error> {
    let started = Instant::now();
    let mut delay = wait.min_delay;
    let mut polls = 0;
    loop {
        polls += 1;
        let output = client.send(action, options).await?.output;
        let current = state(&output);
        tracing::debug!(
            action = A::NAME,
            poll = polls,
            state = current.as_deref(),
            "waiter polled"
        );
        let fail = |kind| {
            Error::new(
                kind,
                Some(A::NAME),
                polls,
                Delivery::Received,
                A::IDEMPOTENT,
                None,
            )
        };
        match current {
            Some(s) if success.contains(&s.as_str()) => return Ok(output),
            Some(s) if failure.contains(&s.as_str()) => {
                return Err(fail(ErrorKind::WaitFailed { state: s }));
            }
            last_state => {
                if started.elapsed() + delay > wait.timeout {
                    return Err(fail(ErrorKind::WaitTimedOut {
                        waited: started.elapsed(),
                        last_state,
                    }));
                }
            }
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(wait.max_delay);
    }
}
