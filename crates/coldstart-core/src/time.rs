//! Simulated time as integer microseconds, so event order never depends on floating-point rounding.

use serde::{Deserialize, Serialize};
use std::ops::{Add, AddAssign, Sub};

/// A point in simulated time or a duration, in whole microseconds.
///
/// One type for both keeps arithmetic simple; field names say which one is meant
/// (`arrival`, `duration`). Microseconds resolve the shortest phase we model (a
/// warm handler of ~1 ms) while `u64` still spans 584,000 years.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Micros(pub u64);

impl Micros {
    /// Zero time: the start of a simulation, or an absent phase.
    pub const ZERO: Micros = Micros(0);
    /// The end of time: the deadline of something that never happens (no keep-alive limit, no
    /// lifetime): an idle deadline at `NEVER` schedules no check.
    pub const NEVER: Micros = Micros(u64::MAX);
    /// Whole milliseconds.
    pub const fn from_ms(ms: u64) -> Self {
        Micros(ms * 1_000)
    }
    /// Whole seconds.
    pub const fn from_secs(s: u64) -> Self {
        Micros(s * 1_000_000)
    }
    /// Fractional milliseconds, rounded to the nearest microsecond; negative and NaN give zero.
    ///
    /// Validation rejects such inputs before they get here; sampled values that are
    /// negative (a normal's left tail) are exactly the ones we truncate at zero.
    pub fn from_ms_f64(ms: f64) -> Self {
        if ms.is_nan() || ms <= 0.0 {
            Micros(0)
        } else if ms >= (u64::MAX / 1_000) as f64 {
            Micros(u64::MAX)
        } else {
            // `+ 0.5` then truncation rounds a positive value like `round()` does, without the
            // libm call `round` compiles to on baseline x86-64 (it showed in the engine profile).
            Micros((ms * 1_000.0 + 0.5) as u64)
        }
    }
    /// Fractional seconds, rounded to the nearest microsecond.
    pub fn from_secs_f64(s: f64) -> Self {
        Self::from_ms_f64(s * 1_000.0)
    }
    /// As fractional milliseconds, for reports.
    pub fn as_ms_f64(self) -> f64 {
        self.0 as f64 / 1_000.0
    }
    /// As fractional seconds, for reports and cost.
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1_000_000.0
    }
    /// Subtraction that stops at zero.
    pub fn saturating_sub(self, other: Micros) -> Micros {
        Micros(self.0.saturating_sub(other.0))
    }
}

impl Add for Micros {
    type Output = Micros;
    fn add(self, rhs: Micros) -> Micros {
        Micros(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Micros {
    fn add_assign(&mut self, rhs: Micros) {
        self.0 = self.0.saturating_add(rhs.0);
    }
}

impl Sub for Micros {
    type Output = Micros;
    fn sub(self, rhs: Micros) -> Micros {
        Micros(self.0.saturating_sub(rhs.0))
    }
}
