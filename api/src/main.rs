//! `convot`: the one server binary. Subcommands: serve (default), migrate, seed, openapi.
use anyhow::Context;
use api::configuration::{self, Settings};
use api::startup::Application;
use api::{db, openapi, seed, telemetry};
use secrecy::ExposeSecret;

const USAGE: &str = "usage: convot [serve|migrate|seed|openapi]
  serve    run pending migrations, then serve the API and the built SPA
  migrate  run pending migrations
  seed     load the demo data (idempotent) and print the demo logins
           --bench [scale]  instead load the benchmark dataset (scale 1: 200k contacts, 2M events)
  openapi  print the OpenAPI document as YAML";

fn main() -> anyhow::Result<()> {
    // reqwest is built without a default crypto provider; pick ring once for the process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let command = std::env::args().nth(1).unwrap_or_else(|| "serve".into());
    match command.as_str() {
        "openapi" => {
            print!("{}", openapi::yaml()?);
            Ok(())
        }
        "serve" | "migrate" | "seed" => run_with_database(&command),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => {
            eprintln!("unknown command `{other}`\n{USAGE}");
            std::process::exit(2);
        }
    }
}

fn run_with_database(command: &str) -> anyhow::Result<()> {
    // First, so what reading the settings warns about (a loose secret file) is logged.
    telemetry::init(&configuration::log_filter(), configuration::log_format()?);
    let settings = Settings::from_env()?;
    actix_web::rt::System::new().block_on(async move {
        match command {
            "serve" => {
                let app = Application::build(settings.clone()).await?;
                let host = settings
                    .addr
                    .rsplit_once(':')
                    .map(|(h, _)| h)
                    .unwrap_or("127.0.0.1");
                println!("convot listening on http://{host}:{}", app.port());
                println!("API docs at http://{host}:{}/api/docs/", app.port());
                app.run_until_stopped()
                    .await
                    .context("server stopped with an error")
            }
            "migrate" => {
                let conn = db::connect(settings.database_url.expose_secret(), 2).await?;
                db::migrate(&conn).await?;
                println!(
                    "migrations applied to {}",
                    db::redact(settings.database_url.expose_secret())
                );
                Ok(())
            }
            _ => {
                let conn = db::connect(settings.database_url.expose_secret(), 4).await?;
                db::migrate(&conn).await?;
                let args: Vec<String> = std::env::args().skip(2).collect();
                let report = if args.first().map(String::as_str) == Some("--bench") {
                    let scale = match args.get(1) {
                        Some(value) => value
                            .parse()
                            .context("the bench scale must be a number, e.g. 0.1")?,
                        None => 1.0,
                    };
                    seed::bench::seed_bench(&conn, scale).await?
                } else {
                    seed::demo::seed_demo(&conn, settings.encryption_key.expose_secret()).await?
                };
                println!("{report}");
                Ok(())
            }
        }
    })
}
