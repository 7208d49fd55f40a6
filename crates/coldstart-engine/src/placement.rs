//! Which idle environment takes the next request: most recently used (Lambda's observed
//! behaviour, the default), least recently used, newest created, or uniformly random.
//!
//! Each policy gets the structure that makes both "become idle" and "take one" cheap: O(1)
//! amortised for the recency policies and random; for newest-created, a vector sorted by
//! creation number, taken from its end (see [`IdlePool::Newest`]). In the recency pools,
//! environments that leave by expiring are not searched for: their entries go stale (the
//! environment's generation changed) and are skipped when met, and the pool compacts itself when
//! stale entries outnumber live ones, so memory stays bounded.

use crate::lifecycle::{EnvState, EnvTable, Slot};
use crate::scenario::Placement as Policy;
use rand::{Rng, RngExt};
use std::collections::VecDeque;

/// Stale entries tolerated before a compaction is considered.
const COMPACT_MIN_STALE: usize = 64;

/// An idle environment as a pool holds it, with the generation that tells a stale entry from a
/// live one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    /// Creation number: the newest-created pool's order (unique among its entries).
    env_id: u32,
    slot: Slot,
    generation: u32,
}

impl Entry {
    #[cfg_attr(target_arch = "wasm32", inline(always))]
    fn is_live(&self, envs: &EnvTable) -> bool {
        let e = envs.get(self.slot);
        e.state == EnvState::Idle && e.generation == self.generation && e.id == self.env_id
    }
}

/// The idle environments of one kind (on-demand or provisioned), ordered by the policy.
#[derive(Debug)]
pub enum IdlePool {
    /// Most/least recently used: a deque, pushed at the back, taken from the back (MRU) or front (LRU).
    Recency {
        /// Entries, oldest idle first.
        entries: VecDeque<EntryRepr>,
        /// Take the most recent (true) or the least recent (false).
        most_recent: bool,
        /// Entries known to be stale.
        stale: usize,
    },
    /// Newest created: exactly the idle environments, sorted by creation number, so the newest
    /// is taken from the end and none is ever stale. Not a max-heap with stale entries: an
    /// expiring environment is usually among the oldest, so its stale entry sank to the heap's
    /// bottom and stayed there until a compaction, and every take sifted through all of them
    /// (SimFaaS's textbook scenarios: tens of stale entries against a handful of idle ones).
    /// Here an environment going idle is usually the newest (it was taken as the newest), so
    /// it is pushed at the end; an expiring one is found by binary search and removed.
    /// So every path on which an idle environment stops being idle other than [`take`] must
    /// call [`forget`] first: this pool does not check liveness on take (a debug build does).
    ///
    /// [`take`]: IdlePool::take
    /// [`forget`]: IdlePool::forget
    Newest {
        /// Idle environments, oldest created first.
        idle: Vec<EntryRepr>,
    },
    /// Random: a dense vector with swap-remove; no stale entries (removal is exact).
    Random {
        /// Idle slots.
        items: Vec<Slot>,
        /// Position of each slot in `items`, indexed by slot.
        pos: Vec<u32>,
    },
}

/// Opaque pool entry (public only because the enum's variants are).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryRepr(Entry);

const ABSENT: u32 = u32::MAX;

impl IdlePool {
    /// An empty pool for the policy.
    pub fn new(policy: Policy) -> IdlePool {
        match policy {
            Policy::MostRecentlyUsed | Policy::LeastRecentlyUsed => IdlePool::Recency {
                entries: VecDeque::new(),
                most_recent: policy == Policy::MostRecentlyUsed,
                stale: 0,
            },
            Policy::NewestCreated => IdlePool::Newest { idle: Vec::new() },
            Policy::Random => IdlePool::Random {
                items: Vec::new(),
                pos: Vec::new(),
            },
        }
    }

    /// `slot` just became idle (its state is already `Idle`).
    #[inline(always)]
    pub fn push(&mut self, envs: &EnvTable, slot: Slot) {
        let e = envs.get(slot);
        self.push_idle(slot, e.id, e.generation);
    }

