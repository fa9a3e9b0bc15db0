/// Prices on the full programmes that keep every exchange found from gaining
/// (`Search.exchangeCuts`), or the proof that there are none.
///
/// Against an answer x, an exchange C (`Exchange`) gains w_C and changes seat use by Δ_C.
/// At seat prices λ on the programmes x fills (none elsewhere), x is an optimal b-matching,
/// so L(λ) is x's value, exactly when no exchange gains: Δ_C·λ ≥ w_C for every C. Given
/// some exchanges, the least violation, with a small cost c per unit of price to keep
/// prices low,
///
///     min c·λ + Σ_C σ_C   where σ_C ≥ w_C − Δ_C·λ,  σ, λ ≥ 0,
///
/// is solved as its dual: max Σ w_C μ_C where Σ_C Δ_C μ_C ≤ c and 0 ≤ μ ≤ 1, bounded and
/// feasible at μ = 0, by the primal simplex method with bounded variables (the revised form,
/// its basis inverse kept explicitly: a few dozen rows). Its row prices are λ; where the
/// violation is above zero, the weights μ pick exchanges that together gain and fill no
/// full programme. New exchanges only add columns: each solve starts from the last basis.
struct ExchangeModel {
    /// The rows: one per programme the model prices.
    let rows: Int
    private let costs: [Double]
    /// Each exchange's column: its nonzero Δ (row, change) and its gain.
    private var columns: [(entries: [(row: Int, delta: Double)], gain: Double)] = []
    /// Nonbasic exchanges at their upper bound (μ = 1).
    private var atUpper: [Bool] = []
    /// The basic variable of each row: −1 − r for row r's slack, else an exchange.
    private var basis: [Int]
    /// The basis inverse, row-major.
    private var inverse: [Double]
    private var values: [Double]
    /// Per exchange: its row in the basis, or -1 when it is not basic.
    private var basicRow: [Int] = []

    init(costs: [Double]) {
        rows = costs.count
        self.costs = costs
        basis = (0..<rows).map { -1 - $0 }
        inverse = [Double](repeating: 0, count: rows * rows)
        for r in 0..<rows { inverse[r * rows + r] = 1 }
        values = costs
    }

    /// Adds an exchange: its seat changes per row and its gain.
    mutating func add(delta: [(row: Int, delta: Int)], gain: Int64) {
        columns.append((delta.map { ($0.row, Double($0.delta)) }, Double(gain)))
        atUpper.append(false)
        basicRow.append(-1)
    }

    /// Each exchange's weight μ in the last solution.
    var weights: [Double] {
        columns.indices.map { j in basicRow[j] >= 0 ? values[basicRow[j]] : (atUpper[j] ? 1 : 0) }
    }

