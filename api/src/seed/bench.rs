//! `convot seed --bench`: a large, realistic dataset for benchmarks, loaded with multi-row
//! inserts. Five organizations; the largest has 200k contacts, 2M events, 200k
//! conversations and 1M messages at scale 1, with a few heavy contacts holding hundreds of
//! conversations and thousands of events. Idempotent: an existing dataset is kept.
//!
//! The organization, its owner and its apps are single rows written by the demo's own row
//! writers; contacts, conversations, messages and events are built as ORM rows here and
//! inserted a thousand at a time instead of through the repo's one-row writers, which would
//! make millions of round trips.
use crate::auth::password::hash_password;
use crate::seed::rows::{insert_app, insert_organization, insert_user};
use chrono::{Duration, Utc};
use entity::*;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde_json::json;
use std::time::Instant;
use uuid::Uuid;

pub const BENCH_OWNER_DOMAIN: &str = "bench.convot.test";
const HEAVY_CONTACTS: usize = 20;
const HEAVY_CONVERSATIONS: usize = 300;
const HEAVY_EVENTS: usize = 5_000;
const MESSAGES_PER_CONVERSATION: usize = 5;
const CHUNK: usize = 1_000;

/// Sizes of the largest organization at scale 1; the other four hold a tenth each.
struct Sizes {
    contacts: usize,
    conversations: usize,
    events: usize,
}

fn sizes(scale: f64, largest: bool) -> Sizes {
    let factor = if largest { scale } else { scale / 10.0 };
    let n = |base: f64| ((base * factor) as usize).max(HEAVY_CONTACTS * 2);
    Sizes {
        contacts: n(200_000.0),
        conversations: n(200_000.0),
        events: n(2_000_000.0),
    }
}

pub async fn seed_bench(db: &DatabaseConnection, scale: f64) -> anyhow::Result<String> {
    let first = format!("owner1@{BENCH_OWNER_DOMAIN}");
    if user::Entity::find()
        .filter(user::Column::Email.eq(&first))
        .one(db)
        .await?
        .is_some()
    {
        return Ok("Benchmark data already present.".into());
    }
    let started = Instant::now();
    let password_hash = hash_password(crate::seed::demo::DEMO_PASSWORD)?;
    let mut report = String::new();
    for n in 1..=5 {
        let sizes = sizes(scale, n == 1);
        seed_organization(db, n, &sizes, &password_hash).await?;
        report.push_str(&format!(
            "Bench {n}: {} contacts, {} conversations, {} messages, {} events (owner{n}@{BENCH_OWNER_DOMAIN})\n",
            sizes.contacts,
            sizes.conversations,
            sizes.conversations * MESSAGES_PER_CONVERSATION,
            sizes.events
        ));
    }
    report.push_str(&format!("Loaded in {:.0} s.", started.elapsed().as_secs_f64()));
    Ok(report)
}

