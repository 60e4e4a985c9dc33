//! The full contact profile (SPEC §5): the contact plus custom data per app, tags and counts.
use crate::domain::account::App;
use crate::domain::contact::Contact;
use crate::domain::contact_merge::MergeRecord;
use crate::domain::custom_data::CustomAttribute;
use crate::domain::tag::AppliedTag;
use crate::domain::visibility::AppVisibility;
use crate::repo;
use crate::services::error::ServiceError;
use sea_orm::ConnectionTrait;

pub struct ProfileData {
    pub contact: Contact,
    /// Every app the caller may see, with this contact's keys there (possibly none, so an
    /// agent can add the first one).
    pub custom_data: Vec<(App, Vec<CustomAttribute>)>,
    pub tags: Vec<AppliedTag>,
    pub conversation_count: u64,
    /// Conversations in apps the caller cannot see: an agent may merge only with none.
    pub hidden_conversation_count: u64,
    pub event_count: u64,
    /// Contacts merged into this one, newest first (shown to everyone who sees the contact).
    pub merges: Vec<MergeRecord>,
}

pub async fn load(
    db: &impl ConnectionTrait,
    organization_id: i64,
    apps: &AppVisibility,
    contact_id: i64,
) -> Result<ProfileData, ServiceError> {
    let contact = crate::services::contacts::get(db, organization_id, contact_id).await?;
    // Events are counted with the timeline's visibility: those of apps the caller cannot see
    // are not theirs to count.
    let (attributes, organization_apps, tags, conversation_count, hidden_conversation_count, event_count) = futures_util::try_join!(
        repo::custom_data::for_contact(db, organization_id, contact_id),
        repo::apps::list_visible(db, organization_id, apps, None, 1000),
        repo::tags::of_contact(db, organization_id, contact_id),
        repo::conversations::count_for_contact(db, organization_id, contact_id, apps),
        repo::conversations::count_outside(db, organization_id, contact_id, apps),
        repo::events::count_visible(db, organization_id, contact_id, apps),
    )?;
    let merges = crate::services::contact_merge::history(db, organization_id, contact_id).await?;
    let custom_data = organization_apps
        .into_iter()
        .map(|app| {
            let items: Vec<CustomAttribute> = attributes
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
        tags: tags.into_iter().map(AppliedTag::from).collect(),
        conversation_count,
        hidden_conversation_count,
        event_count,
        merges,
    })
}
