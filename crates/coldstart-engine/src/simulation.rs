//! The Lambda model driven by the event loop: one `Simulation` per run, advanced step by step.
//!
//! Each event handler is short and delegates decisions to the domain modules: `scaling` says
//! whether a request may run and whether a new environment may be created, `placement` which
//! idle environment takes it, `invocation` what the attempt costs in time and what happens after
//! a throttle or an error, `lifecycle` when an environment goes away, `metrics` what is recorded.
//!
//! Random streams (common random numbers): each consumer has its own generator derived from the
//! scenario seed, so changing one part of a scenario does not shift the draws of another.
//! - arrivals: the workload only;
//! - requests: each arrival's handler duration and error draw, made at arrival;
//! - platform: microVM time, keep-alive, lifetime, random placement;
//! - init: passed to the init-cost model;
//! - sample: the reservoir of per-request records.
//!
//! Retries draw from a generator seeded by (seed, request id, attempt), so they too are the same
//! whatever happened to other requests. Two scenarios that differ only in `package` therefore see
//! identical arrivals and handler durations.

use crate::engine::{Event, EventQueue, LONG_WAIT, Next, Reserved, choose};
use crate::error::{ScenarioError, human_count};
use crate::initcost::{InitCostModel, InitPhases};
use crate::invocation::{
    AsyncNext, Attempt, Job, Mode, Record, ShardStep, after_error, after_throttle, plan_attempt,
};
use crate::lanes::LaneRecorder;
use crate::lifecycle::{ColdCauses, EnvState, EnvTable, Expiry, Slot, idle_deadline};
use crate::metrics::{self, Ending, Finished, Metrics, Ran};
use crate::placement::IdlePool;
use crate::report::{
    ColdCause, ColdStartPhase, EnvironmentLanes, Environments, Latencies, PhaseSummaries, Phases,
    Reclaim, Report, RequestRecord, TimeSeries,
};
use crate::rng::SimRng;
use crate::scaling::{Admission, ConcurrencyCap, RequestRate, ScalingRate, ThrottleReason};
use crate::scenario::Scenario;
use crate::slots::SlotTable;
use crate::time::Micros;
use crate::warmup::WarmupCurve;
use crate::workload::{self, Arrivals};
use crate::{cost, defaults as d, dist::Sampler, validation};
use rand::{RngExt, SeedableRng};

/// Identifiers of the random streams, mixed into the seed.
#[derive(Debug, Clone, Copy)]
#[repr(u64)]
enum Stream {
    Arrivals = 1,
    Requests = 2,
    Platform = 3,
    Init = 4,
    Sample = 5,
    Retry = 6,
}

/// SplitMix64 finaliser: spreads a seed and a stream id over all bits.
#[cfg_attr(target_arch = "wasm32", inline(always))]
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg_attr(target_arch = "wasm32", inline(always))]
fn rng_for(seed: u64, stream: Stream) -> SimRng {
    SimRng::seed_from_u64(mix(seed ^ mix(stream as u64)))
}

/// Whether an attempt fails. Nothing is drawn at a zero error rate, so a scenario without
/// errors spends no random number on them.
#[cfg_attr(target_arch = "wasm32", inline(always))]
fn draw_failure(rng: &mut SimRng, error_rate: f64) -> bool {
    error_rate > 0.0 && rng.random::<f64>() < error_rate
}

/// [`Simulation::arm_idle_check`] on an environment the caller has looked up already (an
/// on-demand one going idle, in [`Simulation::become_idle`]): records its idle deadline and
/// makes sure a check runs at it.
#[inline(always)]
fn arm_idle_check(
    queue: &mut EventQueue<Event>,
    env: &mut crate::lifecycle::Env,
    slot: Slot,
    deadline: Micros,
    why: Expiry,
) {
    env.idle_deadline = deadline;
    env.idle_expiry = why;
    if deadline == Micros::NEVER {
        return;
    }
    // At most one authoritative check per environment: keep an earlier pending one (it
    // re-arms itself), replace a later one.
    if env.check_at.is_none_or(|c| c > deadline) {
        env.check_at = Some(deadline);
        let env_id = env.id;
        queue.schedule_later_in(deadline - queue.now(), Event::IdleCheck { slot, env_id });
    }
}

#[cfg_attr(target_arch = "wasm32", inline(always))]
fn retry_rng(seed: u64, id: u64, attempt: u32) -> SimRng {
    let s = mix(seed ^ mix(Stream::Retry as u64))
        ^ mix(id.wrapping_mul(0x1_0000_0001) ^ u64::from(attempt));
    SimRng::seed_from_u64(mix(s))
}

/// What follows a completed attempt, decided before the environment moves on.
enum AfterAttempt {
    /// The request's outcome is its attempt's: ok, or a function error no retry follows.
    Complete,
    /// An async event failed and is too old to retry: dropped after this attempt.
    Drop,
    /// An async event is tried again after this delay.
    Retry(Micros),
    /// A stream batch ended; its attempt (copied: the environment moves on first).
    Batch(u32, Attempt),
}

/// A running simulation of one scenario. Advance it with [`Simulation::step`],
/// [`Simulation::step_until`], [`Simulation::run_events`] or [`Simulation::run_to_end`], read it
/// with [`Simulation::report`] at any time.
pub struct Simulation {
    scenario: Scenario,
    horizon: Micros,
    timeout: Micros,
    init_limit: Option<Micros>,
    error_rate: f64,
    /// The invocation model, with the stream state in a stream run.
    mode: Mode,
    queue: EventQueue<Event>,
    arrivals: Arrivals,
    next_id: u64,
    rng_arrivals: SimRng,
    rng_requests: SimRng,
    rng_platform: SimRng,
    rng_init: SimRng,
    rng_sample: SimRng,
    handler: Sampler,
    /// The handler's warm-up over an environment's invocations.
    warmup: WarmupCurve,
    microvm: Sampler,
    keep_alive: Option<KeepAlive>,
    lifetime: Option<Sampler>,
    init_model: InitCostModel,
    envs: EnvTable,
    idle_on_demand: IdlePool,
    idle_provisioned: IdlePool,
    cap: ConcurrencyCap,
    rate: ScalingRate,
    /// Synchronous invocation requests per second (checked at arrival, sync only).
    request_rate: RequestRate,
    causes: ColdCauses,
    /// Async events waiting for a retry, referenced by [`Event::Retry`].
    waiting: SlotTable<Job>,
    /// The provisioned count last configured; while it is above zero, a request served by an
    /// on-demand environment is a spillover.
    provisioned_target: u32,
    /// Provisioned environments a scale-down still has to remove: the next ones to finish an
    /// init or a request go instead of becoming idle.
    provisioned_excess: u32,
    metrics: Metrics,
    /// The environments' lives for the lanes chart (`output.environment_lanes`; `None`: off).
    lanes: Option<Box<LaneRecorder>>,
    /// The function's version: 0 at the start, one more per deploy. Environments of an older
    /// version are retired.
    version: u32,
    /// When each deploy so far happened.
    deploys_at: Vec<Micros>,
    /// Requests (or records) that have arrived and not reached an outcome.
    pending: u64,
    events: u64,
    finished: bool,
    /// Why the run stopped before its end: the work budget was spent. The up-front estimate
    /// can miss work (retries behind throttles, polls behind long cold starts, provisioned
    /// churn), so the actual events and environments are counted as they happen.
    exhausted: Option<ScenarioError>,
    /// Most events this run may process (`defaults::BUDGET_MAX_EVENTS` unless lowered).
    event_budget: u64,
}

