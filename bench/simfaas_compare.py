#!/usr/bin/env python3
"""Coldstart's engine and the Python simulator SimFaaS on a grid of textbook scenarios, in one run.

SimFaaS (Mahmoudi & Khazaei, PyPI `simfaas`, version 0.2.2) simulates Poisson arrivals,
exponential warm and cold service times, a fixed expiration threshold (keep-alive) and a maximum
concurrency with rejection. `bench/simfaas-scenario.json` expresses that model as a Coldstart
scenario (the mapping, and what cannot match, is in docs/benchmarks.md, "Against SimFaaS").
This script

  1. reads the textbook parameters back from that JSON (so the two sides cannot drift apart),
  2. derives the grid from it: ten scenarios, arrival rates 0.1 to 20 per second, keep-alive
     60 s and 600 s, with and without a concurrency cap of 10, each simulated long enough for
     the same expected number of requests (`--requests`, default 200,000),
  3. runs SimFaaS and the release `coldstart` CLI on each, and prints per scenario both
     simulators' requests simulated per second, their ratio, and their cold-start probability,
     rejection probability and mean instance count side by side, then the median and the
     minimum ratio over the grid.

What is timed (the same work on both sides, from the scenario's parameters to its statistics):
  - SimFaaS: building the simulator, `generate_trace()` and `get_result_dict()` (its
    statistics), in this Python process, after Python has started and numpy and SimFaaS are
    imported;
  - Coldstart: the whole `coldstart run --format json` process: its start, reading and parsing
    the file, validation, set-up, simulation, building the report, formatting it as JSON and
    writing it to the pipe.
A third ratio times SimFaaS's `generate_trace()` alone, as the issue's first figure (116x) did,
so the two methods can be told apart. The headline ratio is of CPU time (user + system: `time.process_time()` for SimFaaS, the
child's rusage for Coldstart), which load from other processes on a shared machine disturbs far
less than wall time. A second ratio is of wall time, with Coldstart's taken inside the process
(`--timing`: everything above but the process start, as Python's start is left out).
Coldstart runs `--repeat` times per scenario (half before SimFaaS, half after, so load from
other processes hits both sides alike) and the medians count; SimFaaS runs once (seconds long).

Usage (from the repository root; `pip install simfaas==0.2.2` first):

    python3 bench/simfaas_compare.py [--requests N] [--repeat N] [--only NAME,...] [--no-build]
    python3 bench/simfaas_compare.py --single [--max-time SECONDS]   # the shipped scenario alone
    python3 bench/simfaas_compare.py --write-scenarios DIR           # the grid's files, no run

Both simulators are single-threaded.
"""

import argparse
import copy
import datetime
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCENARIO = REPO / "bench" / "simfaas-scenario.json"
MS_PER_S = 1000.0
UNCAPPED = 1000  # SimFaaS's default maximum concurrency, and the shipped scenario's

