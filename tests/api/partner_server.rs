//! A real HTTP server on loopback standing in for Shopify's Partner GraphQL API, built from
//! Shopify's published schema and documented behaviour rather than from the product's code:
//!
//! - every query is validated and its variables coerced by `apollo-compiler` against the
//!   shared introspection file (`partner_schema`); an invalid one is answered with GraphQL
//!   `errors` and recorded, so a test can assert none was sent;
//! - the answer holds exactly the fields the query selected;
//! - `/{organization}/api/{version}/graphql.json`: an unknown organization or a version not
//!   served answers 404; `unstable` is always served and lists `publicApiVersions`;
//! - more than 4 requests in any second from one token answer 429 with `Retry-After`;
//! - lists come newest first, filtered by `types`, `occurredAtMin`/`createdAtMin` and the app,
//!   paged by `first` and `after` (edge cursors; `PageInfo` has no end cursor).
use crate::partner_schema::{self, Resolver};
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use serde_json::{json, Map, Value};
use std::collections::{BTreeSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const ORGANIZATION: &str = "987654";
/// The Partner API client token the stand-in accepts; any other is 401.
pub const TOKEN: &str = "prtapi_globex_test_token_0123456789";
pub const PARTNER_APP: &str = "555";

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
    pub status: u16,
}

/// A subscription charge as events carry it: `charge { id name test amount }`.
#[derive(Clone, Debug)]
pub struct TestCharge {
    pub id: u64,
    pub name: &'static str,
    pub amount: &'static str,
    pub test: bool,
}

impl TestCharge {
    pub fn gid(&self) -> String {
        format!("gid://shopify/AppSubscription/{}", self.id)
    }
}

struct State {
    organizations: BTreeSet<String>,
    /// (handle, supported) as `publicApiVersions` lists them; `unstable` is always served.
    versions: Vec<(String, bool)>,
    /// (occurred at, node) of every app event, any app.
    events: Vec<(String, Value)>,
    transactions: Vec<(String, Value)>,
    script: VecDeque<Scripted>,
    always_fail: bool,
    delay: Duration,
    page_size: usize,
    seen: Vec<SeenRequest>,
    invalid: Vec<String>,
    in_flight: usize,
    max_in_flight: usize,
}

