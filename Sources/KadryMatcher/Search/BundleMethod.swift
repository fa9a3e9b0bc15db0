/// A proximal bundle method for the seat prices: it keeps the cuts that past
/// relaxations give (each L(λ') with its subgradient g' bounds the convex L from
/// below: L(λ) ≥ L(λ') + g'·(λ − λ')) and proposes the point that minimises the
/// model they make, max of the cuts, plus a proximity term |λ − c|²/(2t) around
/// the best point so far (the centre c). A plain cutting-plane step (no proximity
/// term) swings between far corners of the model; the term keeps steps near what
/// is known, and `t` grows while steps pay and shrinks when they overshoot.
///
/// Only the binding programmes' prices are coordinates; prices stay at or above
/// zero. Everything here is arithmetic on a few dozen cuts of a few hundred
/// coordinates, negligible next to a large part's relaxation, but not on a small part
/// (a neighbourhood of a few hundred arcs): the model is solved by Newton steps (`ModelDual`).
struct BundleMethod {
    /// L(λ) ≥ intercept + slope·λ.
    private struct Cut {
        var intercept: Double
        var slope: [Double]
        /// Weight in the last model solution; cuts long at zero are dropped.
        var weight: Double = 0
        var idle = 0
    }

    /// How much a serious step lengthens the next: by `good` when it gained at least half
    /// of what the model predicted, by `fair` when it gained less.
    struct Growth {
        var good: Double
        var fair: Double

        /// Most parts: growing t only on the good steps left it small for a hundred steps at
        /// a time, each gaining a few hundred where thousands were there.
        static let brisk = Growth(good: 2, fair: 1.5)
        /// A part of `Growth.largePart` participants or more, where a relaxation takes about half
        /// a second: at `brisk`, nearly every step after a serious one overshot (L up to 2 %
        /// above the centre) and, far from its warm start, was among the slowest to relax.
        static let gentle = Growth(good: 1.5, fair: 1.2)
        /// Participants in a part from which its steps grow `gentle`.
        static let largePart = 30_000
    }

    /// How many cuts the model holds before it folds the older ones into one (`compress`),
    /// and how many of the newest it keeps apart then.
    struct Model {
        var cuts: Int
        var kept: Int

        static let standard = Model(cuts: 40, kept: 1)
        /// A part of 3,000 participants or more (`forPart`). With the standard model, the roots of
        /// the dense L's parts of about 4,000 participants ended 2,500–5,000 above what longer runs
        /// proved, after 150–240 steps, the model foreseeing gains of 16–100: folded down to two
        /// cuts every few dozen steps, it kept too little of L's shape. With this one the dense L's
        /// bound came down by 2,500–4,000 in the same time; used on every part, it proved some M
        /// seeds later or not at all (docs/benchmarks.md).
        static let large = Model(cuts: 80, kept: 20)

        /// A part's model: `large` from 3,000 participants.
        static func forPart(of participants: Int) -> Model { participants >= 3_000 ? .large : .standard }
    }

    /// The model's duality gap at which its solution is taken (`solveModel`).
    static let modelTolerance = 1e-3

    private var cuts: [Cut] = []
    /// Cuts in the model now.
    var cutCount: Int { cuts.count }
    /// How many times older cuts were folded into one (`compress`).
    private(set) var folds = 0
    private(set) var center: [Int64]
    private(set) var centerValue: Int64
    /// The proximity parameter (step length per unit of subgradient).
    private(set) var t: Double
    let growth: Growth
    let model: Model

    /// Starts at a relaxation: λ, L(λ) and a subgradient of L there.
    init(center: [Int64], value: Int64, gradient: [Int64], t: Double, growth: Growth = .brisk, model: Model = .standard) {
        self.center = center
        centerValue = value
        self.t = t
        self.growth = growth
        self.model = model
        add(point: center, value: value, gradient: gradient)
    }

    /// The cut a relaxation gives.
    mutating func add(point: [Int64], value: Int64, gradient: [Int64]) {
        var dot = 0.0
        for k in point.indices { dot += Double(gradient[k]) * Double(point[k]) }
        cuts.append(Cut(intercept: Double(value) - dot, slope: gradient.map(Double.init)))
        if cuts.count > model.cuts { compress() }
    }

    /// Records a relaxation at a proposed point: a serious step (the point becomes the
    /// centre) when it gained at least a tenth of what the model predicted, else a null
    /// step. Returns whether the step was serious.
    ///
    /// Every serious step lengthens the next (`growth`).
    @discardableResult
    mutating func step(to point: [Int64], value: Int64, gradient: [Int64], predicted: Double) -> Bool {
        add(point: point, value: value, gradient: gradient)
        let gain = Double(centerValue - value)
        if gain >= 0.1 * predicted {
            t *= gain >= 0.5 * predicted ? growth.good : growth.fair
            center = point
            centerValue = value
            return true
        }
        // The new cut's distance below L at the centre: large when the step went too far.
        let last = cuts[cuts.count - 1]
        var atCenter = last.intercept
        for k in center.indices { atCenter += last.slope[k] * Double(center[k]) }
        if Double(centerValue) - atCenter > predicted { t /= 2 }
        return false
    }

    /// Lengthens the steps from here on (t × `factor`).
    mutating func lengthen(by factor: Double) {
        t *= factor
    }

