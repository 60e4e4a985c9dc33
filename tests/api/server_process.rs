//! The real `convot serve` binary as a separate OS process on the test's database: its own
//! memory, runtime and connection pool, as a second node of a deployment would have.
use crate::helpers::*;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub struct ServerProcess {
    pub url: String,
    child: Child,
    /// Its log (stderr) so far, line by line; also passed on to this test's stderr.
    log: Arc<Mutex<Vec<String>>>,
    _dir: tempfile::TempDir,
}

/// `cargo build --workspace` (run first by scripts/test.sh) puts the binary beside `deps/`.
pub fn convot_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let binary = exe.parent().unwrap().parent().unwrap().join("convot");
    assert!(
        binary.exists(),
        "{} is missing: run `cargo build --workspace` first (scripts/test.sh does)",
        binary.display()
    );
    binary
}

impl ServerProcess {
    /// Starts `convot serve` with the test app's database, secrets and SMTP server.
    pub async fn start(app: &TestApp, extra_env: &[(&str, &str)]) -> ServerProcess {
        let dir = tempfile::tempdir().unwrap();
        let mut command = Command::new(convot_binary());
        command
            .arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DATABASE_URL", &app.database_url)
            .env("CONVOT_ADDR", "127.0.0.1:0")
            .env("CONVOT_JWT_SECRET", JWT_SECRET)
            .env("CONVOT_ENCRYPTION_KEY", ENCRYPTION_KEY)
            .env("CONVOT_DATA_DIR", dir.path())
            .env("CONVOT_STATIC_DIR", &app.static_dir)
            .env("CONVOT_WIDGET_RATE_LIMIT", "0")
            .env("CONVOT_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        if let Some(smtp) = &app.smtp_url {
            command.env("CONVOT_SMTP_URL", smtp);
        }
        for (name, value) in extra_env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("start convot serve");
        let log = Arc::new(Mutex::new(Vec::new()));
        let mut log_lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let kept = log.clone();
        tokio::spawn(async move {
            while let Ok(Some(line)) = log_lines.next_line().await {
                eprintln!("{line}");
                kept.lock().unwrap().push(line);
            }
        });
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let url = tokio::time::timeout(std::time::Duration::from_secs(30), async {
            while let Some(line) = lines.next_line().await.unwrap() {
                if let Some(url) = line.strip_prefix("convot listening on ") {
                    return url.to_owned();
                }
            }
            panic!("convot serve exited before listening");
        })
        .await
        .expect("convot serve listens within 30 s");
        // Keep draining stdout so the child never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        ServerProcess {
            url,
            child,
            log,
            _dir: dir,
        }
    }

    /// Its log so far, line by line.
    pub fn log_lines(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    pub fn pid(&self) -> u32 {
        self.child.id().expect("running")
    }

    /// Waits until a line of its log contains `text` (the process's `CONVOT_LOG` must let it
    /// through).
    pub async fn wait_for_log(&self, text: &str, within: Duration) {
        let deadline = Instant::now() + within;
        while !self.log.lock().unwrap().iter().any(|line| line.contains(text)) {
            assert!(
                Instant::now() < deadline,
                "no log line with {text:?} within {within:?}"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Waits for the process to exit.
    pub async fn wait(mut self) -> std::process::ExitStatus {
        self.child.wait().await.unwrap()
    }
}
