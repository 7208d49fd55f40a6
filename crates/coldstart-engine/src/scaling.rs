//! Concurrency limits and the scaling rate: may a request run now, and may a new environment
//! be created for it?
//!
//! Concurrency is the number of requests being served (an environment initialising for a
//! request counts). The cap is the reserved concurrency if set, otherwise the account quota.
//! The scaling rate limits how many *on-demand* environments may be created over time:
//! - Standard (since Nov 2023): a token bucket of `envs_per_window` tokens refilled continuously
//!   over `window_s` (AWS: 1,000 per 10 s). Tokens are kept in exact integer units so no
//!   rounding ever lets one environment too many through.
//! - Legacy (before Nov 2023): a bucket that starts with `initial_burst` tokens and refills at
//!   `per_minute` per minute, capped at the burst. This approximates AWS's "burst, then +500 per
//!   minute" without modelling the burst as a separate concurrency level.
//! - Unlimited: no rate limit (textbook models).

use crate::defaults as d;
use crate::report::ColdCause;
use crate::scenario::{InvocationRate, Platform, Scaling};
use crate::time::Micros;
use crate::wide::{saturating_mul, widening_mul};

/// Why a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThrottleReason {
    /// The account's regional concurrency quota is reached.
    AccountConcurrency,
    /// The function's reserved concurrency is reached (0 refuses everything).
    ReservedConcurrency,
    /// No new environment may be created yet (scaling rate).
    ScalingRate,
    /// Too many synchronous invocation requests this second (10 × the concurrency quota, or
    /// the request dimension of the scaling rate not yet reached).
    InvocationRate,
}

/// Number of throttle reasons (the metrics keep one counter each).
pub(crate) const THROTTLE_REASONS: usize = 4;

/// The platform's decision on a request: where it runs, or that it is refused. (Which idle
/// environment a warm request takes is the placement policy's, `scenario::Placement`.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admission {
    /// On an idle environment: only the handler runs.
    Warm(crate::lifecycle::Slot),
    /// On a new environment, created for this reason.
    Cold(ColdCause),
    /// Nowhere: refused.
    Throttle(ThrottleReason),
}

/// The concurrency cap in force and the reason given when it is hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConcurrencyCap {
    /// Most concurrent requests; `None` = unlimited.
    pub limit: Option<u32>,
    /// Reason reported when the cap refuses a request.
    pub reason: ThrottleReason,
}

impl ConcurrencyCap {
    /// The cap from the platform settings: reserved concurrency if set (it is validated to be
    /// below the account quota), else the account quota.
    pub fn from_platform(p: &Platform) -> ConcurrencyCap {
        match (p.reserved_concurrency, p.account_concurrency) {
            (Some(r), Some(a)) if a < r => ConcurrencyCap {
                limit: Some(a),
                reason: ThrottleReason::AccountConcurrency,
            },
            (Some(r), _) => ConcurrencyCap {
                limit: Some(r),
                reason: ThrottleReason::ReservedConcurrency,
            },
            (None, a) => ConcurrencyCap {
                limit: a,
                reason: ThrottleReason::AccountConcurrency,
            },
        }
    }

    /// Whether one more request may be served while `serving` are.
    pub fn admit(&self, serving: u32) -> Result<(), ThrottleReason> {
        match self.limit {
            Some(l) if serving >= l => Err(self.reason),
            _ => Ok(()),
        }
    }
}

/// The environment-creation rate limiter.
#[derive(Debug, Clone)]
pub(crate) enum ScalingRate {
    /// A continuously refilled token bucket.
    Bucket(TokenBucket),
    /// No limit.
    Unlimited,
}

impl ScalingRate {
    /// Built from the scenario's scaling mode (validated: window > 0).
    pub fn new(s: &Scaling) -> ScalingRate {
        match *s {
            Scaling::Standard {
                envs_per_window,
                window_s,
            } => ScalingRate::Bucket(TokenBucket::new(
                envs_per_window,
                envs_per_window,
                Micros::from_secs_f64(window_s),
            )),
            Scaling::Legacy {
                initial_burst,
                per_minute,
            } => ScalingRate::Bucket(TokenBucket::new(
                initial_burst,
                per_minute,
                Micros::from_secs(60),
            )),
            Scaling::Unlimited => ScalingRate::Unlimited,
        }
    }
    /// Takes one creation token at `now` if there is one.
    pub fn try_create(&mut self, now: Micros) -> bool {
        match self {
            ScalingRate::Bucket(b) => b.try_take(now),
            ScalingRate::Unlimited => true,
        }
    }
}

