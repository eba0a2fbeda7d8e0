//! The one typed step of a command: a wire-named request object becomes the SDK's typed
//! request (through its serde names, the same way for both front ends), is encoded and
//! signed once, and that signed request is what is shown and sent. [`Typed`] is the only
//! generic code per action (one instantiation each); everything around it is data.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use compshare_runtime::{
    self as runtime, Action, CallOptions, Paginated, Paginator, Signed, SignedParams, Stream,
    StreamExt, Wait,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::Failure;

/// A boxed future, as the data-driven flow holds them.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A listing's items by wire names, as they come.
pub type Items = Pin<Box<dyn Stream<Item = Result<Value, runtime::Error>> + Send>>;

/// An action's typed request, behind a data-driven front end.
pub trait Runner: Sync {
    /// The typed request from its wire-named object, encoded and signed once.
    fn prepare(
        &self,
        client: &runtime::Client,
        request: &Map<String, Value>,
        options: CallOptions,
    ) -> Result<Box<dyn Prepared>, Failure>;
}

/// A request signed once: shown (dry run, preview) and sent as it is.
pub trait Prepared: Send + Sync {
    fn action(&self) -> &'static str;
    /// The parameters as sent.
    fn params(&self) -> &SignedParams;
    /// The method, and the URL it goes to (masked).
    fn method(&self) -> &str;
    fn url(&self) -> String;
    /// It has a route of its own (a REST action), not the service's one endpoint.
    fn routed(&self) -> bool;
    /// A REST create's idempotency key as sent (given, or made for this call): reported in
    /// its answer and its errors, so that a person can repeat it as the same create.
    fn idempotency_key(&self) -> Option<&str>;
    fn send(&self) -> BoxFuture<'_, Result<Sent, runtime::Error>>;
}

/// A decoded answer: by wire names, or the file the action answers with (or why the answer,
/// received, cannot be shown as JSON).
#[derive(Debug)]
pub enum Output {
    Json(Value),
    File(runtime::Download),
    Unshowable(String),
}

/// An answer and the paths of the fields that did not fit their types.
#[derive(Debug)]
pub struct Sent {
    pub output: Output,
    pub mismatched: Vec<String>,
    /// More fields mismatched than are listed.
    pub more: bool,
}

impl Sent {
    /// The answer by wire names (a file as its description).
    pub fn value(&self) -> Result<Value, Failure> {
        match &self.output {
            Output::Json(v) => Ok(v.clone()),
            Output::File(f) => to_value(f).map_err(unshowable),
            Output::Unshowable(why) => Err(unshowable(why.clone())),
        }
    }
}

/// An answer received that cannot be shown: the request was sent and answered.
pub(crate) fn unshowable(why: String) -> Failure {
    let mut f = Failure::new(
        crate::Exit::Internal,
        format!("the request was sent and answered, but its answer cannot be shown: {why}"),
    );
    f.delivery = Some("received");
    f
}

/// The [`Runner`] of request type `A`.
pub struct Typed<A>(PhantomData<fn() -> A>);

impl<A> Typed<A> {
    pub const RUN: Typed<A> = Typed(PhantomData);
}

/// The typed request of a wire-named object. Its values were checked against the action's
/// table; what still does not fit is named. The values are the user's, in clear: a password
/// of `***` is a password, not the mask output shows. A parameter the request does not take
/// is refused, never dropped: the table and the SDK must agree on every wire name.
fn typed<A>(request: Map<String, Value>) -> Result<A, Failure>
where
    A: Action + DeserializeOwned + Serialize,
{
    let not_sent = |message: String| {
        let mut f = Failure::usage(message);
        f.delivery = Some("not_sent");
        f
    };
    let given: Vec<String> = request
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, _)| k.clone())
        .collect();
    let (typed, taken) = runtime::with_secrets_exposed(|| {
        let typed: A = serde_json::from_value(Value::Object(request))?;
        let taken = serde_json::to_value(&typed)?;
        Ok::<_, serde_json::Error>((typed, taken))
    })
    .map_err(|e| not_sent(format!("{}: the parameters do not fit: {e}", A::NAME)))?;
    let dropped = given
        .iter()
        .find(|k| taken.get(k.as_str()).is_none_or(Value::is_null));
    if let Some(dropped) = dropped {
        return Err(not_sent(format!(
            "{}: the request takes no parameter `{dropped}` (the tool's table and the SDK disagree: a bug)",
            A::NAME
        )));
    }
    Ok(typed)
}

