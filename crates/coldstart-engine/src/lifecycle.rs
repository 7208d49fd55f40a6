//! Execution environments: their states, deadlines, counts, and why they went away.
//!
//! Environments live in a slot table whose slots are reused after termination, so memory is
//! bounded by the peak number of live environments, not by how many were ever created. Every
//! environment also carries a generation number that changes whenever it leaves the idle pool;
//! pools and timers holding an old generation know their entry is stale (lazy deletion).

use crate::invocation::Attempt;
use crate::invocation::Job;
use crate::report::{ColdCause, Reclaim};
use crate::slots::SlotTable;
use crate::time::Micros;

/// Index of an environment in the slot table (reused after termination).
pub type Slot = u32;

/// Where an environment is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvState {
    /// Being created: placement and microVM start, code fetch, runtime bootstrap, function init.
    Initializing,
    /// Running a request's handler (or an init retried inside the invoke phase).
    Busy,
    /// Warm and waiting for a request, until its keep-alive or lifetime deadline.
    Idle,
    /// Gone (reclaimed, recycled, reset or deallocated); its slot may be reused.
    Terminated,
}

/// Why an idle environment will be, or was, taken away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// Idle for its whole keep-alive window.
    KeepAlive,
    /// Reached its maximum lifetime.
    Lifetime,
}

impl Expiry {
    /// The cold-start cause a later request pays because of this expiry.
    pub fn cause(self) -> ColdCause {
        match self {
            Expiry::KeepAlive => ColdCause::KeepAliveExpired,
            Expiry::Lifetime => ColdCause::LifetimeExpired,
        }
    }

    /// Why the environment went, as its lane says.
    pub fn reclaim(self) -> Reclaim {
        match self {
            Expiry::KeepAlive => Reclaim::KeepAlive,
            Expiry::Lifetime => Reclaim::Lifetime,
        }
    }
}

/// One execution environment.
#[derive(Debug, Clone)]
pub struct Env {
    /// Creation number, unique over the run (reported as the environment id).
    pub id: u32,
    /// Current state.
    pub state: EnvState,
    /// Provisioned (pre-initialised; never reclaimed for idling, replaced by a fresh one when
    /// reset or recycled) or on-demand.
    pub provisioned: bool,
    /// Changes every time the environment leaves `Idle`; stale pool entries carry an older one.
    pub generation: u32,
    /// Replaced once idle at or after this time (max lifetime); `Micros::NEVER` = never.
    pub retire_at: Micros,
    /// Reclaimed if still idle at this time.
    pub idle_deadline: Micros,
    /// Which deadline `idle_deadline` is.
    pub idle_expiry: Expiry,
    /// Time of the one authoritative pending [`crate::engine::Event::IdleCheck`], if any.
    pub check_at: Option<Micros>,
    /// The request being served.
    pub job: Option<Job>,
    /// The plan of the attempt being served (meaningful while `job` is `Some`). Apart from
    /// `job` so that each is copied in with plain moves, not a `memcpy` call of both, and read
    /// in place at completion.
    pub attempt: Attempt,
    /// Invocations started on it so far (its warm-up position).
    pub invocations: u32,
    /// The version of the function it runs (0 before any deploy).
    pub version: u32,
}

impl Env {
    /// Counts one more invocation started on it and returns its index, from 1 (saturating: an
    /// index past `u32::MAX` stays there, in the last warm-up bin).
    #[inline(always)]
    pub fn count_invocation(&mut self) -> u32 {
        self.invocations = self.invocations.saturating_add(1);
        self.invocations
    }
}

/// Counts of environments by state, kept up to date on every transition (the gauges read them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Initialising or busy.
    pub busy: u32,
    /// Idle.
    pub idle: u32,
    /// Provisioned environments alive (any state).
    pub provisioned: u32,
    /// Environments serving a request: the concurrency that limits apply to.
    pub serving: u32,
}

impl Counts {
    /// All live environments.
    pub fn total(&self) -> u32 {
        self.busy + self.idle
    }
    /// On-demand environments alive (any state), for users of `Simulation::counts`: derived,
    /// not a fifth count kept up to date at every creation and end (`Counts` is copied at every
    /// event).
    pub fn on_demand(&self) -> u32 {
        self.total() - self.provisioned
    }
}

