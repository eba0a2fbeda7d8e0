//! Paging through listing actions, one page at a time.

use std::collections::VecDeque;

use futures_util::Stream;

use crate::action::{Action, CallOptions};
use crate::client::Client;
use crate::error::{Context, Delivery, Error, ErrorKind};
use crate::form::EncodeProblems;

/// The page size when neither the paginator nor the request sets one; never more than the
/// action's own maximum ([`Paginated::MAX_LIMIT`]).
pub const DEFAULT_PAGE_SIZE: i64 = 100;

/// How many pages a paginator fetches before it gives up with
/// [`ErrorKind::PageLimit`](crate::ErrorKind::PageLimit), unless set otherwise: a guard
/// against a server that ignores `Offset` and never sends a short page.
pub const DEFAULT_MAX_PAGES: u64 = 100_000;

/// A request of an action that lists things in pages (Offset/Limit). Generated code
/// implements it with [`paginated!`](crate::paginated).
pub trait Paginated: Action + Clone + Send + 'static {
    /// One listed thing.
    type Item: Clone + PartialEq + std::fmt::Debug + Send + 'static;
    /// The largest page size the service accepts.
    const MAX_LIMIT: i64;
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
    /// An item's id, for listings whose items the spec says how to tell apart.
    fn id(_item: &Self::Item) -> Option<&str> {
        None
    }
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

/// An item's id field, required or optional.
pub trait ItemId {
    /// The id, if the item has one.
    fn item_id(&self) -> Option<&str>;
}

impl ItemId for String {
    fn item_id(&self) -> Option<&str> {
        Some(self)
    }
}

impl ItemId for Option<String> {
    fn item_id(&self) -> Option<&str> {
        self.as_deref()
    }
}

/// Implements [`Paginated`] for a request: its offset and limit fields, the items and
/// (optional) total fields of its output, and the largest page size the service accepts.
#[macro_export]
macro_rules! paginated {
    ($request:ty => $item:ty; offset: $offset:ident, limit: $limit:ident, items: $items:ident $(, total: $total:ident)? $(, id: $id:ident)?; max_limit: $max:literal) => {
        impl $crate::Paginated for $request {
            type Item = $item;
            const MAX_LIMIT: i64 = $max;
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
            $(fn id(item: &Self::Item) -> Option<&str> {
                $crate::ItemId::item_id(&item.$id)
            })?
        }
    };
}

/// Fetches the pages of a listing lazily, one request per page.
///
/// It starts at the request's offset (0 if unset) and asks for the paginator's page size,
/// else the request's limit, else [`DEFAULT_PAGE_SIZE`], never more than the action's
/// maximum. Servers may send fewer items than asked (they cap pages), so a short page alone
/// never ends the listing. It ends:
///
/// - on an empty page;
/// - when the page reports a total and the offset reaches it (each page's own total is used,
///   so a total that changes while paging is followed);
/// - when the page reports no total, or one smaller than the items already received (a
///   missing total field reads as 0), on a page shorter than the longest page seen so far.
///
/// An error ends the listing after it is yielded; so does reaching
/// [`max_pages`](Self::max_pages), with [`ErrorKind::PageLimit`](crate::ErrorKind::PageLimit),
/// so that a listing is never silently short, and a page holding the same items as the one
/// before it (a server that ignores `Offset`), with
/// [`ErrorKind::PageRepeated`](crate::ErrorKind::PageRepeated), after one request rather
/// than [`max_pages`](Self::max_pages).
///
/// Where the spec says how items are told apart (`paginate.id`), an item an earlier page
/// listed (the listing shifted while it was paged) is skipped, counted in
/// [`repeats`](Self::repeats) and traced as a warning; items without an id are kept.
#[derive(Debug)]
pub struct Paginator<R: Paginated> {
    client: Client,
    request: R,
    options: CallOptions,
    page_size: Option<i64>,
    max_pages: u64,
    pages: u64,
    next_offset: Option<i64>,
    offset_overflow: bool,
    longest_page: usize,
    done: bool,
    /// The previous page's items, to tell a server that ignores `Offset`.
    previous: Option<Vec<R::Item>>,
    /// Ids listed so far, where items have them.
    seen: std::collections::HashSet<String>,
    repeats: u64,
}

