#!/usr/bin/env python3
"""Builds Catalog/demo/konin-grudziadz.json, the register `kadry demo` runs on.

The cooperatives, their service bundles and the institutions come from the
seeds (the Energia społeczna pilots in the Konin subregion; KIS Źródło in
Grudziądz). Participants are pseudonymous and generated from a fixed seed,
so the file is the same on every run. Usage: python3 Scripts/make-demo-register.py
"""
import json
import os
import random

rng = random.Random(2026)
AS_OF = "2026-12-01"

towns = {
    "Konin": (52.2230, 18.2511), "Kramsk": (52.2667, 18.4333), "Sompolno": (52.3917, 18.5083),
    "Rychwał": (52.0722, 18.1639), "Dąbie": (52.0864, 18.8217), "Golina": (52.2436, 17.9939),
    "Kleczew": (52.3703, 18.1769), "Ślesin": (52.3700, 18.3069), "Stare Miasto": (52.1833, 18.2167),
    "Grudziądz": (53.4837, 18.7536), "Łasin": (53.5186, 19.0856), "Rogóźno": (53.5300, 18.9300),
}

institutions = [
    {"id": "cis-konin", "kind": "CIS", "name": "Centrum Integracji Społecznej w Koninie", "location": towns["Konin"]},
    {"id": "kis-kramsk", "kind": "KIS", "name": "Klub Integracji Społecznej w Kramsku", "location": towns["Kramsk"]},
    {"id": "kis-zrodlo", "kind": "KIS", "name": "Klub Integracji Społecznej Fundacji Inicjatyw Społecznych „Źródło” w Grudziądzu", "location": towns["Grudziądz"]},
]

cooperatives = [
    ("ss-spektrum", "Konińska Spółdzielnia Socjalna Spektrum", "Konin"),
    ("ss-blues-hostel", "Spółdzielnia Socjalna Blues Hostel", "Konin"),
    ("ss-nasza-przyszlosc", "Sompoleńska Spółdzielnia Socjalna „Nasza Przyszłość”", "Sompolno"),
    ("ss-razem-do-sukcesu", "Spółdzielnia Socjalna Razem do sukcesu", "Kramsk"),
    ("ss-ale-smacznie", "Spółdzielnia Socjalna Ale Smacznie", "Dąbie"),
    ("ss-buszkowo", "Spółdzielnia Socjalna „Buszkowo”", "Kleczew"),
    ("ss-poryw", "Spółdzielnia Socjalna Poryw", "Rychwał"),
    ("ss-sport-i-rehabilitacja", "Spółdzielnia Socjalna Sport i Rehabilitacja", "Konin"),
    ("ss-razem-grudziadz", "Grudziądzka Spółdzielnia Socjalna Razem", "Grudziądz"),
]

