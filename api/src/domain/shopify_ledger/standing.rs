//! The fold: a merchant's standing after each fact (relationship, charges, lifetime value),
//! and the snapshot the panel shows of it.
use super::{charge_key, BillingInterval, ChargeInfo, ChargeStatus, Fact, SaleKind, Snapshot, Status};
use crate::domain::money::monthly_minor;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::super::*;

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
}
