//! Rows written straight to the database for tests that need shapes the API cannot make
//! quickly (hundreds of conversations, fixed timestamps).
use crate::helpers::*;
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::json;
use uuid::Uuid;

pub async fn set_conversation(app: &TestApp, id: Uuid, assignment: &str) {
    use sea_orm::ConnectionTrait;
    let sql = api::repo::dialect::Dialect::of(&app.db).statement(
        &format!("UPDATE conversations SET {assignment} WHERE id = $1"),
        vec![id.into()],
    );
    app.db.execute_raw(sql).await.unwrap();
}

pub async fn insert_conversation(
    app: &TestApp,
    org: i64,
    app_id: i64,
    contact_id: i64,
    title: &str,
    summary: &str,
    at: chrono::DateTime<Utc>,
) -> Uuid {
    let id = Uuid::new_v4();
    entity::conversation::ActiveModel {
        organization_id: Set(org),
        id: Set(id),
        app_id: Set(app_id),
        contact_id: Set(contact_id),
        status: Set("open".into()),
        title: Set(title.into()),
        summary: Set(summary.into()),
        channel: Set("widget".into()),
        assignee_id: Set(None),
        identity_verified: Set(false),
        created_at: Set(at),
        last_activity_at: Set(at),
        resolved_at: Set(None),
    }
    .insert(&app.db)
    .await
    .unwrap();
    id
}

pub async fn insert_message(
    app: &TestApp,
    org: i64,
    conversation: Uuid,
    kind: &str,
    content: &str,
    at: chrono::DateTime<Utc>,
) {
    entity::message::ActiveModel {
        organization_id: Set(org),
        conversation_id: Set(conversation),
        message_type: Set(kind.into()),
        content: Set(content.into()),
        author_user_id: Set(None),
        author_contact_id: Set(None),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

/// A contact with `conversations` conversations alternating between two apps, `events`
/// events and `tags` contact tags; returns its newest conversation.
pub async fn contact_with_history(
    app: &TestApp,
    label: &str,
    conversations: usize,
    events: usize,
    tags: usize,
) -> Uuid {
    let reviews = app.demo_app("Product Reviews").await;
    let upsell = app.demo_app("Upsell Pro").await;
    let org = app
        .scalar_i64("SELECT id FROM organizations WHERE name = 'Acme Apps'")
        .await;
    let now = Utc::now();
    let contact = entity::contact::ActiveModel {
        organization_id: Set(org),
        email: Set(Some(format!("{label}@history.test"))),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let mut newest = Uuid::nil();
    for i in 0..conversations {
        // The newest is in Product Reviews, which the agent operates.
        let app_id = if (conversations - 1 - i).is_multiple_of(2) {
            reviews.id
        } else {
            upsell.id
        };
        newest = insert_conversation(
            app,
            org,
            app_id,
            contact.id,
            &format!("Thread {i}"),
            "",
            now - Duration::minutes((conversations - i) as i64),
        )
        .await;
        insert_message(app, org, newest, "incoming", "hello", now).await;
    }
    let rows: Vec<entity::contact_event::ActiveModel> = (0..events)
        .map(|i| entity::contact_event::ActiveModel {
            organization_id: Set(org),
            contact_id: Set(contact.id),
            app_id: Set(Some(reviews.id)),
            name: Set("page_viewed".into()),
            occurred_at: Set(now - Duration::seconds(i as i64)),
            properties: Set(json!({"i": i})),
            idempotency_key: Set(None),
            request_hash: Set(None),
            created_at: Set(now),
            ..Default::default()
        })
        .collect();
    for chunk in rows.chunks(100) {
        entity::contact_event::Entity::insert_many(chunk.to_vec())
            .exec(&app.db)
            .await
            .unwrap();
    }
    // Notes grow with the history too (one per 20 events): 25 for the sidebar's large contact,
    // none for a small one, so both lists' first pages and a deeper one are compared.
    let author = app
        .scalar_i64("SELECT id FROM users WHERE email = 'demo@convot.test'")
        .await;
    let notes: Vec<entity::contact_note::ActiveModel> = (0..events / 20)
        .map(|i| entity::contact_note::ActiveModel {
            organization_id: Set(org),
            contact_id: Set(contact.id),
            author_user_id: Set(Some(author)),
            body: Set(format!("Note {i}")),
            created_at: Set(now - Duration::seconds(i as i64)),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    if !notes.is_empty() {
        entity::contact_note::Entity::insert_many(notes)
            .exec(&app.db)
            .await
            .unwrap();
    }
    for t in 0..tags {
        let tag = entity::tag::ActiveModel {
            organization_id: Set(org),
            name: Set(format!("{label}-tag-{t}")),
            color: Set("blue".into()),
            scope: Set("contact".into()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        entity::contact_tag::ActiveModel {
            organization_id: Set(org),
            contact_id: Set(contact.id),
            tag_id: Set(tag.id),
            created_at: Set(now),
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    newest
}

/// Real ids to put into an OpenAPI path template (`{id}` by the path's resource).
pub struct PathIds {
    pub app: i64,
    pub contact: i64,
    pub conversation: String,
    pub tag: i64,
    pub key: i64,
    pub import: i64,
    pub email: String,
    pub note: i64,
    pub webhook: i64,
    pub delivery: i64,
}

impl PathIds {
    pub fn fill(&self, template: &str) -> String {
        let id = if template.starts_with("/api/v1/contacts/imports") {
            self.import.to_string()
        } else if template.starts_with("/api/v1/apps") {
            self.app.to_string()
        } else if template.starts_with("/api/v1/conversations") {
            self.conversation.clone()
        } else if template.starts_with("/api/v1/tags") {
            self.tag.to_string()
        } else {
            self.contact.to_string()
        };
        template
            .replace("{id}", &id)
            .replace("{app_id}", &self.app.to_string())
            .replace("{key_id}", &self.key.to_string())
            .replace("{tag_id}", &self.tag.to_string())
            .replace("{email}", &self.email)
            .replace("{note_id}", &self.note.to_string())
            .replace("{webhook_id}", &self.webhook.to_string())
            .replace("{delivery_id}", &self.delivery.to_string())
    }
}
