//! A three-request scenario stepped by hand: every state and every time is computed below.
//!
//! Handler 500 ms, cold start 250 ms, keep-alive 0.3 s, arrivals at 0, 100 and 1000 ms.
//! - 0     R0 arrives: no environment → env 0 created (cold, first).
//! - 100   R1 arrives: env 0 busy → env 1 created (cold, scale-out).
//! - 250   env 0 initialised → busy.      350  env 1 initialised → busy.
//! - 750   R0 done, env 0 idle until 1050. 850  R1 done, env 1 idle until 1150.
//! - 1000  R2 arrives: MRU takes env 1 (idle since 850, more recent than env 0) → warm.
//! - 1050  env 0 reclaimed.  1150  env 1's old check finds it busy: nothing happens.
//! - 1500  R2 done, env 1 idle until 1800.  1800  env 1 reclaimed.  Then the run is over.

use super::common::*;
use coldstart_core::EnvState::{self, *};
use coldstart_core::Simulation;
use coldstart_core::report::{ColdCause, Outcome};

fn states(sim: &Simulation) -> [Option<EnvState>; 2] {
    [sim.environment(0), sim.environment(1)]
}

#[test]
fn three_requests_step_by_step() {
    let s = base(500.0, Some(0.3), &[0.0, 100.0, 1_000.0], 2.0);
    let mut sim = Simulation::new(&s).unwrap();
    let expect: [(u64, [Option<EnvState>; 2]); 11] = [
        (0, [Some(Initializing), None]),
        (100, [Some(Initializing), Some(Initializing)]),
        (250, [Some(Busy), Some(Initializing)]),
        (350, [Some(Busy), Some(Busy)]),
        (750, [Some(Idle), Some(Busy)]),
        (850, [Some(Idle), Some(Idle)]),
        (1_000, [Some(Idle), Some(Busy)]),
        (1_050, [Some(Terminated), Some(Busy)]),
        (1_150, [Some(Terminated), Some(Busy)]),
        (1_500, [Some(Terminated), Some(Idle)]),
        (1_800, [Some(Terminated), Some(Terminated)]),
    ];
    for (i, (t, st)) in expect.iter().enumerate() {
        assert!(sim.step(), "step {i} should run");
        assert_eq!(sim.now(), ms(*t), "time of step {i}");
        assert_eq!(states(&sim), *st, "states after step {i} at {t} ms");
    }
    assert!(!sim.step(), "nothing left");
    assert!(sim.is_finished());
    assert_eq!(sim.progress(), 1.0);

    let r = sim.into_report();
    assert_eq!((r.requests, r.completed, r.cold_starts), (3, 3, 2));
    assert_eq!(r.cold_by_cause.first, 1);
    assert_eq!(r.cold_by_cause.scale_out, 1);
    assert_eq!(r.events, 11);
    let (r0, r1, r2) = (rec(&r, 0), rec(&r, 1), rec(&r, 2));
    assert_eq!(
        (r0.cold, r0.env_id, r0.end),
        (Some(ColdCause::First), Some(0), ms(750))
    );
    assert_eq!(
        (r1.cold, r1.env_id, r1.end),
        (Some(ColdCause::ScaleOut), Some(1), ms(850))
    );
    assert_eq!((r2.cold, r2.env_id, r2.end), (None, Some(1), ms(1_500)));
    assert!(r.samples.iter().all(|x| x.outcome == Outcome::Ok));
    assert_eq!(r0.phases.microvm, ms(50));
    assert_eq!(r0.phases.bootstrap, ms(200));
    assert_eq!(r0.phases.handler, ms(500));
    assert_eq!(r2.phases.init_total(), ms(0));
    // Latencies 750, 750, 500 ms.
    assert_eq!(r.latency_ms.cold.p50, 750.0);
    assert_eq!(r.latency_ms.warm.max, 500.0);
    assert_eq!(r.latency_ms.all.max, 750.0);
    // Time averages over the 2 s window: env 0 lives 0–1050 ms, env 1 100–1800 ms;
    // busy 0–750, 100–850, 1000–1500; idle 750–1050, 850–1000, 1500–1800.
    assert!((r.environments.mean_total - 2.75 / 2.0).abs() < 1e-9);
    assert!((r.environments.mean_busy - 2.0 / 2.0).abs() < 1e-9);
    assert!((r.environments.mean_idle - 0.75 / 2.0).abs() < 1e-9);
    assert_eq!(r.environments.created, 2);
    assert_eq!(r.environments.peak_concurrency, 2);
    // Cost: 3 requests; 1 GB × (1.5 s of handler + 0.2 s of Billed Restore Duration: the
    // runtime-load half of each 200 ms restore; restoring the snapshot is not billed).
    let p = &s.prices;
    assert!((r.cost_usd.requests - 3.0 * p.per_request_usd).abs() < 1e-15);
    assert!((r.cost_usd.duration - 1.7 * p.gb_s_x86_usd).abs() < 1e-12);
    // Time series on 1 s buckets: 2 arrivals in the first, 1 in the second.
    assert_eq!(r.timeseries.arrivals, vec![2, 1]);
    assert_eq!(r.timeseries.cold_starts, vec![2, 0]);
    assert_eq!(
        r.timeseries.warm_latency_ms,
        vec![None, Some((500.0, 500.0))]
    );
}

#[test]
fn step_until_and_run_events_resume_where_they_stopped() {
    let s = base(500.0, Some(0.3), &[0.0, 100.0, 1_000.0], 2.0);
    let whole = run(&s);
    let mut sim = Simulation::new(&s).unwrap();
    sim.step_until(ms(800));
    assert_eq!(sim.now(), ms(750));
    assert!(sim.progress() > 0.37 && sim.progress() < 0.38);
    assert_eq!(sim.run_events(2), 2);
    assert_eq!(sim.now(), ms(1_000));
    sim.run_to_end();
    assert_eq!(sim.report(), whole);
}

/// Three bursts of five simultaneous requests, 5 s apart, with a 1 s keep-alive: each burst
/// finds no environment left (the last ones went idle at 350 ms into the burst and were reclaimed
/// 1 s later), so it creates five new ones. Fifteen environments are created over the run, but
/// never more than five live at once, and the slot table holds exactly five: slots of
/// reclaimed environments are reused.
#[test]
fn environment_slots_are_bounded_by_peak_live_environments() {
    let burst = |at: f64| [at; 5];
    let arrivals: Vec<f64> = [0.0, 5_000.0, 10_000.0]
        .into_iter()
        .flat_map(burst)
        .collect();
    let mut sim = Simulation::new(&base(100.0, Some(1.0), &arrivals, 15.0)).unwrap();
    let mut peak_live = 0;
    while sim.step() {
        peak_live = peak_live.max(sim.counts().total());
    }
    let r = sim.report();
    assert_eq!(r.environments.created, 15);
    assert_eq!(r.cold_starts, 15);
    assert_eq!(peak_live, 5);
    assert_eq!(sim.env_slots(), 5);
}
