//! Quantities on the axes and how their values read: tick labels and hover read-outs share
//! these formatters, so the number under the pointer looks like the numbers on the axis.

use crate::layout::{MINUTES_AXIS_MAX_S, SECONDS_AXIS_MAX_S};

/// The unit an axis is drawn in. Data handed to and returned from a chart's geometry is in
/// this unit (a time axis in minutes maps pixels to minutes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Simulated time, seconds.
    Seconds,
    /// Simulated time, minutes.
    Minutes,
    /// Simulated time, hours.
    Hours,
    /// Latency or duration, milliseconds.
    Milliseconds,
    /// Package or image size, MB (1 GB = 1,024 MB, as Lambda's 10,240 MB image limit).
    Megabytes,
    /// A share from 0 to 1, shown as a percentage.
    Fraction,
    /// A share on a tail-scaled axis, stored as its "nines" `-log10(1 − share)`: 1 is 90 %,
    /// 2 is 99 %, 3 is 99.9 %, so each step up is ten times rarer; shown as a percentage.
    TailShare,
    /// A number of execution environments.
    Environments,
    /// An invocation's index on its environment (1st, 2nd, …).
    Invocations,
    /// Money, US dollars (the planners' monthly cost and cost per million requests).
    Usd,
    /// Arrivals per second (the schedule planner's hourly rate).
    RequestsPerSecond,
    /// Row index of a category axis; read-outs name the category instead.
    Category,
}

impl Unit {
    /// The best time unit for a span of `span_s` seconds: ticks stay short and round.
    pub fn for_time_span(span_s: f64) -> Unit {
        if span_s <= SECONDS_AXIS_MAX_S {
            Unit::Seconds
        } else if span_s <= MINUTES_AXIS_MAX_S {
            Unit::Minutes
        } else {
            Unit::Hours
        }
    }

    /// Seconds per unit for time units; 1 for every other unit.
    pub fn seconds_per_unit(self) -> f64 {
        match self {
            Unit::Minutes => 60.0,
            Unit::Hours => 3_600.0,
            _ => 1.0,
        }
    }

    /// "10 s", "1.5 GB": a value as short as a tick label, with its unit, for notes.
    pub fn short(self, value: f64) -> String {
        match self {
            Unit::Megabytes | Unit::Fraction | Unit::TailShare => self.tick(value),
            _ => format!("{} {}", self.tick(value), self.symbol()),
        }
    }

    /// The symbol shown in axis titles, e.g. "ms"; empty for categories.
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Seconds => "s",
            Unit::Minutes => "min",
            Unit::Hours => "h",
            Unit::Milliseconds => "ms",
            Unit::Megabytes => "MB",
            Unit::Fraction | Unit::TailShare => "%",
            Unit::Environments => "environments",
            Unit::Invocations => "invocations",
            Unit::Usd => "USD",
            Unit::RequestsPerSecond => "req/s",
            Unit::Category => "",
        }
    }

    /// A read-out of one value with its unit, three significant digits: "245 ms", "12.3 s",
    /// "1.5 GB", "99.0 %".
    pub fn format(self, value: f64) -> String {
        match self {
            Unit::Fraction => format!("{:.1} %", value * 100.0),
            Unit::TailShare => format!("{} %", tail_percent(value)),
            Unit::Megabytes if value >= 1_024.0 => format!("{} GB", significant(value / 1_024.0)),
            Unit::Category => significant(value),
            // As the planners' tables write money, so a read-out matches its row.
            Unit::Usd => coldstart_prose::format::usd(value),
            _ => format!("{} {}", significant(value), self.symbol()),
        }
    }

    /// A tick label: the number only (the axis title carries the unit), trailing zeros
    /// trimmed; sizes keep their unit because the axis switches between MB and GB.
    pub fn tick(self, value: f64) -> String {
        match self {
            Unit::Fraction => format!("{}%", trim_zeros(&significant(value * 100.0))),
            Unit::TailShare => format!("{}%", trim_zeros(&tail_percent(value))),
            Unit::Megabytes if value >= 1_024.0 => {
                format!("{} GB", trim_zeros(&significant(value / 1_024.0)))
            }
            Unit::Megabytes => format!("{} MB", trim_zeros(&significant(value))),
            _ => trim_zeros(&significant(value)),
        }
    }
}

/// The share at `nines` on a tail-scaled axis, in percent, with a decimal for every nine past
/// the second (so 99.9 and 99.99 stay apart): 0.301 → "50.0", 3 → "99.90".
fn tail_percent(nines: f64) -> String {
    let share = 1.0 - 10f64.powf(-nines.max(0.0));
    let decimals = (nines.floor().max(0.0) as usize).saturating_sub(1).max(1);
    format!("{:.*}", decimals, share * 100.0)
}

/// Three significant digits, with thousands separators from 1,000 up.
pub(crate) fn significant(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude >= 1_000.0 {
        group_thousands(value.round())
    } else if magnitude >= 100.0 {
        format!("{value:.0}")
    } else if magnitude >= 10.0 {
        format!("{value:.1}")
    } else if magnitude >= 1.0 {
        format!("{value:.2}")
    } else if magnitude == 0.0 {
        "0".to_owned()
    } else {
        format!("{value:.3}")
    }
}

/// "12345" → "12,345"; the value is already whole.
fn group_thousands(whole: f64) -> String {
    let digits = format!("{:.0}", whole.abs());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if whole < 0.0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// "2.50" → "2.5", "3.00" → "3"; leaves integers alone.
fn trim_zeros(text: &str) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_outs_have_three_significant_digits_and_units() {
        assert_eq!(Unit::Milliseconds.format(245.4), "245 ms");
        assert_eq!(Unit::Seconds.format(12.34), "12.3 s");
        assert_eq!(Unit::Milliseconds.format(12_345.0), "12,345 ms");
        assert_eq!(Unit::Megabytes.format(1_536.0), "1.50 GB");
        assert_eq!(Unit::Fraction.format(0.99), "99.0 %");
        assert_eq!(Unit::Milliseconds.format(0.25), "0.250 ms");
        assert_eq!(Unit::Usd.format(1_234.5), "$1234.50");
        assert_eq!(Unit::Usd.format(0.42), "$0.4200");
        assert_eq!(Unit::RequestsPerSecond.format(2.0), "2.00 req/s");
    }

    #[test]
    fn ticks_are_short() {
        assert_eq!(Unit::Seconds.tick(2.5), "2.5");
        assert_eq!(Unit::Seconds.tick(300.0), "300");
        assert_eq!(Unit::Milliseconds.tick(10_000.0), "10,000");
        assert_eq!(Unit::Megabytes.tick(10_240.0), "10 GB");
        assert_eq!(Unit::Megabytes.tick(50.0), "50 MB");
        assert_eq!(Unit::Fraction.tick(0.5), "50%");
        assert_eq!(Unit::TailShare.format(1.0), "90.0 %");
        assert_eq!(Unit::TailShare.format(3.0), "99.90 %");
        assert_eq!(Unit::TailShare.tick(2.0), "99%");
        assert_eq!(Unit::TailShare.tick(0.5f64.log10().abs()), "50%");
    }

    #[test]
    fn time_unit_follows_span() {
        assert_eq!(Unit::for_time_span(60.0), Unit::Seconds);
        assert_eq!(Unit::for_time_span(3_600.0), Unit::Minutes);
        assert_eq!(Unit::for_time_span(86_400.0), Unit::Hours);
    }
}
