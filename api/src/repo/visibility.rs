//! Turning an agent's app visibility into a condition for the read queries.
use crate::domain::visibility::AppVisibility;
use sea_orm::sea_query::{Expr, ExprTrait, IntoColumnRef};

/// `<column> IN (...)` for agents limited to some apps, `None` (no condition) for owners and
/// admins. An agent who operates no app sees nothing: sea-query spells the empty `IN` as a
/// condition no row meets.
pub fn app_filter(column: impl IntoColumnRef, visibility: &AppVisibility) -> Option<Expr> {
    match visibility {
        AppVisibility::All => None,
        AppVisibility::Only(ids) => Some(Expr::col(column).is_in(ids.iter().copied())),
    }
}