/// The synchronous invocation-rate limiter: a token bucket of one second's worth of requests,
/// refilled at the allowed rate. Under standard scaling the allowed rate is itself a second
/// bucket, like the environment one: it starts at one window's grant (10 RPS per environment
/// the window may add: 10,000 RPS) and grows by that grant per window while demand presses on
/// it — that is, while the request bucket stays empty — up to the ceiling (10 × the
/// concurrency quota). It never shrinks within a run: AWS does not say when it would.
///
/// Integer units: one request is `UNITS` units and every elapsed microsecond adds `rps` units;
/// the allowance is kept in RPS × window-microseconds, so growth is exact too.
#[derive(Debug, Clone)]
pub(crate) struct RequestRate {
    /// Most requests per second ever allowed; `None` = unlimited.
    ceiling_rps: Option<u64>,
    /// Requests per second granted at the start and added per `window` of pressure (0: none).
    ramp_rps: u64,
    window: Micros,
    /// The allowed rate in RPS × `window` microseconds (only with a ramp; 128-bit because a
    /// long window times a large ceiling can pass 2^64).
    allowance: u128,
    /// The request bucket, in units. 64-bit, unlike the allowance: it is updated at every
    /// synchronous arrival, where a 128-bit multiply is a library call in wasm, and it never
    /// exceeds `rps × UNITS` ≤ 10 × 2^32 × 10^6 < 2^56.
    level: u64,
    last: Micros,
    /// The request bucket was empty after the last request: demand presses on the allowance.
    pressed: bool,
    /// [`RequestRate::allowed_rps`] (the ceiling when unlimited), kept up to date when the
    /// allowance changes: it is a 128-bit division, and every synchronous arrival needs it.
    rps: u64,
}

/// Units per request in `RequestRate`: one second of microseconds.
const UNITS: u64 = 1_000_000;

impl RequestRate {
    /// From the platform: the quota rule (ramping with standard scaling), a fixed cap, or none.
    pub fn new(p: &Platform) -> RequestRate {
        let (ceiling_rps, ramp) = match (p.invocation_rate, p.account_concurrency) {
            (InvocationRate::Unlimited, _) | (InvocationRate::Quota, None) => (None, None),
            (InvocationRate::Fixed { per_s }, _) => (Some(u64::from(per_s)), None),
            (InvocationRate::Quota, Some(quota)) => {
                let ceiling = u64::from(quota) * u64::from(d::INVOCATIONS_PER_S_PER_CONCURRENCY);
                let ramp = match p.scaling {
                    Scaling::Standard {
                        envs_per_window,
                        window_s,
                    } => Some((
                        u64::from(envs_per_window) * u64::from(d::SCALING_RPS_PER_ENV),
                        Micros::from_secs_f64(window_s),
                    )),
                    Scaling::Legacy { .. } | Scaling::Unlimited => None,
                };
                (Some(ceiling), ramp)
            }
        };
        let (ramp_rps, window) = match ramp {
            Some((rps, w)) if rps > 0 && w > Micros::ZERO => (rps, w),
            _ => (0, Micros::ZERO),
        };
        let mut r = RequestRate {
            ceiling_rps,
            ramp_rps,
            window,
            allowance: u128::from(ramp_rps) * u128::from(window.0),
            level: 0,
            last: Micros::ZERO,
            pressed: false,
            rps: 0,
        };
        r.rps = r.allowed_rps().unwrap_or(0);
        r.level = saturating_mul(r.rps, UNITS);
        r
    }

    /// Requests per second allowed now; `None` = unlimited.
    pub fn allowed_rps(&self) -> Option<u64> {
        let ceiling = self.ceiling_rps?;
        if self.ramp_rps == 0 {
            return Some(ceiling);
        }
        let granted = self.allowance / u128::from(self.window.0);
        Some(ceiling.min(u64::try_from(granted).unwrap_or(u64::MAX)))
    }

