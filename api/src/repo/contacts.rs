//! Contacts: lookup and the keyset-paginated, searchable list.
use crate::domain::contact::{Contact, ContactChanges};
use crate::domain::contact_order::{seen_key, ContactPosition, ContactSort};
use crate::repo::dialect::{Dialect, TextSearch};
use entity::{contact, contact_tag, tag};
use sea_orm::sea_query::{
    Asterisk, CommonTableExpression, Expr, ExprTrait, Func, IntoTableRef, JoinType, LikeExpr,
    Order as SortOrder, Query, SelectStatement, WithClause, WithQuery,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Select, Statement,
};

pub async fn find(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> Result<Option<Contact>, DbErr> {
    Ok(find_query(organization_id, id).one(db).await?.map(Contact::from))
}

/// [`find`], holding the row until the transaction ends (PostgreSQL `FOR UPDATE`; SQLite's
/// write transactions are serial already). A merge locks both contacts this way, in id order,
/// so two overlapping merges queue instead of deadlocking or moving rows twice.
pub async fn find_locked(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> Result<Option<Contact>, DbErr> {
    Ok(Dialect::of(db)
        .locked_for_update(find_query(organization_id, id))
        .one(db)
        .await?
        .map(Contact::from))
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
    pub sort: ContactSort,
    /// Rows strictly after this one in `sort`'s order; always of the same order.
    pub after: Option<&'a ContactPosition>,
    pub limit: u64,
}

/// One row of the list with where it stands in its order, for the next page's cursor.
pub struct ListedContact {
    pub contact: Contact,
    pub position: ContactPosition,
}

/// The page in `filter.sort`'s order; fetches `limit + 1` rows so the caller can tell whether
/// more follow.
pub async fn list(
    db: &impl ConnectionTrait,
    organization_id: i64,
    filter: &ContactFilter<'_>,
) -> Result<Vec<ListedContact>, DbErr> {
    let dialect = Dialect::of(db);
    let order = Order(filter.sort);
    let statement = match filter.query.map(|text| (text, dialect.text_search(text))) {
        Some((text, TextSearch::Trigram)) => {
            dialect.build(&search_postgres(&order, organization_id, text, filter))
        }
        Some((text, TextSearch::Fts5)) => {
            dialect.build(&search_sqlite(&order, organization_id, text, filter))
        }
        Some((_, TextSearch::Scan)) | None => dialect.build(&scan(&order, organization_id, filter)),
    };
    let rows = db.query_all_raw(statement).await?;
    rows.iter()
        .map(|row| {
            let contact = contact::Model::from_query_result(row, "")?;
            let position = match filter.sort {
                ContactSort::LastSeen => ContactPosition::LastSeen {
                    seen: seen_key(contact.last_seen_at, contact.created_at),
                    id: contact.id,
                },
                ContactSort::Name => ContactPosition::Name {
                    key: row.try_get("", "sort_key")?,
                    id: contact.id,
                },
                ContactSort::Created => ContactPosition::Created { id: contact.id },
            };
            Ok(ListedContact {
                contact: contact.into(),
                position,
            })
        })
        .collect()
}

/// The contacts row of the list statements.
const C: &str = "c";

fn column(name: contact::Column) -> Expr {
    Expr::col((C, name))
}

const SORT_KEY: &str = "sort_key";

/// The SQL of one sort order: its key, its `ORDER BY` and the keyset step past a cursor.
/// Every order ends on the id, so rows with equal keys still have one place each.
struct Order(ContactSort);

impl Order {
    /// The sort key of the contacts row aliased `c` (the name order reads it back as
    /// `sort_key`, so a cursor holds the key exactly as the database folded it). The indexes
    /// of migration `m20261202_000002_contact_sort` are on these expressions, so they stay
    /// spelled as there.
    fn key(&self) -> Expr {
        Expr::cust(match self.0 {
            ContactSort::LastSeen => "COALESCE(c.last_seen_at, c.created_at)",
            ContactSort::Name => "LOWER(COALESCE(c.name, c.email))",
            ContactSort::Created => "c.id",
        })
    }

    /// `ORDER BY` over a key and an id column.
    fn sort(&self, select: &mut SelectStatement, key: Expr, id: Expr) {
        match self.0 {
            ContactSort::LastSeen => select
                .order_by_expr(key, SortOrder::Desc)
                .order_by_expr(id, SortOrder::Desc),
            // Nameless contacts (no name, no email) last: a leading `key IS NULL`, false first.
            ContactSort::Name => select
                .order_by_expr(key.clone().is_null(), SortOrder::Asc)
                .order_by_expr(key, SortOrder::Asc)
                .order_by_expr(id, SortOrder::Asc),
            ContactSort::Created => select.order_by_expr(id, SortOrder::Desc),
        };
    }

    /// The rows after the cursor, if there is one. Row-value comparisons over the index's own
    /// columns, so both databases seek to the cursor instead of walking the index from the
    /// start and filtering (a page costs the same however deep).
    fn after(&self, position: Option<&ContactPosition>, key: Expr, id: Expr) -> Option<Expr> {
        Some(match position? {
            ContactPosition::LastSeen { seen, id: last } => {
                Expr::tuple([key, id]).lt(Expr::tuple([Expr::value(*seen), Expr::value(*last)]))
            }
            // A nameless row's `(TRUE, NULL, id)` is after any named cursor: the first pair decides.
            ContactPosition::Name {
                key: Some(name),
                id: last,
            } => Expr::tuple([key.clone().is_null(), key, id]).gt(Expr::tuple([
                Expr::cust("FALSE"),
                Expr::value(name.clone()),
                Expr::value(*last),
            ])),
            ContactPosition::Name { key: None, id: last } => key.is_null().and(id.gt(*last)),
            ContactPosition::Created { id: last } => id.lt(*last),
        })
    }
}

/// Without a search term, or a term too short for SQLite's trigram index: the organization's
/// contacts walked in order (an index of migration `m20261202_000002_contact_sort` per order).
fn scan(order: &Order, organization_id: i64, filter: &ContactFilter<'_>) -> SelectStatement {
    let mut select = Query::select();
    select
        .column((C, Asterisk))
        .expr_as(order.key(), SORT_KEY)
        .from_as(contact::Entity, C)
        .and_where(column(contact::Column::OrganizationId).eq(organization_id))
        .and_where_option(filter.query.map(containing))
        .and_where_option(filter.tag.map(|name| tagged_with(organization_id, name)))
        .and_where_option(order.after(filter.after, order.key(), column(contact::Column::Id)))
        .limit(filter.limit + 1);
    order.sort(&mut select, order.key(), column(contact::Column::Id));
    select
}

/// Name, email, company or external_id contains text, case-insensitively and literally (`%`
/// and `_` are escaped).
fn containing(text: &str) -> Expr {
    let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
    let like = |name| Func::lower(column(name)).like(LikeExpr::new(pattern.clone()).escape('\\'));
    like(contact::Column::Name)
        .or(like(contact::Column::Email))
        .or(like(contact::Column::Company))
        .or(like(contact::Column::ExternalId))
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

pub async fn find_by_external_id(
    db: &impl ConnectionTrait,
    organization_id: i64,
    external_id: &str,
) -> Result<Option<Contact>, DbErr> {
    Ok(contact::Entity::find()
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .filter(contact::Column::ExternalId.eq(external_id))
        .one(db)
        .await?
        .map(Contact::from))
}

pub async fn find_by_email(
    db: &impl ConnectionTrait,
    organization_id: i64,
    email: &str,
) -> Result<Option<Contact>, DbErr> {
    Ok(contact::Entity::find()
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .filter(contact::Column::Email.eq(email))
        .one(db)
        .await?
        .map(Contact::from))
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
) -> Result<Vec<Contact>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(contact::Entity::find()
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .filter(contact::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(Contact::from)
        .collect())
}

/// PostgreSQL text search: the matching ids are gathered first through the trigram indexes
/// (a bitmap OR over the four columns), the page's ids are cut from them, and only those rows
/// are read. Without the materialized steps the planner walks the primary key backwards and
/// filters (for a rare term, every contact of the organization); joining all matches to the
/// table instead walked it backwards too, 90k-160k rows per page on the benchmark dataset.
fn search_postgres(order: &Order, organization_id: i64, text: &str, filter: &ContactFilter<'_>) -> WithQuery {
    let matches = Query::select()
        .column((C, contact::Column::Id))
        .expr_as(order.key(), SORT_KEY)
        .from_as(contact::Entity, C)
        .and_where(column(contact::Column::OrganizationId).eq(organization_id))
        .and_where(containing(text))
        .and_where_option(order.after(filter.after, order.key(), column(contact::Column::Id)))
        .and_where_option(filter.tag.map(|name| tagged_with(organization_id, name)))
        .to_owned();
    let mut page = Query::select();
    page.columns(["id", SORT_KEY])
        .from("matches")
        .limit(filter.limit + 1);
    order.sort(&mut page, Expr::col(SORT_KEY), Expr::col("id"));
    let mut select = Query::select();
    select
        .column((C, Asterisk))
        .column(("p", SORT_KEY))
        .from_as(contact::Entity, C)
        .join_as(
            JoinType::InnerJoin,
            "page",
            "p",
            Expr::col(("p", "id")).equals((C, contact::Column::Id)),
        )
        .and_where(column(contact::Column::OrganizationId).eq(organization_id));
    order.sort(&mut select, Expr::col(("p", SORT_KEY)), Expr::col(("p", "id")));
    let materialized = |name: &'static str, query: SelectStatement| {
        CommonTableExpression::new()
            .query(query)
            .table_name(name)
            .materialized(true)
            .to_owned()
    };
    WithClause::new()
        .cte(materialized("matches", matches))
        .cte(materialized("page", page))
        .to_owned()
        .query(select)
}

/// SQLite text search through the FTS5 trigram index (migration 8): the index yields the
/// contacts holding the term (`CROSS JOIN` keeps it the outer loop), each is checked against
/// the organization and the tag. In id order the walk stops at the page's end; the other
/// orders sort the matches. A quoted FTS5 phrase is a literal substring match,
/// case-insensitive with Unicode case folding (as PostgreSQL's `LOWER`; the `LIKE` kept for
/// shorter terms folds ASCII only). Matches of other organizations are walked past too: an
/// organization-keyed index is the next step if one tenant's common terms ever slow another's
/// searches.
fn search_sqlite(
    order: &Order,
    organization_id: i64,
    text: &str,
    filter: &ContactFilter<'_>,
) -> SelectStatement {
    let phrase = format!("\"{}\"", text.replace('"', "\"\""));
    // In id order the index's rowid is the key, so the walk can start past the cursor.
    let id = if order.0 == ContactSort::Created {
        Expr::col(("contacts_search", "rowid"))
    } else {
        column(contact::Column::Id)
    };
    let mut select = Query::select();
    select
        .column((C, Asterisk))
        .expr_as(order.key(), SORT_KEY)
        .from("contacts_search")
        .cross_join(contact::Entity.into_table_ref().alias(C))
        // sea-query writes no `ON` after `CROSS JOIN`; SQLite reads an inner join's `ON` as a
        // `WHERE` term anyway.
        .and_where(column(contact::Column::Id).equals(("contacts_search", "rowid")))
        // `MATCH` has no sea-query operator; `?` is SQLite's placeholder, and this runs on SQLite only.
        .and_where(Expr::cust_with_values("contacts_search MATCH ?", [phrase]))
        .and_where(column(contact::Column::OrganizationId).eq(organization_id))
        .and_where_option(order.after(filter.after, order.key(), id.clone()))
        .and_where_option(filter.tag.map(|name| tagged_with(organization_id, name)))
        .limit(filter.limit + 1);
    order.sort(&mut select, order.key(), id);
    select
}

/// `c.id IN (contacts tagged with the tag name)`.
fn tagged_with(organization_id: i64, tag_name: &str) -> Expr {
    column(contact::Column::Id).in_subquery(
        Query::select()
            .column(("ct", contact_tag::Column::ContactId))
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
            .and_where(Expr::col(("t", tag::Column::Name)).eq(tag_name))
            .to_owned(),
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

/// Erases the contact (SPEC §5). Rows that reference it without a foreign key go first; the
/// delete of the contact row cascades to app data, custom data, tags, events, sessions and
/// conversations (with their messages, tags and CC addresses).
pub async fn erase(db: &impl ConnectionTrait, organization_id: i64, id: i64) -> Result<(), DbErr> {
    let dialect = Dialect::of(db);
    for sql in [
        "DELETE FROM change_events WHERE organization_id = $1 AND contact_id = $2",
        "DELETE FROM contacts WHERE organization_id = $1 AND id = $2",
    ] {
        db.execute_raw(dialect.statement(sql, vec![organization_id.into(), id.into()]))
            .await?;
    }
    Ok(())
}

/// Writes `changes` (with `updated_at`) and returns the contact as stored; no statement when
/// nothing changes.
pub async fn update(
    db: &impl ConnectionTrait,
    contact: Contact,
    changes: ContactChanges,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<Contact, DbErr> {
    use sea_orm::ActiveValue::{NotSet, Set, Unchanged};
    if changes.is_empty() {
        return Ok(contact);
    }
    let set = |value: Option<Option<String>>| value.map_or(NotSet, Set);
    let active = contact::ActiveModel {
        id: Unchanged(contact.id),
        organization_id: Unchanged(contact.organization_id),
        email: set(changes.email),
        external_id: set(changes.external_id),
        name: set(changes.name),
        phone: set(changes.phone),
        company: set(changes.company),
        avatar_url: set(changes.avatar_url),
        avatar_trusted: changes.avatar_trusted.map_or(NotSet, Set),
        time_zone: set(changes.time_zone),
        city: set(changes.city),
        region: set(changes.region),
        country: set(changes.country),
        shopify_domain: set(changes.shopify_domain),
        last_seen_at: changes.last_seen_at.map_or(NotSet, |at| Set(Some(at))),
        updated_at: Set(at),
        ..Default::default()
    };
    let updated = contact::Entity::update(active)
        .validate()?
        .filter(contact::Column::OrganizationId.eq(contact.organization_id))
        .exec(db)
        .await?;
    Ok(updated.into())
}

/// A new contact holding `values` (columns left `None` start empty; an avatar starts trusted).
pub async fn insert(
    db: &impl ConnectionTrait,
    organization_id: i64,
    values: ContactChanges,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<Contact, DbErr> {
    use sea_orm::{ActiveModelTrait, Set};
    let value = |v: Option<Option<String>>| Set(v.flatten());
    let inserted = contact::ActiveModel {
        organization_id: Set(organization_id),
        email: value(values.email),
        external_id: value(values.external_id),
        name: value(values.name),
        phone: value(values.phone),
        company: value(values.company),
        avatar_url: value(values.avatar_url),
        avatar_trusted: Set(values.avatar_trusted.unwrap_or(true)),
        time_zone: value(values.time_zone),
        city: value(values.city),
        region: value(values.region),
        country: value(values.country),
        shopify_domain: value(values.shopify_domain),
        last_heartbeat_at: Set(None),
        heartbeat_visible: Set(false),
        last_activity_at: Set(None),
        last_seen_at: Set(values.last_seen_at),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(inserted.into())
}

/// The contacts holding any of these external ids, in one statement (a batch's lookups).
pub async fn find_by_external_ids(
    db: &impl ConnectionTrait,
    organization_id: i64,
    external_ids: &[String],
) -> Result<Vec<Contact>, DbErr> {
    find_where_in(db, organization_id, contact::Column::ExternalId, external_ids).await
}

/// The contacts holding any of these emails, in one statement (a batch's lookups).
pub async fn find_by_emails(
    db: &impl ConnectionTrait,
    organization_id: i64,
    emails: &[String],
) -> Result<Vec<Contact>, DbErr> {
    find_where_in(db, organization_id, contact::Column::Email, emails).await
}

async fn find_where_in(
    db: &impl ConnectionTrait,
    organization_id: i64,
    column: contact::Column,
    values: &[String],
) -> Result<Vec<Contact>, DbErr> {
    if values.is_empty() {
        return Ok(Vec::new());
    }
    Ok(contact::Entity::find()
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .filter(column.is_in(values.iter().cloned()))
        .all(db)
        .await?
        .into_iter()
        .map(Contact::from)
        .collect())
}
