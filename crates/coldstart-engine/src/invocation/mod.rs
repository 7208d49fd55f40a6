//! The three invocation models as pure rules: what an attempt costs in time, what happens to an
//! asynchronous event after a throttle or an error, and how stream shards form batches.
//!
//! - Sync: the caller waits; a throttle is an HTTP 429 recorded as `Throttled`.
//! - Async: events are kept by Lambda's internal queue. A throttled event is retried with
//!   exponential back-off from 1 s doubling up to 5 min; a failed one is retried `max_retries`
//!   times, ~1 min then ~2 min later. An event whose next try would be later than
//!   `max_event_age_s` after its arrival is dropped. Latency is measured from the first
//!   arrival, so queueing and retry delays are part of it.
//! - Stream: records go to shard `id mod shards`. Each shard is polled on a 1 s grid; a batch
//!   leaves when it is full (`batch_size`) or its oldest record has waited `batching_window_s`
//!   (checked at polls and whenever a batch of the shard completes). Up to
//!   `parallelization_factor` batches of a shard run at once. A failed or throttled batch blocks
//!   its shard and is retried at the next poll until it succeeds or its oldest record is older
//!   than the stream retention, when its records are dropped. A batch's handler time is the sum
//!   of its records' handler draws; it fails with the error draw of its first record.

use crate::defaults as d;
use crate::initcost::InitPhases;
use crate::report::{ColdCause, Phases};
use crate::scenario::Invocation;
use crate::time::Micros;

mod stream;

pub use stream::{Record, ShardStep, StreamConfig, Streams};

/// How requests reach the function in this run, with the state only that model has: the one
/// place that says "this is a stream run".
#[derive(Debug)]
pub enum Mode {
    /// The caller waits; a throttle or an error is final.
    Sync,
    /// Lambda's internal queue retries throttled and failed events.
    Async {
        /// Retries after function errors.
        max_retries: u32,
        /// Events older than this are dropped instead of retried.
        max_age: Micros,
    },
    /// Shards form batches of records; a failed or throttled batch blocks its shard.
    Stream(Box<Streams>),
}

impl Mode {
    /// The mode of a scenario's invocation model, in engine units.
    pub fn new(invocation: &Invocation) -> Mode {
        match *invocation {
            Invocation::Sync => Mode::Sync,
            Invocation::Async {
                max_retries,
                max_event_age_s,
            } => Mode::Async {
                max_retries,
                max_age: Micros::from_secs_f64(max_event_age_s),
            },
            Invocation::Stream {
                shards,
                batch_size,
                batching_window_s,
                parallelization_factor,
            } => Mode::Stream(Box::new(Streams::new(StreamConfig {
                shards,
                batch_size,
                window: Micros::from_secs_f64(batching_window_s),
                parallelization: parallelization_factor,
                poll: Micros::from_secs_f64(d::STREAM_POLL_INTERVAL_S),
                retention: Micros::from_secs_f64(d::STREAM_RECORD_RETENTION_S),
            }))),
        }
    }
}

/// One request (or stream batch) and its random draws, made at arrival so they do not depend on
/// which environment serves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job {
    /// Arrival sequence number (a batch: its first record's).
    pub id: u64,
    /// First arrival (a batch: its oldest record's).
    pub arrival: Micros,
    /// Handler duration of this attempt.
    pub handler: Micros,
    /// Whether this attempt's handler fails.
    pub fails: bool,
    /// Retries after function errors so far.
    pub retries: u32,
    /// Retries after throttles so far.
    pub throttles: u32,
    /// Stream batch index, for stream invocations.
    pub batch: Option<u32>,
}

impl Job {
    /// All retries so far, for the report.
    pub fn attempts_before(&self) -> u32 {
        self.retries + self.throttles
    }
}

/// The time plan of one attempt on an environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Attempt {
    /// When the attempt started (arrival at the environment).
    pub start: Micros,
    /// Cold-start cause, `None` when warm.
    pub cold: Option<ColdCause>,
    /// Phase durations (init phases zero when warm).
    pub phases: Phases,
    /// When the environment leaves `Initializing` (equals `start` when warm).
    pub ready: Micros,
    /// When the attempt ends.
    pub end: Micros,
    /// The handler (with any retried init) hit the function timeout.
    pub timed_out: bool,
    /// The first init exceeded the init limit and was retried inside the invoke phase.
    pub init_retried: bool,
    /// Init time billed (runtime bootstrap + function init of the first init).
    pub billed_init: Micros,
    /// Invoke time billed (retried init + handler, capped at the timeout).
    pub billed_invoke: Micros,
    /// Which invocation of its environment this is, from 1 (0 until it is placed).
    pub invocation: u32,
}

impl Attempt {
    /// Whether the attempt ends in a function error (error draw or timeout).
    pub fn failed(&self, job: &Job) -> bool {
        job.fails || self.timed_out
    }
}

