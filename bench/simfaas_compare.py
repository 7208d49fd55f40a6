#!/usr/bin/env python3
"""Coldstart's engine and the Python simulator SimFaaS on the same textbook scenario, in one run.

SimFaaS (Mahmoudi & Khazaei, PyPI `simfaas`, version 0.2.2) simulates Poisson arrivals,
exponential warm and cold service times, a fixed expiration threshold and a maximum concurrency
with rejection. `bench/simfaas-scenario.json` expresses that model as a Coldstart scenario (the
mapping, and what cannot match, is in docs/benchmarks.md). This script

  1. reads the textbook parameters back from that JSON (so the two sides cannot drift apart),
  2. runs SimFaaS's `ServerlessSimulator.generate_trace()` and the release `coldstart run` CLI,
     both timed with the same wall clock (`time.perf_counter`),
  3. prints requests simulated per second for each and their ratio, and
  4. prints both simulators' cold-start probability and time-averaged instance counts side by
     side, as a check that the two runs really simulate the same system.

Usage (from the repository root; `pip install simfaas==0.2.2` first):

    python3 bench/simfaas_compare.py [--max-time SECONDS] [--repeat N] [--no-build]

The Coldstart time includes starting the process, parsing the scenario and printing the JSON
report; the SimFaaS time is `generate_trace()` alone (no import, no result analysis). Both are
single-threaded.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCENARIO = REPO / "bench" / "simfaas-scenario.json"
MS_PER_S = 1000.0


def dist_mean(dist):
    """Mean of a constant or exponential `Dist`, in its field's unit."""
    if dist["dist"] == "constant":
        return dist["value"]
    if dist["dist"] == "exponential":
        return dist["mean"]
    sys.exit(f"{SCENARIO}: expected a constant or exponential distribution, got {dist}")


def textbook_parameters(scenario):
    """SimFaaS's constructor arguments, derived from the Coldstart scenario.

    Fails loudly when the scenario is not one SimFaaS can express (anything but Poisson arrivals,
    exponential handler, constant keep-alive, zero microVM time...), so an edit to the JSON
    cannot silently turn the comparison into one of different systems.
    """
    workload, function, platform = scenario["workload"], scenario["function"], scenario["platform"]
    expect = [
        (workload["kind"] == "poisson", "workload.kind must be poisson"),
        (function["handler_ms"]["dist"] == "exponential", "function.handler_ms must be exponential"),
        (scenario.get("snapstart") is not None and "restore_ms" in scenario["snapstart"],
         "snapstart.restore_ms must be set (the restore is the whole cold-start overhead)"),
        (platform["keep_alive_s"]["dist"] == "constant", "platform.keep_alive_s must be constant"),
        (platform["microvm_ms"] == {"dist": "constant", "value": 0}, "platform.microvm_ms must be 0"),
        (platform["scaling"] == {"mode": "unlimited"}, "platform.scaling must be unlimited"),
        (platform["max_lifetime_s"] is None, "platform.max_lifetime_s must be null"),
        (platform["account_concurrency"] is None, "platform.account_concurrency must be null"),
        (platform["init_limit_s"] is None, "platform.init_limit_s must be null"),
        (platform["placement"] == "newest_created", "platform.placement must be newest_created"),
    ]
    problems = [message for ok, message in expect if not ok]
    if problems:
        sys.exit(f"{SCENARIO}: not a SimFaaS scenario: " + "; ".join(problems))
    warm_s = function["handler_ms"]["mean"] / MS_PER_S
    # SnapStart's restore replaces code fetch, bootstrap and init; with a zero microVM phase the
    # cold-start overhead is the restore plus the afterRestore hooks.
    snap = scenario["snapstart"]
    overhead_ms = dist_mean(snap["restore_ms"]) + dist_mean(snap.get(
        "after_restore_hook_ms", {"dist": "constant", "value": 0}))
    cold_s = warm_s + overhead_ms / MS_PER_S
    return {
        "arrival_rate": workload["rate_per_s"],
        "warm_service_rate": 1.0 / warm_s,
        "cold_service_rate": 1.0 / cold_s,
        "expiration_threshold": platform["keep_alive_s"]["value"],
        "max_time": scenario["duration_s"],
        "maximum_concurrency": platform["reserved_concurrency"],
    }