async fn seed_organization(
    db: &DatabaseConnection,
    n: usize,
    sizes: &Sizes,
    password_hash: &str,
) -> anyhow::Result<()> {
    let now = Utc::now();
    let org = insert_organization(db, &format!("Bench {n}"), now).await?;
    let (email, name) = (
        format!("owner{n}@{BENCH_OWNER_DOMAIN}"),
        format!("Bench Owner {n}"),
    );
    insert_user(db, org, &email, &name, "owner", password_hash, now).await?;
    let mut apps = Vec::new();
    for name in ["Reviews", "Upsell"] {
        apps.push(insert_app(db, org, &format!("{name} {n}"), now).await?);
    }

    let contacts: Vec<contact::ActiveModel> = (0..sizes.contacts)
        .map(|i| contact::ActiveModel {
            organization_id: Set(org),
            email: Set(Some(format!("user{i}@org{n}.bench.test"))),
            external_id: Set(Some(format!("ext-{n}-{i}"))),
            name: Set(Some(format!(
                "{} {}",
                FIRST[i % FIRST.len()],
                LAST[(i / FIRST.len()) % LAST.len()]
            ))),
            company: Set(Some(format!(
                "{} {}",
                LAST[i % LAST.len()],
                ["Goods", "Labs", "Studio", "Supply"][i % 4]
            ))),
            country: Set(Some(["US", "DE", "FR", "GB", "JP", "BR"][i % 6].into())),
            time_zone: Set(Some("Europe/Paris".into())),
            last_seen_at: Set(Some(now - Duration::minutes((i % 10_000) as i64))),
            created_at: Set(now - Duration::minutes(i as i64)),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    insert_chunks(db, contacts).await?;
    let contact_ids: Vec<i64> = contact::Entity::find()
        .select_only()
        .column(contact::Column::Id)
        .filter(contact::Column::OrganizationId.eq(org))
        .order_by_asc(contact::Column::Id)
        .into_tuple()
        .all(db)
        .await?;

    // The first contacts are heavy; the rest share what is left round-robin.
    let owner_of = |k: usize, heavy_each: usize, total: usize| -> i64 {
        let heavy_total = HEAVY_CONTACTS * heavy_each;
        if k < heavy_total.min(total / 2) {
            contact_ids[k / heavy_each]
        } else {
            contact_ids[HEAVY_CONTACTS + (k % (contact_ids.len() - HEAVY_CONTACTS))]
        }
    };

    let mut conversations = Vec::with_capacity(CHUNK);
    let mut messages = Vec::with_capacity(CHUNK * MESSAGES_PER_CONVERSATION);
    for k in 0..sizes.conversations {
        let id = Uuid::new_v4();
        let at = now - Duration::minutes(k as i64);
        let status = ["open", "pending", "resolved", "resolved"][k % 4];
        conversations.push(conversation::ActiveModel {
            organization_id: Set(org),
            id: Set(id),
            app_id: Set(apps[k % 2]),
            contact_id: Set(owner_of(k, HEAVY_CONVERSATIONS, sizes.conversations)),
            status: Set(status.into()),
            title: Set(TITLES[k % TITLES.len()].into()),
            summary: Set(if status == "resolved" {
                "Answered and closed.".into()
            } else {
                String::new()
            }),
            channel: Set("widget".into()),
            assignee_id: Set(None),
            identity_verified: Set(k % 3 == 0),
            created_at: Set(at - Duration::minutes(30)),
            last_activity_at: Set(at),
            resolved_at: Set((status == "resolved").then_some(at)),
        });
        for m in 0..MESSAGES_PER_CONVERSATION {
            messages.push(message::ActiveModel {
                organization_id: Set(org),
                conversation_id: Set(id),
                message_type: Set(if m % 2 == 0 { "incoming" } else { "outgoing" }.into()),
                content: Set(format!("{} (message {m})", TITLES[(k + m) % TITLES.len()])),
                author_user_id: Set(None),
                author_contact_id: Set(None),
                created_at: Set(at - Duration::minutes((MESSAGES_PER_CONVERSATION - m) as i64)),
                ..Default::default()
            });
        }
        if conversations.len() == CHUNK {
            conversation::Entity::insert_many(std::mem::take(&mut conversations))
                .exec(db)
                .await?;
            insert_chunks(db, std::mem::take(&mut messages)).await?;
        }
    }
    if !conversations.is_empty() {
        conversation::Entity::insert_many(conversations).exec(db).await?;
        insert_chunks(db, messages).await?;
    }

    let mut events = Vec::with_capacity(CHUNK);
    for k in 0..sizes.events {
        events.push(contact_event::ActiveModel {
            organization_id: Set(org),
            contact_id: Set(owner_of(k, HEAVY_EVENTS, sizes.events)),
            app_id: Set(Some(apps[k % 2])),
            name: Set(EVENTS[k % EVENTS.len()].into()),
            occurred_at: Set(now - Duration::seconds((k * 37 % 7_776_000) as i64)),
            properties: Set(json!({"n": k, "page": format!("/products/{}", k % 500)})),
            idempotency_key: Set(None),
            request_hash: Set(None),
            created_at: Set(now),
            ..Default::default()
        });
        if events.len() == CHUNK {
            contact_event::Entity::insert_many(std::mem::take(&mut events))
                .exec(db)
                .await?;
        }
    }
    if !events.is_empty() {
        contact_event::Entity::insert_many(events).exec(db).await?;
    }
    Ok(())
}

async fn insert_chunks<A>(db: &DatabaseConnection, rows: Vec<A>) -> anyhow::Result<()>
where
    A: sea_orm::ActiveModelTrait + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(CHUNK).collect();
        A::Entity::insert_many(chunk).exec(db).await?;
    }
    Ok(())
}

const FIRST: &[&str] = &[
    "Ada", "Ben", "Chloé", "Dev", "Elif", "Finn", "Grace", "Hiro", "Ines", "Jon", "Kira", "Luis", "Mina",
    "Noor", "Omar", "Pia",
];
const LAST: &[&str] = &[
    "Ahn", "Berg", "Costa", "Dumas", "Eze", "Fox", "Gill", "Haas", "Ito", "Jung", "Kern", "Lund", "Moss",
    "Nair", "Ortiz", "Park", "Quinn", "Roy",
];
const TITLES: &[&str] = &[
    "Widget not showing",
    "Billing question",
    "Import reviews",
    "Upsell popup twice",
    "Translate emails",
    "Annual plan discount",
    "Speed concerns",
    "Feature request",
];
const EVENTS: &[&str] = &[
    "page_viewed",
    "review_published",
    "plan_upgraded",
    "widget_opened",
    "upsell_accepted",
    "order_placed",
];
