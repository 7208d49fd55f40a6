//! The future-event list: a time-ordered queue generic over its events, the closed set of
//! events the simulation schedules, and the choice between the queue's head and the next arrival.
//!
//! Events are ordered by (time, sequence number), so two events at the same microsecond run in
//! the order they were scheduled and a run never depends on heap internals. The next *arrival*
//! is not in the heap: the workload generator keeps it aside and the loop compares it with the
//! queue's head, so the queue holds no future requests, only work already under way (completions,
//! inits, idle checks, waiting retries, shard polls, provisioned changes, deploys).
//!
//! The loop itself and the stepping API are [`crate::Simulation`]'s; this file only decides
//! *which* event runs next.

use crate::lifecycle::Slot;
use crate::time::Micros;

/// Everything that can happen in a simulation, apart from an arrival (kept out of the heap).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// An environment finished initialising: on-demand ones go on to run their request,
    /// provisioned ones become idle and available (or go, if a scale-down waits for one).
    InitDone {
        /// The environment.
        slot: Slot,
        /// The place in the order of the request's completion, taken when the cold start was
        /// planned and scheduled only now (unused when no request waits for the init).
        complete: Reserved,
    },
    /// The request running on an environment ended (successfully, with an error or timed out).
    Complete {
        /// The environment.
        slot: Slot,
    },
    /// An idle environment may have reached its keep-alive or lifetime deadline.
    IdleCheck {
        /// The environment slot.
        slot: Slot,
        /// Creation number of the environment the check was made for (slots are reused).
        env_id: u32,
    },
    /// An asynchronous event is tried again after a throttle or a function error.
    Retry {
        /// Index of the waiting event in the simulation's retry table (kept out of the heap
        /// so heap entries stay small: they are moved on every push and pop).
        index: u32,
    },
    /// A stream shard's poller looks for records.
    Poll {
        /// The shard.
        shard: u32,
    },
    /// Provisioned concurrency changes to a new count (a schedule entry).
    ProvisionedChange {
        /// The new count.
        count: u32,
    },
    /// A new version goes live: `deploys[index]` of the scenario.
    Deploy {
        /// Index in the scenario's `deploys`.
        index: u32,
    },
}

/// A sequence number taken when an event is planned, for scheduling it later at a time known
/// then: the event keeps the place in the (time, sequence) order it would have had if scheduled
/// at once. A cold start's completion is planned with its start but waits outside the queue
/// until the init is done: during a burst of long cold starts the queue then holds one entry per
/// initialising environment instead of two, and the completions that run meanwhile pop from a
/// heap of the few requests actually running (docs/benchmarks.md, "Issue 14, fifteenth round:
/// engine").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reserved(u64);

/// How far ahead an event is scheduled in the queue's `later` heap rather than the busy one,
/// where the caller can tell (a completion scheduled when a cold start's init is done). Whatever
/// the value, the order of events is the same; it only decides which heap sifts.
pub const LONG_WAIT: Micros = Micros(1_000_000);

/// A queued event under its key: the time in the high 64 bits and the sequence number in the
/// low ones, inverted, so that one unsigned comparison orders entries by (time, sequence) and
/// the max-heap pops the earliest first. (Natively, comparing a time and then a sequence number
/// cost two branches at every level of every sift; wasm does compare that way: [`key_le`].)
#[derive(Clone, Copy)]
struct Entry<E> {
    key: u128,
    event: E,
}

impl<E> Entry<E> {
    fn new(at: Micros, seq: u64, event: E) -> Self {
        Entry {
            key: !((u128::from(at.0) << 64) | u128::from(seq)),
            event,
        }
    }
    fn at(&self) -> Micros {
        Micros(((!self.key) >> 64) as u64)
    }
    /// The entry's place in the order: its time and sequence number.
    #[cfg(debug_assertions)]
    fn place(&self) -> (Micros, u64) {
        (self.at(), (!self.key) as u64)
    }
}

