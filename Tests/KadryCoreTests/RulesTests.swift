#if canImport(Glibc)
import Glibc
#endif
import KadryCore
import KadryTestSupport
import Testing

/// One test per hard constraint of matching-v1. Each starts from the
/// builder's instance, where P-1 → N-1 passes every rule both directly and
/// via T-1, and changes only what the rule is about.
@Suite("Rules 1–12")
struct RulesTests {
    func verdict(_ b: InstanceBuilder, _ route: Route) throws -> [Int] {
        let instance = try b.instance()
        return Eligibility(instance: instance).check(participant: 0, need: 0, route: route).violations.map(\.rule)
    }

    @Test("the builder's baseline passes every rule, directly and via the programme")
    func baseline() throws {
        #expect(try verdict(InstanceBuilder(), .direct) == [])
        #expect(try verdict(InstanceBuilder(), .via(0)) == [])
    }

    @Test("rule 1: every clause needs a code held valid on the need's start")
    func rule1() throws {
        var b = InstanceBuilder()
        b.set(["participants", 0, "credentials"], [["code": "kzis:341202", "obtained": "2024-05-01"]])
        #expect(try verdict(b, .direct) == [1])
        // Obtained after the start does not count.
        b.set(["participants", 0, "credentials"], [["code": "kzis:341202", "obtained": "2026-05-02"], ["code": "cert:first-aid", "obtained": "2025-09-01"]])
        #expect(try verdict(b, .direct) == [1])
        // Obtained on the start day counts.
        b.set(["participants", 0, "credentials"], [["code": "kzis:341202", "obtained": "2026-05-01"], ["code": "cert:first-aid", "obtained": "2025-09-01"]])
        #expect(try verdict(b, .direct) == [])
    }

    @Test("rule 1: a credential is valid up to and including obtained + validityDays")
    func rule1Expiry() throws {
        var b = InstanceBuilder()
        // First aid lasts 730 days: 2024-05-01 + 730 days = 2026-05-01, the need's start.
        b.set(["participants", 0, "credentials", 1, "obtained"], "2024-05-01")
        #expect(try verdict(b, .direct) == [])
        b.set(["participants", 0, "credentials", 1, "obtained"], "2024-04-30")
        #expect(try verdict(b, .direct) == [1])
    }

    @Test("rule 1: an empty requires asks for nothing")
    func rule1Empty() throws {
        var b = InstanceBuilder()
        b.set(["participants", 0, "credentials"], [])
        b.set(["needs", 0, "requires"], [])
        #expect(try verdict(b, .direct) == [])
    }

    @Test("rule 2: the need must be within the participant's commute")
    func rule2() throws {
        var b = InstanceBuilder()
        b.set(["participants", 0, "maxCommuteKm"], .number("1.5"))  // P-1 → N-1 is about 1.57 km
        #expect(try verdict(b, .direct) == [2])
        b.set(["participants", 0, "maxCommuteKm"], .number("1.6"))
        #expect(try verdict(b, .direct) == [])
    }

    @Test("rule 3: available on or before the need's start")
    func rule3() throws {
        var b = InstanceBuilder()
        b.set(["participants", 0, "availableFrom"], "2026-05-01")
        #expect(try verdict(b, .direct) == [])
        b.set(["participants", 0, "availableFrom"], "2026-05-02")
        #expect(try verdict(b, .direct) == [3])
    }

    @Test("rule 4: enough hours per week")
    func rule4() throws {
        var b = InstanceBuilder()
        b.set(["participants", 0, "hoursPerWeek"], .number("19.5"))
        #expect(try verdict(b, .direct) == [4])
        b.set(["participants", 0, "hoursPerWeek"], 20)
        #expect(try verdict(b, .direct) == [])
    }

    @Test("rule 5: a driving licence when the need requires one")
    func rule5() throws {
        var b = InstanceBuilder()
        b.set(["needs", 0, "requiresDrivingLicence"], true)
        #expect(try verdict(b, .direct) == [])
        b.set(["participants", 0, "drivingLicence"], nil)  // absent means false
        #expect(try verdict(b, .direct) == [5])
    }

    @Test("rule 6: every required clearance")
    func rule6() throws {
        var b = InstanceBuilder()
        b.set(["needs", 0, "requiresClearances"], ["criminal-record", "medical"])
        #expect(try verdict(b, .direct) == [6])
    }

    @Test("rule 7: not a service the participant excluded")
    func rule7() throws {
        var b = InstanceBuilder()
        b.set(["participants", 0, "excludedServices"], ["respite-care"])
        #expect(try verdict(b, .direct) == [7])
        #expect(try verdict(b, .via(0)) == [7])
    }

