//! A batch of parsed rows written in the caller's transaction, with the server API's
//! find-or-create rule (`contact_writes::land`) and its validation. The contacts, tags and
//! custom data the batch touches are read up front, one statement each, and kept current as
//! rows write; each row runs in a savepoint, so a row that fails leaves nothing behind and
//! the others go on. Values already stored are not written again: a repeated import is a
//! no-op, change feed included.
use crate::domain::change::ChangeKind;
use crate::domain::contact::Contact;
use crate::domain::contact_import::{ParsedRow, ResolvedColumn, RowAction, RowError};
use crate::domain::custom_data::{CustomDataChanges, CustomDataSource};
use crate::domain::ids::{ContactId, TagId};
use crate::domain::profile::{Patch, ProfilePatch};
use crate::domain::tag::{Tag, TagColor, TagScope};
use crate::repo;
use crate::services::contact_profile::WriteMode;
use crate::services::contact_writes;
use crate::services::custom_data::{self, Target};
use crate::services::error::{ErrorKind, ServiceError};
use crate::services::transaction::is_unique_violation;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction, TransactionTrait};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// What one row did.
#[derive(Clone, Debug)]
pub struct RowResult {
    pub row: u64,
    pub action: RowAction,
    pub contact_id: Option<i64>,
    pub errors: Vec<RowError>,
}

/// What the batch's rows will find, read once and kept current as rows write.
#[derive(Default)]
struct Known {
    by_external_id: HashMap<String, Contact>,
    by_email: HashMap<String, Contact>,
    tags: HashMap<String, Tag>,
    tagged: HashSet<(i64, i64)>,
    /// `(contact, app, key)` → the stored value and whether a trusted writer set it.
    custom: HashMap<(i64, i64, String), (Value, bool)>,
    /// Whether this batch added tags to the library.
    created_tags: bool,
}

fn set(patch: &Patch<String>) -> Option<&String> {
    match patch {
        Patch::Set(value) => Some(value),
        _ => None,
    }
}

impl Known {
    async fn load(
        db: &impl ConnectionTrait,
        organization_id: i64,
        rows: &[ParsedRow],
        now: DateTime<Utc>,
    ) -> Result<Known, ServiceError> {
        let valid = || rows.iter().filter(|r| r.is_valid());
        let external_ids: Vec<String> = valid()
            .filter_map(|r| set(&r.patch.external_id).cloned())
            .collect();
        let emails: Vec<String> = valid().filter_map(|r| set(&r.patch.email).cloned()).collect();
        let mut names: Vec<String> = valid().flat_map(|r| r.tags.iter().cloned()).collect();
        names.sort();
        names.dedup();
        let mut known = Known::default();
        let mut contacts = repo::contacts::find_by_external_ids(db, organization_id, &external_ids).await?;
        contacts.extend(repo::contacts::find_by_emails(db, organization_id, &emails).await?);
        known.add_contacts(db, organization_id, contacts).await?;
        for tag in repo::tags::find_by_names(db, organization_id, &names).await? {
            known.tags.insert(tag.name.clone(), tag);
        }
        // A name the library lacks becomes a contact tag (docs/decisions.md), before any row:
        // two imports adding one name at once settle it here instead of failing rows.
        let missing: Vec<String> = names
            .into_iter()
            .filter(|n| !known.tags.contains_key(n))
            .collect();
        if !missing.is_empty() {
            let added = repo::tags::insert_missing(
                db,
                organization_id,
                &missing,
                TagColor::Gray,
                TagScope::Contact,
                now,
            )
            .await?;
            known.created_tags = !added.is_empty();
            for tag in repo::tags::find_by_names(db, organization_id, &missing).await? {
                known.tags.insert(tag.name.clone(), tag);
            }
        }
        Ok(known)
    }

    /// These contacts as stored, with their tags and custom data.
    async fn add_contacts(
        &mut self,
        db: &impl ConnectionTrait,
        organization_id: i64,
        contacts: Vec<Contact>,
    ) -> Result<(), ServiceError> {
        let mut ids: Vec<i64> = contacts.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        ids.dedup();
        for contact in &contacts {
            self.remember(None, contact);
        }
        for (contact, tag) in repo::tags::on_contacts(db, organization_id, &ids).await? {
            self.tagged.insert((contact.0, tag.0));
        }
        for attribute in repo::custom_data::for_contacts(db, organization_id, &ids).await? {
            self.custom.insert(
                (attribute.contact_id, attribute.app_id, attribute.key),
                (attribute.value, attribute.verified),
            );
        }
        Ok(())
    }

