//! Builders shared by the migrations, so every tenant table is keyed the same way.
//!
//! Tenant tables carry `organization_id` in their primary key on PostgreSQL, so the schema can
//! be distributed by organization (Citus). SQLite can only auto-increment a single-column
//! `INTEGER PRIMARY KEY`, so there the id is the key and `(organization_id, id)` is a unique
//! constraint that composite foreign keys can reference on both backends.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

pub const ORG: &str = "organization_id";

/// `CREATE TABLE` with the tenant column and its foreign key to `organizations`.
pub fn tenant_table(name: &'static str) -> TableCreateStatement {
    let mut table = Table::create();
    table
        .table(name)
        .col(ColumnDef::new(ORG).big_integer().not_null())
        .foreign_key(
            ForeignKey::create()
                .from(name, ORG)
                .to("organizations", "id")
                .on_delete(ForeignKeyAction::Cascade),
        );
    table
}

/// Adds an auto-generated integer `id` keyed together with the organization.
pub fn with_serial_id(backend: DbBackend, table: &mut TableCreateStatement, name: &'static str) {
    let mut id = ColumnDef::new("id");
    id.big_integer().not_null().auto_increment();
    if backend == DbBackend::Sqlite {
        id.primary_key();
        table.col(id).index(
            Index::create()
                .unique()
                .name(format!("{name}_tenant_key"))
                .col(ORG)
                .col("id"),
        );
    } else {
        table.col(id).primary_key(Index::create().col(ORG).col("id"));
    }
}

/// Composite key `(organization_id, cols...)`, used as the primary key on both backends.
pub fn tenant_primary_key(table: &mut TableCreateStatement, cols: &[&'static str]) {
    let mut key = Index::create();
    key.col(ORG);
    for col in cols {
        key.col(*col);
    }
    table.primary_key(&mut key);
}

/// Foreign key `(organization_id, from) -> target(organization_id, id)`, so a row can only
/// point at rows of its own organization.
pub fn tenant_reference(
    table: &mut TableCreateStatement,
    from_table: &'static str,
    from: &'static str,
    target: &'static str,
    on_delete: ForeignKeyAction,
) {
    table.foreign_key(
        ForeignKey::create()
            .name(format!("fk_{from_table}_{from}"))
            .from(from_table, (ORG, from))
            .to(target, (ORG, "id"))
            .on_delete(on_delete),
    );
}

/// Index whose first column is the organization.
pub fn tenant_index(
    name: &str,
    table: &'static str,
    cols: &[&'static str],
    unique: bool,
) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table).col(ORG);
    for col in cols {
        index.col(*col);
    }
    if unique {
        index.unique();
    }
    index
}

pub fn timestamp(name: &'static str) -> ColumnDef {
    let mut col = ColumnDef::new(name);
    col.timestamp_with_time_zone().not_null();
    col
}

pub fn timestamp_null(name: &'static str) -> ColumnDef {
    let mut col = ColumnDef::new(name);
    col.timestamp_with_time_zone().null();
    col
}

pub fn text(name: &'static str) -> ColumnDef {
    let mut col = ColumnDef::new(name);
    col.text().not_null();
    col
}

pub fn text_null(name: &'static str) -> ColumnDef {
    let mut col = ColumnDef::new(name);
    col.text().null();
    col
}

pub fn big_int(name: &'static str) -> ColumnDef {
    let mut col = ColumnDef::new(name);
    col.big_integer().not_null();
    col
}

pub fn big_int_null(name: &'static str) -> ColumnDef {
    let mut col = ColumnDef::new(name);
    col.big_integer().null();
    col
}

pub fn boolean(name: &'static str, default: bool) -> ColumnDef {
    let mut col = ColumnDef::new(name);
    col.boolean().not_null().default(default);
    col
}

pub fn json(name: &'static str) -> ColumnDef {
    let mut col = ColumnDef::new(name);
    col.json_binary().not_null();
    col
}
