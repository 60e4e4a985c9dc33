//! `GET /contacts` (search, tag filter, keyset pages) and `GET /contacts/{id}`.
use crate::helpers::*;
use crate::on_all_databases;
use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::Value;
use std::collections::HashSet;

async fn pages_walk_every_contact_once_newest_first(app: TestApp) {
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    let total = app.scalar_i64("SELECT COUNT(*) FROM contacts c JOIN organizations o ON o.id = c.organization_id WHERE o.name = 'Acme Apps'").await;
    let mut seen = Vec::new();
    let mut path = "/api/v1/contacts?sort=created&limit=6".to_owned();
    loop {
        let (status, page) = app.get_json(&path, &token).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 6);
        seen.extend(items.iter().map(|c| c["id"].as_i64().unwrap()));
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/contacts?sort=created&limit=6&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len() as i64, total);
    assert_eq!(
        seen.iter().collect::<HashSet<_>>().len(),
        seen.len(),
        "no duplicates"
    );
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "newest first");
}

async fn search_matches_name_email_company_and_external_id_case_insensitively(app: TestApp) {
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    let names = |body: &Value| -> Vec<String> {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    for (query, expected) in [
        ("priya", "Priya Raman"),
        ("BERGSCHUH.DE", "Jonas Weber"),
        ("kumo ceramics", "Kenji Sato"),
        ("praia-surf.myshopify", "Lucas Silva"),
    ] {
        let (status, body) = app
            .get_json(&format!("/api/v1/contacts?q={}", urlencode(query)), &token)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(names(&body), vec![expected.to_owned()], "query {query}");
    }
    // LIKE wildcards are literal characters, not patterns.
    let (_, body) = app.get_json("/api/v1/contacts?q=%25", &token).await;
    assert!(body["items"].as_array().unwrap().is_empty(), "{body}");
    let (_, body) = app.get_json("/api/v1/contacts?q=_", &token).await;
    assert!(body["items"].as_array().unwrap().is_empty(), "{body}");
}

async fn the_tag_filter_returns_only_tagged_contacts(app: TestApp) {
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    let tagged = app
        .scalar_i64("SELECT COUNT(*) FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id AND t.organization_id = ct.organization_id WHERE t.name = 'beta-tester'")
        .await;
    assert!(tagged > 1, "the demo data tags several beta testers");
    let (_, body) = app
        .get_json("/api/v1/contacts?tag=Beta-Tester&limit=100", &token)
        .await;
    assert_eq!(body["items"].as_array().unwrap().len() as i64, tagged);
    let (_, body) = app.get_json("/api/v1/contacts?tag=no-such-tag", &token).await;
    assert!(body["items"].as_array().unwrap().is_empty());
}

async fn a_contact_shows_its_details_and_an_anonymous_one_is_a_numbered_visitor(app: TestApp) {
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    let olivia = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    let (status, body) = app.get_json(&format!("/api/v1/contacts/{olivia}"), &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["display_name"], "Olivia Bennett");
    assert_eq!(body["initials"], "OB");
    assert_eq!(body["location"]["city"], "Portland");
    assert_eq!(body["time_zone"], "America/Los_Angeles");
    assert!(["online", "idle", "offline"].contains(&body["presence"].as_str().unwrap()));
    let visitor = app
        .scalar_i64("SELECT id FROM contacts WHERE email IS NULL AND name IS NULL")
        .await;
    let (_, body) = app.get_json(&format!("/api/v1/contacts/{visitor}"), &token).await;
    assert_eq!(body["display_name"], format!("Visitor #{visitor}"));
    assert_eq!(body["initials"], "V");
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Search follows every write (on SQLite through the FTS5 index's triggers), takes terms
/// literally, and pages through matches like the plain list.
async fn search_follows_writes_takes_terms_literally_and_pages(app: TestApp) {
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    let ids = |body: &Value| -> Vec<i64> {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect()
    };
    let search = |query: &str| {
        let (app, token) = (&app, &token);
        let path = format!("/api/v1/contacts?q={}&limit=100", urlencode(query));
        async move {
            let (status, body) = app.get_json(&path, token).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            body
        }
    };
    let priya = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'priya@lotusleaf.in'")
        .await;
    let (status, body) = app
        .send_json(
            reqwest::Method::PATCH,
            &format!("/api/v1/contacts/{priya}"),
            Some(&token),
            &serde_json::json!({"name": "Priya \"Quote\" 100%_off"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for query in ["\"QUOTE\"", "100%_o", "lotusleaf"] {
        assert_eq!(ids(&search(query).await), vec![priya], "query {query}");
    }
    // Each of these would match as a LIKE pattern (`%`, `_` as wildcards) but is not in her
    // fields as written; "Raman" was her name before the rename.
    for query in ["y%q", "1_0", "Raman"] {
        assert!(!ids(&search(query).await).contains(&priya), "query {query}");
    }
    // Matches of a common term, walked two at a time, are exactly what a LIKE finds.
    let acme = "(SELECT id FROM organizations WHERE name = 'Acme Apps')";
    let expected = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM contacts WHERE organization_id = {acme} AND (LOWER(name) LIKE '%.com%' \
             OR LOWER(email) LIKE '%.com%' OR LOWER(company) LIKE '%.com%' OR LOWER(external_id) LIKE '%.com%')"
        ))
        .await;
    assert!(expected >= 5, "the demo data has several .com contacts");
    for sort in ["created", "last_seen", "name"] {
        let mut walked = Vec::new();
        let mut path = format!("/api/v1/contacts?q=.COM&sort={sort}&limit=2");
        loop {
            let (_, page) = app.get_json(&path, &token).await;
            walked.extend(ids(&page));
            match page["next_cursor"].as_str() {
                Some(cursor) => path = format!("/api/v1/contacts?q=.COM&sort={sort}&limit=2&cursor={cursor}"),
                None => break,
            }
        }
        assert_eq!(walked.len() as i64, expected, "sort {sort}");
        assert_eq!(
            walked.iter().collect::<HashSet<_>>().len(),
            walked.len(),
            "sort {sort}: no repeats"
        );
        if sort == "created" {
            assert!(walked.windows(2).all(|w| w[0] > w[1]), "newest first");
        }
        let (_, whole) = app
            .get_json(&format!("/api/v1/contacts?q=.com&sort={sort}&limit=100"), &token)
            .await;
        assert_eq!(
            walked,
            ids(&whole),
            "sort {sort}: pages of two read as one page does"
        );
    }
    // An erased contact is gone from search; on SQLite the index stays consistent.
    let (status, _) = app
        .send_json(
            reqwest::Method::DELETE,
            &format!("/api/v1/contacts/{priya}"),
            Some(&token),
            &serde_json::json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(ids(&search("lotusleaf").await).is_empty());
    if app.db.get_database_backend() == sea_orm::DbBackend::Sqlite {
        app.db
            .execute_unprepared("INSERT INTO contacts_search(contacts_search) VALUES ('integrity-check')")
            .await
            .expect("the FTS5 index matches the contacts table");
    }
}

/// On SQLite, a search walks the FTS5 trigram index and reads contacts by primary key only;
/// a plain scan of the contacts table is what made it slow. In id order (`sort=created`) the
/// walk stops at the page's end; the other orders sort the term's matches.
#[tokio::test]
async fn sqlite_search_reads_the_trigram_index_not_every_contact() {
    let app = spawn_app(Backend::Sqlite).await;
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    *app.recorded.lock().unwrap() = Some(Vec::new());
    let (status, _) = app
        .get_json(
            "/api/v1/contacts?q=lotusleaf&tag=beta-tester&sort=created",
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let statements = app.recorded.lock().unwrap().take().unwrap();
    let search = statements
        .iter()
        .find(|s| s.sql.contains("contacts_search MATCH"))
        .expect("the search went through the index");
    let plan = app
        .db
        .query_all_raw(sea_orm::Statement {
            sql: format!("EXPLAIN QUERY PLAN {}", search.sql),
            ..search.clone()
        })
        .await
        .unwrap();
    let details: Vec<String> = plan
        .iter()
        .map(|row| row.try_get::<String>("", "detail").unwrap())
        .collect();
    assert!(
        details
            .iter()
            .any(|d| d.contains("SCAN contacts_search VIRTUAL TABLE INDEX")),
        "{details:?}"
    );
    assert!(
        details
            .iter()
            .any(|d| d.starts_with("SEARCH c USING INTEGER PRIMARY KEY")),
        "{details:?}"
    );
    assert!(
        !details.iter().any(|d| d.starts_with("SCAN c ") || d == "SCAN c"),
        "contacts scanned: {details:?}"
    );
    assert!(
        !details.iter().any(|d| d.contains("TEMP B-TREE")),
        "matches come newest first from the index, so the walk stops at the page: {details:?}"
    );
}

/// Walks `GET /contacts?sort=…` `limit` rows at a time and returns every row it read.
async fn walk_contacts(app: &TestApp, token: &str, query: &str, limit: u64) -> Vec<Value> {
    let mut rows = Vec::new();
    let mut path = format!("/api/v1/contacts?{query}&limit={limit}");
    loop {
        let (status, page) = app.get_json(&path, token).await;
        assert_eq!(status, StatusCode::OK, "{path}: {page}");
        rows.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/contacts?{query}&limit={limit}&cursor={cursor}"),
            None => return rows,
        }
    }
}

/// The list's default order is last seen (never-seen contacts by creation), and `sort=name`
/// goes A to Z by name, else email, with nameless visitors last; pages of each walk every
/// contact once, even across ties, and a cursor never continues another order.
async fn the_list_sorts_by_last_seen_by_default_and_by_name_on_request(app: TestApp) {
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    let acme = "(SELECT id FROM organizations WHERE name = 'Acme Apps')";
    // Ties on both keys: two contacts seen at the same instant, two of the same name.
    app.db
        .execute_unprepared(&format!(
            "UPDATE contacts SET last_seen_at = (SELECT MAX(last_seen_at) FROM contacts WHERE organization_id = {acme}) \
             WHERE id IN (SELECT id FROM contacts WHERE organization_id = {acme} ORDER BY id LIMIT 2)"
        ))
        .await
        .unwrap();
    let reviews = app
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM apps WHERE organization_id = {acme}"
        ))
        .await;
    let key = app.api_key(&token, reviews, &["contacts:write"]).await;
    for twin in ["twin-1", "twin-2"] {
        let (status, body) = app
            .send_json(
                reqwest::Method::POST,
                "/api/v1/contacts",
                Some(&key),
                &serde_json::json!({"name": "aaron Twin", "external_id": twin}),
            )
            .await;
        assert!(status.is_success(), "{body}");
    }
    let total = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM contacts WHERE organization_id = {acme}"
        ))
        .await as usize;

    let by_seen = walk_contacts(&app, &token, "sort=last_seen", 4).await;
    let (_, default_page) = app.get_json("/api/v1/contacts?limit=100", &token).await;
    let ids = |rows: &[Value]| rows.iter().map(|c| c["id"].as_i64().unwrap()).collect::<Vec<_>>();
    assert_eq!(
        ids(&by_seen),
        ids(default_page["items"].as_array().unwrap()),
        "last_seen is the default"
    );
    assert_eq!(by_seen.len(), total);
    assert_eq!(
        ids(&by_seen).iter().collect::<HashSet<_>>().len(),
        total,
        "each contact once"
    );
    let seen_at = |c: &Value| {
        c["last_seen_at"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| c["created_at"].as_str().unwrap().to_owned())
    };
    let instants: Vec<chrono::DateTime<chrono::Utc>> =
        by_seen.iter().map(|c| seen_at(c).parse().unwrap()).collect();
    assert!(
        instants.windows(2).all(|w| w[0] >= w[1]),
        "most recently seen first: {instants:?}"
    );

    let by_name = walk_contacts(&app, &token, "sort=name", 3).await;
    assert_eq!(by_name.len(), total);
    assert_eq!(
        ids(&by_name).iter().collect::<HashSet<_>>().len(),
        total,
        "each contact once"
    );
    let key = |c: &Value| {
        c["name"]
            .as_str()
            .or(c["email"].as_str())
            .map(|k| k.to_ascii_lowercase())
    };
    let keys: Vec<Option<String>> = by_name.iter().map(key).collect();
    let named = keys.iter().take_while(|k| k.is_some()).count();
    assert!(
        keys[named..].iter().all(Option::is_none),
        "nameless contacts come last: {keys:?}"
    );
    assert!(keys[..named].windows(2).all(|w| w[0] <= w[1]), "A to Z: {keys:?}");
    assert_eq!(
        keys[0].as_deref(),
        Some("aaron twin"),
        "case does not decide the order"
    );
    assert!(named < total, "the demo data has anonymous visitors, sorted last");

    // A cursor belongs to its order; other values of `sort` are refused.
    let (_, first) = app.get_json("/api/v1/contacts?sort=name&limit=2", &token).await;
    let cursor = first["next_cursor"].as_str().unwrap();
    for query in [
        format!("sort=last_seen&cursor={cursor}"),
        format!("cursor={cursor}"),
    ] {
        let (status, body) = app.get_json(&format!("/api/v1/contacts?{query}"), &token).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        assert_eq!(body["error"]["code"], "validation_failed");
        assert!(body["error"]["details"]["fields"]["cursor"].is_string(), "{body}");
    }
    for sort in ["id", "", "NAME"] {
        let (status, body) = app
            .get_json(&format!("/api/v1/contacts?sort={sort}"), &token)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "sort={sort}: {body}");
        assert!(body["error"]["details"]["fields"]["sort"].is_string(), "{body}");
    }
}

on_all_databases!(
    the_list_sorts_by_last_seen_by_default_and_by_name_on_request,
    search_follows_writes_takes_terms_literally_and_pages,
    pages_walk_every_contact_once_newest_first,
    search_matches_name_email_company_and_external_id_case_insensitively,
    the_tag_filter_returns_only_tagged_contacts,
    a_contact_shows_its_details_and_an_anonymous_one_is_a_numbered_visitor,
);
