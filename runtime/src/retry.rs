//! When to try again, and how long to wait first.

use std::time::Duration;

use crate::error::{Delivery, ErrorKind};

/// How a client retries failed attempts.
///
/// Retried: connection failures, resets, timeouts, HTTP 429, 500, 502, 503 and 504, bodies
/// that are not a valid response, and the error codes the spec declares transient, for the
/// service ([`ServiceInfo::retry_codes`](crate::ServiceInfo::retry_codes)) or for one action
/// ([`Action::RETRY_CODES`](crate::Action::RETRY_CODES)). Any other error code is the
/// service's answer and is not repeated: the official SDKs retry every error code from 2000
/// up, which makes "instance not found" or "insufficient balance" wait through every
/// backoff. An action that is not idempotent (it creates, copies, publishes, reboots...) is retried only
/// when its request provably never reached the server: the connection, DNS lookup or TLS
/// handshake failed. Waits grow exponentially from `base_delay` up to `max_delay`, with full
/// jitter (a uniformly random wait up to that bound).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (3 by default; 0 disables retries).
    pub max_retries: u32,
    /// Bound of the wait before the first retry (200 ms by default); doubles each retry.
    pub base_delay: Duration,
    /// Largest bound of any wait (10 s by default).
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (1 for the first): random, up to
    /// `min(max_delay, base_delay * 2^(retry-1))`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let bound = self.base_delay.saturating_mul(
            1u32.checked_shl(retry.saturating_sub(1))
                .unwrap_or(u32::MAX),
        );
        let bound = bound.min(self.max_delay);
        let nanos = u64::try_from(bound.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

/// A client-wide allowance of retries, so that an outage costs about one request per call
/// rather than `1 + max_retries` (the token bucket of aws-smithy-runtime's standard mode).
///
/// The bucket starts full. A retry takes `retry_cost` tokens (`timeout_cost` after a
/// timeout, which held a connection for its whole length); with too few left it is not made,
/// and the call fails with its last error. A call that succeeds after retries gives back what
/// its retries took; one that succeeds at once adds `success_refill`, up to `capacity`. So
/// while everything fails, retries stop once the bucket is empty; as successes return, so do
/// retries. The delivery rules decide first: the budget only ever removes a retry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryBudget {
    /// Tokens the bucket holds when full, and at the start (500 by default: 100 retries).
    pub capacity: u32,
    /// Tokens a retry takes (5 by default).
    pub retry_cost: u32,
    /// Tokens a retry after a timeout takes (10 by default).
    pub timeout_cost: u32,
    /// Tokens a call that succeeds at its first attempt adds (1 by default).
    pub success_refill: u32,
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self {
            capacity: 500,
            retry_cost: 5,
            timeout_cost: 10,
            success_refill: 1,
        }
    }
}

impl RetryBudget {
    /// No budget: every retry the policy allows is made.
    pub fn unlimited() -> Self {
        Self {
            capacity: u32::MAX,
            retry_cost: 0,
            timeout_cost: 0,
            success_refill: 0,
        }
    }
}

/// A client's bucket of retry tokens, shared by its clones and calls.
#[derive(Debug)]
pub(crate) struct Tokens {
    budget: RetryBudget,
    left: std::sync::atomic::AtomicU32,
}

impl Tokens {
    pub fn new(budget: RetryBudget) -> Self {
        Self {
            budget,
            left: std::sync::atomic::AtomicU32::new(budget.capacity),
        }
    }

    /// Takes the cost of a retry after `kind`, if the bucket holds it: the tokens taken.
    pub fn take(&self, kind: &ErrorKind) -> Option<u32> {
        use std::sync::atomic::Ordering;
        let cost = match kind {
            ErrorKind::Timeout { .. } => self.budget.timeout_cost,
            _ => self.budget.retry_cost,
        };
        self.left
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |left| {
                left.checked_sub(cost)
            })
            .ok()
            .map(|_| cost)
    }

    /// A call succeeded: what its retries took comes back, or, without retries, the refill.
    pub fn succeeded(&self, spent: u32) {
        use std::sync::atomic::Ordering;
        let back = if spent > 0 {
            spent
        } else {
            self.budget.success_refill
        };
        let capacity = self.budget.capacity;
        let _ = self
            .left
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |left| {
                Some(left.saturating_add(back).min(capacity))
            });
    }

    /// Tokens left.
    #[cfg(test)]
    pub fn left(&self) -> u32 {
        self.left.load(std::sync::atomic::Ordering::Acquire)
    }
}

/// A failed attempt, as the retry decision sees it.
pub(crate) struct Failed<'a> {
    pub kind: &'a ErrorKind,
    pub delivery: Delivery,
    /// The server's `Retry-After`, if it sent one.
    pub retry_after: Option<Duration>,
    /// The attempt's number: 1 for the first.
    pub attempt: u32,
}

