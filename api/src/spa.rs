//! Serving the built SPA: its files, and `index.html` for every client-side route.
use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use std::path::{Path, PathBuf};

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
                    .default_handler(fn_service(move |req: ServiceRequest| {
                        let index = index.clone();
                        async move {
                            let (req, _) = req.into_parts();
                            let response = index_response(&req, &index);
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
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-cache"),
            );
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
                    .redirect_to_slash_directory()
                    .default_handler(web::to(not_found)),
            );
        } else {
            cfg.service(web::scope("/widget").default_service(web::to(not_found)));
        }
    }
}
