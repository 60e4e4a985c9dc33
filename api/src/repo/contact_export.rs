//! The CSV export's reads: the organization's custom-data columns once, then per chunk of
//! contacts their tags, one statement whatever the chunk's size (their custom data is
//! `repo::custom_data::for_contacts`, shared with the import).
use crate::domain::export_csv::CustomDataColumn;
use crate::repo::dialect::Dialect;
use entity::{contact_tag, tag};
use sea_orm::sea_query::{Expr, ExprTrait, JoinType, Query};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

#[derive(FromQueryResult)]
struct ColumnRow {
    app_id: i64,
    app_name: String,
    key: String,
}

/// Every (app, key) some contact of the organization holds a value for, in no particular
/// order (the layout sorts them).
pub async fn custom_data_columns(
    db: &impl ConnectionTrait,
    organization_id: i64,
) -> Result<Vec<CustomDataColumn>, DbErr> {
    let sql = "SELECT DISTINCT ca.app_id, a.name AS app_name, ca.key FROM custom_attributes ca \
        JOIN apps a ON a.organization_id = ca.organization_id AND a.id = ca.app_id \
        WHERE ca.organization_id = $1";
    let statement = Dialect::of(db).statement(sql, vec![organization_id.into()]);
    Ok(ColumnRow::find_by_statement(statement)
        .all(db)
        .await?
        .into_iter()
        .map(|row| CustomDataColumn {
            app_id: row.app_id,
            app_name: row.app_name,
            key: row.key,
        })
        .collect())
}

#[derive(FromQueryResult)]
struct TagNameRow {
    contact_id: i64,
    name: String,
}

/// (contact id, tag name) for every tag on the contacts.
pub async fn tag_names(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_ids: &[i64],
) -> Result<Vec<(i64, String)>, DbErr> {
    if contact_ids.is_empty() {
        return Ok(Vec::new());
    }
    let select = Query::select()
        .column(("ct", contact_tag::Column::ContactId))
        .column(("t", tag::Column::Name))
        .from_as(contact_tag::Entity, "ct")
        .join_as(
            JoinType::InnerJoin,
            tag::Entity,
            "t",
            Expr::col(("t", tag::Column::OrganizationId))
                .equals(("ct", contact_tag::Column::OrganizationId))
                .and(Expr::col(("t", tag::Column::Id)).equals(("ct", contact_tag::Column::TagId))),
        )
        .and_where(Expr::col(("ct", contact_tag::Column::OrganizationId)).eq(organization_id))
        .and_where(Expr::col(("ct", contact_tag::Column::ContactId)).is_in(contact_ids.iter().copied()))
        .to_owned();
    Ok(TagNameRow::find_by_statement(Dialect::of(db).build(&select))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.contact_id, row.name))
        .collect())
}
