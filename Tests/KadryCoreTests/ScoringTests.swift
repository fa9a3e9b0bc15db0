import KadryCore
import KadryTestSupport
import Testing

/// One test per term of the score table of matching-v1.
@Suite("Score terms")
struct ScoringTests {
    func terms(_ b: InstanceBuilder, via: Bool = false) throws -> ScoreTerms {
        let instance = try b.instance()
        let p = instance.participants[0]
        let n = instance.needs[0]
        return Scorer(instance: instance).terms(p, n, via ? instance.programmes[0] : nil, distanceKm: p.location.distanceKm(to: n.location))
    }

    @Test("the spec's worked example scores 2886 = 3000 + 100 + 11 − 1 − 200 − 24")
    func specExample() throws {
        var b = InstanceBuilder()
        b.set(["participants", 0, "preferredServices"], ["respite-care"])
        b.set(["participants", 0, "programmeEnds"], "2026-06-30")
        let t = try terms(b, via: true)
        #expect(t == ScoreTerms(priority: 3000, preference: 100, urgency: 11, distance: -1, training: -200, cost: -24))
        #expect(t.total == 2886)
    }

    @Test("priority: priorityWeight × the need's priority")
    func priority() throws {
        var b = InstanceBuilder()
        b.set(["needs", 0, "priority"], 5)
        b.set(["policy"], ["priorityWeight": 700])
        #expect(try terms(b).priority == 3500)
    }

    @Test("preference: the bonus only for a preferred service")
    func preference() throws {
        var b = InstanceBuilder()
        #expect(try terms(b).preference == 0)
        b.set(["participants", 0, "preferredServices"], ["respite-care"])
        b.set(["policy"], ["preferenceBonus": 250])
        #expect(try terms(b).preference == 250)
    }

    @Test("urgency: clamp(window − days to programmeEnds, 0, window); 0 without programmeEnds")
    func urgency() throws {
        var b = InstanceBuilder()
        #expect(try terms(b).urgency == 0)
        b.set(["participants", 0, "programmeEnds"], "2026-01-12")  // 0 days: the whole window
        #expect(try terms(b).urgency == 180)
        b.set(["participants", 0, "programmeEnds"], "2025-12-01")  // already ended: clamped to the window
        #expect(try terms(b).urgency == 180)
        b.set(["participants", 0, "programmeEnds"], "2026-12-31")  // far off: clamped to 0
        #expect(try terms(b).urgency == 0)
        b.set(["participants", 0, "programmeEnds"], "2026-02-11")  // 30 days
        b.set(["policy"], ["urgencyWindowDays": 90])
        #expect(try terms(b).urgency == 60)
    }

    @Test("distance: − floor(distancePenaltyPerKm × km), computed exactly")
    func distance() throws {
        var b = InstanceBuilder()
        #expect(try terms(b).distance == -1)  // 1.57 km
        b.set(["policy"], ["distancePenaltyPerKm": 3])
        #expect(try terms(b).distance == -4)  // floor(4.71)
        b.set(["policy"], ["distancePenaltyPerKm": .number("0.5")])
        #expect(try terms(b).distance == 0)  // floor(0.78)
        b.set(["policy"], ["distancePenaltyPerKm": .number("-2")])
        #expect(try terms(b).distance == 4)  // − floor(−3.14) = 4
    }

    @Test("training: − trainingPenalty, only via a programme")
    func training() throws {
        var b = InstanceBuilder()
        #expect(try terms(b).training == 0)
        b.set(["policy"], ["trainingPenalty": 150])
        #expect(try terms(b, via: true).training == -150)
    }

    @Test("cost: − floor(trainingCostPer100Pln × costPln / 100), only via a programme")
    func cost() throws {
        var b = InstanceBuilder()
        #expect(try terms(b).cost == 0)
        #expect(try terms(b, via: true).cost == -24)
        b.set(["programmes", 0, "costPln"], .number("2450.99"))
        b.set(["policy"], ["trainingCostPer100Pln": 2])
        #expect(try terms(b, via: true).cost == -49)  // floor(49.0198)
        b.set(["programmes", 0, "costPln"], nil)  // absent means 0
        #expect(try terms(b, via: true).cost == 0)
    }

    @Test("a non-integer weight keeps its decimals in the unfloored terms")
    func decimals() throws {
        var b = InstanceBuilder()
        b.set(["policy"], ["priorityWeight": .number("2.5"), "trainingPenalty": .number("0.25")])
        let instance = try b.instance()
        let scorer = Scorer(instance: instance)
        let t = try terms(b, via: true)
        #expect(scorer.scale == 2)
        #expect(scorer.format(t.priority) == "7.5")
        #expect(scorer.format(t.training) == "-0.25")
        #expect(scorer.format(t.total) == "-17.75")  // 7.5 − 1 − 0.25 − 24
    }
}