/// How long an idle environment is kept. A constant is converted to microseconds once, not at
/// every request's end (SimFaaS's scenarios and many users' keep a fixed window); a constant
/// draws no random number either way, so the platform's stream is the same.
enum KeepAlive {
    /// A constant window, already in microseconds.
    Fixed(Micros),
    /// A window drawn at each going idle, in seconds, from the platform's stream.
    Drawn(Sampler),
}

impl KeepAlive {
    fn new(sampler: Sampler) -> KeepAlive {
        match sampler {
            Sampler::Constant(s) => KeepAlive::Fixed(Micros::from_secs_f64(s)),
            drawn => KeepAlive::Drawn(drawn),
        }
    }
}

/// Environments the table makes room for once a burst fills it: as many as may serve at once
/// under the concurrency cap, up to `ENV_ROOM_MAX` (a burst goes there anyway, and growing
/// by doubling copied the table each time). Bounded by the cap, not by the requests.
fn env_room(cap: &ConcurrencyCap) -> usize {
    const ENV_ROOM_MAX: u32 = 1_024;
    cap.limit.map_or(0, |l| l.min(ENV_ROOM_MAX)) as usize
}

fn sampler(path: &str, dist: &crate::Dist) -> Result<Sampler, ScenarioError> {
    Sampler::new(dist).map_err(|rule| ScenarioError::invalid(path, format!("{dist:?}"), rule))
}

impl Simulation {
    /// Validates the scenario and positions a simulation at time zero (provisioned environments
    /// ready, first arrival drawn).
    pub fn new(scenario: &Scenario) -> Result<Simulation, ScenarioError> {
        validation::validate(scenario)?;
        let s = scenario.clone();
        let seed = s.seed;
        let horizon = Micros::from_secs_f64(s.duration_s);
        let mut rng_arrivals = rng_for(seed, Stream::Arrivals);
        let arrivals = Arrivals::new(&s.workload, s.duration_s, &mut rng_arrivals);
        let p = &s.platform;
        let keep_alive = p
            .keep_alive_s
            .as_ref()
            .map(|k| sampler("platform.keep_alive_s", k).map(KeepAlive::new))
            .transpose()?;
        let lifetime = p
            .max_lifetime_s
            .as_ref()
            .map(|k| sampler("platform.max_lifetime_s", k))
            .transpose()?;
        let cap = ConcurrencyCap::from_platform(p);
        let mut sim = Simulation {
            horizon,
            timeout: Micros::from_secs_f64(s.function.timeout_s),
            init_limit: p.init_limit_s.map(Micros::from_secs_f64),
            error_rate: s.function.error_rate,
            mode: Mode::new(&s.invocation),
            // Two later entries an environment: its idle check and a stale one, or its init's
            // end and its completion.
            queue: EventQueue::with_later_room(2 * env_room(&cap)),
            arrivals,
            next_id: 0,
            rng_arrivals,
            rng_requests: rng_for(seed, Stream::Requests),
            rng_platform: rng_for(seed, Stream::Platform),
            rng_init: rng_for(seed, Stream::Init),
            rng_sample: rng_for(seed, Stream::Sample),
            handler: sampler("function.handler_ms", &s.function.handler_ms)?,
            warmup: WarmupCurve::new(&s.function),
            microvm: sampler("platform.microvm_ms", &p.microvm_ms)?,
            keep_alive,
            lifetime,
            init_model: InitCostModel::new(&s)?,
            envs: EnvTable::with_room(env_room(&cap)),
            idle_on_demand: IdlePool::new(p.placement),
            idle_provisioned: IdlePool::new(p.placement),
            cap,
            rate: ScalingRate::new(&p.scaling),
            request_rate: RequestRate::new(p),
            causes: ColdCauses::default(),
            waiting: SlotTable::default(),
            provisioned_target: 0,
            provisioned_excess: 0,
            metrics: Metrics::new(
                horizon,
                Micros::from_secs_f64(s.output.bucket_s),
                s.output.request_sample,
                s.prices.bill_init,
            ),
            lanes: LaneRecorder::new(s.output.environment_lanes, horizon),
            version: 0,
            deploys_at: Vec::new(),
            pending: 0,
            events: 0,
            finished: false,
            exhausted: None,
            event_budget: d::BUDGET_MAX_EVENTS as u64,
            scenario: s,
        };
        let expected = workload::expected_arrivals(&sim.scenario.workload, sim.scenario.duration_s);
        sim.metrics.reserve_sample(expected);
        for (index, deploy) in sim.scenario.deploys.iter().enumerate() {
            let at = Micros::from_secs_f64(deploy.at_s);
            if at < horizon {
                sim.queue.schedule_in(
                    at,
                    Event::Deploy {
                        index: index as u32,
                    },
                );
            }
        }
        if let Some(pc) = sim.scenario.provisioned.clone() {
            // The initial provisioned environments are ready at time zero: AWS allocates them
            // before it reports the alias READY, i.e. before traffic arrives. Their init is
            // still drawn (it advances the init model's caches) but no request waits for it.
            for _ in 0..pc.count {
                let _ = sim.init_model.cold_start(Micros::ZERO, &mut sim.rng_init);
                let slot = sim.new_env(true);
                sim.keep_past_ready(slot, Micros::ZERO);
                sim.become_idle(slot);
            }
            sim.provisioned_target = pc.count;
            for change in &pc.schedule {
                let at = Micros::from_secs_f64(change.at_s);
                if at < horizon {
                    sim.queue.schedule_in(
                        at,
                        Event::ProvisionedChange {
                            count: change.count,
                        },
                    );
                }
            }
        }
        Ok(sim)
    }

    /// Current simulated time.
    pub fn now(&self) -> Micros {
        self.queue.now()
    }

    /// Events processed so far (arrivals included).
    pub fn events(&self) -> u64 {
        self.events
    }

    /// Whether the run is over: no arrival left, every request has an outcome, and nothing
    /// scheduled inside the arrival window remains.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Fraction of the simulated duration done, 0 to 1 (1 once finished).
    pub fn progress(&self) -> f64 {
        if self.finished || self.horizon == Micros::ZERO {
            return 1.0;
        }
        (self.now().as_secs_f64() / self.horizon.as_secs_f64()).clamp(0.0, 1.0)
    }

    /// Time of the next event, if the run is not over.
    pub fn next_time(&self) -> Option<Micros> {
        if self.finished {
            return None;
        }
        choose(self.queue.peek(), self.arrivals.peek()).map(|(t, _)| t)
    }

    /// Processes one event. Returns `false` when the run is over.
    pub fn step(&mut self) -> bool {
        !self.finished && self.step_unfinished()
    }

    /// [`Simulation::step`] once the run is known not to be finished: [`Simulation::run_events`]
    /// tests `finished` once, before its first event, since every step that ends the run returns
    /// `false` (through [`Simulation::finish_run`]) and so ends the loop too. Inlined into that
    /// loop: a call per event saved and restored the loop's registers around every event.
    #[inline(always)]
    fn step_unfinished(&mut self) -> bool {
        let Some((t, next)) = choose(self.queue.peek(), self.arrivals.peek()) else {
            return self.finish_run();
        };
        // After the window, only work that still concerns a request is worth running; idle
        // environments expiring later change nothing the report shows.
        if self.pending == 0 && self.arrivals.peek().is_none() && t >= self.horizon {
            return self.finish_run();
        }
        let counts = self.envs.counts();
        if let Some(why) = self.over_budget(t, counts.total()) {
            self.exhausted = Some(why);
            return self.finish_run();
        }
        self.integrate(t, counts);
        self.events += 1;
        match next {
            Next::Arrival => {
                self.queue.advance_to(t);
                self.on_arrival();
            }
            Next::Queued(head) => {
                if let Some((_, event)) = self.queue.pop_from(head) {
                    self.dispatch(event);
                }
            }
        }
        true
    }