    @Test("rule 8: the programme starts on or after asOf and after the participant is available")
    func rule8() throws {
        var b = InstanceBuilder()
        b.set(["programmes", 0, "start"], "2026-01-11")  // asOf is 2026-01-12
        #expect(try verdict(b, .via(0)) == [8])
        b.set(["programmes", 0, "start"], "2026-01-31")  // available from 2026-02-01
        #expect(try verdict(b, .via(0)) == [8])
        b.set(["programmes", 0, "start"], "2026-02-01")
        #expect(try verdict(b, .via(0)) == [])
    }

    @Test("rule 9: a cohort ending on the need's start is in time, a day later is not")
    func rule9() throws {
        var b = InstanceBuilder()
        b.set(["programmes", 0, "end"], "2026-05-01")
        #expect(try verdict(b, .via(0)) == [])
        b.set(["programmes", 0, "end"], "2026-05-02")
        #expect(try verdict(b, .via(0)) == [9])
    }

    @Test("rule 10: education at least the programme's minimum, in the order none < primary < vocational < secondary < higher")
    func rule10() throws {
        var b = InstanceBuilder()
        b.set(["programmes", 0, "minEducation"], "higher")
        #expect(try verdict(b, .via(0)) == [10])
        b.set(["participants", 0, "education"], "higher")
        #expect(try verdict(b, .via(0)) == [])
        b.set(["participants", 0, "education"], "none")
        b.set(["programmes", 0, "minEducation"], nil)  // absent means none
        #expect(try verdict(b, .via(0)) == [])
    }

    @Test("rule 11: the programme's place must be within the commute too")
    func rule11() throws {
        var b = InstanceBuilder()
        b.set(["programmes", 0, "location"], InstanceBuilder.location(lat: "52.5", lon: "18.25"))
        #expect(try verdict(b, .via(0)) == [11])
        #expect(try verdict(b, .direct) == [])
    }

    @Test("rule 12: the programme's grants, obtained on its end, close the gap")
    func rule12() throws {
        var b = InstanceBuilder()
        b.set(["participants", 0, "credentials"], [["code": "cert:first-aid", "obtained": "2025-09-01"]])
        #expect(try verdict(b, .direct) == [1])
        #expect(try verdict(b, .via(0)) == [])
        // A programme that grants something else does not help.
        b.set(["programmes", 0, "grants"], ["kzis:532201"])
        #expect(try verdict(b, .via(0)) == [12])
    }

    @Test("rule 12: a granted credential that expires before the need starts does not count")
    func rule12Expiry() throws {
        var b = InstanceBuilder()
        b.set(["participants", 0, "credentials"], [["code": "kzis:341202", "obtained": "2024-05-01"]])
        b.set(["credentials"], [["code": "cert:first-aid", "name": "Pierwsza pomoc (30 dni)", "validityDays": 30]])
        b.set(["programmes", 0, "grants"], ["cert:first-aid"])
        b.set(["programmes", 0, "end"], "2026-03-31")  // valid until 2026-04-30, the need starts 2026-05-01
        #expect(try verdict(b, .via(0)) == [12])
        b.set(["programmes", 0, "end"], "2026-04-01")
        #expect(try verdict(b, .via(0)) == [])
    }

    @Test("the haversine distance with cosines computed beforehand is the checker's formula to the last bit")
    func haversineWithCosines() {
        var rng = SeededRandom(seed: 9)
        for _ in 0..<2000 {
            let a = Location(lat: Double.random(in: 49...55, using: &rng), lon: Double.random(in: 14...24.2, using: &rng))
            let b = Location(lat: a.lat + Double.random(in: -0.5...0.5, using: &rng), lon: a.lon + Double.random(in: -0.7...0.7, using: &rng))
            // check.py's expression, spelled out.
            let rad = Double.pi / 180.0
            let (p1, p2) = (a.lat * rad, b.lat * rad)
            let (s1, s2) = (sin((p2 - p1) / 2.0), sin((b.lon - a.lon) * rad / 2.0))
            let h = s1 * s1 + cos(p1) * cos(p2) * (s2 * s2)
            let reference = 2.0 * 6371.0 * asin(min(1.0, h.squareRoot()))
            #expect(a.distanceKm(to: b, cosLatitude: a.cosLatitude, otherCosLatitude: b.cosLatitude).bitPattern == reference.bitPattern)
            #expect(a.distanceKm(to: b).bitPattern == reference.bitPattern)
        }
    }
}
