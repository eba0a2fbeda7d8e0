//! Turning an HTTP response into the action's output or a typed failure.

use crate::client::{Action, Reply};
use crate::decode::decode_response;
use crate::error::{Delivery, Error, ErrorKind, excerpt};

/// How much of a bad response body an error message quotes.
const EXCERPT_BYTES: usize = 256;

/// A failed attempt, before it is known whether it will be retried.
#[derive(Debug)]
pub(crate) struct Failure {
    pub kind: ErrorKind,
    pub delivery: Delivery,
    pub request_id: Option<String>,
    /// The HTTP status, if the server answered.
    pub status: Option<u16>,
}

impl Failure {
    pub fn new(kind: ErrorKind, delivery: Delivery) -> Self {
        Self {
            kind,
            delivery,
            request_id: None,
            status: None,
        }
    }
}

/// Reads the whole body, refusing more than `limit` bytes.
pub(crate) async fn read_body(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, ErrorKind> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(ErrorKind::ResponseTooLarge { limit });
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(ErrorKind::Transport)? {
        if body.len() + chunk.len() > limit {
            return Err(ErrorKind::ResponseTooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Decodes a response to `A` as the client would, without any I/O: the output, or the error
/// the call would fail with (`RetCode`, HTTP status, invalid body, undecodable field). For
/// tests and mocks that hold canned responses.
pub fn decode_reply<A: Action>(
    status: u16,
    body: &[u8],
    request_id: Option<String>,
) -> Result<Reply<A::Output>, Error> {
    read_response::<A>(status, body, request_id).map_err(|f| {
        Error::new(
            f.kind,
            Some(A::NAME),
            1,
            f.delivery,
            A::IDEMPOTENT,
            f.request_id,
        )
    })
}

/// The output of a received response, or why it is not one.
pub(crate) fn read_response<A: Action>(
    status: u16,
    body: &[u8],
    request_id: Option<String>,
) -> Result<Reply<A::Output>, Failure> {
    let fail = |kind, request_id| Failure {
        kind,
        delivery: Delivery::Received,
        request_id,
        status: Some(status),
    };
    if !(200..300).contains(&status) {
        return Err(fail(
            ErrorKind::Http {
                status,
                body: excerpt(body, EXCERPT_BYTES),
            },
            request_id,
        ));
    }
    let invalid = |reason: String| ErrorKind::InvalidResponse {
        status,
        reason,
        body: excerpt(body, EXCERPT_BYTES),
    };
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(e) => {
            return Err(fail(
                invalid(format!("body is not UTF-8 ({e})")),
                request_id,
            ));
        }
    };
    let (envelope, output, mismatch) = match decode_response::<A::Output>(text) {
        Ok(decoded) => decoded,
        Err(malformed) => return Err(fail(invalid(format!("not JSON: {malformed}")), request_id)),
    };
    match envelope.ret_code {
        None => Err(fail(
            invalid("no RetCode in the body".to_owned()),
            request_id,
        )),
        Some(0) => match mismatch {
            Some(mismatch) => Err(fail(ErrorKind::Decode(mismatch), request_id)),
            None => Ok(Reply { output, request_id }),
        },
        Some(code) => Err(fail(
            ErrorKind::Api {
                code,
                message: envelope.message.unwrap_or_default(),
            },
            request_id,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Form;
    use crate::client::Action;
    use crate::decode::{DecodeFields, Reader, Step};

    #[derive(Debug, Default, PartialEq)]
    struct Out {
        total: i64,
    }

    impl DecodeFields for Out {
        fn decode_field(&mut self, key: &str, r: &mut Reader<'_>) -> Step {
            match key {
                "totalcount" => r.read(&mut self.total),
                _ => Ok(false),
            }
        }
    }

    struct Describe;

    impl Action for Describe {
        const NAME: &'static str = "DescribeSelfCommunityImages";
        const IDEMPOTENT: bool = true;
        type Output = Out;
        fn encode(&self, _form: &mut Form<'_>) {}
    }

    fn kind(status: u16, body: &[u8]) -> ErrorKind {
        read_response::<Describe>(status, body, None)
            .unwrap_err()
            .kind
    }

    #[test]
    fn responses_map_to_typed_results() {
        let ok = read_response::<Describe>(
            200,
            br#"{"RetCode":0,"TotalCount":"4"}"#,
            Some("rid".into()),
        )
        .unwrap();
        assert_eq!(ok.output, Out { total: 4 });
        assert_eq!(ok.request_id.as_deref(), Some("rid"));

        assert!(
            matches!(kind(200, br#"{"RetCode":"230","Message":"bad zone"}"#), ErrorKind::Api { code: 230, ref message } if message == "bad zone")
        );
        assert!(
            matches!(kind(500, b"oops"), ErrorKind::Http { status: 500, ref body } if body == "oops")
        );
        assert!(matches!(
            kind(200, b"<html>"),
            ErrorKind::InvalidResponse { status: 200, .. }
        ));
        assert!(
            matches!(kind(200, b"\xff\xfe"), ErrorKind::InvalidResponse { ref reason, .. } if reason.contains("UTF-8"))
        );
        assert!(kind(200, b"{}").to_string().contains("no RetCode"));
        assert_eq!(
            kind(200, br#"{"RetCode":0,"TotalCount":[1]}"#).to_string(),
            "cannot decode response field TotalCount: expected an integer, found an array"
        );
    }
}
