//! The one pager every list of every vendor crate is read through.
//!
//! A vendor pages in its own way: page numbers (EasySecure `getUsers`, pages of
//! 1000), `page`/`page_size`/`has_more` (EF-45), id or time windows (EasySecure
//! `getLogsById`, iLOQ lock logs capped at 2000 rows a window). The vendor crate
//! says how to fetch the page at a cursor and where the next page starts; the
//! [`Pager`] does the rest the same way for everyone:
//!
//! * [`Pager::stream`] yields items, one page in memory at a time, fetching the
//!   next page only when the stream is polled past the current one;
//! * [`Pager::all`] collects them;
//! * it is bounded: a page that repeats the previous one, a cursor that does
//!   not move, or more pages than [`Pager::max_pages`] ends the stream with
//!   [`Error::Paging`], never with a loop;
//! * the first failure is yielded and ends the stream.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use access_core::paging::{Page, Pager};
//! use access_core::{Error, PagingError};
//! use futures_util::TryStreamExt;
//!
//! // A server with 25 numbers in pages of 10.
//! let pager: Pager<'_, u32, std::convert::Infallible> = Pager::new(1u32, |page: u32| async move {
//!     let items: Vec<u32> = ((page - 1) * 10 + 1..=(page * 10).min(25)).collect();
//!     Ok(Page::numbered(items, page, 10).keyed(|n| *n))
//! });
//! assert_eq!(pager.all().await.unwrap().len(), 25);
//!
//! // A server that ignores the page number and answers page 1 forever.
//! let stuck: Pager<'_, u32, std::convert::Infallible> = Pager::new(1u32, |page: u32| async move {
//!     Ok(Page::numbered((1..=10).collect(), page, 10).keyed(|n| *n))
//! });
//! let err = stuck.stream().try_collect::<Vec<_>>().await.unwrap_err();
//! assert!(matches!(err, Error::Paging(PagingError::RepeatedPage { page: 2 })));
//! # }
//! ```

use std::collections::hash_map::DefaultHasher;
use std::fmt;
use std::future::Future;
use std::hash::{Hash, Hasher};

use futures_util::stream::{self, BoxStream, StreamExt};

use crate::error::{Error, PagingError};

/// The default bound on the pages one listing reads.
pub const DEFAULT_MAX_PAGES: u32 = 100_000;

/// One page of a list, as one call answered it, and where the next one starts.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page<T, C> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The cursor of the next page; `None` when this was the last page.
    pub next: Option<C>,
    fingerprint: Option<u64>,
}

impl<T, C> Page<T, C> {
    /// A page and the cursor of the next one (`None`: the last page).
    pub fn new(items: Vec<T>, next: Option<C>) -> Self {
        Self {
            items,
            next,
            fingerprint: None,
        }
    }

    /// The last page.
    pub fn last(items: Vec<T>) -> Self {
        Self::new(items, None)
    }

    /// Remembers the page by its items' keys (ids), so that a server answering
    /// the same non-empty page twice in a row is caught as
    /// [`PagingError::RepeatedPage`].
    pub fn keyed<K: Hash>(mut self, key: impl Fn(&T) -> K) -> Self {
        if !self.items.is_empty() {
            let mut h = DefaultHasher::new();
            self.items.len().hash(&mut h);
            for item in &self.items {
                key(item).hash(&mut h);
            }
            self.fingerprint = Some(h.finish());
        }
        self
    }
}

impl<T> Page<T, u32> {
    /// A page of a numbered list (pages from 1, `page_size` items a full page):
    /// a full page is followed by page `page + 1`, a shorter one is the last.
    pub fn numbered(items: Vec<T>, page: u32, page_size: usize) -> Self {
        let next = if items.len() >= page_size.max(1) {
            page.checked_add(1)
        } else {
            None
        };
        Self::new(items, next)
    }

    /// A page of a list that says whether more follow (EF-45 `has_more`): an
    /// empty page is the last whatever the flag says.
    pub fn has_more(items: Vec<T>, page: u32, has_more: bool) -> Self {
        let next = if has_more && !items.is_empty() {
            page.checked_add(1)
        } else {
            None
        };
        Self::new(items, next)
    }
}

type Start<'a, T, E> = Box<dyn FnOnce(u32) -> BoxStream<'a, Result<T, Error<E>>> + Send + 'a>;

/// A list read page by page: [`Pager::stream`] or [`Pager::all`].
///
/// Built by a vendor crate's list method from the first cursor and a fetch
/// function; see the [module docs](self).
#[must_use = "a pager does nothing until it is streamed or collected"]
pub struct Pager<'a, T, E> {
    max_pages: u32,
    start: Start<'a, T, E>,
}

impl<T, E> fmt::Debug for Pager<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pager")
            .field("max_pages", &self.max_pages)
            .finish_non_exhaustive()
    }
}

struct State<C, F> {
    cursor: Option<C>,
    fetch: F,
    pages: u32,
    max_pages: u32,
    previous: Option<u64>,
}

