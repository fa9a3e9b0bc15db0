import KadryTestSupport
import Testing

@testable import KadryMatcher

@Suite("The bundle model's dual by Newton steps")
struct ModelDualTests {
    /// max(d, d − 10 + d) + d²/(2t) over d ≥ −5: the first cut is the highest wherever the
    /// minimum can be. At t = 1 the minimum is at d = −1 (value −0.5); at t = 100 it would be
    /// at d = −100, so it sits at the bound, −5 + 25/200.
    @Test("two cuts in one price: the optimum inside and at the price's floor")
    func oneCoordinate() {
        for (t, expected) in [(1.0, -0.5), (100.0, -5 + 25.0 / 200)] {
            let dual = ModelDual(offset: [0, -10], slopes: [1, 2], lowest: [-5], t: t, coordinates: 1)
            let (alpha, converged) = dual.solve(from: [0.5, 0.5], tolerance: 1e-9)
            #expect(converged)
            #expect(abs(alpha[0] - 1) < 1e-9)
            #expect(abs(dual.evaluate(alpha).value - expected) < 1e-9)
        }
    }

    /// |d| as two cuts: the weights balance, the step is zero.
    @Test("a kink at the centre: equal weights, no step")
    func kink() {
        let dual = ModelDual(offset: [0, 0], slopes: [1, -1], lowest: [-3], t: 10, coordinates: 1)
        let (alpha, converged) = dual.solve(from: [0, 1], tolerance: 1e-9)
        #expect(converged)
        #expect(abs(alpha[0] - 0.5) < 1e-9 && abs(alpha[1] - 0.5) < 1e-9)
    }

    /// Random models as late roots make them: up to 80 cuts in up to 200 prices, some prices at
    /// zero, t from one to a billion, and in every third model, cuts nearly the same as others
    /// (a few units apart in one slope or offset). At the weights found, the model's duality gap
    /// is within the tolerance, which proves them optimal that closely (the primal value at
    /// d(α) is at most φ(α) plus the gap), and no other point of the simplex does better.
    /// This is the path the bundle takes (`solved`: Newton steps, gradient ascent where they stop short).
    @Test("random models: within the tolerance of the optimum, at every scale of t")
    func randomModels() {
        var rng = SeededRandom(seed: 11)
        func uniform() -> Double { Double(rng.next() % 1_000_000) / 1_000_000 }
        for trial in 0..<90 {
            let n = 2 + Int(rng.next() % (trial % 2 == 0 ? 40 : 79))
            let m = 1 + Int(rng.next() % (trial % 5 == 0 ? 200 : 40))
            let t = pow10(Double(trial % 10))
            let center = (0..<m).map { _ in rng.next() % 3 == 0 ? 0.0 : Double(rng.next() % 500) }
            var slopes = (0..<(n * m)).map { _ in Double(Int(rng.next() % 21) - 10) }
            var offset = (0..<n).map { _ in -Double(rng.next() % 200) * uniform() }
            if trial % 3 == 0 {
                for i in stride(from: 1, to: n, by: 2) {
                    for k in 0..<m { slopes[i * m + k] = slopes[(i - 1) * m + k] }
                    slopes[i * m + Int(rng.next() % UInt64(m))] += Double(Int(rng.next() % 5) - 2)
                    offset[i] = offset[i - 1] - Double(rng.next() % 3)
                }
            }
            let dual = ModelDual(offset: offset, slopes: slopes, lowest: center.map { -$0 }, t: t, coordinates: m)
            var start = [Double](repeating: 0, count: n)
            start[n - 1] = 1
            let alpha = dual.solved(from: start, tolerance: BundleMethod.modelTolerance)
            #expect(abs(alpha.reduce(0, +) - 1) < 1e-9 && alpha.allSatisfy { $0 >= 0 })
            let found = dual.evaluate(alpha)
            // At a t of a billion, φ sums terms up to 10¹¹ that nearly cancel: a tenth is what double
            // precision leaves there (seven other seeds: at most 0.064; gradient ascent alone: up to 10⁴).
            let allowed = t < 1e9 ? BundleMethod.modelTolerance : 0.1
            #expect(ModelDual.gap(alpha, found.gradient) <= allowed, "trial \(trial): n \(n), m \(m), t \(t)")
            for _ in 0..<20 {
                let other = BundleMethod.projected((0..<n).map { _ in uniform() * uniform() })
                #expect(dual.evaluate(other).value <= found.value + 1e-6, "trial \(trial)")
            }
        }
    }

    /// Cuts with no slope (the highest offset wins), two identical cuts, no prices at all, and a
    /// t so small that no step moves: each ends on the simplex within the tolerance.
    @Test("degenerate models: flat cuts, twins, no prices, a vanishing t")
    func degenerate() {
        let cases: [(ModelDual, [Double])] = [
            (ModelDual(offset: [-3, -1, -2], slopes: [0, 0, 0, 0, 0, 0], lowest: [-5, 0], t: 10, coordinates: 2), [1, 0, 0]),
            (ModelDual(offset: [-1, -1], slopes: [2, -3, 2, -3], lowest: [-4, -4], t: 1, coordinates: 2), [0, 1]),
            (ModelDual(offset: [-4, -2, -7], slopes: [], lowest: [], t: 1, coordinates: 0), [0, 0, 1]),
            (ModelDual(offset: [0, -1], slopes: [1, -1], lowest: [-3], t: 1e-12, coordinates: 1), [0, 1]),
        ]
        for (dual, start) in cases {
            let alpha = dual.solved(from: start, tolerance: BundleMethod.modelTolerance)
            #expect(abs(alpha.reduce(0, +) - 1) < 1e-9 && alpha.allSatisfy { $0 >= 0 })
            #expect(ModelDual.gap(alpha, dual.evaluate(alpha).gradient) <= BundleMethod.modelTolerance)
        }
    }

    @Test("the active-set step on the simplex: an interior optimum, a vertex, and a singular system refused")
    func face() {
        // max b·α − ½·αᵀα over the simplex with b = (1, 0): α = (1, 0) (at the vertex, the rise
        // of the second weight, 0 − 0 − μ, is below zero); with b = (0.2, 0) it is (0.6, 0.4).
        let identity: [Double] = [1, 0, 0, 1]
        let vertex = ModelDual.face(b: [1, 0], h: identity, from: [0.5, 0.5])
        #expect(abs(vertex[0] - 1) < 1e-9)
        let inside = ModelDual.face(b: [0.2, 0], h: identity, from: [0, 1])
        #expect(abs(inside[0] - 0.6) < 1e-9 && abs(inside[1] - 0.4) < 1e-9)
        #expect(ModelDual.solveLinear([1, 2, 2, 4], [1, 1], size: 2) == nil)
    }

    private func pow10(_ e: Double) -> Double { (0..<Int(e)).reduce(1.0) { value, _ in value * 10 } }
}
