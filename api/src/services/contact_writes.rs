//! Contact writes through the server API (API keys) and by agents.
use crate::auth::Caller;
use crate::domain::change::ChangeKind;
use crate::domain::contact::Contact;
use crate::domain::contact_match::{self, Match};
use crate::domain::custom_data::CustomDataChanges;
use crate::domain::custom_data::{CustomAttribute, CustomDataSource};
use crate::domain::ids::{AppId, ContactId};
use crate::domain::profile::{Patch, ProfilePatch};
use crate::domain::webhook::payload::WebhookContact;
use crate::domain::webhook::topic::Topic;
use crate::repo;
use crate::services::contact_profile::{self, TakenIdentity, WriteMode};
use crate::services::custom_data::{self, Target};
use crate::services::error::ServiceError;
use crate::services::transaction::in_write_transaction;
use crate::services::webhook_outbox;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};

pub struct Upserted {
    pub contact: Contact,
    pub created: bool,
}

/// `POST /contacts`: find by external_id, then email, and update with the sent fields
/// (an API key is trusted: it overwrites); create when neither matches.
pub async fn find_or_create(
    db: &DatabaseConnection,
    organization_id: i64,
    app_id: i64,
    patch: ProfilePatch,
    custom_data: CustomDataChanges,
    now: DateTime<Utc>,
) -> Result<Upserted, ServiceError> {
    if !matches!(patch.external_id, Patch::Set(_)) && !matches!(patch.email, Patch::Set(_)) {
        return Err(ServiceError::invalid_field(
            "external_id",
            "external_id or email is required to find or create a contact",
        ));
    }
    let (patch, custom_data) = (&patch, &custom_data);
    in_write_transaction!(db, |txn| {
        let by_external_id = match &patch.external_id {
            Patch::Set(external_id) => {
                repo::contacts::find_by_external_id(&txn, organization_id, external_id).await?
            }
            _ => None,
        };
        let by_email = match &patch.email {
            Patch::Set(email) => repo::contacts::find_by_email(&txn, organization_id, email).await?,
            _ => None,
        };
        let landed = land(
            &txn,
            organization_id,
            patch,
            None,
            by_external_id.as_ref(),
            by_email.as_ref(),
            now,
        )
        .await?;
        let contact = landed.contact;
        repo::app_contacts::touch(&txn, organization_id, ContactId(contact.id), AppId(app_id), now).await?;
        // After the touch: the writing app is among those told.
        match &landed.previous {
            None => {
                webhook_outbox::contact(&txn, Topic::ContactCreated, &contact, now).await?;
            }
            Some(previous) if WebhookContact::differs(previous, &contact) => {
                webhook_outbox::contact(&txn, Topic::ContactUpdated, &contact, now).await?;
            }
            Some(_) => {}
        }
        let target = Target {
            organization_id,
            contact_id: contact.id,
            app_id,
        };
        custom_data::merge(
            &txn,
            &target,
            custom_data,
            WriteMode::Overwrite,
            CustomDataSource::Api,
            now,
        )
        .await?;
        repo::changes::record(
            &txn,
            organization_id,
            ChangeKind::Contact,
            Some(contact.id),
            None,
            None,
            now,
        )
        .await?;
        Ok(Upserted {
            contact,
            created: landed.created,
        })
    })
    .await
}

/// Where a trusted find-or-create write landed.
pub struct Landed {
    pub contact: Contact,
    pub created: bool,
    /// Whether the contact's row was written (a new contact, or a changed field).
    pub changed: bool,
    /// The contact as it was found; `None` when this write created it.
    pub previous: Option<Contact>,
}

/// The profile half of a trusted find-or-create (`POST /contacts`, the CSV import), in the
/// caller's transaction: `by_external_id` and `by_email` are the contacts holding the patch's
/// external_id and email, read by the caller (one by one, or a batch at a time). Overwrites
/// what the patch sets; a field already holding the value is not written, so a repeated write
/// changes nothing, `updated_at` included. `shopify_domain` is the import's column (the API
/// sets it only from a verified identify).
pub async fn land(
    db: &impl ConnectionTrait,
    organization_id: i64,
    patch: &ProfilePatch,
    shopify_domain: Option<&str>,
    by_external_id: Option<&Contact>,
    by_email: Option<&Contact>,
    now: DateTime<Utc>,
) -> Result<Landed, ServiceError> {
    let found = contact_match::find_or_create(patch, by_external_id, by_email)
        .map_err(contact_profile::taken_error)?;
    let domain = |stored: Option<&String>| {
        shopify_domain
            .filter(|domain| stored.map(String::as_str) != Some(*domain))
            .map(|domain| Some(domain.to_owned()))
    };
    Ok(match found {
        Match::Existing(existing) => {
            let shop = domain(existing.shopify_domain.as_ref());
            let contact = contact_profile::apply(
                db,
                existing.clone(),
                patch,
                WriteMode::Overwrite,
                |changes| changes.shopify_domain = shop,
                now,
            )
            .await?;
            Landed {
                changed: &contact != existing,
                contact,
                created: false,
                previous: Some(existing.clone()),
            }
        }
        Match::New => {
            let shop = domain(None);
            let contact = contact_profile::create(
                db,
                organization_id,
                patch,
                |changes| changes.shopify_domain = shop,
                now,
            )
            .await?;
            Landed {
                contact,
                created: true,
                changed: true,
                previous: None,
            }
        }
    })
}

