//! Contacts: lookup and the keyset-paginated, searchable list.
use crate::domain::contact_order::{seen_key, ContactPosition, ContactSort};
use crate::repo::sql::statement;
use entity::contact;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Select, Statement, Value,
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
    pub sort: ContactSort,
    /// Rows strictly after this one in `sort`'s order; always of the same order.
    pub after: Option<&'a ContactPosition>,
    pub limit: u64,
}

/// One row of the list with where it stands in its order, for the next page's cursor.
pub struct ListedContact {
    pub contact: contact::Model,
    pub position: ContactPosition,
}

/// The page in `filter.sort`'s order; fetches `limit + 1` rows so the caller can tell whether
/// more follow.
pub async fn list(
    db: &impl ConnectionTrait,
    organization_id: i64,
    filter: &ContactFilter<'_>,
) -> Result<Vec<ListedContact>, DbErr> {
    let backend = db.get_database_backend();
    let order = Order(filter.sort);
    let mut values: Vec<Value> = vec![organization_id.into()];
    let sql = match (filter.query, backend) {
        (Some(text), DbBackend::Postgres) => search_postgres(&order, text, filter, &mut values),
        // The trigram index holds three-character pieces: shorter terms scan below.
        (Some(text), DbBackend::Sqlite) if text.chars().count() >= 3 => {
            search_sqlite(&order, text, filter, &mut values)
        }
        _ => scan(&order, filter, &mut values),
    };
    let rows = db.query_all_raw(statement(backend, &sql, values)).await?;
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
            Ok(ListedContact { contact, position })
        })
        .collect()
}

/// The SQL of one sort order: its key, its `ORDER BY` and the keyset step past a cursor.
/// Every order ends on the id, so rows with equal keys still have one place each.
struct Order(ContactSort);

impl Order {
    /// The sort key of the contacts row aliased `c` (the name order reads it back as
    /// `sort_key`, so a cursor holds the key exactly as the database folded it). The indexes
    /// of migration `m20261202_000002_contact_sort` are on these expressions.
    fn key(&self) -> &'static str {
        match self.0 {
            ContactSort::LastSeen => "COALESCE(c.last_seen_at, c.created_at)",
            ContactSort::Name => "LOWER(COALESCE(c.name, c.email))",
            ContactSort::Created => "c.id",
        }
    }

    /// `ORDER BY` over a key and an id column.
    fn order_by(&self, key: &str, id: &str) -> String {
        match self.0 {
            ContactSort::LastSeen => format!("{key} DESC, {id} DESC"),
            // Nameless contacts (no name, no email) last: a leading `key IS NULL`, false first.
            ContactSort::Name => format!("({key} IS NULL), {key}, {id}"),
            ContactSort::Created => format!("{id} DESC"),
        }
    }

    /// ` AND <rows after the cursor>`, binding the cursor's values. Row-value comparisons over
    /// the index's own columns, so both databases seek to the cursor instead of walking the
    /// index from the start and filtering (a page costs the same however deep).
    fn after(
        &self,
        position: Option<&ContactPosition>,
        key: &str,
        id: &str,
        values: &mut Vec<Value>,
    ) -> String {
        let mut bind = |value: Value| {
            values.push(value);
            format!("${}", values.len())
        };
        match position {
            None => String::new(),
            Some(ContactPosition::LastSeen { seen, id: last }) => {
                let (seen, last) = (bind((*seen).into()), bind((*last).into()));
                format!(" AND ({key}, {id}) < ({seen}, {last})")
            }
            Some(ContactPosition::Name {
                key: Some(name),
                id: last,
            }) => {
                let (name, last) = (bind(name.clone().into()), bind((*last).into()));
                // A nameless row's `(TRUE, NULL, id)` is after any named cursor: the first pair decides.
                format!(" AND (({key} IS NULL), {key}, {id}) > (FALSE, {name}, {last})")
            }
            Some(ContactPosition::Name { key: None, id: last }) => {
                let last = bind((*last).into());
                format!(" AND ({key} IS NULL) AND {id} > {last}")
            }
            Some(ContactPosition::Created { id: last }) => format!(" AND {id} < {}", bind((*last).into())),
        }
    }
}