/// Plans one attempt starting at `start`: warm if `cold` is `None`, otherwise a cold start with
/// the given cause, microVM time and init-cost phases.
///
/// The init-limit rule (AWS): on an on-demand environment, if bootstrap + init exceeds the limit,
/// the first init is cut at the limit and the whole init runs again inside the invoke phase,
/// where it counts against the function timeout. `init_limit` is `None` for provisioned
/// environments and when the rule is switched off.
#[cfg_attr(target_arch = "wasm32", inline(always))]
pub fn plan_attempt(
    start: Micros,
    cold: Option<(ColdCause, Micros, InitPhases)>,
    handler: Micros,
    timeout: Micros,
    init_limit: Option<Micros>,
) -> Attempt {
    let Some((cause, microvm, ip)) = cold else {
        let run = handler.min(timeout);
        return Attempt {
            start,
            cold: None,
            phases: Phases {
                handler: run,
                ..Phases::default()
            },
            ready: start,
            end: start + run,
            timed_out: handler > timeout,
            init_retried: false,
            billed_init: Micros::ZERO,
            billed_invoke: run,
            invocation: 0,
        };
    };
    // Init Duration holds, in order, an image's loading (a zip's fetch came before Init), the
    // runtime bootstrap and the function init. Past the limit, Init is cut and the whole of it
    // runs again inside the invoke phase, under the function timeout [AWS]. The repeat is
    // modelled at the first attempt's cost: the runtime starts from scratch, and although the
    // chunks read before the cut are then in the worker's cache, how much that saves is not
    // published (docs/model.md).
    let in_init = [ip.code_fetch - ip.before_init(), ip.bootstrap, ip.init];
    let full_init = ip.init_duration();
    let (first_init, retried) = match init_limit {
        Some(limit) if full_init > limit => (limit, full_init),
        _ => (full_init, Micros::ZERO),
    };
    let invoke_wanted = retried + handler;
    let invoke = invoke_wanted.min(timeout);
    let retried_done = retried.min(invoke);
    let handler_done = invoke - retried_done;
    let first = split_in_order(first_init, in_init);
    let again = split_in_order(retried_done, in_init);
    let ready = start + microvm + ip.before_init() + first_init;
    Attempt {
        start,
        cold: Some(cause),
        phases: Phases {
            microvm,
            code_fetch: ip.before_init() + first[0] + again[0],
            bootstrap: first[1] + again[1],
            init: first[2] + again[2],
            handler: handler_done,
        },
        ready,
        end: ready + invoke,
        timed_out: invoke_wanted > timeout,
        init_retried: retried > Micros::ZERO,
        billed_init: ip.billed_of(first_init),
        billed_invoke: invoke,
        invocation: 0,
    }
}

/// Splits `budget` over consecutive stages of the given lengths: each stage gets what is left,
/// up to its length. A cut Init ran its stages in order until the limit.
#[cfg_attr(target_arch = "wasm32", inline(always))]
fn split_in_order(budget: Micros, stages: [Micros; 3]) -> [Micros; 3] {
    let mut left = budget;
    stages.map(|stage| {
        let ran = stage.min(left);
        left = left - ran;
        ran
    })
}

/// What happens to an asynchronous event after a function error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsyncNext {
    /// Try again after this delay.
    RetryIn(Micros),
    /// No retry remains after a function error: the error is the event's outcome.
    Fail,
    /// The event would be older than its maximum age at the retry: it is dropped.
    Drop,
}

/// Throttle back-off: 1 s, 2 s, 4 s, … capped at 5 min.
pub fn throttle_backoff(throttles: u32) -> Micros {
    let min = d::ASYNC_BACKOFF_MIN_S;
    let factor = 2f64.powi(throttles.min(62) as i32);
    Micros::from_secs_f64((min * factor).min(d::ASYNC_BACKOFF_MAX_S))
}

/// Delay before retry number `retries + 1` after a function error (~1 min, then ~2 min).
pub fn error_retry_delay(retries: u32) -> Micros {
    let delays = d::ASYNC_ERROR_RETRY_DELAYS_S;
    let i = (retries as usize).min(delays.len() - 1);
    Micros::from_secs_f64(delays[i])
}

/// After a throttle at `now`: the back-off before the retry, or `None` if the event would
/// then be older than `max_age` (it is dropped). Throttles do not count against the retries.
pub fn after_throttle(job: &Job, now: Micros, max_age: Micros) -> Option<Micros> {
    within_age(job, now, throttle_backoff(job.throttles), max_age)
}

/// After a function error at `now`: retry while retries remain and the event is young enough.
pub fn after_error(job: &Job, now: Micros, max_retries: u32, max_age: Micros) -> AsyncNext {
    if job.retries >= max_retries {
        return AsyncNext::Fail;
    }
    within_age(job, now, error_retry_delay(job.retries), max_age)
        .map_or(AsyncNext::Drop, AsyncNext::RetryIn)
}