    /// Re-reads the contacts holding the row's external_id and email: another writer took one
    /// of them since the batch read its contacts.
    async fn refresh(
        &mut self,
        db: &impl ConnectionTrait,
        organization_id: i64,
        patch: &ProfilePatch,
    ) -> Result<(), ServiceError> {
        let mut contacts = Vec::new();
        if let Some(external_id) = set(&patch.external_id) {
            self.by_external_id.remove(external_id);
            contacts.extend(repo::contacts::find_by_external_id(db, organization_id, external_id).await?);
        }
        if let Some(email) = set(&patch.email) {
            self.by_email.remove(email);
            contacts.extend(repo::contacts::find_by_email(db, organization_id, email).await?);
        }
        self.add_contacts(db, organization_id, contacts).await
    }

    /// `contact` as it is now, replacing what was known of it as `old`.
    fn remember(&mut self, old: Option<&Contact>, contact: &Contact) {
        if let Some(old) = old {
            if let Some(email) = &old.email {
                self.by_email.remove(email);
            }
            if let Some(external_id) = &old.external_id {
                self.by_external_id.remove(external_id);
            }
        }
        if let Some(email) = &contact.email {
            self.by_email.insert(email.clone(), contact.clone());
        }
        if let Some(external_id) = &contact.external_id {
            self.by_external_id.insert(external_id.clone(), contact.clone());
        }
    }

    fn lookups(&self, patch: &ProfilePatch) -> (Option<&Contact>, Option<&Contact>) {
        (
            set(&patch.external_id).and_then(|id| self.by_external_id.get(id)),
            set(&patch.email).and_then(|email| self.by_email.get(email)),
        )
    }
}

/// What a committed row wrote, to keep [`Known`] current.
struct Effect {
    old: Option<Contact>,
    contact: Contact,
    action: RowAction,
    linked: Vec<i64>,
    written: Vec<(i64, CustomDataChanges)>,
}

impl Effect {
    fn apply(self, known: &mut Known) {
        known.remember(self.old.as_ref(), &self.contact);
        let id = self.contact.id;
        known.tagged.extend(self.linked.into_iter().map(|tag| (id, tag)));
        for (app_id, changes) in self.written {
            for (key, value) in changes {
                if let Some(value) = value {
                    known.custom.insert((id, app_id, key), (value, true));
                }
            }
        }
    }
}

/// Writes the rows in order; a row with errors (its own, or a rule it breaks, such as an
/// email another contact holds) is reported and skipped. Fails only when the database does.
pub async fn write(
    txn: &DatabaseTransaction,
    organization_id: i64,
    rows: &[ParsedRow],
    columns: &[ResolvedColumn],
    now: DateTime<Utc>,
) -> Result<Vec<RowResult>, ServiceError> {
    let mut known = Known::load(txn, organization_id, rows, now).await?;
    let mut results = Vec::with_capacity(rows.len());
    for row in rows {
        if !row.is_valid() {
            results.push(failed(row.row, row.errors.clone()));
            continue;
        }
        let mut retried = false;
        loop {
            let savepoint = txn.begin().await?;
            match write_row(&savepoint, organization_id, row, &known, now).await {
                Ok(effect) => {
                    savepoint.commit().await?;
                    results.push(RowResult {
                        row: row.row,
                        action: effect.action,
                        contact_id: Some(effect.contact.id),
                        errors: Vec::new(),
                    });
                    effect.apply(&mut known);
                }
                // Another writer created this row's contact since the batch read them: once
                // more with what is stored now, as `POST /contacts` retries a lost race.
                Err(err) if !retried && err.db_error().is_some_and(is_unique_violation) => {
                    savepoint.rollback().await?;
                    known.refresh(txn, organization_id, &row.patch).await?;
                    retried = true;
                    continue;
                }
                Err(err) => {
                    savepoint.rollback().await?;
                    results.push(failed(row.row, vec![row_error(row.row, err, columns)?]));
                }
            }
            break;
        }
    }
    if known.created_tags {
        repo::changes::record(txn, organization_id, ChangeKind::Tags, None, None, None, now).await?;
    }
    Ok(results)
}