    /// The time integrals of the environment counts up to `t` (every event pays this). Always
    /// inline: natively LLVM inlined it anyway, but in wasm it stayed a call per event, which
    /// neither node 20's V8 nor Chromium 156's inlined (6-7 % of node's samples, 3 % of
    /// Chromium's on the mixed day; docs/benchmarks.md, "Issue 14, seventeenth round: wasm speed
    /// on the mixed day").
    #[cfg_attr(feature = "profile-events", inline(never))]
    #[cfg_attr(not(feature = "profile-events"), inline(always))]
    fn integrate(&mut self, t: Micros, counts: crate::Counts) {
        self.metrics.advance(t, counts);
    }

    /// Why the run cannot go on, if the work it has done reaches the budget.
    /// `live` is the number of environments alive now. The check is every event's; the
    /// message is built out of line, once.
    #[inline(always)]
    fn over_budget(&self, t: Micros, live: u32) -> Option<ScenarioError> {
        if self.events < self.event_budget && f64::from(live) <= d::BUDGET_MAX_ENVIRONMENTS {
            return None;
        }
        self.over_budget_why(t, live)
    }

    /// [`Simulation::over_budget`]'s message, once a budget is reached.
    #[cold]
    #[inline(never)]
    fn over_budget_why(&self, t: Micros, live: u32) -> Option<ScenarioError> {
        let at = || {
            format!(
                "at simulated time {} of {} s",
                human_count(t.as_secs_f64()),
                human_count(self.horizon.as_secs_f64())
            )
        };
        if self.events >= self.event_budget {
            return Some(ScenarioError::TooBig {
                message: format!(
                    "the run reached the budget of {} events {}, so it was stopped; lower the \
                     rate, duration_s, retries or stream shards, shorten the microVM or init \
                     phases behind keep_alive_s = 0, or make provisioned schedules change less \
                     often",
                    human_count(self.event_budget as f64),
                    at()
                ),
            });
        }
        if f64::from(live) > d::BUDGET_MAX_ENVIRONMENTS {
            return Some(ScenarioError::TooBig {
                message: format!(
                    "the run reached the budget of {} environments alive at once {}, so it \
                     was stopped; set platform.account_concurrency, or lower the rate or the \
                     provisioned count",
                    human_count(d::BUDGET_MAX_ENVIRONMENTS),
                    at()
                ),
            });
        }
        None
    }

    /// Lowers the event budget of this run (a caller with less time than the default budget
    /// buys, e.g. a browser tab); it is never raised above `defaults::BUDGET_MAX_EVENTS`.
    pub fn limit_events(&mut self, events: u64) {
        self.event_budget = events.min(d::BUDGET_MAX_EVENTS as u64);
    }

    /// Why the run stopped before its end, if it did: the report then covers only what ran.
    pub fn exhausted(&self) -> Option<&ScenarioError> {
        self.exhausted.as_ref()
    }

    fn finish_run(&mut self) -> bool {
        self.metrics.advance(self.horizon, self.envs.counts());
        self.finished = true;
        false
    }

    /// Processes every event up to and including time `t`.
    pub fn step_until(&mut self, t: Micros) {
        while self.next_time().is_some_and(|n| n <= t) {
            if !self.step() {
                break;
            }
        }
    }

    /// Processes at most `n` events; returns how many ran. A step that runs an event counts it
    /// in `events` (and one that does not ends the run), so the loop bounds `events` instead of
    /// keeping a count of its own beside it.
    // The event loop, with every handler inlined into it; compiled for speed in the page's
    // size-optimised engine, as are the handlers left out of line (lib.rs).
    #[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
    pub fn run_events(&mut self, n: u64) -> u64 {
        if self.finished {
            return 0;
        }
        let start = self.events;
        let stop = start.saturating_add(n);
        while self.events < stop && self.step_unfinished() {}
        self.events - start
    }

    /// Runs to the end, through [`Simulation::run_events`]: one event loop for both, so the
    /// page's module carries one inlined copy of it, not two (the page's workers step by
    /// slices), and natively the bounded loop costs no more (warm million −2.1 %, ml-image-10gb
    /// −1.6 % instructions against a loop of its own; docs/benchmarks.md, "Issue 14,
    /// seventeenth round: wasm size").
    pub fn run_to_end(&mut self) {
        self.run_events(u64::MAX);
    }

    /// Inlined into the event loop: out of line, its call saved and restored the loop's
    /// registers around every queued event.
    #[inline(always)]
    fn dispatch(&mut self, event: Event) {
        match event {
            Event::InitDone { slot, complete } => self.on_init_done(slot, complete),
            Event::Complete { slot } => self.on_complete(slot),
            Event::IdleCheck { slot, env_id } => self.on_idle_check(slot, env_id),
            Event::Retry { index } => self.on_retry(index),
            Event::Poll { shard } => self.on_poll(shard),
            Event::ProvisionedChange { count } => self.on_provisioned_change(count),
            Event::Deploy { index } => self.on_deploy(index),
        }
    }

    /// An asynchronous event waiting for a retry is tried again.
    #[cfg_attr(feature = "profile-events", inline(never))]
    fn on_retry(&mut self, index: u32) {
        let job = self.waiting[index];
        self.waiting.release(index);
        self.try_job(job);
    }

    // ----- arrivals and attempts -------------------------------------------------------------

    /// A request arrives; the arrival after it is drawn first.
    ///
    /// Inlined into the event loop, as it was when the loop was `step`'s own: left to the
    /// compiler inside `run_events`, it went out of line.
    #[cfg_attr(feature = "profile-events", inline(never))]
    #[cfg_attr(not(feature = "profile-events"), inline(always))]
    fn on_arrival(&mut self) {
        let _ = self.arrivals.advance(&mut self.rng_arrivals);
        let now = self.now();
        let id = self.next_id;
        self.next_id += 1;
        let handler = self.handler.sample_ms_as_micros(&mut self.rng_requests);
        let fails = draw_failure(&mut self.rng_requests, self.error_rate);
        self.metrics.arrival(now);
        self.pending += 1;
        if let Mode::Stream(_) = self.mode {
            self.arrive_in_stream(Record {
                id,
                arrival: now,
                handler,
                fails,
            });
            return;
        }
        let job = Job {
            id,
            arrival: now,
            handler,
            fails,
            retries: 0,
            throttles: 0,
            batch: None,
        };
        // The request-rate quota is counted on synchronous invocation requests as they arrive,
        // before concurrency is looked at.
        if matches!(self.mode, Mode::Sync) && !self.request_rate.try_take(now) {
            self.metrics.throttle(now, ThrottleReason::InvocationRate);
            self.on_throttled(job);
            return;
        }
        self.try_job(job);
    }

    /// A stream record arrives: its shard holds it until a batch takes it. Out of line: its
    /// scheduling of a poll, inlined, sat in the event loop beside every arrival.
    #[inline(never)]
    #[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
    fn arrive_in_stream(&mut self, record: Record) {
        let now = self.now();
        if let Mode::Stream(streams) = &mut self.mode
            && let Some((shard, delay)) = streams.push(record, now)
        {
            self.queue.schedule_in(delay, Event::Poll { shard });
        }
    }

