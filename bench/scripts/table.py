#!/usr/bin/env python3
"""One table of medians from a bench.sh run: Strata vs the bare baseline vs the peers.

usage: table.py [--md] RESULTS_DIR
Reads RESULTS_DIR/results.jsonl (bench.sh) and, when present, RESULTS_DIR/peers/results.jsonl (peers' run.sh).
Per engine x scenario: median over runs of req/s, p50, p99, server CPU; errors summed over runs; RSS = peak.
Ratios: Strata req/s divided by the baseline's and by each peer's (Directus on the same engine, Parse on PostgreSQL).
"""
import json, os, statistics, sys

md = "--md" in sys.argv
d = [a for a in sys.argv[1:] if a != "--md"][0]


def load(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip()]


rows = load(os.path.join(d, "results.jsonl"))
peers = load(os.path.join(d, "peers", "results.jsonl"))
order = ["get", "list", "create", "update", "get_auth", "list_auth", "create_auth", "update_auth"]


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def agg(target, engine, scen):
    rs = [r for r in rows if r["target"] == target and r["engine"] == engine and r["scenario"] == scen]
    if not rs:
        return None
    return {"n": len(rs), "rps": med([r["rps"] for r in rs]), "p50": med([r["p50_ms"] for r in rs]),
            "p99": med([r["p99_ms"] for r in rs]), "err": sum(r["errors"] for r in rs),
            "cpu": med([r.get("server_cpu_pct") for r in rs]), "pg": med([r.get("pg_cpu_pct") for r in rs]),
            "rss": max((r.get("server_rss_mb") or 0) for r in rs), "host": med([r.get("host_cpu_pct") for r in rs]),
            "other": med([other(r) for r in rs])}


def other(r):
    """CPU used by everything but the server, PostgreSQL and wrk (other processes on the machine)."""
    if r.get("host_cpu_pct") is None:
        return None
    return max(0.0, r["host_cpu_pct"] - (r.get("server_cpu_pct") or 0) - (r.get("pg_cpu_pct") or 0) - (r.get("wrk_cpu_pct") or 0))


def peer(name, scen):
    """The peer's median req/s, or None; runs where more than 1 % of the requests failed do not count."""
    rs = [r for r in peers if r["peer"] == name and r["scenario"] == scen and r["errors"] <= 0.01 * max(r["requests"], 1)]
    return med([r["rps"] for r in rs]) if rs else None


def f(x, nd=0):
    if x is None:
        return "-"
    return f"{x:,.{nd}f}"


def ratio(a, b):
    return f"{a / b:.2f}" if a and b else "-"


head = ["engine", "scenario", "Strata req/s", "p50 ms", "p99 ms", "errors", "CPU %", "PG CPU %", "peak RSS MB",
        "baseline req/s", "b. p50", "b. p99", "b. errors", "b. CPU %", "Strata/baseline", "Directus req/s", "×Directus",
        "Parse(PG) req/s", "×Parse", "other CPU % (S/B)"]
table = []
engines = [e for e in ("sqlite", "pg") if any(r["engine"] == e for r in rows)]
scens = [s for s in order if any(r["scenario"] == s for r in rows)]
for e in engines:
    for s in scens:
        st, bl = agg("strata", e, s), agg("baseline", e, s)
        dx, pa = peer(f"directus-{e}", s), peer("parse-pg", s)
        srps = st and st["rps"]
        table.append([e, s, f(srps), f(st and st["p50"], 2), f(st and st["p99"], 2), f(st and st["err"]),
                      f(st and st["cpu"]), f(st and st["pg"]) if e == "pg" else "-", f(st and st["rss"]),
                      f(bl and bl["rps"]), f(bl and bl["p50"], 2), f(bl and bl["p99"], 2), f(bl and bl["err"]), f(bl and bl["cpu"]),
                      ratio(srps, bl and bl["rps"]), f(dx), ratio(srps, dx), f(pa), ratio(srps, pa),
                      f"{f(st and st['other'])}/{f(bl and bl['other'])}"])

runs = max([r["run"] for r in rows] or [0])
if md:
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join(["---"] * 2 + ["---:"] * (len(head) - 2)) + "|")
    for t in table:
        print("| " + " | ".join(t) + " |")
else:
    w = [max(len(str(x)) for x in col) for col in zip(head, *table)]
    for t in [head] + table:
        print("  ".join(str(x).rjust(w[i]) if i > 1 else str(x).ljust(w[i]) for i, x in enumerate(t)))
print()
idle = []
for e in engines:
    for t in ("strata", "baseline"):
        m = med([r["idle_rss_mb"] for r in rows if r["scenario"] == "idle" and r["target"] == t and r["engine"] == e])
        if m is not None:
            idle.append(f"{t} {e} {m:.0f} MB")
print(("Idle RSS (median, 1 s after start): " + ", ".join(idle)) if idle else "")
print(f"Medians of {runs} run(s); errors = non-2xx + socket errors summed over the runs; CPU % 100 = one core; "
      "other CPU % = the machine's CPU used by other processes\n"
      "(not the server, PostgreSQL or wrk) while Strata (S) / the baseline (B) was measured; 200 = both cores.")
if peers:
    print("Peers: one run of ../shared/bench/peers/run.sh in the same session (their README has medians of three);\n"
          "a peer figure with more than 1 % failed requests is left out (-).")