impl<'a, T, E> Pager<'a, T, E>
where
    T: Send + 'a,
    E: Send + 'a,
{
    /// A pager that starts at `first` and fetches the page at a cursor with
    /// `fetch`.
    pub fn new<C, F, Fut>(first: C, fetch: F) -> Self
    where
        C: Clone + PartialEq + Send + 'a,
        F: FnMut(C) -> Fut + Send + 'a,
        Fut: Future<Output = Result<Page<T, C>, Error<E>>> + Send + 'a,
    {
        let start: Start<'a, T, E> = Box::new(move |max_pages| {
            let state = State {
                cursor: Some(first),
                fetch,
                pages: 0,
                max_pages,
                previous: None,
            };
            stream::unfold(state, |mut st| async move {
                let cursor = st.cursor.take()?;
                if st.pages >= st.max_pages {
                    let e = PagingError::TooManyPages {
                        limit: st.max_pages,
                    };
                    return Some((stream::iter(vec![Err(Error::Paging(e))]), st));
                }
                st.pages += 1;
                let page = match (st.fetch)(cursor.clone()).await {
                    Ok(page) => page,
                    Err(e) => return Some((stream::iter(vec![Err(e)]), st)),
                };
                if page.fingerprint.is_some() && page.fingerprint == st.previous {
                    let e = PagingError::RepeatedPage { page: st.pages };
                    return Some((stream::iter(vec![Err(Error::Paging(e))]), st));
                }
                if page.next.as_ref() == Some(&cursor) {
                    // The items are yielded; the next request would repeat this one.
                    let e = PagingError::CursorStuck { page: st.pages };
                    let mut items: Vec<_> = page.items.into_iter().map(Ok).collect();
                    items.push(Err(Error::Paging(e)));
                    return Some((stream::iter(items), st));
                }
                if page.fingerprint.is_some() {
                    st.previous = page.fingerprint;
                }
                st.cursor = page.next;
                let items: Vec<_> = page.items.into_iter().map(Ok).collect();
                Some((stream::iter(items), st))
            })
            .flatten()
            .boxed()
        });
        Self {
            max_pages: DEFAULT_MAX_PAGES,
            start,
        }
    }

    /// The most pages this listing reads before it stops with
    /// [`PagingError::TooManyPages`] (default [`DEFAULT_MAX_PAGES`]).
    pub fn max_pages(mut self, limit: u32) -> Self {
        self.max_pages = limit.max(1);
        self
    }

    /// The items, page by page. The stream ends after the last page, or after
    /// the first failure (which it yields).
    pub fn stream(self) -> BoxStream<'a, Result<T, Error<E>>> {
        (self.start)(self.max_pages)
    }

    /// Every item, in order; the first failure ends the listing.
    pub async fn all(self) -> Result<Vec<T>, Error<E>> {
        let mut items = Vec::new();
        let mut s = self.stream();
        while let Some(item) = s.next().await {
            items.push(item?);
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::TryStreamExt;
    use std::convert::Infallible;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test]
    async fn a_numbered_list_ends_on_a_short_page() {
        let calls = Arc::new(AtomicU32::new(0));
        let c = calls.clone();
        let pager: Pager<'_, u32, Infallible> = Pager::new(1u32, move |page| {
            c.fetch_add(1, Ordering::SeqCst);
            async move {
                let items: Vec<u32> = ((page - 1) * 3..(page * 3).min(7)).collect();
                Ok(Page::numbered(items, page, 3).keyed(|n| *n))
            }
        });
        assert_eq!(pager.all().await.unwrap(), (0..7).collect::<Vec<_>>());
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn full_pages_forever_end_within_the_bound() {
        let pager: Pager<'_, u32, Infallible> = Pager::new(1u32, |page| async move {
            Ok(Page::numbered(vec![page; 5], page, 5).keyed(|n| *n))
        })
        .max_pages(50);
        let mut s = pager.stream();
        let mut n = 0;
        let err = loop {
            match s.next().await {
                Some(Ok(_)) => n += 1,
                Some(Err(e)) => break e,
                None => panic!("the stream must end with an error"),
            }
        };
        assert_eq!(n, 250);
        assert!(matches!(
            err,
            Error::Paging(PagingError::TooManyPages { limit: 50 })
        ));
        assert!(s.next().await.is_none());
    }

    #[tokio::test]
    async fn a_repeated_page_is_an_error() {
        let pager: Pager<'_, u32, crate::AnyError> = Pager::new(1u32, |page| async move {
            Ok(Page::numbered(vec![1, 2, 3], page, 3).keyed(|n| *n))
        });
        let err = pager.all().await.unwrap_err();
        assert!(matches!(
            err,
            Error::Paging(PagingError::RepeatedPage { page: 2 })
        ));
        assert_eq!(err.kind(), crate::ErrorKind::Other);
        assert!(!err.is_retryable());
    }

    #[tokio::test]
    async fn a_stuck_cursor_is_an_error() {
        let pager: Pager<'_, u32, Infallible> =
            Pager::new("a".to_string(), |cursor: String| async move {
                Ok(Page::new(vec![cursor.len() as u32], Some("a".to_string())))
            });
        let got: Vec<_> = pager.stream().collect().await;
        assert_eq!(got.len(), 2);
        assert!(matches!(
            got[1],
            Err(Error::Paging(PagingError::CursorStuck { page: 1 }))
        ));
    }

    #[tokio::test]
    async fn has_more_and_failures() {
        #[derive(Debug)]
        struct Boom;
        let pager: Pager<'_, u32, Boom> = Pager::new(1u32, |page| async move {
            if page == 3 {
                return Err(Error::Unsupported {
                    vendor: "test",
                    what: "page 3".into(),
                });
            }
            Ok(Page::has_more(vec![page], page, true))
        });
        let got: Vec<_> = pager.stream().collect().await;
        assert_eq!(got.len(), 3);
        assert!(got[2].is_err());
        let empty: Pager<'_, u32, Infallible> = Pager::new(1u32, |page| async move {
            Ok(Page::has_more(vec![], page, true))
        });
        assert!(
            empty
                .stream()
                .try_collect::<Vec<_>>()
                .await
                .unwrap()
                .is_empty()
        );
    }
}
