import KadryTestSupport
import Testing

@testable import KadryMatcher

@Suite("Seat prices by a proximal bundle method")
struct BundleTests {
    @Test("the projection onto the simplex keeps its points and lands on it from outside")
    func projection() {
        #expect(BundleMethod.projected([0.2, 0.3, 0.5]) == [0.2, 0.3, 0.5])
        #expect(BundleMethod.projected([2, 0, 0]) == [1, 0, 0])
        let even = BundleMethod.projected([0.5, 0.5, 0.5])
        #expect(even.allSatisfy { abs($0 - 1.0 / 3) < 1e-12 })
        let shifted = BundleMethod.projected([3, -1, 2.5, 0])
        #expect(abs(shifted.reduce(0, +) - 1) < 1e-12)
        #expect(shifted.allSatisfy { $0 >= 0 })
        #expect(abs(shifted[0] - 0.75) < 1e-12 && abs(shifted[2] - 0.25) < 1e-12)
    }

    /// f(λ) = Σ c_k |λ_k − a_k| over λ ≥ 0, with one target below zero: the minimum is
    /// Σ c_k·max(0, −a_k), at λ_k = max(0, a_k). Subgradients as a relaxation gives
    /// them: one of the active pieces, never an average.
    func minimise(targets: [Int64], costs: [Int64], from start: [Int64], model: BundleMethod.Model = .standard)
        -> (center: [Int64], value: Int64, proposals: [[Int64]], folded: Bool)
    {
        func f(_ l: [Int64]) -> (Int64, [Int64]) {
            var value: Int64 = 0
            var gradient: [Int64] = []
            for k in l.indices {
                value += costs[k] * abs(l[k] - targets[k])
                gradient.append(l[k] >= targets[k] ? costs[k] : -costs[k])
            }
            return (value, gradient)
        }
        let (v0, g0) = f(start)
        var bundle = BundleMethod(center: start, value: v0, gradient: g0, t: 1, model: model)
        var proposals: [[Int64]] = []
        for _ in 0..<200 {
            guard let (point, predicted) = bundle.next(), predicted >= 1 else { break }
            proposals.append(point)
            let (v, g) = f(point)
            bundle.step(to: point, value: v, gradient: g, predicted: predicted)
        }
        return (bundle.center, bundle.centerValue, proposals, bundle.folds > 0)
    }

    @Test("reaches the minimum of a convex piecewise-linear function, never proposing a price below zero")
    func reachesMinimum() {
        let targets: [Int64] = [30, 700, -20, 5]
        let costs: [Int64] = [3, 1, 2, 5]
        let (center, value, proposals, _) = minimise(targets: targets, costs: costs, from: [0, 0, 0, 0])
        #expect(value == 40)
        #expect(center == [30, 700, 0, 5])
        #expect(proposals.allSatisfy { $0.allSatisfy { $0 >= 0 } })
        #expect(proposals.count < 100)
    }

    @Test("a model folded down to a few cuts, the newest kept apart, still reaches the minimum")
    func foldedModel() {
        let (center, value, _, folded) = minimise(targets: [30, 700, -20, 5], costs: [3, 1, 2, 5], from: [0, 0, 0, 0],
                                                  model: BundleMethod.Model(cuts: 5, kept: 3))
        #expect(folded)
        #expect(value == 40)
        #expect(center == [30, 700, 0, 5])
    }

    @Test("a serious step lengthens the next by the growth chosen: more when it gained half the prediction",
          arguments: [BundleMethod.Growth.brisk, .gentle])
    func growth(_ growth: BundleMethod.Growth) {
        // L(λ) = |λ − 100| from λ = 0; the model predicts a gain of 50 at λ = 50.
        var good = BundleMethod(center: [0], value: 100, gradient: [-1], t: 1, growth: growth)
        let goodIsSerious = good.step(to: [50], value: 50, gradient: [-1], predicted: 50)
        #expect(goodIsSerious)
        #expect(good.t == growth.good)
        var fair = BundleMethod(center: [0], value: 100, gradient: [-1], t: 1, growth: growth)
        let fairIsSerious = fair.step(to: [20], value: 80, gradient: [-1], predicted: 50)
        #expect(fairIsSerious)
        #expect(fair.t == growth.fair)
        #expect(fair.center == [20])
    }

    @Test("a lengthened bundle proposes a longer step from the same centre")
    func lengthened() {
        // L(λ) = |λ − 1000| from λ = 0 with t = 1: the first proposal moves one unit.
        var bundle = BundleMethod(center: [0], value: 1000, gradient: [-1], t: 1)
        let short = bundle.next()
        bundle.lengthen(by: 4)
        let long = bundle.next()
        #expect(short?.point == [1])
        #expect(long?.point == [4])
        #expect(bundle.t == 4)
    }

    @Test("a centre that is already the minimum stays put")
    func staysAtMinimum() {
        let (center, value, _, _) = minimise(targets: [10, 0], costs: [4, 4], from: [10, 0])
        #expect(center == [10, 0])
        #expect(value == 0)
    }

    /// f(λ) = Σ c_k |λ_k − a_k| + Σ w_j |λ_p − λ_q − (a_p − a_q)| over 30 prices, zero at λ = a
    /// only: many pieces meet there, as at a part's best seat prices, and the model needs its
    /// many cuts weighed exactly to see its last descents.
    @Test("reaches the exact minimum where many pieces meet (30 prices, coupled), at either growth, with each model",
          arguments: [BundleMethod.Growth.brisk, .gentle], [BundleMethod.Model.standard, .large])
    func coupledMinimum(_ growth: BundleMethod.Growth, _ model: BundleMethod.Model) {
        var rng = SeededRandom(seed: 7)
        let count = 30
        let targets = (0..<count).map { _ in Int64(rng.next() % 5_000) }
        let costs = (0..<count).map { _ in Int64(1 + rng.next() % 9) }
        let pairs = (0..<60).map { _ in (Int(rng.next() % UInt64(count)), Int(rng.next() % UInt64(count)), Int64(1 + rng.next() % 400)) }
        func f(_ l: [Int64]) -> (Int64, [Int64]) {
            var value: Int64 = 0
            var gradient = [Int64](repeating: 0, count: count)
            for k in l.indices {
                value += costs[k] * abs(l[k] - targets[k])
                gradient[k] += l[k] >= targets[k] ? costs[k] : -costs[k]
            }
            for (p, q, w) in pairs where p != q {
                let d = l[p] - l[q] - (targets[p] - targets[q])
                value += w * abs(d)
                gradient[p] += d >= 0 ? w : -w
                gradient[q] -= d >= 0 ? w : -w
            }
            return (value, gradient)
        }
        let start = [Int64](repeating: 0, count: count)
        let (v0, g0) = f(start)
        var bundle = BundleMethod(center: start, value: v0, gradient: g0, t: 1, growth: growth, model: model)
        for _ in 0..<400 {
            guard let (point, predicted) = bundle.next(), predicted >= 1 else { break }
            let (v, g) = f(point)
            bundle.step(to: point, value: v, gradient: g, predicted: predicted)
            #expect(bundle.cutCount <= model.cuts)
        }
        #expect(bundle.centerValue == 0)
    }
}