/// Children per node of [`Heap`]: a pop sifts its hole down through half the levels of a binary
/// heap, at three comparisons a level instead of one, and the levels are what cost (each moves
/// a 32-byte entry and depends on the previous one's comparison): on the mixed 10 M day, whose
/// busy heap holds tens of completions (a thousand in its spikes), −1.4 % instructions, −2.3 %
/// on 1 M warm requests; +0.4 % where the heap holds one or two entries (SimFaaS's scenarios)
/// (docs/benchmarks.md, "Issue 14, twelfth round: engine"). A push compares with one parent
/// either way.
const ARITY: usize = 4;

/// A 4-ary max-heap on the entries' keys (the earliest event on top), with the standard
/// library's `BinaryHeap` strategy (a pop sifts the hole to the bottom along the largest
/// children, then the last entry up) and its push and pop always inlined: the standard heap's
/// `pop`, a generic function, was left out of line once the event loop was inlined into the
/// loops that run many events, and a call per event is what that inlining removes. Keys are
/// unique (the sequence number is part of them), so the order of pops does not depend on the
/// heap's shape.
struct Heap<E> {
    entries: Vec<Entry<E>>,
    /// Entries to make room for at once, at the first [`Heap::make_room`] (a cold start) that
    /// finds the heap holding [`ROOM_AFTER`] or more (0: grow by doubling throughout).
    room: usize,
}

impl<E: Copy> Heap<E> {
    fn new() -> Self {
        Heap {
            entries: Vec::new(),
            room: 0,
        }
    }
    /// Makes the heap's room if it holds [`ROOM_AFTER`] entries or more and has not made it.
    #[inline]
    fn make_room(&mut self) {
        if self.room > 0 && self.entries.len() >= ROOM_AFTER {
            let room = std::mem::take(&mut self.room);
            self.entries
                .reserve_exact(room.saturating_sub(self.entries.len()));
        }
    }
    #[inline(always)]
    fn peek(&self) -> Option<&Entry<E>> {
        self.entries.first()
    }
    #[inline(always)]
    fn len(&self) -> usize {
        self.entries.len()
    }
    #[inline(always)]
    fn push(&mut self, entry: Entry<E>) {
        let hole = self.entries.len();
        self.entries.push(entry);
        let v = &mut self.entries[..];
        // Most entries stay where they were pushed (a new completion is usually the latest):
        // written once, then.
        if hole == 0 || key_le(entry.key, v[(hole - 1) / ARITY].key) {
            return;
        }
        sift_up(v, hole, entry);
    }
    #[inline(always)]
    fn pop(&mut self) -> Option<Entry<E>> {
        let last = self.entries.pop()?;
        let v = &mut self.entries[..];
        let Some(&top) = v.first() else {
            return Some(last);
        };
        // The hole left by the top goes down to the bottom along the largest children: two
        // pairs, then their winners (independent comparisons, no chain of branches)...
        let end = v.len();
        let mut hole = 0;
        while let Some(kids) = children(v, hole) {
            let left = usize::from(key_le(kids[0].key, kids[1].key));
            let right = 2 + usize::from(key_le(kids[2].key, kids[3].key));
            let best = if key_le(kids[left].key, kids[right].key) {
                right
            } else {
                left
            };
            v[hole] = kids[best];
            hole = ARITY * hole + 1 + best;
        }
        let first = ARITY * hole + 1;
        // ... past a last node with fewer children ...
        if first < end {
            let mut best = first;
            for child in first + 1..end {
                if key_le(v[best].key, v[child].key) {
                    best = child;
                }
            }
            v[hole] = v[best];
            hole = best;
        }
        // ... and the last entry goes up from there to its place.
        sift_up(v, hole, last);
        Some(top)
    }
}

/// The children of node `h` when it has all [`ARITY`] of them: the `h`-th chunk of the entries
/// after the root. A sift level then tests one bound, the chunk's, where indexing
/// `first..first + ARITY` and then the two entries it moves tested three, with their index
/// arithmetic (−6 instructions a level; docs/benchmarks.md, "Issue 14, sixteenth round:
/// presets").
#[inline(always)]
fn children<E>(v: &[Entry<E>], h: usize) -> Option<&[Entry<E>; ARITY]> {
    v.get(1..)?.as_chunks::<ARITY>().0.get(h)
}

