//! The one typed step of a command: a wire-named request object becomes the SDK's typed
//! request (through its serde names, the same way for both front ends), is encoded and
//! signed once, and that signed request is what is shown and sent. [`Typed`] is the only
//! generic code per action (one instantiation each); everything around it is data.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use compshare::runtime::{
    self, Action, CallOptions, Paginated, Paginator, Signed, SignedParams, Stream, StreamExt, Wait,
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
        client: &compshare::Client,
        request: &Map<String, Value>,
        options: CallOptions,
    ) -> Result<Box<dyn Prepared>, Failure>;
}

/// A request signed once: shown (dry run, preview) and sent as it is.
pub trait Prepared: Send + Sync {
    fn action(&self) -> &'static str;
    /// The parameters as sent.
    fn params(&self) -> &SignedParams;
    fn base_url(&self) -> &str;
    fn send(&self) -> BoxFuture<'_, Result<Sent, runtime::Error>>;
}

/// A decoded answer: by wire names, or the file the action answers with.
#[derive(Debug)]
pub enum Output {
    Json(Value),
    File(runtime::Download),
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
    pub fn value(&self) -> Value {
        match &self.output {
            Output::Json(v) => v.clone(),
            Output::File(f) => to_value(f),
        }
    }
}

/// The [`Runner`] of request type `A`.
pub struct Typed<A>(PhantomData<fn() -> A>);

impl<A> Typed<A> {
    pub const RUN: Typed<A> = Typed(PhantomData);
}

/// The typed request of a wire-named object. Its values were checked against the action's
/// table; what still does not fit is named.
fn typed<A: Action + DeserializeOwned>(request: Map<String, Value>) -> Result<A, Failure> {
    serde_json::from_value(Value::Object(request)).map_err(|e| {
        let mut f = Failure::usage(format!("{}: the parameters do not fit: {e}", A::NAME));
        f.delivery = Some("not_sent");
        f
    })
}

impl<A> Runner for Typed<A>
where
    A: Action + DeserializeOwned,
    A::Output: Serialize,
{
    fn prepare(
        &self,
        client: &compshare::Client,
        request: &Map<String, Value>,
        options: CallOptions,
    ) -> Result<Box<dyn Prepared>, Failure> {
        let signed = client
            .runtime()
            .sign_action(typed::<A>(request.clone())?, options)?;
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

    fn base_url(&self) -> &str {
        Signed::base_url(self)
    }

    fn send(&self) -> BoxFuture<'_, Result<Sent, runtime::Error>> {
        Box::pin(async move {
            let reply = Signed::send(self).await?;
            let mismatched = reply.mismatches.iter().map(|m| m.path.clone()).collect();
            let more = reply.more_mismatches > 0;
            // A file action's output is the file (`Action::FILE`); the rest are by wire names.
            let boxed: Box<dyn std::any::Any> = Box::new(reply.output);
            let output = match boxed.downcast::<runtime::Download>() {
                Ok(file) => Output::File(*file),
                Err(other) => Output::Json(
                    other
                        .downcast_ref::<A::Output>()
                        .map_or(Value::Null, to_value),
                ),
            };
            Ok(Sent {
                output,
                mismatched,
                more,
            })
        })
    }
}

/// A listing's typed paginator, behind a data-driven front end.
pub trait Lister: Sync {
    /// Every item of the listing the object asks for, by wire names, page by page.
    fn items(
        &self,
        client: &compshare::Client,
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
    A: Paginated + DeserializeOwned + Send + Sync,
    A::Item: Serialize,
{
    fn items(
        &self,
        client: &compshare::Client,
        request: &Map<String, Value>,
        options: CallOptions,
    ) -> Result<Items, Failure> {
        let pages = Paginator::new(
            client.runtime().clone(),
            typed::<A>(request.clone())?,
            options,
        );
        Ok(Box::pin(
            pages.items().map(|item| item.map(|i| to_value(&i))),
        ))
    }
}

/// How a waiter runs: on the polled action's request object (its id set), until its state.
pub type WaitFn =
    fn(&compshare::Client, Map<String, Value>, Wait) -> BoxFuture<'static, Result<Value, Failure>>;

/// Runs a generated waiter `f` on the typed call of `request`.
pub fn waiting<A, F, Fut, O>(
    client: &compshare::Client,
    request: Map<String, Value>,
    wait: Wait,
    f: F,
) -> BoxFuture<'static, Result<Value, Failure>>
where
    A: Action + DeserializeOwned,
    F: FnOnce(compshare::Call<A>, Wait) -> Fut,
    Fut: Future<Output = Result<O, runtime::Error>> + Send + 'static,
    O: Serialize,
{
    let call = typed::<A>(request).map(|r| f(client.call(r), wait));
    Box::pin(async move { Ok(to_value(&call?.await?)) })
}

/// A typed value by wire names. The SDK's types always serialize.
pub(crate) fn to_value<T: Serialize + ?Sized>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}
