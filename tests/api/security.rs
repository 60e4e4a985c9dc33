//! Secrets stay out of responses and off other users' reads, production refuses to start
//! with weak ones, and refusals carry the browser hardening headers.
use crate::helpers::*;
use crate::server_process::convot_binary;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

/// Every property name reachable from a schema, following `$ref`s.
fn property_names(schema: &Value, schemas: &Value, seen: &mut BTreeSet<String>, out: &mut BTreeSet<String>) {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap().to_owned();
        if seen.insert(name.clone()) {
            property_names(&schemas[&name], schemas, seen, out);
        }
        return;
    }
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        out.insert(name.clone());
        property_names(property, schemas, seen, out);
    }
    for key in ["items", "additionalProperties"] {
        if schema[key].is_object() {
            property_names(&schema[key], schemas, seen, out);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for part in schema[key].as_array().into_iter().flatten() {
            property_names(part, schemas, seen, out);
        }
    }
}

#[test]
fn no_response_schema_carries_a_secret_but_the_few_that_must() {
    let document = serde_json::to_value(api::openapi::document()).unwrap();
    let schemas = &document["components"]["schemas"];
    let mut found = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                for media in response["content"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(_, m)| m)
                {
                    let mut names = BTreeSet::new();
                    property_names(&media["schema"], schemas, &mut BTreeSet::new(), &mut names);
                    for name in names {
                        if ["secret", "password", "token", "hash"]
                            .iter()
                            .any(|w| name.contains(w))
                        {
                            found.insert(format!("{} {path} {status} {name}", method.to_uppercase()));
                        }
                    }
                }
            }
        }
    }
    // The identity secret only on the owner/admin app detail (and its rotation); a token only
    // where it is issued, once; a webhook signing secret where it is created, revealed and
    // rotated (owners and admins).
    let expected: BTreeSet<String> = [
        "GET /api/v1/apps/{id} 200 identity_secret",
        "PATCH /api/v1/apps/{id} 200 identity_secret",
        "POST /api/v1/apps/{id}/identity_secret 200 identity_secret",
        "POST /api/v1/apps/{id}/api_keys 201 token",
        "POST /api/v1/auth/login 200 token",
        "POST /api/v1/widget/sessions 201 session_token",
        "POST /api/v1/apps/{id}/webhooks 201 secret",
        "GET /api/v1/apps/{id}/webhooks/{webhook_id}/secret 200 secret",
        "GET /api/v1/apps/{id}/webhooks/{webhook_id}/secret 200 previous_secret",
        "GET /api/v1/apps/{id}/webhooks/{webhook_id}/secret 200 previous_secret_expires_at",
        "POST /api/v1/apps/{id}/webhooks/{webhook_id}/secret 200 secret",
        "POST /api/v1/apps/{id}/webhooks/{webhook_id}/secret 200 previous_secret",
        "POST /api/v1/apps/{id}/webhooks/{webhook_id}/secret 200 previous_secret_expires_at",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(found, expected);
}

/// Runs `convot serve` in production mode with the given JWT secret; the exit status and
/// what it printed, or `None` if it was still running (started) after two seconds.
async fn serve_in_production(jwt_secret: Option<&str>) -> Option<(bool, String)> {
    let dir = tempfile::tempdir().unwrap();
    let mut command = tokio::process::Command::new(convot_binary());
    command
        .arg("serve")
        .env_clear()
        .env("CONVOT_ENV", "production")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/p.db?mode=rwc", dir.path().display()),
        )
        .env("CONVOT_ADDR", "127.0.0.1:0")
        .env("CONVOT_DATA_DIR", dir.path())
        .env("CONVOT_ENCRYPTION_KEY", ENCRYPTION_KEY)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true);
    if let Some(secret) = jwt_secret {
        command.env("CONVOT_JWT_SECRET", secret);
    }
    let child = command.spawn().unwrap();
    match tokio::time::timeout(Duration::from_secs(2), child.wait_with_output()).await {
        Ok(output) => {
            let output = output.unwrap();
            let text = String::from_utf8_lossy(&output.stderr).to_string()
                + &String::from_utf8_lossy(&output.stdout);
            Some((output.status.success(), text))
        }
        Err(_) => None,
    }
}

#[tokio::test]
async fn production_refuses_to_start_with_a_missing_short_or_default_jwt_secret() {
    for secret in [
        None,
        Some("short-secret"),
        Some("change-me-change-me-change-me-change-me-1234"),
    ] {
        let (ok, output) = serve_in_production(secret)
            .await
            .unwrap_or_else(|| panic!("started with JWT secret {secret:?}"));
        assert!(!ok, "{secret:?}: {output}");
        assert!(output.contains("CONVOT_JWT_SECRET"), "{secret:?}: {output}");
    }
    // Control: a long random secret starts.
    assert!(serve_in_production(Some(&"k7".repeat(24))).await.is_none());
}

