//! Input refused before any handler runs, the same on both databases:
//! - NUL (U+0000) in the path, the query or a JSON body. PostgreSQL cannot store it in `text`
//!   or `jsonb` (the write would fail as a 500); SQLite would keep it. Found by Schemathesis.
//! - A JSON body that is an array: every operation takes an object, and serde would otherwise
//!   read an array as the struct's fields in declaration order.
use crate::error::ApiError;
use crate::routes::extract::JSON_LIMIT_BYTES;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::BytesMut;
use actix_web::{HttpMessage, ResponseError};
use futures_util::StreamExt;

pub async fn guard(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    match inspect(&mut req).await {
        Ok(()) => next.call(req).await.map(ServiceResponse::map_into_left_body),
        // Answered as a response, not returned as an error: the middleware outside this one
        // (the security headers) adds its headers to responses only, and an error would leave
        // the refusal without CSP, nosniff and X-Frame-Options.
        Err(refusal) => Ok(req.into_response(refusal.error_response()).map_into_right_body()),
    }
}

/// Reads a JSON body whole (it is put back for the handler) to look inside it.
async fn inspect(req: &mut ServiceRequest) -> Result<(), ApiError> {
    if has_encoded_nul(req.uri().path()) {
        return Err(ApiError::bad_request("invalid_path_parameter", NUL_MESSAGE));
    }
    if req.uri().query().is_some_and(has_encoded_nul) {
        return Err(ApiError::bad_request("invalid_query", NUL_MESSAGE));
    }
    if is_json(req) {
        let mut payload = req.take_payload();
        let mut body = BytesMut::new();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk.map_err(|err| {
                ApiError::bad_request("malformed_json", format!("The body could not be read: {err}"))
            })?;
            body.extend_from_slice(&chunk);
            if body.len() > JSON_LIMIT_BYTES {
                return Err(ApiError::payload_too_large(format!(
                    "The request body is larger than {JSON_LIMIT_BYTES} bytes"
                )));
            }
        }
        if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
            return Err(invalid("The body must be a JSON object"));
        }
        if has_escaped_nul(&body) {
            return Err(invalid(NUL_MESSAGE));
        }
        req.set_payload(Payload::from(body.freeze()));
    }
    Ok(())
}

const NUL_MESSAGE: &str = "Text may not contain the NUL character (U+0000)";

fn invalid(message: &str) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", message)
        .with_detail("fields", serde_json::json!({ "body": message }))
}

fn is_json(req: &ServiceRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            v.starts_with("application/json") || v.contains("+json")
        })
}

fn has_encoded_nul(text: &str) -> bool {
    text.as_bytes().windows(3).any(|w| w == b"%00")
}

/// `\u0000` as a JSON escape: preceded by an odd run of backslashes (`\\u0000` is text).
fn has_escaped_nul(body: &[u8]) -> bool {
    let needle = b"u0000";
    (1..body.len().saturating_sub(needle.len() - 1)).any(|i| {
        body[i..].starts_with(needle) && {
            let backslashes = body[..i].iter().rev().take_while(|&&b| b == b'\\').count();
            backslashes % 2 == 1
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_only_escaped_nul() {
        assert!(has_escaped_nul(br#"{"a":"x\u0000"}"#));
        assert!(has_escaped_nul(br#"{"a":"\\\u0000"}"#));
        assert!(!has_escaped_nul(br#"{"a":"\\u0000"}"#));
        assert!(!has_escaped_nul(br#"{"a":"u0000"}"#));
        assert!(!has_escaped_nul(br#"{"a":"\u0001"}"#));
    }

    #[test]
    fn finds_percent_encoded_nul() {
        assert!(has_encoded_nul("q=a%00b"));
        assert!(!has_encoded_nul("q=a%20b"));
    }
}
