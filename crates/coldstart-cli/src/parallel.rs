//! Running a batch of scenarios on threads: the planners' runner in the CLI.
//!
//! Each scenario is an independent, deterministic run (`coldstart_core::run`, or
//! `plan::measure`: a run and its planner's figures), so which thread runs it and when changes
//! nothing in its result; the results come back in the batch's order, so a plan is identical
//! with one thread or many. Threads take the next scenario from a shared
//! counter (scoped threads, no pool), and each finished run moves the progress bar one step.

use coldstart_core::ScenarioError;
use indicatif::ProgressBar;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The number of threads to use when not told: the machine's parallelism, or one.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `work` on every item of `batch` (a scenario, or a planner's variation of one) on up to
/// `threads` threads and returns the results in the batch's order; the first failure in that
/// order, if any. `bar` moves once per finished run (its length is the caller's: the planner's
/// bound on runs).
pub fn run_batch<I, T, F>(
    batch: &[I],
    threads: usize,
    bar: &ProgressBar,
    work: F,
) -> Result<Vec<T>, ScenarioError>
where
    I: Sync,
    T: Send,
    F: Fn(&I) -> Result<T, ScenarioError> + Sync,
{
    let next = AtomicUsize::new(0);
    let workers = threads.clamp(1, batch.len().max(1));
    let mut results: Vec<Option<Result<T, ScenarioError>>> =
        (0..batch.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(s) = batch.get(i) else {
                            return done;
                        };
                        done.push((i, work(s)));
                        bar.inc(1);
                    }
                })
            })
            .collect();
        for handle in handles {
            match handle.join() {
                Ok(done) => done.into_iter().for_each(|(i, r)| results[i] = Some(r)),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    results
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            r.unwrap_or_else(|| {
                Err(ScenarioError::invalid(
                    "runner",
                    i,
                    "an item of the batch was not run",
                ))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use coldstart_core::{Report, Scenario};

    fn scenario(seed: u64) -> Scenario {
        let mut s = Scenario::from_json(
            r#"{"duration_s": 5, "workload": {"kind": "poisson", "rate_per_s": 40},
                "function": {"runtime": "nodejs", "memory_mb": 512,
                             "handler_ms": {"dist": "log_normal", "median": 30, "p99_over_p50": 4}},
                "package": {"type": "zip", "zipped_mb": 1, "unzipped_mb": 3}}"#,
        )
        .expect("parses");
        s.seed = seed;
        s
    }

    #[test]
    fn reports_are_the_same_and_in_order_on_any_number_of_threads() {
        let batch: Vec<Scenario> = (0..7).map(scenario).collect();
        let bar = ProgressBar::hidden();
        let one = run_batch(&batch, 1, &bar, coldstart_core::run).expect("runs");
        for threads in [2, 3, 16] {
            let many = run_batch(&batch, threads, &bar, coldstart_core::run).expect("runs");
            assert_eq!(many, one);
        }
        let alone: Vec<Report> = batch
            .iter()
            .map(|s| coldstart_core::run(s).unwrap())
            .collect();
        assert_eq!(one, alone);
        assert_eq!(bar.position(), 7 * 4);
        let none = run_batch(&[], 4, &bar, coldstart_core::run).expect("nothing to run");
        assert!(none.is_empty());
    }

    #[test]
    fn the_first_failure_in_batch_order_is_returned() {
        let mut batch: Vec<Scenario> = (0..4).map(scenario).collect();
        batch[2].duration_s = -1.0;
        batch[3].function.memory_mb = 1;
        let e =
            run_batch(&batch, 4, &ProgressBar::hidden(), coldstart_core::run).expect_err("invalid");
        assert_eq!(e.path(), Some("duration_s"));
    }
}