/// The slot table of environments.
#[derive(Debug, Default)]
pub struct EnvTable {
    envs: SlotTable<Env>,
    created: u32,
    counts: Counts,
    /// Environments to make room for the first time the table must grow past `ROOM_AFTER`
    /// slots (0: done, or none).
    room: usize,
}

/// Slots a table fills by doubling before it makes its [`EnvTable::with_room`] room: below it
/// a run's table stays as small as its use, above it a burst is under way. Each doubling
/// copied the whole table (192 bytes an environment): on ml-image-10gb's spike, nine of them,
/// ≈ 0.15 M instructions a run (docs/benchmarks.md, "Issue 14, fifteenth round: engine").
pub const ROOM_AFTER: usize = 64;

impl EnvTable {
    /// An empty table that, once a burst has filled [`ROOM_AFTER`] slots, makes room for
    /// `room` environments at once (the most the concurrency cap lets serve, as the caller
    /// computes it) instead of doubling its way there.
    pub fn with_room(room: usize) -> Self {
        EnvTable {
            room,
            ..EnvTable::default()
        }
    }
    /// The environment in `slot`.
    pub fn get(&self, slot: Slot) -> &Env {
        &self.envs[slot]
    }
    /// Mutable access for fields other than `state` (use [`EnvTable::set_state`] for that).
    pub fn get_mut(&mut self, slot: Slot) -> &mut Env {
        &mut self.envs[slot]
    }
    /// Live counts.
    pub fn counts(&self) -> Counts {
        self.counts
    }
    /// Environments created so far.
    pub fn created(&self) -> u32 {
        self.created
    }
    /// Live environments (any state but `Terminated`), in slot order.
    pub fn live(&self) -> impl Iterator<Item = &Env> {
        (self.envs.iter())
            .map(|(_, e)| e)
            .filter(|e| e.state != EnvState::Terminated)
    }
    /// Slots of the live environments, in slot order.
    pub fn live_slots(&self) -> Vec<Slot> {
        (self.envs.iter())
            .filter(|(_, e)| e.state != EnvState::Terminated)
            .map(|(i, _)| i)
            .collect()
    }
    /// Size of the slot table (for tests of bounded memory).
    pub fn slots(&self) -> usize {
        self.envs.len()
    }

    /// Creates an environment in `Initializing`, reusing a free slot when there is one.
    pub fn create(&mut self, provisioned: bool, retire_at: Micros) -> Slot {
        let env = Env {
            id: self.created,
            state: EnvState::Initializing,
            provisioned,
            generation: 0,
            retire_at,
            idle_deadline: Micros::NEVER,
            idle_expiry: Expiry::KeepAlive,
            check_at: None,
            job: None,
            attempt: Attempt::default(),
            invocations: 0,
            version: 0,
        };
        self.created = self.created.saturating_add(1);
        self.counts.busy += 1;
        if provisioned {
            self.counts.provisioned += 1;
        }
        if self.room > 0 && self.envs.len() >= ROOM_AFTER && !self.envs.has_free() {
            self.envs.reserve_total(self.room);
            self.room = 0;
        }
        let (slot, occupant, reused) = self.envs.claim(|| env.clone());
        if reused {
            // The generation outlives its occupants: a reused slot's next one counts on.
            let generation = occupant.generation.wrapping_add(1);
            *occupant = Env { generation, ..env };
        }
        slot
    }

    /// Moves an environment to `state`, keeping the counts right.
    #[inline(always)]
    pub fn set_state(&mut self, slot: Slot, state: EnvState) {
        let env = &mut self.envs[slot];
        let old = env.state;
        if old == state {
            return;
        }
        match old {
            EnvState::Initializing | EnvState::Busy => self.counts.busy -= 1,
            EnvState::Idle => {
                self.counts.idle -= 1;
                env.generation = env.generation.wrapping_add(1);
            }
            EnvState::Terminated => {}
        }
        match state {
            EnvState::Initializing | EnvState::Busy => self.counts.busy += 1,
            EnvState::Idle => self.counts.idle += 1,
            EnvState::Terminated => {
                if env.provisioned {
                    self.counts.provisioned -= 1;
                }
                env.check_at = None;
                env.job = None;
            }
        }
        env.state = state;
        if state == EnvState::Terminated {
            self.envs.release(slot);
        }
    }