/// `a <= b` for two keys. In wasm a `u128` comparison is three 64-bit ones and a select, which
/// V8 compiles as three compares, three flag reads and a conditional move, at every one of a
/// sift's comparisons; there the times (the high words) decide alone behind a branch that is
/// almost always taken, and only a tie reads the sequence numbers (V8 instructions on the mixed
/// day -3 %; docs/benchmarks.md, "Issue 14, seventeenth round: wasm speed on the mixed day").
/// Natively the `u128` comparison is two instructions already.
#[inline(always)]
fn key_le(a: u128, b: u128) -> bool {
    if cfg!(target_arch = "wasm32") {
        key_le_by_time_first(a, b)
    } else {
        a <= b
    }
}

/// [`key_le`]'s wasm path: the high words first, the low ones only when those are equal.
#[inline(always)]
fn key_le_by_time_first(a: u128, b: u128) -> bool {
    let (ah, bh) = ((a >> 64) as u64, (b >> 64) as u64);
    if ah != bh { ah < bh } else { key_le_tied(a, b) }
}

/// A tie of times, out of line so that LLVM keeps the branch instead of a select of both.
#[cold]
#[inline(never)]
fn key_le_tied(a: u128, b: u128) -> bool {
    a as u64 <= b as u64
}

/// Moves `entry` from the hole at `hole` up past every parent it outranks, and writes it there.
#[inline(always)]
fn sift_up<E: Copy>(v: &mut [Entry<E>], mut hole: usize, entry: Entry<E>) {
    while hole > 0 {
        let parent = (hole - 1) / ARITY;
        if key_le(entry.key, v[parent].key) {
            break;
        }
        v[hole] = v[parent];
        hole = parent;
    }
    v[hole] = entry;
}

/// A future-event list: pops events in (time, insertion order); events are scheduled after a
/// delay from now, so never in the past.
///
/// Two heaps share one sequence counter, so together they keep the one total order: `heap` for
/// the events that come and go all the time, `later` for those that wait long and are rarely
/// due (an idle environment's expiry check, an init's end, a completion seconds away). Most of
/// what is queued at any time is the second kind (one check per idle environment against a few
/// busy ones), and every push and pop of the first kind sifts through fewer levels for not
/// sharing a heap with them.
pub struct EventQueue<E> {
    heap: Heap<E>,
    later: Heap<E>,
    seq: u64,
    now: Micros,
    /// The last popped event's place in the order, so that debug builds (every test) check
    /// that a reserved event is scheduled before its turn.
    #[cfg(debug_assertions)]
    popped: Option<(Micros, u64)>,
}

impl<E: Copy> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

/// Entries a heap fills by doubling before it makes its room (as the environments' table does:
/// a small run keeps a small heap).
const ROOM_AFTER: usize = 64;