CARE = ["kzis:341201", "kzis:532102", "kzis:341202", "kzis:532201", "kzis:341204"]
# (id, cooperative, service, title, positions, start, hours, requires, licence, priority)
needs = [
    ("N-01", "ss-spektrum", "small-children", "Opiekunka w sali doświadczania świata", 2, "2027-03-01", 30,
     [["kzis:532201", "kzis:531104", "kzis:342311"]], False, 4),
    ("N-02", "ss-spektrum", "nursery", "Opiekun w klubie dziecięcym", 1, "2027-04-01", 40,
     [["cert:nursery-carer-280h", "kzis:531104"], ["cert:first-aid"]], False, 5),
    ("N-03", "ss-blues-hostel", "respite-care", "Opiekun wytchnieniowy w hostelu", 3, "2027-02-01", 40,
     [CARE], False, 5),
    ("N-04", "ss-blues-hostel", "personal-assistance", "Asystent osobisty", 2, "2027-02-01", 20,
     [["kzis:516902", "kzis:341201", "kzis:532102", "kzis:341202", "kzis:532201", "kzis:531104", "kzis:341204", "kzis:515202"]], False, 3),
    ("N-05", "ss-nasza-przyszlosc", "respite-care", "Opiekun wytchnieniowy w domu podopiecznego", 2, "2027-03-01", 30,
     [CARE, ["cert:first-aid"]], True, 4),
    ("N-06", "ss-razem-do-sukcesu", "respite-care", "Opiekunka środowiskowa (opieka wytchnieniowa)", 2, "2027-01-15", 40,
     [CARE], False, 4),
    ("N-07", "ss-ale-smacznie", "meals", "Kucharz – dietetyczne posiłki", 1, "2027-02-01", 40,
     [["kzis:314403"], ["cert:sanitary"]], False, 3),
    ("N-08", "ss-ale-smacznie", "meals", "Kierowca – dowóz posiłków", 1, "2027-01-15", 30,
     [["kzis:832202"], ["cert:sanitary"]], True, 2),
    ("N-09", "ss-buszkowo", "companion", "Towarzysz – transport na zajęcia terapeutyczne", 2, "2027-02-15", 20,
     [["kzis:516902", "kzis:341201"]], True, 3),
    ("N-10", "ss-poryw", "care-services", "Opiekunka – usługi opiekuńczo-pielęgnacyjne", 3, "2027-03-01", 40,
     [["kzis:532102", "kzis:341202", "kzis:532201", "kzis:531104", "kzis:341204"]], False, 5),
    ("N-11", "ss-poryw", "renovation", "Złota rączka – drobne naprawy u seniorów", 1, "2027-01-15", 30,
     [["kzis:712303", "kzis:711205"]], True, 2),
    ("N-12", "ss-sport-i-rehabilitacja", "home-care", "Opiekunka domowa przy rehabilitacji w domu", 2, "2027-03-15", 30,
     [["kzis:515202", "kzis:532201"]], False, 3),
    ("N-13", "ss-sport-i-rehabilitacja", "advocacy", "Doradca – dofinansowanie sprzętu ortopedycznego", 1, "2027-01-15", 20,
     [], False, 2),
    ("N-14", "ss-razem-grudziadz", "care-services", "Opiekun osoby starszej – dzienny dom opieki", 3, "2027-03-01", 40,
     [["kzis:532102", "kzis:341202", "kzis:532201", "kzis:531104", "kzis:341204"], ["cert:first-aid"]], False, 5),
    ("N-15", "ss-razem-grudziadz", "home-care", "Opiekunka domowa", 2, "2027-02-01", 30,
     [["kzis:515202", "kzis:532201"]], False, 4),
    ("N-16", "ss-razem-grudziadz", "small-children", "Opiekunka w klubie malucha", 1, "2027-04-01", 30,
     [["kzis:532201", "kzis:531104", "kzis:342311"]], False, 3),
]

programmes = [
    ("T-01", "Kurs opiekuna osoby starszej", "cis-konin", ["kzis:341202", "cert:first-aid"], "2027-01-04", "2027-02-26", 6, "Konin", "primary", 2400),
    ("T-02", "Kurs opiekunki domowej", "kis-kramsk", ["kzis:532201"], "2026-12-07", "2027-01-29", 4, "Kramsk", "primary", 1800),
    ("T-03", "Szkolenie opiekuna w żłobku – 280 godzin", "Ośrodek Szkoleniowy w Koninie", ["cert:nursery-carer-280h", "cert:first-aid"], "2026-12-14", "2027-03-19", 2, "Konin", "secondary", 3200),
    ("T-04", "Kurs opiekuna osoby starszej (Grudziądz)", "kis-zrodlo", ["kzis:341202", "cert:first-aid"], "2027-01-04", "2027-02-26", 3, "Grudziądz", "primary", 2200),
    ("T-07", "Kurs opiekunki domowej (Grudziądz)", "kis-zrodlo", ["kzis:532201"], "2027-01-04", "2027-01-29", 2, "Grudziądz", "primary", 1600),
    ("T-05", "Kurs pierwszej pomocy", "Polski Czerwony Krzyż", ["cert:first-aid"], "2027-01-11", "2027-01-13", 10, "Konin", "none", 150),
    ("T-06", "Badania i orzeczenie sanitarno-epidemiologiczne", "Stacja Sanitarno-Epidemiologiczna", ["cert:sanitary"], "2026-12-02", "2026-12-16", 8, "Konin", "none", 120),
]

