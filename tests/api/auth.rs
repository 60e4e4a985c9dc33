//! Sign-in, sessions and the JWT negatives.
use crate::helpers::*;
use crate::on_both_databases;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn login_returns_a_token_that_opens_me(app: TestApp) {
    app.seed_demo().await;
    let (status, body) = app
        .send_json(
            Method::POST,
            "/api/v1/auth/login",
            None,
            &json!({"email": "Demo@Convot.test ", "password": DEMO_PASSWORD}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["user"]["email"], "demo@convot.test");
    assert_eq!(body["user"]["role"], "owner");
    assert_eq!(body["user"]["has_revenue_permission"], true);
    let token = body["token"].as_str().unwrap();
    let (status, me) = app.get_json("/api/v1/me", token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["organization"]["name"], "Acme Apps");
    assert_eq!(me["user"]["name"], "Dana Demo");
}

async fn an_agent_has_no_revenue_permission(app: TestApp) {
    app.seed_demo().await;
    let token = app.login(ACME_AGENT).await;
    let (_, me) = app.get_json("/api/v1/me", &token).await;
    assert_eq!(me["user"]["role"], "agent");
    assert_eq!(me["user"]["has_revenue_permission"], false);
}

async fn unknown_email_and_wrong_password_get_the_same_answer(app: TestApp) {
    app.seed_demo().await;
    let (status_a, body_a) = app
        .send_json(
            Method::POST,
            "/api/v1/auth/login",
            None,
            &json!({"email": ACME_OWNER, "password": "nope"}),
        )
        .await;
    let (status_b, body_b) = app
        .send_json(
            Method::POST,
            "/api/v1/auth/login",
            None,
            &json!({"email": "nobody@convot.test", "password": "nope"}),
        )
        .await;
    assert_eq!(status_a, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&body_a), "invalid_credentials");
    assert_eq!((status_a, body_a), (status_b, body_b));
}

async fn repeated_failures_throttle_the_account_even_for_the_right_password(app: TestApp) {
    app.seed_demo().await;
    for attempt in 0..5 {
        let (status, _) = app
            .send_json(
                Method::POST,
                "/api/v1/auth/login",
                None,
                &json!({"email": ACME_AGENT, "password": format!("wrong-{attempt}")}),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let response = app
        .request(Method::POST, "/api/v1/auth/login", None)
        .json(&json!({"email": ACME_AGENT, "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&retry_after), "retry-after {retry_after}");
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_code(&body), "rate_limited");
    // Other accounts are unaffected.
    app.login(ACME_OWNER).await;
}

fn claims(sub: &str, org: i64, exp_offset: i64) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({"sub": sub, "org": org, "iss": "convot", "aud": "convot-agent", "iat": now, "exp": now + exp_offset})
}

fn sign(claims: &Value, secret: &str) -> String {
    encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

async fn forged_and_expired_tokens_are_refused(app: TestApp) {
    app.seed_demo().await;
    let owner_id = app
        .scalar_i64("SELECT id FROM users WHERE email = 'demo@convot.test'")
        .await;
    let org = app
        .scalar_i64("SELECT organization_id FROM users WHERE email = 'demo@convot.test'")
        .await;
    let good = sign(&claims(&owner_id.to_string(), org, 600), JWT_SECRET);
    assert_eq!(
        app.get_json("/api/v1/me", &good).await.0,
        StatusCode::OK,
        "control: a well-formed token works"
    );

    let b64 = |v: &Value| {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    let none_alg = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&claims(&owner_id.to_string(), org, 600))
    );
    let hs512 = encode(
        &Header::new(Algorithm::HS512),
        &claims(&owner_id.to_string(), org, 600),
        &EncodingKey::from_secret(JWT_SECRET.as_bytes()),
    )
    .unwrap();
    let wrong_key = sign(
        &claims(&owner_id.to_string(), org, 600),
        "another-secret-another-secret-another-secret",
    );
    let expired = sign(&claims(&owner_id.to_string(), org, -120), JWT_SECRET);
    let mut wrong_audience = claims(&owner_id.to_string(), org, 600);
    wrong_audience["aud"] = json!("someone-else");
    let wrong_audience = sign(&wrong_audience, JWT_SECRET);
    let mut no_exp = claims(&owner_id.to_string(), org, 600);
    no_exp.as_object_mut().unwrap().remove("exp");
    let no_exp = sign(&no_exp, JWT_SECRET);
    // Same signature, payload swapped for another organization.
    let parts: Vec<&str> = good.split('.').collect();
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        b64(&claims(&owner_id.to_string(), org + 1, 600)),
        parts[2]
    );
    // Correctly signed, but claims a user of another organization.
    let foreign_org = sign(&claims(&owner_id.to_string(), org + 1, 600), JWT_SECRET);

    for (label, token) in [
        ("none algorithm", none_alg),
        ("HS512", hs512),
        ("wrong key", wrong_key),
        ("expired", expired),
        ("wrong audience", wrong_audience),
        ("no expiry", no_exp),
        ("tampered payload", tampered),
        ("user of another organization", foreign_org),
        ("garbage", "not.a.jwt".into()),
    ] {
        let (status, body) = app.get_json("/api/v1/me", &token).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{label}");
        assert_eq!(error_code(&body), "unauthenticated", "{label}");
    }
    let response = app.request(Method::GET, "/api/v1/me", None).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "no token");
    let response = app
        .request(Method::GET, "/api/v1/me", None)
        .header("Authorization", format!("Basic {good}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "wrong scheme");
}

on_both_databases!(
    login_returns_a_token_that_opens_me,
    an_agent_has_no_revenue_permission,
    unknown_email_and_wrong_password_get_the_same_answer,
    repeated_failures_throttle_the_account_even_for_the_right_password,
    forged_and_expired_tokens_are_refused,
);