    /// An idle environment taken for a request: `Idle` → `Busy` (the transition
    /// [`EnvTable::set_state`] makes, known here in advance), one more invocation counted, and
    /// the request attached with the attempt `plan` makes for that invocation's index (from 1),
    /// which is returned with the environment.
    ///
    /// What a warm start did in four look-ups of the slot, and a dispatch on the old state, in
    /// one.
    #[inline(always)]
    pub fn start_warm(
        &mut self,
        slot: Slot,
        job: Job,
        plan: impl FnOnce(u32) -> Attempt,
    ) -> (Attempt, &Env) {
        let env = &mut self.envs[slot];
        debug_assert_eq!(
            env.state,
            EnvState::Idle,
            "a warm start takes an idle environment"
        );
        env.state = EnvState::Busy;
        env.generation = env.generation.wrapping_add(1);
        self.counts.idle -= 1;
        self.counts.busy += 1;
        let invocation = env.count_invocation();
        let mut attempt = plan(invocation);
        attempt.invocation = invocation;
        env.job = Some(job);
        env.attempt = attempt;
        self.counts.serving += 1;
        (attempt, env)
    }

    /// A busy or initialising environment goes idle: the transition [`EnvTable::set_state`]
    /// makes, known here in advance (a debug assertion checks the old state), in the look-up
    /// that also returns the environment.
    #[inline(always)]
    pub fn rest(&mut self, slot: Slot) -> &mut Env {
        let env = &mut self.envs[slot];
        debug_assert!(
            matches!(env.state, EnvState::Busy | EnvState::Initializing),
            "only a busy or initialising environment goes idle"
        );
        env.state = EnvState::Idle;
        self.counts.busy -= 1;
        self.counts.idle += 1;
        env
    }

    /// Attaches a request to an environment (it now counts against concurrency).
    #[inline]
    pub fn begin_serving(&mut self, slot: Slot, job: Job, attempt: &Attempt) {
        let env = &mut self.envs[slot];
        env.job = Some(job);
        env.attempt = *attempt;
        self.counts.serving += 1;
    }

    /// A request's attempt ended: detaches the request (it no longer counts against
    /// concurrency) and returns it with its environment, whose `attempt` is read in place, in
    /// one look-up (a second one, bounds-checked, after the completion's records cost ≈ 8
    /// instructions a request). `None` if the environment served none.
    #[inline(always)]
    pub fn end_job(&mut self, slot: Slot) -> Option<(Job, &Env)> {
        let env = &mut self.envs[slot];
        let job = env.job.take()?;
        self.counts.serving -= 1;
        Some((job, env))
    }
}

/// The idle deadline of an environment going idle at `now`: the earlier of its keep-alive
/// window (`None` = kept forever) and its retirement time.
pub fn idle_deadline(
    now: Micros,
    keep_alive: Option<Micros>,
    retire_at: Micros,
) -> (Micros, Expiry) {
    let kept = keep_alive.map_or(Micros::NEVER, |k| now + k);
    if retire_at <= kept {
        (retire_at, Expiry::Lifetime)
    } else {
        (kept, Expiry::KeepAlive)
    }
}

/// Cold-start cause bookkeeping.
///
/// A request that finds no idle environment is cold. Its cause is:
/// - `First` if no environment was ever created for the function;
/// - else `KeepAliveExpired` / `LifetimeExpired` / `Reset` if an environment was reclaimed,
///   replaced or reset for that reason and no cold start has "used up" that loss yet — had it
///   not gone, it would be idle now and this request would have been warm (the most recent loss
///   is used first);
/// - else `ScaleOut`: every environment that exists or would exist was busy.
///
/// A reset is AWS's response to a function timeout (or a runtime crash): the environment is
/// torn down and the next request to need it initialises again. Counting that as scale-out would
/// blame concurrency for what is a function failure.
///
/// A provisioned environment that is reset or recycled is replaced by the platform itself, so
/// its loss is temporary: it explains a cold start only while the replacement initialises (a
/// request spilling over then would have found the lost environment, since provisioned ones are
/// taken first), and it is healed, not remembered, once the replacement is ready. Those losses
/// are used before the on-demand ones for that reason.
#[derive(Debug, Default)]
pub struct ColdCauses {
    ever_created: bool,
    lost: std::collections::VecDeque<ColdCause>,
    /// Losses of provisioned environments whose replacement (by creation number) is still
    /// initialising and that no cold start has used yet. At most one per provisioned environment.
    replacing: Vec<(u32, ColdCause)>,
}