    /// Admits one request at `now` (non-decreasing) if the rate allows it.
    ///
    /// Always inline (every synchronous arrival asks, from the event loop), its rare ramp out of
    /// line: with the ramp's 128-bit division inside, LLVM kept the whole function out of line in
    /// wasm (a call per arrival; node 20's V8 inlines no wasm call, Chromium's did not inline this
    /// one), while natively it was inlined already (docs/benchmarks.md, "Issue 14, seventeenth
    /// round: wasm speed on the mixed day").
    #[inline(always)]
    pub fn try_take(&mut self, now: Micros) -> bool {
        let Some(ceiling) = self.ceiling_rps else {
            return true;
        };
        let elapsed = now.0.saturating_sub(self.last.0);
        if self.pressed && self.ramp_rps > 0 {
            self.ramp(ceiling, elapsed);
        }
        let rps = self.rps;
        // Saturating is exact here: a sum past 2^64 is past the cap too, and the cap fits.
        let cap = saturating_mul(rps, UNITS);
        self.level = saturating_mul(elapsed, rps)
            .saturating_add(self.level)
            .min(cap);
        self.last = now;
        let taken = self.level >= UNITS;
        if taken {
            self.level -= UNITS;
        }
        self.pressed = self.level < UNITS;
        taken
    }

    /// The allowance grown by `elapsed` of pressing demand (only after a refused or last-token
    /// request), and the rate it allows now.
    #[inline(never)]
    fn ramp(&mut self, ceiling: u64, elapsed: u64) {
        let most = widening_mul(ceiling, self.window.0);
        self.allowance = (self.allowance + widening_mul(elapsed, self.ramp_rps)).min(most);
        self.rps = self.allowed_rps().unwrap_or(ceiling);
    }
}

/// Token bucket: capacity `cap` tokens, refilled at `per_window` tokens per `window`.
///
/// One token is `window` units (microseconds of the window); every elapsed microsecond adds
/// `per_window` units. Integer arithmetic keeps it exact.
#[derive(Debug, Clone)]
pub(crate) struct TokenBucket {
    level: u128,
    cap: u128,
    per_us: u64,
    token: u128,
    last: Micros,
}

