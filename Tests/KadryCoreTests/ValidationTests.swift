import KadryCore
import KadryTestSupport
import Testing

/// Invalid instances are rejected with every problem named by its JSON path.
@Suite("Instance validation")
struct ValidationTests {
    func problems(_ b: InstanceBuilder) -> [String] {
        do {
            _ = try b.instance()
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    func problems(_ text: String) -> [String] {
        do {
            _ = try Fixtures.reader.read(Array(text.utf8))
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test("a latitude out of range")
    func latitude() {
        var b = InstanceBuilder()
        b.set(["participants", 0, "location", "lat"], .number("95.0"))
        #expect(problems(b) == ["participants[0].location.lat: 95.0 is not a latitude (expected -90…90)"])
    }

    @Test("a longitude out of range and a location that is not an object")
    func longitude() {
        var b = InstanceBuilder()
        b.set(["needs", 0, "location", "lon"], .number("-180.5"))
        b.set(["programmes", 0, "location"], "Konin")
        #expect(problems(b) == [
            "programmes[0].location: is not an object with lat and lon",
            "needs[0].location.lon: -180.5 is not a longitude (expected -180…180)",
        ])
    }

    @Test("an unknown credential code, a malformed one, and an undefined certificate")
    func codes() {
        var b = InstanceBuilder()
        b.set(["needs", 0, "requires", 0, 1], "kzis:34120")
        b.set(["participants", 0, "credentials", 0, "code"], "cert:unheard-of")
        #expect(problems(b) == [
            #"participants[0].credentials[0].code: unknown credential code "cert:unheard-of" (not defined in credentials nor in the built-in catalogue)"#,
            #"needs[0].requires[0][1]: unknown credential code "kzis:34120""#,
        ])
    }

    @Test("an uncatalogued but well-formed KZiS code is accepted with a warning")
    func uncataloguedKzis() throws {
        var b = InstanceBuilder()
        b.set(["needs", 0, "requires", 0, 1], "kzis:228101")
        let instance = try b.instance()
        #expect(instance.warnings.contains { $0.hasPrefix("needs[0].requires[0][1]: code kzis:228101") })
    }

    @Test("an unknown service slug is accepted with a warning")
    func unknownService() throws {
        var b = InstanceBuilder()
        b.set(["needs", 0, "service"], "dog-walking")
        #expect(try b.instance().warnings == [#"needs[0].service: "dog-walking" is not a service of the catalogue"#])
    }

    @Test("dangling references to an institution and a cooperative")
    func references() {
        var b = InstanceBuilder()
        b.set(["participants", 0, "institution"], "kis-nowhere")
        b.set(["needs", 0, "cooperative"], "ss-nowhere")
        #expect(problems(b) == [
            #"participants[0].institution: "kis-nowhere" is not an institution id"#,
            #"needs[0].cooperative: "ss-nowhere" is not a cooperative id"#,
        ])
    }

    @Test("a wrong format string")
    func format() {
        var b = InstanceBuilder()
        b.set(["format"], "kadry-instance/2")
        #expect(problems(b) == [#"format: "kadry-instance/2" is not "kadry-instance/1""#])
    }

    @Test("malformed JSON is located by line and column")
    func malformed() {
        #expect(problems("{\n  \"format\": \"kadry-instance/1\",\n  \"asOf\": 2026-01-12\n}") == [
            "$: malformed JSON at line 3, column 15: expected ',' or '}' in an object"
        ])
        #expect(problems("[1, 2") == ["$: malformed JSON at line 1, column 6: unexpected end of text inside a list"])
        #expect(problems("[]") == ["$: the instance is not a JSON object"])
    }

    @Test("missing required fields, wrong types and bad dates")
    func fields() {
        var b = InstanceBuilder()
        b.set(["participants", 0, "maxCommuteKm"], nil)
        b.set(["participants", 0, "hoursPerWeek"], "forty")
        b.set(["needs", 0, "start"], "2026-02-30")
        b.set(["needs", 0, "positions"], .number("1.5"))
        b.set(["programmes", 0, "end"], "01.05.2026")
        #expect(problems(b) == [
            #"participants[0]: missing required field "maxCommuteKm""#,
            #"participants[0].hoursPerWeek: "forty" is not a number"#,
            #"programmes[0].end: "01.05.2026" is not a date (expected YYYY-MM-DD)"#,
            "needs[0].positions: 1.5 is not an integer",
            #"needs[0].start: "2026-02-30" is not a calendar date"#,
        ])
    }

    @Test("ranges: hours in (0, 168], priority 1..5, seats ≥ 0, a programme ending before it starts")
    func ranges() {
        var b = InstanceBuilder()
        b.set(["participants", 0, "hoursPerWeek"], 0)
        b.set(["needs", 0, "priority"], 6)
        b.set(["programmes", 0, "seats"], -1)
        b.set(["programmes", 0, "end"], "2026-02-14")
        #expect(problems(b) == [
            "participants[0].hoursPerWeek: 0 is out of range (expected (0, 168])",
            "programmes[0].end: 14 February 2026 is before start 15 February 2026",
            "programmes[0].seats: -1 is out of range (expected [0, 10000])",
            "needs[0].priority: 6 is out of range (expected [1, 5])",
        ])
    }

    @Test("duplicate ids and an empty clause")
    func duplicates() {
        var b = InstanceBuilder()
        b.set(["needs", 1], InstanceBuilder.need("N-1"))
        b.set(["needs", 0, "requires", 1], [])
        #expect(problems(b) == [
            "needs[0].requires[1]: is not a non-empty list of credential codes",
            #"needs[1].id: duplicate id "N-1" (also needs[0])"#,
        ])
    }

    @Test("a credential defined twice with different validity, and a bad policy weight")
    func definitions() {
        var b = InstanceBuilder()
        b.set(["credentials"], [
            ["code": "cert:first-aid", "name": "A", "validityDays": 730],
            ["code": "cert:first-aid", "name": "B", "validityDays": 365],
        ])
        b.set(["policy"], ["priorityWeight": "high"])
        #expect(problems(b) == [
            #"policy.priorityWeight: "high" is not a number"#,
            #"credentials[1].code: "cert:first-aid" is defined twice with different validityDays"#,
        ])
    }

    @Test("optional fields take the spec's defaults")
    func defaults() throws {
        var b = InstanceBuilder()
        for key in ["clearances", "credentials", "preferredServices", "excludedServices", "drivingLicence"] {
            b.set(["participants", 0, .key(key)], nil)
        }
        b.set(["needs", 0, "requiresDrivingLicence"], nil)
        b.set(["needs", 0, "requiresClearances"], nil)
        b.set(["institutions"], nil)
        b.set(["participants", 0, "institution"], "cis-konin")
        let problems = problems(b)
        #expect(problems == [#"participants[0].institution: "cis-konin" is not an institution id"#])
        b.set(["institutions"], [["id": "cis-konin", "kind": "CIS", "name": "CIS", "location": InstanceBuilder.konin]])
        let instance = try b.instance()
        let p = instance.participants[0]
        #expect(p.clearances.isEmpty && p.credentials.isEmpty && !p.drivingLicence && p.programmeEnds == nil)
        #expect(instance.policy == Policy())
        #expect(instance.programmes[0].minEducation == .primary)
    }
}
