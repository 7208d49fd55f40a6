//! Axis ranges that always have extent, whatever the data: plotters maps a zero-width range to
//! a single pixel, and a log axis cannot start at zero.

use crate::layout::{LOG_AXIS_FLOOR, LOG_FIT_PAD};

/// Smallest and largest positive finite value: the data a log axis can show; `None` without any.
pub(crate) fn positive_extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite() && *v > 0.0)
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((f64::min(lo, v), f64::max(hi, v))),
        })
}

/// Whole decades covering the positive finite values (a log axis with round ends); one decade
/// above a lone value that is itself a power of ten; `None` without any positive value.
pub(crate) fn log_decades(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    let (lo, hi) = positive_extent(values)?;
    let start = 10f64.powf(lo.log10().floor()).max(LOG_AXIS_FLOOR);
    let mut end = 10f64.powf(hi.log10().ceil());
    if end <= start {
        end = start * 10.0;
    }
    Some((start, end))
}

/// The positive finite values' extent, padded by [`LOG_FIT_PAD`] each side: a log axis fitted
/// to the data rather than rounded out to whole decades. `None` without any positive value.
pub(crate) fn log_fitted(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    let (lo, hi) = positive_extent(values)?;
    Some(((lo / LOG_FIT_PAD).max(LOG_AXIS_FLOOR), hi * LOG_FIT_PAD))
}

/// From zero to `max` plus `headroom` (a share of `max`); zero to one when `max` is not a
/// positive finite number, so an all-zero series still gets an axis.
pub(crate) fn from_zero(max: f64, headroom: f64) -> (f64, f64) {
    if max.is_finite() && max > 0.0 {
        (0.0, max * (1.0 + headroom))
    } else {
        (0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_ranges_round_out_to_decades() {
        assert_eq!(log_decades([150.0, 2_500.0]), Some((100.0, 10_000.0)));
        assert_eq!(log_decades([100.0]), Some((100.0, 1_000.0)));
        assert_eq!(log_decades([245.0]), Some((100.0, 1_000.0)));
        assert_eq!(log_decades([0.0, -3.0, f64::NAN]), None);
        assert_eq!(log_decades([0.0, 20.0]), Some((10.0, 100.0)));
    }

    #[test]
    fn linear_ranges_have_extent() {
        assert_eq!(from_zero(0.0, 0.1), (0.0, 1.0));
        assert_eq!(from_zero(f64::INFINITY, 0.1), (0.0, 1.0));
        let (lo, hi) = from_zero(10.0, 0.1);
        assert_eq!(lo, 0.0);
        assert!((hi - 11.0).abs() < 1e-12);
    }
}