    /// Decides where a request goes now (mutating pools and the scaling bucket accordingly).
    fn admit(&mut self) -> Admission {
        let now = self.now();
        if let Err(reason) = self.cap.admit(self.envs.counts().serving) {
            return Admission::Throttle(reason);
        }
        // A pool holds no live entry when no environment is idle (the provisioned pool none
        // either when no provisioned environment lives): then its `take` would find nothing and
        // draw nothing, so it is not asked. The counts are coarser than "idle of its kind", which
        // keeps the check to two counters; a pool asked in vain changes nothing.
        let counts = self.envs.counts();
        if counts.idle > 0 {
            if counts.provisioned > 0
                && let Some(slot) = self
                    .idle_provisioned
                    .take(&self.envs, &mut self.rng_platform)
            {
                return Admission::Warm(slot);
            }
            if let Some(slot) = self.idle_on_demand.take(&self.envs, &mut self.rng_platform) {
                return Admission::Warm(slot);
            }
        }
        if self.rate.try_create(now) {
            Admission::Cold(self.causes.cause())
        } else {
            Admission::Throttle(ThrottleReason::ScalingRate)
        }
    }

    /// Tries to run a job (request, retry or stream batch) now. Returns whether it started
    /// (`false`: it was throttled).
    #[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
    fn try_job(&mut self, job: Job) -> bool {
        let now = self.now();
        match self.admit() {
            Admission::Throttle(reason) => {
                self.metrics.throttle(now, reason);
                self.on_throttled(job);
                return false;
            }
            Admission::Warm(slot) => {
                let (warmup, timeout) = (&self.warmup, self.timeout);
                let (attempt, env) = self.envs.start_warm(slot, job, |k| {
                    plan_attempt(now, None, warmup.apply(job.handler, k), timeout, None)
                });
                let (id, provisioned) = (env.id, env.provisioned);
                self.spell(id, true, now);
                self.started(provisioned, job, &attempt);
                // The completion is due after the run, which a warm attempt bills as its invoke
                // (the handler capped at the timeout; reading it instead of `end - start` saves
                // a compare and a select a request). Debug builds hold the two together, so a
                // change to warm billing cannot move completions unnoticed.
                let run = attempt.billed_invoke;
                debug_assert_eq!(attempt.end, now + run, "a warm attempt bills its run");
                self.queue.schedule_in(run, Event::Complete { slot });
            }
            Admission::Cold(cause) => {
                let slot = self.new_env(false);
                let microvm = Micros::from_ms_f64(self.microvm.sample(&mut self.rng_platform));
                let ip = self.init_model.cold_start(now, &mut self.rng_init);
                let k = self.next_invocation(slot);
                let mut attempt = plan_attempt(
                    now,
                    Some((cause, microvm, ip)),
                    self.warmup.apply(job.handler, k),
                    self.timeout,
                    self.init_limit,
                );
                attempt.invocation = k;
                if let Some(lanes) = &mut self.lanes {
                    lanes.phases(self.envs.get(slot).id, attempt.phases);
                }
                // The init's end and the request's completion take their places in the order
                // now (in this order, as two events scheduled now would); the completion is
                // scheduled once the init is done (`on_init_done`), which is before its time.
                self.queue.make_later_room();
                let init = self.queue.reserve();
                let complete = self.queue.reserve();
                self.queue.schedule_later_reserved_in(
                    attempt.ready - now,
                    init,
                    Event::InitDone { slot, complete },
                );
                self.start(slot, job, attempt);
            }
        }
        true
    }

    /// Counts one more invocation on an environment and returns its index, from 1.
    #[inline]
    fn next_invocation(&mut self, slot: Slot) -> u32 {
        self.envs.get_mut(slot).count_invocation()
    }

    /// A cold start's attempt attached to its new environment; the completion is scheduled when
    /// the init is done. (A warm start attaches its own through [`EnvTable::start_warm`].)
    #[inline(always)]
    fn start(&mut self, slot: Slot, job: Job, attempt: Attempt) {
        let provisioned = self.envs.get(slot).provisioned;
        self.envs.begin_serving(slot, job, &attempt);
        self.started(provisioned, job, &attempt);
    }

    /// What a start records once the request is attached to its environment.
    #[inline(always)]
    fn started(&mut self, provisioned: bool, job: Job, attempt: &Attempt) {
        if !provisioned && self.provisioned_target > 0 {
            self.metrics.spillovers += 1;
        }
        self.metrics.started(attempt, self.envs.counts().serving);
        if let (Mode::Stream(streams), Some(b)) = (&mut self.mode, job.batch) {
            streams.started(b, attempt.start);
        }
    }

    #[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
    fn on_throttled(&mut self, job: Job) {
        let now = self.now();
        if let Some(batch) = job.batch {
            self.block_batch(batch);
            return;
        }
        match self.mode {
            Mode::Async { max_age, .. } => match after_throttle(&job, now, max_age) {
                Some(delay) => {
                    self.metrics.retries += 1;
                    let job = Job {
                        throttles: job.throttles + 1,
                        ..job
                    };
                    self.retry_in(delay, job);
                }
                None => self.give_up(job, Ending::Dropped(None)),
            },
            Mode::Sync | Mode::Stream(_) => self.give_up(job, Ending::Throttled),
        }
    }

    #[cfg_attr(feature = "profile-events", inline(never))]
    #[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
    fn on_init_done(&mut self, slot: Slot, complete: Reserved) {
        let env = self.envs.get(slot);
        if env.job.is_some() {
            // The request's attempt ends at or after its init (`plan_attempt`: the invoke phase
            // follows `ready`), so the wait is never negative and the completion's reserved
            // place is still ahead.
            let wait = env.attempt.end - self.now();
            self.set_state(slot, EnvState::Busy);
            // An init cut at the init limit runs again inside the invoke phase: that completion
            // is seconds away, and would sit in the busy heap under every short one.
            if wait > LONG_WAIT {
                self.queue
                    .schedule_later_reserved_in(wait, complete, Event::Complete { slot });
            } else {
                self.queue
                    .schedule_reserved_in(wait, complete, Event::Complete { slot });
            }
            return;
        }
        if !env.provisioned {
            // A proactive initialization is done: the environment waits for requests, and the
            // loss it replaced explains nothing any more.
            self.causes.replaced(env.id);
            self.become_idle(slot);
            return;
        }
        // A provisioned environment is ready: if it replaced a lost one, the loss is healed.
        self.causes.replaced(env.id);
        if self.provisioned_excess > 0 {
            // Allocated before a scale-down: it is not needed any more.
            self.provisioned_excess -= 1;
            self.terminate(slot, Reclaim::ScaleDown);
        } else {
            self.become_idle(slot);
        }
    }

