//! The API serves the built SPA, with index fallback for client routes and security headers.
use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn client_routes_get_the_index_and_unknown_api_routes_stay_json() {
    let app = spawn_app(Backend::Sqlite).await;
    std::fs::create_dir_all(app.static_dir.join("assets")).unwrap();
    std::fs::write(app.static_dir.join("assets/app.js"), "console.log('app')").unwrap();
    for path in ["/", "/contacts/42", "/login"] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let headers = response.headers().clone();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self';"),
            "no inline script allowed: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert!(headers.contains_key("referrer-policy"));
        assert!(response.text().await.unwrap().contains("<div id=root>"), "{path}");
    }
    let asset = app.client.get(app.url("/assets/app.js")).send().await.unwrap();
    assert_eq!(asset.text().await.unwrap(), "console.log('app')");
    let api = app
        .client
        .get(app.url("/api/v1/nothing-here"))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(error_code(&body), "not_found");
}

#[tokio::test]
async fn health_needs_no_login_and_ready_checks_the_database() {
    let app = spawn_app(Backend::Sqlite).await;
    let health = app.client.get(app.url("/api/health")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let ready = app.client.get(app.url("/api/ready")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    app.db.clone().close().await.unwrap();
    let ready = app.client.get(app.url("/api/ready")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(error_code(&body), "service_unavailable");
}
