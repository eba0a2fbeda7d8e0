//! Turning an HTTP response into the action's output or a typed failure, and deciding for
//! each failure whether the request may have taken effect.

use std::borrow::Cow;
use std::time::{Duration, Instant, SystemTime};

use crate::action::{Action, Reply};
use crate::decode::{Cut, DecodeFields, Malformed, Mismatch, Present, Reader};
use crate::error::{Context, Delivery, Error, ErrorKind, TransportError, excerpt};

/// The largest response body accepted when no limit is set: 32 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 << 20;

/// The memory the values decoded from one response may take when no budget is set: 96 MiB.
/// With the body limit, this keeps the peak memory of a call under 256 MiB whatever the
/// server sends: the body, the decoded values, and the growth of the largest list.
pub const DEFAULT_MAX_DECODED_BYTES: usize = 96 << 20;

/// How much of a bad response body an error message quotes.
const EXCERPT_BYTES: usize = 256;

/// Bodies at least this large are decoded on the blocking thread pool, so that a large
/// response never stalls the async runtime.
pub(crate) const BLOCKING_DECODE_BYTES: usize = 256 << 10;

/// A failed attempt, before it is known whether it will be retried.
#[derive(Debug)]
pub(crate) struct Failure {
    pub kind: ErrorKind,
    pub delivery: Delivery,
    pub request_id: Option<String>,
    /// The HTTP status, if the server answered.
    pub status: Option<u16>,
    /// How long the server asked the client to wait (`Retry-After`).
    pub retry_after: Option<Duration>,
}

impl Failure {
    pub fn new(kind: ErrorKind, delivery: Delivery) -> Self {
        Self {
            kind,
            delivery,
            request_id: None,
            status: None,
            retry_after: None,
        }
    }
}

/// What came back from one attempt, before it is read. The body is borrowed where a caller
/// holds it already ([`decode_reply`]), so that it is never copied.
#[derive(Debug)]
pub(crate) struct RawAnswer<'b> {
    pub status: u16,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    pub request_id: Option<String>,
    pub retry_after: Option<Duration>,
    pub body: Cow<'b, [u8]>,
}

/// How bodies are decoded: the memory budget, strictness, and the keys never quoted.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DecodeSettings {
    pub max_decoded_bytes: usize,
    pub strict: bool,
    pub sensitive: &'static [&'static str],
    /// Answers carry UCloud's `RetCode` envelope; else the HTTP status decides alone.
    pub envelope: bool,
    /// Where an answer lacks fields that its output fills anyway is noted in
    /// [`Reply::unsent`].
    pub note_unsent: bool,
}

/// Reads the whole body, refusing more than `limit` bytes.
pub(crate) async fn read_body(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, ErrorKind> {
    let declared = response.content_length();
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(ErrorKind::ResponseTooLarge {
            limit,
            decoded: false,
        });
    }
    // Sized once when the length is known, so the buffer never holds twice the body.
    let mut body = Vec::with_capacity(declared.map_or(0, |n| n as usize));
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| ErrorKind::Transport(TransportError(e)))?
    {
        if body.len() + chunk.len() > limit {
            return Err(ErrorKind::ResponseTooLarge {
                limit,
                decoded: false,
            });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The `Retry-After` header: a number of seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = parse_http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form RFC 9110 requires senders to use.
fn parse_http_date(s: &str) -> Option<SystemTime> {
    let rest = s.split_once(", ")?.1;
    let mut parts = rest.split(' ');
    let day: u64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, sec) = (hms.next()??, hms.next()??, hms.next()??);
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = u64::try_from(days).ok()? * 86_400 + h * 3600 + m * 60 + sec;
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(secs))
}

