//! The Shopify integration's rows: connection, partner apps, merchants and their events.
use crate::domain::merchant::{
    IntegrationStatus, Merchant, MerchantEvent, MerchantLedger, PartnerApp, PartnerConnection,
};
use crate::domain::shopify_ledger::SaleKind;
use crate::domain::shopify_ledger::{stored_mrr_history, Ledger};
use crate::repo::dialect::Dialect;
use crate::repo::records;
use chrono::{DateTime, Utc};
use entity::{shopify_event, shopify_integration, shopify_merchant};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Select, Statement, Value,
};

pub async fn integration(
    db: &impl ConnectionTrait,
    organization_id: i64,
) -> Result<Option<shopify_integration::Model>, DbErr> {
    integration_query(organization_id).one(db).await
}

/// The connection as agents and owners see it (no token), if there is one.
pub async fn connection(
    db: &impl ConnectionTrait,
    organization_id: i64,
) -> Result<Option<PartnerConnection>, DbErr> {
    records::one(integration(db, organization_id).await?)
}

/// The statement [`integration`] runs, for batching.
pub fn integration_statement(backend: DbBackend, organization_id: i64) -> Statement {
    integration_query(organization_id).build(backend)
}

fn integration_query(organization_id: i64) -> Select<shopify_integration::Entity> {
    shopify_integration::Entity::find()
        .filter(shopify_integration::Column::OrganizationId.eq(organization_id))
}

/// A Partner app mapping with the name of the Convot app it is mapped to.
#[derive(Debug, Clone, sea_orm::FromQueryResult, serde::Deserialize)]
pub struct PartnerAppRow {
    pub partner_app_id: String,
    pub app_id: Option<i64>,
    /// The mapped Convot app's name, so the panel can say which app a merchant is of.
    pub app_name: Option<String>,
    pub events_synced_until: Option<DateTime<Utc>>,
    pub transactions_synced_until: Option<DateTime<Utc>>,
}

pub async fn partner_apps(db: &impl ConnectionTrait, organization_id: i64) -> Result<Vec<PartnerApp>, DbErr> {
    let statement = partner_apps_statement(Dialect::of(db).backend(), organization_id);
    Ok(PartnerAppRow::find_by_statement(statement)
        .all(db)
        .await?
        .into_iter()
        .map(PartnerApp::from)
        .collect())
}

/// The statement [`partner_apps`] runs, for batching.
pub fn partner_apps_statement(backend: DbBackend, organization_id: i64) -> Statement {
    Dialect::from_backend(backend).statement(
        "SELECT p.partner_app_id, p.app_id, a.name AS app_name, p.events_synced_until, p.transactions_synced_until \
         FROM shopify_partner_apps p LEFT JOIN apps a ON a.organization_id = p.organization_id AND a.id = p.app_id \
         WHERE p.organization_id = $1 ORDER BY p.partner_app_id",
        vec![organization_id.into()],
    )
}

/// The merchant row for (app, shop), created on first sight, locked for the caller's
/// transaction.
pub async fn merchant(
    db: &impl ConnectionTrait,
    organization_id: i64,
    partner_app_id: &str,
    shop_domain: &str,
    at: DateTime<Utc>,
) -> Result<MerchantLedger, DbErr> {
    db.execute_raw(Dialect::of(db).statement(
        "INSERT INTO shopify_merchants (organization_id, partner_app_id, shop_domain, subscription_status, mrr_minor, \
         lifetime_value_minor, last_charge_minor, updated_at) VALUES ($1, $2, $3, 'trialing', 0, 0, 0, $4) \
         ON CONFLICT (organization_id, partner_app_id, shop_domain) DO NOTHING",
        vec![organization_id.into(), partner_app_id.into(), shop_domain.into(), at.into()],
    ))
    .await?;
    let query = shopify_merchant::Entity::find()
        .filter(shopify_merchant::Column::OrganizationId.eq(organization_id))
        .filter(shopify_merchant::Column::PartnerAppId.eq(partner_app_id))
        .filter(shopify_merchant::Column::ShopDomain.eq(shop_domain));
    // The ledger is read, changed and written back: a second sync (a lease outlived by a long
    // first sync) waits for this one's commit instead of overwriting it.
    let row = Dialect::of(db)
        .locked_for_update(query)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("merchant just upserted".into()))?;
    Ok(MerchantLedger {
        id: row.id,
        organization_id: row.organization_id,
        shop_domain: row.shop_domain,
        ledger: row.ledger,
        updated_at: row.updated_at,
    })
}