impl<R: Paginated> Paginator<R> {
    /// A paginator for `request`, sent with `options`.
    pub fn new(client: Client, request: R, options: CallOptions) -> Self {
        Self {
            client,
            request,
            options,
            page_size: None,
            max_pages: DEFAULT_MAX_PAGES,
            pages: 0,
            next_offset: None,
            offset_overflow: false,
            longest_page: 0,
            done: false,
            previous: None,
            seen: std::collections::HashSet::new(),
            repeats: 0,
        }
    }

    /// Items skipped because the listing had already yielded them (by id; see above).
    pub fn repeats(&self) -> u64 {
        self.repeats
    }

    /// Items to ask for per request: at least 1, at most the action's maximum.
    pub fn page_size(mut self, size: i64) -> Self {
        self.page_size = Some(size);
        self
    }

    /// Pages to fetch at most before failing with
    /// [`ErrorKind::PageLimit`](crate::ErrorKind::PageLimit) ([`DEFAULT_MAX_PAGES`] if unset).
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = pages;
        self
    }

    fn fail(&mut self, kind: ErrorKind) -> Option<Result<R::Output, Error>> {
        self.done = true;
        Some(Err(Error::new(
            kind,
            Context {
                action: Some(R::NAME.into()),
                attempts: 0,
                delivery: Delivery::NotSent,
                idempotent: R::IDEMPOTENT,
                request_id: None,
            },
        )))
    }

    /// The next page, or `None` after the last one (or after an error).
    pub async fn next_page(&mut self) -> Option<Result<R::Output, Error>> {
        // Over 80 lines: the paging rules (caps, totals, repeats, the page limit) applied in the order
        // a page arrives, which one function shows best.
        if self.done {
            return None;
        }
        if self.offset_overflow {
            return self.fail(ErrorKind::InvalidRequest(EncodeProblems {
                missing: Vec::new(),
                invalid: vec![(
                    "Offset".to_owned(),
                    "the next page's offset does not fit a 64-bit integer".to_owned(),
                )],
            }));
        }
        if self.pages >= self.max_pages {
            return self.fail(ErrorKind::PageLimit { pages: self.pages });
        }
        let limit = self
            .page_size
            .or(self.request.limit())
            .unwrap_or(DEFAULT_PAGE_SIZE)
            .clamp(1, R::MAX_LIMIT.max(1));
        let offset = match self.next_offset {
            Some(next) => next,
            None => self.request.offset().unwrap_or(0),
        };
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
        self.pages += 1;
        let items = R::items(&mut output);
        let count = items.len();
        if count > 0 && self.previous.as_ref() == Some(items) {
            return self.fail(ErrorKind::PageRepeated { page: self.pages });
        }
        self.previous = Some(items.clone());
        // An item whose id an earlier page listed is a repeat of a shifted listing. Items of
        // one page are not compared with each other (ids the server repeats within a page
        // are its own), and an empty id tells nothing.
        let before = items.len();
        let seen = &self.seen;
        items.retain(|item| R::id(item).is_none_or(|id| id.is_empty() || !seen.contains(id)));
        let skipped = before - items.len();
        for item in items.iter() {
            if let Some(id) = R::id(item).filter(|id| !id.is_empty()) {
                self.seen.insert(id.to_owned());
            }
        }
        if skipped > 0 {
            self.repeats += skipped as u64;
            tracing::warn!(
                action = R::NAME,
                skipped,
                "the listing shifted while paged: items already listed were skipped"
            );
        }
        let Some(next) = i64::try_from(count)
            .ok()
            .and_then(|c| offset.checked_add(c))
        else {
            // No next offset can be asked for: yield this page, then say so.
            self.offset_overflow = true;
            return Some(Ok(output));
        };
        self.next_offset = Some(next);
        let shorter = count < self.longest_page;
        self.longest_page = self.longest_page.max(count);
        self.done = count == 0
            || match R::total(&output) {
                // A total below what was already received is missing or wrong: ignore it.
                Some(total) if total >= next => next == total,
                _ => shorter,
            };
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
