//! The list envelope and page-size rules shared by every list endpoint (SPEC §10).
use crate::domain::error::InvalidInput;
use serde::Deserialize;
use utoipa::IntoParams;

pub const DEFAULT_LIMIT: u64 = 30;
pub const MAX_LIMIT: u64 = 100;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page size, 1 to 100 (default 30).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageParams {
    pub fn limit(&self) -> Result<u64, InvalidInput> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(limit) if (1..=MAX_LIMIT).contains(&limit) => Ok(limit),
            Some(_) => Err(InvalidInput::new("limit", "must be between 1 and 100")),
        }
    }
}

/// One page of rows, fetched as `limit + 1` so the extra row tells whether more follow.
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    pub fn from_overfetched(mut rows: Vec<T>, limit: u64, cursor_of: impl Fn(&T) -> String) -> Page<T> {
        let has_more = rows.len() as u64 > limit;
        rows.truncate(limit as usize);
        let next_cursor = if has_more {
            rows.last().map(cursor_of)
        } else {
            None
        };
        Page {
            items: rows,
            next_cursor,
        }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_defaults_to_30_and_refuses_more_than_100() {
        assert_eq!(PageParams::default().limit().unwrap(), 30);
        let too_many = PageParams {
            limit: Some(101),
            cursor: None,
        };
        assert_eq!(too_many.limit().unwrap_err().field, "limit");
        let zero = PageParams {
            limit: Some(0),
            cursor: None,
        };
        assert!(zero.limit().is_err());
    }

    #[test]
    fn an_overfetched_row_yields_a_cursor_for_the_last_kept_row() {
        let page = Page::from_overfetched(vec![5, 4, 3], 2, |n| n.to_string());
        assert_eq!(page.items, vec![5, 4]);
        assert_eq!(page.next_cursor.as_deref(), Some("4"));
        let last = Page::from_overfetched(vec![2, 1], 2, |n| n.to_string());
        assert_eq!(last.next_cursor, None);
    }
}
