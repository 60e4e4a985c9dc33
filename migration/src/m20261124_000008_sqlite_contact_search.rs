//! Contact search on SQLite through an FTS5 trigram index. Substring search was a scan of the
//! organization's contacts (16 searches/s on 300k contacts); the trigram index finds the
//! contacts holding a term of three or more characters, newest first, without reading the
//! others. It mirrors name, email, company and external_id of `contacts` (external content:
//! the text is not stored twice), kept in step by triggers; with `secure-delete` a deleted
//! contact's terms are removed from the index's structure rather than only marked deleted, so
//! an erased contact is not found in it (freed pages are not zeroed: that is SQLite's
//! `secure_delete` pragma, not set). PostgreSQL has its trigram indexes since migration 4.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000008_sqlite_contact_search"
    }
}

const UP: &[&str] = &[
    "CREATE VIRTUAL TABLE contacts_search USING fts5(name, email, company, external_id, \
     content='contacts', content_rowid='id', tokenize='trigram')",
    "INSERT INTO contacts_search(contacts_search, rank) VALUES ('secure-delete', 1)",
    "INSERT INTO contacts_search(contacts_search) VALUES ('rebuild')",
    "CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts BEGIN \
     INSERT INTO contacts_search(rowid, name, email, company, external_id) \
     VALUES (new.id, new.name, new.email, new.company, new.external_id); END",
    "CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN \
     INSERT INTO contacts_search(contacts_search, rowid, name, email, company, external_id) \
     VALUES ('delete', old.id, old.name, old.email, old.company, old.external_id); END",
    // Only when a searched column is written: heartbeats and presence updates skip the index.
    "CREATE TRIGGER contacts_search_update AFTER UPDATE OF name, email, company, external_id ON contacts BEGIN \
     INSERT INTO contacts_search(contacts_search, rowid, name, email, company, external_id) \
     VALUES ('delete', old.id, old.name, old.email, old.company, old.external_id); \
     INSERT INTO contacts_search(rowid, name, email, company, external_id) \
     VALUES (new.id, new.name, new.email, new.company, new.external_id); END",
];

const DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS contacts_search_update",
    "DROP TRIGGER IF EXISTS contacts_search_delete",
    "DROP TRIGGER IF EXISTS contacts_search_insert",
    "DROP TABLE IF EXISTS contacts_search",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, DOWN).await
    }
}

async fn run(manager: &SchemaManager<'_>, statements: &[&str]) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Sqlite {
        return Ok(());
    }
    for statement in statements {
        manager.get_connection().execute_unprepared(statement).await?;
    }
    Ok(())
}
