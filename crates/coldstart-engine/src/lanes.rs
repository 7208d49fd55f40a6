//! The environment lanes: a bounded record of each environment's life (its start phases, its
//! busy and idle spells, why it went), for the lanes chart.
//!
//! Opt-in like the request sample (`output.environment_lanes`): when off, the simulation holds
//! no recorder and pays one `Option` check per environment transition. When on, it records the
//! first N environments created; memory is bounded by [`d::LANE_SPANS_MAX`] spans however long
//! the run: spells shorter than the current resolution merge into one span that keeps its busy
//! time, and when the spans exceed the budget the resolution doubles and every lane is merged
//! again. So a lane's spans are never dropped, only coarsened, and the report says by how much.

use crate::defaults as d;
use crate::report::{EnvironmentLanes, Lane, LaneEnd, LaneSpan, Phases, Reclaim};
use crate::time::Micros;

// A lane merged to the whole run holds up to three spans: the budget must leave room for that
// many in every lane, or coarsening could not bring the spans under it.
const _: () = assert!(d::LANE_SPANS_MAX > 3 * d::MAX_ENVIRONMENT_LANES as usize);

/// One lane being recorded.
#[derive(Debug, Clone)]
struct Log {
    lane: Lane,
    /// The spell in progress since `ready`: its start and whether it is busy.
    spell: Option<(Micros, bool)>,
    /// Short spells merged so far that do not yet make a span of the resolution's length.
    short: Option<LaneSpan>,
}

/// Records the first `limit` environments' lives.
#[derive(Debug, Clone)]
pub(crate) struct LaneRecorder {
    limit: u32,
    resolution: Micros,
    logs: Vec<Log>,
    /// Spans kept over all lanes (pushed, not counting the open ones).
    spans: usize,
}

/// Appends a spell to `spans`, merging spells shorter than `resolution`: a short spell joins
/// the pending merged span, which is pushed once it reaches the resolution or a long spell
/// follows. So every pushed span but those right before a long one is at least `resolution`
/// long: at most 2 × (life / resolution) + 1 spans per lane.
fn push(spans: &mut Vec<LaneSpan>, short: &mut Option<LaneSpan>, s: LaneSpan, resolution: Micros) {
    merge(short, s, resolution, |kept| spans.push(kept));
}

/// [`push`]'s rule, handing each span it keeps to `keep` (at most two per spell: a pending
/// merged span, then the spell).
#[inline(always)]
fn merge(
    short: &mut Option<LaneSpan>,
    s: LaneSpan,
    resolution: Micros,
    mut keep: impl FnMut(LaneSpan),
) {
    if s.end - s.start >= resolution {
        if let Some(m) = short.take() {
            keep(m);
        }
        keep(s);
        return;
    }
    let merged = match short.take() {
        Some(m) => LaneSpan {
            start: m.start,
            end: s.end,
            busy: m.busy + s.busy,
        },
        None => s,
    };
    if merged.end - merged.start >= resolution {
        keep(merged);
    } else {
        *short = Some(merged);
    }
}

/// Merges `spans` again at `resolution` as [`push`] would merge them one by one into an empty
/// list, in place (no list allocated and grown again for each lane at each coarsening), and
/// returns the pending merged span. In place is safe: `push` keeps at most as many spans as it
/// was given, so a span is written only at a position already read.
fn merge_in_place(spans: &mut Vec<LaneSpan>, resolution: Micros) -> Option<LaneSpan> {
    let mut kept = 0;
    let mut short = None;
    for i in 0..spans.len() {
        let s = spans[i];
        merge(&mut short, s, resolution, |m| {
            spans[kept] = m;
            kept += 1;
        });
    }
    spans.truncate(kept);
    short
}

impl LaneRecorder {
    /// A recorder of the first `limit` environments of a run of length `horizon`, or `None`
    /// when `limit` is 0.
    pub fn new(limit: u32, horizon: Micros) -> Option<Box<LaneRecorder>> {
        (limit > 0).then(|| {
            Box::new(LaneRecorder {
                limit,
                resolution: Micros((horizon.0 / d::LANE_FIRST_RESOLUTION_DIVISOR).max(1)),
                logs: Vec::new(),
                spans: 0,
            })
        })
    }

    fn log(&mut self, env_id: u32) -> Option<&mut Log> {
        self.logs.get_mut(env_id as usize)
    }

    /// An environment was created now (ids come in creation order, from 0).
    pub fn created(&mut self, env_id: u32, provisioned: bool, now: Micros) {
        if env_id >= self.limit || env_id as usize != self.logs.len() {
            return;
        }
        self.logs.push(Log {
            lane: Lane {
                env_id,
                provisioned,
                created: now,
                ..Lane::default()
            },
            spell: None,
            short: None,
        });
    }

