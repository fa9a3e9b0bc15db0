import KadryCore
import KadryMatcher
import KadryTestSupport
import Testing

@Suite("What-if scenarios and seat values")
struct ScenarioTests {
    func seatBound() throws -> Instance { try InstanceBuilder.oneSeatForThree().instance() }

    @Test("more seats: one more seat places one more person, and the result says so")
    func moreSeats() throws {
        let instance = try seatBound()
        var scenario = Scenario()
        scenario.seatChanges[0] = 1
        let before = Matcher.match(instance)
        let after = Matcher.match(instance, scenario: scenario)
        #expect(before.placements.count == 1)
        #expect(after.placements.count == 2)
        #expect(before.objective == 2875)  // P-1: 3000 + 100 preferred − 1 km − 200 training − 24 cost
        #expect(after.objective == before.objective + 2775)  // and P-0 or P-2 without the preference
    }

    @Test("seat values: +1 and +5 seats in the full programme, each gain measured by re-solving")
    func seatValues() throws {
        let instance = try seatBound()
        let result = Matcher.match(instance, seatValues: true)
        let value = try #require(result.seatValues.first)
        #expect(value.programme == 0 && value.seats == 1 && value.used == 1)
        #expect(value.gains.map(\.extra) == [1, 5])
        #expect(value.gains.map(\.filled) == [1, 2])  // only two more people can use it
        let withOne = Matcher.match(instance, scenario: { var s = Scenario(); s.seatChanges[0] = 1; return s }())
        #expect(value.gains[0].objective == withOne.objective - result.objective)
    }

    @Test("a lock keeps a placement the optimum would not choose; its score is the spec's")
    func lock() throws {
        let instance = try seatBound()
        var scenario = Scenario()
        scenario.locks = [Scenario.Pair(participant: 0, need: 0)]
        let result = Matcher.match(instance, scenario: scenario)
        #expect(result.placements.map(\.participant) == [0])
        #expect(result.objective == result.placements[0].terms.total)
        #expect(result.bound == result.objective)
    }

    @Test("a forbidden pair is never proposed")
    func forbid() throws {
        let instance = try seatBound()
        var scenario = Scenario()
        scenario.forbidden = [Scenario.Pair(participant: 1, need: 0)]
        let result = Matcher.match(instance, scenario: scenario)
        #expect(!result.placements.contains { $0.participant == 1 })
        #expect(result.placements.count == 1)
    }
}