impl<A> Runner for Typed<A>
where
    A: Action + DeserializeOwned + Serialize,
    A::Output: Serialize,
{
    fn prepare(
        &self,
        client: &runtime::Client,
        request: &Map<String, Value>,
        options: CallOptions,
    ) -> Result<Box<dyn Prepared>, Failure> {
        let signed = client.sign_action(typed::<A>(request.clone())?, options)?;
        Ok(Box::new(signed))
    }
}

impl<A> Prepared for Signed<A>
where
    A: Action,
    A::Output: Serialize,
{
    fn action(&self) -> &'static str {
        A::NAME
    }

    fn params(&self) -> &SignedParams {
        Signed::params(self)
    }

    fn method(&self) -> &str {
        Signed::method(self)
    }

    fn url(&self) -> String {
        Signed::url(self)
    }

    fn routed(&self) -> bool {
        A::ROUTE.is_some()
    }

    fn idempotency_key(&self) -> Option<&str> {
        A::IDEMPOTENCY_HEADER.and_then(|h| Signed::params(self).get(h))
    }

    fn send(&self) -> BoxFuture<'_, Result<Sent, runtime::Error>> {
        Box::pin(async move {
            let reply = Signed::send(self).await?;
            let mismatched = reply.mismatches.iter().map(|m| m.path.clone()).collect();
            let more = reply.more_mismatches > 0;
            let unsent = reply.unsent;
            // A file action's output is the file (`Action::FILE`); the rest are by wire names.
            let boxed: Box<dyn std::any::Any> = Box::new(reply.output);
            let output = match boxed.downcast::<runtime::Download>() {
                Ok(file) => Output::File(*file),
                Err(other) => match other.downcast_ref::<A::Output>().map(|o| {
                    if REVEAL.load(std::sync::atomic::Ordering::Relaxed) {
                        runtime::with_secrets_exposed(|| to_value(o))
                    } else {
                        to_value(o)
                    }
                }) {
                    Some(Ok(mut value)) => {
                        drop_unsent(&mut value, &unsent);
                        // As the official CLI prints it: the key the create was made with.
                        let key = A::IDEMPOTENCY_HEADER.and_then(|h| Signed::params(self).get(h));
                        if let (Some(key), Value::Object(map)) = (key, &mut value) {
                            map.entry("idempotency_key")
                                .or_insert_with(|| Value::String(key.to_owned()));
                        }
                        Output::Json(value)
                    }
                    Some(Err(why)) => Output::Unshowable(why),
                    None => Output::Unshowable("an answer of another type".to_owned()),
                },
            };
            Ok(Sent {
                output,
                mismatched,
                more,
            })
        })
    }
}

/// Removes from `value` the fields its type filled though the answer did not send them
/// ([`runtime::Reply::unsent`]): what is shown is what the service said. Keys are matched
/// without case, as the answer's were read; a step that is not there leaves it as it is.
pub(crate) fn drop_unsent(value: &mut Value, unsent: &[String]) {
    fn child<'v>(value: &'v mut Value, step: &str) -> Option<&'v mut Value> {
        match value {
            Value::Object(map) => map
                .iter_mut()
                .find(|(k, _)| k.eq_ignore_ascii_case(step))
                .map(|(_, v)| v),
            Value::Array(items) => items.get_mut(step.parse::<usize>().ok()?),
            _ => None,
        }
    }
    for pointer in unsent {
        let steps: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect();
        let Some((last, parents)) = steps.split_last() else {
            continue;
        };
        let mut at = Some(&mut *value);
        for step in parents {
            at = at.and_then(|v| child(v, step));
        }
        if let Some(Value::Object(map)) = at
            && let Some(key) = map.keys().find(|k| k.eq_ignore_ascii_case(last)).cloned()
        {
            map.remove(&key);
        }
    }
}