    /// The next point to try (integer prices, at or above zero) and by how much the
    /// model predicts it lowers L below the centre's value; nil when the model sees no
    /// integer point that gains.
    mutating func next() -> (point: [Int64], predicted: Double)? {
        let start = t
        // Longer steps first (a step that rounds back to the centre), then shorter ones (a long
        // step whose rounding lands where the model gains nothing: at a t of 44,000 the root of
        // a part of the shared clustered-M-3 stopped after four relaxations, 1,119 above its LP bound).
        for attempt in 0..<8 {
            if attempt == 4 { t = start / 4 }
            let alpha = solveModel()
            for i in cuts.indices {
                cuts[i].weight = alpha[i]
                cuts[i].idle = alpha[i] > 1e-9 ? 0 : cuts[i].idle + 1
            }
            let d = direction(alpha)
            let point = center.indices.map { k in max(0, Int64((Double(center[k]) + d[k]).rounded())) }
            if point != center {
                let predicted = Double(centerValue) - model(at: point)
                if predicted > 0 { return (point, predicted) }
            }
            // The step rounds back to the centre (or gains nothing): look further, or nearer.
            t = attempt < 4 ? t * 4 : t / 4
        }
        t = start
        return nil
    }

    /// The model's value at a point: the highest cut.
    private func model(at point: [Int64]) -> Double {
        var best = -Double.infinity
        for cut in cuts {
            var v = cut.intercept
            for k in point.indices { v += cut.slope[k] * Double(point[k]) }
            best = max(best, v)
        }
        return best
    }

    /// For cut weights α (a point of the simplex), the minimiser of Σα·cut + |d|²/(2t) over
    /// steps d that keep prices at or above zero: d = max(−c, −t·Σα·g), coordinate-wise.
    private func direction(_ alpha: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: center.count)
        for (i, cut) in cuts.enumerated() where alpha[i] != 0 {
            for k in g.indices { g[k] += alpha[i] * cut.slope[k] }
        }
        return g.indices.map { k in max(-Double(center[k]), -t * g[k]) }
    }

    /// The model's dual: the weights α on the simplex that maximise
    /// φ(α) = min over d of Σα_i (cut_i(c + d)) + |d|²/(2t) (`ModelDual`), from the last weights.
    private func solveModel() -> [Double] {
        let n = cuts.count
        var alpha = cuts.map(\.weight)
        if alpha.reduce(0, +) < 0.5 {
            alpha = [Double](repeating: 0, count: n)
            alpha[n - 1] = 1
        } else {
            alpha = Self.projected(alpha)
        }
        guard n > 1 else { return alpha }
        let m = center.count
        // Cut values relative to the centre: −e_i, minus the linearisation error there; the
        // slopes row-major; d ≥ −c keeps prices at or above zero.
        var offsets = [Double](repeating: 0, count: n)
        var rows = [Double](repeating: 0, count: n * m)
        for (i, cut) in cuts.enumerated() {
            var v = cut.intercept - Double(centerValue)
            for k in 0..<m { v += cut.slope[k] * Double(center[k]) }
            offsets[i] = v
            for k in 0..<m { rows[i * m + k] = cut.slope[k] }
        }
        let dual = ModelDual(offset: offsets, slopes: rows, lowest: center.map { -Double($0) }, t: t, coordinates: m)
        return dual.solved(from: alpha, tolerance: Self.modelTolerance)
    }

    /// The Euclidean projection onto the simplex (weights ≥ 0 summing to one).
    static func projected(_ v: [Double]) -> [Double] {
        guard !v.isEmpty else { return v }
        var result = v
        let sorting = UnsafeMutablePointer<Double>.allocate(capacity: v.count)
        defer { sorting.deallocate() }
        result.withUnsafeMutableBufferPointer { project($0.baseAddress!, count: $0.count, sorting: sorting) }
        return result
    }

    /// `projected` in place, for `count` weights at `v`, sorting a copy in `sorting` (as
    /// many places): largest first, the threshold where the sum of those above it less one,
    /// shared among them, stays below each.
    static func project(_ v: UnsafeMutablePointer<Double>, count: Int, sorting: UnsafeMutablePointer<Double>) {
        // Insertion sort, largest first: a few dozen weights.
        for i in 0..<count {
            let x = v[i]
            var j = i
            while j > 0 && sorting[j - 1] < x {
                sorting[j] = sorting[j - 1]
                j -= 1
            }
            sorting[j] = x
        }
        var sum = 0.0
        var threshold = 0.0
        for k in 0..<count {
            sum += sorting[k]
            let candidate = (sum - 1) / Double(k + 1)
            if sorting[k] - candidate > 0 { threshold = candidate }
        }
        for i in 0..<count { v[i] = max(0, v[i] - threshold) }
    }

    /// Keeps the cuts the model uses; when too many are left, folds the older used ones
    /// into their weighted average (itself a valid cut, carrying their weight) and keeps
    /// the `model.kept` newest beside it.
    private mutating func compress() {
        cuts.removeAll { $0.idle >= 10 && $0.weight == 0 }
        guard cuts.count > model.cuts else { return }
        guard cuts.contains(where: { $0.weight > 0 }) else {
            // No model solved yet (cuts handed over in a batch): the newest ones.
            cuts.removeFirst(cuts.count - model.cuts)
            return
        }
        let newest = cuts.suffix(min(model.kept, cuts.count - 1))
        cuts.removeLast(newest.count)
        let older = cuts.reduce(0) { $0 + $1.weight }
        guard older > 0 else {
            cuts = Array(newest)
            return
        }
        var merged = Cut(intercept: 0, slope: [Double](repeating: 0, count: center.count))
        for cut in cuts where cut.weight > 0 {
            let w = cut.weight / older
            merged.intercept += w * cut.intercept
            for k in merged.slope.indices { merged.slope[k] += w * cut.slope[k] }
        }
        merged.weight = older
        cuts = [merged] + newest
        folds += 1
    }
}
