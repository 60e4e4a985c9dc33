//! The list envelope of SPEC §10, as a generic response body.
use crate::domain::page::Page;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ListOf<T: ToSchema> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

impl<T: ToSchema> ListOf<T> {
    pub fn from_page<S>(page: Page<S>, f: impl FnMut(S) -> T) -> ListOf<T> {
        let page = page.map(f);
        ListOf {
            items: page.items,
            next_cursor: page.next_cursor,
        }
    }

    pub fn complete(items: Vec<T>) -> ListOf<T> {
        ListOf {
            items,
            next_cursor: None,
        }
    }
}
