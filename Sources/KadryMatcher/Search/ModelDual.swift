/// The bundle model's dual (`BundleMethod`), solved by Newton steps: the weights α on the
/// simplex that maximise φ(α) = Σα_i·o_i + min over d ≥ l of (Σα_i·s_i)·d + |d|²/(2t), where
/// cut i is o_i + s_i·d at the step d from the centre (its offset o_i and slope s_i) and l
/// keeps prices at or above zero.
///
/// φ is concave and piecewise quadratic: where the same coordinates of the best step sit at
/// their bound, it is the quadratic Σα_i·b_i − (t/2)·|S_F·α|² (F the coordinates off their
/// bound, b_i the offset plus the cut's rise along the bound). Each step solves that piece
/// exactly (`face`, an active-set method on the simplex, a few dozen weights) and moves to
/// φ's top on the way to the piece's optimum. It ends in a handful of steps where projected
/// gradient steps took hundreds (about 400 a model on the dense M, a quarter of its run;
/// docs/benchmarks.md).
struct ModelDual {
    /// o_i: each cut's value at the centre, less the centre's value.
    let offset: [Double]
    /// s_i: the cuts' slopes, row-major (`count` × `coordinates`).
    let slopes: [Double]
    /// l: the lowest step in each coordinate (the price at zero).
    let lowest: [Double]
    /// The proximity parameter.
    let t: Double
    let coordinates: Int
    var count: Int { offset.count }

    /// φ at α; its gradient, each cut's value at the best step d(α); and which coordinates of d(α) sit at their bound.
    func evaluate(_ alpha: [Double]) -> (value: Double, gradient: [Double], bound: [Bool]) {
        let (n, m) = (count, coordinates)
        let gradient = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let g = UnsafeMutablePointer<Double>.allocate(capacity: m)
        let d = UnsafeMutablePointer<Double>.allocate(capacity: m)
        defer {
            for buffer in [gradient, g, d] { buffer.deallocate() }
        }
        let value = alpha.withUnsafeBufferPointer { evaluate($0.baseAddress!, into: gradient, g: g, d: d) }
        let bound = (0..<m).map { k in -t * g[k] < lowest[k] }
        return (value, Array(UnsafeBufferPointer(start: gradient, count: n)), bound)
    }

    /// φ at α (`count` weights), each cut's value at d(α) written to `gradient`, Sᵀα to `g` and
    /// d(α) to `d` (`coordinates` each): the one evaluation both ways of solving use.
    private func evaluate(_ alpha: UnsafePointer<Double>, into gradient: UnsafeMutablePointer<Double>,
                          g: UnsafeMutablePointer<Double>, d: UnsafeMutablePointer<Double>) -> Double {
        let (n, m) = (count, coordinates)
        return offset.withUnsafeBufferPointer { offset in
            slopes.withUnsafeBufferPointer { slopes in
                lowest.withUnsafeBufferPointer { lowest in
                    for k in 0..<m { g[k] = 0 }
                    for i in 0..<n where alpha[i] != 0 {
                        let a = alpha[i], row = i * m
                        for k in 0..<m { g[k] += a * slopes[row + k] }
                    }
                    var square = 0.0
                    for k in 0..<m {
                        d[k] = max(lowest[k], -t * g[k])
                        square += d[k] * d[k]
                    }
                    var value = 0.0
                    for i in 0..<n {
                        var v = offset[i]
                        let row = i * m
                        for k in 0..<m { v += slopes[row + k] * d[k] }
                        gradient[i] = v
                        value += alpha[i] * v
                    }
                    return value + square / (2 * t)
                }
            }
        }
    }

    /// The model's duality gap at α: its highest cut at c + d(α) above their α-average.
    static func gap(_ alpha: [Double], _ gradient: [Double]) -> Double {
        var average = 0.0, highest = -Double.infinity
        for i in alpha.indices {
            average += alpha[i] * gradient[i]
            highest = max(highest, gradient[i])
        }
        return highest - average
    }