impl<E: Copy> EventQueue<E> {
    /// An empty queue whose `later` heap, at the first [`EventQueue::make_later_room`] that
    /// finds it holding [`ROOM_AFTER`] entries, makes room for `later_room` at once instead of
    /// doubling its way there (each doubling copied every entry: ml-image-10gb's reaches ~1,200
    /// after its spike). Natively the room is not written until used; in wasm it grows the
    /// linear memory, which never shrinks, by at most 64 KB (`later_room` ≤ 2,048 entries).
    pub fn with_later_room(later_room: usize) -> Self {
        let mut q = Self::new();
        q.later.room = later_room;
        q
    }
    /// Makes the `later` heap's room if a burst has filled its first [`ROOM_AFTER`] entries
    /// (called where bursts start: a cold start; not on every push, which would test it on
    /// every event).
    #[inline]
    pub fn make_later_room(&mut self) {
        self.later.make_room();
    }
    /// An empty queue at time zero.
    pub fn new() -> Self {
        EventQueue {
            heap: Heap::new(),
            later: Heap::new(),
            seq: 0,
            now: Micros::ZERO,
            #[cfg(debug_assertions)]
            popped: None,
        }
    }
    /// The time of the last popped event (or set with [`EventQueue::advance_to`]).
    pub fn now(&self) -> Micros {
        self.now
    }
    /// Moves the clock forward to `t` (for events kept outside the queue); never backwards.
    pub fn advance_to(&mut self, t: Micros) {
        self.now = self.now.max(t);
    }
    /// Schedules `event` after a delay. Every way to schedule takes one: a delay is a
    /// [`Micros`], never negative, so no event can be scheduled in the past.
    #[inline(always)]
    pub fn schedule_in(&mut self, delay: Micros, event: E) {
        self.heap
            .push(Entry::new(self.now + delay, self.seq, event));
        self.seq += 1;
    }
    /// Schedules `event` like [`EventQueue::schedule_in`], for an event that usually waits long
    /// and is rarely due: kept apart from the busy events, in the same order with them.
    pub fn schedule_later_in(&mut self, delay: Micros, event: E) {
        self.later
            .push(Entry::new(self.now + delay, self.seq, event));
        self.seq += 1;
    }
    /// Takes the next sequence number for an event scheduled later with
    /// [`EventQueue::schedule_reserved_in`] or [`EventQueue::schedule_later_reserved_in`].
    #[inline]
    pub fn reserve(&mut self) -> Reserved {
        self.seq += 1;
        Reserved(self.seq - 1)
    }
    /// Schedules `event` after a delay under a sequence number taken earlier, in the busy heap.
    /// The caller schedules it before the queue's head passes its place (a reserved event
    /// scheduled after its turn would run out of order); debug builds check it.
    #[inline]
    pub fn schedule_reserved_in(&mut self, delay: Micros, seq: Reserved, event: E) {
        let entry = Entry::new(self.now + delay, seq.0, event);
        self.check_turn_not_passed(&entry);
        self.heap.push(entry);
    }
    /// [`EventQueue::schedule_reserved_in`] for an event that usually waits long (as
    /// [`EventQueue::schedule_later_in`]).
    #[cfg_attr(target_arch = "wasm32", inline(always))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn schedule_later_reserved_in(&mut self, delay: Micros, seq: Reserved, event: E) {
        let entry = Entry::new(self.now + delay, seq.0, event);
        self.check_turn_not_passed(&entry);
        self.later.push(entry);
    }
    /// In debug builds, panics if a reserved event's place is before the last popped event's.
    #[inline(always)]
    fn check_turn_not_passed(&self, _entry: &Entry<E>) {
        #[cfg(debug_assertions)]
        {
            let (at, seq) = _entry.place();
            assert!(
                self.popped.is_none_or(|popped| (at, seq) > popped),
                "a reserved event at {at:?} (#{seq}) scheduled after its turn: {:?} popped",
                self.popped
            );
        }
    }
    /// Whether the next event is in `later` (keys are inverted: the larger one is earlier).
    #[inline]
    fn next_is_later(&self) -> bool {
        match (self.heap.peek(), self.later.peek()) {
            (Some(busy), Some(later)) => later.key > busy.key,
            (None, later) => later.is_some(),
            (Some(_), None) => false,
        }
    }
    /// Time of the next event, if any.
    #[cfg(test)]
    pub fn peek_time(&self) -> Option<Micros> {
        self.peek().map(|(at, _)| at)
    }
    /// Time of the next event and the heap that holds it, if any: the loop decides once and
    /// pops from that heap ([`EventQueue::pop_from`]) without comparing the heads again.
    #[inline]
    pub fn peek(&self) -> Option<(Micros, Head)> {
        if self.next_is_later() {
            self.later.peek().map(|e| (e.at(), Head::Later))
        } else {
            self.heap.peek().map(|e| (e.at(), Head::Busy))
        }
    }
    /// Removes the next event and advances the clock to it.
    #[cfg(test)]
    pub fn pop(&mut self) -> Option<(Micros, E)> {
        let (_, head) = self.peek()?;
        self.pop_from(head)
    }
    /// Removes the head of the heap [`EventQueue::peek`] named, and advances the clock to it.
    #[inline(always)]
    pub fn pop_from(&mut self, head: Head) -> Option<(Micros, E)> {
        let e = match head {
            Head::Busy => self.heap.pop(),
            Head::Later => self.later.pop(),
        }?;
        let at = e.at();
        self.now = at;
        #[cfg(debug_assertions)]
        {
            self.popped = Some(e.place());
        }
        Some((at, e.event))
    }
    /// Events waiting.
    pub fn len(&self) -> usize {
        self.heap.len() + self.later.len()
    }
}

/// Which of the queue's two heaps holds its next event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    /// The heap of events that come and go all the time.
    Busy,
    /// The heap of long waits.
    Later,
}

