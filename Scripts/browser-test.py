#!/usr/bin/env python3
"""The pages in a real browser: the whole pipeline as each role does it, in Chromium.

Sets up a register from the sample spreadsheets with one account per role (as
README says, through `kadry init`, `kadry import` and `kadry user add`), starts
`kadry serve` on a free port, and drives Debian's Chromium through Playwright:

  1. an institution uploads a participants spreadsheet (a bad one first: every
     problem listed, nothing written), then adds a participant through the form;
  2. a cooperative posts a need through the form;
  3. the committee runs the matcher, approves a proposal with a reason and
     rejects another;
  4. the cooperative records the hire;
  5. the committee opens the quarterly report, tries one more seat in a
     programme (what if) and opens the audit log.

Every page visited is checked with axe-core (axe-playwright-python): a serious
or critical violation fails the run. Screenshots go to the output folder.

Usage: Scripts/browser-test.py [--kadry .build/debug/kadry] [--out .build/browser]
Needs: Debian's chromium; `pip install playwright axe-playwright-python`
(Playwright's own browser download is not needed: it uses /usr/bin/chromium).
"""

import argparse
import datetime
import os
import pathlib
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect, sync_playwright

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
TODAY = datetime.date.today()


class Run:
    def __init__(self, kadry: str, out: pathlib.Path):
        self.kadry = kadry
        self.out = out
        self.axe = Axe()
        self.checked: set[str] = set()
        self.failures: list[str] = []
        self.shots = 0

    def check_page(self, page: Page, what: str) -> None:
        """Axe on the page as it stands, once per path; a screenshot of it."""
        self.shots += 1
        page.screenshot(path=str(self.out / f"{self.shots:02d}-{what}.png"), full_page=True)
        path = re.sub(r"/[A-Z]-[0-9A-Z]{10}", "/ID", page.url.split("?")[0].split("//", 1)[1].split("/", 1)[-1])
        key = f"{path}#{what}"
        if key in self.checked:
            return
        self.checked.add(key)
        results = self.axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
                self.failures.append(f"{what} (/{path}): {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kadry(run: Run, env: dict, *args: str) -> str:
    done = subprocess.run([run.kadry, *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"kadry {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def log_in(page: Page, base: str, login: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Login").fill(login)
    page.get_by_label("Hasło").fill(password)
    page.get_by_role("button", name="Zaloguj").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Co wymaga uwagi")


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Wyloguj").click()
    expect(page).to_have_url(re.compile(r"/login$"))


def institution(run: Run, page: Page, base: str, password: str, work: pathlib.Path) -> None:
    log_in(page, base, "anna.cis", password)
    run.check_page(page, "instytucja-start")
    page.get_by_role("link", name="Uczestnicy").first.click()
    run.check_page(page, "instytucja-uczestnicy")
    page.get_by_role("link", name="Wczytaj arkusz").click()
    run.check_page(page, "instytucja-wczytaj")
    header = "Identyfikator;Instytucja;Sygnatura;Miejscowość;Powiat;Maksymalny dojazd (km);Dostępny od;Godziny tygodniowo;Wykształcenie;Zaświadczenia;Kwalifikacje;Preferowane usługi\n"
    bad = work / "uczestnicy-z-bledami.csv"
    bad.write_text(header + ";;PRZEGLĄDARKA/9;Konin;;dużo;01.11.2026;40;średnie;;;\n;kis-kramsk;PRZEGLĄDARKA/8;Konin;;20;01.11.2026;40;średnie;;;\n",
                   encoding="utf-8")
    page.get_by_label("Plik arkusza (CSV)").set_input_files(str(bad))
    page.get_by_role("button", name="Wczytaj").click()
    expect(page.get_by_role("alert")).to_contain_text("Nic nie zapisano: arkusz ma 2 problemy.")
    expect(page.get_by_role("cell", name="wiersz 2, kolumna F")).to_be_visible()
    run.check_page(page, "instytucja-wczytaj-problemy")
    good = work / "uczestnicy.csv"
    rows = "".join(f";;PRZEGLĄDARKA/{i};Konin;koniński;25;01.11.2026;40;średnie;zaświadczenie o niekaralności;kzis:341202@15.06.2024;usługa wytchnieniowa\n"
                   for i in (1, 2))
    good.write_text(header + rows, encoding="utf-8")
    page.get_by_label("Plik arkusza (CSV)").set_input_files(str(good))
    page.get_by_role("button", name="Wczytaj").click()
    expect(page.get_by_role("status")).to_contain_text("Wczytano plik uczestnicy.csv: dodano 2, zmieniono 0, bez zmian 0.")
    # One more through the form: a problem first (a number that is none), then saved.
    page.goto(f"{base}/uczestnicy")
    page.get_by_role("link", name="Dodaj uczestnika").click()
    run.check_page(page, "instytucja-nowy-uczestnik")
    page.get_by_label("Sygnatura").fill("PRZEGLĄDARKA/3")
    page.get_by_label("Miejscowość").fill("Kramsk")
    page.get_by_label("Maksymalny dojazd (km)").fill("dwadzieścia")
    page.get_by_label("Dostępny od").fill("2026-11-01")
    page.get_by_label("Godziny tygodniowo").fill("30")
    page.get_by_label("Wykształcenie").select_option("secondary")
    page.get_by_label("zaświadczenie o niekaralności").check()
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("alert")).to_contain_text("Nie zapisano: 1 pole wymaga poprawy.")
    expect(page.get_by_label("Sygnatura")).to_have_value("PRZEGLĄDARKA/3")
    run.check_page(page, "instytucja-nowy-uczestnik-problemy")
    page.get_by_label("Maksymalny dojazd (km)").fill("20")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("status")).to_contain_text("Zapisano.")
    run.check_page(page, "instytucja-uczestnik")
    log_out(page)


