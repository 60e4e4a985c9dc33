//! Liveness and readiness probes.
use crate::error::{ApiError, ErrorBody};
use crate::services;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use std::time::Duration;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct HealthStatus {
    #[schema(example = "ok")]
    pub status: String,
}

/// Liveness: the process answers. Touches no database.
#[utoipa::path(tag = "operations", responses((status = 200, description = "OK", body = HealthStatus)))]
#[get("/health")]
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(HealthStatus { status: "ok".into() })
}

/// Readiness: the database answers within a second.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "OK", body = HealthStatus),
        (status = 503, description = "The database is unreachable", body = ErrorBody),
    )
)]
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    if services::health::database_answers(&state.db, Duration::from_secs(1)).await {
        Ok(HttpResponse::Ok().json(HealthStatus {
            status: "ready".into(),
        }))
    } else {
        Err(ApiError::unavailable("The database is unreachable"))
    }
}
