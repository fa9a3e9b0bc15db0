#!/usr/bin/env python3
"""Solves a placement problem exactly and compares the optimum with Kadry's result.

    python3 Scripts/exact-check.py INSTANCE.json[.gz] [RESULT.json] [--spec DIR] [--parts]
    python3 Scripts/exact-check.py --batch N [--seed S] [--sizes 20,50,100,200,400] [--time-limit 3]
                                   [--carve INSTANCE.json[.gz]]

The routes come from the spec's own checker (../shared/spec/check.py: every
useful route of matching-v1, enumerated without trusting Kadry), split into
connected parts; each part is a 0/1 programme (one placement per participant,
positions per need, seats per programme; maximise the scores) solved by HiGHS
through scipy.optimize.milp. With RESULT, prints Kadry's objective and bound
beside the optimum and exits 1 when the bound is below the optimum, when a
result that claims optimality (bound = objective) is not optimal, or when the
spec's checker rejects the result or does not certify its bound. --parts also
prints every part where Kadry's placements score less than the part's optimum.

--batch N makes N seeded random instances (`kadry generate`, then reshaped: as
generated, "dense" around three towns with three times the commute, "scarce"
with 0–2 seats a course, "policy" with other weights), solves each with the
release build and checks: the result accepted by the spec's checker with its
bound certified, the objective never above the optimum, the bound never below
it, and optimality claimed only where it holds. Failing instances
are kept in the working folder it names. Exit 1 on any failure.

--carve takes the instances from another generator's instead of `kadry generate`:
each is the disc around a random participant of INSTANCE (say the shared
../shared/spec/instances/clustered-XL-3) that holds the size drawn, with every
need and programme inside it, so its towns keep their own density and mix
("carved"); then seats cut to 0–2 a course ("scarce") or other weights ("policy"),
as for generated ones.

Needs scipy (pip install scipy).
"""
import gzip
import importlib.util
import json
import os
import sys

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix


