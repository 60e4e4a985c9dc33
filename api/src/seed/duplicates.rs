//! A pair of likely duplicates for the manual merge (SPEC §5): the same shop owner met once
//! through Product Reviews and once through Upsell Pro, under two addresses and two
//! spellings of her name, neither with an external id, so a new user can try "Merge with…"
//! at once. Written with the rest of the demo organization, so reseeding never brings a
//! merged pair back.
use crate::domain::contact::ContactChanges;
use crate::domain::conversation::{ConversationStatus, MessageType};
use crate::domain::custom_data::CustomDataSource;
use crate::repo;
use crate::repo::custom_data::KeyWrite;
use crate::repo::messages::{Author, NewMessage};
use crate::seed::rows::{insert_app_contact, insert_conversation};
use chrono::{DateTime, Duration, Utc};
use sea_orm::ConnectionTrait;

pub const FIRST_EMAIL: &str = "ana@brisa-swim.com.br";
pub const SECOND_EMAIL: &str = "ana.souza@brisa-swim.com.br";

struct Duplicate {
    name: &'static str,
    email: &'static str,
    phone: Option<&'static str>,
    company: Option<&'static str>,
    city: Option<&'static str>,
    days_ago: i64,
    question: (&'static str, &'static str),
    data: &'static [(&'static str, &'static str)],
}

const PAIR: [Duplicate; 2] = [
    Duplicate {
        name: "Ana Souza",
        email: FIRST_EMAIL,
        phone: None,
        company: Some("Brisa Swimwear"),
        city: Some("São Paulo"),
        days_ago: 40,
        question: (
            "Photo reviews not showing",
            "Hi! Customers upload photos with their reviews but the gallery stays empty on mobile.",
        ),
        data: &[("plan", "\"pro\""), ("reviews_count", "212")],
    },
    Duplicate {
        name: "Ana C. Souza",
        email: SECOND_EMAIL,
        phone: Some("+55 11 5555 0142"),
        company: None,
        city: None,
        days_ago: 6,
        question: (
            "Upsell at checkout",
            "Hello, this is Ana from Brisa Swimwear again — can the upsell show on the checkout page?",
        ),
        data: &[("funnels", "2"), ("onboarding_completed", "false")],
    },
];

/// `apps`: Product Reviews, then Upsell Pro; one duplicate each.
pub async fn seed(
    db: &impl ConnectionTrait,
    org: i64,
    apps: [i64; 2],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    for (duplicate, app_id) in PAIR.iter().zip(apps) {
        let created = now - Duration::days(duplicate.days_ago);
        let text = |value: Option<&str>| value.map(|v| Some(v.to_owned()));
        let values = ContactChanges {
            name: text(Some(duplicate.name)),
            email: text(Some(duplicate.email)),
            phone: text(duplicate.phone),
            company: text(duplicate.company),
            city: text(duplicate.city),
            country: text(Some("BR")),
            time_zone: text(Some("America/Sao_Paulo")),
            last_seen_at: Some(created + Duration::days(1)),
            ..ContactChanges::default()
        };
        let contact = repo::contacts::insert(db, org, values, created).await?;
        insert_app_contact(db, org, contact.id, app_id, created, created + Duration::days(1)).await?;
        for (key, value) in duplicate.data {
            let value: serde_json::Value = serde_json::from_str(value)?;
            let write = KeyWrite {
                organization_id: org,
                contact_id: contact.id,
                app_id,
                key,
                value: &value,
                source: CustomDataSource::Identify,
                at: created,
            };
            repo::custom_data::write_key(db, &write, true).await?;
        }
        let (title, body) = duplicate.question;
        let conversation = insert_conversation(
            db,
            org,
            app_id,
            contact.id,
            (title, body, "", ""),
            ConversationStatus::Open,
            created,
            false,
        )
        .await?;
        let message = NewMessage {
            organization_id: org,
            conversation_id: conversation,
            message_type: MessageType::Incoming,
            content: body,
            author: Author::Contact(contact.id),
            at: created,
        };
        repo::messages::insert(db, message).await?;
    }
    Ok(())
}
