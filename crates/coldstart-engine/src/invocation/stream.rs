//! Stream invocation: shards, their record buffers and polls, and the batches they form (the
//! rules are in the parent module's documentation).

use super::Job;
use crate::metrics::{self, Hist};
use crate::report::StreamStats;
use crate::slots::SlotTable;
use crate::time::Micros;
use std::collections::VecDeque;

/// One stream record with its draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    /// Arrival sequence number.
    pub id: u64,
    /// When it was written to the stream.
    pub arrival: Micros,
    /// Handler time it adds to its batch.
    pub handler: Micros,
    /// Error draw (used when it heads a batch).
    pub fails: bool,
}

/// One shard's state.
#[derive(Debug, Default)]
struct Shard {
    /// Records not yet in a batch, oldest first.
    pub buffer: VecDeque<Record>,
    /// Batches of this shard being invoked.
    pub in_flight: u32,
    /// Failed or throttled batches waiting to be retried, in failure order; while any waits,
    /// the shard is blocked (no new batch starts).
    pub blocked: VecDeque<u32>,
    /// Whether a poll is scheduled.
    pub poll_pending: bool,
}

/// A batch of records taken from one shard.
#[derive(Debug, Default)]
struct Batch {
    /// The shard it came from.
    pub shard: u32,
    /// Its records (the vector is reused across batches).
    pub records: Vec<Record>,
    /// Attempts made (throttles and errors).
    pub attempts: u32,
}

/// Stream settings, in engine units.
#[derive(Debug, Clone, Copy)]
pub struct StreamConfig {
    /// Shards.
    pub shards: u32,
    /// Largest batch.
    pub batch_size: u32,
    /// Batching window.
    pub window: Micros,
    /// Concurrent batches per shard.
    pub parallelization: u32,
    /// Poll interval of a shard.
    pub poll: Micros,
    /// Records older than this are dropped instead of retried.
    pub retention: Micros,
}

/// All shards, the batches in flight and what only a stream run measures. It exists only in a
/// stream run ([`super::Mode::Stream`]).
#[derive(Debug)]
pub struct Streams {
    /// Settings.
    config: StreamConfig,
    /// Shards.
    shards: Vec<Shard>,
    /// Batches in flight or blocked.
    batches: SlotTable<Batch>,
    /// Age of each record when its batch starts, µs.
    iterator_age: Hist,
    /// Batch invocations started.
    started: u64,
}

/// What a shard does next, when it is polled or a batch of it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardStep {
    /// Nothing may start now.
    Wait,
    /// The oldest blocked batch outlived the record retention: its records are lost.
    Expired(u32),
    /// The oldest blocked batch is tried again; `attempt` counts its attempts so far.
    Retry {
        /// The batch.
        batch: u32,
        /// Attempts made, this one included after the first.
        attempt: u32,
    },
    /// A new batch starts.
    Start(u32),
}

impl Streams {
    /// Empty shards.
    pub fn new(config: StreamConfig) -> Streams {
        Streams {
            config,
            shards: (0..config.shards).map(|_| Shard::default()).collect(),
            batches: SlotTable::default(),
            iterator_age: Hist::new(),
            started: 0,
        }
    }

    /// The shard a record goes to.
    fn shard_of(&self, id: u64) -> u32 {
        (id % u64::from(self.config.shards.max(1))) as u32
    }

    /// Next poll time strictly after `now`, on the shard's 1 s grid.
    fn next_poll(&self, now: Micros) -> Micros {
        let p = self.config.poll.0.max(1);
        Micros((now.0 / p + 1) * p)
    }

    /// A poll of `shard` is wanted: the delay to schedule it after, unless one is already
    /// pending (a shard has at most one poll event in the queue, however many records arrive
    /// or batches block before it).
    #[cfg_attr(target_arch = "wasm32", inline(always))]
    fn want_poll(&mut self, shard: u32, now: Micros) -> Option<Micros> {
        let next = self.next_poll(now);
        let s = &mut self.shards[shard as usize];
        if s.poll_pending {
            return None;
        }
        s.poll_pending = true;
        Some(next - now)
    }

    /// A record is written to its shard at `now`. Returns the shard and the delay of the poll
    /// to schedule, if none is pending.
    pub fn push(&mut self, record: Record, now: Micros) -> Option<(u32, Micros)> {
        let shard = self.shard_of(record.id);
        self.shards[shard as usize].buffer.push_back(record);
        self.want_poll(shard, now).map(|delay| (shard, delay))
    }