def load_checker(spec_dir):
    path = os.path.join(spec_dir, "check.py")
    spec = importlib.util.spec_from_file_location("kadry_spec_check", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def solve_part(part):
    """The part's optimum (in the part's units: score × part.den) and its placements."""
    columns = [(pid, nid, tid, s) for pid, trs in part.triples.items() for nid, tid, s in trs]
    if not columns:
        return 0, []
    rows, cols, vals, upper = [], [], [], []
    index = {}

    def row(key, cap):
        if key not in index:
            index[key] = len(upper)
            upper.append(cap)
        return index[key]

    for j, (pid, nid, tid, _) in enumerate(columns):
        for key, cap in [(("p", pid), 1), (("n", nid), part.positions[nid])] + ([(("t", tid), part.seats[tid])] if tid is not None else []):
            rows.append(row(key, cap))
            cols.append(j)
            vals.append(1)
    a = coo_matrix((vals, (rows, cols)), shape=(len(upper), len(columns))).tocsr()
    c = -np.array([s for _, _, _, s in columns], dtype=float)
    res = milp(c, constraints=LinearConstraint(a, -np.inf, np.array(upper, dtype=float)),
               integrality=np.ones(len(columns)), bounds=Bounds(0, 1), options={"mip_rel_gap": 0})
    if res.status != 0:
        raise RuntimeError(f"HiGHS: {res.message}")
    chosen = [columns[j] for j in range(len(columns)) if res.x[j] > 0.5]
    return sum(s for _, _, _, s in chosen), chosen


def optimum_of(check, doc):
    from fractions import Fraction
    inst = check.parse_instance(doc)
    parts, _ = check.certificate_parts(inst, check.useful_triples(inst))
    return sum((Fraction(solve_part(p)[0], p.den) for p in parts), Fraction(0))


def distance_km(a, b):
    from math import asin, cos, radians, sin, sqrt
    dlat, dlon = radians(b["lat"] - a["lat"]), radians(b["lon"] - a["lon"])
    h = sin(dlat / 2) ** 2 + cos(radians(a["lat"])) * cos(radians(b["lat"])) * sin(dlon / 2) ** 2
    return 2 * 6371.0 * asin(sqrt(h))


def carve(source, size, rng):
    """The disc around a random participant of `source` that holds `size` participants, with every need
    and programme inside it; the institutions and cooperatives those name."""
    centre = rng.choice(source["participants"])["location"]
    people = sorted(source["participants"], key=lambda p: distance_km(centre, p["location"]))[:size]
    radius = distance_km(centre, people[-1]["location"])
    inside = lambda x: distance_km(centre, x["location"]) <= radius
    doc = {key: value for key, value in source.items() if key not in ("participants", "needs", "programmes")}
    doc["participants"] = [dict(p) for p in people]
    doc["needs"] = [dict(n) for n in source["needs"] if inside(n)]
    doc["programmes"] = [dict(t) for t in source["programmes"] if inside(t)]
    named = {p["institution"] for p in doc["participants"]} | {t["provider"] for t in doc["programmes"]}
    doc["institutions"] = [i for i in source["institutions"] if i["id"] in named]
    employers = {n["cooperative"] for n in doc["needs"]}
    doc["cooperatives"] = [c for c in source["cooperatives"] if c["id"] in employers]
    return doc


def verify(check, doc, result):
    """What the spec's checker finds wrong with a result: its own problems, and a bound its
    certificate does not prove."""
    report = check.check(check.parse_instance(doc), result)
    problems = [f"check.py: {m}" for m in report["problems"][:3]]
    if result.get("bound") is not None and not report.get("bound_certified"):
        problems.append("check.py: the bound is not certified")
    return problems


def batch(check, count, seed, sizes, time_limit, source=None):
    import random
    import subprocess
    import tempfile
    from fractions import Fraction
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    kadry = os.path.join(root, ".build", "release", "kadry")
    subprocess.run(["swift", "build", "-c", "release", "--product", "kadry"], cwd=root, check=True, capture_output=True)
    work = tempfile.mkdtemp(prefix="kadry-exact-")
    rng = random.Random(seed)

    def reshape(d, shape):
        if shape in ("plain", "carved"):
            return
        if source is not None:
            for t in d["programmes"]:
                t["seats"] = rng.choice([0, 1, 1, 2] if shape == "scarce" else [1, 3, 6])
        else:
            towns = [(52.2 + rng.random(), 18.2 + rng.random()) for _ in range(3)]
            for key in ["participants", "needs", "programmes"]:
                for x in d[key]:
                    t = rng.choice(towns)
                    x["location"] = {"lat": round(t[0] + rng.gauss(0, 0.05), 5), "lon": round(t[1] + rng.gauss(0, 0.05), 5)}
            factor, seats = {"dense": (3, [1, 2, 5, 10]), "scarce": (2, [0, 1, 1, 2]), "policy": (2, [1, 3, 6])}[shape]
            for p in d["participants"]:
                p["maxCommuteKm"] = p["maxCommuteKm"] * factor
            for t in d["programmes"]:
                t["seats"] = rng.choice(seats)
        if shape == "policy":
            d["policy"] = {"priorityWeight": rng.choice([100, 1000, 3000]), "trainingPenalty": rng.choice([0, 500, 2000]),
                           "distancePenaltyPerKm": rng.choice([0.5, 1, 10]), "preferenceBonus": rng.choice([0, 300])}

    import time
    failures = 0
    proven = 0
    last_report = time.monotonic()
    for k in range(count):
        size = rng.choice(sizes)
        if source is not None:
            shape = rng.choice(["carved", "carved", "scarce", "policy"])
            doc = carve(source, size, rng)
        else:
            shape = rng.choice(["plain", "dense", "scarce", "policy"])
            made = subprocess.run([kadry, "generate", "--participants", str(size), "--needs", str(max(2, size // 5)),
                                   "--programmes", str(max(1, size // 20)), "--seed", str(rng.randint(1, 10**6))],
                                  capture_output=True, text=True, check=True).stdout
            doc = json.loads(made)
        reshape(doc, shape)
        instance = os.path.join(work, f"{k}.instance.json")
        result = os.path.join(work, f"{k}.result.json")
        with open(instance, "w") as f:
            json.dump(doc, f)
        subprocess.run([kadry, "solve", instance, "--out", result, "--quiet", "--time-limit", str(time_limit)], check=True, capture_output=True)
        with open(result) as f:
            res = json.load(f)
        optimum = optimum_of(check, doc)
        objective = Fraction(str(res["objective"]))
        bound = Fraction(str(res["bound"])) if res.get("bound") is not None else None
        problems = verify(check, doc, res)
        if objective > optimum:
            problems.append(f"objective {objective} above the optimum")
        if bound is not None and bound < optimum:
            problems.append(f"bound {bound} below the optimum")
        if bound is not None and bound == objective:
            proven += 1
            if objective != optimum:
                problems.append(f"optimal claimed at {objective}")
        if problems:
            failures += 1
            print(f"FAIL {instance} ({size} participants, {shape}): optimum {optimum}; " + "; ".join(problems), flush=True)
        else:
            os.remove(instance)
            os.remove(result)
        # Every 25 instances, or a minute: instances of 2,000 participants take that long each.
        if (k + 1) % 25 == 0 or time.monotonic() - last_report >= 60:
            last_report = time.monotonic()
            print(f"{k + 1} instances, {failures} failures, {proven} proven optimal", flush=True)
    origin = " carved" if source is not None else ""
    print(f"{count}{origin} instances (sizes {sizes}, seed {seed}): {failures} failures, {proven} proven optimal (each checked against HiGHS)")
    return 1 if failures else 0


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    flags = [a for a in argv[1:] if a.startswith("--")]
    spec_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "spec")
    if "--spec" in argv:
        spec_dir = argv[argv.index("--spec") + 1]
        args.remove(spec_dir)
    if len(args) not in (1, 2) and "--batch" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    check = load_checker(spec_dir)
    if "--batch" in argv:
        def option(name, default):
            return argv[argv.index(name) + 1] if name in argv else default
        return batch(check, int(option("--batch", "300")), int(option("--seed", "1")),
                     [int(x) for x in option("--sizes", "20,50,100,200,400").split(",")], float(option("--time-limit", "3")),
                     load(option("--carve", None)) if "--carve" in argv else None)
    doc = load(args[0])
    inst = check.parse_instance(doc)
    triples = check.useful_triples(inst)
    parts, part_of = check.certificate_parts(inst, triples)
    from fractions import Fraction
    optimum = Fraction(0)
    best = []
    for part in parts:
        value, chosen = solve_part(part)
        optimum += Fraction(value, part.den)
        best.append(Fraction(value, part.den))
    print(f"optimum {optimum} ({len(parts)} parts, {sum(len(t) for t in triples.values())} useful routes)")
    if len(args) == 1:
        return 0
    result = load(args[1])
    objective = Fraction(str(result["objective"]))
    bound = Fraction(str(result["bound"])) if result.get("bound") is not None else None
    print(f"kadry   objective {objective}, bound {bound}")
    status = 0
    for problem in verify(check, doc, result):
        print(f"FAIL: {problem}")
        status = 1
    if bound is not None and bound < optimum:
        print(f"FAIL: the bound {bound} is below the optimum {optimum}")
        status = 1
    if bound is not None and bound == objective and objective != optimum:
        print(f"FAIL: proven optimal claimed at {objective}, the optimum is {optimum}")
        status = 1
    if "--parts" in flags:
        got = [Fraction(0)] * len(parts)
        for pl in result["placements"]:
            if pl["participant"] in part_of:
                got[part_of[pl["participant"]]] += Fraction(str(pl["score"]))
        for k, part in enumerate(parts):
            if got[k] != best[k]:
                print(f"part {k} (first participant {part.name}, {len(part.triples)} participants, "
                      f"{len(part.positions)} needs, {len(part.seats)} programmes): kadry {got[k]}, optimum {best[k]}")
    if status == 0:
        print("ok")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