    /// [`IdlePool::push`] of the environment in `slot` whose creation number and generation the
    /// caller has at hand.
    #[inline(always)]
    pub fn push_idle(&mut self, slot: Slot, env_id: u32, generation: u32) {
        let entry = EntryRepr(Entry {
            env_id,
            slot,
            generation,
        });
        match self {
            IdlePool::Recency { entries, .. } => entries.push_back(entry),
            IdlePool::Newest { idle } => {
                let id = env_id;
                if idle.last().is_none_or(|newest| newest.0.env_id < id) {
                    idle.push(entry);
                } else {
                    // Its place is found from the end, moving each newer entry up one: it was
                    // taken as the newest idle environment, so only those created after it
                    // and gone idle while it was busy are newer — few, where a binary search
                    // from the front and `insert`'s `memmove` call cost more (SimFaaS's grid,
                    // whose busy environments are the newest and finish in random order).
                    idle.push(entry);
                    let mut at = idle.len() - 1;
                    while at > 0 && idle[at - 1].0.env_id > id {
                        idle[at] = idle[at - 1];
                        at -= 1;
                    }
                    idle[at] = entry;
                }
            }
            IdlePool::Random { items, pos } => {
                if pos.len() <= slot as usize {
                    pos.resize(slot as usize + 1, ABSENT);
                }
                pos[slot as usize] = items.len() as u32;
                items.push(slot);
            }
        }
    }

    /// An idle environment left the pool without being taken (it expired or was deallocated).
    /// Call before its state changes.
    pub fn forget(&mut self, envs: &EnvTable, slot: Slot) {
        match self {
            IdlePool::Recency { entries, stale, .. } => {
                *stale += 1;
                if *stale >= COMPACT_MIN_STALE && *stale * 2 > entries.len() {
                    // The leaving environment is still Idle here; filter it out by slot.
                    entries.retain(|e| e.0.slot != slot && e.0.is_live(envs));
                    *stale = 0;
                }
            }
            IdlePool::Newest { idle } => {
                let id = envs.get(slot).id;
                if let Ok(at) = idle.binary_search_by_key(&id, |e| e.0.env_id) {
                    idle.remove(at);
                }
            }
            IdlePool::Random { items, pos } => {
                let Some(&p) = pos.get(slot as usize) else {
                    return;
                };
                if p == ABSENT {
                    return;
                }
                let Some(&last) = items.last() else {
                    return;
                };
                items.swap_remove(p as usize);
                if last != slot {
                    pos[last as usize] = p;
                }
                pos[slot as usize] = ABSENT;
            }
        }
    }

    /// Takes an idle environment according to the policy (its state is still `Idle`).
    #[inline(always)]
    pub fn take<R: Rng + ?Sized>(&mut self, envs: &EnvTable, rng: &mut R) -> Option<Slot> {
        match self {
            IdlePool::Recency {
                entries,
                most_recent,
                stale,
            } => loop {
                let e = if *most_recent {
                    entries.pop_back()
                } else {
                    entries.pop_front()
                }?;
                if e.0.is_live(envs) {
                    return Some(e.0.slot);
                }
                *stale = stale.saturating_sub(1);
            },
            IdlePool::Newest { idle } => idle.pop().map(|e| {
                debug_assert!(e.0.is_live(envs), "an idle environment left without forget");
                e.0.slot
            }),
            IdlePool::Random { items, pos } => {
                if items.is_empty() {
                    return None;
                }
                let i = rng.random_range(0..items.len());
                let slot = items.swap_remove(i);
                if let Some(&moved) = items.get(i) {
                    pos[moved as usize] = i as u32;
                }
                pos[slot as usize] = ABSENT;
                Some(slot)
            }
        }
    }

