//! A table whose slots are reused once released, so memory follows what is alive at once, not
//! everything ever created. The simulation keeps three: environments (`lifecycle::EnvTable`),
//! stream batches (`invocation::stream`) and async events waiting for a retry.

use std::ops::{Index, IndexMut};

/// Items addressed by a `u32` index that stays theirs until released; released slots are
/// handed out again before the table grows.
#[derive(Debug, Clone)]
pub(crate) struct SlotTable<T> {
    items: Vec<T>,
    free: Vec<u32>,
}

impl<T> Default for SlotTable<T> {
    fn default() -> Self {
        SlotTable {
            items: Vec::new(),
            free: Vec::new(),
        }
    }
}

impl<T> SlotTable<T> {
    /// Makes room for `n` items in all, so the table does not grow, and copy itself, again
    /// before it holds them (`reserve_exact`: the allocator may give a little more).
    pub fn reserve_total(&mut self, n: usize) {
        self.items.reserve_exact(n.saturating_sub(self.items.len()));
    }

    /// A slot for a new item: the most recently released one, still holding its old value for
    /// the caller to reset (so its allocations are kept, and what must outlive the occupant,
    /// like a generation, can be read), or a new one holding `fresh()`. Returns the index, the
    /// slot and whether it was reused.
    pub fn claim(&mut self, fresh: impl FnOnce() -> T) -> (u32, &mut T, bool) {
        match self.free.pop() {
            Some(i) => (i, &mut self.items[i as usize], true),
            None => {
                self.items.push(fresh());
                let i = self.items.len() - 1;
                (i as u32, &mut self.items[i], false)
            }
        }
    }

    /// Puts `item` in a free slot (or a new one) and returns its index.
    pub fn insert(&mut self, item: T) -> u32 {
        match self.free.pop() {
            Some(i) => {
                self.items[i as usize] = item;
                i
            }
            None => {
                self.items.push(item);
                (self.items.len() - 1) as u32
            }
        }
    }

    /// Gives a slot back; its value stays until the slot is claimed again.
    pub fn release(&mut self, index: u32) {
        self.free.push(index);
    }

    /// Slots ever allocated, live or released (for tests of bounded memory).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether a released slot waits to be claimed (so a claim would not grow the table).
    pub fn has_free(&self) -> bool {
        !self.free.is_empty()
    }

    /// Slots the table holds room for.
    #[cfg(test)]
    pub fn capacity(&self) -> usize {
        self.items.capacity()
    }

    /// Every slot with its index, released ones included (their owner tells them apart).
    pub fn iter(&self) -> impl Iterator<Item = (u32, &T)> {
        self.items.iter().enumerate().map(|(i, t)| (i as u32, t))
    }
}

impl<T> Index<u32> for SlotTable<T> {
    type Output = T;
    fn index(&self, i: u32) -> &T {
        &self.items[i as usize]
    }
}

impl<T> IndexMut<u32> for SlotTable<T> {
    fn index_mut(&mut self, i: u32) -> &mut T {
        &mut self.items[i as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn released_slots_are_reused_before_the_table_grows() {
        let mut t = SlotTable::default();
        let a = t.insert("a");
        let b = t.insert("b");
        assert_eq!((a, b, t.len()), (0, 1, 2));
        t.release(a);
        let (c, slot, reused) = t.claim(|| "fresh");
        assert_eq!(
            (c, *slot, reused),
            (a, "a", true),
            "the old value, to reset"
        );
        *slot = "c";
        assert_eq!(t.insert("d"), 2, "no free slot: the table grows");
        t.release(b);
        assert_eq!(t.insert("e"), b);
        assert_eq!(
            t.iter().map(|(_, v)| *v).collect::<Vec<_>>(),
            ["c", "e", "d"]
        );
        assert_eq!((t[c], t.len()), ("c", 3));
    }
}
