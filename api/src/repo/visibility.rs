//! Turning an agent's app visibility into SQL for the raw read queries.
use crate::domain::visibility::AppVisibility;
use sea_orm::Value;

/// `AND <column> IN (...)` for agents limited to some apps (nothing for owners and admins),
/// appending the ids to `values` so placeholders stay numbered.
pub fn app_filter(column: &str, visibility: &AppVisibility, values: &mut Vec<Value>) -> String {
    match visibility {
        AppVisibility::All => String::new(),
        AppVisibility::Only(ids) if ids.is_empty() => " AND 1 = 0".to_owned(),
        AppVisibility::Only(ids) => format!(" AND {column} IN ({})", placeholders(ids, values)),
    }
}

/// `$n, $n+1, ...` for the ids, appended to `values` so placeholders stay numbered.
pub fn placeholders(ids: &[i64], values: &mut Vec<Value>) -> String {
    ids.iter()
        .map(|id| {
            values.push((*id).into());
            format!("${}", values.len())
        })
        .collect::<Vec<_>>()
        .join(", ")
}