impl TokenBucket {
    /// A full bucket of `cap` tokens refilled at `per_window` tokens per `window`.
    pub fn new(cap: u32, per_window: u32, window: Micros) -> TokenBucket {
        let token = u128::from(window.0.max(1));
        TokenBucket {
            level: u128::from(cap) * token,
            cap: u128::from(cap) * token,
            per_us: u64::from(per_window),
            token,
            last: Micros::ZERO,
        }
    }
    /// Refills up to `now`, then takes a token if a whole one is there.
    pub fn try_take(&mut self, now: Micros) -> bool {
        let elapsed = (now - self.last).0;
        self.last = self.last.max(now);
        self.level = (self.level + widening_mul(elapsed, self.per_us)).min(self.cap);
        if self.level >= self.token {
            self.level -= self.token;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_allows_capacity_then_the_refill_rate() {
        let mut b = TokenBucket::new(10, 10, Micros::from_secs(10));
        let burst = (0..20).filter(|_| b.try_take(Micros::ZERO)).count();
        assert_eq!(burst, 10);
        // One token per second refills; 0.999 s is not enough.
        assert!(!b.try_take(Micros(999_999)));
        assert!(b.try_take(Micros(1_000_000)));
        assert!(!b.try_take(Micros(1_000_000)));
        // After a long pause the bucket is full again, not overfull.
        let later = (0..20)
            .filter(|_| b.try_take(Micros::from_secs(1_000)))
            .count();
        assert_eq!(later, 10);
    }

    #[test]
    fn reserved_cap_wins_over_the_account_quota() {
        let p = Platform {
            reserved_concurrency: Some(5),
            ..Platform::default()
        };
        let cap = ConcurrencyCap::from_platform(&p);
        assert_eq!(cap.admit(4), Ok(()));
        assert_eq!(cap.admit(5), Err(ThrottleReason::ReservedConcurrency));
        let p = Platform {
            account_concurrency: None,
            ..Platform::default()
        };
        assert_eq!(
            ConcurrencyCap::from_platform(&p).admit(u32::MAX - 1),
            Ok(())
        );
    }

    fn platform(rate: InvocationRate, scaling: Scaling) -> Platform {
        Platform {
            invocation_rate: rate,
            scaling,
            ..Platform::default()
        }
    }

    #[test]
    fn the_invocation_rate_ceiling_is_ten_times_the_quota() {
        // Legacy scaling has no request ramp: 10 × 1,000 = 10,000 requests in the first second
        // pass, the next one is refused, and 100 µs later one more token has refilled.
        let legacy = Scaling::Legacy {
            initial_burst: 3_000,
            per_minute: 500,
        };
        let mut r = RequestRate::new(&platform(InvocationRate::Quota, legacy));
        assert_eq!(r.allowed_rps(), Some(10_000));
        let t = Micros::from_ms(1);
        assert_eq!((0..10_000).filter(|_| r.try_take(t)).count(), 10_000);
        assert!(!r.try_take(t));
        assert!(r.try_take(t + Micros(100)));
    }

    /// The largest rates and gaps the types allow: the 64-bit request bucket saturates at its
    /// cap instead of overflowing (a debug build would panic), for a fixed rate and a ramp.
    #[test]
    fn the_request_bucket_holds_at_the_extremes_of_its_types() {
        let fixed = platform(
            InvocationRate::Fixed { per_s: u32::MAX },
            Scaling::default(),
        );
        let ramping = Platform {
            account_concurrency: Some(u32::MAX),
            ..platform(InvocationRate::Quota, Scaling::default())
        };
        for p in [fixed, ramping] {
            let mut r = RequestRate::new(&p);
            let full = r.allowed_rps().expect("limited");
            assert_eq!(r.level, full * UNITS, "starts full");
            assert!(r.try_take(Micros(u64::MAX / 2)));
            assert!(r.try_take(Micros(u64::MAX)));
            assert_eq!(
                r.level,
                r.rps * UNITS - UNITS,
                "refilled to the cap, one taken"
            );
        }
    }

    /// Offers `rps` requests per second, evenly, for `secs` seconds from `from`; returns how
    /// many were admitted.
    fn offer(r: &mut RequestRate, rps: u64, from: Micros, secs: u64) -> u64 {
        let gap = 1_000_000 / rps;
        (0..rps * secs)
            .filter(|i| r.try_take(from + Micros(i * gap)))
            .count() as u64
    }

    #[test]
    fn standard_scaling_grows_the_request_rate_by_ten_thousand_per_window_of_pressure() {
        let p = Platform {
            account_concurrency: Some(5_000),
            ..platform(InvocationRate::Quota, Scaling::default())
        };
        // Demand under the first grant never grows it, however long it lasts.
        let mut calm = RequestRate::new(&p);
        assert_eq!(offer(&mut calm, 5_000, Micros::ZERO, 60), 300_000);
        assert_eq!(calm.allowed_rps(), Some(10_000));
        // 100,000 RPS from t = 1 h: the grant starts at 10,000 and grows ~10,000 per 10 s of
        // pressure, to the 50,000 ceiling.
        let mut spike = RequestRate::new(&p);
        let start = Micros::from_secs(3_600);
        offer(&mut spike, 100_000, start, 10);
        let after_10s = spike.allowed_rps().expect("limited");
        assert!((19_000..=20_100).contains(&after_10s), "{after_10s}");
        offer(&mut spike, 100_000, start + Micros::from_secs(10), 40);
        assert_eq!(spike.allowed_rps(), Some(50_000));
    }

    #[test]
    fn fixed_and_unlimited_request_rates() {
        let mut fixed = RequestRate::new(&platform(
            InvocationRate::Fixed { per_s: 2 },
            Scaling::Unlimited,
        ));
        assert!(fixed.try_take(Micros::ZERO) && fixed.try_take(Micros::ZERO));
        assert!(!fixed.try_take(Micros::ZERO));
        assert!(fixed.try_take(Micros::from_ms(500)));
        let none = Platform {
            account_concurrency: None,
            ..platform(InvocationRate::Quota, Scaling::Unlimited)
        };
        let mut unlimited = RequestRate::new(&none);
        assert_eq!(unlimited.allowed_rps(), None);
        assert!((0..100_000).all(|_| unlimited.try_take(Micros::ZERO)));
    }
}
