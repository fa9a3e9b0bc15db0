import KadryCore
import KadryMatcher
import KadryTestSupport
import Testing

@Suite("Shared examples")
struct ExamplesTests {
    @Test("each shared example is solved to its known optimum, proven", arguments: Fixtures.exampleNames)
    func optimum(name: String) throws {
        let (instance, optimum) = try Fixtures.example(name)
        let result = Matcher.match(instance)
        #expect(result.objective == optimum)
        #expect(result.bound == optimum)
        #expect(result.placements.reduce(0) { $0 + $1.terms.total } == optimum)
    }

    @Test("the shared examples are all there (ten of them)")
    func present() {
        #expect(Fixtures.exampleNames.count >= 10)
    }
}
