//! The demo merchants' stories: for each shop and Partner app, what happened to it day by
//! day (installs, charges, billing, one-off sales), written as data so a story reads as one.
use crate::domain::shopify_ledger::SaleKind;

/// One step in a merchant's story, `days` before now.
pub(super) enum Step {
    Install,
    Uninstall(&'static str),
    Deactivate,
    Reactivate,
    /// (event type, charge id, plan, price, test)
    Charge(&'static str, u32, &'static str, &'static str, bool),
    /// Subscription sales of a charge every `period` days while `until` days ago is not reached.
    Billed {
        charge: u32,
        price: &'static str,
        interval: &'static str,
        period: i64,
        until: i64,
    },
    /// A single revenue transaction of another kind (gross amount; net is 80 %).
    Sale(SaleKind, &'static str),
}

use Step::*;

/// A merchant's story: each step with how many days ago it happened.
pub(super) type Story = Vec<(i64, Step)>;

/// (shop, partner app, story).
pub(super) fn merchants() -> Vec<(&'static str, &'static str, Story)> {
    vec![
        // Monthly, upgraded from Basic to Pro (the old charge canceled a second later), one refund.
        (
            "northwind-outfitters",
            "1001",
            vec![
                (300, Install),
                (
                    300,
                    Charge("SUBSCRIPTION_CHARGE_ACTIVATED", 7101, "Basic", "9.99", false),
                ),
                (
                    299,
                    Billed {
                        charge: 7101,
                        price: "9.99",
                        interval: "EVERY_30_DAYS",
                        period: 30,
                        until: 120,
                    },
                ),
                (
                    120,
                    Charge("SUBSCRIPTION_CHARGE_ACTIVATED", 7102, "Pro", "29.99", false),
                ),
                (
                    120,
                    Charge("SUBSCRIPTION_CHARGE_CANCELED", 7101, "Basic", "9.99", false),
                ),
                (
                    119,
                    Billed {
                        charge: 7102,
                        price: "29.99",
                        interval: "EVERY_30_DAYS",
                        period: 30,
                        until: 0,
                    },
                ),
                (40, Sale(SaleKind::AppSaleAdjustment, "-10.00")),
            ],
        ),
        // Monthly with usage charges on top.
        (
            "casa-verde",
            "1001",
            vec![
                (120, Install),
                (
                    120,
                    Charge("SUBSCRIPTION_CHARGE_ACTIVATED", 7201, "Starter", "9.99", false),
                ),
                (
                    113,
                    Billed {
                        charge: 7201,
                        price: "9.99",
                        interval: "EVERY_30_DAYS",
                        period: 30,
                        until: 0,
                    },
                ),
                (53, Sale(SaleKind::AppUsageSale, "4.20")),
                (23, Sale(SaleKind::AppUsageSale, "6.80")),
            ],
        ),
        // Annual: $899 a year is $73.89 a month, from the first day on.
        (
            "lotus-leaf-teas",
            "1001",
            vec![
                (400, Install),
                (
                    400,
                    Charge("SUBSCRIPTION_CHARGE_ACTIVATED", 7301, "Business", "899.00", false),
                ),
                (
                    399,
                    Billed {
                        charge: 7301,
                        price: "899.00",
                        interval: "ANNUAL",
                        period: 365,
                        until: 0,
                    },
                ),
            ],
        ),
        // A frozen charge: the store stopped paying Shopify.
        (
            "bergschuh",
            "1001",
            vec![
                (200, Install),
                (
                    200,
                    Charge("SUBSCRIPTION_CHARGE_ACTIVATED", 7401, "Pro", "29.99", false),
                ),
                (
                    199,
                    Billed {
                        charge: 7401,
                        price: "29.99",
                        interval: "EVERY_30_DAYS",
                        period: 30,
                        until: 15,
                    },
                ),
                (
                    10,
                    Charge("SUBSCRIPTION_CHARGE_FROZEN", 7401, "Pro", "29.99", false),
                ),
            ],
        ),
        // Uninstalled three days ago, with Shopify's reason.
        (
            "atelier-lune",
            "1001",
            vec![
                (90, Install),
                (
                    90,
                    Charge("SUBSCRIPTION_CHARGE_ACTIVATED", 7501, "Starter", "9.99", false),
                ),
                (
                    83,
                    Billed {
                        charge: 7501,
                        price: "9.99",
                        interval: "EVERY_30_DAYS",
                        period: 30,
                        until: 10,
                    },
                ),
                (3, Uninstall("Switched to another reviews app")),
                (
                    3,
                    Charge("SUBSCRIPTION_CHARGE_CANCELED", 7501, "Starter", "9.99", false),
                ),
            ],
        ),
        // Monthly plus a one-time setup purchase.
        (
            "kumo-ceramics",
            "1001",
            vec![
                (45, Install),
                (
                    45,
                    Charge("SUBSCRIPTION_CHARGE_ACTIVATED", 7601, "Pro", "29.99", false),
                ),
                (44, Sale(SaleKind::AppOneTimeSale, "49.00")),
                (
                    38,
                    Billed {
                        charge: 7601,
                        price: "29.99",
                        interval: "EVERY_30_DAYS",
                        period: 30,
                        until: 0,
                    },
                ),
            ],
        ),
        // A development store on a test charge: it earns nothing.
        (
            "sunbird-beauty",
            "1001",
            vec![
                (5, Install),
                (
                    5,
                    Charge("SUBSCRIPTION_CHARGE_ACTIVATED", 7701, "Pro", "29.99", true),
                ),
            ],
        ),
        (
            "northwind-outfitters",
            "1002",
            vec![
                (150, Install),
                (
                    150,
                    Charge("SUBSCRIPTION_CHARGE_ACTIVATED", 8101, "Growth", "49.00", false),
                ),
                (
                    143,
                    Billed {
                        charge: 8101,
                        price: "49.00",
                        interval: "EVERY_30_DAYS",
                        period: 30,
                        until: 0,
                    },
                ),
            ],
        ),
        // The store closed for the season (deactivated), then reopened.
        (
            "harbour-coffee",
            "1002",
            vec![
                (60, Install),
                (
                    60,
                    Charge("SUBSCRIPTION_CHARGE_ACTIVATED", 8201, "Growth", "49.00", false),
                ),
                (
                    53,
                    Billed {
                        charge: 8201,
                        price: "49.00",
                        interval: "EVERY_30_DAYS",
                        period: 30,
                        until: 0,
                    },
                ),
                (20, Deactivate),
                (12, Reactivate),
            ],
        ),
    ]
}
