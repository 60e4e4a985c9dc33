//! Apps and who operates them.
use crate::domain::account::App;
use crate::domain::visibility::AppVisibility;
use entity::{app, app_operator};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

pub async fn operated_app_ids(
    db: &impl ConnectionTrait,
    organization_id: i64,
    user_id: i64,
) -> Result<Vec<i64>, DbErr> {
    app_operator::Entity::find()
        .select_only()
        .column(app_operator::Column::AppId)
        .filter(app_operator::Column::OrganizationId.eq(organization_id))
        .filter(app_operator::Column::UserId.eq(user_id))
        .into_tuple()
        .all(db)
        .await
}

pub async fn list_visible(
    db: &impl ConnectionTrait,
    organization_id: i64,
    visibility: &AppVisibility,
    after_id: Option<i64>,
    limit: u64,
) -> Result<Vec<App>, DbErr> {
    let mut query = app::Entity::find()
        .filter(app::Column::OrganizationId.eq(organization_id))
        .order_by_asc(app::Column::Id)
        .limit(limit + 1);
    if let Some(after) = after_id {
        query = query.filter(app::Column::Id.gt(after));
    }
    if let AppVisibility::Only(ids) = visibility {
        query = query.filter(app::Column::Id.is_in(ids.clone()));
    }
    Ok(query.all(db).await?.into_iter().map(App::from).collect())
}

pub async fn find(db: &impl ConnectionTrait, organization_id: i64, id: i64) -> Result<Option<App>, DbErr> {
    Ok(app::Entity::find()
        .filter(app::Column::OrganizationId.eq(organization_id))
        .filter(app::Column::Id.eq(id))
        .one(db)
        .await?
        .map(App::from))
}

/// Holds the app's row until the transaction ends (PostgreSQL; SQLite's write transactions
/// are serial already), so checks made under it hold until the commit.
pub async fn lock(db: &impl ConnectionTrait, organization_id: i64, id: i64) -> Result<(), DbErr> {
    let select = app::Entity::find()
        .filter(app::Column::OrganizationId.eq(organization_id))
        .filter(app::Column::Id.eq(id));
    crate::repo::dialect::Dialect::of(db)
        .locked_for_update(select)
        .one(db)
        .await?;
    Ok(())
}

/// What an edit of an app changes; `None` leaves a field as it is.
#[derive(Default)]
pub struct AppEdit {
    pub name: Option<String>,
    pub require_identity_verification: Option<bool>,
    pub identity_secret: Option<String>,
}

/// Applies `edit` and returns the app as it is now; `None` if there is no such app.
pub async fn update(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
    edit: AppEdit,
) -> Result<Option<App>, DbErr> {
    let mut update = app::Entity::update_many()
        .filter(app::Column::OrganizationId.eq(organization_id))
        .filter(app::Column::Id.eq(id));
    let mut changed = false;
    if let Some(name) = edit.name {
        update = update.col_expr(app::Column::Name, Expr::value(name));
        changed = true;
    }
    if let Some(required) = edit.require_identity_verification {
        update = update.col_expr(app::Column::RequireIdentityVerification, Expr::value(required));
        changed = true;
    }
    if let Some(secret) = edit.identity_secret {
        update = update.col_expr(app::Column::IdentitySecret, Expr::value(secret));
        changed = true;
    }
    if changed {
        update.exec(db).await?;
    }
    find(db, organization_id, id).await
}

/// The app a widget names by its public key: the one lookup the widget starts without an
/// organization (public keys are unique globally).
pub async fn find_by_public_key(db: &impl ConnectionTrait, public_key: &str) -> Result<Option<App>, DbErr> {
    Ok(app::Entity::find()
        .filter(app::Column::PublicKey.eq(public_key))
        .one(db)
        .await?
        .map(App::from))
}
