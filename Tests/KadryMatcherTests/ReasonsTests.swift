import KadryCore
import KadryMatcher
import KadryTestSupport
import Testing

@Suite("Reasons for open positions and unplaced participants")
struct ReasonsTests {
    @Test("no need within the commute: names the nearest and how much longer a commute would reach it")
    func noNeedInReach() throws {
        var b = InstanceBuilder()
        b.set(["participants", 0, "maxCommuteKm"], 1)  // the need is 1.57 km away
        let result = Matcher.match(try b.instance())
        let reason = try #require(result.unplaced.first?.reasons.first)
        #expect(reason.kind == .noNeedInReach && reason.rules == [2])
        #expect(reason.message.contains("the nearest, N-1, is 1.6 km away (a commute 1.0 km longer would reach it)"))
    }

    @Test("blocked by a rule: the closest fit and every rule it breaks")
    func blockedByRule() throws {
        var b = InstanceBuilder()
        b.set(["participants", 0, "hoursPerWeek"], 10)
        let result = Matcher.match(try b.instance())
        let reason = try #require(result.unplaced.first?.reasons.first)
        #expect(reason.kind == .blockedByRule && reason.rules == [4])
        #expect(reason.message.contains("can work 10 h/week, the need asks for 20 h/week"))
        let open = try #require(result.unfilled.first)
        #expect(open.open == 1 && open.reasons.first?.rules == [4])
    }

    @Test("an open position whose training ends too late says how many days earlier a cohort must end")
    func trainingTooLate() throws {
        var b = InstanceBuilder()
        b.set(["participants", 0, "credentials"], [["code": "cert:first-aid", "obtained": "2025-09-01"]])
        b.set(["programmes", 0, "end"], "2026-05-11")  // the need starts 2026-05-01
        let result = Matcher.match(try b.instance())
        let reasons = try #require(result.unfilled.first?.reasons)
        #expect(reasons.contains { $0.rules == [9] && $0.message.contains("T-1, ends on 2026-05-11 (a cohort ending 10 day(s) earlier would be in time)") })
    }

    @Test("outscored: eligible, but the position went to a higher-scoring placement, by how much")
    func outscored() throws {
        var b = InstanceBuilder()
        b.set(["participants", 1], InstanceBuilder.participant("P-2"))
        b.set(["participants", 1, "preferredServices"], ["respite-care"])
        let result = Matcher.match(try b.instance())
        let reason = try #require(result.unplaced.first?.reasons.first)
        #expect(reason.kind == .outscored)
        #expect(reason.message.contains("taken with 100 points more"))
    }
}