    /// The poll of `shard` is running: it is no longer pending.
    pub fn polled(&mut self, shard: u32) {
        self.shards[shard as usize].poll_pending = false;
    }

    /// After a poll of `shard` at `now`: the delay of the next poll, if records or blocked
    /// batches still wait and none is pending.
    pub fn poll_again(&mut self, shard: u32, now: Micros) -> Option<Micros> {
        let s = &self.shards[shard as usize];
        if s.buffer.is_empty() && s.blocked.is_empty() {
            return None;
        }
        self.want_poll(shard, now)
    }

    /// What `shard` does now: the oldest blocked batch first (dropped past the retention,
    /// otherwise retried), else a new batch if one may start.
    pub fn next_step(&mut self, shard: u32, now: Micros) -> ShardStep {
        if let Some(b) = self.shards[shard as usize].blocked.pop_front() {
            let batch = &mut self.batches[b];
            let oldest = batch.records.first().map_or(now, |r| r.arrival);
            if now - oldest > self.config.retention {
                return ShardStep::Expired(b);
            }
            batch.attempts += 1;
            return ShardStep::Retry {
                batch: b,
                attempt: batch.attempts,
            };
        }
        match self.take_batch(shard, now) {
            Some(b) => ShardStep::Start(b),
            None => ShardStep::Wait,
        }
    }

    /// Batch `b` was throttled or failed at `now`: it blocks its shard until the next poll
    /// retries it. Returns the shard and the delay of that poll, if none is pending.
    pub fn block(&mut self, b: u32, now: Micros) -> Option<(u32, Micros)> {
        let shard = self.batches[b].shard;
        self.shards[shard as usize].blocked.push_back(b);
        self.want_poll(shard, now).map(|delay| (shard, delay))
    }

    /// Batch `b` started on an environment at `start`: each record's iterator age.
    pub fn started(&mut self, b: u32, start: Micros) {
        self.started += 1;
        for r in &self.batches[b].records {
            self.iterator_age.record((start - r.arrival).0);
        }
    }

    /// The shard batch `b` came from.
    pub fn shard_of_batch(&self, b: u32) -> u32 {
        self.batches[b].shard
    }

    /// Attempts made by batch `b` (throttles and errors).
    pub fn attempts(&self, b: u32) -> u32 {
        self.batches[b].attempts
    }

    /// The records of batch `b`.
    pub fn records(&self, b: u32) -> &[Record] {
        &self.batches[b].records
    }

    /// What the report says of the stream.
    pub fn stats(&self) -> StreamStats {
        StreamStats {
            batches: self.started,
            iterator_age_ms: metrics::summarise(&self.iterator_age),
        }
    }

    /// Forms the next batch of `shard` if it may start now: the shard is not blocked, fewer
    /// than `parallelization` batches run, and the buffer holds a full batch or its oldest
    /// record has waited the batching window.
    fn take_batch(&mut self, shard: u32, now: Micros) -> Option<u32> {
        let cfg = self.config;
        let s = &mut self.shards[shard as usize];
        if !s.blocked.is_empty() || s.in_flight >= cfg.parallelization {
            return None;
        }
        let oldest = s.buffer.front()?.arrival;
        if s.buffer.len() < cfg.batch_size as usize && now - oldest < cfg.window {
            return None;
        }
        let n = s.buffer.len().min(cfg.batch_size as usize);
        // A reused batch keeps its record buffer's allocation.
        let (index, b, _) = self.batches.claim(Batch::default);
        b.shard = shard;
        b.attempts = 0;
        b.records.clear();
        b.records.extend(s.buffer.drain(..n));
        s.in_flight += 1;
        Some(index)
    }

    /// The job that invokes batch `index` (first attempt draws).
    #[cfg_attr(target_arch = "wasm32", inline(always))]
    pub fn job(&self, index: u32) -> Job {
        let b = &self.batches[index];
        let first = b.records.first().copied().unwrap_or(Record {
            id: 0,
            arrival: Micros::ZERO,
            handler: Micros::ZERO,
            fails: false,
        });
        Job {
            id: first.id,
            arrival: first.arrival,
            handler: b
                .records
                .iter()
                .fold(Micros::ZERO, |acc, r| acc + r.handler),
            fails: first.fails,
            retries: 0,
            throttles: 0,
            batch: Some(index),
        }
    }

    /// Returns a finished batch's slot to the free list.
    pub fn release(&mut self, index: u32) {
        let shard = self.batches[index].shard;
        let s = &mut self.shards[shard as usize];
        s.in_flight = s.in_flight.saturating_sub(1);
        s.blocked.retain(|&b| b != index);
        self.batches.release(index);
    }
}
