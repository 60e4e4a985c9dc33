//! A webhook receiver on loopback: records every request as it arrived (headers and raw
//! body) and answers from a script (status and `Retry-After`), then with a default status.
//! Signatures are judged by [`verify_with_reference_library`], the npm `standardwebhooks`
//! package, not by this suite's own reading of the standard.
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Received {
    pub headers: BTreeMap<String, String>,
    pub body: String,
}

impl Received {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(String::as_str).unwrap_or_default()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<u64>,
}

struct State {
    script: VecDeque<Answer>,
    default_status: u16,
    /// How long each request waits (after it is recorded) before it is answered.
    delay: Duration,
    seen: Vec<Received>,
}

#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let state = Arc::new(Mutex::new(State {
            script: VecDeque::new(),
            default_status: 200,
            delay: Duration::ZERO,
            seen: Vec::new(),
        }));
        let shared = state.clone();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(web::Data::new(shared.clone()))
                .default_service(web::to(receive))
        })
        .workers(1)
        .bind(("127.0.0.1", 0))
        .expect("bind the receiver");
        let port = server.addrs()[0].port();
        tokio::spawn(server.run());
        Receiver {
            url: format!("http://127.0.0.1:{port}/hooks"),
            state,
        }
    }

    /// The next answers, in order; after them the default status.
    pub fn script(&self, answers: &[Answer]) {
        self.state.lock().unwrap().script.extend(answers.iter().copied());
    }

    pub fn answer_always(&self, status: u16) {
        self.state.lock().unwrap().default_status = status;
    }

    /// Holds every later request this long before answering (a slow receiver).
    pub fn set_delay(&self, delay: Duration) {
        self.state.lock().unwrap().delay = delay;
    }

    pub fn seen(&self) -> Vec<Received> {
        self.state.lock().unwrap().seen.clone()
    }
}

async fn receive(
    request: HttpRequest,
    body: web::Bytes,
    state: web::Data<Arc<Mutex<State>>>,
) -> HttpResponse {
    let headers = request
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                value.to_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let (answer, delay) = {
        let mut state = state.lock().unwrap();
        state.seen.push(Received {
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        });
        let answer = state.script.pop_front().unwrap_or(Answer {
            status: state.default_status,
            retry_after: None,
        });
        (answer, state.delay)
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let mut response = HttpResponse::build(actix_web::http::StatusCode::from_u16(answer.status).unwrap());
    if let Some(seconds) = answer.retry_after {
        response.insert_header(("retry-after", seconds.to_string()));
    }
    response.body(format!("answered {}", answer.status))
}

/// Runs each request through the npm `standardwebhooks` package's `Webhook.verify` with
/// `secret`; returns its verdict per request ("ok" or the library's error).
pub fn verify_with_reference_library(secret: &str, requests: &[Received]) -> Vec<String> {
    use std::io::Write;
    let input: Vec<serde_json::Value> = requests
        .iter()
        .map(|r| serde_json::json!({"secret": secret, "headers": r.headers, "body": r.body}))
        .collect();
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../frontend/scripts/verify-standard-webhooks.cjs"
    );
    let mut child = std::process::Command::new("node")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node runs the reference verifier (the test command installs the frontend packages)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&input).unwrap().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}
