//! The stored ledger: a merchant's facts since the retention horizon, deduplicated by key,
//! over a baseline folded from the older ones, and the MRR chart read off it.
use super::{Dated, MrrStep, Standing};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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
    use super::super::fixtures::*;
    use super::super::*;

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