    #[cfg_attr(feature = "profile-events", inline(never))]
    #[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
    fn on_complete(&mut self, slot: Slot) {
        let now = self.now();
        // The request leaves its environment first (nothing below reads the concurrency
        // count or the environment's job before it moves on).
        let Some((job, env)) = self.envs.end_job(slot) else {
            return;
        };
        let (provisioned, env_id, retire_at) = (env.provisioned, env.id, env.retire_at);
        // The attempt is read in place, and a final outcome recorded now, before the
        // environment moves on (which may free its slot for another). Recording touches only
        // the metrics, the pending count and the sample's random stream, which nothing below
        // reads, so the order changes no result.
        let attempt = &env.attempt;
        self.metrics.billed(attempt, provisioned);
        let failed = attempt.failed(&job);
        let timed_out = attempt.timed_out;
        let after = match (job.batch, &self.mode) {
            (Some(batch), _) => AfterAttempt::Batch(batch, *attempt),
            (
                None,
                &Mode::Async {
                    max_retries,
                    max_age,
                },
            ) if failed => match after_error(&job, now, max_retries, max_age) {
                AsyncNext::RetryIn(delay) => AfterAttempt::Retry(delay),
                AsyncNext::Fail => AfterAttempt::Complete,
                AsyncNext::Drop => AfterAttempt::Drop,
            },
            _ => AfterAttempt::Complete,
        };
        let ran = Ran {
            attempt,
            env_id,
            provisioned,
        };
        // Each ending is built where it is known, so that the metrics' test of it folds away
        // where `settle_inline` is inlined (one call with the ending chosen by a branch cost
        // 0.7 % more instructions natively: docs/benchmarks.md, "Issue 14, twenty-second
        // round: how a request ended, as a type").
        match after {
            AfterAttempt::Complete => {
                let f = job_finished(&job, now, Ending::Completed { ran, failed });
                settle_inline(
                    &mut self.pending,
                    &mut self.metrics,
                    &mut self.rng_sample,
                    f,
                );
            }
            AfterAttempt::Drop => {
                let f = job_finished(&job, now, Ending::Dropped(Some(ran)));
                settle(
                    &mut self.pending,
                    &mut self.metrics,
                    &mut self.rng_sample,
                    f,
                );
            }
            AfterAttempt::Retry(_) | AfterAttempt::Batch(..) => {}
        }
        // The environment: deallocated if a scale-down waits for it, reset after a timeout
        // (a provisioned one is replaced), recycled at its lifetime, otherwise idle.
        if provisioned {
            if self.provisioned_excess > 0 {
                self.provisioned_excess -= 1;
                self.terminate(slot, Reclaim::ScaleDown);
            } else if timed_out {
                self.replace_provisioned(slot, ColdCause::Reset);
            } else {
                self.become_idle(slot);
            }
        } else if timed_out {
            self.terminate(slot, Reclaim::Reset);
            self.causes.reset();
        } else if now >= retire_at {
            self.terminate(slot, Reclaim::Lifetime);
            self.recycled(Expiry::Lifetime);
        } else {
            self.become_idle(slot);
        }
        match after {
            AfterAttempt::Complete | AfterAttempt::Drop => {}
            AfterAttempt::Batch(batch, attempt) => {
                let ran = Ran {
                    attempt: &attempt,
                    env_id,
                    provisioned,
                };
                self.batch_done(batch, job, ran, failed);
            }
            AfterAttempt::Retry(delay) => {
                self.metrics.retries += 1;
                let attempt_no = job.attempts_before() + 1;
                let mut rng = retry_rng(self.scenario.seed, job.id, attempt_no);
                let job = Job {
                    retries: job.retries + 1,
                    handler: Micros::from_ms_f64(self.handler.sample(&mut rng)),
                    fails: draw_failure(&mut rng, self.error_rate),
                    ..job
                };
                self.retry_in(delay, job);
            }
        }
    }

    #[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
    fn retry_in(&mut self, delay: Micros, job: Job) {
        let index = self.waiting.insert(job);
        self.queue.schedule_in(delay, Event::Retry { index });
    }

    /// Records the outcome of a request that ran no attempt (throttled, or given up now): its
    /// ending borrows no attempt, hence `'static` (`Throttled` or `Dropped(None)`).
    #[cfg_attr(target_arch = "wasm32", inline(always))]
    fn give_up(&mut self, job: Job, ending: Ending<'static>) {
        let now = self.now();
        settle(
            &mut self.pending,
            &mut self.metrics,
            &mut self.rng_sample,
            job_finished(&job, now, ending),
        );
    }

    // ----- environments ----------------------------------------------------------------------

    /// Creates an environment; its maximum lifetime (on-demand and provisioned alike) counts
    /// from now.
    #[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
    fn new_env(&mut self, provisioned: bool) -> Slot {
        let now = self.now();
        let retire_at = match &self.lifetime {
            Some(l) => now + Micros::from_secs_f64(l.sample(&mut self.rng_platform)),
            None => Micros::NEVER,
        };
        self.causes.created();
        let slot = self.envs.create(provisioned, retire_at);
        self.envs.get_mut(slot).version = self.version;
        if let Some(lanes) = &mut self.lanes {
            lanes.created(self.envs.get(slot).id, provisioned, now);
        }
        slot
    }

    /// Records the start phases of an environment initialised off the request path.
    #[cfg_attr(target_arch = "wasm32", inline(always))]
    fn record_start(&mut self, slot: Slot, microvm: Micros, ip: &InitPhases, proactive: bool) {
        if let Some(lanes) = &mut self.lanes {
            let id = self.envs.get(slot).id;
            let phases = Phases {
                microvm,
                code_fetch: ip.code_fetch,
                bootstrap: ip.bootstrap,
                init: ip.init,
                handler: Micros::ZERO,
            };
            lanes.phases(id, phases);
            if proactive {
                lanes.proactive(id);
            }
        }
    }

    /// Moves an environment to `Busy` or `Idle`, recording the spell in its lane.
    #[inline(always)]
    fn set_state(&mut self, slot: Slot, state: EnvState) {
        self.envs.set_state(slot, state);
        let (id, now) = (self.envs.get(slot).id, self.queue.now());
        self.spell(id, state == EnvState::Busy, now);
    }

    /// Records in an environment's lane (when lanes are recorded) that it turned busy or idle:
    /// for [`Simulation::set_state`] and the warm path's one-look-up transitions alike.
    #[inline(always)]
    fn spell(&mut self, env_id: u32, busy: bool, now: Micros) {
        if let Some(lanes) = &mut self.lanes {
            lanes.spell(env_id, busy, now);
        }
    }

    /// Ends an environment for `why`, recording it in its lane.
    #[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
    fn terminate(&mut self, slot: Slot, why: Reclaim) {
        if let Some(lanes) = &mut self.lanes {
            let now = self.queue.now();
            lanes.ended(self.envs.get(slot).id, why, now);
        }
        self.envs.set_state(slot, EnvState::Terminated);
    }

    /// Allocates one provisioned environment now: it initialises (microVM, code fetch,
    /// bootstrap, init — with no 10 s limit, as AWS gives provisioned init none) and becomes
    /// idle when ready. No request waits for it, so it is never a request's cold start.
    fn allocate_provisioned(&mut self) -> Slot {
        let now = self.now();
        let slot = self.new_env(true);
        let microvm = Micros::from_ms_f64(self.microvm.sample(&mut self.rng_platform));
        let ip = self.init_model.cold_start(now, &mut self.rng_init);
        let ready = microvm + ip.code_fetch + ip.bootstrap + ip.init;
        self.record_start(slot, microvm, &ip, false);
        self.keep_past_ready(slot, now + ready);
        // No request waits for this init: its completion's place goes unused.
        let complete = self.queue.reserve();
        self.queue
            .schedule_later_in(ready, Event::InitDone { slot, complete });
        slot
    }

    /// An on-demand environment went for `why`. At its lifetime, with proactive initialization on,
    /// the platform may start its replacement now, off the request path; otherwise the loss
    /// explains a later cold start.
    #[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
    fn recycled(&mut self, why: Expiry) {
        let proactive = match (why, self.scenario.platform.proactive_init) {
            (Expiry::Lifetime, Some(p)) => {
                p.share > 0.0 && self.rng_platform.random::<f64>() < p.share
            }
            _ => false,
        };
        if !proactive {
            self.causes.reclaimed(why);
            return;
        }
        let now = self.now();
        let slot = self.new_env(false);
        let microvm = Micros::from_ms_f64(self.microvm.sample(&mut self.rng_platform));
        let ip = self.init_model.cold_start(now, &mut self.rng_init);
        let ready = microvm + ip.code_fetch + ip.bootstrap + ip.init;
        self.record_start(slot, microvm, &ip, true);
        self.metrics.proactive_inits += 1;
        // Until it is ready, a request that needs it is cold because of the recycling.
        let id = self.envs.get(slot).id;
        self.causes.replacing(id, why.cause());
        // No request waits for this init: its completion's place goes unused.
        let complete = self.queue.reserve();
        self.queue
            .schedule_later_in(ready, Event::InitDone { slot, complete });
    }