    /// The environment was initialised off the request path by proactive initialization.
    pub fn proactive(&mut self, env_id: u32) {
        if let Some(log) = self.log(env_id) {
            log.lane.proactive = true;
        }
    }

    /// The start phases of an environment (known once its start is planned).
    pub fn phases(&mut self, env_id: u32, phases: Phases) {
        if let Some(log) = self.log(env_id) {
            log.lane.phases = Phases {
                handler: Micros::ZERO,
                ..phases
            };
        }
    }

    /// The environment is now busy (`true`) or idle (`false`); the first call marks it ready.
    ///
    /// Called at every change of every recorded environment (twice a request on a busy
    /// function), so it does no more than the change needs: the spans are counted as they are
    /// kept, and the budget checked only when one was.
    pub fn spell(&mut self, env_id: u32, busy: bool, now: Micros) {
        let resolution = self.resolution;
        let Some(log) = self.log(env_id) else {
            return;
        };
        let Some((since, was)) = log.spell else {
            log.lane.ready = Some(now);
            log.spell = Some((now, busy));
            return;
        };
        if was == busy {
            return;
        }
        log.spell = Some((now, busy));
        let s = LaneSpan {
            start: since,
            end: now,
            busy: if was { now - since } else { Micros::ZERO },
        };
        let mut kept = 0;
        merge(&mut log.short, s, resolution, |span| {
            log.lane.spans.push(span);
            kept += 1;
        });
        if kept > 0 {
            self.spans += kept;
            if self.spans > d::LANE_SPANS_MAX {
                self.coarsen();
            }
        }
    }

    /// The environment went now, for `why`.
    pub fn ended(&mut self, env_id: u32, why: Reclaim, now: Micros) {
        let resolution = self.resolution;
        let Some(log) = self.log(env_id) else {
            return;
        };
        if log.lane.end.is_some() {
            return;
        }
        let before = log.lane.spans.len();
        Self::close(log, now, resolution);
        log.lane.end = Some(LaneEnd { at: now, why });
        self.spans += log.lane.spans.len() - before;
        if self.spans > d::LANE_SPANS_MAX {
            self.coarsen();
        }
    }

    /// Ends the spell in progress at `now` and pushes any pending merged span.
    fn close(log: &mut Log, now: Micros, resolution: Micros) {
        if let Some((since, busy)) = log.spell.take() {
            let s = LaneSpan {
                start: since,
                end: now,
                busy: if busy { now - since } else { Micros::ZERO },
            };
            push(&mut log.lane.spans, &mut log.short, s, resolution);
        }
        log.lane.spans.extend(log.short.take());
    }

    /// Doubles the resolution until the kept spans fit the budget, merging every lane again.
    fn coarsen(&mut self) {
        // Ends: at a resolution past the run every lane holds at most three spans, which
        // the budget exceeds for the most lanes validation accepts; the cap on the doubling
        // only guards against a budget changed below that.
        while self.spans > d::LANE_SPANS_MAX && self.resolution.0 < u64::MAX / 2 {
            self.resolution = Micros(self.resolution.0 * 2);
            let mut total = 0;
            for log in &mut self.logs {
                let short = merge_in_place(&mut log.lane.spans, self.resolution);
                // A pending merge joins the lane's own pending one, which follows it in time.
                if let Some(m) = short {
                    log.short = Some(match log.short.take() {
                        Some(p) => LaneSpan {
                            start: m.start,
                            end: p.end,
                            busy: m.busy + p.busy,
                        },
                        None => m,
                    });
                }
                total += log.lane.spans.len();
            }
            self.spans = total;
        }
    }

    /// The lanes as the report shows them at `now` (open spells closed then), moved into it:
    /// the recorder is consumed, so nothing is copied.
    pub fn into_report(self, created: u32, now: Micros) -> EnvironmentLanes {
        let resolution = self.resolution;
        let lanes = (self.logs.into_iter())
            .map(|mut log| {
                if log.lane.end.is_none() {
                    Self::close(&mut log, now, resolution);
                }
                log.lane
            })
            .collect();
        EnvironmentLanes {
            created: u64::from(created),
            resolution,
            lanes,
        }
    }