def run_simfaas(params, seed):
    """One SimFaaS trace; returns (seconds, requests, cold probability, mean instances)."""
    import numpy as np
    from simfaas.ServerlessSimulator import ServerlessSimulator

    np.random.seed(seed)  # SimFaaS draws from numpy's global generator
    sim = ServerlessSimulator(**params)
    started = time.perf_counter()
    sim.generate_trace()
    elapsed = time.perf_counter() - started
    result = sim.get_result_dict()
    return elapsed, {
        "requests": sim.total_req_count,
        "p_cold": result["prob_cold"],
        "p_reject": result["prob_reject"],
        "mean_total": float(result["inst_count_avg"]),
        "mean_busy": float(result["inst_running_count_avg"]),
        "mean_idle": float(result["inst_idle_count_avg"]),
    }


def coldstart_binary(build):
    """Path of the release CLI, building it first unless told not to."""
    if build:
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "coldstart-cli"],
                       cwd=REPO, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    binary = target / "release" / "coldstart"
    if not binary.exists():
        sys.exit(f"{binary} not found: build it with `cargo build --release -p coldstart-cli`")
    return binary


def run_coldstart(binary, scenario_path, repeat):
    """`coldstart run` `repeat` times; returns (median seconds, figures of the last report)."""
    times, report = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        out = subprocess.run([str(binary), "run", str(scenario_path), "--format", "json"],
                             check=True, capture_output=True, text=True).stdout
        times.append(time.perf_counter() - started)
        report = json.loads(out)
    envs = report["environments"]
    return statistics.median(times), {
        "requests": report["requests"],
        "p_cold": report["cold_start_ratio"],
        "p_reject": report["throttled"] / max(report["requests"], 1),
        "mean_total": envs["mean_total"],
        "mean_busy": envs["mean_busy"],
        "mean_idle": envs["mean_idle"],
        "cold_service_s": report["latency_ms"]["cold"]["mean"] / MS_PER_S,
        "warm_service_s": report["latency_ms"]["warm"]["mean"] / MS_PER_S,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-time", type=float,
                        help="simulated seconds (default: the scenario's duration_s)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="Coldstart runs; the median is reported (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="seed of both simulators")
    parser.add_argument("--no-build", action="store_true", help="use the existing release CLI")
    args = parser.parse_args()

    scenario = json.loads(SCENARIO.read_text())
    if args.max_time is not None:
        scenario["duration_s"] = args.max_time
    scenario["seed"] = args.seed
    params = textbook_parameters(scenario)
    binary = coldstart_binary(not args.no_build)

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(scenario, f)
        scenario_path = f.name
    try:
        ours_s, ours = run_coldstart(binary, scenario_path, max(args.repeat, 1))
    finally:
        os.unlink(scenario_path)
    theirs_s, theirs = run_simfaas(params, args.seed)

    ours_rate = ours["requests"] / ours_s
    theirs_rate = theirs["requests"] / theirs_s
    print(f"scenario: Poisson {params['arrival_rate']} req/s, warm mean "
          f"{1 / params['warm_service_rate']:.3f} s, cold mean {1 / params['cold_service_rate']:.3f} s, "
          f"expiration {params['expiration_threshold']:g} s, max concurrency "
          f"{params['maximum_concurrency']}, {params['max_time']:g} simulated s, seed {args.seed}")
    print()
    print(f"{'':28}{'coldstart':>14}{'simfaas 0.2.2':>16}")
    print(f"{'requests simulated':28}{ours['requests']:>14,}{theirs['requests']:>16,}")
    print(f"{'wall time, s':28}{ours_s:>14.4f}{theirs_s:>16.3f}")
    print(f"{'requests per second':28}{ours_rate:>14,.0f}{theirs_rate:>16,.0f}")
    print(f"{'cold-start probability':28}{ours['p_cold']:>14.5f}{theirs['p_cold']:>16.5f}")
    print(f"{'rejection probability':28}{ours['p_reject']:>14.5f}{theirs['p_reject']:>16.5f}")
    print(f"{'mean instances (total)':28}{ours['mean_total']:>14.3f}{theirs['mean_total']:>16.3f}")
    print(f"{'mean instances (busy)':28}{ours['mean_busy']:>14.3f}{theirs['mean_busy']:>16.3f}")
    print(f"{'mean instances (idle)':28}{ours['mean_idle']:>14.3f}{theirs['mean_idle']:>16.3f}")
    print(f"{'mean cold service time, s':28}{ours['cold_service_s']:>14.3f}"
          f"{1 / params['cold_service_rate']:>16.3f}")
    print()
    print(f"speed ratio (coldstart / simfaas): {ours_rate / theirs_rate:,.0f}x")


if __name__ == "__main__":
    main()