    /// A provisioned environment is recycled no earlier than one microsecond after it is ready.
    /// Without this, a lifetime shorter than the init would replace it again the moment it is
    /// ready — with a zero init, forever at one instant — since nothing but its own timer
    /// drives a provisioned environment's recycling.
    fn keep_past_ready(&mut self, slot: Slot, ready_at: Micros) {
        let env = self.envs.get_mut(slot);
        env.retire_at = env.retire_at.max(ready_at + Micros(1));
    }

    /// A provisioned environment was reset (`cause` = `Reset`) or reached its lifetime
    /// (`LifetimeExpired`) and is not serving a request: it goes, and a fresh one starts
    /// initialising in its place, so the configured count holds as on AWS — unless a scale-down
    /// is waiting to remove one, which this loss then completes. Until the replacement is ready,
    /// requests that find every provisioned environment busy spill over to on-demand ones.
    fn replace_provisioned(&mut self, slot: Slot, cause: ColdCause) {
        self.terminate(slot, reclaim_of(cause));
        if self.provisioned_excess > 0 {
            self.provisioned_excess -= 1;
            return;
        }
        let replacement = self.allocate_provisioned();
        let id = self.envs.get(replacement).id;
        self.causes.replacing(id, cause);
    }

    /// Puts an environment in the idle pool, with its expiry check if it can expire. A
    /// provisioned one past its lifetime is recycled instead (it goes idle only once its
    /// request is done, so recycling never interrupts a request).
    #[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
    fn become_idle(&mut self, slot: Slot) {
        let now = self.now();
        let env = self.envs.get(slot);
        let (version, provisioned) = (env.version, env.provisioned);
        if version != self.version {
            // Retired by a deploy while it was busy or initialising: it is never reused.
            if provisioned {
                self.replace_provisioned(slot, ColdCause::Deploy);
            } else {
                self.terminate(slot, Reclaim::Deploy);
                self.causes.deployed();
            }
            return;
        }
        if provisioned {
            let retire_at = self.envs.get(slot).retire_at;
            if now >= retire_at {
                self.replace_provisioned(slot, ColdCause::LifetimeExpired);
                return;
            }
            self.set_state(slot, EnvState::Idle);
            self.idle_provisioned.push(&self.envs, slot);
            // Provisioned environments are never reclaimed for idling: only the lifetime.
            self.arm_idle_check(slot, retire_at, Expiry::Lifetime);
            return;
        }
        // An on-demand environment going idle: the state, its pool entry and its idle check
        // from one look-up of the slot (the lane after it: it reads no environment).
        let env = self.envs.rest(slot);
        let (env_id, generation, retire_at) = (env.id, env.generation, env.retire_at);
        self.idle_on_demand.push_idle(slot, env_id, generation);
        let keep = match &self.keep_alive {
            None => None,
            Some(KeepAlive::Fixed(keep)) => Some(*keep),
            Some(KeepAlive::Drawn(k)) => Some(Micros::from_secs_f64(
                k.sample_inline(&mut self.rng_platform),
            )),
        };
        let (deadline, why) = idle_deadline(now, keep, retire_at);
        arm_idle_check(&mut self.queue, env, slot, deadline, why);
        self.spell(env_id, false, now);
    }

    /// Records an idle environment's deadline and makes sure a check runs at it.
    #[inline]
    fn arm_idle_check(&mut self, slot: Slot, deadline: Micros, why: Expiry) {
        arm_idle_check(
            &mut self.queue,
            self.envs.get_mut(slot),
            slot,
            deadline,
            why,
        );
    }

    #[cfg_attr(feature = "profile-events", inline(never))]
    #[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
    fn on_idle_check(&mut self, slot: Slot, env_id: u32) {
        let now = self.now();
        let env = self.envs.get_mut(slot);
        if env.id != env_id || env.check_at != Some(now) {
            return; // stale: the slot was reused or a newer check replaced this one
        }
        env.check_at = None;
        if env.state != EnvState::Idle {
            return; // busy again: it arms a new check when it next goes idle
        }
        if now >= env.idle_deadline {
            let why = env.idle_expiry;
            if env.provisioned {
                self.idle_provisioned.forget(&self.envs, slot);
                self.replace_provisioned(slot, why.cause());
                return;
            }
            self.idle_on_demand.forget(&self.envs, slot);
            self.terminate(slot, why.reclaim());
            self.recycled(why);
        } else {
            let deadline = env.idle_deadline;
            env.check_at = Some(deadline);
            self.queue
                .schedule_later_in(deadline - now, Event::IdleCheck { slot, env_id });
        }
    }

    /// A scheduled change of the provisioned count. Scaling up first cancels removals still
    /// pending, then allocates the rest. Scaling down deallocates idle environments at once;
    /// busy or initialising ones are counted in `provisioned_excess` and go when they next
    /// finish, so a scale-down never interrupts a request.
    #[cfg_attr(feature = "profile-events", inline(never))]
    fn on_provisioned_change(&mut self, count: u32) {
        let target_before = self.provisioned_target;
        self.provisioned_target = count;
        if count >= target_before {
            let cancel = self.provisioned_excess.min(count - target_before);
            self.provisioned_excess -= cancel;
            let needed = count.saturating_sub(self.provisioned_kept());
            for _ in 0..needed {
                self.allocate_provisioned();
            }
        } else {
            let mut remove = self.provisioned_kept().saturating_sub(count);
            while remove > 0 {
                let Some(slot) = self
                    .idle_provisioned
                    .take(&self.envs, &mut self.rng_platform)
                else {
                    break;
                };
                self.terminate(slot, Reclaim::ScaleDown);
                remove -= 1;
            }
            self.provisioned_excess += remove;
        }
    }

    /// A new version goes live. Idle environments of older versions go now (a provisioned one is
    /// replaced by one of the new version, which initialises); busy and initialising ones finish
    /// their request and then go (see `become_idle`). Every environment retired this way
    /// explains one later cold start (cause `deploy`). The init model's caches learn of the new
    /// version: an image's changed chunks and a SnapStart snapshot are cold.
    #[cfg_attr(feature = "profile-events", inline(never))]
    fn on_deploy(&mut self, index: u32) {
        let now = self.now();
        self.version += 1;
        self.deploys_at.push(now);
        let changed = self.scenario.deploys[index as usize].image_changed_fraction;
        self.init_model.deploy(now, changed);
        for slot in self.envs.live_slots() {
            let env = self.envs.get(slot);
            if env.state != EnvState::Idle {
                continue;
            }
            if env.provisioned {
                self.idle_provisioned.forget(&self.envs, slot);
                self.replace_provisioned(slot, ColdCause::Deploy);
            } else {
                self.idle_on_demand.forget(&self.envs, slot);
                self.terminate(slot, Reclaim::Deploy);
                self.causes.deployed();
            }
        }
    }

    /// Provisioned environments alive that no pending scale-down will remove.
    fn provisioned_kept(&self) -> u32 {
        let alive = self.envs.counts().provisioned;
        alive - self.provisioned_excess.min(alive)
    }

