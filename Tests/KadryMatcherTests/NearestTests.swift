import KadryTestSupport
import Testing

@testable import KadryMatcher

@Suite("The nearest few of many")
struct NearestTests {
    @Test("the first k by distance, ties by index, are the sorted list's first k, for k below, at and above the count")
    func sameAsSorting() {
        var rng = SeededRandom(seed: 5)
        for round in 0..<300 {
            let count = Int.random(in: 0...400, using: &rng)
            // Few distinct distances, so that ties are common and the index decides.
            let items = (0..<count).map { i in (index: i, km: Double(Int.random(in: 0...30, using: &rng)) / 2) }.shuffled(using: &rng)
            let less = { (a: (index: Int, km: Double), b: (index: Int, km: Double)) in (a.km, a.index) < (b.km, b.index) }
            for k in [0, 1, 8, 200, count, count + 3] {
                let expected = Array(items.sorted(by: less).prefix(k))
                let found = Nearest.first(k, of: items, by: less)
                #expect(found.map(\.index) == expected.map(\.index), "round \(round) k \(k) of \(count)")
            }
        }
    }
}