/// Decodes a response to `A` as the client would, without any I/O: the output, or the error
/// the call would fail with (`RetCode`, HTTP status, invalid body). Mismatched fields keep
/// their defaults and are listed in [`Reply::mismatches`]. For tests and mocks that hold
/// canned responses.
pub fn decode_reply<A: Action>(
    status: u16,
    body: &[u8],
    request_id: Option<String>,
) -> Result<Reply<A::Output>, Error> {
    let settings = DecodeSettings {
        max_decoded_bytes: DEFAULT_MAX_DECODED_BYTES,
        strict: false,
        sensitive: &[],
        envelope: true,
        note_unsent: false,
    };
    let answer = RawAnswer {
        status,
        content_type: None,
        request_id,
        retry_after: None,
        body: Cow::Borrowed(body),
    };
    read_response::<A::Output>(&answer, &settings, None).map_err(|f| {
        Error::new(
            f.kind,
            Context {
                action: Some(A::NAME.into()),
                attempts: 1,
                delivery: f.delivery,
                idempotent: A::IDEMPOTENT,
                request_id: f.request_id,
            },
        )
    })
}

/// The output of an action that answers with a file: a successful answer in the API's JSON
/// is read as any other (its `RetCode` decides), then kept whole as the file; any other
/// successful answer is the file itself.
pub(crate) fn read_file<T: DecodeFields>(
    answer: &RawAnswer<'_>,
    settings: &DecodeSettings,
    deadline: Option<(Instant, Duration)>,
) -> Result<Reply<T>, Failure> {
    // As compshare-cli tells them: by the Content-Type; without one, by the body's look.
    let json = match answer.content_type.as_deref() {
        Some(t) => t.to_ascii_lowercase().contains("json"),
        None => {
            let body = answer.body.trim_ascii_start();
            body.strip_prefix("\u{feff}".as_bytes())
                .unwrap_or(body)
                .starts_with(b"{")
        }
    };
    let mut reply = if json || !(200..300).contains(&answer.status) {
        read_response::<T>(answer, settings, deadline)?
    } else {
        Reply {
            output: T::default(),
            request_id: answer.request_id.clone(),
            mismatches: Vec::new(),
            more_mismatches: 0,
            unsent: Vec::new(),
        }
    };
    if let Some(file) = T::from_file(answer.content_type.as_deref(), &answer.body) {
        reply.output = file;
    }
    Ok(reply)
}