/// What a call's retries follow: the policy and the action's facts.
pub(crate) struct Rules<'a> {
    pub policy: &'a RetryPolicy,
    /// The call's own limit, or the policy's.
    pub max_retries: u32,
    pub idempotent: bool,
    /// Transient error codes of the service, and of the action.
    pub service_codes: &'a [i64],
    pub action_codes: &'a [i64],
    /// The least pause before a retry on one of the action's codes, times the retry's
    /// number.
    pub pause: Duration,
}

/// Whether to try again after `failed`, and after how long. `backoff` is the policy's random
/// draw for this retry and `time_left` what the call's deadline leaves (`None`: no
/// deadline). Pure: the call loop draws the backoff, takes retry tokens and sleeps.
pub(crate) fn next_try(
    rules: &Rules<'_>,
    failed: &Failed<'_>,
    backoff: Duration,
    time_left: Option<Duration>,
) -> Option<Duration> {
    let codes = [rules.service_codes, rules.action_codes];
    if failed.attempt > rules.max_retries
        || !retryable(failed.kind, failed.delivery, rules.idempotent, codes)
    {
        return None;
    }
    let max = rules.policy.max_delay;
    // The server's own wish wins over the backoff, within the policy's bound.
    let wait = failed.retry_after.map_or(backoff, |asked| asked.min(max));
    // An action's own "try again shortly" codes come with the pause they need.
    let wait = match failed.kind {
        ErrorKind::Api { code, .. } if rules.action_codes.contains(code) => wait
            .max(rules.pause.saturating_mul(failed.attempt))
            .min(max),
        _ => wait,
    };
    // A wait that would end past the deadline is not started.
    match time_left {
        Some(left) if wait >= left => None,
        _ => Some(wait),
    }
}