/// `PATCH /contacts/{id}`: only the sent fields change; identities taken by another contact
/// are a 409.
pub async fn update(
    db: &DatabaseConnection,
    organization_id: i64,
    contact_id: i64,
    patch: ProfilePatch,
    now: DateTime<Utc>,
) -> Result<Contact, ServiceError> {
    let patch = &patch;
    in_write_transaction!(db, |txn| {
        let contact = crate::services::contacts::get(&txn, organization_id, contact_id).await?;
        let mut patch = patch.clone();
        contact_profile::release_taken_identities(
            &txn,
            organization_id,
            Some(&contact),
            &mut patch,
            TakenIdentity::Conflict,
        )
        .await?;
        let before = contact.clone();
        let contact =
            contact_profile::apply(&txn, contact, &patch, WriteMode::Overwrite, |_| {}, now).await?;
        if WebhookContact::differs(&before, &contact) {
            webhook_outbox::contact(&txn, Topic::ContactUpdated, &contact, now).await?;
        }
        repo::changes::record(
            &txn,
            organization_id,
            ChangeKind::Contact,
            Some(contact.id),
            None,
            None,
            now,
        )
        .await?;
        Ok(contact)
    })
    .await
}

/// `PATCH /contacts/{id}/custom_data/{app_id}` by a trusted writer.
pub async fn merge_custom_data(
    db: &DatabaseConnection,
    target: Target,
    changes: CustomDataChanges,
    source: CustomDataSource,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let (target, changes) = (&target, &changes);
    in_write_transaction!(db, |txn| {
        ensure_contact(&txn, target.organization_id, target.contact_id).await?;
        custom_data::merge(&txn, target, changes, WriteMode::Overwrite, source, now).await?;
        let contact_id = Some(target.contact_id);
        repo::changes::record(
            &txn,
            target.organization_id,
            ChangeKind::Contact,
            contact_id,
            None,
            Some(target.app_id),
            now,
        )
        .await?;
        Ok(())
    })
    .await
}

async fn ensure_contact(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
) -> Result<(), ServiceError> {
    crate::services::contacts::get(db, organization_id, contact_id)
        .await
        .map(|_| ())
}

/// `PATCH /contacts/{id}/custom_data/{app_id}` as the caller may: an agent any app they
/// see, an API key only its own app (403). Returns the app's custom data after the merge.
pub async fn patch_app_custom_data(
    db: &DatabaseConnection,
    caller: &Caller,
    contact_id: i64,
    app_id: i64,
    body: &serde_json::Map<String, serde_json::Value>,
    now: DateTime<Utc>,
) -> Result<Vec<CustomAttribute>, ServiceError> {
    let organization_id = caller.organization_id();
    let app = repo::apps::find(db, organization_id, app_id).await?;
    let source = match caller {
        Caller::Agent(agent) => {
            app.filter(|app| agent.apps.allows(app.id))
                .ok_or_else(|| ServiceError::not_found("App"))?;
            CustomDataSource::Agent
        }
        Caller::ApiKey(key) => {
            app.ok_or_else(|| ServiceError::not_found("App"))?;
            if key.app_id != app_id {
                return Err(ServiceError::forbidden(
                    "An API key may only write its own app's custom data",
                ));
            }
            CustomDataSource::Api
        }
    };
    // Checked after the app, so a foreign app is a 404 whatever the body holds.
    let changes = crate::domain::custom_data::parse(body).map_err(ServiceError::validation)?;
    let target = Target {
        organization_id,
        contact_id,
        app_id,
    };
    merge_custom_data(db, target, changes, source, now).await?;
    Ok(repo::custom_data::for_app(db, organization_id, ContactId(contact_id), AppId(app_id)).await?)
}