#[derive(Clone)]
pub struct PartnerServer {
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl PartnerServer {
    pub async fn start() -> PartnerServer {
        let state = Arc::new(Mutex::new(State {
            organizations: BTreeSet::from([ORGANIZATION.to_owned()]),
            versions: [
                ("2025-10", false),
                ("2026-01", true),
                ("2026-04", true),
                ("2026-07", true),
                ("2026-10", true),
            ]
            .iter()
            .map(|(h, s)| (h.to_string(), *s))
            .collect(),
            events: Vec::new(),
            transactions: Vec::new(),
            script: VecDeque::new(),
            always_fail: false,
            delay: Duration::ZERO,
            page_size: 100,
            seen: Vec::new(),
            invalid: Vec::new(),
            in_flight: 0,
            max_in_flight: 0,
        }));
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

    fn event(&self, app: &str, kind: &str, shop: &str, at: &str, extra: Value) {
        let typename: String = kind
            .split('_')
            .map(|word| {
                let lower = word.to_lowercase();
                let mut chars = lower.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                    .unwrap_or_default()
            })
            .collect();
        let mut node = json!({
            "__typename": typename, "type": kind, "occurredAt": at,
            "app": {"__typename": "App", "id": format!("gid://partners/App/{app}")},
            "shop": shop_node(shop),
        });
        if let (Value::Object(node), Value::Object(extra)) = (&mut node, extra) {
            node.extend(extra);
        }
        self.state.lock().unwrap().events.push((at.to_owned(), node));
    }

    pub fn install(&self, shop: &str, at: &str) {
        self.event(PARTNER_APP, "RELATIONSHIP_INSTALLED", shop, at, json!({}));
    }

    pub fn uninstall(&self, shop: &str, at: &str, reason: Option<&str>, description: Option<&str>) {
        self.event(
            PARTNER_APP,
            "RELATIONSHIP_UNINSTALLED",
            shop,
            at,
            json!({"reason": reason, "description": description}),
        );
    }

    /// `RELATIONSHIP_DEACTIVATED`, `RELATIONSHIP_REACTIVATED`.
    pub fn relationship(&self, kind: &str, shop: &str, at: &str) {
        self.event(PARTNER_APP, kind, shop, at, json!({}));
    }

    /// A `SUBSCRIPTION_CHARGE_*` event.
    pub fn charge_event(&self, kind: &str, shop: &str, at: &str, charge: &TestCharge) {
        self.event(
            PARTNER_APP,
            kind,
            shop,
            at,
            json!({"charge": {
                "__typename": "AppSubscription", "id": charge.gid(), "name": charge.name, "test": charge.test,
                "amount": {"__typename": "Money", "amount": charge.amount, "currencyCode": "USD"},
                "billingOn": null,
            }}),
        );
    }

    /// Events the product does not read (`USAGE_CHARGE_APPLIED`, `CREDIT_APPLIED`): it must
    /// filter them out with `types:` rather than fetch and drop them.
    pub fn noise(&self, kind: &str, shop: &str, at: &str) {
        let charge = match kind {
            "USAGE_CHARGE_APPLIED" => {
                json!({"charge": {"__typename": "AppUsageRecord", "id": "gid://shopify/AppUsageRecord/1",
                "name": "Usage", "test": false, "amount": {"__typename": "Money", "amount": "0.10", "currencyCode": "USD"}}})
            }
            _ => json!({}),
        };
        self.event(PARTNER_APP, kind, shop, at, charge);
    }

    /// A revenue transaction of `kind` (`APP_SUBSCRIPTION_SALE`, `APP_USAGE_SALE`, …).
    #[allow(clippy::too_many_arguments)] // one transaction's fields, as the Partner API lists them
    pub fn transaction(
        &self,
        kind: &str,
        id: &str,
        shop: &str,
        at: &str,
        charge: Option<&TestCharge>,
        interval: Option<&str>,
        gross: &str,
        net: &str,
    ) {
        let typename = match kind {
            "APP_SUBSCRIPTION_SALE" => "AppSubscriptionSale",
            "APP_USAGE_SALE" => "AppUsageSale",
            "APP_ONE_TIME_SALE" => "AppOneTimeSale",
            "APP_SALE_ADJUSTMENT" => "AppSaleAdjustment",
            "APP_SALE_CREDIT" => "AppSaleCredit",
            "THEME_SALE" => "ThemeSale",
            other => panic!("no stand-in for {other}"),
        };
        let money = |amount: &str| json!({"__typename": "Money", "amount": amount, "currencyCode": "USD"});
        let node = json!({
            "__typename": typename, "type": kind, "id": format!("gid://partners/{typename}/{id}"), "createdAt": at,
            "app": {"__typename": "App", "id": format!("gid://partners/App/{PARTNER_APP}")},
            // A sale names its charge in the Partner API's own namespace.
            "chargeId": charge.map(|c| format!("gid://partners/AppSubscription/{}", c.id)),
            "billingInterval": interval,
            "grossAmount": money(gross), "netAmount": money(net),
            "shopifyFee": money("0.00"),
            "shop": shop_node(shop),
        });
        self.state
            .lock()
            .unwrap()
            .transactions
            .push((at.to_owned(), node));
    }

    /// A monthly (or annual) subscription sale of `charge`, 80 % net.
    pub fn sale(&self, id: &str, shop: &str, at: &str, charge: &TestCharge, interval: &str) {
        let cents = (charge.amount.parse::<f64>().unwrap() * 100.0).round() as i64;
        let net = cents * 4 / 5;
        self.transaction(
            "APP_SUBSCRIPTION_SALE",
            id,
            shop,
            at,
            Some(charge),
            Some(interval),
            charge.amount,
            &format!("{}.{:02}", net / 100, net % 100),
        );
    }

    pub fn page_size(&self, size: usize) {
        self.state.lock().unwrap().page_size = size;
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

    /// Every query the schema refused, with the reason; a test asserts this stays empty.
    pub fn invalid_queries(&self) -> Vec<String> {
        self.state.lock().unwrap().invalid.clone()
    }

    /// Requests answered 429 because more than 4 came in one second.
    pub fn rate_limited(&self) -> usize {
        self.state
            .lock()
            .unwrap()
            .seen
            .iter()
            .filter(|r| r.status == 429)
            .count()
    }
}

fn shop_node(shop: &str) -> Value {
    json!({"__typename": "Shop", "id": format!("gid://partners/Shop/{}", shop.len()), "myshopifyDomain": shop,
           "name": shop.split('.').next().unwrap_or(shop), "avatarUrl": null})
}

const PER_SECOND: usize = 4;

async fn answer(
    request: HttpRequest,
    body: web::Json<Value>,
    state: web::Data<Arc<Mutex<State>>>,
) -> HttpResponse {
    let token = request
        .headers()
        .get("X-Shopify-Access-Token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let path = request.path().to_owned();
    let now = Instant::now();
    let (decision, delay) = {
        let mut state = state.lock().unwrap();
        let recent = state
            .seen
            .iter()
            .filter(|r| r.token == token && now.duration_since(r.at) < Duration::from_secs(1))
            .count();
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let (organization, version) = match parts.as_slice() {
            [org, "api", version, "graphql.json"] => (org.to_string(), version.to_string()),
            _ => (String::new(), String::new()),
        };
        let served = version == "unstable" || state.versions.iter().any(|(h, _)| *h == version);
        let decision = if !state.organizations.contains(&organization) || !served {
            Decision::NotFound
        } else if token.as_deref() != Some(TOKEN) {
            Decision::Unauthorized
        } else if recent >= PER_SECOND {
            Decision::RateLimited
        } else if state.always_fail {
            Decision::Scripted(Scripted::ServerError)
        } else if let Some(step) = state.script.pop_front() {
            Decision::Scripted(step)
        } else {
            Decision::Answer
        };
        let status = match &decision {
            Decision::NotFound => 404,
            Decision::Unauthorized => 401,
            Decision::RateLimited | Decision::Scripted(Scripted::Throttle { .. }) => 429,
            Decision::Scripted(Scripted::ServerError) => 500,
            Decision::Answer => 200,
        };
        state.seen.push(SeenRequest {
            at: now,
            token: token.clone(),
            path: path.clone(),
            body: body.clone(),
            status,
        });
        state.in_flight += 1;
        state.max_in_flight = state.max_in_flight.max(state.in_flight);
        (decision, state.delay)
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let response = match decision {
        Decision::NotFound => HttpResponse::NotFound().json(json!({"errors": "Not Found"})),
        Decision::Unauthorized => HttpResponse::Unauthorized().json(
            json!({"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"}),
        ),
        Decision::RateLimited => HttpResponse::TooManyRequests()
            .insert_header(("Retry-After", "1"))
            .json(json!({"errors": [{"message": "Throttled"}]})),
        Decision::Scripted(Scripted::Throttle { retry_after_secs }) => HttpResponse::TooManyRequests()
            .insert_header(("Retry-After", retry_after_secs.to_string()))
            .json(json!({"errors": [{"message": "Throttled"}]})),
        Decision::Scripted(Scripted::ServerError) => HttpResponse::InternalServerError().body("boom"),
        Decision::Answer => HttpResponse::Ok().json(graphql(&state, &body)),
    };
    state.lock().unwrap().in_flight -= 1;
    response
}

enum Decision {
    NotFound,
    Unauthorized,
    RateLimited,
    Scripted(Scripted),
    Answer,
}

fn graphql(state: &Arc<Mutex<State>>, body: &Value) -> Value {
    let query = body["query"].as_str().unwrap_or_default();
    let request = match partner_schema::validate(query, &body["variables"]) {
        Ok(request) => request,
        Err(error) => {
            state.lock().unwrap().invalid.push(format!("{error}\n{query}"));
            return json!({"errors": [{"message": error}]});
        }
    };
    let state = state.lock().unwrap();
    let data = request.execute(&json!({}), &Lists(&state));
    json!({"data": data})
}

struct Lists<'a>(&'a State);

impl Resolver for Lists<'_> {
    fn resolve(
        &self,
        parent_type: &str,
        field: &str,
        args: &Map<String, Value>,
        parent: &Value,
    ) -> Option<Value> {
        let state = self.0;
        // Indexing a `Value` reads a missing argument as null.
        let args = &Value::Object(args.clone());
        match (parent_type, field) {
            ("QueryRoot", "publicApiVersions") => Some(Value::Array(
                state
                    .versions
                    .iter()
                    .map(|(handle, supported)| json!({"__typename": "ApiVersion", "handle": handle, "displayName": handle, "supported": supported}))
                    .chain([json!({"__typename": "ApiVersion", "handle": "unstable", "displayName": "unstable", "supported": false})])
                    .collect(),
            )),
            ("QueryRoot", "app") => Some(json!({"__typename": "App", "id": args["id"], "name": "App", "apiKey": "key"})),
            ("App", "events") => {
                let app = parent["id"].as_str().unwrap_or_default();
                let nodes: Vec<&(String, Value)> = state
                    .events
                    .iter()
                    .filter(|(_, node)| node["app"]["id"] == app)
                    .filter(|(at, _)| at_least(at, &args["occurredAtMin"]))
                    .filter(|(_, node)| in_list(&node["type"], &args["types"]))
                    .collect();
                Some(connection(nodes, args, state.page_size, "AppEventConnection", "AppEventEdge"))
            }
            ("QueryRoot", "transactions") => {
                let nodes: Vec<&(String, Value)> = state
                    .transactions
                    .iter()
                    .filter(|(_, node)| args["appId"].is_null() || node["app"]["id"] == args["appId"])
                    .filter(|(at, _)| at_least(at, &args["createdAtMin"]))
                    .filter(|(_, node)| in_list(&node["type"], &args["types"]))
                    .collect();
                Some(connection(nodes, args, state.page_size, "TransactionConnection", "TransactionEdge"))
            }
            _ => None,
        }
    }
}

fn at_least(at: &str, floor: &Value) -> bool {
    let parse = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    floor.as_str().is_none_or(|floor| parse(at) >= parse(floor))
}

fn in_list(value: &Value, list: &Value) -> bool {
    list.as_array().is_none_or(|list| list.contains(value))
}

/// Newest first, as Shopify lists them; cursors are positions in that order.
fn connection(
    mut nodes: Vec<&(String, Value)>,
    args: &Value,
    page_size: usize,
    typename: &str,
    edge: &str,
) -> Value {
    // Newest first; of two at one instant, the one that happened (was added) later comes first.
    nodes.reverse();
    nodes.sort_by(|a, b| b.0.cmp(&a.0));
    let first = args["first"]
        .as_u64()
        .map(|n| n as usize)
        .unwrap_or(50)
        .min(page_size);
    let start: usize = args["after"].as_str().and_then(|c| c.parse().ok()).unwrap_or(0);
    let edges: Vec<Value> = nodes
        .iter()
        .enumerate()
        .skip(start)
        .take(first)
        .map(|(i, (_, node))| json!({"__typename": edge, "cursor": (i + 1).to_string(), "node": node}))
        .collect();
    json!({
        "__typename": typename,
        "edges": edges,
        "pageInfo": {"__typename": "PageInfo", "hasNextPage": start + first < nodes.len(), "hasPreviousPage": start > 0},
    })
}