/// Stores a lifecycle event once; returns false when its key was already recorded (the sync
/// re-reads the boundary of the previous window).
pub async fn record_event(
    db: &impl ConnectionTrait,
    organization_id: i64,
    merchant_id: i64,
    key: &str,
    event_type: &str,
    occurred_at: DateTime<Utc>,
    details: serde_json::Value,
) -> Result<bool, DbErr> {
    let result = db
        .execute_raw(Dialect::of(db).statement(
            "INSERT INTO shopify_events (organization_id, merchant_id, event_key, event_type, occurred_at, details) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (organization_id, event_key) DO NOTHING",
            vec![
                organization_id.into(),
                merchant_id.into(),
                key.into(),
                event_type.into(),
                occurred_at.into(),
                Value::Json(Some(Box::new(details))),
            ],
        ))
        .await?;
    Ok(result.rows_affected() > 0)
}

/// Stores a revenue transaction once; returns false when its id was already recorded. These
/// rows are never pruned: they are what keeps a re-read transaction from counting twice.
#[allow(clippy::too_many_arguments)] // one transaction's fields, as the Partner API lists them
pub async fn record_transaction(
    db: &impl ConnectionTrait,
    merchant: &MerchantLedger,
    transaction_id: &str,
    transaction_type: &str,
    charge_id: Option<&str>,
    net_minor: i64,
    currency: &str,
    created_at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = db
        .execute_raw(Dialect::of(db).statement(
            "INSERT INTO shopify_transactions (organization_id, transaction_id, merchant_id, transaction_type, \
             charge_id, net_minor, currency, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (organization_id, transaction_id) DO NOTHING",
            vec![
                merchant.organization_id.into(),
                transaction_id.into(),
                merchant.id.into(),
                transaction_type.into(),
                charge_id.map(str::to_owned).into(),
                net_minor.into(),
                currency.into(),
                created_at.into(),
            ],
        ))
        .await?;
    Ok(result.rows_affected() > 0)
}

/// Merchants of the organization for one shop domain (one per partner app).
pub async fn merchants_for_shop(
    db: &impl ConnectionTrait,
    organization_id: i64,
    shop_domain: &str,
) -> Result<Vec<Merchant>, DbErr> {
    records::all(
        shopify_merchant::Entity::find()
            .filter(shopify_merchant::Column::OrganizationId.eq(organization_id))
            .filter(shopify_merchant::Column::ShopDomain.eq(shop_domain))
            .order_by_asc(shopify_merchant::Column::Id)
            .all(db)
            .await?,
    )
}

/// The merchant rows of a contact's shop (none when the contact has no shop), for batching
/// before the contact row itself is known.
pub fn merchants_for_contact_statement(
    backend: DbBackend,
    organization_id: i64,
    contact_id: i64,
) -> Statement {
    // A join, not `shop_domain = (SELECT …)`: Citus runs a scalar subquery as a step of its
    // own before the query, and the join stays one shard.
    // Without the ledger: the sidebar shows the derived columns (the chart's steps among them),
    // and is polled every few seconds. A row not synced since `mrr_history` was added brings
    // its ledger, for the chart, until the organization's next sync writes the column
    // (`backfill_mrr_history`).
    let sql = "SELECT m.id, m.organization_id, m.partner_app_id, m.shop_domain, m.plan_name, m.subscription_status, \
        m.mrr_minor, m.lifetime_value_minor, m.currency, m.billing_interval, m.last_charge_minor, m.installed_at, \
        m.uninstalled_at, m.uninstall_reason, m.updated_at, CASE WHEN m.mrr_history IS NULL THEN m.ledger END AS ledger, m.charge_id, m.test_charge, \
        m.deactivated_at, m.uninstall_description, m.lifetime_value_currency, m.mrr_history \
        FROM shopify_merchants m JOIN contacts c ON c.organization_id = m.organization_id \
        AND c.shopify_domain = m.shop_domain WHERE m.organization_id = $1 AND c.organization_id = $1 \
        AND c.id = $2 ORDER BY m.id";
    Dialect::from_backend(backend).statement(sql, vec![organization_id.into(), contact_id.into()])
}