    /// The weights, from `start` (on the simplex), once the gap is within `tolerance`; with
    /// `converged` false where `steps` Newton steps did not get there (or rounding stopped them).
    /// By default up to 100 steps, fewer where each is dear (its piece costs count²·coordinates:
    /// 20 for 80 cuts in 3,000 prices, a large part's model at 100,000 participants).
    func solve(from start: [Double], tolerance: Double, steps: Int? = nil) -> (alpha: [Double], converged: Bool) {
        let (n, m) = (count, coordinates)
        let steps = steps ?? max(10, min(100, 400_000_000 / max(1, n * n * m)))
        var alpha = start
        var current = evaluate(alpha)
        for _ in 0..<steps {
            if Self.gap(alpha, current.gradient) <= tolerance { return (alpha, true) }
            // The piece of φ where the coordinates at their bound now stay there.
            var b = offset
            for i in 0..<n {
                let row = i * m
                for k in 0..<m where current.bound[k] { b[i] += slopes[row + k] * lowest[k] }
            }
            var h = [Double](repeating: 0, count: n * n)
            for i in 0..<n {
                for j in i..<n {
                    var q = 0.0
                    let (ri, rj) = (i * m, j * m)
                    for k in 0..<m where !current.bound[k] { q += slopes[ri + k] * slopes[rj + k] }
                    h[i * n + j] = t * q
                    h[j * n + i] = t * q
                }
            }
            let target = Self.face(b: b, h: h, from: alpha)
            guard let step = highest(from: alpha, towards: target) else { break }
            let trial = zip(alpha, target).map { $0 + step * ($1 - $0) }
            let next = evaluate(trial)
            // The slope says φ rises; its value, a sum of terms up to t·|g|² that nearly cancel where
            // t is in the billions, may show a fall in its last digits.
            guard next.value >= current.value - 1e-9 * (1 + abs(current.value)) else { break }
            (alpha, current) = (trial, next)
        }
        return (alpha, Self.gap(alpha, current.gradient) <= tolerance)
    }

    /// Where φ is highest on the way from α to `target` (the share of the way, in (0, 1]), or nil
    /// where it does not rise at all. φ is concave there, and its slope along the way, Δ·∇φ =
    /// Δ·o + Σ_k (SᵀΔ)_k·d_k, changes only through d, which is linear in the share between the
    /// points where a coordinate meets its bound: bisection on the slope finds the top. Where
    /// t is large those points are many, and a step to the first point where φ rose (halving
    /// from the whole way) left some models short of the tolerance after 30 steps.
    private func highest(from alpha: [Double], towards target: [Double]) -> Double? {
        let (n, m) = (count, coordinates)
        var g = [Double](repeating: 0, count: m)
        var dg = [Double](repeating: 0, count: m)
        var rise = 0.0
        for i in 0..<n {
            let a = alpha[i], change = target[i] - alpha[i]
            rise += change * offset[i]
            if a == 0 && change == 0 { continue }
            let row = i * m
            for k in 0..<m {
                g[k] += a * slopes[row + k]
                dg[k] += change * slopes[row + k]
            }
        }
        func slope(at share: Double) -> Double {
            var v = rise
            for k in 0..<m where dg[k] != 0 { v += dg[k] * max(lowest[k], -t * (g[k] + share * dg[k])) }
            return v
        }
        guard slope(at: 0) > 0 else { return nil }
        if slope(at: 1) >= 0 { return 1 }
        var (low, high) = (0.0, 1.0)
        for _ in 0..<60 {
            let middle = (low + high) / 2
            if slope(at: middle) > 0 { low = middle } else { high = middle }
        }
        return low > 0 ? low : nil
    }

    /// The weights: Newton steps (`solve`), and where they stop short of the tolerance, gradient
    /// ascent from where they got (`ascend`).
    func solved(from start: [Double], tolerance: Double) -> [Double] {
        let newton = solve(from: start, tolerance: tolerance)
        return newton.converged ? newton.alpha : ascend(from: newton.alpha, tolerance: tolerance)
    }

