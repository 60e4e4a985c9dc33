//! HTTP routes: DTOs, `#[utoipa::path]` docs and thin handlers. Registered through
//! utoipa-actix-web so the router and the OpenAPI document cannot drift apart.
pub mod apps;
pub mod auth;
pub mod contacts;
pub mod extract;
pub mod health;
pub mod list;

use crate::error::ApiError;
use actix_web::HttpResponse;
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// The documented API: `/api/v1` and the operational endpoints under `/api`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope("/api/v1")
            .configure(configure_v1)
            .default_service(actix_web::web::to(unknown_route)),
    )
    .service(
        scope("/api")
            .configure(configure_ops)
            .default_service(actix_web::web::to(unknown_route)),
    );
}

async fn unknown_route() -> Result<HttpResponse, ApiError> {
    Err(ApiError::not_found("Route"))
}

fn configure_v1(cfg: &mut ServiceConfig) {
    cfg.service(auth::login)
        .service(auth::me)
        .service(apps::list_apps)
        .service(apps::get_app)
        .service(contacts::list_contacts)
        .service(contacts::get_contact);
}

/// Operational endpoints under `/api`.
fn configure_ops(cfg: &mut ServiceConfig) {
    cfg.service(health::health).service(health::ready);
}
