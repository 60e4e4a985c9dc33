//! A merchant's standing with one Partner app, folded from what the Partner API reports:
//! relationship events, subscription-charge events (kept by charge id) and revenue
//! transactions. Plan, status, MRR, lifetime value and the MRR history all come from this
//! one fold, so the sidebar, the merchant endpoint and the chart cannot disagree (SPEC §2).
//!
//! Facts are kept in time order, deduplicated by key; facts older than the retention horizon
//! are folded into a baseline, so the ledger stays small while the state stays exact.
use crate::domain::money::monthly_minor;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::domain::text_enum::text_enum! {
    /// `AppPricingInterval`: Shopify bills subscriptions every 30 days or once a year.
    pub enum BillingInterval {
        Every30Days = "EVERY_30_DAYS",
        Annual = "ANNUAL",
    }
}

/// Where a subscription charge stands after its latest `SubscriptionCharge*` event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChargeStatus {
    Accepted,
    Active,
    Frozen,
    Canceled,
    Declined,
    Expired,
}

impl ChargeStatus {
    fn ended(self) -> bool {
        matches!(
            self,
            ChargeStatus::Canceled | ChargeStatus::Declined | ChargeStatus::Expired
        )
    }
}

/// What an event says about a charge: `charge { id name test amount }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChargeInfo {
    pub id: String,
    pub name: String,
    pub test: bool,
    /// The price per billing interval, in minor units.
    pub amount_minor: i64,
    pub currency: String,
}

/// The revenue transactions an app earns (`TransactionType` values starting `APP_`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SaleKind {
    AppSubscriptionSale,
    AppUsageSale,
    AppOneTimeSale,
    AppSaleAdjustment,
    AppSaleCredit,
}