occupation_pool = ["kzis:532201", "kzis:341202", "kzis:341201", "kzis:532102", "kzis:341204", "kzis:531104",
                   "kzis:515202", "kzis:314403", "kzis:832202", "kzis:712303", "kzis:342311", "kzis:516902"]
services = ["respite-care", "care-services", "home-care", "small-children", "nursery", "meals", "companion",
            "personal-assistance", "renovation", "advocacy"]


def jitter(town, km):
    lat, lon = towns[town]
    return {"lat": round(lat + rng.uniform(-km, km) / 111.0, 4), "lon": round(lon + rng.uniform(-km, km) / 68.0, 4)}


participants = []
groups = [("cis-konin", ["Konin", "Golina", "Stare Miasto", "Kleczew", "Rychwał"], 16),
          ("kis-kramsk", ["Kramsk", "Sompolno", "Ślesin", "Dąbie"], 10),
          ("kis-zrodlo", ["Grudziądz", "Łasin", "Rogóźno"], 14)]
n = 0
for inst, places, count in groups:
    for _ in range(count):
        n += 1
        town = rng.choice(places)
        creds = []
        for code in rng.sample(occupation_pool, rng.choice([0, 0, 1, 1, 1, 2])):
            creds.append({"code": code, "obtained": f"20{rng.randint(15, 25)}-0{rng.randint(1, 9)}-15"})
        if rng.random() < 0.45:
            creds.append({"code": "cert:first-aid", "obtained": f"202{rng.randint(3, 6)}-0{rng.randint(1, 9)}-10"})
        if rng.random() < 0.2:
            creds.append({"code": "cert:sanitary", "obtained": f"202{rng.randint(2, 5)}-0{rng.randint(1, 9)}-01"})
        p = {
            "id": f"P-{n:03d}", "institution": inst, "location": jitter(town, 4),
            "maxCommuteKm": rng.choice([10, 15, 20, 25, 30, 40]),
            "availableFrom": rng.choice(["2026-12-01", "2027-01-02", "2027-02-01", "2027-03-01"]),
            "hoursPerWeek": rng.choice([20, 30, 40, 40]),
            "education": rng.choice(["primary", "vocational", "vocational", "secondary", "higher"]),
            "drivingLicence": rng.random() < 0.4,
            "clearances": ["criminal-record"] if rng.random() < 0.9 else [],
            "credentials": creds,
            "preferredServices": rng.sample(services, rng.choice([0, 1, 2])),
            "excludedServices": rng.sample(services, rng.choice([0, 0, 1])),
            "programmeEnds": rng.choice(["2027-01-31", "2027-03-31", "2027-06-30", "2027-09-30"]),
        }
        participants.append(p)

doc = {
    "format": "kadry-instance/1",
    "asOf": AS_OF,
    "policy": {},
    "credentials": [],
    "institutions": [dict(i, location={"lat": i["location"][0], "lon": i["location"][1]}) for i in institutions],
    "cooperatives": [{"id": c, "name": name, "location": {"lat": towns[t][0], "lon": towns[t][1]}} for c, name, t in cooperatives],
    "participants": participants,
    "programmes": [
        {"id": i, "title": title, "provider": prov, "grants": grants, "start": s, "end": e, "seats": seats,
         "location": {"lat": towns[t][0], "lon": towns[t][1]}, "minEducation": edu, "costPln": cost}
        for i, title, prov, grants, s, e, seats, t, edu, cost in programmes
    ],
    "needs": [
        {"id": i, "cooperative": c, "service": svc, "title": title, "positions": pos, "start": start,
         "hoursPerWeek": hours, "location": dict(zip(("lat", "lon"), next((towns[t] for cid, _, t in cooperatives if cid == c)))),
         "requires": req, "requiresDrivingLicence": lic, "requiresClearances": ["criminal-record"], "priority": prio}
        for i, c, svc, title, pos, start, hours, req, lic, prio in needs
    ],
}
out = os.path.join(os.path.dirname(__file__), "..", "Catalog", "demo", "konin-grudziadz.json")
with open(out, "w", encoding="utf-8") as f:
    json.dump(doc, f, ensure_ascii=False, indent=1)
    f.write("\n")
print(f"wrote {os.path.normpath(out)}: {len(participants)} participants, {len(needs)} needs, {len(programmes)} programmes")
