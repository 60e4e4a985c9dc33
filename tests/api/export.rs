//! `GET /contacts/export.csv` (the list's filter as streamed CSV) and
//! `GET /contacts/{id}/export.json` (the access request): columns, filters, chunking, failure
//! mid-stream, permissions, tenancy, revenue redaction and erasure.
use crate::helpers::*;
use crate::on_all_databases;
use reqwest::{Method, StatusCode};
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};

mod access_request;

pub(crate) const ACME: &str = "(SELECT id FROM organizations WHERE name = 'Acme Apps')";

/// One parsed export: the header and each row by column name.
pub(crate) struct Csv {
    header: Vec<String>,
    rows: Vec<HashMap<String, String>>,
}

impl Csv {
    pub(crate) fn parse(text: &str) -> Csv {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
        let rows = reader
            .records()
            .map(|record| {
                let record = record.unwrap();
                assert_eq!(record.len(), header.len(), "every row has every column");
                header
                    .iter()
                    .cloned()
                    .zip(record.iter().map(str::to_owned))
                    .collect()
            })
            .collect();
        Csv { header, rows }
    }

    pub(crate) fn ids(&self) -> Vec<i64> {
        self.rows.iter().map(|r| r["id"].parse().unwrap()).collect()
    }

    fn row(&self, id: i64) -> &HashMap<String, String> {
        self.rows
            .iter()
            .find(|r| r["id"] == id.to_string())
            .unwrap_or_else(|| panic!("contact {id} is exported"))
    }
}

/// What the import does to a cell: one leading `'` before a formula lead goes.
fn unescape(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

pub(crate) async fn export(
    app: &TestApp,
    token: &str,
    query: &str,
) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let response = app
        .request(
            Method::GET,
            &format!("/api/v1/contacts/export.csv{query}"),
            Some(token),
        )
        .send()
        .await
        .unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.text().await.unwrap())
}

async fn export_ok(app: &TestApp, token: &str, query: &str) -> Csv {
    let (status, _, body) = export(app, token, query).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    Csv::parse(&body)
}

/// Every contact id of the list for `query`, walked through its pages.
async fn listed_ids(app: &TestApp, token: &str, query: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = format!(
            "/api/v1/contacts?sort=created&limit=100{query}{}",
            cursor
                .as_ref()
                .map(|c| format!("&cursor={c}"))
                .unwrap_or_default()
        );
        let (status, page) = app.get_json(&path, token).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        ids.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_i64().unwrap()),
        );
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return ids,
        }
    }
}

fn text(value: &Value) -> String {
    value.as_str().map(str::to_owned).unwrap_or_default()
}

/// The cell a custom-data value is written as.
fn cell_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

const CORE: [&str; 15] = [
    "id",
    "email",
    "external_id",
    "name",
    "phone",
    "company",
    "city",
    "region",
    "country",
    "time_zone",
    "shopify_domain",
    "avatar_url",
    "created_at",
    "updated_at",
    "tags",
];

