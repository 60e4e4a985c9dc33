//! The SPEC §8 error contract for malformed bodies, paths and queries.
use crate::helpers::*;
use crate::on_all_databases;
use reqwest::{Method, StatusCode};
use serde_json::Value;

async fn status_and_code(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    let body: Value = response.json().await.expect("error bodies are JSON");
    (status, error_code(&body).to_owned())
}

async fn malformed_input_gets_a_json_4xx_with_a_stable_code(app: TestApp) {
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    let login = |body: &'static str, content_type: &'static str| {
        app.request(Method::POST, "/api/v1/auth/login", None)
            .header("Content-Type", content_type)
            .body(body)
    };
    let cases = vec![
        (
            "truncated JSON",
            login("{\"email\":", "application/json"),
            StatusCode::BAD_REQUEST,
            "malformed_json",
        ),
        (
            "not JSON",
            login("email=a", "application/json"),
            StatusCode::BAD_REQUEST,
            "malformed_json",
        ),
        (
            "wrong type",
            login("{\"email\": 1, \"password\": \"x\"}", "application/json"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            "missing field",
            login("{\"email\": \"a@b.co\"}", "application/json"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            "unknown field",
            login(
                "{\"email\": \"a@b.co\", \"password\": \"x\", \"role\": \"owner\"}",
                "application/json",
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            "form body",
            login("email=a", "application/x-www-form-urlencoded"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            "non-numeric id",
            app.request(Method::GET, "/api/v1/contacts/abc", Some(&token)),
            StatusCode::BAD_REQUEST,
            "invalid_path_parameter",
        ),
        (
            "overflowing id",
            app.request(
                Method::GET,
                "/api/v1/contacts/99999999999999999999999",
                Some(&token),
            ),
            StatusCode::BAD_REQUEST,
            "invalid_path_parameter",
        ),
        (
            "non-numeric limit",
            app.request(Method::GET, "/api/v1/contacts?limit=ten", Some(&token)),
            StatusCode::BAD_REQUEST,
            "invalid_query",
        ),
        (
            "limit above 100",
            app.request(Method::GET, "/api/v1/contacts?limit=101", Some(&token)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            "limit zero",
            app.request(Method::GET, "/api/v1/contacts?limit=0", Some(&token)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            "foreign cursor",
            app.request(Method::GET, "/api/v1/contacts?cursor=bm9wZQ", Some(&token)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            "unknown route",
            app.request(Method::GET, "/api/v1/no-such-thing", Some(&token)),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "unknown id",
            app.request(Method::GET, "/api/v1/contacts/987654", Some(&token)),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
    ];
    for (label, request, expected_status, expected_code) in cases {
        let (status, code) = status_and_code(request.send().await.unwrap()).await;
        assert_eq!(
            (status, code.as_str()),
            (expected_status, expected_code),
            "{label}"
        );
    }
}

async fn validation_errors_name_the_failing_field(app: TestApp) {
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    let (status, body) = app.get_json("/api/v1/contacts?limit=500", &token).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["details"]["fields"]["limit"].is_string(), "{body}");
    let response = app
        .request(Method::POST, "/api/v1/auth/login", None)
        .header("Content-Type", "application/json")
        .body("{\"email\": \"a@b.co\"}")
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert!(
        body["error"]["details"]["fields"]["password"].is_string(),
        "{body}"
    );
}

async fn an_oversized_body_is_413_and_writes_nothing(app: TestApp) {
    app.seed_demo().await;
    let counted_before = app.count("login_throttles").await;
    let huge = format!(
        "{{\"email\": \"demo@convot.test\", \"password\": \"{}\"}}",
        "x".repeat(300 * 1024)
    );
    let response = app
        .request(Method::POST, "/api/v1/auth/login", None)
        .header("Content-Type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    let (status, code) = status_and_code(response).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
    );
    assert_eq!(
        app.count("login_throttles").await,
        counted_before,
        "the refused body never reached the login throttle"
    );
}

on_all_databases!(
    malformed_input_gets_a_json_4xx_with_a_stable_code,
    validation_errors_name_the_failing_field,
    an_oversized_body_is_413_and_writes_nothing,
);

/// Found by Schemathesis: PostgreSQL cannot store NUL, and serde reads arrays as structs.
async fn nul_characters_and_array_bodies_are_refused_before_any_write(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await;
    let key = app
        .api_key(&owner, reviews.id, &["events:write", "contacts:read"])
        .await;
    let contact = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    let events = format!("/api/v1/contacts/{contact}/events");
    let before = app.count("contact_events").await;
    let nul_event = serde_json::json!({"name": "x", "properties": {"a": "x\u{0}y"}});
    let (status, body) = app.send_json(Method::POST, &events, Some(&key), &nul_event).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(error_code(&body), "validation_failed");
    let (status, body) = app
        .send_json(
            Method::POST,
            "/api/v1/widget/sessions",
            None,
            &serde_json::json!({"app_id": "app_\u{0}"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    for (path, code) in [
        ("/api/v1/contacts?q=a%00b".to_owned(), "invalid_query"),
        (
            format!("/api/v1/contacts/{contact}/events?name=%00"),
            "invalid_query",
        ),
    ] {
        let (status, body) = app.get_json(&path, &owner).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
        assert_eq!(error_code(&body), code);
    }
    assert_eq!(app.count("contact_events").await, before, "nothing written");
    // A backslash followed by "u0000" is ordinary text.
    let literal = serde_json::json!({"name": "x", "properties": {"a": "\\u0000"}});
    let (status, body) = app.send_json(Method::POST, &events, Some(&key), &literal).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["properties"]["a"], "\\u0000");

    let (status, body) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/apps/{}", reviews.id),
            Some(&owner),
            &serde_json::json!(["Renamed", true]),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        app.demo_app("Product Reviews").await.id,
        reviews.id,
        "not renamed"
    );
}

on_all_databases!(nul_characters_and_array_bodies_are_refused_before_any_write);

async fn a_documented_path_with_another_method_is_405_with_allow(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    for (method, path, allow) in [
        (Method::PUT, "/api/v1/me", "GET"),
        (Method::DELETE, "/api/v1/tags", "GET, POST"),
        (Method::POST, "/api/health", "GET"),
        // Literal paths beside `/contacts/{id}`: not a malformed id, a method they lack.
        (Method::PATCH, "/api/v1/contacts/imports", "GET, POST"),
        (Method::DELETE, "/api/v1/contacts/export.csv", "GET"),
    ] {
        let response = app
            .request(method.clone(), path, Some(&owner))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        let allowed = response.headers()["allow"].to_str().unwrap().to_owned();
        let body: Value = response.json().await.unwrap();
        assert_eq!(error_code(&body), "method_not_allowed");
        assert_eq!(allowed, allow);
    }
    let (status, body) = app.get_json("/api/v1/no-such-thing", &owner).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    // A nested object sent as an array is refused too, not read by position.
    let contact = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    let (status, body) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/contacts/{contact}"),
            Some(&owner),
            &serde_json::json!({"location": ["Paris", "IDF", "FR"]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

on_all_databases!(a_documented_path_with_another_method_is_405_with_allow);