    /// Projected gradient ascent on the simplex from `start`, with Barzilai–Borwein steps and
    /// backtracking, until the gap is within `tolerance` or a budget of work is spent. Alone,
    /// it took about 400 steps a model on the dense M (a quarter of its run); after the Newton
    /// steps it starts near the optimum.
    func ascend(from start: [Double], tolerance: Double) -> [Double] {
        let (n, m) = (count, coordinates)
        guard n > 1 else { return start }
        let g = UnsafeMutablePointer<Double>.allocate(capacity: m)
        let d = UnsafeMutablePointer<Double>.allocate(capacity: m)
        // α, its gradient, and the same at the next point tried; the projection's sorting space.
        let current = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let gradient = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let next = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let nextGradient = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let sorting = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer {
            for buffer in [g, d, current, gradient, next, nextGradient, sorting] { buffer.deallocate() }
        }
        for i in 0..<n { current[i] = start[i] }
        func evaluate(_ alpha: UnsafeMutablePointer<Double>, _ gradient: UnsafeMutablePointer<Double>) -> Double {
            self.evaluate(alpha, into: gradient, g: g, d: d)
        }
        var steepest = 0.0
        for i in 0..<n {
            var square = 0.0
            for k in 0..<m { square += slopes[i * m + k] * slopes[i * m + k] }
            steepest = max(steepest, square)
        }
        var rate = 1 / max(1e-12, t * steepest)
        var (alphaBuffer, gradientBuffer) = (current, gradient)
        var (nextBuffer, nextGradientBuffer) = (next, nextGradient)
        var value = evaluate(alphaBuffer, gradientBuffer)
        // A fixed 500 steps left models of a few dozen prices seeing nothing to gain
        // 4–17 above L's minimum, and the root stalled there (the shared and generated
        // M instances); at 100,000 participants, thousands of prices, the budget keeps
        // it to 500.
        let budget = max(500, min(20_000, 20_000_000 / max(1, n * m)))
        for _ in 0..<budget {
            var average = 0.0, highest = -Double.infinity
            for i in 0..<n {
                average += alphaBuffer[i] * gradientBuffer[i]
                highest = max(highest, gradientBuffer[i])
            }
            if highest - average <= tolerance { break }
            for i in 0..<n { nextBuffer[i] = alphaBuffer[i] + rate * gradientBuffer[i] }
            BundleMethod.project(nextBuffer, count: n, sorting: sorting)
            var rise = 0.0, moved = 0.0
            for i in 0..<n {
                rise += gradientBuffer[i] * (nextBuffer[i] - alphaBuffer[i])
                moved += abs(nextBuffer[i] - alphaBuffer[i])
            }
            if moved < 1e-12 { break }
            let nextValue = evaluate(nextBuffer, nextGradientBuffer)
            guard nextValue >= value + 1e-4 * rise else {
                rate /= 2
                continue
            }
            // Barzilai–Borwein: the step that fits the curvature seen along the last move.
            var ss = 0.0, sy = 0.0
            for i in 0..<n {
                let si = nextBuffer[i] - alphaBuffer[i]
                ss += si * si
                sy -= si * (nextGradientBuffer[i] - gradientBuffer[i])
            }
            rate = sy > 0 ? ss / sy : rate * 2
            value = nextValue
            swap(&alphaBuffer, &nextBuffer)
            swap(&gradientBuffer, &nextGradientBuffer)
        }
        return Array(UnsafeBufferPointer(start: alphaBuffer, count: n))
    }

    /// The maximum of Σα_i·b_i − ½·αᵀHα over the simplex (H symmetric, positive semidefinite,
    /// `b.count` × `b.count`), from a point on it, by proximal rounds (`nearestFace`): each adds
    /// ε/2·|α − α₀|² around the last round's answer α₀, which makes H + εI definite where
    /// nearly parallel cuts make H singular, and moves the optimum less each round. A fixed
    /// ridge ε·|α|² instead moved it by up to t·10⁻¹¹ (a few hundredths where t is in the
    /// billions, late in a root, the model nearly flat), and the steps then stopped short of
    /// the tolerance on one model in twenty.
    static func face(b: [Double], h: [Double], from start: [Double]) -> [Double] {
        let n = b.count
        var diagonal = 0.0
        for i in 0..<n { diagonal = max(diagonal, h[i * n + i]) }
        let ridge = 1e-9 * diagonal + 1e-9
        var alpha = start
        for _ in 0..<8 {
            let next = nearestFace(b: b, h: h, ridge: ridge, around: alpha)
            var change = 0.0
            for i in 0..<n { change = max(change, abs(next[i] - alpha[i])) }
            alpha = next
            if change < 1e-13 { break }
        }
        return alpha
    }

