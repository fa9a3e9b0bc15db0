#!/usr/bin/env python3
"""A general-purpose CP-SAT model of the placement problem, for comparison with Kadry.

Usage: python3 Scripts/cpsat.py INSTANCE.json[.gz] [--time-limit S] [--out RESULT.json]

Eligibility and scores come from ../shared/spec/check.py (the independent
checker), so the model is the spec's, not Kadry's: one Boolean per eligible
(participant, need, route) triple, at most one per participant, positions per
need, seats per programme, maximise the sum of scores. Needs OR-Tools
(pip install ortools). Prints one line: objective, bound, status, seconds.
"""
import argparse
import importlib.util
import json
import math
import os
import sys
import time
from collections import defaultdict

here = os.path.dirname(os.path.abspath(__file__))
spec_path = os.path.join(here, "..", "..", "shared", "spec", "check.py")
spec = importlib.util.spec_from_file_location("check", spec_path)
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)

from ortools.sat.python import cp_model  # noqa: E402


def triples(inst):
    """Every eligible triple with its score, found through a coarse grid (rules 2 and 11 first)."""
    cell = 0.25
    grid = defaultdict(list)
    for nid, n in inst.needs.items():
        grid[(math.floor(n["loc"][0] / cell), (math.floor(n["loc"][1] / cell) + 720) % 1440 - 720)].append(nid)
    progs = list(inst.programmes.items())
    out = []
    for pid, p in inst.participants.items():
        lat, lon = p["loc"]
        r = float(p["maxCommute"])
        dlat = r / 111.19 * 1.01 + 1e-9
        dlon = dlat / max(1e-6, math.cos(math.radians(min(90.0, abs(lat) + dlat))))
        if dlat >= 90 or dlon >= 180:  # a commute that spans the globe: every need
            near = list(inst.needs)
        else:
            near = []
            for i in range(math.floor((lat - dlat) / cell), math.floor((lat + dlat) / cell) + 1):
                for j in range(math.floor((lon - dlon) / cell), math.floor((lon + dlon) / cell) + 1):
                    # wrap across the antimeridian (cells are 0.25 degrees, 1440 to a turn)
                    jj = (j + 720) % 1440 - 720
                    near.extend(grid.get((i, jj), ()))
        reach = [(tid, t) for tid, t in progs
                 if t["seats"] > 0 and check.haversine(lat, lon, t["loc"][0], t["loc"][1]) <= r]
        for nid in near:
            n = inst.needs[nid]
            bad, d = check.check_route(inst, p, n, None)
            if not bad:
                s, _ = check.score(inst, p, n, None, d)
                if s > 0:
                    out.append((pid, nid, None, s))
            if any(b.startswith(("rule 2", "rule 3", "rule 4", "rule 5", "rule 6", "rule 7")) for b in bad):
                continue
            for tid, t in reach:
                bad_t, d = check.check_route(inst, p, n, t)
                if not bad_t:
                    s, _ = check.score(inst, p, n, t, d)
                    if s > 0:
                        out.append((pid, nid, tid, s))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("instance")
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--out")
    args = ap.parse_args()
    started = time.time()
    inst = check.parse_instance(check.load_json(args.instance))
    ts = triples(inst)
    if any(s.denominator != 1 for *_, s in ts):
        sys.exit("cpsat.py handles integer scores only")
    built = time.time()
    m = cp_model.CpModel()
    x = [m.NewBoolVar("") for _ in ts]
    by_p, by_n, by_t = defaultdict(list), defaultdict(list), defaultdict(list)
    for v, (pid, nid, tid, _) in zip(x, ts):
        by_p[pid].append(v)
        by_n[nid].append(v)
        if tid is not None:
            by_t[tid].append(v)
    for vs in by_p.values():
        m.AddAtMostOne(vs)
    for nid, vs in by_n.items():
        m.Add(sum(vs) <= inst.needs[nid]["positions"])
    for tid, vs in by_t.items():
        m.Add(sum(vs) <= inst.programmes[tid]["seats"])
    m.Maximize(sum(int(s) * v for v, (*_, s) in zip(x, ts)))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, args.time_limit - (built - started))
    solver.parameters.num_workers = 2
    status = solver.Solve(m)
    elapsed = time.time() - started
    objective = int(solver.ObjectiveValue()) if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else 0
    bound = int(solver.BestObjectiveBound()) if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None
    if args.out and status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        placements = [{"participant": pid, "need": nid, "programme": tid, "score": int(s)}
                      for v, (pid, nid, tid, s) in zip(x, ts) if solver.Value(v)]
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump({"format": "kadry-result/1", "objective": objective, "bound": bound, "placements": placements}, f)
    print(f"cpsat triples={len(ts)} objective={objective} bound={bound} status={solver.StatusName(status)} "
          f"seconds={elapsed:.2f} (model built in {built - started:.2f})")


if __name__ == "__main__":
    main()
