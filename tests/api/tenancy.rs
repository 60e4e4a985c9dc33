//! Organizations never see each other's data, and agents only see the apps they operate.
//! Every id-taking endpoint is tried with another organization's id.
use crate::helpers::*;
use crate::on_both_databases;
use reqwest::StatusCode;

async fn acme_ids(app: &TestApp) -> (i64, i64) {
    let contact = app.scalar_i64("SELECT MIN(c.id) FROM contacts c JOIN organizations o ON o.id = c.organization_id WHERE o.name = 'Acme Apps'").await;
    let app_id = app.scalar_i64("SELECT MIN(a.id) FROM apps a JOIN organizations o ON o.id = a.organization_id WHERE o.name = 'Acme Apps'").await;
    (contact, app_id)
}

async fn another_organizations_ids_are_404_on_every_id_endpoint(app: TestApp) {
    app.seed_demo().await;
    let (contact, app_id) = acme_ids(&app).await;
    let acme = app.login(ACME_OWNER).await;
    let globex = app.login(GLOBEX_OWNER).await;
    for path in [
        format!("/api/v1/contacts/{contact}"),
        format!("/api/v1/apps/{app_id}"),
    ] {
        let (status, _) = app.get_json(&path, &acme).await;
        assert_eq!(status, StatusCode::OK, "control: Acme reads its own {path}");
        let (status, body) = app.get_json(&path, &globex).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "Globex reads {path}");
        assert_eq!(error_code(&body), "not_found");
    }
}

async fn lists_hold_only_the_callers_organization_even_with_shared_emails(app: TestApp) {
    app.seed_demo().await;
    let globex = app.login(GLOBEX_OWNER).await;
    let (_, contacts) = app.get_json("/api/v1/contacts?limit=100", &globex).await;
    let items = contacts["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "Globex has one contact: {contacts}");
    assert_eq!(items[0]["name"], "Olivia B. (Globex)");
    let (_, search) = app.get_json("/api/v1/contacts?q=northwind", &globex).await;
    assert_eq!(
        search["items"].as_array().unwrap().len(),
        1,
        "the shared email matches only Globex's row"
    );
    let (_, apps) = app.get_json("/api/v1/apps", &globex).await;
    let names: Vec<&str> = apps["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Globex Forms"]);

    let acme = app.login(ACME_OWNER).await;
    let (_, search) = app.get_json("/api/v1/contacts?q=northwind", &acme).await;
    let items = search["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["name"], "Olivia Bennett");
}

async fn an_agent_sees_only_the_apps_they_operate(app: TestApp) {
    app.seed_demo().await;
    let agent = app.login(ACME_AGENT).await;
    let (_, apps) = app.get_json("/api/v1/apps", &agent).await;
    let items = apps["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["name"], "Product Reviews");
    assert!(items[0].get("identity_secret").is_none());
    let (status, detail) = app
        .get_json(&format!("/api/v1/apps/{}", items[0]["id"]), &agent)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        detail.get("identity_secret").is_none(),
        "agents never see the identity secret"
    );
    let upsell = app
        .scalar_i64("SELECT id FROM apps WHERE name = 'Upsell Pro'")
        .await;
    let (status, _) = app.get_json(&format!("/api/v1/apps/{upsell}"), &agent).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

on_both_databases!(
    another_organizations_ids_are_404_on_every_id_endpoint,
    lists_hold_only_the_callers_organization_even_with_shared_emails,
    an_agent_sees_only_the_apps_they_operate,
);