/// What the loop runs next: the queue's head (in that heap) or the next arrival. Queued events
/// win ties, so a completion frees its environment before a simultaneous arrival looks for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Next {
    Queued(Head),
    Arrival,
}

/// Pure choice between the queue's head and the pending arrival.
pub(crate) fn choose(
    queued: Option<(Micros, Head)>,
    arrival: Option<Micros>,
) -> Option<(Micros, Next)> {
    match (queued, arrival) {
        (Some((q, _)), Some(a)) if a < q => Some((a, Next::Arrival)),
        (Some((q, head)), _) => Some((q, Next::Queued(head))),
        (None, Some(a)) => Some((a, Next::Arrival)),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_pop_in_insertion_order() {
        let mut q = EventQueue::new();
        q.schedule_in(Micros(5), 'b');
        q.schedule_in(Micros(3), 'a');
        q.schedule_in(Micros(5), 'c');
        q.schedule_in(Micros(5), 'd');
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(
            order,
            vec![
                (Micros(3), 'a'),
                (Micros(5), 'b'),
                (Micros(5), 'c'),
                (Micros(5), 'd')
            ]
        );
    }

    #[test]
    fn delays_count_from_the_last_popped_event() {
        let mut q = EventQueue::new();
        q.schedule_in(Micros(10), 1);
        q.pop();
        q.schedule_in(Micros::ZERO, 3);
        q.schedule_in(Micros(1), 4);
        assert_eq!(q.pop(), Some((Micros(10), 3)));
        assert_eq!(q.pop(), Some((Micros(11), 4)));
    }

    #[test]
    fn pops_both_heaps_in_the_order_of_one_binary_heap_on_time_then_sequence() {
        use rand::{RngExt, SeedableRng};
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(3);
        for spread in [1, 10, 1_000, 1 << 40] {
            let (mut q, mut reference) = (EventQueue::new(), BinaryHeap::new());
            let mut seq = 0u64;
            for step in 0..20_000 {
                // Bursts of scheduling (ties included: zero and equal delays), then pops.
                if rng.random_range(0..3) > 0 || q.len() == 0 {
                    for _ in 0..rng.random_range(1..4) {
                        let delay = Micros(rng.random_range(0..spread));
                        // Either heap: the order is the one (time, sequence) order.
                        if rng.random_range(0..2) == 0 {
                            q.schedule_in(delay, seq);
                        } else {
                            q.schedule_later_in(delay, seq);
                        }
                        reference.push(Reverse((q.now() + delay, seq)));
                        seq += 1;
                    }
                }
                assert_eq!(
                    q.peek_time(),
                    reference.peek().map(|r| r.0.0),
                    "step {step}"
                );
                let want = reference.pop().map(|r| r.0);
                assert_eq!(q.pop(), want, "spread {spread}, step {step}");
                assert_eq!(q.len(), reference.len());
            }
            while let Some(Reverse(want)) = reference.pop() {
                assert_eq!(q.pop(), Some(want));
            }
            assert_eq!((q.pop(), q.peek_time()), (None, None));
        }
    }

    #[test]
    fn reserved_events_pop_where_they_would_have_if_scheduled_at_once() {
        use rand::{RngExt, SeedableRng};
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(5);
        for spread in [1, 10, 1_000, 1 << 40] {
            let (mut q, mut reference) = (EventQueue::new(), BinaryHeap::new());
            // Planned events not scheduled yet: (time, reservation, value).
            let mut planned: Vec<(Micros, Reserved, u64)> = Vec::new();
            let mut value = 0u64;
            for step in 0..20_000 {
                if rng.random_range(0..3) > 0 || q.len() + planned.len() == 0 {
                    for _ in 0..rng.random_range(1..4) {
                        let at = q.now() + Micros(rng.random_range(0..spread));
                        match rng.random_range(0..4) {
                            0 => q.schedule_in(at - q.now(), value),
                            1 => q.schedule_later_in(at - q.now(), value),
                            _ => planned.push((at, q.reserve(), value)),
                        }
                        reference.push(Reverse((at, value)));
                        value += 1;
                    }
                }
                // A planned event is scheduled at some step before its turn: at the latest when
                // it is the next to pop.
                let next = reference.peek().map(|r| r.0);
                let mut k = 0;
                while k < planned.len() {
                    let (at, seq, v) = planned[k];
                    if next == Some((at, v)) || rng.random_range(0..4) == 0 {
                        planned.swap_remove(k);
                        if rng.random_range(0..2) == 0 {
                            q.schedule_reserved_in(at - q.now(), seq, v);
                        } else {
                            q.schedule_later_reserved_in(at - q.now(), seq, v);
                        }
                    } else {
                        k += 1;
                    }
                }
                let want = reference.pop().map(|r| r.0);
                assert_eq!(q.pop(), want, "spread {spread}, step {step}");
            }
        }
    }

    proptest::proptest! {
        /// wasm's key comparison (run natively here) is the `u128` one, ties of times included.
        #[test]
        fn keys_compare_by_time_first_as_u128s(
            at in proptest::prop_oneof![
                proptest::strategy::Just(0u64),
                proptest::strategy::Just(u64::MAX),
                0u64..4,
            ],
            later in 0u64..3,
            seqs: (u64, u64),
        ) {
            let a = Entry::new(Micros(at), seqs.0, ());
            let b = Entry::new(Micros(at.saturating_add(later)), seqs.1, ());
            for (x, y) in [(a.key, b.key), (b.key, a.key), (a.key, a.key)] {
                proptest::prop_assert_eq!(key_le_by_time_first(x, y), x <= y);
            }
        }
    }

    proptest::proptest! {
        /// The heap against the standard library's on any sequence of pushes and pops, with
        /// runs of pushes long enough to sift through several levels.
        #[test]
        fn the_heap_pops_what_the_standard_binary_heap_pops(
            ops in proptest::collection::vec((0u64..64, 0usize..40), 1..300)
        ) {
            let (mut heap, mut reference) = (Heap::new(), std::collections::BinaryHeap::new());
            let mut seq = 0u64;
            for (at, pushes) in ops {
                // Up to 19 pushes (none in half the draws), then a pop: the heap grows and shrinks.
                for k in 0..pushes.saturating_sub(20) {
                    let entry = Entry::new(Micros(at + k as u64 % 3), seq, seq);
                    seq += 1;
                    reference.push(entry.key);
                    heap.push(entry);
                }
                let popped = heap.pop();
                proptest::prop_assert_eq!(popped.map(|e| e.key), reference.pop());
                proptest::prop_assert_eq!(heap.len(), reference.len());
                proptest::prop_assert_eq!(heap.peek().map(|e| e.key), reference.peek().copied());
            }
            while let Some(want) = reference.pop() {
                proptest::prop_assert_eq!(heap.pop().map(|e| e.key), Some(want));
            }
            proptest::prop_assert!(heap.pop().is_none());
        }
    }

    #[test]
    fn the_later_heap_makes_its_room_once_a_burst_fills_its_first_entries() {
        let mut q = EventQueue::with_later_room(1_000);
        for i in 0..ROOM_AFTER as u64 - 1 {
            q.schedule_later_in(Micros(i), i);
        }
        q.make_later_room();
        assert!(
            q.later.entries.capacity() < 1_000,
            "a small heap stays small"
        );
        q.schedule_later_in(Micros(7), 7);
        q.make_later_room();
        let room = q.later.entries.capacity();
        assert!(
            room >= 1_000,
            "the room is made once the heap holds {ROOM_AFTER}"
        );
        for i in ROOM_AFTER as u64..1_000 {
            q.schedule_later_in(Micros(i), i);
            q.make_later_room();
        }
        assert_eq!(q.later.entries.capacity(), room, "no growth up to the room");
        // Times pop in order, room or not.
        let mut last = Micros::ZERO;
        while let Some((at, _)) = q.pop() {
            assert!(at >= last);
            last = at;
        }
    }

    #[test]
    fn queued_events_win_ties_with_arrivals() {
        assert_eq!(
            choose(Some((Micros(5), Head::Later)), Some(Micros(5))),
            Some((Micros(5), Next::Queued(Head::Later)))
        );
        assert_eq!(
            choose(Some((Micros(6), Head::Busy)), Some(Micros(5))),
            Some((Micros(5), Next::Arrival))
        );
        assert_eq!(choose(None, None), None);
    }
}