/// Without a search term, or a term too short for SQLite's trigram index: the organization's
/// contacts walked in order (an index of migration `m20261202_000002_contact_sort` per order).
fn scan(order: &Order, filter: &ContactFilter<'_>, values: &mut Vec<Value>) -> String {
    let key = order.key();
    let mut sql = format!("SELECT c.*, {key} AS sort_key FROM contacts c WHERE c.organization_id = $1");
    if let Some(text) = filter.query {
        sql.push_str(&containing(text, values));
    }
    if let Some(tag_name) = filter.tag {
        values.push(tag_name.into());
        sql.push_str(&tagged_with("c.id", values.len()));
    }
    sql.push_str(&order.after(filter.after, key, "c.id", values));
    values.push(((filter.limit + 1) as i64).into());
    sql.push_str(&format!(
        " ORDER BY {} LIMIT ${}",
        order.order_by(key, "c.id"),
        values.len()
    ));
    sql
}

/// ` AND <name, email, company or external_id contains text>`, case-insensitively and
/// literally (`%` and `_` are escaped), binding the pattern.
fn containing(text: &str, values: &mut Vec<Value>) -> String {
    values.push(format!("%{}%", escape_like(&text.to_lowercase())).into());
    let p = values.len();
    format!(
        " AND (LOWER(c.name) LIKE ${p} ESCAPE '\\' OR LOWER(c.email) LIKE ${p} ESCAPE '\\' \
         OR LOWER(c.company) LIKE ${p} ESCAPE '\\' OR LOWER(c.external_id) LIKE ${p} ESCAPE '\\')"
    )
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
fn search_postgres(order: &Order, text: &str, filter: &ContactFilter<'_>, values: &mut Vec<Value>) -> String {
    let key = order.key();
    let mut matches = format!("SELECT c.id, {key} AS sort_key FROM contacts c WHERE c.organization_id = $1");
    matches.push_str(&containing(text, values));
    matches.push_str(&order.after(filter.after, key, "c.id", values));
    if let Some(tag_name) = filter.tag {
        values.push(tag_name.into());
        matches.push_str(&tagged_with("c.id", values.len()));
    }
    values.push(((filter.limit + 1) as i64).into());
    format!(
        "WITH matches AS MATERIALIZED ({matches}), \
         page AS MATERIALIZED (SELECT id, sort_key FROM matches ORDER BY {} LIMIT ${}) \
         SELECT c.*, p.sort_key FROM contacts c JOIN page p ON p.id = c.id WHERE c.organization_id = $1 ORDER BY {}",
        order.order_by("sort_key", "id"),
        values.len(),
        order.order_by("p.sort_key", "p.id"),
    )
}

/// SQLite text search through the FTS5 trigram index (migration 8): the index yields the
/// contacts holding the term (`CROSS JOIN` keeps it the outer loop), each is checked against
/// the organization and the tag. In id order the walk stops at the page's end; the other
/// orders sort the matches. A quoted FTS5 phrase is a literal substring match,
/// case-insensitive with Unicode case folding (as PostgreSQL's `LOWER`; the `LIKE` kept for
/// shorter terms folds ASCII only). Matches of other organizations are walked past too: an
/// organization-keyed index is the next step if one tenant's common terms ever slow another's
/// searches.
fn search_sqlite(order: &Order, text: &str, filter: &ContactFilter<'_>, values: &mut Vec<Value>) -> String {
    values.push(format!("\"{}\"", text.replace('"', "\"\"")).into());
    let key = order.key();
    let mut sql = format!(
        "SELECT c.*, {key} AS sort_key FROM contacts_search CROSS JOIN contacts c ON c.id = contacts_search.rowid \
         WHERE contacts_search MATCH ${} AND c.organization_id = $1",
        values.len()
    );
    // In id order the index's rowid is the key, so the walk can start past the cursor.
    let id = if order.0 == ContactSort::Created {
        "contacts_search.rowid"
    } else {
        "c.id"
    };
    sql.push_str(&order.after(filter.after, key, id, values));
    if let Some(tag_name) = filter.tag {
        values.push(tag_name.into());
        sql.push_str(&tagged_with("c.id", values.len()));
    }
    values.push(((filter.limit + 1) as i64).into());
    sql.push_str(&format!(
        " ORDER BY {} LIMIT ${}",
        order.order_by(key, id),
        values.len()
    ));
    sql
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