    /// [`LaneRecorder::into_report`] of a copy, leaving the recording to go on.
    pub fn report(&self, created: u32, now: Micros) -> EnvironmentLanes {
        self.clone().into_report(created, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn us(n: u64) -> Micros {
        Micros(n)
    }

    #[test]
    fn spells_shorter_than_the_resolution_merge_and_keep_their_busy_time() {
        let mut spans = Vec::new();
        let mut short = None;
        let r = us(10);
        // Busy 3, idle 4, busy 5: 12 µs together, one merged span with 8 µs busy.
        for (a, b, busy) in [(0, 3, 3), (3, 7, 0), (7, 12, 5), (12, 40, 0)] {
            let s = LaneSpan {
                start: us(a),
                end: us(b),
                busy: us(busy),
            };
            push(&mut spans, &mut short, s, r);
        }
        assert_eq!(
            spans,
            vec![
                LaneSpan {
                    start: us(0),
                    end: us(12),
                    busy: us(8)
                },
                LaneSpan {
                    start: us(12),
                    end: us(40),
                    busy: us(0)
                },
            ]
        );
        assert_eq!(short, None);
    }

    proptest::proptest! {
        /// Coarsening merges a lane's spans in place exactly as pushing them one by one into
        /// an empty list would, pending merged span included.
        #[test]
        fn merging_in_place_is_pushing_again(
            lens in proptest::collection::vec((0u64..40, proptest::bool::ANY), 0..80),
            resolution in 1u64..60,
        ) {
            let mut t = 0;
            let spans: Vec<LaneSpan> = (lens.iter())
                .map(|&(len, busy)| {
                    t += len;
                    LaneSpan {
                        start: us(t - len),
                        end: us(t),
                        busy: if busy { us(len) } else { Micros::ZERO },
                    }
                })
                .collect();
            let (mut pushed, mut short) = (Vec::new(), None);
            for &s in &spans {
                push(&mut pushed, &mut short, s, us(resolution));
            }
            let mut merged = spans;
            let pending = merge_in_place(&mut merged, us(resolution));
            proptest::prop_assert_eq!(merged, pushed);
            proptest::prop_assert_eq!(pending, short);
        }
    }

    #[test]
    fn only_the_first_environments_are_recorded_and_the_rest_counted() {
        let mut rec = LaneRecorder::new(2, Micros::from_secs(100)).unwrap();
        for id in 0..5 {
            rec.created(id, false, us(u64::from(id)));
            rec.spell(id, true, us(10));
            rec.spell(id, false, Micros::from_secs(20));
        }
        rec.ended(1, Reclaim::KeepAlive, Micros::from_secs(50));
        let lanes = rec.report(5, Micros::from_secs(100));
        assert_eq!(lanes.created, 5);
        assert_eq!(lanes.lanes.len(), 2);
        let [a, b] = [&lanes.lanes[0], &lanes.lanes[1]];
        assert_eq!(a.ready, Some(us(10)));
        assert_eq!(a.end, None);
        // Open at the end of the run: its idle spell is closed at the report's time.
        assert_eq!(a.spans.last().unwrap().end, Micros::from_secs(100));
        let end = b.end.unwrap();
        assert_eq!(
            (end.at, end.why),
            (Micros::from_secs(50), Reclaim::KeepAlive)
        );
        let busy: u64 = b.spans.iter().map(|s| s.busy.0).sum();
        assert_eq!(busy, Micros::from_secs(20).0 - 10);
    }

    #[test]
    fn spans_stay_within_the_budget_and_keep_every_busy_microsecond() {
        // Two lanes alternating busy and idle every 7 µs for far more spells than the budget.
        let horizon = Micros::from_secs(2);
        let mut rec = LaneRecorder::new(2, horizon).unwrap();
        rec.created(0, false, Micros::ZERO);
        rec.created(1, true, Micros::ZERO);
        let mut t = 0;
        let mut busy_us = 0;
        let mut busy = true;
        while t < horizon.0 - 7 {
            for id in 0..2 {
                rec.spell(id, busy, us(t));
            }
            if busy {
                busy_us += 7;
            }
            busy = !busy;
            t += 7;
        }
        assert!(rec.spans <= d::LANE_SPANS_MAX);
        let lanes = rec.report(2, us(t));
        for lane in &lanes.lanes {
            let spans = &lane.spans;
            assert!(spans.len() <= d::LANE_SPANS_MAX);
            // Contiguous from ready to the end, and nothing lost.
            assert!(spans.windows(2).all(|w| w[0].end == w[1].start));
            assert_eq!(spans.first().unwrap().start, us(0));
            assert_eq!(spans.last().unwrap().end, us(t));
            let sum: u64 = spans.iter().map(|s| s.busy.0).sum();
            assert_eq!(sum, busy_us);
        }
        assert!(lanes.resolution > us(7), "{:?}", lanes.resolution);
    }
}