/// Whether a failed attempt may be repeated. `codes` are the transient error codes: the
/// service's and the action's.
fn retryable(kind: &ErrorKind, delivery: Delivery, idempotent: bool, codes: [&[i64]; 2]) -> bool {
    let transient = matches!(kind, ErrorKind::Transport(_) | ErrorKind::Timeout { .. });
    if transient && delivery == Delivery::NotSent {
        return true; // nothing reached the server: safe for any action
    }
    if !idempotent {
        return false; // never after bytes were sent
    }
    match kind {
        ErrorKind::Transport(_) | ErrorKind::Timeout { .. } | ErrorKind::InvalidResponse { .. } => {
            true
        }
        ErrorKind::Http { status, .. } => matches!(status, 429 | 500 | 502 | 503 | 504),
        ErrorKind::Api { code, .. } => codes.iter().any(|c| c.contains(code)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: u16) -> ErrorKind {
        ErrorKind::Http {
            status,
            body: String::new(),
        }
    }

    const NONE: [&[i64]; 2] = [&[], &[]];

    fn api(code: i64) -> ErrorKind {
        ErrorKind::Api {
            code,
            message: String::new(),
        }
    }

    #[test]
    fn idempotent_actions_retry_transient_failures_only() {
        for kind in &[http(429), http(500), http(502), http(503), http(504)] {
            assert!(retryable(kind, Delivery::Received, true, NONE), "{kind:?}");
        }
        let no = [
            http(400),
            http(404),
            http(501),
            // Business answers, whatever their number: 8039 is "UHost not found".
            api(1999),
            api(2000),
            api(8039),
            ErrorKind::ResponseTooLarge {
                limit: 1,
                decoded: false,
            },
        ];
        for kind in &no {
            assert!(!retryable(kind, Delivery::Received, true, NONE), "{kind:?}");
        }
        assert!(retryable(
            &ErrorKind::Timeout {
                after: Duration::ZERO
            },
            Delivery::MaybeSent,
            true,
            NONE
        ));
    }

    #[test]
    fn other_actions_retry_only_what_never_reached_the_server() {
        let timeout = ErrorKind::Timeout {
            after: Duration::ZERO,
        };
        assert!(retryable(&timeout, Delivery::NotSent, false, NONE));
        assert!(!retryable(&timeout, Delivery::MaybeSent, false, NONE));
        for kind in [http(503), api(2001)] {
            let codes: [&[i64]; 2] = [&[2001], &[2001]];
            assert!(
                !retryable(&kind, Delivery::Received, false, codes),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn the_services_and_the_actions_codes_are_retried() {
        let busy = api(1234);
        assert!(!retryable(&busy, Delivery::Received, true, NONE));
        assert!(retryable(&busy, Delivery::Received, true, [&[1234], &[]]));
        assert!(retryable(&busy, Delivery::Received, true, [&[], &[1234]]));
        assert!(!retryable(
            &busy,
            Delivery::Received,
            true,
            [&[1235], &[1233]]
        ));
        // Delivery rules hold: an action that is not idempotent is not repeated.
        assert!(!retryable(
            &busy,
            Delivery::Received,
            false,
            [&[1234], &[1234]]
        ));
    }

    fn rules(max_retries: u32, idempotent: bool) -> Rules<'static> {
        static POLICY: RetryPolicy = RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
        };
        Rules {
            policy: &POLICY,
            max_retries,
            idempotent,
            service_codes: &[5000],
            action_codes: &[8434],
            pause: Duration::from_secs(2),
        }
    }

    fn failed(kind: &ErrorKind, attempt: u32, retry_after: Option<Duration>) -> Failed<'_> {
        Failed {
            kind,
            delivery: Delivery::Received,
            retry_after,
            attempt,
        }
    }

    #[test]
    fn the_next_try_waits_the_backoff_the_servers_wish_or_the_actions_pause() {
        let ms = Duration::from_millis;
        let busy = http(503);
        let r = rules(3, true);
        assert_eq!(
            next_try(&r, &failed(&busy, 1, None), ms(150), None),
            Some(ms(150))
        );
        // Retry-After replaces the backoff, within max_delay.
        let asked = Some(Duration::from_secs(3));
        assert_eq!(next_try(&r, &failed(&busy, 1, asked), ms(150), None), asked);
        let too_long = Some(Duration::from_secs(60));
        assert_eq!(
            next_try(&r, &failed(&busy, 1, too_long), ms(150), None),
            Some(Duration::from_secs(10))
        );
        // The action's code: at least its pause times the retry's number; the service's
        // code: the backoff only.
        let detaching = api(8434);
        assert_eq!(
            next_try(&r, &failed(&detaching, 2, None), ms(150), None),
            Some(Duration::from_secs(4))
        );
        assert_eq!(
            next_try(&r, &failed(&api(5000), 2, None), ms(150), None),
            Some(ms(150))
        );
    }

    #[test]
    fn no_next_try_past_the_limit_the_deadline_or_the_rules() {
        let ms = Duration::from_millis;
        let busy = http(503);
        assert_eq!(
            next_try(&rules(3, true), &failed(&busy, 4, None), ms(1), None),
            None
        );
        assert_eq!(
            next_try(&rules(0, true), &failed(&busy, 1, None), ms(1), None),
            None
        );
        // A wait that would end at or past the deadline is not started.
        assert_eq!(
            next_try(
                &rules(3, true),
                &failed(&busy, 1, None),
                ms(50),
                Some(ms(50))
            ),
            None
        );
        assert_eq!(
            next_try(
                &rules(3, true),
                &failed(&busy, 1, None),
                ms(49),
                Some(ms(50))
            ),
            Some(ms(49))
        );
        // Not idempotent, answered: never again.
        assert_eq!(
            next_try(&rules(3, false), &failed(&busy, 1, None), ms(1), None),
            None
        );
        assert_eq!(
            next_try(&rules(3, true), &failed(&api(8039), 1, None), ms(1), None),
            None
        );
    }

    #[test]
    fn the_budget_runs_out_and_comes_back_with_successes() {
        let tokens = Tokens::new(RetryBudget {
            capacity: 20,
            ..RetryBudget::default()
        });
        let unavailable = http(503);
        let timeout = ErrorKind::Timeout {
            after: Duration::ZERO,
        };
        assert_eq!(tokens.take(&unavailable), Some(5));
        assert_eq!(tokens.take(&timeout), Some(10));
        assert_eq!(tokens.take(&unavailable), Some(5));
        assert_eq!(tokens.take(&unavailable), None, "empty");
        // A success after retries gives back what they took; one at once adds the refill.
        tokens.succeeded(5);
        assert_eq!(tokens.left(), 5);
        tokens.succeeded(0);
        assert_eq!(tokens.left(), 6);
        // Never past the capacity.
        tokens.succeeded(100);
        assert_eq!(tokens.left(), 20);
        let unlimited = Tokens::new(RetryBudget::unlimited());
        assert!((0..10_000).all(|_| unlimited.take(&timeout).is_some()));
    }

    #[test]
    fn backoff_is_bounded_and_grows() {
        let p = RetryPolicy {
            max_retries: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
        };
        for _ in 0..200 {
            assert!(p.backoff(1) <= Duration::from_millis(100));
            assert!(p.backoff(3) <= Duration::from_millis(400));
            assert!(p.backoff(40) <= Duration::from_secs(1));
        }
        // Full jitter: over many draws the third retry's waits exceed the first retry's bound.
        assert!((0..200).any(|_| p.backoff(3) > Duration::from_millis(100)));
    }
}
