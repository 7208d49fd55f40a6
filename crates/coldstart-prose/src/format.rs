//! Numbers as a reader reads them: thousands separators, a sensible number of digits per
//! magnitude, and the unit. Plain functions so the page's table, its CSV and the sentences of
//! [`crate::explanation`] agree.

/// What a cell shows when there is no such figure (no request of that kind, no requests at all).
pub const NONE: &str = "–";

/// An integer with thousands separators (`12,345`): the core's, which its error messages use too.
pub use coldstart_core::error::thousands;

/// The phrase with its first letter capitalised, to open a sentence. Only an ASCII letter is
/// raised: the phrases are this crate's own English, and `char::to_uppercase` would bring
/// Unicode's case table (about 12 KB) into the page's wasm.
pub(crate) fn capitalised(phrase: &str) -> String {
    let mut out = phrase.to_owned();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// A count.
pub fn count(n: u64) -> String {
    thousands(i64::try_from(n).unwrap_or(i64::MAX))
}

/// Milliseconds with about three significant digits (`0.84`, `12.3`, `1,234`); "–" when there
/// is no such request (a count of zero).
pub fn ms(x: f64, samples: u64) -> String {
    if samples == 0 || !x.is_finite() {
        return NONE.to_string();
    }
    if x.abs() >= 100.0 {
        thousands(x.round() as i64)
    } else if x.abs() >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// A ratio as a percentage (`3.2 %`, `0.05 %`).
pub fn percent(ratio: f64) -> String {
    if !ratio.is_finite() {
        return NONE.to_string();
    }
    let p = ratio * 100.0;
    if p == 0.0 {
        "0 %".to_string()
    } else if p < 0.1 {
        format!("{p:.3} %")
    } else if p < 10.0 {
        format!("{p:.2} %")
    } else {
        format!("{p:.1} %")
    }
}

/// US dollars with four significant digits for small amounts (`$0.0001234`, `$12.35`).
pub fn usd(x: f64) -> String {
    if !x.is_finite() {
        return NONE.to_string();
    }
    if x < 0.0 {
        format!("-{}", usd(-x))
    } else if x == 0.0 {
        "$0".to_string()
    } else if x >= 1.0 {
        format!("${x:.2}")
    } else {
        let digits = (3 - x.log10().floor() as i32).max(0) as usize;
        format!("${x:.digits$}")
    }
}

/// A plain figure with two decimals (`1.25`), for means of small counts.
pub fn decimal(x: f64) -> String {
    if !x.is_finite() {
        return NONE.to_string();
    }
    format!("{x:.2}")
}

/// Megabytes per gigabyte, as AWS counts package limits (10 GB = 10,240 MB).
const MB_PER_GB: f64 = 1024.0;

/// A size given in MB, as a reader would say it: `0.5 MB`, `6 MB`, `1,000 MB`, `10 GB`.
pub fn megabytes(mb: f64) -> String {
    if !mb.is_finite() || mb < 0.0 {
        return NONE.to_string();
    }
    if mb >= MB_PER_GB {
        return format!("{} GB", trimmed(mb / MB_PER_GB));
    }
    if mb >= 10.0 {
        format!("{} MB", thousands(mb.round() as i64))
    } else {
        format!("{} MB", trimmed(mb))
    }
}

/// One decimal, dropped when it is zero (`2`, `2.5`).
fn trimmed(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0")
        .map_or_else(|| s.clone(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalised_raises_an_ascii_first_letter_only() {
        assert_eq!(capitalised("the p99 latency"), "The p99 latency");
        assert_eq!(
            capitalised("provisioned concurrency: 2"),
            "Provisioned concurrency: 2"
        );
        assert_eq!(capitalised("Already"), "Already");
        assert_eq!(capitalised(""), "");
        assert_eq!(capitalised("été"), "été");
    }

    #[test]
    fn thousands_groups_by_three() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(-1_234_567), "-1,234,567");
    }

    #[test]
    fn ms_keeps_about_three_digits_and_marks_empty() {
        assert_eq!(ms(0.8412, 3), "0.84");
        assert_eq!(ms(12.34, 3), "12.3");
        assert_eq!(ms(1234.4, 3), "1,234");
        assert_eq!(ms(5.0, 0), "–");
        assert_eq!(
            ms(-1234.4, 3),
            "-1,234",
            "a change keeps the digits of its size"
        );
        assert_eq!(ms(-12.34, 3), "-12.3");
    }

    #[test]
    fn percent_and_usd() {
        assert_eq!(percent(0.0), "0 %");
        assert_eq!(percent(0.0321), "3.21 %");
        assert_eq!(percent(0.5), "50.0 %");
        assert_eq!(usd(12.345), "$12.35");
        assert_eq!(usd(0.000_123_456), "$0.0001235");
        assert_eq!(usd(-0.000_123_456), "-$0.0001235");
    }

    #[test]
    fn megabytes_switch_to_gigabytes_at_1024() {
        assert_eq!(megabytes(0.5), "0.5 MB");
        assert_eq!(megabytes(2.0), "2 MB");
        assert_eq!(megabytes(1_000.0), "1,000 MB");
        assert_eq!(megabytes(10_240.0), "10 GB");
        assert_eq!(megabytes(1_536.0), "1.5 GB");
        assert_eq!(megabytes(f64::NAN), "–");
    }
}
