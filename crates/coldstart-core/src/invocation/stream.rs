//! Stream invocation: shards, their record buffers and polls, and the batches they form (the
//! rules are in the parent module's documentation).

use super::Job;
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
pub struct Shard {
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
pub struct Batch {
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

/// All shards and the batches in flight.
#[derive(Debug)]
pub struct Streams {
    /// Settings.
    pub config: StreamConfig,
    /// Shards.
    pub shards: Vec<Shard>,
    /// Batch table; slots are reused.
    pub batches: Vec<Batch>,
    free: Vec<u32>,
}

impl Streams {
    /// Empty shards.
    pub fn new(config: StreamConfig) -> Streams {
        Streams {
            config,
            shards: (0..config.shards).map(|_| Shard::default()).collect(),
            batches: Vec::new(),
            free: Vec::new(),
        }
    }

    /// The shard a record goes to.
    pub fn shard_of(&self, id: u64) -> u32 {
        (id % u64::from(self.config.shards.max(1))) as u32
    }

    /// Next poll time strictly after `now`, on the shard's 1 s grid.
    pub fn next_poll(&self, now: Micros) -> Micros {
        let p = self.config.poll.0.max(1);
        Micros((now.0 / p + 1) * p)
    }

    /// Forms the next batch of `shard` if it may start now: the shard is not blocked, fewer
    /// than `parallelization` batches run, and the buffer holds a full batch or its oldest
    /// record has waited the batching window.
    pub fn take_batch(&mut self, shard: u32, now: Micros) -> Option<u32> {
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
        let index = match self.free.pop() {
            Some(i) => i,
            None => {
                self.batches.push(Batch::default());
                (self.batches.len() - 1) as u32
            }
        };
        let b = &mut self.batches[index as usize];
        b.shard = shard;
        b.attempts = 0;
        b.records.clear();
        b.records.extend(s.buffer.drain(..n));
        s.in_flight += 1;
        Some(index)
    }

    /// The job that invokes batch `index` (first attempt draws).
    pub fn job(&self, index: u32) -> Job {
        let b = &self.batches[index as usize];
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
        let shard = self.batches[index as usize].shard;
        let s = &mut self.shards[shard as usize];
        s.in_flight = s.in_flight.saturating_sub(1);
        s.blocked.retain(|&b| b != index);
        self.free.push(index);
    }
}
