//! Queueing-theory check (derivation in docs/analytic-model.md).
//!
//! Poisson arrivals (λ), exponential handlers (rate μ), no cold-start overhead, no limits,
//! most-recently-used placement and a fixed keep-alive T. Then the busy count B(t) is the
//! M/M/∞ birth–death process, the total count is N(t) = max over (t−T, t] of B, and
//! - P(cold) = Σ_i π_i · P_i(B stays ≤ i for T)            (PASTA + reversibility)
//! - E[N]    = Σ_{k≥1} (1 − Σ_{i<k} π_i · P_i(B stays < k for T))
//!
//! with π the Poisson(λ/μ) distribution. The "stays below" probabilities are transient
//! probabilities of a finite absorbing chain, computed by uniformization.

use super::common::*;
use coldstart_core::Dist;
use coldstart_core::scenario::Workload;

/// P(B stays in {0..k−1} during [0, t] | B(0) = i), by uniformization.
fn stays_below(k: usize, i: usize, lambda: f64, mu: f64, t: f64) -> f64 {
    let rate = lambda + (k as f64 - 1.0) * mu;
    let mut v = vec![0.0; k];
    v[i] = 1.0;
    let mut weight = (-rate * t).exp();
    let mut total = 0.0;
    let mut cumulative = 0.0;
    let mut n = 0u32;
    while cumulative < 1.0 - 1e-13 && n < 10_000 {
        total += weight * v.iter().sum::<f64>();
        cumulative += weight;
        // v ← v P: up λ/rate (lost above k−1), down jμ/rate, stay the rest.
        let mut next = vec![0.0; k];
        for (j, &p) in v.iter().enumerate() {
            let up = lambda / rate;
            let down = j as f64 * mu / rate;
            if j + 1 < k {
                next[j + 1] += p * up;
            }
            if j > 0 {
                next[j - 1] += p * down;
            }
            next[j] += p * (1.0 - up - down);
        }
        v = next;
        n += 1;
        weight *= rate * t / f64::from(n);
    }
    total
}

fn poisson_pmf(rho: f64, i: usize) -> f64 {
    (0..i).fold((-rho).exp(), |p, j| p * rho / (j as f64 + 1.0))
}

fn analytic(lambda: f64, mu: f64, t: f64) -> (f64, f64) {
    let rho = lambda / mu;
    let levels = (rho + 12.0 * rho.sqrt() + 12.0) as usize;
    let p_cold = (0..levels)
        .map(|i| poisson_pmf(rho, i) * stays_below(i + 1, i, lambda, mu, t))
        .sum();
    let mean_n = (1..levels)
        .map(|k| {
            1.0 - (0..k)
                .map(|i| poisson_pmf(rho, i) * stays_below(k, i, lambda, mu, t))
                .sum::<f64>()
        })
        .sum();
    (p_cold, mean_n)
}

#[test]
fn uniformization_matches_a_closed_form() {
    // From 0 with k = 1 the chain leaves at rate λ: P(stay) = e^{−λt}.
    assert!((stays_below(1, 0, 3.0, 1.0, 0.5) - (-1.5f64).exp()).abs() < 1e-12);
    // T → 0: every arrival finds N = B, i.e. always cold; E[N] → E[B] = ρ.
    let (p, n) = analytic(20.0, 10.0, 1e-9);
    assert!((p - 1.0).abs() < 1e-6 && (n - 2.0).abs() < 1e-6);
}

#[test]
fn simulated_cold_probability_and_environments_match_the_model() {
    let (lambda, mean_handler_ms, keep_alive_s) = (20.0, 100.0, 0.2);
    let mu = 1_000.0 / mean_handler_ms;
    let mut s = base(0.0, Some(keep_alive_s), &[], 2_000.0);
    s.workload = Workload::Poisson { rate_per_s: lambda };
    s.function.handler_ms = Dist::Exponential {
        mean: mean_handler_ms,
    };
    s.function.timeout_s = 900.0;
    s.snapstart =
        Some(serde_json::from_str(r#"{"restore_ms": {"dist": "constant", "value": 0}}"#).unwrap());
    s.platform.microvm_ms = Dist::constant(0.0);
    s.output.request_sample = 0;
    s.output.bucket_s = 60.0;
    let r = run(&s);
    let (p_cold, mean_n) = analytic(lambda, mu, keep_alive_s);
    let sim_p = r.cold_start_ratio;
    let sim_n = r.environments.mean_total;
    eprintln!("P(cold) {sim_p:.4} vs {p_cold:.4}; E[N] {sim_n:.4} vs {mean_n:.4}");
    // Tolerances: 40,000 arrivals; the estimators' standard errors are ~0.003 and ~0.5 %.
    assert!(
        (sim_p - p_cold).abs() < 0.012,
        "P(cold): simulated {sim_p:.4}, analytic {p_cold:.4}"
    );
    assert!(
        (sim_n / mean_n - 1.0).abs() < 0.03,
        "E[N]: simulated {sim_n:.4}, analytic {mean_n:.4}"
    );
    assert!((r.environments.mean_busy / (lambda / mu) - 1.0).abs() < 0.03);
    // Sanity: the model is not trivial here.
    assert!(p_cold > 0.05 && p_cold < 0.5, "{p_cold}");
    assert!(mean_n > lambda / mu + 0.2, "{mean_n}");
}