def cooperative_posts_need(run: Run, page: Page, base: str, password: str) -> None:
    log_in(page, base, "blues", password)
    run.check_page(page, "spoldzielnia-start")
    page.get_by_role("link", name="Potrzeby").first.click()
    run.check_page(page, "spoldzielnia-potrzeby")
    page.get_by_role("link", name="Dodaj potrzebę").click()
    page.get_by_label("Usługa").select_option("respite-care")
    page.get_by_label("Stanowisko").fill("Opiekun wytchnieniowy z przeglądarki")
    page.get_by_label("Liczba stanowisk").fill("2")
    page.get_by_label("Początek").fill(TODAY.isoformat())
    page.get_by_label("Godziny tygodniowo").fill("40")
    page.get_by_label("Miejscowość").fill("Konin")
    page.get_by_label("Powiat").fill("Konin")
    page.get_by_label("Wymagane kwalifikacje").fill("kzis:341202")
    page.get_by_label("Priorytet").fill("5")
    run.check_page(page, "spoldzielnia-nowa-potrzeba")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("status")).to_contain_text("Zapisano.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Potrzeba")
    log_out(page)


def committee_reviews(run: Run, page: Page, base: str, password: str) -> None:
    log_in(page, base, "komitet", password)
    run.check_page(page, "komitet-start")
    page.get_by_role("link", name="Propozycje").first.click()
    page.get_by_label("Stan na dzień").fill(TODAY.isoformat())
    page.get_by_role("button", name="Uruchom dopasowanie").click()
    expect(page.get_by_role("status")).to_contain_text("Dopasowanie nr")
    run.check_page(page, "komitet-propozycje")
    ours = page.locator("section.proposal").filter(has_text="Opiekun wytchnieniowy z przeglądarki").filter(has_text="PRZEGLĄDARKA")
    expect(ours.first).to_be_visible()
    approve = ours.first
    heading = approve.get_by_role("heading").inner_text()
    approve.locator("input[value=approve]").check()
    approve.get_by_label("Uwaga do protokołu").fill("Zatwierdzone w teście przeglądarki")
    approve.get_by_role("button", name="Zapisz decyzję").click()
    expect(page.get_by_role("status")).to_contain_text("zatwierdz")
    # Reject another proposal, with a reason.
    other = page.locator("section.proposal").filter(has_not_text=heading.split(" · ")[0] + " ").first
    other.locator("input[value=reject]").check()
    other.get_by_label("Powód").select_option("cooperative-declined")
    other.get_by_role("button", name="Zapisz decyzję").click()
    expect(page.get_by_role("status")).to_contain_text("odrzuc")
    log_out(page)


def cooperative_hires(run: Run, page: Page, base: str, password: str) -> None:
    log_in(page, base, "blues", password)
    page.get_by_role("link", name="Propozycje").first.click()
    run.check_page(page, "spoldzielnia-propozycje")
    page.get_by_role("link", name="Zatrudnienia").first.click()
    run.check_page(page, "spoldzielnia-zatrudnienia")
    section = page.locator("section.proposal").filter(has_text="Opiekun wytchnieniowy z przeglądarki").first
    section.get_by_label("Pierwszy dzień pracy").fill(TODAY.isoformat())
    section.get_by_role("button", name="Zapisz zatrudnienie").click()
    expect(page.get_by_role("status")).to_contain_text("Zapisano zatrudnienie")
    run.check_page(page, "spoldzielnia-zatrudnione")
    log_out(page)


