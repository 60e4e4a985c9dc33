//! `convot seed`: the demo organizations of SPEC §11, with enough realistic contacts,
//! conversations, tags, custom data, events and notes that every sidebar section has content.
//! Idempotent: an existing "Acme Apps" organization means the data is already there.
use crate::auth::password::hash_password;
use crate::domain::contact::ContactChanges;
use crate::domain::conversation::{ConversationStatus, MessageType};
use crate::domain::custom_data::CustomDataSource;
use crate::domain::ids::{ContactId, TagId};
use crate::domain::tag::{TagColor, TagScope};
use crate::repo;
use crate::repo::custom_data::KeyWrite;
use crate::repo::events::EventInsert;
use crate::repo::messages::{Author, NewMessage};
use crate::seed::data::{ACME, CONVERSATIONS, EVENT_NAMES, GLOBEX, PEOPLE};
use crate::seed::rows::*;
use chrono::{Duration, Utc};
use entity::*;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};
use serde_json::json;

pub const DEMO_PASSWORD: &str = "convot-demo";

pub const LOGINS: &[(&str, &str)] = &[
    ("demo@convot.test", "owner of Acme Apps"),
    (
        "agent@convot.test",
        "agent of Acme Apps, operator of Product Reviews only",
    ),
    ("owner@globex.test", "owner of Globex"),
];

/// A deterministic sequence, so every seeded database looks the same.
struct Sequence(u64);

impl Sequence {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below.max(1)
    }
}

pub fn report(already: bool, apps: &[(String, String)]) -> String {
    let mut out = String::from(if already {
        "Demo data already present.\n"
    } else {
        "Demo data loaded.\n"
    });
    out.push_str(&format!("Demo logins (password `{DEMO_PASSWORD}`):\n"));
    for (email, what) in LOGINS {
        out.push_str(&format!("  {email:<22} {what}\n"));
    }
    if !apps.is_empty() {
        out.push_str("Widget app_id of each demo app (try them at /widget/demo/?app_id=…):\n");
        for (name, key) in apps {
            out.push_str(&format!("  {name:<22} {key}\n"));
        }
    }
    out
}

/// The demo organizations' apps only: seeding may run against a database with real tenants.
async fn demo_app_keys(db: &DatabaseConnection) -> anyhow::Result<Vec<(String, String)>> {
    let demo_orgs: Vec<i64> = organization::Entity::find()
        .filter(organization::Column::Name.is_in([ACME, GLOBEX]))
        .all(db)
        .await?
        .into_iter()
        .map(|o| o.id)
        .collect();
    let apps = app::Entity::find()
        .filter(app::Column::OrganizationId.is_in(demo_orgs))
        .order_by_asc(app::Column::Id)
        .all(db)
        .await?;
    Ok(apps.into_iter().map(|a| (a.name, a.public_key)).collect())
}

