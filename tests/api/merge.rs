//! Manual merge (SPEC §5, issue 17): `POST /contacts/{id}/merge` folds a duplicate into the
//! contact in the path. Rules, tombstones, permissions, tenancy, and the invariants: row
//! counts before and after, nothing orphaned, concurrent overlapping merges included.
use crate::fixtures::{insert_conversation, insert_message};
use crate::helpers::*;
use crate::on_all_databases;
use chrono::{DateTime, Duration, Utc};
use reqwest::{Method, StatusCode};
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{json, Value};

const FIRST: &str = "ana@brisa-swim.com.br";
const SECOND: &str = "ana.souza@brisa-swim.com.br";

async fn acme(app: &TestApp) -> i64 {
    app.scalar_i64("SELECT id FROM organizations WHERE name = 'Acme Apps'")
        .await
}

async fn contact_id(app: &TestApp, email: &str) -> i64 {
    app.scalar_i64(&format!("SELECT id FROM contacts WHERE email = '{email}'"))
        .await
}

async fn merge(app: &TestApp, token: &str, into: i64, body: Value) -> (StatusCode, Value) {
    app.send_json(
        Method::POST,
        &format!("/api/v1/contacts/{into}/merge"),
        Some(token),
        &body,
    )
    .await
}

/// A contact with one conversation (and message), one event, a widget session, app data and
/// one custom-data key (`{label}_key`, written at `data_at`) in `app_id`, and the given tag.
async fn person(app: &TestApp, label: &str, app_id: i64, tag_id: Option<i64>, data_at: DateTime<Utc>) -> i64 {
    let org = acme(app).await;
    let now = Utc::now();
    let contact = entity::contact::ActiveModel {
        organization_id: Set(org),
        email: Set(Some(format!("{label}@merge.test"))),
        name: Set(Some(format!("Person {label}"))),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let id = contact.id;
    entity::app_contact::ActiveModel {
        organization_id: Set(org),
        contact_id: Set(id),
        app_id: Set(app_id),
        first_seen_at: Set(data_at),
        last_seen_at: Set(data_at + Duration::minutes(1)),
    }
    .insert(&app.db)
    .await
    .unwrap();
    set_key(app, id, app_id, &format!("{label}_key"), json!(label), data_at).await;
    let conversation = insert_conversation(app, org, app_id, id, &format!("From {label}"), "", now).await;
    insert_message(app, org, conversation, "incoming", "hello", now).await;
    entity::contact_event::ActiveModel {
        organization_id: Set(org),
        contact_id: Set(id),
        app_id: Set(Some(app_id)),
        name: Set("signed_up".into()),
        occurred_at: Set(now),
        properties: Set(json!({})),
        // The same key on every fixture contact: merging must not collide on it.
        idempotency_key: Set(Some("signup".into())),
        request_hash: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    entity::widget_session::ActiveModel {
        organization_id: Set(org),
        app_id: Set(app_id),
        token_hash: Set(format!("hash-{label}")),
        contact_id: Set(Some(id)),
        identity_verified: Set(false),
        last_heartbeat_at: Set(None),
        heartbeat_visible: Set(false),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    entity::contact_note::ActiveModel {
        organization_id: Set(org),
        contact_id: Set(id),
        author_user_id: Set(None),
        body: Set(format!("About {label}")),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    if let Some(tag) = tag_id {
        entity::contact_tag::ActiveModel {
            organization_id: Set(org),
            contact_id: Set(id),
            tag_id: Set(tag),
            created_at: Set(now),
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    id
}

async fn set_key(app: &TestApp, contact: i64, app_id: i64, key: &str, value: Value, at: DateTime<Utc>) {
    entity::custom_attribute::ActiveModel {
        organization_id: Set(acme(app).await),
        contact_id: Set(contact),
        app_id: Set(app_id),
        key: Set(key.into()),
        value: Set(value),
        source: Set("api".into()),
        verified: Set(true),
        updated_at: Set(at),
    }
    .insert(&app.db)
    .await
    .unwrap();
}

const MOVED_TABLES: [&str; 6] = [
    "conversations",
    "contact_events",
    "widget_sessions",
    "messages",
    "contact_notes",
    "contact_merges",
];

/// No row anywhere points at a contact that does not exist.
async fn assert_nothing_orphaned(app: &TestApp) {
    for (table, column) in [
        ("conversations", "contact_id"),
        ("contact_events", "contact_id"),
        ("widget_sessions", "contact_id"),
        ("app_contacts", "contact_id"),
        ("custom_attributes", "contact_id"),
        ("contact_tags", "contact_id"),
        ("contact_notes", "contact_id"),
        ("messages", "author_contact_id"),
        ("change_events", "contact_id"),
        ("contact_merges", "into_contact_id"),
    ] {
        let orphans = app
            .scalar_i64(&format!(
                "SELECT COUNT(*) FROM {table} t WHERE t.{column} IS NOT NULL AND NOT EXISTS \
                 (SELECT 1 FROM contacts c WHERE c.organization_id = t.organization_id AND c.id = t.{column})"
            ))
            .await;
        assert_eq!(orphans, 0, "{table}.{column} points at a missing contact");
    }
    let gone_but_present = app
        .scalar_i64("SELECT COUNT(*) FROM contact_merges m JOIN contacts c ON c.organization_id = m.organization_id AND c.id = m.merged_contact_id")
        .await;
    assert_eq!(gone_but_present, 0, "a merged-away contact still exists");
}

async fn merging_the_demo_duplicates_moves_everything_and_leaves_a_trail(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let (into, from) = (contact_id(&app, FIRST).await, contact_id(&app, SECOND).await);
    let conversations = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM conversations WHERE contact_id IN ({into}, {from})"
        ))
        .await;
    let keys = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM custom_attributes WHERE contact_id IN ({into}, {from})"
        ))
        .await;
    let (status, note) = app
        .send_json(
            Method::POST,
            &format!("/api/v1/contacts/{from}/notes"),
            Some(&owner),
            &json!({"body": "Same person as the other Ana"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{note}");
    let before: Vec<i64> = futures_util::future::join_all(MOVED_TABLES.iter().map(|t| app.count(t))).await;
    let (status, profile) = merge(
        &app,
        &owner,
        into,
        json!({"from_contact_id": from, "choose": {"name": "from", "email": "from"}}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{profile}");
    // Chosen: the merged contact's name and email (its unique email moved over).
    assert_eq!(profile["name"], "Ana C. Souza");
    assert_eq!(profile["email"], SECOND);
    // Defaults: the survivor's non-empty values, else the merged contact's.
    assert_eq!(profile["company"], "Brisa Swimwear");
    assert_eq!(profile["location"]["city"], "São Paulo");
    assert_eq!(profile["phone"], "+55 11 5555 0142");
    assert_eq!(profile["counts"]["conversations"], conversations);
    let keys_now: usize = profile["custom_data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["items"].as_array().unwrap().len())
        .sum();
    assert_eq!(keys_now as i64, keys, "both apps' custom data is on the survivor");
    assert_eq!(profile["merges"][0]["merged_contact_id"], from);
    assert_eq!(profile["merges"][0]["merged_contact_label"], "Ana C. Souza");
    assert_eq!(profile["merges"][0]["merged_by_name"], "Dana Demo");
    let after: Vec<i64> = futures_util::future::join_all(MOVED_TABLES.iter().map(|t| app.count(t))).await;
    assert_eq!(
        &after[..5],
        &before[..5],
        "conversations, events, sessions, messages and notes are kept"
    );
    assert_eq!(after[5], before[5] + 1, "one tombstone");
    let (_, notes) = app
        .get_json(&format!("/api/v1/contacts/{into}/notes"), &owner)
        .await;
    assert!(
        notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["id"] == note["id"]),
        "the merged contact's note is on the survivor: {notes}"
    );
    assert_nothing_orphaned(&app).await;
    // The merged-away id answers 404 with where it went, on every contact endpoint.
    for path in ["", "/conversations", "/events", "/shopify", "/notes"] {
        let (status, body) = app
            .get_json(&format!("/api/v1/contacts/{from}{path}"), &owner)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
        assert_eq!(error_code(&body), "not_found");
        assert_eq!(body["error"]["details"]["merged_into"], into, "{path}");
    }
    let (status, body) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/contacts/{from}"),
            Some(&owner),
            &json!({"name": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["details"]["merged_into"], into);
    // The agent sees the survivor's activity line too.
    let agent = app.login(ACME_AGENT).await;
    let (_, seen) = app.get_json(&format!("/api/v1/contacts/{into}"), &agent).await;
    assert_eq!(seen["merges"][0]["merged_contact_label"], "Ana C. Souza");
    // A live notice for the survivor was recorded.
    let notices = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM change_events WHERE kind = 'contact' AND contact_id = {into}"
        ))
        .await;
    assert!(notices >= 1);
}

async fn custom_data_keeps_the_newer_value_unless_one_is_picked(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await.id;
    let t0 = Utc::now() - Duration::days(3);
    let into = person(&app, "into", reviews, None, t0).await;
    let from = person(&app, "from", reviews, None, t0).await;
    let (older, newer) = (t0, t0 + Duration::hours(5));
    set_key(&app, into, reviews, "plan", json!("free"), older).await;
    set_key(&app, from, reviews, "plan", json!("pro"), newer).await;
    set_key(&app, into, reviews, "seats", json!(10), newer).await;
    set_key(&app, from, reviews, "seats", json!(3), older).await;
    set_key(&app, into, reviews, "theme", json!("Dawn"), newer).await;
    set_key(&app, from, reviews, "theme", json!("Craft"), older).await;
    // Bad choices first: nothing is written.
    for (choose, field) in [
        (json!({"nickname": "from"}), "choose.nickname"),
        (json!({"name": "both"}), "choose.name"),
        (json!({format!("custom_data:{reviews}:nope"): "from"}), "nope"),
    ] {
        let (status, body) = merge(
            &app,
            &owner,
            into,
            json!({"from_contact_id": from, "choose": choose}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error_code(&body), "validation_failed");
        let fields = body["error"]["details"]["fields"].as_object().unwrap();
        assert!(fields.keys().any(|k| k.contains(field)), "{body}");
    }
    let (status, body) = merge(&app, &owner, into, json!({"from_contact_id": into})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"]["details"]["fields"]["from_contact_id"].is_string());
    let (status, body) = merge(&app, &owner, into, json!({"from_contact_id": 999_999})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(
        app.scalar_i64(&format!("SELECT COUNT(*) FROM contacts WHERE id = {from}"))
            .await,
        1
    );

    let (status, profile) = merge(
        &app,
        &owner,
        into,
        json!({"from_contact_id": from, "choose": {format!("custom_data:{reviews}:theme"): "from"}}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{profile}");
    let group = profile["custom_data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["app_id"] == reviews)
        .unwrap();
    let value = |key: &str| {
        group["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"] == key)
            .unwrap_or_else(|| panic!("{key} in {group}"))
            .clone()
    };
    assert_eq!(
        value("plan")["value"],
        "pro",
        "the merged contact's newer value wins"
    );
    assert_eq!(value("seats")["value"], 10, "the survivor's newer value stays");
    assert_eq!(value("theme")["value"], "Craft", "picked");
    assert_eq!(
        value("from_key")["value"],
        "from",
        "keys only the merged contact had move"
    );
    assert_eq!(value("into_key")["value"], "into");
    let plan_at: DateTime<Utc> = serde_json::from_value(value("plan")["updated_at"].clone()).unwrap();
    assert_eq!(
        plan_at.timestamp(),
        newer.timestamp(),
        "the winning value keeps its provenance"
    );
    // One app row, seen since the earlier first sighting.
    let rows = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM app_contacts WHERE contact_id IN ({into}, {from})"
        ))
        .await;
    assert_eq!(rows, 1);
    // Both events kept, though they shared an idempotency key.
    let events = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM contact_events WHERE contact_id = {into}"
        ))
        .await;
    assert_eq!(events, 2);
    assert_nothing_orphaned(&app).await;
}

async fn different_external_ids_are_refused_with_409(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let (into, from) = (contact_id(&app, FIRST).await, contact_id(&app, SECOND).await);
    for (id, external) in [(into, "shop-1"), (from, "shop-2")] {
        let (status, body) = app
            .send_json(
                Method::PATCH,
                &format!("/api/v1/contacts/{id}"),
                Some(&owner),
                &json!({"external_id": external}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let conversations = app.count("conversations").await;
    let (status, body) = merge(&app, &owner, into, json!({"from_contact_id": from})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(error_code(&body), "external_id_conflict");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("different people"));
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) FROM contacts WHERE id IN ({into}, {from})"
        ))
        .await,
        2
    );
    assert_eq!(app.count("conversations").await, conversations);
    assert_eq!(app.count("contact_merges").await, 0);
    // One external id and none is fine: it moves to the survivor.
    app.send_json(
        Method::PATCH,
        &format!("/api/v1/contacts/{into}"),
        Some(&owner),
        &json!({"external_id": null}),
    )
    .await;
    let (status, profile) = merge(&app, &owner, into, json!({"from_contact_id": from})).await;
    assert_eq!(status, StatusCode::OK, "{profile}");
    assert_eq!(profile["external_id"], "shop-2");
}

async fn a_chain_of_merges_points_every_old_id_at_the_current_survivor(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await.id;
    let now = Utc::now();
    let a = person(&app, "a", reviews, None, now).await;
    let b = person(&app, "b", reviews, None, now).await;
    let c = person(&app, "c", reviews, None, now).await;
    assert_eq!(
        merge(&app, &owner, a, json!({"from_contact_id": b})).await.0,
        StatusCode::OK
    );
    let (status, profile) = merge(&app, &owner, c, json!({"from_contact_id": a})).await;
    assert_eq!(status, StatusCode::OK, "{profile}");
    for gone in [a, b] {
        let (status, body) = app.get_json(&format!("/api/v1/contacts/{gone}"), &owner).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["error"]["details"]["merged_into"], c, "{gone}");
    }
    let labels: Vec<&str> = profile["merges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["merged_contact_label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels.len(),
        2,
        "both merges show on the final survivor: {labels:?}"
    );
    assert!(labels.contains(&"Person a") && labels.contains(&"Person b"));
    // Merging into an id that went: 404 naming the survivor, nothing written.
    let d = person(&app, "d", reviews, None, now).await;
    let (status, body) = merge(&app, &owner, a, json!({"from_contact_id": d})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["details"]["merged_into"], c);
    assert_eq!(
        app.scalar_i64(&format!("SELECT COUNT(*) FROM contacts WHERE id = {d}"))
            .await,
        1
    );
    // Erasing the survivor erases the trail.
    let (status, body) = app
        .send_json(
            Method::DELETE,
            &format!("/api/v1/contacts/{c}"),
            Some(&owner),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body} {}", captured_logs());
    assert_eq!(app.count("contact_merges").await, 0);
    assert_nothing_orphaned(&app).await;
}

async fn agents_merge_only_what_they_can_see_and_other_orgs_are_404(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let agent = app.login(ACME_AGENT).await;
    let globex = app.login(GLOBEX_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await.id;
    // The demo pair: one of them talks through Upsell Pro, which the agent does not operate.
    let (into, from) = (contact_id(&app, FIRST).await, contact_id(&app, SECOND).await);
    let (status, body) = merge(&app, &agent, into, json!({"from_contact_id": from})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(error_code(&body), "forbidden");
    assert_eq!(body["error"]["details"]["contact_id"], from);
    let (_, profile) = app.get_json(&format!("/api/v1/contacts/{from}"), &agent).await;
    assert_eq!(
        profile["counts"]["hidden_conversations"], 1,
        "the SPA hides the action from this agent"
    );
    // Another organization's ids are 404, in either place, and nothing is written.
    let (status, body) = merge(&app, &globex, into, json!({"from_contact_id": from})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let globex_contact = app
        .scalar_i64("SELECT MIN(c.id) FROM contacts c JOIN organizations o ON o.id = c.organization_id WHERE o.name = 'Globex'")
        .await;
    let (status, _) = merge(&app, &owner, into, json!({"from_contact_id": globex_contact})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = merge(&app, &owner, globex_contact, json!({"from_contact_id": from})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(app.count("contact_merges").await, 0);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) FROM contacts WHERE id IN ({into}, {from})"
        ))
        .await,
        2
    );
    // Two contacts whose conversations are all in the agent's app: the agent may merge them.
    let now = Utc::now();
    let x = person(&app, "x", reviews, None, now).await;
    let y = person(&app, "y", reviews, None, now).await;
    let (status, body) = merge(&app, &agent, x, json!({"from_contact_id": y})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["merges"][0]["merged_by_name"], "Alex Agent");
    // Unauthenticated and API keys cannot merge.
    let (status, _) = app
        .send_json(
            Method::POST,
            &format!("/api/v1/contacts/{x}/merge"),
            None,
            &json!({"from_contact_id": into}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn concurrent_overlapping_merges_lose_and_duplicate_nothing(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await.id;
    let upsell = app.demo_app("Upsell Pro").await.id;
    let vip = app.scalar_i64("SELECT id FROM tags WHERE name = 'vip'").await;
    let now = Utc::now();
    let mut ids = Vec::new();
    for i in 0..6 {
        let app_id = if i % 2 == 0 { reviews } else { upsell };
        ids.push(person(&app, &format!("p{i}"), app_id, (i % 3 == 0).then_some(vip), now).await);
    }
    let tables = [
        "conversations",
        "contact_events",
        "widget_sessions",
        "messages",
        "custom_attributes",
        "contact_notes",
    ];
    let count_all = || async {
        let mut counts = Vec::new();
        for table in tables {
            counts.push(app.count(table).await);
        }
        counts
    };
    let before = count_all().await;
    let contacts_before = app.count("contacts").await;
    // Overlapping pairs: a chain, a swap and a cycle, all at once.
    let pairs = [
        (ids[0], ids[1]),
        (ids[1], ids[2]),
        (ids[1], ids[0]),
        (ids[2], ids[3]),
        (ids[3], ids[4]),
        (ids[4], ids[5]),
        (ids[5], ids[0]),
        (ids[3], ids[2]),
    ];
    let results = futures_util::future::join_all(
        pairs
            .iter()
            .map(|(into, from)| merge(&app, &owner, *into, json!({"from_contact_id": from}))),
    )
    .await;
    let mut merged = 0;
    for ((into, from), (status, body)) in pairs.iter().zip(&results) {
        match status {
            &StatusCode::OK => merged += 1,
            &StatusCode::NOT_FOUND => assert!(
                body["error"]["details"]["merged_into"].is_i64(),
                "{into} <- {from}: a loser is told where the contact went: {body}"
            ),
            other => panic!("{into} <- {from}: {other} {body}"),
        }
    }
    assert!(merged >= 1);
    assert_eq!(
        count_all().await,
        before,
        "{tables:?}: nothing lost or duplicated"
    );
    assert_eq!(app.count("contacts").await, contacts_before - merged);
    assert_eq!(app.count("contact_merges").await, merged);
    assert_nothing_orphaned(&app).await;
    // Every fixture id is either alive or names a living survivor.
    for id in ids {
        let (status, body) = app.get_json(&format!("/api/v1/contacts/{id}"), &owner).await;
        if status == StatusCode::NOT_FOUND {
            let survivor = body["error"]["details"]["merged_into"].as_i64().unwrap();
            let (status, _) = app
                .get_json(&format!("/api/v1/contacts/{survivor}"), &owner)
                .await;
            assert_eq!(status, StatusCode::OK, "{id} -> {survivor}");
        } else {
            assert_eq!(status, StatusCode::OK);
        }
    }
    // The tag is on the survivors once each (a union, not a copy per merged contact).
    let duplicates = app
        .scalar_i64("SELECT COUNT(*) FROM (SELECT contact_id, tag_id FROM contact_tags GROUP BY contact_id, tag_id HAVING COUNT(*) > 1) d")
        .await;
    assert_eq!(duplicates, 0);
}

on_all_databases!(
    merging_the_demo_duplicates_moves_everything_and_leaves_a_trail,
    custom_data_keeps_the_newer_value_unless_one_is_picked,
    different_external_ids_are_refused_with_409,
    a_chain_of_merges_points_every_old_id_at_the_current_survivor,
    agents_merge_only_what_they_can_see_and_other_orgs_are_404,
    concurrent_overlapping_merges_lose_and_duplicate_nothing,
);