    /// The least violation (with the prices' cost) and the prices λ (one per row, at or above
    /// zero) where it is reached; nil if the simplex method did not finish within `pivots`
    /// or by `deadline` (a `Monotonic` reading).
    mutating func solve(pivots: Int = 20_000, until deadline: Double = .infinity) -> (value: Double, prices: [Double])? {
        let epsilon = 1e-9
        var stalled = 0
        var last = -Double.infinity
        for pivot in 0..<pivots {
            if pivot % 64 == 0 {
                if Monotonic.now() > deadline { return nil }
                refresh()
            }
            let y = duals()
            // Entering: the largest reduced cost (the lowest index once progress stalls, which cannot cycle).
            var entering = -2 - rows, best = epsilon, bland = stalled > 50
            var slackBasic = [Bool](repeating: false, count: rows)
            for b in basis where b < 0 { slackBasic[-1 - b] = true }
            for r in 0..<rows where !slackBasic[r] && -y[r] > best {
                entering = -1 - r
                best = -y[r]
                if bland { break }
            }
            if !(bland && entering != -2 - rows) {
                for j in columns.indices where basicRow[j] < 0 {
                    var d = columns[j].gain
                    for e in columns[j].entries { d -= y[e.row] * e.delta }
                    let gain = atUpper[j] ? -d : d
                    if gain > best {
                        entering = j
                        best = gain
                        if bland { break }
                    }
                }
            }
            if entering == -2 - rows {
                return (objective(), y)
            }
            // Moving the entering variable up (from 0) or down (from 1): the basic values move by −s·θ·α.
            let alpha = column(entering)
            let direction: Double = entering >= 0 && atUpper[entering] ? -1 : 1
            var theta = entering >= 0 ? 1.0 : Double.infinity
            var leaving = -1
            var leavesAtUpper = false
            for r in 0..<rows {
                let rate = -direction * alpha[r]
                if rate < -epsilon {
                    let room = values[r] / -rate
                    if room < theta - epsilon || (room < theta + epsilon && leaving >= 0 && basis[r] < basis[leaving]) {
                        (theta, leaving, leavesAtUpper) = (max(0, room), r, false)
                    }
                } else if rate > epsilon && basis[r] >= 0 {
                    let room = (1 - values[r]) / rate
                    if room < theta - epsilon || (room < theta + epsilon && leaving >= 0 && basis[r] < basis[leaving]) {
                        (theta, leaving, leavesAtUpper) = (max(0, room), r, true)
                    }
                }
            }
            guard theta < .infinity else { return nil }  // cannot happen: every exchange is bounded
            for r in 0..<rows { values[r] -= direction * theta * alpha[r] }
            if leaving < 0 {
                atUpper[entering].toggle()  // the entering exchange went from one bound to the other
            } else {
                let old = basis[leaving]
                if old >= 0 {
                    basicRow[old] = -1
                    atUpper[old] = leavesAtUpper
                }
                let enteringValue = entering >= 0 && atUpper[entering] ? 1 - theta : theta
                pivotOn(row: leaving, alpha: alpha)
                basis[leaving] = entering
                if entering >= 0 {
                    basicRow[entering] = leaving
                    atUpper[entering] = false
                }
                values[leaving] = enteringValue
            }
            let now = objective()
            stalled = now > last + epsilon ? 0 : stalled + 1
            last = max(last, now)
        }
        return nil
    }

    /// The row prices y = c_B·B⁻¹.
    private func duals() -> [Double] {
        var y = [Double](repeating: 0, count: rows)
        for r in 0..<rows where basis[r] >= 0 {
            let c = columns[basis[r]].gain
            for i in 0..<rows { y[i] += c * inverse[r * rows + i] }
        }
        return y
    }

    /// B⁻¹ times a variable's column.
    private func column(_ variable: Int) -> [Double] {
        if variable < 0 {
            let r = -1 - variable
            return (0..<rows).map { inverse[$0 * rows + r] }
        }
        var alpha = [Double](repeating: 0, count: rows)
        for e in columns[variable].entries {
            for i in 0..<rows { alpha[i] += inverse[i * rows + e.row] * e.delta }
        }
        return alpha
    }

    private mutating func pivotOn(row: Int, alpha: [Double]) {
        let p = alpha[row]
        for i in 0..<rows { inverse[row * rows + i] /= p }
        for r in 0..<rows where r != row && alpha[r] != 0 {
            let f = alpha[r]
            for i in 0..<rows { inverse[r * rows + i] -= f * inverse[row * rows + i] }
        }
    }

    /// The basic values recomputed from the basis inverse: B⁻¹(c − Σ columns at their upper bound).
    private mutating func refresh() {
        var rhs = costs
        for j in columns.indices where basicRow[j] < 0 && atUpper[j] {
            for e in columns[j].entries { rhs[e.row] -= e.delta }
        }
        for r in 0..<rows {
            var v = 0.0
            for i in 0..<rows { v += inverse[r * rows + i] * rhs[i] }
            values[r] = v
        }
    }

    private func objective() -> Double {
        var total = 0.0
        for r in 0..<rows where basis[r] >= 0 { total += columns[basis[r]].gain * values[r] }
        for j in columns.indices where basicRow[j] < 0 && atUpper[j] { total += columns[j].gain }
        return total
    }
}
