//! Serving the built SPA: its files, and `index.html` for every client-side route.
//!
//! The build leaves brotli and gzip copies beside each file (`vite-plugin-compression2`), and
//! `Files::try_compressed` sends the one the browser accepts, so nothing is compressed per
//! request. Vite names everything under `/assets/` by its content hash: those are cached for
//! a year and never revalidated; everything else (the `index.html` shell above all) is
//! revalidated on each use, so a deploy shows up on the next load.
use actix_files::{Files, NamedFile};
use actix_web::body::MessageBody;
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use std::path::{Path, PathBuf};

/// Cache policy of content-hashed build output: the name changes whenever the bytes do.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache policy of everything else the SPA serves: keep a copy, but ask before using it.
pub const REVALIDATE: &str = "no-cache";

/// Static files from `static_dir`; unknown paths get `index.html` so client routes such as
/// `/contacts/42` load the app. Without a build, every page says how to make one.
pub fn configure(static_dir: &Path) -> impl FnOnce(&mut web::ServiceConfig) {
    let static_dir = static_dir.to_path_buf();
    move |cfg| {
        let index = static_dir.join("index.html");
        if static_dir.is_dir() {
            cfg.service(
                Files::new("/", &static_dir)
                    .index_file("index.html")
                    .try_compressed()
                    .default_handler(fn_service(move |req: ServiceRequest| {
                        let index = index.clone();
                        async move {
                            let (req, _) = req.into_parts();
                            // A build file that is not there (a chunk of an older deploy) is a
                            // 404: answered with the shell, a dynamic import would parse HTML.
                            let response = if req.path().starts_with("/assets/") {
                                crate::error::ApiError::not_found("Build file").error_response()
                            } else {
                                index_response(&req, &index)
                            };
                            Ok(ServiceResponse::new(req, response))
                        }
                    })),
            );
        } else {
            cfg.default_service(web::to(move |req: HttpRequest| {
                let index = index.clone();
                async move { index_response(&req, &index) }
            }));
        }
    }
}

fn index_response(req: &HttpRequest, index: &PathBuf) -> HttpResponse {
    match NamedFile::open(index) {
        Ok(file) => {
            let mut response = file.into_response(req);
            // The shell must be revalidated so a deploy is picked up; hashed assets are not.
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
            response
        }
        Err(_) => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("The SPA is not built. Run `npm ci && npm run build` in frontend/, or use scripts/run.sh."),
    }
}

/// The widget snippet and its demo page, built into `<static_dir>/widget`. Unknown paths
/// under `/widget` are JSON 404s, never the SPA.
pub fn configure_widget_assets(static_dir: &Path) -> impl FnOnce(&mut web::ServiceConfig) {
    let widget_dir = static_dir.join("widget");
    move |cfg| {
        let not_found = || async { crate::error::ApiError::not_found("Widget file").error_response() };
        if widget_dir.is_dir() {
            cfg.service(
                Files::new("/widget", &widget_dir)
                    .index_file("index.html")
                    .try_compressed()
                    .redirect_to_slash_directory()
                    .default_handler(web::to(not_found)),
            );
        } else {
            cfg.service(web::scope("/widget").default_service(web::to(not_found)));
        }
    }
}

/// Sets `Cache-Control` on the files the SPA and the widget are served from, unless the
/// response chose its own: API routes (`/api/...`) are left alone.
pub async fn cache_headers(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let policy = cache_policy(request.path());
    let mut response = next.call(request).await?;
    let cacheable =
        response.status().is_success() || response.status() == actix_web::http::StatusCode::NOT_MODIFIED;
    if let Some(policy) = policy.filter(|_| cacheable) {
        let headers = response.headers_mut();
        if !headers.contains_key(header::CACHE_CONTROL) {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
        }
    }
    Ok(response)
}

/// The policy for a path, or `None` for the API's own.
fn cache_policy(path: &str) -> Option<&'static str> {
    if path == "/api" || path.starts_with("/api/") {
        None
    } else if path.starts_with("/assets/") {
        Some(IMMUTABLE)
    } else {
        Some(REVALIDATE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hashed_build_output_is_immutable() {
        assert_eq!(cache_policy("/assets/index-B_cU5GV9.js"), Some(IMMUTABLE));
        assert_eq!(cache_policy("/"), Some(REVALIDATE));
        assert_eq!(cache_policy("/contacts/42"), Some(REVALIDATE));
        // The widget's URL is fixed for host pages, so it must pick up a deploy.
        assert_eq!(cache_policy("/widget/v1/convot.js"), Some(REVALIDATE));
        assert_eq!(cache_policy("/api/v1/contacts"), None);
        assert_eq!(cache_policy("/api/docs/"), None);
        assert_eq!(cache_policy("/apix"), Some(REVALIDATE));
    }
}