impl ColdCauses {
    /// An environment (of any kind) was created.
    pub fn created(&mut self) {
        self.ever_created = true;
    }
    /// An idle on-demand environment was reclaimed.
    pub fn reclaimed(&mut self, why: Expiry) {
        self.lost(why.cause());
    }
    /// An environment was reset after a timeout or crash.
    pub fn reset(&mut self) {
        self.lost(ColdCause::Reset);
    }
    /// An on-demand environment was retired by a deploy.
    pub fn deployed(&mut self) {
        self.lost(ColdCause::Deploy);
    }
    fn lost(&mut self, cause: ColdCause) {
        if self.lost.len() == crate::defaults::CAUSES_MAX_REMEMBERED {
            self.lost.pop_front();
        }
        self.lost.push_back(cause);
    }
    /// A provisioned environment was lost for `cause` (reset or lifetime) and the environment
    /// with creation number `replacement` is initialising in its place.
    pub fn replacing(&mut self, replacement: u32, cause: ColdCause) {
        self.replacing.push((replacement, cause));
    }
    /// The provisioned environment with creation number `env_id` is ready (or was deallocated
    /// before it was): the loss it replaced, if still unused, explains nothing any more.
    pub fn replaced(&mut self, env_id: u32) {
        if let Some(i) = self.replacing.iter().rposition(|&(id, _)| id == env_id) {
            self.replacing.swap_remove(i);
        }
    }
    /// The cause of a cold start happening now (consumes one loss if it explains it).
    pub fn cause(&mut self) -> ColdCause {
        if !self.ever_created {
            ColdCause::First
        } else if let Some((_, cause)) = self.replacing.pop() {
            cause
        } else {
            self.lost.pop_back().unwrap_or(ColdCause::ScaleOut)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `start_warm` and `rest` write the transitions `set_state` makes out by hand, for the hot
    /// path; they must leave the table exactly as `set_state` (and `begin_serving`) would.
    #[test]
    fn the_warm_start_and_the_rest_leave_the_table_as_set_state_does() {
        let job = Job {
            id: 7,
            arrival: Micros(1),
            handler: Micros(2),
            fails: false,
            retries: 0,
            throttles: 0,
            batch: None,
        };
        let (mut fast, mut slow) = (EnvTable::with_room(0), EnvTable::with_room(0));
        for provisioned in [false, true] {
            let (a, b) = (
                fast.create(provisioned, Micros::NEVER),
                slow.create(provisioned, Micros::NEVER),
            );
            // Initializing → Idle → Busy → Idle → Busy, twice over.
            for _ in 0..2 {
                fast.rest(a);
                slow.set_state(b, EnvState::Idle);
                let (attempt, _) = fast.start_warm(a, job, |k| Attempt {
                    invocation: k + 100,
                    ..Attempt::default()
                });
                slow.set_state(b, EnvState::Busy);
                let env = slow.get_mut(b);
                env.invocations += 1;
                let slow_attempt = Attempt {
                    invocation: env.invocations,
                    ..Attempt::default()
                };
                slow.begin_serving(b, job, &slow_attempt);
                assert_eq!(
                    attempt, slow_attempt,
                    "the attempt carries its invocation index"
                );
                let (f, s) = (fast.get(a), slow.get(b));
                assert_eq!(
                    (f.state, f.generation, f.invocations, f.job, f.attempt),
                    (s.state, s.generation, s.invocations, s.job, s.attempt)
                );
                assert_eq!(fast.counts(), slow.counts());
                let (fast_job, slow_job) =
                    (fast.end_job(a).map(|e| e.0), slow.end_job(b).map(|e| e.0));
                assert_eq!(fast_job, slow_job);
            }
            fast.rest(a);
            slow.set_state(b, EnvState::Idle);
            assert_eq!(fast.get(a).generation, slow.get(b).generation);
            assert_eq!(fast.counts(), slow.counts());
        }
    }

    #[test]
    fn a_table_makes_no_room_while_it_reuses_slots() {
        let mut t = EnvTable::with_room(1_000);
        let slots: Vec<Slot> = (0..ROOM_AFTER)
            .map(|_| t.create(false, Micros::NEVER))
            .collect();
        let before = t.envs.capacity();
        t.set_state(slots[3], EnvState::Terminated);
        t.create(false, Micros::NEVER);
        assert_eq!(t.slots(), ROOM_AFTER, "the freed slot was reused");
        assert_eq!(
            t.envs.capacity(),
            before,
            "no room made for a table that did not grow"
        );
        t.create(false, Micros::NEVER);
        assert!(
            t.envs.capacity() >= 1_000,
            "the first growth past 64 makes the room"
        );
    }

    #[test]
    fn a_table_with_room_makes_it_once_a_burst_fills_its_first_slots() {
        let (mut small, mut burst) = (EnvTable::with_room(1_000), EnvTable::with_room(1_000));
        for _ in 0..ROOM_AFTER {
            small.create(false, Micros::NEVER);
        }
        assert!(
            small.envs.capacity() < 1_000,
            "a small run keeps a small table"
        );
        for _ in 0..=ROOM_AFTER {
            burst.create(false, Micros::NEVER);
        }
        let room = burst.envs.capacity();
        assert!(room >= 1_000);
        for _ in ROOM_AFTER + 1..1_000 {
            burst.create(false, Micros::NEVER);
        }
        assert_eq!(burst.envs.capacity(), room, "no growth up to the room");
        assert_eq!(burst.slots(), 1_000);
    }

    #[test]
    fn slots_are_reused_and_counts_follow_states() {
        let mut t = EnvTable::default();
        let a = t.create(false, Micros(u64::MAX));
        let b = t.create(true, Micros(u64::MAX));
        assert_eq!(t.counts().busy, 2);
        assert_eq!(t.counts().provisioned, 1);
        t.set_state(a, EnvState::Idle);
        assert_eq!((t.counts().busy, t.counts().idle), (1, 1));
        t.set_state(a, EnvState::Terminated);
        assert_eq!(t.counts().on_demand(), 0);
        let c = t.create(false, Micros(u64::MAX));
        assert_eq!(c, a, "freed slot reused");
        assert_eq!(t.get(c).id, 2, "creation numbers keep counting");
        assert_ne!(
            t.get(c).generation,
            0,
            "a reused slot gets a new generation"
        );
        assert_eq!(t.slots(), 2);
        let _ = b;
    }

    #[test]
    fn deadline_is_the_earlier_of_keep_alive_and_lifetime() {
        let d = idle_deadline(Micros(100), Some(Micros(50)), Micros(1_000));
        assert_eq!(d, (Micros(150), Expiry::KeepAlive));
        let d = idle_deadline(Micros(100), Some(Micros(50)), Micros(120));
        assert_eq!(d, (Micros(120), Expiry::Lifetime));
        let d = idle_deadline(Micros(100), None, Micros(u64::MAX));
        assert_eq!(d.0, Micros(u64::MAX));
    }

    #[test]
    fn causes_follow_the_ledger() {
        let mut c = ColdCauses::default();
        assert_eq!(c.cause(), ColdCause::First);
        c.created();
        assert_eq!(c.cause(), ColdCause::ScaleOut);
        c.reclaimed(Expiry::Lifetime);
        c.reset();
        c.reclaimed(Expiry::KeepAlive);
        assert_eq!(c.cause(), ColdCause::KeepAliveExpired);
        assert_eq!(c.cause(), ColdCause::Reset);
        assert_eq!(c.cause(), ColdCause::LifetimeExpired);
        assert_eq!(c.cause(), ColdCause::ScaleOut);
    }

    #[test]
    fn a_provisioned_loss_explains_cold_starts_only_until_its_replacement_is_ready() {
        let mut c = ColdCauses::default();
        c.created();
        c.reclaimed(Expiry::KeepAlive);
        c.replacing(7, ColdCause::LifetimeExpired);
        c.replacing(8, ColdCause::Reset);
        // Environment 8 is ready before any spill-over: its loss is healed.
        c.replaced(8);
        // A spill-over while 7 initialises: the provisioned loss first, then the on-demand one.
        assert_eq!(c.cause(), ColdCause::LifetimeExpired);
        c.replaced(7); // already used: nothing left to heal
        assert_eq!(c.cause(), ColdCause::KeepAliveExpired);
        assert_eq!(c.cause(), ColdCause::ScaleOut);
    }
}
