//! Sending one email: over SMTP with lettre when `CONVOT_SMTP_URL` is set, otherwise into
//! `<data dir>/outbox/` as `.eml` files, so a local run works with no mail server.
use entity::outbox_email;
use lettre::message::header::{ContentType, MessageId};
use lettre::transport::smtp::Error as SmtpError;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::time::Duration;

pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Folder(PathBuf),
}

/// Why a send failed, and whether trying again can help.
pub enum SendError {
    /// 4xx replies, connection and timeout errors.
    Temporary(String),
    /// 5xx replies and messages that cannot be built.
    Permanent(String),
}

impl Mailer {
    pub fn from_settings(smtp_url: Option<&str>, data_dir: &std::path::Path) -> anyhow::Result<Mailer> {
        match smtp_url {
            Some(url) => Ok(Mailer::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
                    .timeout(Some(Duration::from_secs(15)))
                    .build(),
            )),
            None => Ok(Mailer::Folder(data_dir.join("outbox"))),
        }
    }

    pub async fn send(&self, from: &str, email: &outbox_email::Model) -> Result<(), SendError> {
        let message = build(from, email).map_err(SendError::Permanent)?;
        match self {
            Mailer::Smtp(transport) => transport.send(message).await.map(|_| ()).map_err(classify),
            Mailer::Folder(dir) => {
                let write = async {
                    tokio::fs::create_dir_all(dir).await?;
                    // The file is named by the stable Message-ID: a resend overwrites, never duplicates.
                    let name = email
                        .message_id_header
                        .trim_matches(|c| c == '<' || c == '>')
                        .replace(['/', '\\'], "_");
                    tokio::fs::write(dir.join(format!("{name}.eml")), message.formatted()).await
                };
                write
                    .await
                    .map_err(|err| SendError::Temporary(format!("writing the email file: {err}")))
            }
        }
    }
}

fn build(from: &str, email: &outbox_email::Model) -> Result<Message, String> {
    Message::builder()
        .from(
            from.parse()
                .map_err(|err| format!("invalid From address: {err}"))?,
        )
        .to(email
            .recipient
            .parse()
            .map_err(|err| format!("invalid recipient: {err}"))?)
        .subject(email.subject.clone())
        .header(MessageId::from(email.message_id_header.clone()))
        .header(ContentType::TEXT_PLAIN)
        .body(email.body.clone())
        .map_err(|err| format!("building the email: {err}"))
}

fn classify(err: SmtpError) -> SendError {
    if err.is_permanent() {
        SendError::Permanent(err.to_string())
    } else {
        SendError::Temporary(err.to_string())
    }
}
