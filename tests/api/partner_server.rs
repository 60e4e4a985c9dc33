//! A real HTTP server on loopback standing in for Shopify's Partner GraphQL API. It answers
//! the `AppEvents` and `Sales` queries from fixtures, page by page, can be scripted to
//! throttle (429 + Retry-After) or fail (500), and records every request it saw.
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Clone, Debug)]
pub enum Scripted {
    Throttle { retry_after_secs: u64 },
    ServerError,
}

#[derive(Clone, Debug)]
pub struct SeenRequest {
    pub at: Instant,
    pub token: Option<String>,
    pub path: String,
    pub body: Value,
}

#[derive(Default)]
struct State {
    events: Vec<Value>,
    sales: Vec<Value>,
    script: VecDeque<Scripted>,
    always_fail: bool,
    delay: Duration,
    seen: Vec<SeenRequest>,
    in_flight: usize,
    max_in_flight: usize,
}

#[derive(Clone)]
pub struct PartnerServer {
    pub url: String,
    state: Arc<Mutex<State>>,
}

const PAGE: usize = 2;

impl PartnerServer {
    pub async fn start() -> PartnerServer {
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(web::Data::new(shared.clone()))
                .default_service(web::to(answer))
        })
        .workers(1)
        .bind("127.0.0.1:0")
        .unwrap();
        let port = server.addrs()[0].port();
        tokio::spawn(server.run());
        PartnerServer {
            url: format!("http://127.0.0.1:{port}"),
            state,
        }
    }

    pub fn add_event(&self, kind: &str, shop: &str, occurred_at: &str, charge: Option<(&str, &str, &str)>) {
        let mut node = json!({"type": kind, "occurredAt": occurred_at, "shop": {"myshopifyDomain": shop}});
        if let Some((name, amount, currency)) = charge {
            node["charge"] = json!({"name": name, "amount": {"amount": amount, "currencyCode": currency}});
        }
        if kind == "RELATIONSHIP_UNINSTALLED" {
            node["reason"] = json!("Too expensive");
        }
        self.state.lock().unwrap().events.push(node);
    }

    #[allow(clippy::too_many_arguments)] // one sale's fields, as the Partner API lists them
    pub fn add_sale(
        &self,
        id: &str,
        shop: &str,
        created_at: &str,
        gross: &str,
        net: &str,
        currency: &str,
        interval: &str,
    ) {
        self.state.lock().unwrap().sales.push(json!({
            "id": id, "createdAt": created_at, "billingInterval": interval,
            "grossAmount": {"amount": gross, "currencyCode": currency},
            "netAmount": {"amount": net, "currencyCode": currency},
            "shop": {"myshopifyDomain": shop},
        }));
    }

    pub fn script(&self, steps: &[Scripted]) {
        self.state.lock().unwrap().script.extend(steps.iter().cloned());
    }

    pub fn fail_always(&self, fail: bool) {
        self.state.lock().unwrap().always_fail = fail;
    }

    pub fn slow_down(&self, delay: Duration) {
        self.state.lock().unwrap().delay = delay;
    }

    pub fn seen(&self) -> Vec<SeenRequest> {
        self.state.lock().unwrap().seen.clone()
    }

    pub fn max_in_flight(&self) -> usize {
        self.state.lock().unwrap().max_in_flight
    }
}

async fn answer(
    request: HttpRequest,
    body: web::Json<Value>,
    state: web::Data<Arc<Mutex<State>>>,
) -> HttpResponse {
    let (scripted, delay) = {
        let mut state = state.lock().unwrap();
        state.seen.push(SeenRequest {
            at: Instant::now(),
            token: request
                .headers()
                .get("X-Shopify-Access-Token")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            path: request.path().to_owned(),
            body: body.clone(),
        });
        state.in_flight += 1;
        state.max_in_flight = state.max_in_flight.max(state.in_flight);
        let scripted = if state.always_fail {
            Some(Scripted::ServerError)
        } else {
            state.script.pop_front()
        };
        (scripted, state.delay)
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let response = match scripted {
        Some(Scripted::Throttle { retry_after_secs }) => HttpResponse::TooManyRequests()
            .insert_header(("Retry-After", retry_after_secs.to_string()))
            .json(json!({"errors": [{"message": "Throttled"}]})),
        Some(Scripted::ServerError) => HttpResponse::InternalServerError().body("boom"),
        None => HttpResponse::Ok().json(page(&state, &body)),
    };
    state.lock().unwrap().in_flight -= 1;
    response
}

/// One page of the fixture, filtered by the query's time floor and paged by `after`.
fn page(state: &Arc<Mutex<State>>, body: &Value) -> Value {
    let state = state.lock().unwrap();
    let query = body["query"].as_str().unwrap_or_default();
    let variables = &body["variables"];
    let (nodes, floor_key, time_key) = if query.contains("AppEvents") {
        (&state.events, "occurredAtMin", "occurredAt")
    } else {
        (&state.sales, "createdAtMin", "createdAt")
    };
    let floor = variables[floor_key]
        .as_str()
        .map(|s| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap());
    let matching: Vec<&Value> = nodes
        .iter()
        .filter(|n| {
            floor.is_none_or(|f| {
                n[time_key]
                    .as_str()
                    .unwrap()
                    .parse::<chrono::DateTime<chrono::Utc>>()
                    .unwrap()
                    >= f
            })
        })
        .collect();
    let start: usize = variables["after"]
        .as_str()
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let edges: Vec<Value> = matching
        .iter()
        .enumerate()
        .skip(start)
        .take(PAGE)
        .map(|(i, node)| json!({"cursor": (i + 1).to_string(), "node": node}))
        .collect();
    let connection = json!({"edges": edges, "pageInfo": {"hasNextPage": start + PAGE < matching.len()}});
    if query.contains("AppEvents") {
        json!({"data": {"app": {"events": connection}}})
    } else {
        json!({"data": {"transactions": connection}})
    }
}
