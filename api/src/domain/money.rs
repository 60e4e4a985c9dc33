//! Shopify money: decimal strings to integer minor units, and MRR normalized to 30 days.
use crate::domain::shopify_ledger::BillingInterval;

/// Currencies without minor units (ISO 4217 exponent 0) among those Shopify bills in.
const ZERO_DECIMAL: [&str; 6] = ["JPY", "KRW", "VND", "CLP", "ISK", "HUF"];

/// "19.99" USD → 1999; "1200" JPY → 1200. Rounds half away from zero past the exponent.
pub fn to_minor_units(amount: &str, currency: &str) -> Option<i64> {
    let exponent = if ZERO_DECIMAL.contains(&currency.to_uppercase().as_str()) {
        0
    } else {
        2
    };
    let amount = amount.trim();
    let negative = amount.starts_with('-');
    let digits = amount.trim_start_matches(['-', '+']);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.chars().chain(fraction.chars()).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let mut fraction_digits: Vec<u32> = fraction.chars().filter_map(|c| c.to_digit(10)).collect();
    fraction_digits.resize(exponent + 1, 0);
    let mut minor = whole.checked_mul(10i64.pow(exponent as u32))?;
    for (i, digit) in fraction_digits[..exponent].iter().enumerate() {
        minor += *digit as i64 * 10i64.pow((exponent - 1 - i) as u32);
    }
    if fraction_digits[exponent] >= 5 {
        minor += 1;
    }
    Some(if negative { -minor } else { minor })
}

/// A charge per billing interval as revenue per 30 days (SPEC §2). The Partner API has two
/// intervals (`AppPricingInterval`): 30-day charges count in full, annual ones 30/365.
pub fn monthly_minor(charge_minor: i64, billing_interval: BillingInterval) -> i64 {
    let (numerator, denominator) = match billing_interval {
        BillingInterval::Annual => (30, 365),
        BillingInterval::Every30Days => (1, 1),
    };
    // Round half up in integer arithmetic.
    (charge_minor * numerator * 2 + denominator) / (denominator * 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_amounts_become_minor_units() {
        assert_eq!(to_minor_units("19.99", "USD"), Some(1999));
        assert_eq!(to_minor_units("19.9", "EUR"), Some(1990));
        assert_eq!(to_minor_units("20", "GBP"), Some(2000));
        assert_eq!(to_minor_units("0.005", "USD"), Some(1));
        assert_eq!(to_minor_units("1200", "JPY"), Some(1200));
        assert_eq!(to_minor_units("1200.4", "jpy"), Some(1200));
        assert_eq!(to_minor_units("-5.00", "USD"), Some(-500));
        assert_eq!(to_minor_units("abc", "USD"), None);
        assert_eq!(to_minor_units("", "USD"), None);
    }

    #[test]
    fn mrr_is_normalized_to_thirty_days() {
        assert_eq!(monthly_minor(2999, BillingInterval::Every30Days), 2999);
        assert_eq!(monthly_minor(36500, BillingInterval::Annual), 3000);
        assert_eq!(monthly_minor(29900, BillingInterval::Annual), 2458);
        assert_eq!(monthly_minor(89900, BillingInterval::Annual), 7389);
    }
}
