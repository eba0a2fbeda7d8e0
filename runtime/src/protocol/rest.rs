//! REST with JSON bodies: each action a method and a path (`Action::ROUTE`), its parameters
//! in the path, the query, headers or a JSON body with their types; a bearer key in
//! `Authorization`; an idempotency key made once per call for the creates that take one.
//! Answers are the output itself; the HTTP status says whether it succeeded.

use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use crate::error::{Error, ErrorKind};
use crate::form::{Common, EncodeProblems, Form, Location};
use crate::request::Request;
use crate::signed::SignedParams;

use super::ucloud::invalid;
use super::{Target, Wire};

/// The request of `request`: its route filled, its query, headers and body.
pub(super) fn wire<Q: Request>(
    target: &Target<'_>,
    request: &Q,
    common: &Common,
) -> Result<Wire, Error> {
    let refuse = |why: String| {
        let mut problems = EncodeProblems::default();
        problems.invalid.push(("route".to_owned(), why));
        invalid(request, ErrorKind::InvalidRequest(problems))
    };
    let Some(route) = request.route() else {
        return Err(refuse(format!(
            "{} has no method and path: a REST service's actions each have one",
            request.name()
        )));
    };
    let mut form = Form::rest(common, target.defaults);
    request.encode(&mut form);
    if let Some(header) = request.idempotency_header() {
        let given = form.has_header(header);
        if !given {
            let key = idempotency_key().map_err(refuse)?;
            form.at(Location::Header, |f| f.text(header, &key));
        }
    }
    let (text, entries, rest) = form
        .done_rest()
        .map_err(|problems| invalid(request, ErrorKind::InvalidRequest(problems)))?;
    let rest = rest.unwrap_or_default();
    let url = url(target.base_url, route.path, &rest.path, &rest.query).map_err(refuse)?;
    let mut headers = Vec::with_capacity(rest.headers.len() + 1);
    let idempotency = request.idempotency_header();
    for (name, value) in &rest.headers {
        // A blank key given is no key: the one made stands.
        if value.trim().is_empty() && idempotency.is_some_and(|h| h.eq_ignore_ascii_case(name)) {
            continue;
        }
        let name = HeaderName::try_from(name.as_str())
            .map_err(|_| refuse(format!("`{name}` is not a header name")))?;
        let value = HeaderValue::try_from(value.as_str())
            .map_err(|_| refuse(format!("the value of header `{name}` cannot be sent")))?;
        headers.push((name, value));
    }
    let mut secrets = Vec::new();
    if let Some(key) = target.credentials.bearer_key() {
        secrets.push(key.clone());
        let mut value = HeaderValue::try_from(format!("Bearer {}", key.expose()))
            .map_err(|_| refuse("the bearer key cannot be sent in a header".to_owned()))?;
        value.set_sensitive(true);
        headers.push((AUTHORIZATION, value));
    }
    let method = reqwest::Method::from_bytes(route.method.as_bytes())
        .map_err(|_| refuse(format!("`{}` is not an HTTP method", route.method)))?;
    // A body only where there is one to send: never for a read without members.
    let bodyless = matches!(method, reqwest::Method::GET | reqwest::Method::DELETE);
    let (body, content_type) = if bodyless && rest.body == "{}" {
        (bytes::Bytes::new(), None)
    } else {
        (bytes::Bytes::from(rest.body), Some("application/json"))
    };
    Ok(Wire {
        params: SignedParams {
            text,
            entries,
            sensitive: target.sensitive,
            lists: Vec::new(),
        },
        method,
        url: Some(url),
        headers,
        body,
        content_type,
        stamped: false,
        request_id: "X-Request-Id",
        secrets,
    })
}

/// The endpoint with the route's path, its `{name}`s filled (each value one path segment,
/// escaped), and the query.
fn url(
    base: &reqwest::Url,
    path: &str,
    values: &[(String, String)],
    query: &[(String, String)],
) -> Result<reqwest::Url, String> {
    let mut url = base.clone();
    {
        let mut segments = url
            .path_segments_mut()
            .map_err(|()| "the endpoint cannot take a path".to_owned())?;
        segments.pop_if_empty();
        for segment in path.split('/').filter(|s| !s.is_empty()) {
            match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => {
                    let value = values
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| v.as_str())
                        .ok_or_else(|| format!("the path parameter `{name}` is not set"))?;
                    // `url` would drop `.` and `..` (and tabs and newlines) from a path: a
                    // value that is not one whole segment is refused, never reshaped.
                    if value.is_empty() {
                        return Err(format!("the path parameter `{name}` is empty"));
                    }
                    if value == "." || value == ".." || value.contains(|c: char| c.is_control()) {
                        return Err(format!(
                            "the path parameter `{name}` is not one path segment: {value:?}"
                        ));
                    }
                    segments.push(value);
                }
                None => {
                    segments.push(segment);
                }
            }
        }
    }
    if !query.is_empty() {
        url.query_pairs_mut()
            .extend_pairs(query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    }
    Ok(url)
}

/// A key no other call has: 128 bits of the OS's randomness, as a UUID (version 4).
fn idempotency_key() -> Result<String, String> {
    let mut b = [0u8; 16];
    getrandom::getrandom(&mut b)
        .map_err(|e| format!("no randomness for an idempotency key: {e}"))?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_is_filled_escaped_and_queried() {
        let base = reqwest::Url::parse("https://api.example.com/base/").unwrap();
        let url = url(
            &base,
            "/v1/tasks/{task_id}/files",
            &[("task_id".into(), "a b/c".into())],
            &[("limit".into(), "5".into()), ("tag".into(), "x&y".into())],
        )
        .unwrap();
        assert_eq!(
            url.as_str(),
            "https://api.example.com/base/v1/tasks/a%20b%2Fc/files?limit=5&tag=x%26y"
        );
        assert!(url_of("/v1/tasks/{task_id}", &[]).contains("not set"));
        assert!(url_of("/v1/tasks/{task_id}", &[("task_id", "")]).contains("empty"));
        for odd in [".", "..", "a\nb", "a\tb"] {
            assert!(
                url_of("/v1/tasks/{task_id}", &[("task_id", odd)]).contains("one path segment"),
                "{odd:?}"
            );
        }
    }

    fn url_of(path: &str, values: &[(&str, &str)]) -> String {
        let base = reqwest::Url::parse("https://api.example.com").unwrap();
        let values: Vec<(String, String)> = values
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        url(&base, path, &values, &[]).unwrap_err()
    }

    #[test]
    fn idempotency_keys_are_version_4_uuids_and_differ() {
        let (a, b) = (idempotency_key().unwrap(), idempotency_key().unwrap());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
    }
}