/// The newest lifecycle events of the merchants; without `with_revenue`, revenue transactions
/// are left out in the query, so they never crowd the lifecycle events out of the limit.
pub async fn recent_events(
    db: &impl ConnectionTrait,
    organization_id: i64,
    merchant_ids: &[i64],
    with_revenue: bool,
    limit: u64,
) -> Result<Vec<MerchantEvent>, DbErr> {
    if merchant_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = shopify_event::Entity::find()
        .filter(shopify_event::Column::OrganizationId.eq(organization_id))
        .filter(shopify_event::Column::MerchantId.is_in(merchant_ids.iter().copied()));
    if !with_revenue {
        query = query.filter(
            shopify_event::Column::EventType.is_not_in(SaleKind::ALL.iter().map(|kind| kind.as_str())),
        );
    }
    Ok(query
        .order_by_desc(shopify_event::Column::OccurredAt)
        .order_by_desc(shopify_event::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(MerchantEvent::from)
        .collect())
}

/// Lifecycle events are kept 12 months (SPEC §2).
pub async fn prune_events(
    db: &impl ConnectionTrait,
    organization_id: i64,
    before: DateTime<Utc>,
) -> Result<(), DbErr> {
    shopify_event::Entity::delete_many()
        .filter(shopify_event::Column::OrganizationId.eq(organization_id))
        .filter(shopify_event::Column::OccurredAt.lt(before))
        .exec(db)
        .await?;
    Ok(())
}

/// Records the Partner API version in use and Shopify's word on it (`None`: supported).
pub async fn set_api_version(
    db: &impl ConnectionTrait,
    organization_id: i64,
    version: &str,
    warning: Option<String>,
) -> Result<(), DbErr> {
    db.execute_raw(Dialect::of(db).statement(
        "UPDATE shopify_integrations SET api_version = $2, api_version_warning = $3 WHERE organization_id = $1",
        vec![organization_id.into(), version.into(), warning.into()],
    ))
    .await?;
    Ok(())
}

/// Integrations due for a sync, across organizations: the sync worker is infrastructure.
pub async fn due_integrations(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<i64>, DbErr> {
    shopify_integration::Entity::find()
        .select_only()
        .column(shopify_integration::Column::OrganizationId)
        .filter(shopify_integration::Column::RetriesExhausted.eq(false))
        .filter(shopify_integration::Column::NextSyncAt.lte(now))
        .into_tuple()
        .all(db)
        .await
}

/// Takes the organization's sync lease if nobody holds a live one. One sync per
/// organization at a time, across every API process.
pub async fn take_lease(
    db: &impl ConnectionTrait,
    organization_id: i64,
    owner: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = db
        .execute_raw(Dialect::of(db).statement(
            "UPDATE shopify_integrations SET lease_owner = $2, lease_until = $3, status = 'syncing' \
             WHERE organization_id = $1 AND retries_exhausted = $5 AND next_sync_at <= $4 \
             AND (lease_until IS NULL OR lease_until < $4)",
            vec![
                organization_id.into(),
                owner.into(),
                until.into(),
                now.into(),
                false.into(),
            ],
        ))
        .await?;
    Ok(result.rows_affected() > 0)
}

/// What a (re)connect stores: fresh credentials and a schedule due at once.
pub struct NewConnection<'a> {
    pub organization_id: i64,
    pub partner_organization_id: &'a str,
    pub token_ciphertext: &'a str,
    pub api_version: &'a str,
    pub api_version_warning: Option<String>,
    /// (Partner app id without its `gid://` prefix, Convot app id).
    pub apps: &'a [(String, i64)],
    pub at: DateTime<Utc>,
}

/// Replaces the organization's connection and Partner app mappings (run in the caller's
/// transaction, so a failed reconnect leaves the old one).
pub async fn replace_connection(db: &impl ConnectionTrait, new: &NewConnection<'_>) -> Result<(), DbErr> {
    let dialect = Dialect::of(db);
    let org = new.organization_id;
    db.execute_raw(dialect.statement(
        "DELETE FROM shopify_integrations WHERE organization_id = $1",
        vec![org.into()],
    ))
    .await?;
    db.execute_raw(dialect.statement(
        "INSERT INTO shopify_integrations (organization_id, partner_organization_id, token_ciphertext, status, \
         consecutive_failures, retries_exhausted, next_sync_at, created_at, updated_at, api_version, \
         api_version_warning) VALUES ($1, $2, $3, $4, 0, $5, $6, $6, $6, $7, $8)",
        vec![
            org.into(),
            new.partner_organization_id.into(),
            new.token_ciphertext.into(),
            IntegrationStatus::Syncing.as_str().into(),
            false.into(),
            new.at.into(),
            new.api_version.into(),
            new.api_version_warning.clone().into(),
        ],
    ))
    .await?;
    db.execute_raw(dialect.statement(
        "DELETE FROM shopify_partner_apps WHERE organization_id = $1",
        vec![org.into()],
    ))
    .await?;
    for (partner_app_id, app_id) in new.apps {
        db.execute_raw(dialect.statement(
            "INSERT INTO shopify_partner_apps (organization_id, partner_app_id, app_id) VALUES ($1, $2, $3)",
            vec![org.into(), partner_app_id.as_str().into(), (*app_id).into()],
        ))
        .await?;
    }
    Ok(())
}

/// Forgets the connection and every synced row of the organization.
pub async fn delete_connection(db: &impl ConnectionTrait, organization_id: i64) -> Result<(), DbErr> {
    let dialect = Dialect::of(db);
    for table in [
        "shopify_events",
        "shopify_transactions",
        "shopify_merchants",
        "shopify_partner_apps",
        "shopify_integrations",
    ] {
        let sql = format!("DELETE FROM {table} WHERE organization_id = $1");
        db.execute_raw(dialect.statement(&sql, vec![organization_id.into()]))
            .await?;
    }
    Ok(())
}

/// "Sync now": clears an exhausted schedule and makes the sync due at `at`.
pub async fn make_sync_due(
    db: &impl ConnectionTrait,
    organization_id: i64,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    use sea_orm::sea_query::Expr;
    shopify_integration::Entity::update_many()
        .col_expr(shopify_integration::Column::RetriesExhausted, Expr::value(false))
        .col_expr(shopify_integration::Column::ConsecutiveFailures, Expr::value(0))
        .col_expr(shopify_integration::Column::NextSyncAt, Expr::value(at))
        .filter(shopify_integration::Column::OrganizationId.eq(organization_id))
        .exec(db)
        .await?;
    Ok(())
}

/// How a sync ended, for the schedule.
pub enum SyncOutcome {
    Succeeded {
        next_sync_at: DateTime<Utc>,
    },
    Failed {
        message: String,
        failures: i32,
        /// The schedule stops until an owner asks for "Sync now".
        exhausted: bool,
        next_sync_at: DateTime<Utc>,
    },
}

/// Releases the lease `owner` holds and records the outcome; a lease already taken over by
/// another process is left to it. A "Sync now" that arrived while this sync ran (its
/// `next_sync_at` is later than `started_at`, when the sync was still due) is kept, so the
/// owner's request is not swallowed by a sync that may have read before their change.
pub async fn finish_sync(
    db: &impl ConnectionTrait,
    organization_id: i64,
    owner: &str,
    outcome: SyncOutcome,
    started_at: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    use sea_orm::sea_query::{CaseStatement, Expr};
    use shopify_integration::Column;
    let schedule = |next_sync_at: DateTime<Utc>| {
        CaseStatement::new()
            .case(Column::NextSyncAt.gt(started_at), Expr::col(Column::NextSyncAt))
            .finally(Expr::value(next_sync_at))
    };
    let update = shopify_integration::Entity::update_many()
        .col_expr(Column::LeaseOwner, Expr::value(Option::<String>::None))
        .col_expr(Column::LeaseUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(Column::UpdatedAt, Expr::value(at));
    let update = match outcome {
        SyncOutcome::Succeeded { next_sync_at } => update
            .col_expr(Column::Status, Expr::value(IntegrationStatus::Connected.as_str()))
            .col_expr(Column::LastError, Expr::value(Option::<String>::None))
            .col_expr(Column::LastSyncedAt, Expr::value(at))
            .col_expr(Column::ConsecutiveFailures, Expr::value(0))
            .col_expr(Column::NextSyncAt, schedule(next_sync_at).into()),
        SyncOutcome::Failed {
            message,
            failures,
            exhausted,
            next_sync_at,
        } => update
            .col_expr(Column::Status, Expr::value(IntegrationStatus::Error.as_str()))
            .col_expr(Column::LastError, Expr::value(message))
            .col_expr(Column::ConsecutiveFailures, Expr::value(failures))
            .col_expr(Column::RetriesExhausted, Expr::value(exhausted))
            .col_expr(Column::NextSyncAt, schedule(next_sync_at).into()),
    };
    update
        .filter(Column::OrganizationId.eq(organization_id))
        .filter(Column::LeaseOwner.eq(owner))
        .exec(db)
        .await?;
    Ok(())
}

/// Where the next sync of the Partner app starts reading events and transactions.
pub async fn set_synced_until(
    db: &impl ConnectionTrait,
    organization_id: i64,
    partner_app_id: &str,
    events_until: Option<DateTime<Utc>>,
    transactions_until: Option<DateTime<Utc>>,
) -> Result<(), DbErr> {
    use entity::shopify_partner_app::{Column, Entity};
    use sea_orm::sea_query::Expr;
    Entity::update_many()
        .col_expr(Column::EventsSyncedUntil, Expr::value(events_until))
        .col_expr(Column::TransactionsSyncedUntil, Expr::value(transactions_until))
        .filter(Column::OrganizationId.eq(organization_id))
        .filter(Column::PartnerAppId.eq(partner_app_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Rewrites the merchant's columns from its ledger (its standing and the MRR chart derived
/// from it), scoped by organization like every write.
pub async fn save_ledger(
    db: &impl ConnectionTrait,
    merchant: &MerchantLedger,
    ledger: &Ledger,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    use sea_orm::sea_query::Expr;
    use shopify_merchant::Column;
    let standing = ledger.standing();
    let snapshot = standing.snapshot();
    let ledger_json = serde_json::to_string(ledger).map_err(|err| DbErr::Custom(err.to_string()))?;
    let history_json =
        serde_json::to_string(&ledger.mrr_history()).map_err(|err| DbErr::Custom(err.to_string()))?;
    shopify_merchant::Entity::update_many()
        .col_expr(Column::PlanName, Expr::value(snapshot.plan_name))
        .col_expr(Column::SubscriptionStatus, Expr::value(snapshot.status.as_str()))
        .col_expr(Column::MrrMinor, Expr::value(snapshot.mrr_minor))
        .col_expr(
            Column::Currency,
            Expr::value(
                snapshot
                    .mrr_currency
                    .or_else(|| standing.lifetime_value_currency.clone()),
            ),
        )
        .col_expr(
            Column::BillingInterval,
            Expr::value(snapshot.billing_interval.map(|i| i.as_str())),
        )
        .col_expr(Column::ChargeId, Expr::value(snapshot.charge_id))
        .col_expr(Column::TestCharge, Expr::value(snapshot.test))
        .col_expr(
            Column::LifetimeValueMinor,
            Expr::value(standing.lifetime_value_minor),
        )
        .col_expr(
            Column::LifetimeValueCurrency,
            Expr::value(standing.lifetime_value_currency.clone()),
        )
        .col_expr(Column::InstalledAt, Expr::value(standing.installed_at))
        .col_expr(Column::UninstalledAt, Expr::value(standing.uninstalled_at))
        .col_expr(
            Column::UninstallReason,
            Expr::value(standing.uninstall_reason.clone()),
        )
        .col_expr(
            Column::UninstallDescription,
            Expr::value(standing.uninstall_description.clone()),
        )
        .col_expr(Column::DeactivatedAt, Expr::value(standing.deactivated_at))
        .col_expr(Column::Ledger, Expr::value(ledger_json))
        .col_expr(Column::MrrHistory, Expr::value(history_json))
        .col_expr(Column::UpdatedAt, Expr::value(at.max(merchant.updated_at)))
        .filter(Column::OrganizationId.eq(merchant.organization_id))
        .filter(Column::Id.eq(merchant.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Writes `mrr_history` for the organization's merchants that have a ledger but no chart yet:
/// rows synced before the column existed and quiet since (a sync rewrites only the merchants
/// it has news of), so the sidebar stops reading their ledger. A row a concurrent sync has
/// just written is left as that sync wrote it.
pub async fn backfill_mrr_history(db: &impl ConnectionTrait, organization_id: i64) -> Result<u64, DbErr> {
    use sea_orm::sea_query::Expr;
    let pending = shopify_merchant::Entity::find()
        .filter(shopify_merchant::Column::OrganizationId.eq(organization_id))
        .filter(shopify_merchant::Column::MrrHistory.is_null())
        .filter(shopify_merchant::Column::Ledger.is_not_null())
        .all(db)
        .await?;
    let mut written = 0;
    for merchant in pending {
        let steps = stored_mrr_history(None, merchant.ledger.as_deref());
        let history = serde_json::to_string(&steps).map_err(|err| DbErr::Custom(err.to_string()))?;
        written += shopify_merchant::Entity::update_many()
            .col_expr(shopify_merchant::Column::MrrHistory, Expr::value(history))
            .filter(shopify_merchant::Column::OrganizationId.eq(organization_id))
            .filter(shopify_merchant::Column::Id.eq(merchant.id))
            .filter(shopify_merchant::Column::MrrHistory.is_null())
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(written)
}
