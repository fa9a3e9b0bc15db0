/// The command line's option help in Polish, by its English words (the
/// English is in the code, where each option is declared).
extension Help {
    public static let polishOptions: [String: String] = [
        "The short name of one service, as in the list.":
            "Krótka nazwa jednej usługi, jak na liście.",
        "The placement problem (JSON or .json.gz).":
            "Problem dopasowania (JSON albo .json.gz).",
        "The result with its certificate.":
            "Wynik z certyfikatem.",
        "Run on this placement problem instead of the bundled one.":
            "Uruchom na tym problemie dopasowania zamiast dołączonego.",
        "The placement problem (JSON); '-' reads standard input.":
            "Problem dopasowania (JSON); '-' czyta standardowe wejście.",
        "The participant's id.":
            "Identyfikator uczestnika.",
        "One need's id; without it, every need is explained.":
            "Identyfikator jednej potrzeby; bez niego objaśniane są wszystkie.",
        "How many participants.":
            "Ilu uczestników.",
        "How many staffing needs.":
            "Ile potrzeb kadrowych.",
        "How many training cohorts.":
            "Ile edycji szkoleń.",
        "Seed: the same seed gives the same problem.":
            "Ziarno: to samo ziarno daje ten sam problem.",
        "sparse (towns across Poland), clustered (a town per 700 participants) or dense (a town per 4,000, everyone there in reach).":
            "sparse (miejscowości w całej Polsce), clustered (miasto na 700 uczestników) albo dense (miasto na 4000, wszyscy w zasięgu).",
        "Write here instead of standard output.":
            "Zapisz tutaj zamiast na standardowe wyjście.",
        "The register file (default: KADRY_DB, then ./kadry.sqlite).":
            "Plik rejestru (domyślnie: KADRY_DB, potem ./kadry.sqlite).",
        "Who does this, for the audit log (default: KADRY_USER, then the login name).":
            "Kto to robi — do dziennika zmian (domyślnie: KADRY_USER, potem nazwa użytkownika systemu).",
        "The cooperation committee the register serves (only its tokens carry the committee role).":
            "Komitet Współpracy, któremu służy rejestr (tylko jego tokeny mają rolę komitetu).",
        "What the file holds: institutions, cooperatives, participants, programmes or needs.":
            "Co zawiera plik: institutions, cooperatives, participants, programmes albo needs.",
        "The file (.csv or .json).":
            "Plik (.csv albo .json).",
        "csv or json (default: from the file name).":
            "csv albo json (domyślnie: według nazwy pliku).",
        "The CSV delimiter: ';', ',' or 'tab' (default: what the header row uses).":
            "Separator CSV: ';', ',' albo 'tab' (domyślnie: ten z wiersza nagłówka).",
        "utf-8, utf-16le, windows-1250 or iso-8859-2 (default: a byte-order mark, else UTF-8 when the bytes are valid UTF-8, else Windows-1250 or ISO-8859-2 by the Polish letters each reads).":
            "utf-8, utf-16le, windows-1250 albo iso-8859-2 (domyślnie: według znacznika BOM, inaczej UTF-8, gdy bajty są poprawnym UTF-8, inaczej Windows-1250 albo ISO-8859-2 według polskich liter, które każde odczytuje).",
        "Check the file and say what would change, without writing anything.":
            "Sprawdź plik i powiedz, co by się zmieniło, niczego nie zapisując.",
        "institutions, cooperatives, participants, programmes or needs.":
            "institutions, cooperatives, participants, programmes albo needs.",
        "The file to write (default: standard output).":
            "Plik do zapisania (domyślnie: standardowe wyjście).",
        "csv or json (default: from the --out file name, else csv).":
            "csv albo json (domyślnie: według nazwy pliku --out, inaczej csv).",
        "';' (default), ',' or 'tab'.":
            "';' (domyślnie), ',' albo 'tab'.",
        "utf-8 (default, with a byte-order mark), windows-1250 or iso-8859-2.":
            "utf-8 (domyślnie, ze znacznikiem BOM), windows-1250 albo iso-8859-2.",
        "The record's id.":
            "Identyfikator rekordu.",
        "participants or needs.":
            "participants albo needs.",
        "Why the record is closed.":
            "Dlaczego rekord jest zamykany.",
        "Free text for the audit log.":
            "Dowolny tekst do dziennika zmian.",
        "Where to write it (default: standard output).":
            "Gdzie zapisać (domyślnie: standardowe wyjście).",
        "The quarter, e.g. 2026Q1 (default: the current one).":
            "Kwartał, np. 2026Q1 (domyślnie: bieżący).",
        "md or csv.":
            "md albo csv.",
        "The day the problem is seen from (default: today).":
            "Dzień, na który patrzy dopasowanie (domyślnie: dziś).",
        "How long matching may take, about: the search stops early enough to leave time for explaining the proposals, and keeps the best found (saving them comes after).":
            "Ile, mniej więcej, może trwać dopasowanie: wyszukiwanie kończy się na tyle wcześnie, by starczyło czasu na objaśnienie propozycji, i zachowuje najlepszy znaleziony wynik (zapis następuje potem).",
        "Do not show progress while solving.":
            "Nie pokazuj postępu podczas rozwiązywania.",
        "A JSON file with the score weights (matching-v1 policy, e.g. {\"priorityWeight\": 1000}); default: the spec's defaults.":
            "Plik JSON z wagami punktacji (policy z matching-v1, np. {\"priorityWeight\": 1000}); domyślnie: wagi ze specyfikacji.",
        "The run (default: the newest; with --status, every run).":
            "Dopasowanie (domyślnie: najnowsze; z --status: wszystkie).",
        "Only proposals for this cooperative's needs.":
            "Tylko propozycje na potrzeby tej spółdzielni.",
        "Only proposals of this institution's participants.":
            "Tylko propozycje dla uczestników tej instytucji.",
        "Only proposals for this need.":
            "Tylko propozycje na tę potrzebę.",
        "proposed, approved, rejected or deferred.":
            "proposed, approved, rejected, deferred albo superseded.",
        "approve, reject, defer or withdraw.":
            "approve (zatwierdź), reject (odrzuć), defer (odłóż) albo withdraw (wycofaj decyzję).",
        "The proposal number (see `kadry proposals`).":
            "Numer propozycji (zob. `kadry proposals`).",
        "Free text for the minutes.":
            "Dowolny tekst do protokołu.",
        "The proposal number.":
            "Numer propozycji.",
        "The first day of work.":
            "Pierwszy dzień pracy.",
        "3, 6 or 12.":
            "3, 6 albo 12.",
        "yes or no (tak/nie).":
            "tak albo nie (yes/no).",
        "Replace the answer already recorded for these months (the first stays in the audit log).":
            "Zastąp odpowiedź już zapisaną dla tych miesięcy (pierwsza zostaje w dzienniku zmian).",
        "A participant's or a need's id (P-014, N-07).":
            "Identyfikator uczestnika albo potrzeby (P-014, N-07).",
        "The address to listen on.":
            "Adres, na którym nasłuchiwać.",
        "The port to listen on (0: any free port, printed at start).":
            "Port, na którym nasłuchiwać (0: dowolny wolny, wypisany na starcie).",
        "Longest a match run or a stateless solve may search, in seconds.":
            "Najdłuższy czas wyszukiwania dopasowania lub rozwiązania bez zapisu, w sekundach.",
        "Most connections open at once (kept 32 under the process's open-file limit).":
            "Najwięcej połączeń otwartych naraz (32 poniżej limitu otwartych plików procesu).",
        "Close a connection idle, or slow to send a request's head, this long.":
            "Zamknij połączenie bezczynne albo zbyt wolno wysyłające nagłówek żądania po takim czasie.",
        "Answer 408 to a request whose body takes longer than this to arrive.":
            "Odpowiedz 408 na żądanie, którego treść nadchodzi dłużej.",
        "The institution's or cooperative's id in the register, or the committee's name.":
            "Identyfikator instytucji albo spółdzielni w rejestrze albo nazwa komitetu.",
        "institution, cooperative or committee.":
            "institution (instytucja), cooperative (spółdzielnia) albo committee (komitet).",
        "Who or what holds it (for the list).":
            "Kto go ma (do listy).",
        "The last day it works (default: a year from today; at most two).":
            "Ostatni dzień ważności (domyślnie: za rok; najwyżej dwa lata).",
        "The token's number (see `kadry token list`).":
            "Numer tokenu (zob. `kadry token list`).",
        "The new token's last day (default: a year from today).":
            "Ostatni dzień ważności nowego tokenu (domyślnie: za rok).",
        "The placement problem to solve; '-' reads standard input.":
            "Problem dopasowania do rozwiązania; '-' czyta standardowe wejście.",
        "Write the result here instead of standard output.":
            "Zapisz wynik tutaj zamiast na standardowe wyjście.",
        "How long the whole command may take: the search stops early enough to leave time for explaining and writing the result (estimated from how long reading and finding the routes took) and gives the best result found, with how far from the best possible it can be. Default: 9.5 s for up to 20,000 participants, rising in proportion to 55 s at 100,000 and more. Small registers are solved and proven long before.":
            "Ile może trwać całe polecenie: wyszukiwanie kończy się na tyle wcześnie, by starczyło czasu na objaśnienie i zapis wyniku (szacowany z czasu odczytu i wyznaczania tras), i daje najlepszy znaleziony wynik z tym, jak daleko może być od najlepszego możliwego. Domyślnie: 9,5 s do 20 000 uczestników, proporcjonalnie więcej do 55 s przy 100 000 i więcej. Małe rejestry są rozwiązywane i udowadniane dużo wcześniej.",
        "Also work out what 1 and 5 more seats in each full training programme would add (takes extra solves).":
            "Policz też, co dałoby 1 i 5 miejsc więcej w każdym pełnym szkoleniu (wymaga dodatkowych rozwiązań).",
        "Do not show progress while solving (it is shown only on a terminal anyway).":
            "Nie pokazuj postępu podczas rozwiązywania (i tak jest pokazywany tylko w terminalu).",
        "pl (default) or en; also KADRY_LANG.":
            "pl (domyślnie) albo en; także KADRY_LANG.",
        "A folder with services.json and credentials.json to use instead of the built-in catalogue.":
            "Folder z services.json i credentials.json (i places.csv) zamiast wbudowanego katalogu.",
        "The placement problem (JSON or .json.gz); '-' reads standard input.":
            "Problem dopasowania (JSON albo .json.gz); '-' czyta standardowe wejście.",
        "Change a programme's seats, e.g. T-07=+5 or T-07=-2. Repeat for more programmes.":
            "Zmień liczbę miejsc szkolenia, np. T-07=+5 albo T-07=-2. Powtórz dla kolejnych szkoleń.",
        "Fix a placement: this participant takes this need. Repeatable.":
            "Ustal skierowanie: ten uczestnik obejmuje tę potrzebę. Można powtarzać.",
        "Rule out a pair: this participant must not take this need. Repeatable.":
            "Wyklucz parę: ten uczestnik nie może objąć tej potrzeby. Można powtarzać.",
        "Seconds each of the two solves may take.":
            "Ile sekund może trwać każde z dwóch rozwiązań.",
        "Mark the pages' cookies Secure: the service is reached over TLS (behind a proxy).":
            "Oznacz ciasteczka stron jako Secure: usługa jest osiągalna przez TLS (za serwerem pośredniczącym).",
        "The person's login: 3–64 letters, digits, '.', '-', '_' or '@'.":
            "Login osoby: 3–64 litery, cyfry, '.', '-', '_' albo '@'.",
        "The person's login.":
            "Login osoby.",
        "Serve the web pages on a throwaway copy of the demo register, with one login per role.":
            "Udostępnij strony na tymczasowej kopii rejestru demonstracyjnego, z jednym loginem na rolę.",
    ]

    /// An option's help in a language.
    public static func option(_ english: String, _ language: Language) -> String {
        language == .pl ? polishOptions[english] ?? english : english
    }
}
