//! Paging through listing actions, one page at a time.

use std::collections::VecDeque;

use futures_util::Stream;

use crate::client::{Action, CallOptions, Client};
use crate::error::Error;

/// The page size when neither the paginator nor the request sets one: the API's maximum for
/// most listings.
pub const DEFAULT_PAGE_SIZE: i64 = 100;

/// A request of an action that lists things in pages (Offset/Limit). Generated code
/// implements it with [`paginated!`](crate::paginated).
pub trait Paginated: Action + Clone + Send + 'static {
    /// One listed thing.
    type Item: Send + 'static;
    /// The request's offset.
    fn offset(&self) -> Option<i64>;
    /// Sets the request's offset.
    fn set_offset(&mut self, offset: i64);
    /// The request's page size.
    fn limit(&self) -> Option<i64>;
    /// Sets the request's page size.
    fn set_limit(&mut self, limit: i64);
    /// The items of a page.
    fn items(output: &mut Self::Output) -> &mut Vec<Self::Item>;
    /// The total number of items the page reports, if the action reports one.
    fn total(output: &Self::Output) -> Option<i64>;
}

/// A total count field, required or optional.
pub trait Total {
    /// The count, if known.
    fn total(&self) -> Option<i64>;
}

impl Total for i64 {
    fn total(&self) -> Option<i64> {
        Some(*self)
    }
}

impl Total for Option<i64> {
    fn total(&self) -> Option<i64> {
        *self
    }
}

/// Implements [`Paginated`] for a request: its offset and limit fields, and the items and
/// (optional) total fields of its output.
#[macro_export]
macro_rules! paginated {
    ($request:ty => $item:ty; offset: $offset:ident, limit: $limit:ident, items: $items:ident $(, total: $total:ident)?) => {
        impl $crate::Paginated for $request {
            type Item = $item;
            fn offset(&self) -> Option<i64> {
                self.$offset
            }
            fn set_offset(&mut self, offset: i64) {
                self.$offset = Some(offset);
            }
            fn limit(&self) -> Option<i64> {
                self.$limit
            }
            fn set_limit(&mut self, limit: i64) {
                self.$limit = Some(limit);
            }
            fn items(output: &mut Self::Output) -> &mut Vec<Self::Item> {
                &mut output.$items
            }
            #[allow(unused_variables)]
            fn total(output: &Self::Output) -> Option<i64> {
                None $(.or($crate::Total::total(&output.$total)))?
            }
        }
    };
}

/// Fetches the pages of a listing lazily, one request per page.
///
/// It starts at the request's offset (0 if unset) with the paginator's page size, else the
/// request's limit, else [`DEFAULT_PAGE_SIZE`], and stops after a page shorter than the page
/// size, an empty page, or once the offset reaches the total the latest page reports (the
/// total may change while paging; each page's own is used). An error ends the listing.
#[derive(Debug)]
pub struct Paginator<R> {
    client: Client,
    request: R,
    options: CallOptions,
    page_size: Option<i64>,
    next_offset: Option<i64>,
    done: bool,
}

impl<R: Paginated> Paginator<R> {
    /// A paginator for `request`, sent with `options`.
    pub fn new(client: Client, request: R, options: CallOptions) -> Self {
        Self {
            client,
            request,
            options,
            page_size: None,
            next_offset: None,
            done: false,
        }
    }

    /// Items per request (at least 1).
    pub fn page_size(mut self, size: i64) -> Self {
        self.page_size = Some(size.max(1));
        self
    }

    /// The next page, or `None` after the last one (or after an error).
    pub async fn next_page(&mut self) -> Option<Result<R::Output, Error>> {
        if self.done {
            return None;
        }
        let limit = self
            .page_size
            .or(self.request.limit())
            .unwrap_or(DEFAULT_PAGE_SIZE)
            .max(1);
        let offset = self.next_offset.or(self.request.offset()).unwrap_or(0);
        let mut request = self.request.clone();
        request.set_offset(offset);
        request.set_limit(limit);
        let mut output = match self.client.send(&request, &self.options).await {
            Ok(reply) => reply.output,
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        let count = R::items(&mut output).len() as i64;
        let next = offset + count;
        self.next_offset = Some(next);
        self.done = count < limit || R::total(&output).is_some_and(|total| next >= total);
        Some(Ok(output))
    }

    /// The pages, as a stream.
    pub fn pages(self) -> impl Stream<Item = Result<R::Output, Error>> + Send + Unpin {
        Box::pin(futures_util::stream::unfold(self, |mut p| async move {
            p.next_page().await.map(|page| (page, p))
        }))
    }

    /// The items of every page, as a stream; pages are fetched as the stream is read.
    pub fn items(self) -> impl Stream<Item = Result<R::Item, Error>> + Send + Unpin {
        Box::pin(futures_util::stream::unfold(
            (self, VecDeque::new()),
            |(mut p, mut buffer)| async move {
                loop {
                    if let Some(item) = buffer.pop_front() {
                        return Some((Ok(item), (p, buffer)));
                    }
                    match p.next_page().await? {
                        Ok(mut page) => buffer.extend(R::items(&mut page).drain(..)),
                        Err(e) => return Some((Err(e), (p, buffer))),
                    }
                }
            },
        ))
    }
}
