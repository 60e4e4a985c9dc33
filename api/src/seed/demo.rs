//! `convot seed`: the demo organizations of SPEC §11, with enough realistic contacts,
//! conversations, tags, custom data and events that every sidebar section has content.
//! Idempotent: an existing "Acme Apps" organization means the data is already there.
use crate::auth::password::hash_password;
use crate::seed::data::{ACME, CONVERSATIONS, EVENT_NAMES, GLOBEX, PEOPLE};
use crate::seed::rows::*;
use chrono::{Duration, Utc};
use entity::*;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
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
    app_operator::ActiveModel {
        organization_id: Set(acme),
        app_id: Set(reviews),
        user_id: Set(agent),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;

    let contact_tag_specs = [
        ("vip", "yellow", "contact"),
        ("churn-risk", "red", "contact"),
        ("beta-tester", "purple", "contact"),
        ("wholesale", "blue", "contact"),
    ];
    let conversation_tag_specs = [
        ("bug", "red", "conversation"),
        ("billing", "green", "conversation"),
        ("feature-request", "blue", "conversation"),
        ("urgent", "orange", "conversation"),
        ("follow-up", "teal", "both"),
    ];
    let mut contact_tags = Vec::new();
    for (name, color, scope) in contact_tag_specs {
        contact_tags.push(insert_tag(&txn, acme, name, color, scope, now).await?);
    }
    let mut conversation_tags = Vec::new();
    for (name, color, scope) in conversation_tag_specs {
        conversation_tags.push(insert_tag(&txn, acme, name, color, scope, now).await?);
    }

    let apps = [(reviews, "Product Reviews"), (upsell, "Upsell Pro")];
    for (index, person) in PEOPLE.iter().enumerate() {
        let (name, email, company, city, region, country, tz, shop) = *person;
        let created = now - Duration::days(90 - index as i64 * 3);
        let online = index < 2;
        let contact = contact::ActiveModel {
            organization_id: Set(acme),
            email: Set(Some(email.into())),
            external_id: Set(Some(format!("{shop}.myshopify.com"))),
            name: Set(Some(name.into())),
            phone: Set((index % 3 == 0).then(|| format!("+1 555 01{index:02}"))),
            company: Set(Some(company.into())),
            avatar_url: Set(None),
            city: Set(Some(city.into())),
            region: Set(Some(region.into())),
            country: Set(Some(country.into())),
            time_zone: Set(Some(tz.into())),
            shopify_domain: Set(Some(format!("{shop}.myshopify.com"))),
            last_heartbeat_at: Set(online.then_some(now)),
            heartbeat_visible: Set(online),
            last_activity_at: Set(online.then_some(now)),
            last_seen_at: Set(Some(
                now - Duration::minutes(if online { 0 } else { 37 * index as i64 + 5 }),
            )),
            created_at: Set(created),
            updated_at: Set(created),
            ..Default::default()
        }
        .insert(&txn)
        .await?;

        // Every contact uses Product Reviews; every third one Upsell Pro too.
        let used_apps: Vec<(i64, &str)> = if index % 3 == 0 {
            apps.to_vec()
        } else {
            vec![apps[0]]
        };
        for (app_id, app_name) in &used_apps {
            app_contact::ActiveModel {
                organization_id: Set(acme),
                contact_id: Set(contact.id),
                app_id: Set(*app_id),
                first_seen_at: Set(created),
                last_seen_at: Set(now - Duration::hours(index as i64)),
            }
            .insert(&txn)
            .await?;
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
                custom_attribute::ActiveModel {
                    organization_id: Set(acme),
                    contact_id: Set(contact.id),
                    app_id: Set(*app_id),
                    key: Set(key.into()),
                    value: Set(value),
                    source: Set(if key == "plan" {
                        "api".into()
                    } else {
                        "identify".into()
                    }),
                    // The demo apps identify their users with a user_hash.
                    verified: Set(true),
                    updated_at: Set(now - Duration::hours(seq.next(72) as i64 + 1)),
                }
                .insert(&txn)
                .await?;
            }
        }

        if index % 4 == 0 {
            let tag = contact_tags[index / 4 % contact_tags.len()];
            insert_contact_tag(&txn, acme, contact.id, tag, now).await?;
        }
        if index % 5 == 1 {
            insert_contact_tag(&txn, acme, contact.id, contact_tags[2], now).await?;
        }

        let conversation_count = 1 + (index % 3) + usize::from(index == 0) * 3;
        for n in 0..conversation_count {
            let (app_id, _) = used_apps[n % used_apps.len()];
            let spec = CONVERSATIONS[(index + n * 3) % CONVERSATIONS.len()];
            let started = now - Duration::hours((n as i64 * 70) + index as i64 * 5 + 2);
            let status = match (n, index % 3) {
                (0, 0) | (0, 1) => "open",
                (0, _) => "pending",
                _ => "resolved",
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
            insert_message(
                &txn,
                acme,
                conversation,
                "incoming",
                spec.1,
                None,
                Some(contact.id),
                started,
            )
            .await?;
            if status != "open" || n > 0 || index % 2 == 0 {
                insert_message(
                    &txn,
                    acme,
                    conversation,
                    "outgoing",
                    spec.2,
                    Some(owner),
                    None,
                    started + Duration::minutes(12),
                )
                .await?;
            }
            if index % 4 == 2 && n == 0 {
                insert_message(
                    &txn,
                    acme,
                    conversation,
                    "note",
                    "Checked their theme files: the app block was removed in the last update.",
                    Some(agent),
                    None,
                    started + Duration::minutes(20),
                )
                .await?;
            }
            if n == 0 && index % 3 == 0 {
                let tag = conversation_tags[index % conversation_tags.len()];
                conversation_tag::ActiveModel {
                    organization_id: Set(acme),
                    conversation_id: Set(conversation),
                    tag_id: Set(tag),
                    created_at: Set(now),
                }
                .insert(&txn)
                .await?;
            }
            if n == 0 && index % 5 == 0 {
                cc_email::ActiveModel {
                    organization_id: Set(acme),
                    conversation_id: Set(conversation),
                    email: Set(format!(
                        "billing@{}",
                        email.split('@').nth(1).unwrap_or("example.com")
                    )),
                    created_at: Set(now),
                }
                .insert(&txn)
                .await?;
            }
        }

        let event_count = 3 + seq.next(12) + if index == 0 { 30 } else { 0 };
        for e in 0..event_count {
            let (event_name, properties) =
                EVENT_NAMES[((index as u64 + e * 5) % EVENT_NAMES.len() as u64) as usize];
            let app_id = used_apps[e as usize % used_apps.len()].0;
            contact_event::ActiveModel {
                organization_id: Set(acme),
                contact_id: Set(contact.id),
                app_id: Set(Some(app_id)),
                name: Set(event_name.into()),
                occurred_at: Set(now - Duration::hours(e as i64 * 31 + seq.next(20) as i64)),
                properties: Set(serde_json::from_str(properties)?),
                idempotency_key: Set(None),
                request_hash: Set(None),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }

    // An anonymous visitor, so "Visitor #id" shows up in the inbox too.
    let visitor = contact::ActiveModel {
        organization_id: Set(acme),
        last_seen_at: Set(Some(now - Duration::minutes(3))),
        created_at: Set(now - Duration::hours(1)),
        updated_at: Set(now - Duration::hours(1)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    app_contact::ActiveModel {
        organization_id: Set(acme),
        contact_id: Set(visitor.id),
        app_id: Set(upsell),
        first_seen_at: Set(now - Duration::hours(1)),
        last_seen_at: Set(now - Duration::minutes(3)),
    }
    .insert(&txn)
    .await?;
    let visitor_conversation = insert_conversation(
        &txn,
        acme,
        upsell,
        visitor.id,
        ("", "", "", ""),
        "open",
        now - Duration::minutes(5),
        false,
    )
    .await?;
    insert_message(
        &txn,
        acme,
        visitor_conversation,
        "incoming",
        "Hi, does Upsell Pro work with Shopify Markets and multiple currencies?",
        None,
        Some(visitor.id),
        now - Duration::minutes(5),
    )
    .await?;

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
