//! Contact CSV import (`POST /contacts/imports`, `GET /contacts/imports/{id}`): mapping,
//! dry runs that write nothing, the server API's find-or-create rules per row, tags and typed
//! custom data, a second import of the same file changing nothing, permissions and tenancy,
//! and refused uploads. The runs themselves (progress, leases, resume) are in import_runs.rs.
use crate::helpers::*;
use crate::waiting::eventually;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;

pub(crate) const IMPORTS: &str = "/api/v1/contacts/imports";

pub(crate) async fn post_csv(app: &TestApp, token: &str, query: &str, csv: &str) -> (StatusCode, Value) {
    let response = app
        .request(Method::POST, &format!("{IMPORTS}{query}"), Some(token))
        .header("content-type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn post_form(
    app: &TestApp,
    token: &str,
    query: &str,
    csv: &str,
    mapping: Option<&Value>,
) -> (StatusCode, Value) {
    let boundary = "convot-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"people.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{csv}\r\n"
    );
    if let Some(mapping) = mapping {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"mapping\"\r\n\
             Content-Type: application/json\r\n\r\n{mapping}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let response = app
        .request(Method::POST, &format!("{IMPORTS}{query}"), Some(token))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Waits (polling, with a deadline) until the import is done or failed.
pub(crate) async fn wait_finished(app: &TestApp, token: &str, id: i64) -> Value {
    let path = format!("{IMPORTS}/{id}");
    eventually("the import finishes", Duration::from_secs(60), || async {
        let (status, body) = app.get_json(&path, token).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        matches!(body["status"].as_str(), Some("done" | "failed")).then_some(body)
    })
    .await
}

/// Queues the file and waits for it to finish.
pub(crate) async fn import(app: &TestApp, token: &str, csv: &str) -> Value {
    let (status, body) = post_csv(app, token, "", csv).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let done = wait_finished(app, token, body["id"].as_i64().unwrap()).await;
    assert_eq!(done["status"], "done", "{done}");
    done
}

async fn contact_by_email(app: &TestApp, token: &str, email: &str) -> Value {
    let id = app
        .scalar_i64(&format!("SELECT id FROM contacts WHERE email = '{email}'"))
        .await;
    let (status, profile) = app.get_json(&format!("/api/v1/contacts/{id}"), token).await;
    assert_eq!(status, StatusCode::OK, "{profile}");
    profile
}

async fn lines(app: &TestApp, sql: &str) -> Vec<String> {
    use sea_orm::ConnectionTrait;
    let backend = app.db.get_database_backend();
    app.db
        .query_all_raw(sea_orm::Statement::from_string(backend, sql.to_owned()))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<String>("", "line").unwrap())
        .collect()
}

/// Every row an import can write, in full, plus the change feed's length.
async fn dump(app: &TestApp) -> Vec<String> {
    let t = |column: &str| format!("COALESCE(CAST({column} AS TEXT), '-')");
    let contact_columns = [
        "id",
        "organization_id",
        "email",
        "external_id",
        "name",
        "phone",
        "company",
        "avatar_url",
        "avatar_trusted",
        "city",
        "region",
        "country",
        "time_zone",
        "shopify_domain",
        "last_seen_at",
        "created_at",
        "updated_at",
    ];
    let joined = |columns: &[&str]| {
        columns
            .iter()
            .map(|c| t(c))
            .collect::<Vec<_>>()
            .join(" || '|' || ")
    };
    let mut all = Vec::new();
    for sql in [
        format!(
            "SELECT {} AS line FROM contacts ORDER BY id",
            joined(&contact_columns)
        ),
        format!(
            "SELECT {} AS line FROM custom_attributes ORDER BY contact_id, app_id, key",
            joined(&[
                "contact_id",
                "app_id",
                "key",
                "value",
                "source",
                "verified",
                "updated_at"
            ])
        ),
        format!(
            "SELECT {} AS line FROM contact_tags ORDER BY contact_id, tag_id",
            joined(&["contact_id", "tag_id", "created_at"])
        ),
        format!(
            "SELECT {} AS line FROM tags ORDER BY id",
            joined(&["id", "name", "scope", "color"])
        ),
        format!(
            "SELECT {} AS line FROM app_contacts ORDER BY contact_id, app_id",
            joined(&["contact_id", "app_id", "first_seen_at", "last_seen_at"])
        ),
        "SELECT CAST(COUNT(*) AS TEXT) AS line FROM change_events".to_owned(),
    ] {
        all.push(format!("-- {sql}"));
        all.extend(lines(app, &sql).await);
    }
    all
}

async fn reviews_id(app: &TestApp) -> i64 {
    app.demo_app("Product Reviews").await.id
}

fn custom(profile: &Value, app_id: i64, key: &str) -> Value {
    profile["custom_data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["app_id"] == app_id)
        .and_then(|a| {
            a["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["key"] == key)
                .cloned()
        })
        .unwrap_or(Value::Null)
}

fn tag_names(profile: &Value) -> Vec<String> {
    let mut names: Vec<String> = profile["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

const EXPORT_SHAPED: &str = "id,email,external_id,name,phone,company,city,region,country,time_zone,shopify_domain,avatar_url,created_at,updated_at,tags,app:Product Reviews:plan,app:Product Reviews:plan:provenance,app:Product Reviews:seats,app:Product Reviews:trial,app:Product Reviews:formula\n\
999,ada@import.test,imp-ada,Ada Lovelace,+44 20 1234,Analytical Ltd,London,England,GB,Europe/London,ada-shop.myshopify.com,https://cdn.example.com/ada.png,2026-01-01T00:00:00Z,2026-01-01T00:00:00Z,\"imported,vip-import\",pro,identify 2026-12-01T10:00:00Z,3,true,'=SUM(A1)\n\
,grace@import.test,,\"Hopper, Grace\",,,,,,,,,,,imported,basic,,2.5,false,'-minus\n";

async fn the_export_format_maps_itself_and_imports(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = reviews_id(&app).await;
    let done = import(&app, &owner, EXPORT_SHAPED).await;
    assert_eq!(
        (
            done["total_rows"].as_i64(),
            done["processed_rows"].as_i64(),
            done["created_count"].as_i64()
        ),
        (Some(2), Some(2), Some(2)),
        "{done}"
    );
    assert_eq!(done["failed_count"], 0, "{done}");
    let targets: Vec<&str> = done["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["target"].as_str().unwrap())
        .collect();
    assert_eq!(targets[0], "ignore", "id is read-only");
    assert_eq!(targets[15], format!("custom_data:{reviews}:plan"));
    assert_eq!(targets[16], "ignore", "provenance columns are read-only");
    let ada = contact_by_email(&app, &owner, "ada@import.test").await;
    assert_eq!(ada["external_id"], "imp-ada");
    assert_eq!(ada["name"], "Ada Lovelace");
    assert_eq!(ada["phone"], "+44 20 1234");
    assert_eq!(ada["company"], "Analytical Ltd");
    assert_eq!(ada["location"]["city"], "London");
    assert_eq!(ada["time_zone"], "Europe/London");
    assert_ne!(ada["id"], 999, "the id column never picks an id");
    let shop = app
        .scalar_i64("SELECT COUNT(*) FROM contacts WHERE shopify_domain = 'ada-shop.myshopify.com'")
        .await;
    assert_eq!(shop, 1);
    assert_eq!(tag_names(&ada), vec!["imported", "vip-import"]);
    assert_eq!(custom(&ada, reviews, "plan")["value"], "pro");
    assert_eq!(custom(&ada, reviews, "plan")["source"], "api");
    assert_eq!(custom(&ada, reviews, "seats")["value"], json!(3));
    assert_eq!(custom(&ada, reviews, "trial")["value"], json!(true));
    assert_eq!(
        custom(&ada, reviews, "formula")["value"],
        "=SUM(A1)",
        "the escape quote is stripped"
    );
    let grace = contact_by_email(&app, &owner, "grace@import.test").await;
    assert_eq!(grace["name"], "Hopper, Grace");
    assert_eq!(custom(&grace, reviews, "seats")["value"], json!(2.5));
    assert_eq!(custom(&grace, reviews, "trial")["value"], json!(false));
    assert_eq!(custom(&grace, reviews, "formula")["value"], "-minus");
    let scope = app
        .scalar_i64("SELECT COUNT(*) FROM tags WHERE name = 'vip-import' AND scope = 'contact'")
        .await;
    assert_eq!(scope, 1, "a new tag joins the library with scope contact");
}

async fn a_mapping_renames_columns_by_form_or_query(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = reviews_id(&app).await;
    let csv = "E-mail,Full name,Plan,Notes\nmapped@import.test,Mapped Person,gold,ignored text\n";
    let mapping = json!({"E-mail": "email", "Full name": "name", "Plan": format!("custom_data:{reviews}:plan"), "Notes": "ignore"});
    let (status, preview) = post_form(&app, &owner, "?dry_run=true", csv, Some(&mapping)).await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    let sources: Vec<&str> = preview["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, vec!["mapping"; 4]);
    assert_eq!(preview["rows"][0]["fields"]["name"], "Mapped Person");
    assert_eq!(
        preview["rows"][0]["custom_data"][0],
        json!({"app_id": reviews, "key": "plan", "value": "gold"})
    );
    let (status, queued) = post_form(&app, &owner, "", csv, Some(&mapping)).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{queued}");
    assert_eq!(queued["file_name"], "people.csv");
    wait_finished(&app, &owner, queued["id"].as_i64().unwrap()).await;
    let person = contact_by_email(&app, &owner, "mapped@import.test").await;
    assert_eq!(person["name"], "Mapped Person");
    assert_eq!(custom(&person, reviews, "plan")["value"], "gold");
    // The same mapping as a query parameter, for a text/csv body.
    let query = format!("?dry_run=true&mapping={}", urlencode(&mapping.to_string()));
    let (status, preview) = post_csv(&app, &owner, &query, csv).await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["rows"][0]["action"], "unchanged", "{preview}");
    assert_eq!(preview["rows"][0]["contact_id"], person["id"]);
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn a_dry_run_reports_each_row_and_writes_nothing(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    app.db_execute(
        "INSERT INTO tags (organization_id, name, color, scope, created_at) \
         SELECT id, 'inbox-only', 'red', 'conversation', CURRENT_TIMESTAMP FROM organizations WHERE name = 'Acme Apps'",
    )
    .await;
    let existing = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'emma@nordlys.dk'")
        .await;
    let mut csv = String::from("email,name,avatar_url,tags\n");
    csv.push_str("fresh@import.test,Fresh,,brand-new\n");
    csv.push_str("emma@nordlys.dk,Emma Renamed,,\n");
    csv.push_str("not-an-email,Bad,,\n");
    csv.push_str("avatar@import.test,,javascript:alert(1),\n");
    csv.push_str("scoped@import.test,,,inbox-only\n");
    csv.push_str(",Nobody,,\n");
    for i in 0..30 {
        csv.push_str(&format!("bulk{i}@import.test,,,\n"));
    }
    let tables = [
        "contacts",
        "tags",
        "contact_tags",
        "custom_attributes",
        "change_events",
        "contact_imports",
        "app_contacts",
    ];
    let mut before = Vec::new();
    for table in tables {
        before.push(app.count(table).await);
    }
    let dumped = dump(&app).await;
    let (status, preview) = post_csv(&app, &owner, "?dry_run=true", &csv).await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["dry_run"], true);
    assert_eq!(preview["total_rows"], 36);
    let rows = preview["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 20, "the first 20 rows");
    let actions: Vec<&str> = rows[..6].iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        vec!["create", "update", "failed", "failed", "failed", "failed"],
        "{preview}"
    );
    assert_eq!(rows[0]["contact_id"], Value::Null);
    assert_eq!(rows[0]["tags"], json!(["brand-new"]));
    assert_eq!(rows[1]["contact_id"], existing);
    let error = |i: usize| rows[i]["errors"][0].clone();
    assert_eq!(
        (error(2)["row"].as_i64(), error(2)["column"].as_str()),
        (Some(3), Some("email"))
    );
    assert_eq!(error(3)["column"], "avatar_url");
    assert_eq!(error(4)["code"], "tag_scope_mismatch");
    assert_eq!(error(5)["code"], "missing_identity");
    let mut after = Vec::new();
    for table in tables {
        after.push(app.count(table).await);
    }
    assert_eq!(before, after, "row counts of {tables:?}");
    assert_eq!(dumped, dump(&app).await, "nothing changed");
}

async fn rows_find_by_external_id_then_email_like_the_server_api(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    import(
        &app,
        &owner,
        "email,external_id,name\nfirst@import.test,u-1,First\nsecond@import.test,,Second\n",
    )
    .await;
    let first = contact_by_email(&app, &owner, "first@import.test").await;
    let second = contact_by_email(&app, &owner, "second@import.test").await;
    let done = import(
        &app,
        &owner,
        "email,external_id,name\n\
         renamed@import.test,u-1,First Renamed\n\
         second@import.test,u-2,Second Identified\n\
         first-again@import.test,u-1,\n\
         first-again@import.test,u-9,Someone Else\n\
         new@import.test,u-3,Brand New\n",
    )
    .await;
    assert_eq!(
        [
            &done["created_count"],
            &done["updated_count"],
            &done["failed_count"]
        ],
        [&json!(1), &json!(3), &json!(1)],
        "{done}"
    );
    let errors = done["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{done}");
    assert_eq!(
        (errors[0]["row"].as_i64(), errors[0]["code"].as_str()),
        (Some(4), Some("email_taken"))
    );
    assert_eq!(errors[0]["column"], "email");
    let (_, first_now) = app
        .get_json(&format!("/api/v1/contacts/{}", first["id"]), &owner)
        .await;
    assert_eq!(
        first_now["email"], "first-again@import.test",
        "found by external_id, email overwritten"
    );
    assert_eq!(
        first_now["name"], "First Renamed",
        "an empty cell keeps the stored value"
    );
    let (_, second_now) = app
        .get_json(&format!("/api/v1/contacts/{}", second["id"]), &owner)
        .await;
    assert_eq!(
        second_now["external_id"], "u-2",
        "found by email, external_id filled"
    );
    assert_eq!(second_now["name"], "Second Identified");
}

async fn a_second_import_of_the_same_file_changes_nothing(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let mut csv = String::from(EXPORT_SHAPED);
    // A contact the demo already has, and a row that fails both times.
    csv.push_str(",emma@nordlys.dk,,,,,,,,,,,,,imported,pro,,1,true,x\n");
    csv.push_str(",bad-email,,,,,,,,,,,,,,,,,,\n");
    let first = import(&app, &owner, &csv).await;
    assert_eq!(
        [
            &first["created_count"],
            &first["updated_count"],
            &first["failed_count"]
        ],
        [&json!(2), &json!(1), &json!(1)],
        "{first}"
    );
    let before = dump(&app).await;
    let second = import(&app, &owner, &csv).await;
    assert_eq!(
        [
            &second["created_count"],
            &second["updated_count"],
            &second["unchanged_count"],
            &second["failed_count"]
        ],
        [&json!(0), &json!(0), &json!(3), &json!(1)],
        "{second}"
    );
    assert_eq!(
        before,
        dump(&app).await,
        "every row as it was: no updated_at, provenance or change feed"
    );
}

async fn refused_uploads_answer_with_a_code(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = reviews_id(&app).await;
    let before = app.count("contact_imports").await;
    let cases: Vec<(String, &str, Option<&str>)> = vec![
        ("".into(), "empty_file", None),
        ("email\n".into(), "no_rows", None),
        (",\na,b\n".into(), "missing_header", None),
        ("name,phone\nA,1\n".into(), "missing_identity_column", None),
        (
            "email,app:Nope:plan\na@b.io,x\n".into(),
            "unknown_app",
            Some("app:Nope:plan"),
        ),
        (
            "email,email\na@b.io,c@d.io\n".into(),
            "duplicate_column",
            Some("email"),
        ),
        (
            "email,e2\na@b.io,c@d.io\n".into(),
            "duplicate_mapping_target",
            Some("e2"),
        ),
        ("email,x\na@b.io,y\n".into(), "unknown_mapping_target", Some("x")),
        ("email,x\na@b.io,y\n".into(), "unknown_app", Some("x")),
    ];
    let mappings = [
        None,
        None,
        None,
        None,
        None,
        None,
        Some(json!({"e2": "email"})),
        Some(json!({"x": "birthday"})),
        Some(json!({"x": format!("custom_data:{}:plan", reviews + 1000)})),
    ];
    for ((csv, code, column), mapping) in cases.iter().zip(mappings) {
        let (status, body) = post_form(&app, &owner, "", csv, mapping.as_ref()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{csv:?}: {body}");
        assert_eq!(error_code(&body), *code, "{csv:?}");
        if let Some(column) = column {
            assert_eq!(body["error"]["details"]["column"], *column, "{body}");
        }
    }
    let response = app
        .request(Method::POST, IMPORTS, Some(&owner))
        .header("content-type", "text/csv")
        .body(vec![b'e', b'm', b'a', b'i', b'l', b'\n', 0xff, 0xfe, b'\n'])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&response.json().await.unwrap()), "invalid_encoding");
    let (status, body) = post_csv(&app, &owner, "?mapping=%7Bnot-json", "email\na@b.io\n").await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_mapping")
    );
    let response = app
        .request(Method::POST, IMPORTS, Some(&owner))
        .header("content-type", "application/xml")
        .body("<a/>")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let mut huge = String::from("email,name\n");
    let row = format!("someone@import.test,{}\n", "x".repeat(1000));
    while huge.len() <= 50 * 1024 * 1024 {
        huge.push_str(&row);
    }
    let (status, body) = post_csv(&app, &owner, "", &huge).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
    );
    assert_eq!(
        app.count("contact_imports").await,
        before,
        "no refused upload is stored"
    );
}

async fn imports_are_for_owners_and_admins_of_their_own_organization(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let agent = app.login(ACME_AGENT).await;
    let globex = app.login(GLOBEX_OWNER).await;
    let (status, body) = post_csv(&app, &agent, "?dry_run=true", "email\na@b.io\n").await;
    assert_eq!((status, error_code(&body)), (StatusCode::FORBIDDEN, "forbidden"));
    let (status, body) = post_csv(&app, &agent, "", "email\na@b.io\n").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let done = import(&app, &owner, "email,name\nemma@nordlys.dk,Emma Acme\n").await;
    let path = format!("{IMPORTS}/{}", done["id"]);
    assert_eq!(app.get_json(&path, &agent).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.get_json(IMPORTS, &agent).await.0, StatusCode::FORBIDDEN);
    let (status, body) = app.get_json(&path, &globex).await;
    assert_eq!((status, error_code(&body)), (StatusCode::NOT_FOUND, "not_found"));
    let (_, list) = app.get_json(IMPORTS, &globex).await;
    assert_eq!(list["items"], json!([]), "{list}");
    // Globex imports the same email: a contact of its own, Acme's untouched.
    let acme_before = dump(&app).await;
    let acme_contact = lines(&app, "SELECT CAST(updated_at AS TEXT) || name AS line FROM contacts WHERE email = 'emma@nordlys.dk' ORDER BY id").await;
    let globex_done = import(
        &app,
        &globex,
        "email,name,tags\nemma@nordlys.dk,Emma Globex,globex-tag\n",
    )
    .await;
    assert_eq!(globex_done["created_count"], 1, "{globex_done}");
    let acme_after = lines(&app, "SELECT CAST(updated_at AS TEXT) || name AS line FROM contacts WHERE email = 'emma@nordlys.dk' ORDER BY id").await;
    assert_eq!(acme_after.len(), acme_contact.len() + 1);
    assert_eq!(
        &acme_after[..acme_contact.len()],
        &acme_contact[..],
        "Acme's contact is unchanged"
    );
    assert_ne!(acme_before, dump(&app).await);
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) FROM tags t JOIN organizations o ON o.id = t.organization_id \
             WHERE t.name = 'globex-tag' AND o.name = 'Acme Apps'"
        )
        .await,
        0,
        "the new tag is Globex's"
    );
}

crate::on_all_databases!(
    the_export_format_maps_itself_and_imports,
    a_mapping_renames_columns_by_form_or_query,
    a_dry_run_reports_each_row_and_writes_nothing,
    rows_find_by_external_id_then_email_like_the_server_api,
    a_second_import_of_the_same_file_changes_nothing,
    refused_uploads_answer_with_a_code,
    imports_are_for_owners_and_admins_of_their_own_organization,
);