/// Secrets are shown in the answers of this process from now on (`show --show-sensitive`).
static REVEAL: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Shows secrets in the answers of this process from now on: asked for by name, once.
pub(crate) fn reveal_secrets() {
    REVEAL.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Shows secrets no more (after an answer whose secrets the tool itself uses).
pub(crate) fn conceal_secrets() {
    REVEAL.store(false, std::sync::atomic::Ordering::Relaxed);
}

/// A listing's typed paginator, behind a data-driven front end.
pub trait Lister: Sync {
    /// Every item of the listing the object asks for, by wire names, page by page.
    fn items(
        &self,
        client: &runtime::Client,
        request: &Map<String, Value>,
        options: CallOptions,
    ) -> Result<Items, Failure>;
}

/// The [`Lister`] of listing request type `A`.
pub struct Pages<A>(PhantomData<fn() -> A>);

impl<A> Pages<A> {
    pub const RUN: Pages<A> = Pages(PhantomData);
}

impl<A> Lister for Pages<A>
where
    A: Paginated + DeserializeOwned + Serialize + Send + Sync,
    A::Item: Serialize,
{
    fn items(
        &self,
        client: &runtime::Client,
        request: &Map<String, Value>,
        options: CallOptions,
    ) -> Result<Items, Failure> {
        let pages = Paginator::new(client.clone(), typed::<A>(request.clone())?, options);
        // An item that cannot be shown as JSON (none of the SDK's can fail) is said so in
        // its place, and the listing goes on.
        let shown = |i: A::Item| to_value(&i).unwrap_or_else(Value::String);
        Ok(Box::pin(pages.items().map(move |item| item.map(shown))))
    }
}

/// How a waiter runs: on the polled action's request object (its id set), until its state.
pub type WaitFn =
    fn(&runtime::Client, Map<String, Value>, Wait) -> BoxFuture<'static, Result<Value, Failure>>;

/// Runs a generated waiter `f` on the typed `request` (the SDK's call of it, on `client`).
pub fn waiting<A, F, Fut, O>(
    client: &runtime::Client,
    request: Map<String, Value>,
    wait: Wait,
    f: F,
) -> BoxFuture<'static, Result<Value, Failure>>
where
    A: Action + DeserializeOwned + Serialize,
    F: FnOnce(runtime::Client, A, Wait) -> Fut,
    Fut: Future<Output = Result<O, runtime::Error>> + Send + 'static,
    O: Serialize,
{
    let call = typed::<A>(request).map(|r| f(client.clone(), r, wait));
    Box::pin(async move { to_value(&call?.await?).map_err(unshowable) })
}

/// A typed value by wire names.
pub(crate) fn to_value<T: Serialize + ?Sized>(v: &T) -> Result<Value, String> {
    serde_json::to_value(v).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use compshare::actions::{
        DescribeCompShareInstanceRequest, ResetCompShareInstancePasswordRequest,
    };
    use serde_json::json;

    fn object(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn unsent_fields_are_dropped_where_their_pointers_say() {
        let mut v = serde_json::json!({
            "a/b": {"IPMode": ""},
            "x~y": [{"List": []}, {"List": [1]}],
            "Kept": ""
        });
        drop_unsent(
            &mut v,
            &[
                "/a~1b/ipmode".to_owned(),
                "/x~0y/0/list".to_owned(),
                "/Missing/0/x".to_owned(),
            ],
        );
        assert_eq!(
            v,
            serde_json::json!({"a/b": {}, "x~y": [{}, {"List": [1]}], "Kept": ""})
        );
    }

    #[test]
    fn a_parameter_the_request_does_not_take_is_refused_not_dropped() {
        let ok = typed::<DescribeCompShareInstanceRequest>(object(json!({"Limit": 5})));
        assert_eq!(ok.unwrap().limit, Some(5));
        let e = typed::<DescribeCompShareInstanceRequest>(object(json!({"Limit": 5, "Bogus": 1})))
            .unwrap_err();
        assert!(e.message.contains("no parameter `Bogus`"), "{}", e.message);
        assert_eq!(e.delivery, Some("not_sent"));
    }

    #[test]
    fn a_password_of_three_stars_is_a_password() {
        let r = typed::<ResetCompShareInstancePasswordRequest>(object(
            json!({"UHostId": "uhost-1", "Password": "***"}),
        ))
        .unwrap();
        let password = r.password.unwrap();
        assert!(!password.is_mask());
        assert_eq!(password.expose(), "***");
    }
}