/// `delay`, unless the event would be older than `max_age` after it.
fn within_age(job: &Job, now: Micros, delay: Micros, max_age: Micros) -> Option<Micros> {
    ((now + delay) - job.arrival <= max_age).then_some(delay)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::initcost::StartKind;

    fn ip(bootstrap: u64, init: u64) -> InitPhases {
        InitPhases {
            code_fetch: Micros::from_ms(5),
            bootstrap: Micros::from_ms(bootstrap),
            init: Micros::from_ms(init),
            kind: StartKind::Zip,
        }
    }

    #[test]
    fn warm_attempt_pays_only_the_handler() {
        let a = plan_attempt(
            Micros::from_ms(10),
            None,
            Micros::from_ms(7),
            Micros::from_secs(3),
            None,
        );
        assert_eq!(a.phases.init_total(), Micros::ZERO);
        assert_eq!(a.end, Micros::from_ms(17));
        assert!(!a.timed_out);
    }

    #[test]
    fn init_over_the_limit_is_cut_then_retried_in_the_invoke_phase() {
        // 4 s bootstrap + 8 s init > 10 s limit: 10 s lost, then 12 s init + 1 s handler in invoke.
        let a = plan_attempt(
            Micros::ZERO,
            Some((ColdCause::First, Micros::from_ms(100), ip(4_000, 8_000))),
            Micros::from_secs(1),
            Micros::from_secs(60),
            Some(Micros::from_secs(10)),
        );
        assert!(a.init_retried && !a.timed_out);
        assert_eq!(a.ready, Micros::from_ms(100 + 5 + 10_000));
        assert_eq!(a.end, a.ready + Micros::from_secs(13));
        assert_eq!(a.phases.init_total() + a.phases.handler, a.end - a.start);
        assert_eq!(a.billed_init, Micros::from_secs(10));
        // With a 5 s timeout the retried init cannot finish: error at the timeout.
        let b = plan_attempt(
            Micros::ZERO,
            Some((ColdCause::First, Micros::from_ms(100), ip(4_000, 8_000))),
            Micros::from_secs(1),
            Micros::from_secs(5),
            Some(Micros::from_secs(10)),
        );
        assert!(b.timed_out);
        assert_eq!(b.end, b.ready + Micros::from_secs(5));
        assert_eq!(b.phases.handler, Micros::ZERO);
    }

    #[test]
    fn an_image_load_counts_toward_the_init_limit_and_is_billed_as_init() {
        // A zip's 12 s fetch happens before Init: 0.1 + 0.2 s Init, no retry, nothing billed
        // for the fetch. The same 12 s as an image load is inside Init: cut at 10 s, then the
        // whole 12.3 s Init again inside the invoke phase.
        let phases = |kind| InitPhases {
            code_fetch: Micros::from_secs(12),
            bootstrap: Micros::from_ms(100),
            init: Micros::from_ms(200),
            kind,
        };
        let plan = |kind| {
            plan_attempt(
                Micros::ZERO,
                Some((ColdCause::First, Micros::from_ms(50), phases(kind))),
                Micros::from_ms(10),
                Micros::from_secs(60),
                Some(Micros::from_secs(10)),
            )
        };
        let zip = plan(StartKind::Zip);
        assert!(!zip.init_retried);
        assert_eq!(zip.billed_init, Micros::from_ms(300));
        assert_eq!(zip.phases.code_fetch, Micros::from_secs(12));
        let image = plan(StartKind::Image);
        assert!(image.init_retried && !image.timed_out);
        assert_eq!(image.billed_init, Micros::from_secs(10));
        assert_eq!(image.billed_invoke, Micros::from_ms(12_300 + 10));
        assert_eq!(image.ready, Micros::from_ms(50 + 10_000));
        // The anatomy keeps the load as its own segment: 10 s cut + 12 s repeated.
        assert_eq!(image.phases.code_fetch, Micros::from_secs(22));
        assert_eq!(image.phases.bootstrap, Micros::from_ms(100));
        assert_eq!(image.phases.init, Micros::from_ms(200));
        assert_eq!(
            image.phases.init_total() + image.phases.handler,
            image.end - image.start
        );
    }

    #[test]
    fn a_cut_init_splits_its_time_over_the_stages_it_reached() {
        let ms = Micros::from_ms;
        assert_eq!(
            split_in_order(ms(250), [ms(100), ms(100), ms(100)]),
            [ms(100), ms(100), ms(50)]
        );
        assert_eq!(
            split_in_order(ms(50), [ms(100), ms(100), ms(100)]),
            [ms(50), Micros::ZERO, Micros::ZERO]
        );
    }

    #[test]
    fn backoff_doubles_to_five_minutes_and_age_drops() {
        assert_eq!(throttle_backoff(0), Micros::from_secs(1));
        assert_eq!(throttle_backoff(3), Micros::from_secs(8));
        assert_eq!(throttle_backoff(20), Micros::from_secs(300));
        let job = Job {
            id: 0,
            arrival: Micros::ZERO,
            handler: Micros::ZERO,
            fails: true,
            retries: 0,
            throttles: 0,
            batch: None,
        };
        let age = Micros::from_secs(100);
        assert_eq!(
            after_error(&job, Micros::from_secs(1), 2, age),
            AsyncNext::RetryIn(Micros::from_secs(60))
        );
        assert_eq!(
            after_error(&job, Micros::from_secs(50), 2, age),
            AsyncNext::Drop
        );
        let done = Job { retries: 2, ..job };
        assert_eq!(
            after_error(&done, Micros::from_secs(1), 2, age),
            AsyncNext::Fail
        );
    }
}