impl SaleKind {
    pub const ALL: [SaleKind; 5] = [
        SaleKind::AppSubscriptionSale,
        SaleKind::AppUsageSale,
        SaleKind::AppOneTimeSale,
        SaleKind::AppSaleAdjustment,
        SaleKind::AppSaleCredit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SaleKind::AppSubscriptionSale => "APP_SUBSCRIPTION_SALE",
            SaleKind::AppUsageSale => "APP_USAGE_SALE",
            SaleKind::AppOneTimeSale => "APP_ONE_TIME_SALE",
            SaleKind::AppSaleAdjustment => "APP_SALE_ADJUSTMENT",
            SaleKind::AppSaleCredit => "APP_SALE_CREDIT",
        }
    }

    pub fn parse(value: &str) -> Option<SaleKind> {
        SaleKind::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fact {
    Installed,
    Uninstalled {
        reason: Option<String>,
        description: Option<String>,
    },
    /// The store closed or paused (`RELATIONSHIP_DEACTIVATED`): not an uninstall.
    Deactivated,
    Reactivated,
    Charge {
        status: ChargeStatus,
        charge: ChargeInfo,
    },
    Sale {
        sale: SaleKind,
        charge_id: Option<String>,
        billing_interval: Option<BillingInterval>,
        gross_minor: Option<i64>,
        net_minor: i64,
        currency: String,
    },
}

impl Fact {
    /// The `AppEventTypes` value of a Partner event, as a fact; `None` for events that say
    /// nothing about the plan or the relationship.
    pub fn from_event(
        event_type: &str,
        charge: Option<ChargeInfo>,
        reason: Option<String>,
        description: Option<String>,
    ) -> Option<Fact> {
        let status = match event_type {
            "RELATIONSHIP_INSTALLED" => return Some(Fact::Installed),
            "RELATIONSHIP_UNINSTALLED" => return Some(Fact::Uninstalled { reason, description }),
            "RELATIONSHIP_DEACTIVATED" => return Some(Fact::Deactivated),
            "RELATIONSHIP_REACTIVATED" => return Some(Fact::Reactivated),
            "SUBSCRIPTION_CHARGE_ACCEPTED" => ChargeStatus::Accepted,
            "SUBSCRIPTION_CHARGE_ACTIVATED" | "SUBSCRIPTION_CHARGE_UNFROZEN" => ChargeStatus::Active,
            "SUBSCRIPTION_CHARGE_FROZEN" => ChargeStatus::Frozen,
            "SUBSCRIPTION_CHARGE_CANCELED" => ChargeStatus::Canceled,
            "SUBSCRIPTION_CHARGE_DECLINED" => ChargeStatus::Declined,
            "SUBSCRIPTION_CHARGE_EXPIRED" => ChargeStatus::Expired,
            _ => return None,
        };
        Some(Fact::Charge {
            status,
            charge: charge?,
        })
    }
}

/// One fact with its time and a key that is the same each time the Partner API lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dated {
    pub at: DateTime<Utc>,
    pub key: String,
    pub fact: Fact,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Charge {
    pub info: ChargeInfo,
    pub status: ChargeStatus,
    /// When this charge's latest event happened; older events never override it.
    pub status_at: DateTime<Utc>,
    pub activated_at: Option<DateTime<Utc>>,
    /// The first sale of this charge that cost the merchant something: trialing until then.
    pub first_paid_at: Option<DateTime<Utc>>,
    /// Read from the charge's sales: `AppSubscription` itself carries no interval.
    pub billing_interval: Option<BillingInterval>,
}

impl Charge {
    fn record_sale(&mut self, at: DateTime<Utc>, billing_interval: Option<BillingInterval>, paid: bool) {
        if billing_interval.is_some() {
            self.billing_interval = billing_interval;
        }
        if paid && !self.info.test && self.first_paid_at.is_none_or(|first| at < first) {
            self.first_paid_at = Some(at);
        }
    }
}

/// Everything folded so far.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Standing {
    pub installed_at: Option<DateTime<Utc>>,
    pub uninstalled_at: Option<DateTime<Utc>>,
    pub uninstall_reason: Option<String>,
    pub uninstall_description: Option<String>,
    pub deactivated_at: Option<DateTime<Utc>>,
    /// The latest relationship event applied; older ones re-read later change nothing.
    pub relationship_at: Option<DateTime<Utc>>,
    pub charges: Vec<Charge>,
    pub lifetime_value_minor: i64,
    pub lifetime_value_currency: Option<String>,
    /// Subscription sales naming a charge no event has described yet (the two lists are read
    /// apart): applied to the charge when it appears.
    #[serde(default)]
    pub early_sales: Vec<EarlySale>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EarlySale {
    pub charge_id: String,
    pub at: DateTime<Utc>,
    pub billing_interval: Option<BillingInterval>,
    pub paid: bool,
}

crate::domain::text_enum::text_enum! {
    /// Where the merchant stands with the Partner app (SPEC §2's table).
    #[schema(as = ShopifySubscriptionStatus)]
    pub enum Status {
        Trialing = "trialing",
        Active = "active",
        Frozen = "frozen",
        Churned = "churned",
    }
}

/// What the panel shows for the merchant (SPEC §2's table).
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub status: Status,
    pub plan_name: Option<String>,
    /// The current charge's id, when there is one.
    pub charge_id: Option<String>,
    /// The current charge is a development store's test charge: it earns nothing.
    pub test: bool,
    pub billing_interval: Option<BillingInterval>,
    /// The current charge's price normalized to 30 days; 0 while trialing, frozen, churned
    /// or on a test charge.
    pub mrr_minor: i64,
    pub mrr_currency: Option<String>,
}

/// A charge as both `charge { id }` and a sale's `chargeId` name it: its type and number
/// (`AppSubscription/7`). The gid's namespace is left out, since the Partner API's own ids are
/// `gid://partners/…` while charges come from the Admin API as `gid://shopify/…`; the type is
/// kept, so a usage record never matches a subscription with the same number.
pub fn charge_key(id: &str) -> &str {
    let id = id.trim_end_matches('/');
    match id.rmatch_indices('/').nth(1) {
        Some((slash, _)) => &id[slash + 1..],
        None => id,
    }
}