fn failed(row: u64, errors: Vec<RowError>) -> RowResult {
    RowResult {
        row,
        action: RowAction::Failed,
        contact_id: None,
        errors,
    }
}

async fn write_row(
    db: &DatabaseTransaction,
    organization_id: i64,
    row: &ParsedRow,
    known: &Known,
    now: DateTime<Utc>,
) -> Result<Effect, ServiceError> {
    // The tags first: a tag of the wrong scope refuses the row before anything is written.
    let mut tag_ids = Vec::new();
    for name in &row.tags {
        match known.tags.get(name) {
            Some(tag) if !tag.scope.allows(TagScope::Contact) => {
                return Err(ServiceError::new(
                    ErrorKind::Invalid,
                    "tag_scope_mismatch",
                    format!("The tag \"{}\" is for {}s only", tag.name, tag.scope.as_str()),
                ))
            }
            Some(tag) => tag_ids.push(tag.id),
            None => {
                return Err(ServiceError::internal(anyhow::anyhow!(
                    "tag {name} was not added to the library"
                )))
            }
        }
    }
    let (by_external_id, by_email) = known.lookups(&row.patch);
    let landed = contact_writes::land(
        db,
        organization_id,
        &row.patch,
        row.shopify_domain.as_deref(),
        by_external_id,
        by_email,
        now,
    )
    .await?;
    let id = landed.contact.id;
    let old = [by_external_id, by_email]
        .into_iter()
        .flatten()
        .find(|c| c.id == id)
        .cloned();
    let mut written = Vec::new();
    for (app_id, changes) in &row.custom_data {
        let changes = custom_data::without_no_ops(changes, |key| {
            known
                .custom
                .get(&(id, *app_id, key.to_owned()))
                .map(|(value, trusted)| (value, *trusted))
        });
        if changes.is_empty() {
            continue;
        }
        let target = Target {
            organization_id,
            contact_id: id,
            app_id: *app_id,
        };
        custom_data::merge(
            db,
            &target,
            &changes,
            WriteMode::Overwrite,
            CustomDataSource::Api,
            now,
        )
        .await?;
        written.push((*app_id, changes));
    }
    let mut linked = Vec::new();
    for tag_id in tag_ids {
        if !known.tagged.contains(&(id, tag_id)) {
            repo::tags::tag_contact(db, organization_id, ContactId(id), TagId(tag_id), now).await?;
            linked.push(tag_id);
        }
    }
    if landed.changed || !written.is_empty() {
        repo::changes::record(
            db,
            organization_id,
            ChangeKind::Contact,
            Some(id),
            None,
            None,
            now,
        )
        .await?;
    }
    if !linked.is_empty() {
        repo::changes::record(
            db,
            organization_id,
            ChangeKind::ContactTags,
            Some(id),
            None,
            None,
            now,
        )
        .await?;
    }
    let action = if landed.created {
        RowAction::Create
    } else if landed.changed || !written.is_empty() || !linked.is_empty() {
        RowAction::Update
    } else {
        RowAction::Unchanged
    };
    Ok(Effect {
        old,
        contact: landed.contact,
        action,
        linked,
        written,
    })
}

/// A rule the row broke, as its error; a database failure stays the batch's.
fn row_error(row: u64, err: ServiceError, columns: &[ResolvedColumn]) -> Result<RowError, ServiceError> {
    let column_of = |target: &str| {
        columns
            .iter()
            .find(|c| c.target == target)
            .map(|c| c.column.clone())
    };
    match err.kind {
        ErrorKind::Invalid | ErrorKind::Conflict => {
            let column = match err.code {
                "email_taken" => column_of("email"),
                "external_id_taken" => column_of("external_id"),
                "tag_scope_mismatch" => column_of("tags"),
                _ => None,
            };
            Ok(RowError::new(row, column, err.code, err.message))
        }
        _ if err.db_error().is_some_and(is_unique_violation) => Ok(RowError::new(
            row,
            None,
            "concurrent_write",
            "Another write took this row's email, external_id or tag meanwhile; import the file again to apply it"
                .to_owned(),
        )),
        _ => Err(err),
    }
}