    // ----- streams ---------------------------------------------------------------------------
    //
    // The rules are `invocation::stream`'s; these handlers run what they decide. Polls and
    // batches exist only in a stream run, so each handler starts from `Mode::Stream`.

    #[cfg_attr(feature = "profile-events", inline(never))]
    #[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
    fn on_poll(&mut self, shard: u32) {
        let now = self.now();
        if let Mode::Stream(streams) = &mut self.mode {
            streams.polled(shard);
        }
        self.dispatch_shard(shard);
        if let Mode::Stream(streams) = &mut self.mode
            && let Some(delay) = streams.poll_again(shard, now)
        {
            self.queue.schedule_in(delay, Event::Poll { shard });
        }
    }

    /// Starts what the shard allows now: the oldest blocked batch again, or new batches.
    #[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
    fn dispatch_shard(&mut self, shard: u32) {
        let now = self.now();
        loop {
            let Mode::Stream(streams) = &mut self.mode else {
                return;
            };
            match streams.next_step(shard, now) {
                ShardStep::Wait => return,
                ShardStep::Expired(b) => self.drop_batch(b),
                ShardStep::Retry { batch, attempt } => {
                    // Retry the blocked batch with fresh draws for this attempt.
                    let mut job = streams.job(batch);
                    let mut rng = retry_rng(self.scenario.seed, job.id, attempt);
                    job.fails = draw_failure(&mut rng, self.error_rate);
                    job.retries = attempt;
                    self.metrics.retries += 1;
                    self.try_job(job);
                    return;
                }
                ShardStep::Start(b) => {
                    let job = streams.job(b);
                    if !self.try_job(job) {
                        // A throttled new batch waits for the next poll like any blocked one.
                        return;
                    }
                }
            }
        }
    }

    /// A batch was throttled or failed: it blocks its shard until the next poll retries it.
    #[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
    fn block_batch(&mut self, b: u32) {
        let now = self.now();
        if let Mode::Stream(streams) = &mut self.mode
            && let Some((shard, delay)) = streams.block(b, now)
        {
            self.queue.schedule_in(delay, Event::Poll { shard });
        }
    }

    /// A batch ended: a failed one blocks its shard, a successful one settles its records and
    /// lets the shard start the next batch at once (no wait for a poll).
    fn batch_done(&mut self, b: u32, job: Job, ran: Ran<'_>, failed: bool) {
        if failed {
            self.block_batch(b);
            return;
        }
        let ending = Ending::Completed { ran, failed: false };
        if let Some(shard) = self.settle_batch(b, ending, Some(job.retries)) {
            self.dispatch_shard(shard);
        }
    }

    /// A blocked batch outlived the record retention: its records are lost.
    fn drop_batch(&mut self, b: u32) {
        self.settle_batch(b, Ending::Dropped(None), None);
    }

    /// Gives every record of batch `b` the batch's ending, with `retries` (the batch's
    /// attempts if `None`), and frees the batch. Returns the batch's shard.
    #[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
    fn settle_batch(&mut self, b: u32, ending: Ending<'_>, retries: Option<u32>) -> Option<u32> {
        let now = self.now();
        let Mode::Stream(streams) = &mut self.mode else {
            return None;
        };
        let retries = retries.unwrap_or(streams.attempts(b));
        for r in streams.records(b) {
            settle(
                &mut self.pending,
                &mut self.metrics,
                &mut self.rng_sample,
                Finished {
                    id: r.id,
                    arrival: r.arrival,
                    end: now,
                    ending,
                    retries,
                },
            );
        }
        let shard = streams.shard_of_batch(b);
        streams.release(b);
        Some(shard)
    }

    // ----- report ----------------------------------------------------------------------------

    /// The report of what has been simulated so far (complete once the run is finished).
    pub fn report(&self) -> Report {
        let lanes =
            (self.lanes.as_ref()).map(|lanes| lanes.report(self.envs.created(), self.now()));
        self.report_with(self.metrics.samples.clone(), lanes)
    }

    /// [`Simulation::report`] around the request sample and the lanes given: the report's
    /// samples are `samples` put in request order.
    fn report_with(
        &self,
        mut samples: Vec<RequestRecord>,
        lanes: Option<EnvironmentLanes>,
    ) -> Report {
        crate::rank::by_key(&mut samples, |r| crate::rank::Key::ascending_u64(r.id));
        let m = &self.metrics;
        let g = m.window_areas();
        let (all, warm) = m.latencies();
        // At least 1 µs, so a zero-length run reports zero means, not NaN.
        let span = (self.horizon.0 as f64).max(1.0);
        let mean = |area: u128| area as f64 / span;
        let usage = cost::Usage {
            requests: m.invocations,
            on_demand_us: m.billed.on_demand_us,
            provisioned_us: m.billed.provisioned_us,
            // SnapStart excludes provisioned concurrency: every cold start is a restore.
            restores: if self.scenario.snapstart.is_some() {
                m.cold_by_cause.total()
            } else {
                0
            },
        };
        let metrics::Outcomes {
            ok,
            error: errors,
            throttled: throttled_final,
            dropped: dropped_final,
        } = m.outcomes;
        let started = m.invocations;
        let cold = m.cold_by_cause.total();
        Report {
            name: self.scenario.name.clone(),
            seed: self.scenario.seed,
            requests: m.requests,
            completed: ok + errors,
            cold_starts: cold,
            cold_start_ratio: if started == 0 {
                0.0
            } else {
                cold as f64 / started as f64
            },
            cold_by_cause: m.cold_by_cause.clone(),
            throttled: m.throttles.iter().sum(),
            dropped: throttled_final + dropped_final,
            errors,
            retries: m.retries,
            latency_ms: Latencies {
                all: metrics::summarise(&all),
                cold: metrics::summarise(&m.cold),
                warm: metrics::summarise(&warm),
            },
            phases_ms: PhaseSummaries {
                microvm: metrics::summarise(&m.phases[ColdStartPhase::Microvm]),
                code_fetch: metrics::summarise(&m.phases[ColdStartPhase::CodeFetch]),
                bootstrap: metrics::summarise(&m.phases[ColdStartPhase::Bootstrap]),
                init: metrics::summarise(&m.phases[ColdStartPhase::Init]),
                handler: metrics::summarise(&m.phases[ColdStartPhase::Handler]),
            },
            environments: Environments {
                created: u64::from(self.envs.created()),
                mean_total: mean(g.total()),
                mean_busy: mean(g.busy),
                mean_idle: mean(g.idle),
                mean_provisioned: mean(g.provisioned),
                peak_concurrency: m.peak_concurrency,
            },
            cost_usd: cost::cost(&self.scenario, &usage, self.horizon),
            timeseries: self.timeseries(),
            stream: match &self.mode {
                Mode::Stream(streams) => Some(streams.stats()),
                Mode::Sync | Mode::Async { .. } => None,
            },
            latency_cdf: metrics::cdf(&all),
            cold_latency_cdf: metrics::cdf(&m.cold),
            samples,
            end: self.now(),
            events: self.events,
            invocations: m.invocations,
            timeouts: m.timeouts,
            init_retried: m.init_retried,
            provisioned_spillovers: m.spillovers,
            throttled_by_reason: crate::report::ThrottleCounts {
                account_concurrency: m.throttles[ThrottleReason::AccountConcurrency as usize],
                reserved_concurrency: m.throttles[ThrottleReason::ReservedConcurrency as usize],
                scaling_rate: m.throttles[ThrottleReason::ScalingRate as usize],
                invocation_rate: m.throttles[ThrottleReason::InvocationRate as usize],
            },
            cold_anatomy: metrics::cold_anatomy(&m.cold, &m.cold_splits),
            latency_by_invocation: metrics::latency_by_invocation(&m.by_invocation),
            warmup_curve: metrics::warmup_curve(&m.warmup_bins),
            deploys_s: self.deploys_at.iter().map(|t| t.as_secs_f64()).collect(),
            proactive_inits: m.proactive_inits,
            environment_lanes: lanes,
            deploy_steps: Some(crate::upload::deploy_steps(&self.scenario)),
        }
    }

