//! The re-run benchmark's worker side natively: the request the page posts for
//! `window.coldstartBenchmark(100000)` (saved in `bench/rerun-request.json`), part 0 then part 1
//! on this thread as `web/worker.js` drives them, to each part's first-seed report (encoded as
//! the worker posts it) and then its records. For callgrind and perf, beside
//! `bench/run_worker.mjs`, which times the same in wasm (docs/benchmarks.md, "Issue 14, eleventh
//! round: where a re-run's worker time goes").
//!
//!   cargo run --release -p coldstart-web --example rerun_parts -- bench/rerun-request.json [ROUNDS]
use coldstart_web::run::{RunRequest, Task};
use std::time::Instant;

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: rerun_parts REQUEST.json [ROUNDS]")?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let rounds: usize = match args.next() {
        Some(n) => n.parse().map_err(|e| format!("ROUNDS {n:?}: {e}"))?,
        None => 1,
    };
    for _ in 0..rounds {
        for part in 0..2 {
            let request: RunRequest =
                serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
            let started = Instant::now();
            let mut task = Task::new(request, part, None);
            let first = loop {
                if let Some(reply) = task.advance(|| true) {
                    break reply.to_bytes()?;
                }
            };
            let to_first = started.elapsed();
            let mut records = 0;
            while let Some(reply) = task.ready() {
                records += reply.to_bytes()?.len();
            }
            println!(
                "part {part}: first-seed report {:.1} ms ({} B), with its records {:.1} ms ({records} B)",
                to_first.as_secs_f64() * 1e3,
                first.len(),
                started.elapsed().as_secs_f64() * 1e3
            );
        }
    }
    Ok(())
}
