//! Contacts: lookup and the keyset-paginated, searchable list.
use crate::repo::sql::statement;
use entity::{contact, contact_tag, tag};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Select, Statement, Value,
};

pub async fn find(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> Result<Option<contact::Model>, DbErr> {
    find_query(organization_id, id).one(db).await
}

/// The statement [`find`] runs, for batching.
pub fn find_statement(backend: DbBackend, organization_id: i64, id: i64) -> Statement {
    find_query(organization_id, id).build(backend)
}

fn find_query(organization_id: i64, id: i64) -> Select<contact::Entity> {
    contact::Entity::find()
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .filter(contact::Column::Id.eq(id))
}

pub struct ContactFilter<'a> {
    /// Matched case-insensitively anywhere in name, email, company or external_id.
    pub query: Option<&'a str>,
    /// A tag name (already normalized).
    pub tag: Option<&'a str>,
    /// Only ids below this one: the keyset cursor of newest-first order.
    pub before_id: Option<i64>,
    pub limit: u64,
}

/// Newest contacts first; fetches `limit + 1` rows so the caller can tell whether more follow.
pub async fn list(
    db: &impl ConnectionTrait,
    organization_id: i64,
    filter: &ContactFilter<'_>,
) -> Result<Vec<contact::Model>, DbErr> {
    match (filter.query, db.get_database_backend()) {
        (Some(text), DbBackend::Postgres) => return search_postgres(db, organization_id, text, filter).await,
        // The trigram index holds three-character pieces: shorter terms scan below.
        (Some(text), DbBackend::Sqlite) if text.chars().count() >= 3 => {
            return search_sqlite(db, organization_id, text, filter).await
        }
        _ => {}
    }
    let mut query = contact::Entity::find()
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .order_by_desc(contact::Column::Id)
        .limit(filter.limit + 1);
    if let Some(before) = filter.before_id {
        query = query.filter(contact::Column::Id.lt(before));
    }
    if let Some(text) = filter.query {
        let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
        let mut any = Condition::any();
        for column in [
            contact::Column::Name,
            contact::Column::Email,
            contact::Column::Company,
            contact::Column::ExternalId,
        ] {
            any = any.add(Func::lower(Expr::col(column)).like(LikeExpr::new(pattern.clone()).escape('\\')));
        }
        query = query.filter(any);
    }
    if let Some(tag_name) = filter.tag {
        let tagged = Query::select()
            .column((contact_tag::Entity, contact_tag::Column::ContactId))
            .from(contact_tag::Entity)
            .inner_join(
                tag::Entity,
                Expr::col((tag::Entity, tag::Column::Id))
                    .equals((contact_tag::Entity, contact_tag::Column::TagId))
                    .and(
                        Expr::col((tag::Entity, tag::Column::OrganizationId))
                            .equals((contact_tag::Entity, contact_tag::Column::OrganizationId)),
                    ),
            )
            .and_where(
                Expr::col((contact_tag::Entity, contact_tag::Column::OrganizationId)).eq(organization_id),
            )
            .and_where(Expr::col((tag::Entity, tag::Column::Name)).eq(tag_name))
            .to_owned();
        query = query.filter(contact::Column::Id.in_subquery(tagged));
    }
    query.all(db).await
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

pub async fn find_by_external_id(
    db: &impl ConnectionTrait,
    organization_id: i64,
    external_id: &str,
) -> Result<Option<contact::Model>, DbErr> {
    contact::Entity::find()
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .filter(contact::Column::ExternalId.eq(external_id))
        .one(db)
        .await
}

pub async fn find_by_email(
    db: &impl ConnectionTrait,
    organization_id: i64,
    email: &str,
) -> Result<Option<contact::Model>, DbErr> {
    contact::Entity::find()
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .filter(contact::Column::Email.eq(email))
        .one(db)
        .await
}

/// A message or identify counts as being seen and active.
pub async fn mark_seen(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), DbErr> {
    contact::Entity::update_many()
        .col_expr(contact::Column::LastSeenAt, Expr::value(at))
        .col_expr(contact::Column::LastActivityAt, Expr::value(at))
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .filter(contact::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Several contacts by id in one statement.
pub async fn find_many(
    db: &impl ConnectionTrait,
    organization_id: i64,
    ids: &[i64],
) -> Result<Vec<contact::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    contact::Entity::find()
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .filter(contact::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await
}

/// PostgreSQL text search: the matching ids are gathered first through the trigram indexes
/// (a bitmap OR over the four columns), the page's ids are cut from them, and only those rows
/// are read. Without the materialized steps the planner walks the primary key backwards and
/// filters (for a rare term, every contact of the organization); joining all matches to the
/// table instead walked it backwards too, 90k-160k rows per page on the benchmark dataset.
async fn search_postgres(
    db: &impl ConnectionTrait,
    organization_id: i64,
    text: &str,
    filter: &ContactFilter<'_>,
) -> Result<Vec<contact::Model>, DbErr> {
    let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
    let mut values: Vec<Value> = vec![organization_id.into(), pattern.into()];
    let mut matches = String::from(
        "SELECT id FROM contacts WHERE organization_id = $1 AND (LOWER(name) LIKE $2 ESCAPE '\\' \
         OR LOWER(email) LIKE $2 ESCAPE '\\' OR LOWER(company) LIKE $2 ESCAPE '\\' OR LOWER(external_id) LIKE $2 ESCAPE '\\')",
    );
    if let Some(before) = filter.before_id {
        values.push(before.into());
        matches.push_str(&format!(" AND id < ${}", values.len()));
    }
    if let Some(tag_name) = filter.tag {
        values.push(tag_name.into());
        matches.push_str(&tagged_with("id", values.len()));
    }
    values.push(((filter.limit + 1) as i64).into());
    let sql = format!(
        "WITH matches AS MATERIALIZED ({matches}), \
         page AS MATERIALIZED (SELECT id FROM matches ORDER BY id DESC LIMIT ${}) \
         SELECT c.* FROM contacts c JOIN page p ON p.id = c.id WHERE c.organization_id = $1 ORDER BY c.id DESC",
        values.len()
    );
    contact::Model::find_by_statement(statement(db.get_database_backend(), &sql, values))
        .all(db)
        .await
}

/// SQLite text search through the FTS5 trigram index (migration 8): the index yields the
/// contacts holding the term newest first (`CROSS JOIN` keeps it the outer loop), each is
/// checked against the organization and the tag, and the walk stops at the page's end. A
/// quoted FTS5 phrase is a literal substring match, case-insensitive with Unicode case folding
/// (as PostgreSQL's `LOWER`; the `LIKE` kept for shorter terms folds ASCII only). Matches of
/// other organizations are walked past too: an organization-keyed index is the next step if
/// one tenant's common terms ever slow another's searches.
async fn search_sqlite(
    db: &impl ConnectionTrait,
    organization_id: i64,
    text: &str,
    filter: &ContactFilter<'_>,
) -> Result<Vec<contact::Model>, DbErr> {
    let phrase = format!("\"{}\"", text.replace('"', "\"\""));
    let mut values: Vec<Value> = vec![organization_id.into(), phrase.into()];
    let mut sql = String::from(
        "SELECT c.* FROM contacts_search CROSS JOIN contacts c ON c.id = contacts_search.rowid \
         WHERE contacts_search MATCH $2 AND c.organization_id = $1",
    );
    if let Some(before) = filter.before_id {
        values.push(before.into());
        sql.push_str(&format!(" AND contacts_search.rowid < ${}", values.len()));
    }
    if let Some(tag_name) = filter.tag {
        values.push(tag_name.into());
        sql.push_str(&tagged_with("c.id", values.len()));
    }
    values.push(((filter.limit + 1) as i64).into());
    sql.push_str(&format!(
        " ORDER BY contacts_search.rowid DESC LIMIT ${}",
        values.len()
    ));
    contact::Model::find_by_statement(statement(db.get_database_backend(), &sql, values))
        .all(db)
        .await
}

/// ` AND <column> IN (contacts tagged with the tag name in parameter $<param>)`; the
/// organization is parameter $1.
fn tagged_with(column: &str, param: usize) -> String {
    format!(
        " AND {column} IN (SELECT ct.contact_id FROM contact_tags ct JOIN tags t ON t.organization_id = ct.organization_id \
         AND t.id = ct.tag_id WHERE ct.organization_id = $1 AND t.name = ${param})"
    )
}

/// The contacts linked to a shop (`shopify_domain`), oldest first.
pub async fn ids_with_shop(
    db: &impl ConnectionTrait,
    organization_id: i64,
    shop_domain: &str,
) -> Result<Vec<i64>, DbErr> {
    entity::contact::Entity::find()
        .select_only()
        .column(entity::contact::Column::Id)
        .filter(entity::contact::Column::OrganizationId.eq(organization_id))
        .filter(entity::contact::Column::ShopifyDomain.eq(shop_domain))
        .order_by_asc(entity::contact::Column::Id)
        .into_tuple()
        .all(db)
        .await
}