def committee_reports(run: Run, page: Page, base: str, password: str) -> None:
    log_in(page, base, "komitet", password)
    page.get_by_role("link", name="Raport kwartalny").first.click()
    expect(page.get_by_role("table").first).to_be_visible()
    run.check_page(page, "komitet-raport")
    page.get_by_role("link", name="Braki").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieobsadzone stanowiska i osoby bez propozycji")
    run.check_page(page, "komitet-braki")
    page.get_by_role("link", name=re.compile("^Osoby bez propozycji")).click()
    run.check_page(page, "komitet-braki-osoby")
    page.get_by_role("link", name="Co jeśli").first.click()
    page.get_by_label("Szkolenie").select_option("T-01")
    page.get_by_label("Zmiana liczby miejsc").select_option("1")
    page.get_by_role("button", name="Sprawdź").click()
    expect(page.get_by_role("heading", name="Wynik: przed → po")).to_be_visible()
    run.check_page(page, "komitet-co-jesli")
    page.get_by_role("link", name="Dziennik zmian").first.click()
    expect(page.get_by_role("cell", name=re.compile("anna.cis")).first).to_be_visible()
    run.check_page(page, "komitet-dziennik")
    page.get_by_role("link", name="Katalog usług").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Katalog usług")
    run.check_page(page, "katalog-uslug")
    page.get_by_role("link", name="Deklaracja dostępności").click()
    run.check_page(page, "deklaracja-dostepnosci")
    log_out(page)
    run.check_page(page, "logowanie")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kadry", default=str(ROOT / ".build/debug/kadry"))
    parser.add_argument("--out", default=str(ROOT / ".build/browser"))
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    run = Run(args.kadry, out)
    with tempfile.TemporaryDirectory(prefix="kadry-browser-") as folder:
        work = pathlib.Path(folder)
        env = dict(os.environ, KADRY_DB=str(work / "kadry.sqlite"), KADRY_LANG="pl", KADRY_USER="browser-test")
        env.pop("KADRY_TODAY", None)
        kadry(run, env, "init", "--committee", "komitet")
        for kind in ("institutions", "cooperatives", "participants", "programmes", "needs"):
            kadry(run, env, "import", kind, str(ROOT / f"Catalog/samples/{kind}.csv"))
        passwords = {}
        for org, role, login in (("cis-konin", "institution", "anna.cis"), ("ss-blues-hostel", "cooperative", "blues"),
                                 ("komitet", "committee", "komitet")):
            passwords[login] = kadry(run, env, "user", "add", "--org", org, "--role", role, "--login", login).strip()
        port = free_port()
        server = subprocess.Popen([run.kadry, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                context = browser.new_context(locale="pl-PL", viewport={"width": 1280, "height": 900})
                context.set_default_timeout(30_000)
                page = context.new_page()
                steps = [
                    ("instytucja wczytuje uczestników", lambda: institution(run, page, base, passwords["anna.cis"], work)),
                    ("spółdzielnia dodaje potrzebę", lambda: cooperative_posts_need(run, page, base, passwords["blues"])),
                    ("komitet dopasowuje i decyduje", lambda: committee_reviews(run, page, base, passwords["komitet"])),
                    ("spółdzielnia zapisuje zatrudnienie", lambda: cooperative_hires(run, page, base, passwords["blues"])),
                    ("komitet otwiera raport", lambda: committee_reports(run, page, base, passwords["komitet"])),
                ]
                for name, step in steps:
                    started = time.monotonic()
                    try:
                        step()
                    except Exception as error:  # a failed step: say which, keep its screenshot, stop
                        page.screenshot(path=str(out / "failed.png"), full_page=True)
                        print(f"FAILED: {name}: {error}", file=sys.stderr)
                        return 1
                    print(f"ok  {name} ({time.monotonic() - started:.1f} s)")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"axe-core: {len(run.checked)} pages checked, screenshots in {out}")
    if run.failures:
        print("Serious or critical accessibility violations:", file=sys.stderr)
        for failure in run.failures:
            print("  " + failure, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