/// Runs `convot migrate` in development mode (no secrets in the environment) with `data_dir`
/// as `CONVOT_DATA_DIR`; returns what it logged.
async fn migrate_in_development(data_dir: &Path) -> String {
    let output = tokio::process::Command::new(convot_binary())
        .arg("migrate")
        .env_clear()
        .env("CONVOT_DATA_DIR", data_dir)
        .env("CONVOT_LOG", "warn")
        .kill_on_drop(true)
        .output()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&output.stderr).to_string() + &String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    text
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Before, `data/jwt-secret` and `data/encryption-key` were 0644: any local user could forge
/// sessions and unseal the Shopify token.
#[tokio::test]
async fn development_secrets_are_created_readable_by_their_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    migrate_in_development(&data).await;
    assert_eq!(mode(&data), 0o700, "the data folder");
    for name in ["jwt-secret", "encryption-key"] {
        assert_eq!(mode(&data.join(name)), 0o600, "{name}");
        assert_eq!(
            std::fs::read_to_string(data.join(name)).unwrap().len(),
            64,
            "{name}"
        );
    }
}

#[tokio::test]
async fn development_secrets_left_readable_by_others_are_tightened_at_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let secret = "ab".repeat(32);
    for name in ["jwt-secret", "encryption-key"] {
        std::fs::write(data.join(name), &secret).unwrap();
        std::fs::set_permissions(data.join(name), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let logged = migrate_in_development(&data).await;
    assert_eq!(mode(&data), 0o700, "the data folder");
    for name in ["jwt-secret", "encryption-key"] {
        assert_eq!(mode(&data.join(name)), 0o600, "{name}");
        assert_eq!(
            std::fs::read_to_string(data.join(name)).unwrap(),
            secret,
            "{name} is kept, not replaced"
        );
    }
    assert_eq!(
        logged.matches("readable by other users").count(),
        3,
        "a warning for the folder and each file: {logged}"
    );
}

/// Refusals made before any handler (the input guard's 413 and NUL checks) and the router's
/// 404 and 405 carry the browser hardening headers too: an error page is still a page that can
/// be framed or sniffed.
#[tokio::test]
async fn refusals_carry_the_anti_framing_and_anti_sniffing_headers_too() {
    let app = spawn_app(Backend::Sqlite).await;
    let json = |method: Method, path: &str, body: String| {
        app.request(method, path, None)
            .header("Content-Type", "application/json")
            .body(body)
    };
    let cases = [
        (
            "413 body",
            json(Method::POST, "/api/v1/auth/login", "x".repeat(300 * 1024)),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            "NUL in the path",
            app.request(Method::GET, "/api/v1/contacts/%00", None),
            StatusCode::BAD_REQUEST,
        ),
        (
            "NUL in the query",
            app.request(Method::GET, "/api/v1/contacts?q=%00", None),
            StatusCode::BAD_REQUEST,
        ),
        (
            "NUL in the body",
            json(
                Method::POST,
                "/api/v1/auth/login",
                r#"{"email": "a\u0000@b.co", "password": "x"}"#.into(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "malformed JSON",
            json(Method::POST, "/api/v1/auth/login", "{".into()),
            StatusCode::BAD_REQUEST,
        ),
        (
            "405",
            app.request(Method::DELETE, "/api/v1/auth/login", None),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            "404",
            app.request(Method::GET, "/api/v1/nothing-here", None),
            StatusCode::NOT_FOUND,
        ),
        (
            "401",
            app.request(Method::GET, "/api/v1/me", None),
            StatusCode::UNAUTHORIZED,
        ),
    ];
    for (label, request, status) in cases {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), status, "{label}");
        let headers = response.headers();
        assert_eq!(
            headers
                .get("content-security-policy")
                .map(|v| v.to_str().unwrap()),
            Some(api::http::security_headers::CONTENT_SECURITY_POLICY),
            "{label}"
        );
        assert_eq!(
            headers.get("x-content-type-options").map(|v| v.to_str().unwrap()),
            Some("nosniff"),
            "{label}"
        );
        assert_eq!(
            headers.get("x-frame-options").map(|v| v.to_str().unwrap()),
            Some("DENY"),
            "{label}"
        );
        let body: Value = response.json().await.unwrap();
        error_code(&body);
    }
}