# (name, arrival rate /s, keep-alive s, maximum concurrency). SimFaaS's own example is
# 0.9/s with 600 s; the cap of 10 is tried where it binds (offered load 10 and 40 busy).
GRID = [
    ("r0.1-ka60", 0.1, 60, UNCAPPED),
    ("r0.1-ka600", 0.1, 600, UNCAPPED),
    ("r0.9-ka60", 0.9, 60, UNCAPPED),
    ("r0.9-ka600", 0.9, 600, UNCAPPED),
    ("r5-ka60", 5.0, 60, UNCAPPED),
    ("r5-ka600", 5.0, 600, UNCAPPED),
    ("r20-ka60", 20.0, 60, UNCAPPED),
    ("r20-ka600", 20.0, 600, UNCAPPED),
    ("r5-ka60-cap10", 5.0, 60, 10),
    ("r20-ka600-cap10", 20.0, 600, 10),
]


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
    exponential handler without warm-up, constant keep-alive, zero microVM time...), so an edit
    to the JSON, or a new model default, cannot silently turn the comparison into one of
    different systems.
    """
    workload, function, platform = scenario["workload"], scenario["function"], scenario["platform"]
    expect = [
        (workload["kind"] == "poisson", "workload.kind must be poisson"),
        (function["handler_ms"]["dist"] == "exponential", "function.handler_ms must be exponential"),
        (function.get("warmup") == {"mode": "none"},
         "function.warmup must be {\"mode\": \"none\"} (SimFaaS's warm service time does not "
         "depend on the instance's invocation count)"),
        (function.get("error_rate", 0) == 0, "function.error_rate must be 0"),
        (scenario.get("invocation", {"model": "sync"}).get("model") == "sync",
         "invocation.model must be sync"),
        (scenario.get("provisioned") is None, "provisioned must be absent"),
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


def grid_scenarios(base, requests, only):
    """The grid's scenarios: `base` with each row's rate, keep-alive and cap, run for
    `requests / rate` simulated seconds."""
    cases = []
    for name, rate, keep_alive_s, cap in GRID:
        if only and name not in only:
            continue
        s = copy.deepcopy(base)
        s["name"] = f"simfaas-{name}"
        s["workload"]["rate_per_s"] = rate
        s["platform"]["keep_alive_s"] = {"dist": "constant", "value": keep_alive_s}
        s["platform"]["reserved_concurrency"] = cap
        s["duration_s"] = requests / rate
        cases.append((name, s))
    unknown = set(only or ()) - {row[0] for row in GRID}
    if unknown:
        sys.exit(f"--only: no grid scenario named {', '.join(sorted(unknown))} "
                 f"(the names: {', '.join(row[0] for row in GRID)})")
    return cases


def run_simfaas(params, seed):
    """One SimFaaS trace; returns (CPU seconds, wall seconds, statistics); the statistics also
    hold `trace_cpu_s`, the CPU time of `generate_trace()` alone (the issue's first method)."""
    import numpy as np
    from simfaas.ServerlessSimulator import ServerlessSimulator

    np.random.seed(seed)  # SimFaaS draws from numpy's global generator
    started, started_cpu = time.perf_counter(), time.process_time()
    sim = ServerlessSimulator(**params)
    trace_started_cpu = time.process_time()
    sim.generate_trace()
    trace_cpu_s = time.process_time() - trace_started_cpu
    with warnings.catch_warnings():
        # The mean lifespan of terminated instances is NaN when none terminated; not used here.
        warnings.simplefilter("ignore", RuntimeWarning)
        result = sim.get_result_dict()
    cpu_s = time.process_time() - started_cpu
    wall_s = time.perf_counter() - started
    return cpu_s, wall_s, {
        "requests": sim.total_req_count,
        "trace_cpu_s": trace_cpu_s,
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


def children_cpu_s():
    """CPU seconds (user + system) of this process's finished children so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_coldstart_once(binary, scenario_path):
    """One `coldstart run`; returns (whole-process CPU seconds, in-process wall seconds,
    report)."""
    before = children_cpu_s()
    done = subprocess.run([str(binary), "run", "-q", str(scenario_path), "--format", "json",
                           "--timing"], check=True, capture_output=True, text=True)
    cpu_s = children_cpu_s() - before
    timing = json.loads(done.stderr.strip().splitlines()[-1])["timing_s"]
    return cpu_s, timing["total"], json.loads(done.stdout)


def coldstart_statistics(report):
    """The report's figures under SimFaaS's definitions: probabilities per arriving request
    (rejected ones included), instance counts time-averaged."""
    envs = report["environments"]
    requests = max(report["requests"], 1)
    return {
        "requests": report["requests"],
        "p_cold": report["cold_starts"] / requests,
        "p_reject": report["throttled"] / requests,
        "mean_total": envs["mean_total"],
        "mean_busy": envs["mean_busy"],
        "mean_idle": envs["mean_idle"],
        "cold_service_s": report["latency_ms"]["cold"]["mean"] / MS_PER_S,
    }


def compare(binary, scenario, seed, repeat):
    """Both simulators on one scenario; returns a dict of timings and statistics."""
    params = textbook_parameters(scenario)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(scenario, f)
        path = f.name
    try:
        ours = [run_coldstart_once(binary, path) for _ in range((repeat + 1) // 2)]
        theirs_cpu_s, theirs_wall_s, theirs = run_simfaas(params, seed)
        ours += [run_coldstart_once(binary, path) for _ in range(repeat // 2)]
    finally:
        os.unlink(path)
    report = ours[-1][2]
    r = {
        "params": params,
        "ours_cpu_s": statistics.median(c for c, _, _ in ours),
        "ours_wall_s": statistics.median(w for _, w, _ in ours),
        "ours": coldstart_statistics(report),
        "theirs_cpu_s": theirs_cpu_s,
        "theirs_wall_s": theirs_wall_s,
        "theirs": theirs,
    }
    for clock in ("cpu", "wall"):
        r[f"ours_rate_{clock}"] = r["ours"]["requests"] / r[f"ours_{clock}_s"]
        r[f"theirs_rate_{clock}"] = theirs["requests"] / r[f"theirs_{clock}_s"]
        r[f"ratio_{clock}"] = r[f"ours_rate_{clock}"] / r[f"theirs_rate_{clock}"]
    # Against `generate_trace()` alone, as the 116x was measured: SimFaaS's set-up and
    # statistics left out, ours still whole-process.
    r["ratio_trace"] = r["ours_rate_cpu"] / (theirs["requests"] / theirs["trace_cpu_s"])
    return r


def print_single(r, seed):
    """The side-by-side table of one scenario (`--single`)."""
    params, ours, theirs = r["params"], r["ours"], r["theirs"]
    print(f"scenario: Poisson {params['arrival_rate']} req/s, warm mean "
          f"{1 / params['warm_service_rate']:.3f} s, cold mean {1 / params['cold_service_rate']:.3f} s, "
          f"expiration {params['expiration_threshold']:g} s, max concurrency "
          f"{params['maximum_concurrency']}, {params['max_time']:g} simulated s, seed {seed}")
    print()
    print(f"{'':30}{'coldstart':>14}{'simfaas 0.2.2':>16}")
    print(f"{'requests simulated':30}{ours['requests']:>14,}{theirs['requests']:>16,}")
    print(f"{'CPU time, s':30}{r['ours_cpu_s']:>14.4f}{r['theirs_cpu_s']:>16.3f}")
    print(f"{'wall time, s':30}{r['ours_wall_s']:>14.4f}{r['theirs_wall_s']:>16.3f}")
    print(f"{'requests per CPU second':30}{r['ours_rate_cpu']:>14,.0f}{r['theirs_rate_cpu']:>16,.0f}")
    print(f"{'cold-start probability':30}{ours['p_cold']:>14.5f}{theirs['p_cold']:>16.5f}")
    print(f"{'rejection probability':30}{ours['p_reject']:>14.5f}{theirs['p_reject']:>16.5f}")
    print(f"{'mean instances (total)':30}{ours['mean_total']:>14.3f}{theirs['mean_total']:>16.3f}")
    print(f"{'mean instances (busy)':30}{ours['mean_busy']:>14.3f}{theirs['mean_busy']:>16.3f}")
    print(f"{'mean instances (idle)':30}{ours['mean_idle']:>14.3f}{theirs['mean_idle']:>16.3f}")
    print(f"{'mean cold service time, s':30}{ours['cold_service_s']:>14.3f}"
          f"{1 / params['cold_service_rate']:>16.3f}")
    print()
    print(f"speed ratio (coldstart / simfaas): {r['ratio_cpu']:,.0f}x in CPU time, "
          f"{r['ratio_wall']:,.0f}x in wall time, {r['ratio_trace']:,.0f}x in CPU time against "
          f"generate_trace() alone")


def print_grid_row(name, r):
    """One markdown row: rates and ratios, then each statistic as coldstart / simfaas."""
    ours, theirs = r["ours"], r["theirs"]
    print(f"| {name} | {ours['requests']:,} / {theirs['requests']:,} "
          f"| {r['ours_rate_cpu'] / 1e6:.2f} M | {r['theirs_rate_cpu'] / 1e3:.1f} k "
          f"| **{r['ratio_cpu']:.0f}×** | {r['ratio_wall']:.0f}× | {r['ratio_trace']:.0f}× "
          f"| {ours['p_cold']:.5f} / {theirs['p_cold']:.5f} "
          f"| {ours['p_reject']:.4f} / {theirs['p_reject']:.4f} "
          f"| {ours['mean_total']:.2f} / {theirs['mean_total']:.2f} |", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=float, default=200_000,
                        help="expected requests per grid scenario: each runs requests / rate "
                             "simulated seconds (default 200,000)")
    parser.add_argument("--only", type=lambda s: s.split(","),
                        help="comma-separated grid scenario names (default: all ten)")
    parser.add_argument("--single", action="store_true",
                        help="the shipped scenario alone, for its own duration_s")
    parser.add_argument("--max-time", type=float,
                        help="with --single: simulated seconds instead of the scenario's")
    parser.add_argument("--repeat", type=int, default=5,
                        help="Coldstart runs per scenario; the median is reported (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="seed of both simulators")
    parser.add_argument("--no-build", action="store_true", help="use the existing release CLI")
    parser.add_argument("--write-scenarios", type=Path, metavar="DIR",
                        help="write the grid's Coldstart scenarios to DIR and stop")
    args = parser.parse_args()

    base = json.loads(SCENARIO.read_text())
    base["seed"] = args.seed
    textbook_parameters(base)  # refuse a base that SimFaaS cannot express, before anything runs
    if args.single:
        if args.max_time is not None:
            base["duration_s"] = args.max_time
        cases = [("shipped", base)]
    else:
        if args.max_time is not None:
            sys.exit("--max-time goes with --single; the grid's durations follow --requests")
        cases = grid_scenarios(base, args.requests, args.only)

    if args.write_scenarios:
        args.write_scenarios.mkdir(parents=True, exist_ok=True)
        for name, scenario in cases:
            (args.write_scenarios / f"{name}.json").write_text(json.dumps(scenario, indent=2) + "\n")
        print(f"wrote {len(cases)} scenarios to {args.write_scenarios}")
        return

    binary = coldstart_binary(not args.no_build)
    repeat = max(args.repeat, 1)
    if args.single:
        print_single(compare(binary, base, args.seed, repeat), args.seed)
        return

    load_before = os.getloadavg()
    print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
          f"{args.requests:,.0f} expected requests per scenario, seed {args.seed}, "
          f"coldstart median of {repeat}, load average {load_before[0]:.2f} "
          f"(1 min) / {load_before[1]:.2f} (5 min) on {os.cpu_count()} cores")
    print()
    print("| scenario | requests, cs / sf | coldstart req per CPU s | simfaas req per CPU s "
          "| ratio, CPU | ratio, wall | ratio, CPU, generate_trace() alone "
          "| P(cold) cs / sf | P(reject) cs / sf | mean instances cs / sf |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    results = []
    for name, scenario in cases:
        r = compare(binary, scenario, args.seed, repeat)
        print_grid_row(name, r)
        results.append(r)
    load_after = os.getloadavg()
    print()
    for clock, what in (("cpu", "CPU time"), ("wall", "wall time"),
                        ("trace", "CPU time against generate_trace() alone")):
        ratios = [r[f"ratio_{clock}"] for r in results]
        print(f"speed ratio (coldstart / simfaas), {what}: median {statistics.median(ratios):.0f}×, "
              f"minimum {min(ratios):.0f}×, maximum {max(ratios):.0f}×")
    print(f"load average at the end {load_after[0]:.2f} (1 min) / {load_after[1]:.2f} (5 min)")


if __name__ == "__main__":
    main()
