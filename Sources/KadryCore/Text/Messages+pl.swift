extension Messages {
    /// Polish: the default language of everything a user reads.
    public static let polish: [MessageKey: String] = [
        .verbatim: "{1}",

        .hireNotApproved: "propozycja {1} ma status „{2}”, a nie „zatwierdzona”; zatrudnienie zapisuje się po zatwierdzeniu propozycji przez komitet",
        .hireAlreadyRecorded: "propozycja {1}: zatrudnienie jest już zapisane (od {2})",
        .hireInFuture: "propozycja {1}: data zatrudnienia {2} jest w przyszłości (dziś jest {3}); zatrudnienie zapisuje się, gdy osoba rozpoczęła pracę",
        .hireBeforeRun: "propozycja {1}: data zatrudnienia {2} jest wcześniejsza niż dopasowanie nr {3} z {4}, które zaproponowało tę osobę",
        .hireBeforeAvailable: "propozycja {1}: data zatrudnienia {2} jest wcześniejsza niż dzień, od którego uczestnik {3} jest dostępny ({4})",
        .hireBeforeNeedStart: "propozycja {1}: data zatrudnienia {2} jest wcześniejsza niż początek potrzeby {3} ({4})",

        .employed: "zatrudniona",
        .notEmployed: "niezatrudniona",
        .retentionMonths: "liczba miesięcy musi wynosić 3, 6 albo 12",
        .retentionNoHire: "propozycja {1}: nie zapisano jeszcze zatrudnienia (`kadry hire {1} --on DATA`)",
        .retentionNotDue: "propozycja {1}: sprawdzenie po {2} miesiącach przypada na {3} (zatrudnienie od {4})",
        .retentionAlreadyRecorded: "propozycja {1}: odpowiedź po {2} miesiącach jest już zapisana ({3}, zapisał(a) {4} {5}); poprawkę zapisuje się jawnie (`--correct` albo \"correction\": true), a poprzednia odpowiedź zostaje w dzienniku zmian",
        .retentionCorrectionOfNothing: "propozycja {1}: nie ma odpowiedzi po {2} miesiącach do poprawienia",

        .positionsBelowApproved: "{1}: liczba stanowisk {2} jest mniejsza niż liczba zatwierdzonych propozycji ({3}: {4}); najpierw wycofaj lub odrzuć propozycje",
        .ownerChangeRefused: "{1}: nie można zmienić pola {2} z „{3}” na „{4}”, bo dotyczą go decyzje komitetu (propozycje {5}); zamknij ten rekord i dodaj nowy",

        .closeReasonUnknown: "„{1}” nie jest powodem zamknięcia; dopuszczalne: {2}",
        .alreadyClosed: "{1} „{2}” jest już zamknięty(-a) od {3} ({4})",
        .notClosed: "{1} „{2}” nie jest zamknięty(-a)",
        .closeHasApproved: "{1} „{2}” ma zatwierdzone propozycje bez zapisanego zatrudnienia ({3}); najpierw wycofaj je (`kadry review withdraw`)",
        .deleteReferenced: "{1} „{2}” nie może zostać usunięty(-a), bo odwołują się do niego: {3}; zamknij go (`kadry close`), by wyłączyć go z kolejnych dopasowań, a historia zostanie zachowana",
        .recordMissing: "nie ma rekordu {1} „{2}”",
        .closedRecordInRun: "{1} „{2}” jest zamknięty(-a)",

        .encodingAmbiguous: "nie da się ustalić kodowania pliku: bajty nie są poprawnym UTF-8, a jako Windows-1250 i jako ISO-8859-2 dają inne polskie litery (wiersz {1}: „{2}” albo „{3}”); podaj kodowanie opcją --encoding (utf-8, windows-1250, iso-8859-2, utf-16)",
        .encodingMisread: "plik w kodowaniu {1} zawiera znaki, których nie ma w polskich plikach (wiersz {2}: „{3}”); zapisz go jako UTF-8 albo podaj kodowanie opcją --encoding (utf-8, windows-1250, iso-8859-2, utf-16)",
        .columnMissing: "brak kolumny „{1}” (wymagane w pliku {2}: {3})",
        .columnsFoundHeader: "nagłówek pliku zawiera: {1}",
        .duplicateIDLine: "identyfikator „{1}” powtarza się (także w wierszu {2})",
        .unknownValue: "{1}: „{2}” nie jest znaną wartością; dopuszczalne: {3}",
        .unknownValueSuggest: "{1}: „{2}” nie jest znaną wartością (czy chodziło o „{3}”?); dopuszczalne: {4}",
        .dateTimeNotMidnight: "„{1}” to data z godziną; w tej kolumnie wpisuje się samą datę (np. 01.05.2026)",
    ]
}
