#!/usr/bin/env python3
"""Where the engine's instructions go per event kind, from a callgrind profile of a build with
`--features coldstart-core/profile-events` (each event kind's handler kept out of line).

Reads the callgrind output file and prints, per handler: how many times it ran, the
instructions it cost in all (inclusive: what it called too) and per call, and its share of the
whole program. `bench/event_profile.sh` builds, profiles and calls this.

    python3 bench/event_profile.py callgrind.out [requests]
"""

import re
import sys

# Handler (function name suffix) -> what the row is called in docs/benchmarks.md.
HANDLERS = [
    ("Simulation::on_arrival", "arrival (next arrival drawn, request admitted and started)"),
    ("Simulation::on_complete", "completion (billing, environment idle, outcome recorded)"),
    ("Simulation::on_init_done", "init done"),
    ("Simulation::on_idle_check", "idle check (keep-alive / lifetime)"),
    ("Simulation::on_retry", "async retry"),
    ("Simulation::on_poll", "stream poll"),
    ("Simulation::on_provisioned_change", "provisioned change"),
    ("Simulation::on_deploy", "deploy"),
    ("Simulation::integrate", "time integrals (every event)"),
    ("Simulation::new", "set-up (validation, samplers, histograms)"),
    ("Simulation::report", "report"),
]


def parse(path):
    """Total Ir, and per callee name: (calls, inclusive Ir) summed over its call sites."""
    names = {}
    calls = {}
    total = None
    pending = None  # (callee, count) waiting for its cost line
    fn_re = re.compile(r"^c?fn=\((\d+)\)(?: (.*))?$")
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith(("fn=", "cfn=")):
                m = fn_re.match(line)
                if m:
                    ident, name = m.group(1), m.group(2)
                    if name is not None:
                        names[ident] = name
                    if line.startswith("cfn="):
                        callee = names.get(ident, ident)
                continue
            if line.startswith("calls="):
                pending = (callee, int(line[6:].split()[0]))
                continue
            if pending is not None:
                cost = int(line.split()[-1])
                name, n = pending
                c, ir = calls.get(name, (0, 0))
                calls[name] = (c + n, ir + cost)
                pending = None
                continue
            if line.startswith("summary:") or line.startswith("totals:"):
                total = int(line.split()[-1])
    return total, calls


def main():
    path = sys.argv[1]
    requests = int(sys.argv[2]) if len(sys.argv) > 2 else None
    total, calls = parse(path)
    print(f"program total: {total:,} instructions", end="")
    print(f" ({total / requests:,.0f} per request)" if requests else "")
    print(f"{'event kind':<62} {'count':>12} {'Ir (incl.)':>16} {'per event':>10} {'share':>7}")
    for suffix, label in HANDLERS:
        hits = [(n, v) for n, v in calls.items() if n.endswith(suffix)]
        if not hits:
            continue
        count = sum(v[0] for _, v in hits)
        ir = sum(v[1] for _, v in hits)
        if count == 0:
            continue
        print(f"{label:<62} {count:>12,} {ir:>16,} {ir / count:>10,.0f} {100 * ir / total:>6.1f}%")


if __name__ == "__main__":
    main()