impl Standing {
    fn charge_mut(&mut self, id: &str) -> Option<&mut Charge> {
        self.charges
            .iter_mut()
            .find(|c| charge_key(&c.info.id) == charge_key(id))
    }

    fn charge(&self, id: &str) -> Option<&Charge> {
        self.charges
            .iter()
            .find(|c| charge_key(&c.info.id) == charge_key(id))
    }

    /// Charges of the present relationship: a reinstall starts a new one.
    fn relationship_charges(&self) -> impl Iterator<Item = &Charge> {
        let since = self.installed_at;
        self.charges
            .iter()
            .filter(move |c| since.is_none_or(|since| c.status_at >= since))
    }

    /// The latest activated charge not since canceled, declined or expired.
    fn current(&self) -> Option<&Charge> {
        self.relationship_charges()
            .filter(|c| matches!(c.status, ChargeStatus::Active | ChargeStatus::Frozen))
            .filter(|c| c.activated_at.is_some())
            .max_by_key(|c| c.activated_at)
    }

    /// Applies one fact. Facts arrive in time order; one older than what it would change
    /// (re-read at a sync boundary) changes nothing.
    pub fn apply(&mut self, at: DateTime<Utc>, fact: &Fact) {
        let relationship_is_newer = self.relationship_at.is_none_or(|last| at >= last);
        match fact {
            Fact::Installed if relationship_is_newer => {
                self.installed_at = Some(at);
                self.uninstalled_at = None;
                self.uninstall_reason = None;
                self.uninstall_description = None;
                self.deactivated_at = None;
                self.relationship_at = Some(at);
            }
            Fact::Uninstalled { reason, description } if relationship_is_newer => {
                self.uninstalled_at = Some(at);
                self.uninstall_reason = reason.clone();
                self.uninstall_description = description.clone();
                self.relationship_at = Some(at);
            }
            Fact::Deactivated if relationship_is_newer => {
                self.deactivated_at = Some(at);
                self.relationship_at = Some(at);
            }
            Fact::Reactivated if relationship_is_newer => {
                self.deactivated_at = None;
                self.relationship_at = Some(at);
            }
            Fact::Charge { status, charge } => self.apply_charge(at, *status, charge),
            Fact::Sale {
                sale,
                charge_id,
                billing_interval,
                gross_minor,
                net_minor,
                currency,
            } => {
                // A test charge never earns; a sale naming one (a sandbox artefact) is not income.
                let test = charge_id
                    .as_deref()
                    .and_then(|id| self.charge(id))
                    .is_some_and(|c| c.info.test);
                if !test {
                    self.lifetime_value_minor += net_minor;
                    self.lifetime_value_currency
                        .get_or_insert_with(|| currency.clone());
                }
                if *sale == SaleKind::AppSubscriptionSale {
                    let paid = gross_minor.unwrap_or(*net_minor) > 0;
                    // A sale without a charge id belongs to the charge current when it was made.
                    let id = charge_id
                        .clone()
                        .or_else(|| self.current().map(|c| c.info.id.clone()));
                    match id.clone().and_then(|id| self.charge_mut(&id)) {
                        Some(charge) => charge.record_sale(at, *billing_interval, paid),
                        None => {
                            if let Some(charge_id) = id {
                                self.early_sales.push(EarlySale {
                                    charge_id,
                                    at,
                                    billing_interval: *billing_interval,
                                    paid,
                                });
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn apply_charge(&mut self, at: DateTime<Utc>, status: ChargeStatus, info: &ChargeInfo) {
        match self.charge_mut(&info.id) {
            Some(charge) if at < charge.status_at => {}
            Some(charge) => {
                charge.info = info.clone();
                // Accepted never undoes an activation seen at the same instant.
                if !(status == ChargeStatus::Accepted && charge.status != ChargeStatus::Accepted) {
                    charge.status = status;
                }
                charge.status_at = at;
                if status == ChargeStatus::Active && charge.activated_at.is_none() {
                    charge.activated_at = Some(at);
                }
            }
            None => {
                let mut charge = Charge {
                    info: info.clone(),
                    status,
                    status_at: at,
                    activated_at: (status == ChargeStatus::Active).then_some(at),
                    first_paid_at: None,
                    billing_interval: None,
                };
                let (early, rest): (Vec<EarlySale>, Vec<EarlySale>) = std::mem::take(&mut self.early_sales)
                    .into_iter()
                    .partition(|sale| charge_key(&sale.charge_id) == charge_key(&info.id));
                self.early_sales = rest;
                for sale in early {
                    charge.record_sale(sale.at, sale.billing_interval, sale.paid);
                }
                self.charges.push(charge);
            }
        }
    }

    pub fn snapshot(&self) -> Snapshot {
        let current = self.current();
        let latest = self
            .relationship_charges()
            .max_by_key(|c| (c.activated_at.unwrap_or(c.status_at), c.status_at));
        let shown = current.or(latest);
        let mut snapshot = Snapshot {
            status: Status::Trialing,
            plan_name: shown.map(|c| c.info.name.clone()),
            charge_id: current.map(|c| c.info.id.clone()),
            test: current.is_some_and(|c| c.info.test),
            billing_interval: current.and_then(|c| c.billing_interval),
            mrr_minor: 0,
            mrr_currency: shown.map(|c| c.info.currency.clone()),
        };
        snapshot.status = if self.uninstalled_at.is_some() {
            Status::Churned
        } else if self.deactivated_at.is_some() {
            Status::Frozen
        } else {
            match current {
                Some(charge) if charge.status == ChargeStatus::Frozen => Status::Frozen,
                Some(charge) if charge.first_paid_at.is_none() => Status::Trialing,
                Some(charge) => {
                    if !charge.info.test {
                        let interval = charge.billing_interval.unwrap_or(BillingInterval::Every30Days);
                        snapshot.mrr_minor = monthly_minor(charge.info.amount_minor, interval);
                    }
                    Status::Active
                }
                // Every charge of this relationship ended with no newer one.
                None if latest.is_some_and(|c| c.status.ended()) => Status::Churned,
                // Installed and not yet on a plan (or one only accepted so far).
                None => Status::Trialing,
            }
        };
        snapshot
    }
}

/// One step of the MRR chart: from `at` on, the merchant paid `mrr_minor` per 30 days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MrrStep {
    pub at: DateTime<Utc>,
    pub mrr_minor: i64,
}

/// The stored form: a baseline folded from facts past retention, and the facts since.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    pub baseline: Standing,
    /// Facts at or after `horizon`, in time order.
    pub facts: Vec<Dated>,
    /// Facts before this were folded into the baseline.
    pub horizon: Option<DateTime<Utc>>,
}

impl Ledger {
    /// Adds a fact unless one with its key is already here. Returns whether it was new.
    pub fn insert(&mut self, fact: Dated) -> bool {
        if self.horizon.is_some_and(|horizon| fact.at < horizon) {
            // Re-read from before the horizon: the baseline's time guards make a relationship
            // or charge event a no-op when it was seen before. A sale would count again, so
            // callers insert only sales `shopify_transactions` has not seen.
            self.baseline.apply(fact.at, &fact.fact);
            return false;
        }
        if self.facts.iter().any(|f| f.key == fact.key) {
            return false;
        }
        let position = self.facts.partition_point(|f| f.at <= fact.at);
        self.facts.insert(position, fact);
        true
    }

    pub fn standing(&self) -> Standing {
        let mut standing = self.baseline.clone();
        for fact in &self.facts {
            standing.apply(fact.at, &fact.fact);
        }
        standing
    }

    /// The standing just before `key`'s fact, to describe what that fact changed.
    pub fn standing_before(&self, key: &str) -> Standing {
        let mut standing = self.baseline.clone();
        for fact in self.facts.iter().take_while(|f| f.key != key) {
            standing.apply(fact.at, &fact.fact);
        }
        standing
    }

    /// Normalized MRR over time, one step per change, from the horizon (or the first fact).
    pub fn mrr_history(&self) -> Vec<MrrStep> {
        let mut standing = self.baseline.clone();
        let mut steps: Vec<MrrStep> = Vec::new();
        let known_before_horizon = standing.installed_at.is_some() || !standing.charges.is_empty();
        if let (Some(horizon), true) = (self.horizon, known_before_horizon) {
            steps.push(MrrStep {
                at: horizon,
                mrr_minor: standing.snapshot().mrr_minor,
            });
        }
        for fact in &self.facts {
            standing.apply(fact.at, &fact.fact);
            let mrr_minor = standing.snapshot().mrr_minor;
            match steps.last_mut() {
                Some(last) if last.at == fact.at => last.mrr_minor = mrr_minor,
                Some(last) if last.mrr_minor == mrr_minor => {}
                _ => steps.push(MrrStep {
                    at: fact.at,
                    mrr_minor,
                }),
            }
        }
        // Equal neighbours left by same-instant updates merge into one step.
        steps.dedup_by(|later, earlier| later.mrr_minor == earlier.mrr_minor);
        steps
    }

    /// Folds facts older than `horizon` into the baseline (retention: SPEC §2, 12 months).
    pub fn compact(&mut self, horizon: DateTime<Utc>) {
        if self.horizon.is_some_and(|current| current >= horizon) {
            return;
        }
        let keep_from = self.facts.partition_point(|f| f.at < horizon);
        for fact in self.facts.drain(..keep_from) {
            self.baseline.apply(fact.at, &fact.fact);
        }
        self.horizon = Some(horizon);
    }
}

/// The MRR chart as stored beside a merchant: its derived series when there is one, else the
/// series its ledger folds to (rows synced before the series had a column of its own).
pub fn stored_mrr_history(mrr_history_json: Option<&str>, ledger_json: Option<&str>) -> Vec<MrrStep> {
    if let Some(steps) = mrr_history_json.and_then(|json| serde_json::from_str(json).ok()) {
        return steps;
    }
    ledger_json
        .and_then(|json| serde_json::from_str::<Ledger>(json).ok())
        .map(|ledger| ledger.mrr_history())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, second: u32) -> DateTime<Utc> {
        format!("2026-03-{day:02}T10:00:{second:02}Z").parse().unwrap()
    }

    fn charge(id: &str, name: &str, amount_minor: i64, test: bool) -> ChargeInfo {
        ChargeInfo {
            id: format!("gid://shopify/AppSubscription/{id}"),
            name: name.into(),
            test,
            amount_minor,
            currency: "USD".into(),
        }
    }

    fn sale(charge_id: &str, interval: BillingInterval, gross: i64, net: i64) -> Fact {
        Fact::Sale {
            sale: SaleKind::AppSubscriptionSale,
            charge_id: Some(format!("gid://partners/AppSubscription/{charge_id}")),
            billing_interval: Some(interval),
            gross_minor: Some(gross),
            net_minor: net,
            currency: "USD".into(),
        }
    }

    fn ledger(facts: Vec<(DateTime<Utc>, Fact)>) -> Ledger {
        let mut ledger = Ledger::default();
        for (n, (at, fact)) in facts.into_iter().enumerate() {
            ledger.insert(Dated {
                at,
                key: n.to_string(),
                fact,
            });
        }
        ledger
    }

    #[test]
    fn trialing_until_the_first_paid_sale_then_active_at_the_charge_price() {
        let basic = charge("1", "Basic", 2999, false);
        let mut l = ledger(vec![
            (at(1, 0), Fact::Installed),
            (
                at(1, 5),
                Fact::Charge {
                    status: ChargeStatus::Active,
                    charge: basic,
                },
            ),
        ]);
        let trial = l.standing().snapshot();
        assert_eq!((trial.status, trial.mrr_minor), (Status::Trialing, 0));
        assert_eq!(trial.plan_name.as_deref(), Some("Basic"));
        l.insert(Dated {
            at: at(8, 0),
            key: "s".into(),
            fact: sale("1", BillingInterval::Every30Days, 2999, 2399),
        });
        let paid = l.standing().snapshot();
        assert_eq!((paid.status, paid.mrr_minor), (Status::Active, 2999));
        assert_eq!(l.standing().lifetime_value_minor, 2399);
    }

    #[test]
    fn an_upgrade_cancels_the_replaced_charge_without_churn() {
        let l = ledger(vec![
            (at(1, 0), Fact::Installed),
            (
                at(1, 1),
                Fact::Charge {
                    status: ChargeStatus::Active,
                    charge: charge("1", "Basic", 999, false),
                },
            ),
            (at(2, 0), sale("1", BillingInterval::Every30Days, 999, 799)),
            (
                at(10, 0),
                Fact::Charge {
                    status: ChargeStatus::Active,
                    charge: charge("2", "Pro", 2999, false),
                },
            ),
            (
                at(10, 1),
                Fact::Charge {
                    status: ChargeStatus::Canceled,
                    charge: charge("1", "Basic", 999, false),
                },
            ),
            (at(10, 2), sale("2", BillingInterval::Every30Days, 2999, 2399)),
        ]);
        let s = l.standing().snapshot();
        assert_eq!(
            (s.status, s.plan_name.as_deref(), s.mrr_minor),
            (Status::Active, Some("Pro"), 2999)
        );
        assert_eq!(
            l.mrr_history().iter().map(|s| s.mrr_minor).collect::<Vec<_>>(),
            vec![0, 999, 0, 2999],
            "the new plan trials for an instant until its first sale; never churn"
        );
    }

    #[test]
    fn annual_charges_are_normalized_and_never_plotted_as_a_sale_amount() {
        let l = ledger(vec![
            (at(1, 0), Fact::Installed),
            (
                at(1, 1),
                Fact::Charge {
                    status: ChargeStatus::Active,
                    charge: charge("9", "Business", 89900, false),
                },
            ),
            (at(1, 2), sale("9", BillingInterval::Annual, 89900, 71920)),
        ]);
        assert_eq!(l.standing().snapshot().mrr_minor, 7389);
        assert!(l.mrr_history().iter().all(|s| s.mrr_minor <= 7389));
    }

    #[test]
    fn test_charges_earn_nothing_and_frozen_deactivated_and_uninstalled_earn_nothing() {
        let mut l = ledger(vec![
            (at(1, 0), Fact::Installed),
            (
                at(1, 1),
                Fact::Charge {
                    status: ChargeStatus::Active,
                    charge: charge("5", "Dev", 2999, true),
                },
            ),
            (at(2, 0), sale("5", BillingInterval::Every30Days, 2999, 2399)),
        ]);
        let s = l.standing().snapshot();
        assert!(s.test);
        assert_eq!((s.mrr_minor, l.standing().lifetime_value_minor), (0, 0));
        l.insert(Dated {
            at: at(3, 0),
            key: "d".into(),
            fact: Fact::Deactivated,
        });
        assert_eq!(l.standing().snapshot().status, Status::Frozen);
        l.insert(Dated {
            at: at(4, 0),
            key: "r".into(),
            fact: Fact::Reactivated,
        });
        assert_eq!(l.standing().snapshot().status, Status::Trialing);
        l.insert(Dated {
            at: at(5, 0),
            key: "u".into(),
            fact: Fact::Uninstalled {
                reason: Some("Too expensive".into()),
                description: None,
            },
        });
        let standing = l.standing();
        assert_eq!(standing.snapshot().status, Status::Churned);
        assert_eq!(standing.uninstall_reason.as_deref(), Some("Too expensive"));
    }

    #[test]
    fn a_reinstall_starts_a_new_relationship_without_the_old_charges() {
        let l = ledger(vec![
            (at(1, 0), Fact::Installed),
            (
                at(1, 1),
                Fact::Charge {
                    status: ChargeStatus::Active,
                    charge: charge("1", "Pro", 2999, false),
                },
            ),
            (at(2, 0), sale("1", BillingInterval::Every30Days, 2999, 2399)),
            (
                at(5, 0),
                Fact::Uninstalled {
                    reason: None,
                    description: None,
                },
            ),
            (at(9, 0), Fact::Installed),
        ]);
        let standing = l.standing();
        let s = standing.snapshot();
        assert_eq!((s.status, s.plan_name, s.mrr_minor), (Status::Trialing, None, 0));
        assert_eq!(standing.installed_at, Some(at(9, 0)));
        assert_eq!(standing.uninstalled_at, None);
        assert_eq!(
            standing.lifetime_value_minor, 2399,
            "what was earned stays earned"
        );
    }

    #[test]
    fn a_canceled_charge_with_no_newer_one_is_churn() {
        let l = ledger(vec![
            (at(1, 0), Fact::Installed),
            (
                at(1, 1),
                Fact::Charge {
                    status: ChargeStatus::Active,
                    charge: charge("1", "Pro", 2999, false),
                },
            ),
            (
                at(3, 0),
                Fact::Charge {
                    status: ChargeStatus::Canceled,
                    charge: charge("1", "Pro", 2999, false),
                },
            ),
        ]);
        let s = l.standing().snapshot();
        assert_eq!((s.status, s.plan_name.as_deref()), (Status::Churned, Some("Pro")));
    }

    #[test]
    fn a_sale_read_before_its_charge_event_still_counts_for_the_plan() {
        let mut standing = Standing::default();
        standing.apply(at(1, 0), &Fact::Installed);
        standing.apply(at(2, 0), &sale("9", BillingInterval::Annual, 89900, 71920));
        standing.apply(
            at(1, 1),
            &Fact::Charge {
                status: ChargeStatus::Active,
                charge: charge("9", "Business", 89900, false),
            },
        );
        let s = standing.snapshot();
        assert_eq!((s.status, s.mrr_minor), (Status::Active, 7389));
        assert_eq!(standing.lifetime_value_minor, 71920);
        assert!(standing.early_sales.is_empty());
    }

    #[test]
    fn charges_match_by_type_and_number_across_namespaces() {
        assert_eq!(
            charge_key("gid://shopify/AppSubscription/7"),
            charge_key("gid://partners/AppSubscription/7")
        );
        assert_ne!(
            charge_key("gid://shopify/AppSubscription/7"),
            charge_key("gid://shopify/AppUsageRecord/7")
        );
        assert_eq!(charge_key("7"), "7");
    }

    #[test]
    fn re_read_and_compacted_facts_change_nothing() {
        let facts = vec![
            (at(1, 0), Fact::Installed),
            (
                at(1, 1),
                Fact::Charge {
                    status: ChargeStatus::Active,
                    charge: charge("1", "Pro", 2999, false),
                },
            ),
            (at(2, 0), sale("1", BillingInterval::Every30Days, 2999, 2399)),
            (
                at(3, 0),
                Fact::Charge {
                    status: ChargeStatus::Frozen,
                    charge: charge("1", "Pro", 2999, false),
                },
            ),
            (
                at(4, 0),
                Fact::Charge {
                    status: ChargeStatus::Active,
                    charge: charge("1", "Pro", 2999, false),
                },
            ),
        ];
        let mut l = ledger(facts.clone());
        let before = l.standing();
        l.compact(at(3, 30));
        assert_eq!(l.standing(), before);
        for (n, (at, fact)) in facts.into_iter().enumerate().skip(3) {
            assert!(!l.insert(Dated {
                at,
                key: n.to_string(),
                fact
            }));
        }
        assert_eq!(l.standing(), before);
        assert_eq!(l.standing().snapshot().mrr_minor, 2999, "unfrozen");
    }
}
