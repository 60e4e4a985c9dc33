//! A real SMTP server on loopback for the outbox tests: it speaks the protocol over TCP and
//! records every accepted message, and can be told to refuse (4xx), reject (5xx) or drop
//! connections as if it were down.
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Accept,
    /// Drops every connection at once.
    Down,
    /// 451 to MAIL FROM.
    TemporaryFailure,
    /// 550 to RCPT TO.
    PermanentFailure,
}

#[derive(Clone, Debug)]
pub struct ReceivedMail {
    pub recipients: Vec<String>,
    pub data: String,
}

impl ReceivedMail {
    pub fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{}:", name.to_lowercase());
        self.data
            .lines()
            .take_while(|line| !line.is_empty())
            .find(|line| line.to_lowercase().starts_with(&prefix))
            .map(|line| line[prefix.len()..].trim().to_owned())
    }
}

#[derive(Clone)]
pub struct SmtpServer {
    pub port: u16,
    mode: Arc<Mutex<Mode>>,
    received: Arc<Mutex<Vec<ReceivedMail>>>,
    data_delay: Arc<Mutex<Duration>>,
}

impl SmtpServer {
    pub async fn start() -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let server = SmtpServer {
            port: listener.local_addr().unwrap().port(),
            mode: Arc::new(Mutex::new(Mode::Accept)),
            received: Arc::new(Mutex::new(Vec::new())),
            data_delay: Arc::new(Mutex::new(Duration::ZERO)),
        };
        let handle = server.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let server = handle.clone();
                tokio::spawn(async move {
                    let _ = server.session(socket).await;
                });
            }
        });
        server
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn set_mode(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }

    /// Keeps each message waiting this long after its data before accepting it, so a test can
    /// catch a sender mid-delivery.
    pub fn set_data_delay(&self, delay: Duration) {
        *self.data_delay.lock().unwrap() = delay;
    }

    pub fn received(&self) -> Vec<ReceivedMail> {
        self.received.lock().unwrap().clone()
    }

    /// Waits until at least `count` messages arrived, or panics after `seconds`.
    pub async fn wait_for(&self, count: usize, seconds: u64) -> Vec<ReceivedMail> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
        loop {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            if tokio::time::Instant::now() > deadline {
                panic!(
                    "expected {count} emails within {seconds} s, got {}",
                    received.len()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn session(&self, socket: tokio::net::TcpStream) -> std::io::Result<()> {
        let mode = *self.mode.lock().unwrap();
        if mode == Mode::Down {
            return Ok(());
        }
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 test-smtp ESMTP ready\r\n").await?;
        let mut recipients = Vec::new();
        while let Some(line) = lines.next_line().await? {
            let command = line.to_uppercase();
            let reply: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO") {
                b"250-test-smtp\r\n250 8BITMIME\r\n"
            } else if command.starts_with("MAIL FROM") {
                recipients.clear();
                if mode == Mode::TemporaryFailure {
                    b"451 4.3.0 Try again later\r\n"
                } else {
                    b"250 OK\r\n"
                }
            } else if command.starts_with("RCPT TO") {
                if mode == Mode::PermanentFailure {
                    b"550 5.1.1 No such mailbox\r\n"
                } else {
                    recipients.push(line[8..].trim().trim_matches(|c| c == '<' || c == '>').to_owned());
                    b"250 OK\r\n"
                }
            } else if command == "DATA" {
                write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let mut data = String::new();
                while let Some(body_line) = lines.next_line().await? {
                    if body_line == "." {
                        break;
                    }
                    data.push_str(body_line.strip_prefix('.').unwrap_or(&body_line));
                    data.push('\n');
                }
                self.received.lock().unwrap().push(ReceivedMail {
                    recipients: recipients.clone(),
                    data,
                });
                let delay = *self.data_delay.lock().unwrap();
                tokio::time::sleep(delay).await;
                b"250 OK queued\r\n"
            } else if command == "QUIT" {
                write.write_all(b"221 Bye\r\n").await?;
                return Ok(());
            } else {
                b"250 OK\r\n"
            };
            write.write_all(reply).await?;
        }
        Ok(())
    }
}
