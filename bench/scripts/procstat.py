#!/usr/bin/env python3
"""Sample CPU time and RSS of process trees from /proc while a load test runs.

usage: procstat.py --out FILE --watch NAME:PID [--watch NAME:PID ...] [--seconds S] [--interval I]
       procstat.py --rss PID        (print the tree's current RSS in MB and exit: idle RSS)
Stops at SIGTERM/SIGINT or after --seconds and writes {NAME: {cpu_pct, rss_mb_max}, "host": {cpu_pct, steal_pct}}.
cpu_pct: 100 = one core busy for the whole window. A tree is PID plus its descendants (postmaster + backends).
"""
import argparse, json, os, signal, time

HZ = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def snapshot():
    """pid -> (ppid, cpu ticks, rss bytes) for every readable process."""
    snap = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                snap[int(name)] = (int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[21]) * PAGE)
            except (OSError, IndexError, ValueError):
                continue
    return snap


def members(root, snap):
    children = {}
    for pid, (ppid, _, _) in snap.items():
        children.setdefault(ppid, []).append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid in snap:
            found.append(pid)
            todo.extend(children.get(pid, ()))
    return found


def host():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return sum(v) - v[3] - v[4] - v[7], v[7], sum(v)  # busy, steal, total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out")
    ap.add_argument("--watch", action="append", default=[])
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--interval", type=float, default=0.25)
    ap.add_argument("--rss", type=int)
    a = ap.parse_args()
    if a.rss:
        snap = snapshot()
        print(round(sum(snap[p][2] for p in members(a.rss, snap)) / 2**20, 1))
        return
    watch = [(w.split(":")[0], int(w.split(":")[1])) for w in a.watch]
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    snap = snapshot()
    start = {n: {p: snap[p][1] for p in members(pid, snap)} for n, pid in watch}
    last = {n: dict(start[n]) for n, _ in watch}
    peak = {n: 0 for n, _ in watch}
    t0, h0 = time.time(), host()
    while not stop and time.time() - t0 < a.seconds:
        time.sleep(a.interval)
        snap = snapshot()
        for n, pid in watch:
            rss = 0
            for p in members(pid, snap):
                last[n][p] = snap[p][1]  # children that exit keep their last sample
                rss += snap[p][2]
            peak[n] = max(peak[n], rss)
    secs, h1 = max(time.time() - t0, 1e-3), host()
    k = 100.0 * os.cpu_count() / max(h1[2] - h0[2], 1)
    out = {"host": {"cpu_pct": round(k * (h1[0] - h0[0]), 1), "steal_pct": round(k * (h1[1] - h0[1]), 1)}}
    for n, _ in watch:
        ticks = sum(t - start[n].get(p, 0) for p, t in last[n].items())
        out[n] = {"cpu_pct": round(100.0 * ticks / HZ / secs, 1), "rss_mb_max": round(peak[n] / 2**20, 1)}
    with open(a.out, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
