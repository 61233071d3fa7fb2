#!/usr/bin/env python3
"""Drives callback-gateway/bench/stream.sh's measured rounds (see there) and prints the table.

Stream runs: POST /sim/stream/load on the simulator (DingTalk's side of the one connection): COUNT robot messages or
EVENTS events, IN_FLIGHT un-ACKed at a time; the simulator reports messages/s and frame -> first ACK p50/p99. The CPU
of gateway, simulator and broker is read from /proc/<pid>/stat just before and after the call.
HTTP runs: the simulator's load generator (--target robot|events) through bench/cpu_window.py, which reports the CPU
of the measured phase only. Round 0 warms every path up and is not recorded.
"""
import argparse
import json
import os
import statistics
import subprocess
import time
import urllib.request

TICK_MS = 1000.0 / os.sysconf("SC_CLK_TCK")


def cpu_ms(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK_MS


def post(url, body, timeout=3600):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read())


def load1():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def stream_run(a, pids, kind, count):
    before = {n: cpu_ms(p) for n, p in pids.items()}
    t = time.monotonic()
    r = post(a.sim + "/sim/stream/load", {"app": "bench", "kind": kind, "count": count, "inFlight": a.in_flight, "groups": 1000})
    wall = time.monotonic() - t
    after = {n: cpu_ms(p) for n, p in pids.items()}
    n = sum(r["outcomes"].values())
    return {"path": f"stream {kind}", "perSecond": r["perSecond"], "p50Ms": r["p50Ms"], "p99Ms": r["p99Ms"],
            "ok": r["outcomes"].get("SUCCESS" if kind == "event" else "200", 0), "count": n, "outcomes": r["outcomes"],
            "wallSeconds": wall,
            "cpuUsPerMsg": {k: 1000.0 * (after[k] - before[k]) / max(1, n) for k in pids}}


def http_run(a, pids, target, warmup):
    url = f"{a.gateway}/dingtalk/apps/bench/{'robot' if target == 'robot' else 'events'}"
    cmd = ["python3", "callback-gateway/bench/cpu_window.py"] + [f"{n}={p}" for n, p in pids.items()] + [
        "--", a.java, "-jar", a.generator, "load", "--target", target, "--url", url, "--app", "bench",
        "--duration", a.duration, "--concurrency", str(a.concurrency), "--event-loops", "1", "--json"]
    if warmup:
        cmd += ["--warmup", str(warmup)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    r = json.loads(out)
    n = max(1, r["requests"])
    return {"path": f"http {target}", "perSecond": r["ok"] / r["seconds"], "p50Ms": r["p50Ms"], "p99Ms": r["p99Ms"],
            "ok": r["ok"], "count": r["requests"], "errors": r["errors"],
            "cpuUsPerMsg": {k: 1000.0 * v / n for k, v in r["cpuMs"].items() if v is not None}}


def main():
    p = argparse.ArgumentParser()
    for o in ["results", "sim", "gateway", "java", "generator", "duration"]:
        p.add_argument("--" + o, required=True)
    for o in ["runs", "count", "events", "in-flight", "concurrency", "warmup"]:
        p.add_argument("--" + o, type=int, required=True)
    p.add_argument("--pid", action="append", default=[])
    a = p.parse_args()
    pids = dict(x.split("=", 1) for x in a.pid)
    rows = []
    for run in range(a.runs + 1):
        label = "warm-up" if run == 0 else f"round {run}"
        for fn in (lambda: stream_run(a, pids, "robot", a.count),
                   lambda: stream_run(a, pids, "event", a.events),
                   lambda: http_run(a, pids, "robot", a.warmup),
                   lambda: http_run(a, pids, "events", a.warmup)):
            r = fn()
            r["loadAvg"] = load1()
            r["round"] = run
            print(f"[bench] {label}: {json.dumps(r)}", flush=True)
            if run > 0:
                rows.append(r)
                with open(a.results, "a") as f:
                    f.write(json.dumps(r) + "\n")
    med = lambda xs: statistics.median(xs) if xs else float("nan")
    print(f"\nStream vs HTTP ingress, medians of {a.runs} rounds (Stream: one connection, {a.in_flight} frames in flight; "
          f"HTTP: {a.concurrency} requests in flight, {a.duration})")
    print(f"{'path':<16}{'msgs/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'not ok':>8}"
          f"{'core-us/msg: gateway':>22}{'simulator':>11}{'broker':>8}{'generator':>11}{'load':>6}")
    for path in ["stream robot", "http robot", "stream event", "http events"]:
        rs = [r for r in rows if r["path"] == path]
        if not rs:
            continue
        cpu = lambda k: med([r["cpuUsPerMsg"][k] for r in rs if k in r["cpuUsPerMsg"]])
        print(f"{path:<16}{med([r['perSecond'] for r in rs]):>9.0f}{med([r['p50Ms'] for r in rs]):>9.2f}"
              f"{med([r['p99Ms'] for r in rs]):>9.2f}{sum(r['count'] - r['ok'] for r in rs):>8}"
              f"{cpu('gateway'):>22.1f}{cpu('simulator'):>11.1f}{cpu('broker'):>8.1f}{cpu('generator'):>11.1f}"
              f"{med([r['loadAvg'] for r in rs]):>6.1f}")
    print("(Stream: the simulator is DingTalk's side and generates the load, so its CPU is the generator's; "
          "HTTP: the simulator process idles, the load generator is its own JVM.)")


if __name__ == "__main__":
    main()