async fn the_csv_holds_every_contact_as_the_api_shows_it(app: TestApp) {
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    let (status, headers, body) = export(&app, &token, "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    let today = chrono::Utc::now().format("%Y-%m-%d");
    assert_eq!(
        headers["content-disposition"],
        format!("attachment; filename=\"contacts-{today}.csv\"").as_str()
    );
    assert!(
        body.ends_with("\r\n") && !body.starts_with('\u{feff}'),
        "CRLF, no BOM"
    );
    let csv = Csv::parse(&body);
    assert_eq!(&csv.header[..15], CORE);
    // One column per (app, key) of the organization, by app name then key.
    let backend = app.db.get_database_backend();
    let pairs = app
        .db
        .query_all_raw(sea_orm::Statement::from_string(
            backend,
            format!(
                "SELECT DISTINCT a.name, ca.key FROM custom_attributes ca JOIN apps a ON a.id = ca.app_id \
                 WHERE ca.organization_id = {ACME}"
            ),
        ))
        .await
        .unwrap()
        .iter()
        .map(|row| {
            let app: String = row.try_get("", "name").unwrap();
            let key: String = row.try_get("", "key").unwrap();
            format!("app:{app}:{key}")
        })
        .collect::<BTreeSet<_>>();
    assert!(pairs.len() > 2, "the demo has custom data");
    assert_eq!(csv.header[15..].to_vec(), pairs.into_iter().collect::<Vec<_>>());

    // The same contacts as the list, newest first, each as its profile shows it.
    let listed = listed_ids(&app, &token, "").await;
    assert_eq!(csv.ids(), listed);
    for id in listed {
        let row = csv.row(id);
        let (_, profile) = app.get_json(&format!("/api/v1/contacts/{id}"), &token).await;
        for field in [
            "email",
            "external_id",
            "name",
            "phone",
            "company",
            "time_zone",
            "shopify_domain",
            "avatar_url",
        ] {
            assert_eq!(
                unescape(&row[field]),
                text(&profile[field]),
                "contact {id} {field}"
            );
        }
        for field in ["city", "region", "country"] {
            assert_eq!(
                row[field],
                text(&profile["location"][field]),
                "contact {id} {field}"
            );
        }
        for field in ["created_at", "updated_at"] {
            assert_eq!(row[field], text(&profile[field]), "contact {id} {field}");
        }
        let mut tags: Vec<String> = profile["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| text(&t["name"]))
            .collect();
        tags.sort();
        assert_eq!(row["tags"], tags.join(","), "contact {id} tags");
        let mut expected: HashMap<String, String> = HashMap::new();
        for group in profile["custom_data"].as_array().unwrap() {
            for item in group["items"].as_array().unwrap() {
                let column = format!("app:{}:{}", text(&group["app_name"]), text(&item["key"]));
                expected.insert(column, cell_of(&item["value"]));
            }
        }
        for column in &csv.header[15..] {
            assert_eq!(
                unescape(&row[column]),
                expected.get(column).map(String::as_str).unwrap_or(""),
                "contact {id} {column}"
            );
        }
    }
}

async fn the_csv_follows_the_lists_search_and_tag_filter(app: TestApp) {
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    for query in ["&q=priya", "&q=BERGSCHUH.DE", "&tag=Beta-Tester", "&q=a&tag=vip"] {
        let listed = listed_ids(&app, &token, query).await;
        let csv = export_ok(&app, &token, &format!("?{}", &query[1..])).await;
        assert_eq!(csv.ids(), listed, "filter {query}");
    }
    assert!(!listed_ids(&app, &token, "&tag=beta-tester").await.is_empty());
    let unknown = export_ok(&app, &token, "?tag=no-such-tag").await;
    assert!(unknown.rows.is_empty(), "an unknown tag exports the header alone");
    assert_eq!(&unknown.header[..15], CORE);
    let (status, _, body) = export(&app, &token, &format!("?q={}", "x".repeat(201))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

async fn provenance_follows_each_custom_data_column(app: TestApp) {
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    let plain = export_ok(&app, &token, "").await;
    let csv = export_ok(&app, &token, "?provenance=true").await;
    let custom: Vec<&String> = plain.header[15..].iter().collect();
    let expected: Vec<String> = custom
        .iter()
        .flat_map(|c| [c.to_string(), format!("{c}:provenance")])
        .collect();
    assert_eq!(csv.header[15..].to_vec(), expected);
    let mut checked = 0;
    for id in csv.ids() {
        let (_, profile) = app.get_json(&format!("/api/v1/contacts/{id}"), &token).await;
        for group in profile["custom_data"].as_array().unwrap() {
            for item in group["items"].as_array().unwrap() {
                let column = format!(
                    "app:{}:{}:provenance",
                    text(&group["app_name"]),
                    text(&item["key"])
                );
                let at = chrono::DateTime::parse_from_rfc3339(item["updated_at"].as_str().unwrap()).unwrap();
                let cell = &csv.row(id)[&column];
                let (source, written) = cell.split_once(' ').unwrap();
                assert_eq!(source, text(&item["source"]), "{id} {column}");
                assert!(written.ends_with('Z'), "UTC: {cell}");
                assert_eq!(
                    chrono::DateTime::parse_from_rfc3339(written).unwrap(),
                    at,
                    "{id} {column}"
                );
                checked += 1;
            }
        }
        // A key this contact does not have leaves both cells empty.
        for column in &custom {
            if csv.row(id)[*column].is_empty() {
                assert_eq!(csv.row(id)[&format!("{column}:provenance")], "");
            }
        }
    }
    assert!(checked > 0);
}

async fn cells_a_spreadsheet_would_run_are_escaped(app: TestApp) {
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await;
    let id = app
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM contacts WHERE organization_id = {ACME}"
        ))
        .await;
    let (status, body) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/contacts/{id}"),
            Some(&token),
            &json!({"name": "=HYPERLINK(\"http://evil\")", "company": "@SUM(A1)", "phone": "+44 20 7946 0000",
                    "location": {"city": "-Oslo", "country": "a=b"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/contacts/{id}/custom_data/{}", reviews.id),
            Some(&token),
            &json!({"formula": "=1+1", "balance": -5, "ratio": 1.5, "active": false}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let csv = export_ok(&app, &token, "").await;
    let row = csv.row(id);
    assert_eq!(row["name"], "'=HYPERLINK(\"http://evil\")");
    assert_eq!(row["company"], "'@SUM(A1)");
    assert_eq!(row["phone"], "'+44 20 7946 0000");
    assert_eq!(row["city"], "'-Oslo");
    assert_eq!(row["country"], "a=b", "only a leading formula character counts");
    assert_eq!(row["app:Product Reviews:formula"], "'=1+1");
    assert_eq!(row["app:Product Reviews:balance"], "-5", "numbers are not text");
    assert_eq!(row["app:Product Reviews:ratio"], "1.5");
    assert_eq!(row["app:Product Reviews:active"], "false");
    for (field, value) in row {
        if !field.starts_with("app:") || field.ends_with(":balance") {
            continue;
        }
        assert!(!value.starts_with(['=', '+', '-', '@']), "{field}: {value}");
    }
}

/// `count` contacts in Acme (emails `bulk{i}@export.test`) seen by Product Reviews: every
/// contact has `plan` (`pro` for even i, `free` for odd) and `seats` = i, every third the
/// tag `bulk-vip`. Returns the first id.
async fn insert_bulk_contacts(app: &TestApp, count: i64) -> i64 {
    let reviews = app.demo_app("Product Reviews").await.id;
    let (json, series) = match app.db.get_database_backend() {
        sea_orm::DbBackend::Postgres => ("::jsonb", format!("generate_series(1, {count}) AS s(i)")),
        _ => (
            "",
            format!("(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) SELECT i FROM n) s"),
        ),
    };
    let now = format!("(SELECT created_at FROM organizations WHERE id = {ACME})");
    app.db_execute(&format!(
        "INSERT INTO contacts (organization_id, email, name, created_at, updated_at) \
         SELECT {ACME}, 'bulk' || s.i || '@export.test', 'Bulk ' || s.i, {now}, {now} FROM {series} ORDER BY s.i"
    ))
    .await;
    let bulk = "FROM contacts c WHERE c.email LIKE 'bulk%@export.test'";
    let number = "CAST(SUBSTR(c.email, 5, LENGTH(c.email) - 16) AS INTEGER)";
    app.db_execute(&format!(
        "INSERT INTO app_contacts (organization_id, contact_id, app_id, first_seen_at, last_seen_at) \
         SELECT c.organization_id, c.id, {reviews}, c.created_at, c.created_at {bulk}"
    ))
    .await;
    for (key, value) in [
        (
            "plan",
            format!("(CASE WHEN {number} % 2 = 0 THEN '\"pro\"' ELSE '\"free\"' END){json}"),
        ),
        ("seats", format!("CAST({number} AS TEXT){json}")),
    ] {
        app.db_execute(&format!(
            "INSERT INTO custom_attributes (organization_id, contact_id, app_id, key, value, source, updated_at) \
             SELECT c.organization_id, c.id, {reviews}, '{key}', {value}, 'api', c.created_at {bulk}"
        ))
        .await;
    }
    // SELECT, not VALUES with subqueries, which Citus refuses for a distributed table.
    app.db_execute(
        "INSERT INTO tags (organization_id, name, color, scope, created_at) \
         SELECT id, 'bulk-vip', 'red', 'contact', created_at FROM organizations WHERE name = 'Acme Apps'",
    )
    .await;
    app.db_execute(&format!(
        "INSERT INTO contact_tags (organization_id, contact_id, tag_id, created_at) \
         SELECT c.organization_id, c.id, t.id, c.created_at FROM contacts c \
         JOIN tags t ON t.organization_id = c.organization_id AND t.name = 'bulk-vip' \
         WHERE c.email LIKE 'bulk%@export.test' AND {number} % 3 = 0"
    ))
    .await;
    app.scalar_i64(&format!("SELECT MIN(c.id) {bulk}")).await
}

async fn an_export_longer_than_one_chunk_loses_and_repeats_nothing(app: TestApp) {
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    // Chunks are 500 contacts: this export takes three.
    insert_bulk_contacts(&app, 1_234).await;
    let csv = export_ok(&app, &token, "?q=export.test").await;
    assert_eq!(csv.rows.len(), 1_234);
    let ids = csv.ids();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first, each once");
    for row in &csv.rows {
        let i: i64 = row["email"]
            .trim_start_matches("bulk")
            .trim_end_matches("@export.test")
            .parse()
            .unwrap();
        assert_eq!(row["name"], format!("Bulk {i}"));
        assert_eq!(
            row["app:Product Reviews:plan"],
            if i % 2 == 0 { "pro" } else { "free" }
        );
        assert_eq!(row["app:Product Reviews:seats"], i.to_string());
        let tags: BTreeSet<&str> = row["tags"].split(',').filter(|t| !t.is_empty()).collect();
        assert_eq!(tags.contains("bulk-vip"), i % 3 == 0, "contact {i}: {tags:?}");
    }
    let everyone = export_ok(&app, &token, "").await;
    assert_eq!(everyone.ids(), listed_ids(&app, &token, "").await);
    let vip = export_ok(&app, &token, "?tag=bulk-vip").await;
    assert_eq!(vip.rows.len(), 1_234 / 3);
}

/// A failure after the header was sent must not look like a complete download: the body ends
/// without its last chunk, so the client's read fails.
async fn a_failure_mid_stream_fails_the_download_instead_of_truncating_it(app: TestApp) {
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    let oldest = insert_bulk_contacts(&app, 1_234).await;
    // The oldest contact is in the last chunk; a source this build cannot read fails that read.
    app.db_execute(&format!(
        "UPDATE custom_attributes SET source = 'unreadable' WHERE contact_id = {oldest} AND key = 'plan'"
    ))
    .await;
    let response = app
        .request(
            Method::GET,
            "/api/v1/contacts/export.csv?q=export.test",
            Some(&token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "the first chunks went out");
    let body = response.bytes().await;
    assert!(body.is_err(), "the download fails instead of ending cleanly");
    assert!(captured_logs().contains("contact export failed mid-stream"));
}

async fn only_owners_and_admins_export_and_never_another_organizations_contacts(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let agent = app.login(ACME_AGENT).await;
    let globex = app.login(GLOBEX_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await;
    let key = app.api_key(&owner, reviews.id, &["contacts:read"]).await;
    let acme_contact = app
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM contacts WHERE organization_id = {ACME}"
        ))
        .await;
    for token in [&agent, &key] {
        let (status, _, body) = export(&app, token, "").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(error_code(&serde_json::from_str(&body).unwrap()), "forbidden");
        let (status, body) = app
            .get_json(&format!("/api/v1/contacts/{acme_contact}/export.json"), token)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    }
    let (status, _, _) = export(&app, "not-a-token", "").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Globex's export holds Globex's contacts and nothing of Acme's, its keys included.
    let csv = export_ok(&app, &globex, "").await;
    let globex_ids: BTreeSet<i64> = listed_ids(&app, &globex, "").await.into_iter().collect();
    assert!(!globex_ids.is_empty());
    assert_eq!(csv.ids().into_iter().collect::<BTreeSet<_>>(), globex_ids);
    assert!(
        !csv.header.iter().any(|c| c.starts_with("app:Product Reviews:")),
        "{:?}",
        csv.header
    );
    let (status, body) = app
        .get_json(&format!("/api/v1/contacts/{acme_contact}/export.json"), &globex)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let globex_contact = *globex_ids.iter().next().unwrap();
    let (status, _) = app
        .get_json(&format!("/api/v1/contacts/{globex_contact}/export.json"), &agent)
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "another organization's id is 404 even for an agent"
    );
    let (status, _) = app.get_json("/api/v1/contacts/abc/export.json", &owner).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// However many conversations and messages a contact has, the document costs the same number
/// of statements; and a CSV export's statements grow by chunk, not by contact.
async fn exports_cost_statements_per_section_and_per_chunk_not_per_row(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let org = app
        .scalar_i64("SELECT id FROM organizations WHERE name = 'Acme Apps'")
        .await;
    let reviews = app.demo_app("Product Reviews").await.id;
    let contact = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'priya@lotusleaf.in'")
        .await;
    let path = format!("/api/v1/contacts/{contact}/export.json");
    let before = app.statements_for_get(&path, &owner).await;
    let now = chrono::Utc::now();
    for n in 0..5 {
        let conversation =
            crate::fixtures::insert_conversation(&app, org, reviews, contact, &format!("Extra {n}"), "", now)
                .await;
        for _ in 0..3 {
            crate::fixtures::insert_message(&app, org, conversation, "incoming", "hello", now).await;
        }
    }
    let after = app.statements_for_get(&path, &owner).await;
    assert_eq!(
        before, after,
        "five more conversations, fifteen more messages, no more statements"
    );

    let csv_statements = |app: TestApp, token: String| async move {
        let start = app.statements.load(std::sync::atomic::Ordering::SeqCst);
        let (status, _, _) = export(&app, &token, "?q=export.test").await;
        assert_eq!(status, StatusCode::OK);
        app.statements.load(std::sync::atomic::Ordering::SeqCst) - start
    };
    insert_bulk_contacts(&app, 600).await;
    let two_chunks = csv_statements(app.clone(), owner.clone()).await;
    app.db_execute("DELETE FROM contacts WHERE email LIKE 'bulk%@export.test' AND CAST(SUBSTR(email, 5, LENGTH(email) - 16) AS INTEGER) > 100")
        .await;
    let one_chunk = csv_statements(app.clone(), owner.clone()).await;
    assert_eq!(
        two_chunks - one_chunk,
        3,
        "one chunk more is three statements more (contacts, tags, custom data)"
    );
}

on_all_databases!(
    the_csv_holds_every_contact_as_the_api_shows_it,
    the_csv_follows_the_lists_search_and_tag_filter,
    provenance_follows_each_custom_data_column,
    cells_a_spreadsheet_would_run_are_escaped,
    an_export_longer_than_one_chunk_loses_and_repeats_nothing,
    a_failure_mid_stream_fails_the_download_instead_of_truncating_it,
    only_owners_and_admins_export_and_never_another_organizations_contacts,
    exports_cost_statements_per_section_and_per_chunk_not_per_row,
);
