import KadryCore
import KadryTestSupport
import Testing

@Suite("Catalogue")
struct CatalogTests {
    @Test("every service slug of the spec's appendix is in the catalogue, with its Polish name")
    func slugs() {
        let expected: [String: String] = [
            "personal-assistance": "Pomoc osobista",
            "advocacy": "Usługa profesjonalnego reprezentowania interesów",
            "crisis-intervention": "Interwencja kryzysowa i usługi w nagłych przypadkach",
            "respite-care": "Usługa krótkich urlopów (usługa wytchnieniowa)",
            "social-relations": "Usługa budowania relacji społecznych i interpersonalnych",
            "home-care": "Usługa pomocy domowej i opieki domowej",
            "small-children": "Usługa dla małych dzieci",
            "nursery": "Usługa żłobkowa i przedszkolna",
            "care-services": "Usługi opiekuńcze",
            "rehabilitation": "Usługi rehabilitacyjne",
            "companion": "Usługi „towarzysza”",
            "after-school": "Usługa opieki pozaszkolnej i zajęć pozalekcyjnych",
            "technical-help": "Usługi pomocy technicznej i serwisowania sprzętu",
            "meals": "Usługi przygotowywania i dowozu posiłków",
            "renovation": "Usługi remontowo-adaptacyjne",
        ]
        let catalog = Fixtures.catalog
        #expect(Set(catalog.services.map(\.slug)) == Set(expected.keys))
        for (slug, name) in expected { #expect(catalog.service(slug)?.name == name) }
    }

    @Test("the built-in credentials are those of the appendix and the reference checker, with their validity")
    func credentials() {
        let catalog = Fixtures.catalog
        let appendixOccupations = ["341201", "341202", "341204", "532102", "532201", "531104", "515202", "516902",
                                   "342311", "252301", "352121", "411004", "314403", "832202"]
        for code in appendixOccupations { #expect(catalog.credential("kzis:\(code)") != nil, "kzis:\(code)") }
        #expect(catalog.credential("cert:first-aid")?.validityDays == 730)
        #expect(catalog.credential("cert:sanitary")?.validityDays == 1095)
        #expect(catalog.credential("cert:nursery-carer-280h")?.validityDays == nil)
        #expect(catalog.credential("cert:crisis-intervention")?.validityDays == nil)
        #expect(catalog.credentials.filter { $0.code.hasPrefix("cert:") }.count == 4)
    }

    @Test("the handbook's misprinted codes 342101/342202/342204 are corrected and the correction recorded")
    func correctedCodes() {
        let catalog = Fixtures.catalog
        for wrong in ["342101", "342202", "342204"] { #expect(catalog.credential("kzis:\(wrong)") == nil) }
        for (right, wrong) in [("341201", "342101"), ("341202", "342202"), ("341204", "342204")] {
            #expect(catalog.credential("kzis:\(right)")?.correction?.contains(wrong) == true)
        }
        #expect(catalog.service("respite-care")?.accepts.first?.contains("kzis:341202") == true)
    }

    @Test("a broken catalogue file names the file and the entry")
    func broken() throws {
        let credentials = Array(#"{"credentials": [{"code": "kzis:341202", "kind": "occupation", "name": "Opiekun osoby starszej"}]}"#.utf8)
        let services = Array(#"{"services": [{"slug": "respite-care", "name": "X", "description": "Y", "competencies": [], "accepts": [["kzis:999999"]]}]}"#.utf8)
        let error = #expect(throws: CatalogError.self) {
            try ServiceCatalog.load(services: services, file: "services.json", credentials: credentials, file: "credentials.json")
        }
        #expect(error?.problems == [#"services.json: services[0] (respite-care).accepts[0][0]: "kzis:999999" is not a credential of the catalogue"#])
        let malformed = #expect(throws: CatalogError.self) {
            try ServiceCatalog.load(services: Array("{".utf8), file: "services.json", credentials: credentials, file: "credentials.json")
        }
        #expect(malformed?.problems.first?.hasPrefix("services.json: malformed JSON at line 1, column 2") == true)
    }
}
