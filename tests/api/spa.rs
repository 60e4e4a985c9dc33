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

/// Built files go out as the brotli or gzip copy the build left beside them, whichever the
/// client accepts; content-hashed assets are cached for a year, everything else revalidated.
#[tokio::test]
async fn built_files_go_out_precompressed_with_a_cache_policy_by_kind() {
    let app = spawn_app(Backend::Sqlite).await;
    let assets = app.static_dir.join("assets");
    std::fs::create_dir_all(&assets).unwrap();
    std::fs::write(assets.join("index-abc123.js"), "console.log('plain')").unwrap();
    std::fs::write(assets.join("index-abc123.js.br"), b"brotli bytes").unwrap();
    std::fs::write(assets.join("index-abc123.js.gz"), b"gzip bytes").unwrap();
    // reqwest is built without decompression here, so bodies arrive as sent.
    let get = |path: &str, encoding: &str| {
        app.client
            .get(app.url(path))
            .header("accept-encoding", encoding)
            .send()
    };
    for (accept, encoding, body) in [
        ("gzip, deflate, br, zstd", Some("br"), "brotli bytes"),
        ("gzip", Some("gzip"), "gzip bytes"),
        ("identity", None, "console.log('plain')"),
    ] {
        let response = get("/assets/index-abc123.js", accept).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{accept}");
        let headers = response.headers().clone();
        assert_eq!(
            headers.get("content-encoding").map(|v| v.to_str().unwrap()),
            encoding,
            "{accept}"
        );
        assert!(
            headers["content-type"].to_str().unwrap().contains("javascript"),
            "{accept}"
        );
        assert_eq!(headers["cache-control"], "public, max-age=31536000, immutable");
        if encoding.is_some() {
            assert_eq!(headers["vary"], "accept-encoding");
        }
        assert_eq!(response.text().await.unwrap(), body, "{accept}");
    }
    for path in ["/", "/index.html", "/contacts/42"] {
        let response = get(path, "gzip, br").await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
    }
    // A missing build file (a chunk of an older deploy) is a 404, never the shell, and nobody
    // caches it for a year.
    let missing = get("/assets/gone-000.js", "br").await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing
        .headers()
        .get("cache-control")
        .is_none_or(|v| v != "public, max-age=31536000, immutable"));
    // The API's own responses keep their own caching rules.
    let health = get("/api/health", "br").await.unwrap();
    assert!(health
        .headers()
        .get("cache-control")
        .is_none_or(|v| v != "no-cache"));
}

#[tokio::test]
async fn the_api_docs_answer_without_the_trailing_slash() {
    let app = spawn_app(Backend::Sqlite).await;
    // The test client follows no redirects; a browser-like one does.
    let bare = app.client.get(app.url("/api/docs")).send().await.unwrap();
    assert_eq!(bare.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(bare.headers()["location"], "/api/docs/");
    let docs = reqwest::Client::new()
        .get(app.url("/api/docs"))
        .send()
        .await
        .unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    assert!(docs.text().await.unwrap().contains("swagger"), "the docs page");
}