/// The output of a received response, or why it is not one. Decoding stops at `deadline`,
/// the end of an attempt that was given `timeout`: `Some((deadline, timeout))`.
pub(crate) fn read_response<T: DecodeFields>(
    answer: &RawAnswer<'_>,
    settings: &DecodeSettings,
    deadline: Option<(Instant, Duration)>,
) -> Result<Reply<T>, Failure> {
    // Over 80 lines: each way an answer can fail, in the order it is found, in one pass; split,
    // the pieces would pass the failure builders around.
    let RawAnswer {
        status,
        request_id,
        retry_after,
        body,
        ..
    } = answer;
    let (status, retry_after) = (*status, *retry_after);
    let fail = |kind, delivery| Failure {
        kind,
        delivery,
        request_id: request_id.clone(),
        status: Some(status),
        retry_after,
    };
    let quote = |body: &[u8]| excerpt(body, EXCERPT_BYTES, settings.sensitive);
    if !(200..300).contains(&status) {
        // A 5xx comes from the service or from a gateway in front of it: either may have
        // passed the request on before failing, so its effect is unknown.
        let delivery = if status >= 500 {
            Delivery::MaybeSent
        } else {
            Delivery::Received
        };
        let body = quote(body);
        return Err(fail(ErrorKind::Http { status, body }, delivery));
    }
    // Without an envelope, an empty success (a DELETE's 204) is the output with nothing set.
    if !settings.envelope && body.trim_ascii().is_empty() {
        return Ok(Reply {
            output: T::default(),
            request_id: request_id.clone(),
            mismatches: Vec::new(),
            more_mismatches: 0,
            unsent: Vec::new(),
        });
    }
    // A body that is not the API's answer (a proxy's page, a broken stream) says nothing of
    // what the service did.
    let invalid = |reason: String| {
        fail(
            ErrorKind::InvalidResponse {
                status,
                reason,
                body: quote(body),
            },
            Delivery::MaybeSent,
        )
    };
    let text = match simdutf8::basic::from_utf8(body) {
        Ok(text) => text.strip_prefix('\u{feff}').unwrap_or(text),
        // std's check says where the body goes wrong.
        Err(_) => {
            let e = std::str::from_utf8(body).err();
            let at = e.map_or(String::new(), |e| format!(" ({e})"));
            return Err(invalid(format!("body is not UTF-8{at}")));
        }
    };
    let mut reader = Reader::new(text)
        .with_budget(settings.max_decoded_bytes)
        .with_sensitive(settings.sensitive);
    if settings.note_unsent {
        reader = reader.noting_unsent();
    }
    if let Some((deadline, _)) = deadline {
        reader = reader.with_deadline(deadline);
    }
    let decoded = match decode_response::<T>(&mut reader, settings.envelope) {
        Ok(decoded) => decoded,
        Err(malformed) => {
            return Err(match reader.cut() {
                Some(Cut::Budget) => fail(
                    ErrorKind::ResponseTooLarge {
                        limit: settings.max_decoded_bytes,
                        decoded: true,
                    },
                    Delivery::MaybeSent,
                ),
                Some(Cut::Deadline) => fail(
                    ErrorKind::Timeout {
                        after: deadline.map_or(Duration::ZERO, |(_, timeout)| timeout),
                    },
                    Delivery::MaybeSent,
                ),
                None => invalid(format!("not JSON: {malformed}")),
            });
        }
    };
    // Without the envelope, a successful status is a successful answer, unless the answer
    // says it is an error: `"type": "error"`, or a non-zero `RetCode`.
    if !settings.envelope {
        let env = &decoded.envelope;
        let message = || {
            env.error
                .clone()
                .or(env.message.clone())
                .unwrap_or_default()
        };
        if env.error_type {
            return Err(fail(
                ErrorKind::Refused { message: message() },
                Delivery::Received,
            ));
        }
        if let Some(Some(code)) = env.ret_code.filter(|c| *c != Some(0)) {
            return Err(fail(
                ErrorKind::Api {
                    code,
                    message: message(),
                },
                Delivery::Received,
            ));
        }
    }
    let ret_code = match decoded.envelope.ret_code {
        _ if !settings.envelope => Some(Some(0)),
        code => code,
    };
    match ret_code {
        None => Err(invalid("no RetCode in the body".to_owned())),
        Some(None) => Err(invalid("RetCode is not one integer".to_owned())),
        Some(Some(0)) => {
            let mut mismatches = decoded.mismatches;
            if settings.strict && !mismatches.is_empty() {
                let first = mismatches.swap_remove(0);
                return Err(fail(ErrorKind::Decode(first), Delivery::Received));
            }
            Ok(Reply {
                output: decoded.output,
                request_id: request_id.clone(),
                mismatches,
                more_mismatches: decoded.more_mismatches,
                unsent: decoded.unsent,
            })
        }
        Some(Some(code)) => Err(fail(
            ErrorKind::Api {
                code,
                message: decoded.envelope.message.unwrap_or_default(),
            },
            Delivery::Received,
        )),
    }
}

/// What the runtime reads from every response besides the action's own fields.
#[derive(Debug, Default)]
pub(crate) struct Envelope {
    /// `None`: no `RetCode` key. `Some(None)`: a `RetCode` that is not one integer.
    pub ret_code: Option<Option<i64>>,
    pub message: Option<String>,
    /// A REST answer's `"type": "error"`, and its `error` (`error.message`, or the text).
    pub error_type: bool,
    pub error: Option<String>,
}

/// A whole response body, decoded: the envelope, the action's output and what did not fit.
#[derive(Debug)]
pub(crate) struct Decoded<T> {
    pub envelope: Envelope,
    pub output: T,
    pub mismatches: Vec<Mismatch>,
    /// Mismatches beyond [`MAX_MISMATCHES`](crate::MAX_MISMATCHES), counted only.
    pub more_mismatches: usize,
    /// Fields filled though unsent, when the reader notes them (see [`Reply::unsent`]).
    pub unsent: Vec<String>,
}

