//! The committed `openapi.yaml` is exactly what the server generates and serves.
use crate::helpers::*;
use reqwest::StatusCode;

#[test]
fn the_committed_openapi_yaml_matches_the_generated_document() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml"))
        .expect("openapi.yaml at the repository root");
    let generated = api::openapi::yaml().unwrap();
    assert!(
        committed == generated,
        "openapi.yaml is stale: run `cargo run -p api -- openapi > openapi.yaml` and `npm run gen:api` in frontend/"
    );
}

#[tokio::test]
async fn the_served_document_and_docs_page_work_offline() {
    let app = spawn_app(Backend::Sqlite).await;
    let response = app.client.get(app.url("/api/openapi.json")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let served: serde_json::Value = response.json().await.unwrap();
    let expected = serde_json::to_value(api::openapi::document()).unwrap();
    assert_eq!(served, expected);
    assert!(served["paths"]["/api/v1/contacts/{id}"]["get"].is_object());

    let page = app.client.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "docs page: {html}");
    assert!(
        !html.contains("https://"),
        "the docs page loads nothing from a CDN"
    );
}

#[test]
fn every_operation_has_a_unique_operation_id_and_documents_its_errors() {
    let document = serde_json::to_value(api::openapi::document()).unwrap();
    let mut seen = std::collections::HashSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            assert!(seen.insert(id.to_owned()), "operationId {id} is used twice");
            for (status, response) in operation["responses"].as_object().unwrap() {
                assert!(
                    response["description"].is_string(),
                    "{method} {path} {status} has no description"
                );
            }
            let protected = operation.get("security").is_some();
            if protected {
                assert!(
                    operation["responses"].get("401").is_some(),
                    "{method} {path} does not document 401"
                );
            }
        }
    }
}
