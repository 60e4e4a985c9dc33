//! The full contact profile (SPEC §5): the contact plus custom data per app, tags and counts.
use crate::domain::visibility::AppVisibility;
use crate::repo;
use crate::repo::tags::TagRow;
use crate::services::error::ServiceError;
use entity::{app, contact, contact_event, conversation, custom_attribute};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

pub struct ProfileData {
    pub contact: contact::Model,
    /// Every app the caller may see, with this contact's keys there (possibly none, so an
    /// agent can add the first one).
    pub custom_data: Vec<(app::Model, Vec<custom_attribute::Model>)>,
    pub tags: Vec<TagRow>,
    pub conversation_count: u64,
    pub event_count: u64,
}

pub async fn load(
    db: &DatabaseConnection,
    organization_id: i64,
    apps: &AppVisibility,
    contact_id: i64,
) -> Result<ProfileData, ServiceError> {
    let contact = repo::contacts::find(db, organization_id, contact_id)
        .await?
        .ok_or_else(|| ServiceError::not_found("Contact"))?;
    let mut conversations = conversation::Entity::find()
        .filter(conversation::Column::OrganizationId.eq(organization_id))
        .filter(conversation::Column::ContactId.eq(contact_id));
    if let AppVisibility::Only(ids) = apps {
        conversations = conversations.filter(conversation::Column::AppId.is_in(ids.clone()));
    }
    // Counted with the timeline's visibility: events of apps the caller cannot see are not theirs to count.
    let events = repo::events::visible_events(
        contact_event::Entity::find()
            .filter(contact_event::Column::OrganizationId.eq(organization_id))
            .filter(contact_event::Column::ContactId.eq(contact_id)),
        apps,
    );
    let (attributes, organization_apps, tags, conversation_count, event_count) = futures_util::try_join!(
        repo::custom_data::for_contact(db, organization_id, contact_id),
        repo::apps::list_visible(db, organization_id, apps, None, 1000),
        repo::tags::of_contact(db, organization_id, contact_id),
        conversations.count(db),
        events.count(db),
    )?;
    let custom_data = organization_apps
        .into_iter()
        .map(|app| {
            let items: Vec<custom_attribute::Model> = attributes
                .iter()
                .filter(|a| a.app_id == app.id)
                .cloned()
                .collect();
            (app, items)
        })
        .collect();
    Ok(ProfileData {
        contact,
        custom_data,
        tags,
        conversation_count,
        event_count,
    })
}
