import KadryCore

/// What the caller can ask of a solve.
public struct SolverOptions: Sendable {
    /// Stop after this many seconds and return the best result found, with its bound.
    public var timeLimit: Double?
    /// Called now and then (at most four times a second) while the search runs.
    public var progress: (@Sendable (SolverProgress) -> Void)?
    /// Whether a part's search starts with a block descent on its seat prices.
    public var descent: Descent = .automatic
    /// Which parts are searched on a core of their arcs, and how it starts (`CoreSearch`).
    var core = CoreSearch()
    /// Which parts take turns for their time, and what they share (`Turns`).
    var turns = Turns()
    /// When the root solves a neighbourhood of its best relaxation (`NeighbourhoodSearch`).
    var neighbourhood = NeighbourhoodSearch()
    /// Which parts' roots work out answers on a second core (`PrimalHelper`).
    var helper = HelperSettings()
    /// Whether the root searches the routes its prices leave in play (`Search.pricedSearch`);
    /// off in that search itself.
    var pricedSearch = true
    /// How many searches of the routes in play this search is inside: at 2, it starts none.
    var nesting = 0
    /// Whether the root prices seats by exchanges against its answer (`Search.exchangeCuts`).
    var exchangeCuts = true
    /// Whether a root whose bound stays above its answer tries single decisions that close
    /// the part before it branches (`Search.firstDecision`).
    var firstDecision = true
    /// The seat prices the root starts from (zero when nil).
    var startingPrices: [Int64]?
    /// A search may stop once its answer scores this much: nothing better is wanted. The
    /// neighbourhood's search gets what would bring the whole part to its bound.
    var target: Int64?
    /// A search may stop once its bound is down to this: what it could find would not be
    /// wanted (the routes in play give the answer the part already has).
    var cutoff: Int64?
    /// Which parts are searched twice at once, each search started differently (`Race`).
    var race = Race()
    /// The root's first bundle step, as a multiple of the one its gap and subgradient give.
    var startingStep = 1.0
    /// Raised when a rival search has proven the part optimal: this one stops (`Race`).
    var stop: StopSignal?
    /// Where a racing part's second search waits for a free core (set by `Solver.solve`).
    var rivals: Rivals?
    /// When the whole solve's time limit runs out, as a `Monotonic` reading, and that limit (set by
    /// `Solver.solve` under a time limit): steps that would end past it do not start
    /// (`Search.wouldPassEnd`, `Search.isLateAndDear`).
    var end: (at: Double, limit: Double)?

    public enum Descent: Sendable {
        /// Where relaxations are dear: dense parts, or a time limit short for the part's size.
        case automatic
        case always
        case never
    }

    /// A whole solve's time limit when the user gives none: 9.5 s up to 20,000 participants
    /// (proven optimal or within 0.05 % there), rising in proportion to 55 s at 100,000 and
    /// more (within a minute, the result written).
    public static func defaultTimeLimit(participants: Int) -> Double {
        let share = min(1, max(0, Double(participants - 20_000) / 80_000))
        return 9.5 + share * (55 - 9.5)
    }

    public init(timeLimit: Double? = nil, progress: (@Sendable (SolverProgress) -> Void)? = nil, descent: Descent = .automatic) {
        self.timeLimit = timeLimit
        self.progress = progress
        self.descent = descent
    }
}

/// In a small instance, on a machine with a core to spare, each larger part is searched twice,
/// the second search (its rival) starting its bundle steps `stepFactor` times as long; the
/// rival runs on a core the parts leave free, at once or once one is (`Rivals`). The first
/// to prove the part optimal stops the other, and the part keeps the better answer and the
/// lower bound (with its certificate) of the two (`Solver.solve(part:)`).
///
/// Why: whether a 2,000-participant part is proven optimal, and how soon, turns on where its
/// root's bundle method lands, and small changes to the bundle move that for better on one
/// instance and for worse on another (docs/benchmarks.md). Of 14 such instances, the
/// generated clustered M of seed 4 was proven in 0.5 s with the longer steps and not in 9.5 s
/// without; the shared clustered-M-6 the other way round. A second core is idle there.
struct Race: Sendable {
    /// Off: no part races.
    var enabled = true
    /// Instances with more participants keep their cores busy with their parts.
    var instanceParticipants = 5_000
    /// Parts with fewer participants end in milliseconds; they race no one.
    var partParticipants = 200
    /// The second search's first bundle step, as a multiple of the first's.
    var stepFactor = 10.0
}

/// A dense part is searched on a core of its arcs that grows while the search runs
/// (`ComponentSolver.Growth`): relaxations on the core cost a fraction of those on all
/// arcs, and pricing every arc at the core's dual prices both bounds the part and tells
/// which arcs the core lacks.
struct CoreSearch: Sendable {
    /// Arcs a participant, on average, above which a part is searched on a core.
    var above = 48
    /// The core starts with each participant's best arcs and each need's (`RouteSet.core`).
    var perParticipant = 24
    var perPosition = 8
    var extra = 16
}

/// After the root's bundle steps, the participants the last relaxations place differently are
/// placed anew by a search of their own (`ComponentSolver.neighbourhood`).
struct NeighbourhoodSearch: Sendable {
    /// The relaxations compared: the last this many, once there have been as many.
    var relaxations = 8
    /// At most this share of the part's participants freed (a larger neighbourhood is left alone).
    var share = 0.25
}

/// A large part's root works out its answers (seat assignments, some dives) on a second core
/// while its relaxations go on (`PrimalHelper`). On the shared 100,000-participant instance,
/// whose largest part holds 80,000 participants, the certified gap went from 1.15–1.36 % to
/// 0.35–0.83 % (docs/benchmarks.md).
struct HelperSettings: Sendable {
    /// Participants in a part from which its root gets a helper.
    var participants = 30_000
    /// Only where the machine has a core to spare (tests turn this off to take the path anyway).
    var needsSpareCore = true
}

/// Under a time limit, parts of middling size take turns for their time (`Solver.solve`).
/// Each is searched at its share of the limit (by `RouteSet.work`, as every part is) and
/// then waits (`Allotment`). The larger parts come after a core's middling ones and take
/// turns as well (`firstRound`), but never in the middle of their descent. The time left
/// then goes to the parts still open, middling and larger, in proportion to what they have
/// left to gain (their bound less their answer).
///
/// Why: work (participants and arcs) predicts badly how long a part needs to close its gap,
/// so parts of the same work end at very different gaps; what they have left to gain is the
/// better guide for the time left. A large part's descent lowers its bound fastest, so its
/// first round waits for more time rather than cut it short.
struct Turns: Sendable {
    /// Participants in a part that takes turns.
    var sizes = 1_000..<3_000
    /// The larger parts take turns too: each first gets this part of its share of the time
    /// left, or less where its descent (and the dive after it) ends sooner; then what is left
    /// goes to those still open, by their gaps (nil: each runs its whole share without a break).
    var firstRound: Double? = 0.8
}