/// `encryption_key` (hex) seals the fixture Shopify token like a real one.
pub async fn seed_demo(db: &DatabaseConnection, encryption_key: &str) -> anyhow::Result<String> {
    let existing = organization::Entity::find()
        .filter(organization::Column::Name.eq(ACME))
        .one(db)
        .await?;
    if existing.is_some() {
        return Ok(report(true, &demo_app_keys(db).await?));
    }
    let password_hash = hash_password(DEMO_PASSWORD)?;
    let txn = db.begin().await?;
    let now = Utc::now();
    let mut seq = Sequence(20261124);

    let acme = insert_organization(&txn, ACME, now).await?;
    let reviews = insert_app(&txn, acme, "Product Reviews", now).await?;
    let upsell = insert_app(&txn, acme, "Upsell Pro", now).await?;
    let owner = insert_user(
        &txn,
        acme,
        "demo@convot.test",
        "Dana Demo",
        "owner",
        &password_hash,
        now,
    )
    .await?;
    let agent = insert_user(
        &txn,
        acme,
        "agent@convot.test",
        "Alex Agent",
        "agent",
        &password_hash,
        now,
    )
    .await?;
    insert_app_operator(&txn, acme, reviews, agent, now).await?;

    let contact_tag_specs = [
        ("vip", TagColor::Yellow, TagScope::Contact),
        ("churn-risk", TagColor::Red, TagScope::Contact),
        ("beta-tester", TagColor::Purple, TagScope::Contact),
        ("wholesale", TagColor::Blue, TagScope::Contact),
    ];
    let conversation_tag_specs = [
        ("bug", TagColor::Red, TagScope::Conversation),
        ("billing", TagColor::Green, TagScope::Conversation),
        ("feature-request", TagColor::Blue, TagScope::Conversation),
        ("urgent", TagColor::Orange, TagScope::Conversation),
        ("follow-up", TagColor::Teal, TagScope::Both),
    ];
    let mut contact_tags = Vec::new();
    for (name, color, scope) in contact_tag_specs {
        contact_tags.push(repo::tags::insert(&txn, acme, name, color, scope, now).await?.id);
    }
    let mut conversation_tags = Vec::new();
    for (name, color, scope) in conversation_tag_specs {
        conversation_tags.push(repo::tags::insert(&txn, acme, name, color, scope, now).await?.id);
    }

    let apps = [(reviews, "Product Reviews"), (upsell, "Upsell Pro")];
    let mut people = Vec::with_capacity(PEOPLE.len());
    for (index, person) in PEOPLE.iter().enumerate() {
        let (name, email, company, city, region, country, tz, shop) = *person;
        let created = now - Duration::days(90 - index as i64 * 3);
        let online = index < 2;
        let set = |value: String| Some(Some(value));
        let values = ContactChanges {
            email: set(email.into()),
            external_id: set(format!("{shop}.myshopify.com")),
            name: set(name.into()),
            phone: (index % 3 == 0).then(|| Some(format!("+1 555 01{index:02}"))),
            company: set(company.into()),
            city: set(city.into()),
            region: set(region.into()),
            country: set(country.into()),
            time_zone: set(tz.into()),
            shopify_domain: set(format!("{shop}.myshopify.com")),
            // The online ones are seen by their heartbeat below.
            last_seen_at: (!online).then(|| now - Duration::minutes(37 * index as i64 + 5)),
            ..ContactChanges::default()
        };
        let contact = repo::contacts::insert(&txn, acme, values, created).await?;
        people.push(contact.id);
        if online {
            // Their widget is open and in use right now.
            repo::widget_sessions::record_heartbeat(
                &txn,
                acme,
                contact.id,
                true,
                true,
                now,
                Duration::zero(),
            )
            .await?;
        }

        // Every contact uses Product Reviews; every third one Upsell Pro too.
        let used_apps: Vec<(i64, &str)> = if index % 3 == 0 {
            apps.to_vec()
        } else {
            vec![apps[0]]
        };
        for (app_id, app_name) in &used_apps {
            let last_seen = now - Duration::hours(index as i64);
            insert_app_contact(&txn, acme, contact.id, *app_id, created, last_seen).await?;
            let data = if *app_name == "Product Reviews" {
                vec![
                    ("plan", json!(["free", "pro", "business"][index % 3])),
                    ("reviews_count", json!(40 + seq.next(900))),
                    ("widget_installed", json!(index % 4 != 1)),
                    ("theme", json!(["Dawn", "Sense", "Craft", "Refresh"][index % 4])),
                ]
            } else {
                vec![
                    ("funnels", json!(1 + seq.next(6))),
                    ("upsell_revenue_usd", json!(100.0 + seq.next(5000) as f64 / 3.0)),
                    ("onboarding_completed", json!(index % 2 == 0)),
                ]
            };
            for (key, value) in data {
                let write = KeyWrite {
                    organization_id: acme,
                    contact_id: contact.id,
                    app_id: *app_id,
                    key,
                    value: &value,
                    source: if key == "plan" {
                        CustomDataSource::Api
                    } else {
                        CustomDataSource::Identify
                    },
                    at: now - Duration::hours(seq.next(72) as i64 + 1),
                };
                // Verified: the demo apps identify their users with a user_hash.
                repo::custom_data::write_key(&txn, &write, true).await?;
            }
        }

        if index % 4 == 0 {
            let tag = contact_tags[index / 4 % contact_tags.len()];
            repo::tags::tag_contact(&txn, acme, ContactId(contact.id), TagId(tag), now).await?;
        }
        if index % 5 == 1 {
            repo::tags::tag_contact(&txn, acme, ContactId(contact.id), TagId(contact_tags[2]), now).await?;
        }

        let conversation_count = 1 + (index % 3) + usize::from(index == 0) * 3;
        for n in 0..conversation_count {
            let (app_id, _) = used_apps[n % used_apps.len()];
            let spec = CONVERSATIONS[(index + n * 3) % CONVERSATIONS.len()];
            let started = now - Duration::hours((n as i64 * 70) + index as i64 * 5 + 2);
            let status = match (n, index % 3) {
                (0, 0) | (0, 1) => ConversationStatus::Open,
                (0, _) => ConversationStatus::Pending,
                _ => ConversationStatus::Resolved,
            };
            let conversation = insert_conversation(
                &txn,
                acme,
                app_id,
                contact.id,
                spec,
                status,
                started,
                n == 0 && index % 2 == 0,
            )
            .await?;
            let message = |message_type, content, author, at| NewMessage {
                organization_id: acme,
                conversation_id: conversation,
                message_type,
                content,
                author,
                at,
            };
            let first = message(
                MessageType::Incoming,
                spec.1,
                Author::Contact(contact.id),
                started,
            );
            repo::messages::insert(&txn, first).await?;
            if status != ConversationStatus::Open || n > 0 || index % 2 == 0 {
                let at = started + Duration::minutes(12);
                let reply = message(MessageType::Outgoing, spec.2, Author::Agent(owner), at);
                repo::messages::insert(&txn, reply).await?;
            }
            if index % 4 == 2 && n == 0 {
                let note = message(
                    MessageType::Note,
                    "Checked their theme files: the app block was removed in the last update.",
                    Author::Agent(agent),
                    started + Duration::minutes(20),
                );
                repo::messages::insert(&txn, note).await?;
            }
            if n == 0 && index % 3 == 0 {
                let tag = conversation_tags[index % conversation_tags.len()];
                repo::tags::tag_conversation(&txn, acme, conversation, tag, now).await?;
            }
            if n == 0 && index % 5 == 0 {
                let cc = format!("billing@{}", email.split('@').nth(1).unwrap_or("example.com"));
                repo::cc_emails::insert(&txn, acme, conversation, &cc, now).await?;
            }
        }

        let event_count = 3 + seq.next(12) + if index == 0 { 30 } else { 0 };
        for e in 0..event_count {
            let (event_name, properties) =
                EVENT_NAMES[((index as u64 + e * 5) % EVENT_NAMES.len() as u64) as usize];
            let app_id = used_apps[e as usize % used_apps.len()].0;
            let event = EventInsert {
                organization_id: acme,
                contact_id: contact.id,
                app_id: Some(app_id),
                name: event_name,
                occurred_at: now - Duration::hours(e as i64 * 31 + seq.next(20) as i64),
                properties: &serde_json::from_str(properties)?,
                idempotency_key: None,
                request_hash: None,
                created_at: now,
            };
            repo::events::insert(&txn, &event).await?;
        }
    }

    crate::seed::notes::seed(&txn, acme, &people, owner, agent, now).await?;

    // An anonymous visitor, so "Visitor #id" shows up in the inbox too.
    let (arrived, seen) = (now - Duration::hours(1), now - Duration::minutes(3));
    let values = ContactChanges {
        last_seen_at: Some(seen),
        ..ContactChanges::default()
    };
    let visitor = repo::contacts::insert(&txn, acme, values, arrived).await?;
    insert_app_contact(&txn, acme, visitor.id, upsell, arrived, seen).await?;
    let visitor_conversation = insert_conversation(
        &txn,
        acme,
        upsell,
        visitor.id,
        ("", "", "", ""),
        ConversationStatus::Open,
        now - Duration::minutes(5),
        false,
    )
    .await?;
    let first = NewMessage {
        organization_id: acme,
        conversation_id: visitor_conversation,
        message_type: MessageType::Incoming,
        content: "Hi, does Upsell Pro work with Shopify Markets and multiple currencies?",
        author: Author::Contact(visitor.id),
        at: now - Duration::minutes(5),
    };
    repo::messages::insert(&txn, first).await?;

    crate::seed::duplicates::seed(&txn, acme, [reviews, upsell], now).await?;

    crate::seed::globex::seed(&txn, &password_hash, now).await?;

    crate::seed::shopify::seed(
        &txn,
        acme,
        [("1001", reviews), ("1002", upsell)],
        encryption_key,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(report(false, &demo_app_keys(db).await?))
}
