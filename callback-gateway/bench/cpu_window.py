#!/usr/bin/env python3
"""Runs one load generator command and reports the CPU each process spent while it measured.

usage: cpu_window.py <name=pid>... -- <generator command...>

The generator prints its report as one JSON line ({"seconds": ...}) right after its measured phase. The CPU time
(utime + stime from /proc/<pid>/stat) of every named process and of the generator itself is sampled every 50 ms,
and the figure reported is the CPU used in the last `seconds` before the report appeared: the measured phase only,
without the generator's JVM start, JIT warm-up and --warmup requests. Prints the report with "cpuMs": {name: ms}
added (the generator as "generator").
"""
import json
import os
import subprocess
import sys
import threading
import time

TICK_MS = 1000.0 / os.sysconf("SC_CLK_TCK")


def cpu_ms(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * TICK_MS  # utime, stime (fields 14, 15)
    except (OSError, IndexError, ValueError):
        return None


def main():
    sep = sys.argv.index("--")
    procs = dict(a.split("=", 1) for a in sys.argv[1:sep])
    cmd = sys.argv[sep + 1:]
    gen = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    procs["generator"] = str(gen.pid)
    samples = []  # (monotonic time, {name: cpu ms})
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            samples.append((time.monotonic(), {n: cpu_ms(p) for n, p in procs.items()}))
            time.sleep(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    report, reported_at = None, None
    for line in gen.stdout:
        if line.startswith("{"):
            report, reported_at = json.loads(line), time.monotonic()
            break
    samples.append((time.monotonic(), {n: cpu_ms(p) for n, p in procs.items()}))
    stop.set()
    gen.stdout.read()
    gen.wait()
    if report is None:
        sys.exit(f"no report from {' '.join(cmd)} (exit {gen.returncode})")
    start = reported_at - report["seconds"]

    def at(ts, name):  # linear interpolation between the samples around ts
        before = [s for s in samples if s[0] <= ts and s[1][name] is not None]
        after = [s for s in samples if s[0] >= ts and s[1][name] is not None]
        if not before or not after:
            return None
        (t0, v0), (t1, v1) = (before[-1][0], before[-1][1][name]), (after[0][0], after[0][1][name])
        return v0 if t1 == t0 else v0 + (v1 - v0) * (ts - t0) / (t1 - t0)

    report["cpuMs"] = {}
    for name in procs:
        a, b = at(start, name), at(reported_at, name)
        report["cpuMs"][name] = None if a is None or b is None else round(b - a, 1)
    print(json.dumps(report))


main()
