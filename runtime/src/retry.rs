//! When to try again, and how long to wait first.

use std::time::Duration;

use crate::error::{Delivery, ErrorKind};

/// How a client retries failed attempts.
///
/// Retried: connection failures, resets, timeouts, HTTP 429, 500, 502, 503 and 504, bodies
/// that are not a valid response, and `RetCode` 2000 and above, the official SDKs' rule. An
/// action that is not idempotent (it creates, copies, publishes, reboots...) is retried only
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

/// Whether a failed attempt may be repeated.
/// `codes` are the action's own retryable RetCodes, besides 2000 and above.
pub(crate) fn retryable(
    kind: &ErrorKind,
    delivery: Delivery,
    idempotent: bool,
    codes: &[i64],
) -> bool {
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
        ErrorKind::Api { code, .. } => *code >= 2000 || codes.contains(code),
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

    #[test]
    fn idempotent_actions_retry_transient_failures_only() {
        let yes = [
            http(429),
            http(500),
            http(502),
            http(503),
            http(504),
            ErrorKind::Api {
                code: 2000,
                message: String::new(),
            },
        ];
        for kind in &yes {
            assert!(retryable(kind, Delivery::Received, true, &[]), "{kind:?}");
        }
        let no = [
            http(400),
            http(404),
            http(501),
            ErrorKind::Api {
                code: 1999,
                message: String::new(),
            },
            ErrorKind::ResponseTooLarge {
                limit: 1,
                decoded: false,
            },
        ];
        for kind in &no {
            assert!(!retryable(kind, Delivery::Received, true, &[]), "{kind:?}");
        }
        assert!(retryable(
            &ErrorKind::Timeout {
                after: Duration::ZERO
            },
            Delivery::MaybeSent,
            true,
            &[]
        ));
    }

    #[test]
    fn other_actions_retry_only_what_never_reached_the_server() {
        assert!(retryable(
            &ErrorKind::Timeout {
                after: Duration::ZERO
            },
            Delivery::NotSent,
            false,
            &[]
        ));
        assert!(!retryable(
            &ErrorKind::Timeout {
                after: Duration::ZERO
            },
            Delivery::MaybeSent,
            false,
            &[]
        ));
        for kind in [
            http(503),
            ErrorKind::Api {
                code: 2001,
                message: String::new(),
            },
        ] {
            assert!(
                !retryable(&kind, Delivery::Received, false, &[]),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn an_actions_own_codes_are_retried_like_the_default_rule() {
        let busy = ErrorKind::Api {
            code: 1234,
            message: String::new(),
        };
        assert!(!retryable(&busy, Delivery::Received, true, &[]));
        assert!(retryable(&busy, Delivery::Received, true, &[1234]));
        assert!(!retryable(&busy, Delivery::Received, true, &[1235]));
        // Delivery rules hold: an action that is not idempotent is not repeated.
        assert!(!retryable(&busy, Delivery::Received, false, &[1234]));
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