/// Decodes a whole response body in one pass with `reader` (which sets the budget, deadline
/// and sensitive names); with `envelope`, UCloud's `RetCode` and `Message` are read too (else
/// every key is the output's). `Err` for broken JSON, a non-object body, or a cut (see
/// [`Reader::cut`]).
pub(crate) fn decode_response<T: DecodeFields>(
    r: &mut Reader<'_>,
    envelope: bool,
) -> Result<Decoded<T>, Malformed> {
    let mut env = Envelope::default();
    let mut out = T::default();
    let mut seen = Present::default();
    let marks = r.marks::<T>();
    let start = r.value_position();
    let is_object = r.object(|r, key| {
        if marks {
            r.mark::<T>(&mut seen, key);
        }
        match key {
            // A REST answer may say it is an error though its status is a success: these
            // keys are read for that, then as the output's (which may have its own).
            "type" | "error" | "retcode" | "message" if !envelope => {
                let start = r.position();
                match key {
                    "type" => {
                        env.error_type = r.quietly(Reader::string)?.as_deref() == Some("error")
                    }
                    "error" => env.error = r.quietly(Reader::error_text)?,
                    "retcode" => env.ret_code = Some(r.quietly(Reader::int)?),
                    _ => env.message = r.quietly(Reader::string)?,
                }
                r.rewind(start);
                out.decode_field(key, r)
            }
            _ if !envelope => out.decode_field(key, r),
            "retcode" => {
                // A strange RetCode is not an output mismatch; it makes the body invalid.
                let code = r.quietly(Reader::int)?;
                env.ret_code = match env.ret_code {
                    Some(first) if first != code => Some(None), // two different codes
                    _ => Some(code),
                };
                Ok(true)
            }
            "message" => {
                // Some outputs have a Message field of their own: read the value twice.
                let start = r.position();
                env.message = r.quietly(Reader::string)?;
                r.rewind(start);
                out.decode_field(key, r)
            }
            _ => out.decode_field(key, r),
        }
    })?;
    if !is_object {
        return Err(Malformed {
            offset: r.position(),
            reason: "expected a JSON object",
        });
    }
    r.record_absent::<T>(seen, start);
    r.finish()?;
    let (mismatches, more_mismatches) = r.take_mismatches();
    Ok(Decoded {
        envelope: env,
        output: out,
        mismatches,
        more_mismatches,
        unsent: r.take_unsent(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{DecodeFields, Reader, Step};

    /// A listing whose output has a `Message` field of its own.
    #[derive(Debug, Default)]
    struct Said {
        message: Option<String>,
    }

    impl DecodeFields for Said {
        fn decode_field(&mut self, key: &str, r: &mut Reader<'_>) -> Step {
            match key {
                "message" => r.read_opt(&mut self.message),
                _ => Ok(false),
            }
        }
    }

    fn decode(body: &str) -> Decoded<Said> {
        decode_response::<Said>(&mut Reader::new(body), true).unwrap()
    }

    #[test]
    fn ret_code_must_be_one_integer() {
        for (body, code) in [
            (r#"{"RetCode":0}"#, Some(Some(0))),
            (r#"{"RetCode":"230"}"#, Some(Some(230))),
            (r#"{"RetCode":1e-400}"#, Some(None)),
            (r#"{"RetCode":"0.5"}"#, Some(None)),
            (r#"{"RetCode":{}}"#, Some(None)),
            (r#"{"RetCode":0,"RetCode":230}"#, Some(None)),
            (r#"{"Other":0}"#, None),
        ] {
            let d = decode(body);
            assert_eq!(d.envelope.ret_code, code, "{body}");
            assert_eq!(d.mismatches, [], "{body}");
        }
    }

    #[test]
    fn message_reaches_envelope_and_output() {
        let d = decode(r#"{"RetCode":230,"Message":"bad \"zone\" \u00e9\ud83d\ude00"}"#);
        assert_eq!(d.envelope.ret_code, Some(Some(230)));
        assert_eq!(d.envelope.message.as_deref(), Some("bad \"zone\" é😀"));
        assert_eq!(d.output.message, d.envelope.message);
    }

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

    #[derive(Debug, Default)]
    struct Host {
        id: String,
        ips: Vec<String>,
        name: Option<String>,
    }

    crate::decode_fields! { Host;
        "uhostid" | "id" => read id,
        "ipset" => read ips,
        "name" => read_opt name,
        required "UHostId" = "uhostid" | "id";
    }

    #[derive(Debug, Default)]
    struct Hosts {
        total: i64,
        hosts: Vec<Host>,
    }

    crate::decode_fields! { Hosts;
        "totalcount" | "total" => read total,
        "uhostset" | "hostset" => read hosts,
    }

    #[test]
    fn fields_filled_though_unsent_are_noted_where_they_are_when_asked() {
        // An alias counts as sent; a null element is dropped, so indexes count the decoded; a
        // list read under an alias is named by its field's own key, as the output has it.
        let body = r#"{"RetCode":0,"Total":2,"HostSet":[null,{"Id":"a","Name":"n"},{"UHostId":"b","IPSet":[]}, {"IPSet":["x"]}]}"#;
        let noting = DecodeSettings {
            note_unsent: true,
            ..LENIENT
        };
        let answer = RawAnswer {
            status: 200,
            content_type: None,
            request_id: None,
            retry_after: None,
            body: Cow::Borrowed(body.as_bytes()),
        };
        let reply = read_response::<Hosts>(&answer, &noting, None).unwrap_or_else(|_| panic!());
        assert_eq!(reply.unsent, ["/uhostset/0/ipset", "/uhostset/2/uhostid"]);
        let reply = read_response::<Hosts>(&answer, &LENIENT, None).unwrap_or_else(|_| panic!());
        assert!(reply.unsent.is_empty());
        let mut r = Reader::new(body).noting_unsent();
        let d = decode_response::<Hosts>(&mut r, true).unwrap();
        assert_eq!(d.output.hosts.len(), 3);
        assert_eq!(d.unsent, ["/uhostset/0/ipset", "/uhostset/2/uhostid"]);
        // Not noted unless asked: a plain reader keeps none.
        let d = decode_response::<Hosts>(&mut Reader::new(body), true).unwrap();
        assert_eq!(d.unsent, Vec::<String>::new());
        let d =
            decode_response::<Hosts>(&mut Reader::new(r#"{"RetCode":0}"#).noting_unsent(), true)
                .unwrap();
        assert_eq!(d.unsent, ["/totalcount", "/uhostset"]);
    }

    #[test]
    fn without_the_envelope_every_key_is_the_outputs() {
        // Even those read to tell an error: the output has its own `message`.
        let body = r#"{"RetCode":5,"Message":"the output's own"}"#;
        let d = decode_response::<Said>(&mut Reader::new(body), false).unwrap();
        assert_eq!(d.envelope.ret_code, Some(Some(5)));
        assert_eq!(d.output.message.as_deref(), Some("the output's own"));
    }

    #[test]
    fn a_rest_answer_that_says_it_is_an_error_is_one_whatever_its_status() {
        let rest = DecodeSettings {
            envelope: false,
            ..LENIENT
        };
        let answer = |body: &'static str| RawAnswer {
            status: 200,
            content_type: None,
            request_id: None,
            retry_after: None,
            body: Cow::Borrowed(body.as_bytes()),
        };
        let refused = |body| match read_response::<Said>(&answer(body), &rest, None) {
            Err(f) => (f.kind.to_string(), f.delivery),
            Ok(_) => panic!("{body} is an error"),
        };
        for (body, says) in [
            (
                r#"{"type":"error","error":{"type":"x","message":"no points left"}}"#,
                "the API refused the request: no points left",
            ),
            (
                r#"{"type":"error","error":"busy"}"#,
                "the API refused the request: busy",
            ),
            (r#"{"type":"error"}"#, "the API refused the request: "),
            (
                r#"{"RetCode":230,"Message":"bad key"}"#,
                "API error RetCode 230: bad key",
            ),
        ] {
            assert_eq!(
                refused(body),
                (says.to_owned(), Delivery::Received),
                "{body}"
            );
        }
        for body in [
            r#"{"type":"video","message":"queued"}"#,
            r#"{"RetCode":0,"message":"ok"}"#,
            r#"{"error":null,"message":"ok"}"#,
            r#"{"error":{"message":"a task's own error field"},"message":"ok"}"#,
        ] {
            let reply = read_response::<Said>(&answer(body), &rest, None)
                .unwrap_or_else(|f| panic!("{body}: {}", f.kind));
            assert!(reply.output.message.is_some(), "{body}");
        }
    }

    const LENIENT: DecodeSettings = DecodeSettings {
        max_decoded_bytes: 1 << 20,
        strict: false,
        sensitive: &["LoginCode"],
        envelope: true,
        note_unsent: false,
    };

    fn read(status: u16, body: &[u8], settings: &DecodeSettings) -> Result<Reply<Out>, Failure> {
        let answer = RawAnswer {
            status,
            content_type: None,
            request_id: Some("rid".into()),
            retry_after: None,
            body: Cow::Borrowed(body),
        };
        read_response::<Out>(&answer, settings, None)
    }

    #[test]
    fn a_file_answer_is_the_file_and_a_json_one_is_read_for_its_retcode() {
        let file = |status: u16, content_type: &str, body: &[u8]| {
            let answer = RawAnswer {
                status,
                content_type: Some(content_type.to_owned()),
                request_id: Some("rid".into()),
                retry_after: None,
                body: Cow::Borrowed(body),
            };
            read_file::<crate::Download>(&answer, &LENIENT, None)
        };
        let csv = "订单号,金额\nO-1,12.50\n".as_bytes();
        let got = file(200, "text/csv; charset=utf-8", csv).unwrap();
        assert_eq!(got.output.bytes(), csv);
        assert_eq!(got.output.content_type(), Some("text/csv; charset=utf-8"));
        assert_eq!(got.request_id.as_deref(), Some("rid"));
        let refused = file(
            200,
            "application/json",
            br#"{"RetCode":171,"Message":"no team"}"#,
        );
        assert!(matches!(
            refused.unwrap_err().kind,
            ErrorKind::Api { code: 171, .. }
        ));
        let ok = br#"{"RetCode":0,"Data":[]}"#;
        assert_eq!(
            file(200, "application/json", ok).unwrap().output.bytes(),
            ok
        );
        assert!(matches!(
            file(502, "text/html", b"bad gateway").unwrap_err().kind,
            ErrorKind::Http { status: 502, .. }
        ));
    }

    fn failure(status: u16, body: &[u8]) -> Failure {
        read(status, body, &LENIENT).unwrap_err()
    }

    #[test]
    fn responses_map_to_typed_results() {
        let ok = read(200, br#"{"RetCode":0,"TotalCount":"4"}"#, &LENIENT).unwrap();
        assert_eq!(ok.output, Out { total: 4 });
        assert_eq!(ok.request_id.as_deref(), Some("rid"));

        let f = failure(200, br#"{"RetCode":"230","Message":"bad zone"}"#);
        assert!(
            matches!(f.kind, ErrorKind::Api { code: 230, ref message } if message == "bad zone")
        );
        assert_eq!(f.delivery, Delivery::Received);
        assert!(
            matches!(failure(500, b"oops").kind, ErrorKind::Http { status: 500, ref body } if body == "oops")
        );
        assert!(matches!(
            failure(200, b"<html>").kind,
            ErrorKind::InvalidResponse { status: 200, .. }
        ));
        assert!(
            matches!(failure(200, b"{\"A\":\"\xff\xfe\"}").kind, ErrorKind::InvalidResponse { ref reason, .. } if reason.contains("not UTF-8 (invalid utf-8 sequence of 1 bytes from index 6)"))
        );
        assert!(failure(200, b"{}").kind.to_string().contains("no RetCode"));
    }

    #[test]
    fn a_drifted_field_costs_that_field_not_the_call() {
        let ok = read(200, br#"{"RetCode":0,"TotalCount":[1,2]}"#, &LENIENT).unwrap();
        assert_eq!(ok.output, Out { total: 0 });
        assert_eq!(
            ok.mismatches[0].to_string(),
            "TotalCount: expected an integer, found an array"
        );
        let strict = DecodeSettings {
            strict: true,
            ..LENIENT
        };
        let f = read(200, br#"{"RetCode":0,"TotalCount":[1,2]}"#, &strict).unwrap_err();
        assert_eq!(
            f.kind.to_string(),
            "cannot decode response field TotalCount: expected an integer, found an array"
        );
        assert_eq!(f.delivery, Delivery::Received);
    }

    #[test]
    fn a_ret_code_that_is_not_one_integer_is_never_success() {
        for body in [
            &br#"{"RetCode":1e-400,"TotalCount":1}"#[..],
            br#"{"RetCode":"0.5"}"#,
            br#"{"RetCode":null}"#,
            br#"{"RetCode":0,"RetCode":1}"#,
        ] {
            let f = failure(200, body);
            assert!(
                matches!(f.kind, ErrorKind::InvalidResponse { ref reason, .. } if reason == "RetCode is not one integer"),
                "{:?}: {}",
                String::from_utf8_lossy(body),
                f.kind
            );
        }
    }

    #[test]
    fn a_byte_order_mark_is_tolerated() {
        let ok = read(
            200,
            "\u{feff}{\"RetCode\":0,\"TotalCount\":2}".as_bytes(),
            &LENIENT,
        );
        assert_eq!(ok.unwrap().output.total, 2);
    }

    #[test]
    fn gateway_failures_leave_the_outcome_unknown() {
        for (status, body) in [
            (500, &b"internal"[..]),
            (502, b"bad gateway"),
            (503, b"busy"),
            (504, b"timeout"),
            (200, b"<html>maintenance</html>"),
        ] {
            assert_eq!(
                failure(status, body).delivery,
                Delivery::MaybeSent,
                "{status}"
            );
        }
        for status in [400, 403, 404, 429, 307] {
            assert_eq!(failure(status, b"no").delivery, Delivery::Received);
        }
    }

    #[test]
    fn excerpts_mask_sensitive_values() {
        let f = failure(
            502,
            br#"{"Password":"aHVudGVyMg==","LoginCode":"4711","Name":"ok"}"#,
        );
        let shown = f.kind.to_string();
        assert!(
            shown.contains(r#"{"Password":"***","LoginCode":"***","Name":"ok"}"#),
            "{shown}"
        );
    }

    #[test]
    fn the_decoded_size_is_bounded() {
        let body = format!(
            r#"{{"RetCode":0,"TotalCount":[{}]}}"#,
            vec!["1"; 200_000].join(",")
        );
        // A list where an integer belongs is skipped, not built: no budget spent.
        assert!(read(200, body.as_bytes(), &LENIENT).is_ok());
        let tiny = DecodeSettings {
            max_decoded_bytes: 16,
            ..LENIENT
        };
        let f = read(
            200,
            br#"{"RetCode":0,"Message":"a long message here"}"#,
            &tiny,
        )
        .unwrap_err();
        assert!(matches!(
            f.kind,
            ErrorKind::ResponseTooLarge {
                limit: 16,
                decoded: true
            }
        ));
        assert_eq!(f.delivery, Delivery::MaybeSent);
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // 1994-11-06 08:49:37
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(Duration::ZERO)
        );
        for bad in ["soon", "-1", "Sun, 06 Nov 1994 25:00:00 GMT", ""] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }
}