    /// The maximum of Σα_i·b_i − ½·αᵀHα − ε/2·|α − α₀|² over the simplex from α₀ (`around`): a
    /// primal active-set method. Each step solves the weights on the support with their sum
    /// fixed, moves towards them until a weight reaches zero (it leaves the support), and at a
    /// face's optimum adds the weight whose rise is largest.
    static func nearestFace(b: [Double], h: [Double], ridge: Double, around center: [Double]) -> [Double] {
        let n = b.count
        var alpha = center
        var support = alpha.map { $0 > 0 }
        if !support.contains(true) {
            let top = b.indices.max { b[$0] < b[$1] }!
            alpha[top] = 1
            support[top] = true
        }
        let scale = 1 + (b.map(abs).max() ?? 0)
        for _ in 0..<(4 * n + 10) {
            let members = (0..<n).filter { support[$0] }
            let k = members.count
            // [H_AA + εI, 1; 1ᵀ, 0]·[β; μ] = [b_A + ε·α₀_A; 1]
            var system = [Double](repeating: 0, count: (k + 1) * (k + 1))
            var rhs = [Double](repeating: 0, count: k + 1)
            for (r, i) in members.enumerated() {
                for (c, j) in members.enumerated() { system[r * (k + 1) + c] = h[i * n + j] }
                system[r * (k + 1) + r] += ridge
                system[r * (k + 1) + k] = 1
                system[k * (k + 1) + r] = 1
                rhs[r] = b[i] + ridge * center[i]
            }
            rhs[k] = 1
            guard let solution = solveLinear(system, rhs, size: k + 1) else { return alpha }
            let mu = solution[k]
            // Towards β, until a weight reaches zero.
            var reach = 1.0
            var blocking = -1
            for (r, i) in members.enumerated() where solution[r] < 0 {
                let ratio = alpha[i] / (alpha[i] - solution[r])
                if ratio < reach {
                    reach = ratio
                    blocking = i
                }
            }
            for (r, i) in members.enumerated() { alpha[i] += reach * (solution[r] - alpha[i]) }
            if blocking >= 0 {
                alpha[blocking] = 0
                support[blocking] = false
                continue
            }
            // At the face's optimum: the weight off the support that would rise most, if any.
            var entering = -1
            var rise = 1e-9 * scale
            for i in 0..<n where !support[i] {
                var hAlpha = 0.0
                for j in members { hAlpha += h[i * n + j] * alpha[j] }
                let r = b[i] - hAlpha + ridge * center[i] - mu
                if r > rise {
                    rise = r
                    entering = i
                }
            }
            guard entering >= 0 else { break }
            support[entering] = true
        }
        let sum = alpha.reduce(0) { $0 + max(0, $1) }
        return alpha.map { max(0, $0) / sum }
    }

    /// Gaussian elimination with partial pivoting; nil where a pivot vanishes.
    static func solveLinear(_ matrix: [Double], _ rhs: [Double], size n: Int) -> [Double]? {
        var a = matrix, x = rhs
        for col in 0..<n {
            var pivot = col
            for r in (col + 1)..<n where abs(a[r * n + col]) > abs(a[pivot * n + col]) { pivot = r }
            guard abs(a[pivot * n + col]) > 1e-300 else { return nil }
            if pivot != col {
                for c in 0..<n { a.swapAt(col * n + c, pivot * n + c) }
                x.swapAt(col, pivot)
            }
            let p = a[col * n + col]
            for r in (col + 1)..<n {
                let f = a[r * n + col] / p
                if f == 0 { continue }
                for c in col..<n { a[r * n + c] -= f * a[col * n + c] }
                x[r] -= f * x[col]
            }
        }
        for r in stride(from: n - 1, through: 0, by: -1) {
            var v = x[r]
            for c in (r + 1)..<n { v -= a[r * n + c] * x[c] }
            x[r] = v / a[r * n + r]
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }
}