    /// The per-bucket series: counts as they are, environment counts as time averages over
    /// each bucket, latency ranges in milliseconds.
    fn timeseries(&self) -> TimeSeries {
        let m = &self.metrics;
        // The areas' own width, exact, not `bucket_s × 10^6`: that product is off in its last
        // bit for many widths (4.1 s gives 4,099,999.9999999995), and far off when `bucket_s`
        // is not a whole number of microseconds (1.5 µs buckets are integrated over 2 µs).
        let bucket_us = m.bucket_width().0 as f64;
        // The last bucket may be partial: the window's end, or the drain's.
        let series_end = m.series_end().0 as f64;
        let bucket_mean = |area: u128, i: usize| {
            let start = i as f64 * bucket_us;
            let width = (series_end - start).min(bucket_us).max(1.0);
            area as f64 / width
        };
        let to_ms = |r: Option<(u64, u64)>| r.map(|(a, b)| (a as f64 / 1e3, b as f64 / 1e3));
        TimeSeries {
            // The same value as `output.bucket_s` when it is a whole number of microseconds
            // written with at most six decimals (the nearest double to n / 10^6 either way).
            bucket_s: m.bucket_width().as_secs_f64(),
            arrivals: m.bucket_arrivals().collect(),
            cold_starts: m.buckets.iter().map(|b| b.cold_starts).collect(),
            throttles: m.buckets.iter().map(|b| b.throttles).collect(),
            busy: (m.buckets.iter().enumerate())
                .map(|(i, b)| bucket_mean(b.busy_area, i))
                .collect(),
            idle: (m.buckets.iter().enumerate())
                .map(|(i, b)| bucket_mean(b.idle_area, i))
                .collect(),
            provisioned: (m.buckets.iter().enumerate())
                .map(|(i, b)| bucket_mean(b.provisioned_area, i))
                .collect(),
            peak_busy: m.buckets.iter().map(|b| b.peak_busy).collect(),
            peak_total: m.buckets.iter().map(|b| b.peak_total).collect(),
            concurrency_limit: vec![self.cap.limit; m.buckets.len()],
            warm_latency_ms: m.buckets.iter().map(|b| to_ms(b.warm.get())).collect(),
            cold_latency_ms: m.buckets.iter().map(|b| to_ms(b.cold.get())).collect(),
        }
    }

    // ----- request stream --------------------------------------------------------------------

    /// Turns the request stream on or off. While on, the record of every request (or stream
    /// record) that reaches its outcome is kept until [`Simulation::drain_finished`] hands it
    /// over, so a caller sees every request, not a sample.
    ///
    /// This is a choice of the caller, not a scenario field: only a caller that drains can
    /// keep memory bounded, and [`crate::run`] never drains. Turn it on before the first step to
    /// see every request; turning it off stops collecting but keeps what is not drained yet.
    /// The stream does not touch any random stream, so the report is the same either way.
    pub fn stream_requests(&mut self, on: bool) {
        self.metrics.keep_all = on;
    }

    /// Hands over, in the order they finished, the records of the requests finished since the
    /// last call (none if the stream is off).
    ///
    /// Memory grows only between two drains: a caller that drains after each
    /// [`Simulation::run_events`] or [`Simulation::step_until`] slice holds at most one slice's
    /// requests (the buffer keeps the capacity of the largest slice). Records dropped from the
    /// iterator before it is exhausted are gone, as with [`Vec::drain`].
    pub fn drain_finished(&mut self) -> impl Iterator<Item = RequestRecord> + '_ {
        self.metrics.finished.drain(..)
    }

    /// Consumes the simulation into its report: the same as [`Simulation::report`], with the
    /// request sample and the lanes moved into it rather than copied (a 20,000-record sample
    /// is ~2 MB).
    pub fn into_report(mut self) -> Report {
        let samples = std::mem::take(&mut self.metrics.samples);
        let (created, now) = (self.envs.created(), self.now());
        let lanes = (self.lanes.take()).map(|lanes| lanes.into_report(created, now));
        self.report_with(samples, lanes)
    }

    /// Live environment counts (for animations and tests).
    pub fn counts(&self) -> crate::Counts {
        self.envs.counts()
    }

    /// The state of the environment with creation number `env_id`: its live state, or
    /// `Terminated` once gone; `None` if no such environment was created yet.
    pub fn environment(&self, env_id: u32) -> Option<EnvState> {
        if env_id >= self.envs.created() {
            return None;
        }
        Some(
            self.envs
                .live()
                .find(|e| e.id == env_id)
                .map_or(EnvState::Terminated, |e| e.state),
        )
    }

    /// Live environments as (creation number, state, provisioned), for animations.
    pub fn environments(&self) -> impl Iterator<Item = (u32, EnvState, bool)> + '_ {
        self.envs.live().map(|e| (e.id, e.state, e.provisioned))
    }

    /// Slots in the environment table (bounded by peak live environments).
    pub fn env_slots(&self) -> usize {
        self.envs.slots()
    }

    /// Events waiting in the queue (a cold start's completion joins it when the init is done).
    pub fn queued(&self) -> usize {
        self.queue.len()
    }
}

/// Why a provisioned environment replaced for `cause` went.
fn reclaim_of(cause: ColdCause) -> Reclaim {
    match cause {
        ColdCause::Reset => Reclaim::Reset,
        ColdCause::Deploy => Reclaim::Deploy,
        ColdCause::KeepAliveExpired => Reclaim::KeepAlive,
        ColdCause::First | ColdCause::ScaleOut | ColdCause::LifetimeExpired => Reclaim::Lifetime,
    }
}

/// A request's record at its end. A free function, not a method: `on_complete` settles while
/// it still reads the attempt in place in the environment table.
#[cfg_attr(target_arch = "wasm32", inline(always))]
fn job_finished<'a>(job: &Job, end: Micros, ending: Ending<'a>) -> Finished<'a> {
    Finished {
        id: job.id,
        arrival: job.arrival,
        end,
        ending,
        retries: job.attempts_before(),
    }
}

/// Records the outcome of one request or stream record: it is no longer pending. A function
/// of the fields it touches, so a stream batch can settle its records while it holds them.
#[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
fn settle(pending: &mut u64, metrics: &mut Metrics, rng_sample: &mut SimRng, f: Finished<'_>) {
    *pending = pending.saturating_sub(1);
    metrics.finish(f, rng_sample);
}

/// [`settle`], inlined where nearly every request settles (a completion): the call passed the
/// record through memory and saved and restored registers around every request. Its one
/// difference, the plain decrement, is below; `settle` keeps the saturating one for what it
/// settles off the per-request path: refused requests, stream records, and async events
/// dropped after a failed attempt.
#[inline(always)]
fn settle_inline(
    pending: &mut u64,
    metrics: &mut Metrics,
    rng_sample: &mut SimRng,
    f: Finished<'_>,
) {
    // A completed request arrived (`on_arrival` counted it), so it is pending: the plain
    // decrement, where the saturating one cost a compare and an add with carry a request.
    *pending -= 1;
    metrics.finish_inline(f, rng_sample);
}