    /// Entries held, stale ones included (for tests of bounded memory).
    #[cfg(test)]
    pub fn held(&self) -> usize {
        match self {
            IdlePool::Recency { entries, .. } => entries.len(),
            IdlePool::Newest { idle } => idle.len(),
            IdlePool::Random { items, .. } => items.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Micros;
    use rand::SeedableRng;
    use rand_pcg::Pcg64Mcg;

    fn setup(n: u32) -> (EnvTable, Vec<Slot>) {
        let mut t = EnvTable::default();
        let slots = (0..n).map(|_| t.create(false, Micros(u64::MAX))).collect();
        (t, slots)
    }

    fn idle(t: &mut EnvTable, pool: &mut IdlePool, s: Slot) {
        t.set_state(s, EnvState::Idle);
        pool.push(t, s);
    }

    #[test]
    fn each_policy_picks_its_environment() {
        let mut rng = Pcg64Mcg::seed_from_u64(1);
        // Idle order: 1, 0, 2 (env 2 is the newest created, env 2 the most recently idle too,
        // so make env 1 most recent to tell MRU from newest).
        for (policy, want) in [
            (Policy::MostRecentlyUsed, 1),
            (Policy::LeastRecentlyUsed, 2),
            (Policy::NewestCreated, 2),
        ] {
            let (mut t, s) = setup(3);
            let mut pool = IdlePool::new(policy);
            idle(&mut t, &mut pool, s[2]);
            idle(&mut t, &mut pool, s[0]);
            idle(&mut t, &mut pool, s[1]);
            assert_eq!(pool.take(&t, &mut rng), Some(s[want]), "{policy:?}");
        }
    }

    #[test]
    fn stale_entries_are_skipped_and_compacted() {
        let (mut t, s) = setup(200);
        let mut pool = IdlePool::new(Policy::MostRecentlyUsed);
        for &x in &s {
            idle(&mut t, &mut pool, x);
        }
        // The 150 most recent expire.
        for &x in &s[50..] {
            pool.forget(&t, x);
            t.set_state(x, EnvState::Terminated);
        }
        assert!(pool.held() <= 100, "compacted, holds {}", pool.held());
        let mut rng = Pcg64Mcg::seed_from_u64(1);
        assert_eq!(pool.take(&t, &mut rng), Some(s[49]));
    }

    #[test]
    fn newest_created_takes_the_newest_idle_and_holds_only_idle_ones() {
        use std::collections::BTreeSet;
        // Environments go idle in any order, are taken and expire (slots reused by new ones);
        // the pool must hand out the newest idle one, as a max-heap of live entries would.
        let mut rng = Pcg64Mcg::seed_from_u64(5);
        let mut t = EnvTable::default();
        let mut pool = IdlePool::new(Policy::NewestCreated);
        let (mut busy, mut idle_ids) = (Vec::new(), BTreeSet::new());
        let id_of = |t: &EnvTable, s: Slot| t.get(s).id;
        for step in 0..5_000 {
            match rng.random_range(0..4) {
                0 => busy.push(t.create(false, Micros(u64::MAX))),
                1 if !busy.is_empty() => {
                    let s = busy.swap_remove(rng.random_range(0..busy.len()));
                    idle_ids.insert(id_of(&t, s));
                    idle(&mut t, &mut pool, s);
                }
                2 if !idle_ids.is_empty() => {
                    // The oldest idle ones expire most often, but any may.
                    let k = rng
                        .random_range(0..idle_ids.len())
                        .min(rng.random_range(0..3));
                    let id = *idle_ids.iter().nth(k).unwrap();
                    let s = (0..t.slots() as u32)
                        .find(|&s| t.get(s).id == id && t.get(s).state == EnvState::Idle)
                        .unwrap();
                    pool.forget(&t, s);
                    t.set_state(s, EnvState::Terminated);
                    idle_ids.remove(&id);
                }
                _ => {
                    let got = pool.take(&t, &mut rng);
                    assert_eq!(
                        got.map(|s| id_of(&t, s)),
                        idle_ids.last().copied(),
                        "step {step}"
                    );
                    if let Some(s) = got {
                        idle_ids.remove(&id_of(&t, s));
                        t.set_state(s, EnvState::Busy);
                        busy.push(s);
                    }
                }
            }
            assert_eq!(pool.held(), idle_ids.len(), "no stale entries, step {step}");
        }
    }

    #[test]
    fn random_takes_each_idle_environment_once() {
        let (mut t, s) = setup(50);
        let mut pool = IdlePool::new(Policy::Random);
        for &x in &s {
            idle(&mut t, &mut pool, x);
        }
        pool.forget(&t, s[7]);
        t.set_state(s[7], EnvState::Terminated);
        let mut rng = Pcg64Mcg::seed_from_u64(3);
        let mut got = Vec::new();
        while let Some(x) = pool.take(&t, &mut rng) {
            t.set_state(x, EnvState::Busy);
            got.push(x);
        }
        got.sort();
        let mut want: Vec<_> = s.iter().copied().filter(|&x| x != s[7]).collect();
        want.sort();
        assert_eq!(got, want);
    }
}
