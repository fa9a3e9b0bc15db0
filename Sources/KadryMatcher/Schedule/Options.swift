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
    /// A search may stop once its answer scores this much: nothing better is wanted. The
    /// neighbourhood's search gets what would bring the whole part to its bound.
    var target: Int64?

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

/// A dense part is searched on a core of its arcs that grows while the search runs
/// (`ComponentSolver.Growth`): relaxations on the core cost a fraction of those on all
/// arcs, and pricing every arc at the core's dual prices both bounds the part and tells
/// which arcs the core lacks.
///
/// Measured at 100,000 participants (55 s): the largest part (10,597 participants,
/// 5,168,121 arcs) starts on a core of 370,449 arcs; its first relaxation takes 0.3 s, not
/// 4 s, and its bound after 13 s is 13,471,524 where all arcs gave 13,488,753 after 52 s.
/// Whole runs: 0.44–0.76 % (8 runs) against 0.86–1.20 % (5) in the same sitting. At 20,000 participants
/// (9.5 s): 0.024–0.029 % against 0.029–0.032 %.
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

/// Under a time limit, parts of middling size take turns for their time (`Solver.solve`).
/// Each is searched at its share of the limit (by `RouteSet.work`, as every part is) and
/// then waits (`Allotment`); a reserve of the limit then goes to those still open, in
/// proportion to what they have left to gain (their bound less their answer). The larger
/// parts come last, with what is left, and take turns as well (`firstRound`), but never
/// in the middle of their descent.
///
/// Work shares time badly among the middling parts: at 100,000 participants, parts of 1,700–2,700
/// participants ended at gaps from under 100 to 81,000 with the same 0.5–1 s, and the open ones
/// need two to five times that. Measured there, whole runs with the search fixed at 28 s, in
/// alternating pairs against sharing by work alone:
/// - as here: 0.897 / 0.576 / 0.605 / 0.499 / 0.469 % against 0.767 / 0.742 / 0.663 / 0.652 /
///   0.656 %; in the last three, the middling parts' gaps 68–97 k in all against 314–318 k, the
///   larger parts' 484–638 k against 473–489 k;
/// - the second round at the very end, every part's first shortened by the reserve: 0.502 /
///   0.480 / 0.654 % against 0.813 / 0.585 / 0.668 %; with reserves of 0.10 / 0.15 / 0.22,
///   0.673 / 0.592 / 0.715 % and 0.582 / 0.661 / 0.841 % (two rounds of three);
/// - every part of 1,000 or more taking turns, half the limit first: 1.21 % in one run, the
///   larger parts' descents cut short.
///
/// The larger parts' descents are not cut short: each waits for more time where its first
/// round ends, and its first round ends early where its descent does (with the dive after it),
/// the share it has not used going to the parts after it on its core. What is left when all
/// have had a first round goes to those still open, by their gaps. At 100,000 participants
/// the same 2.8 s left the part of 5,287 participants at 128–206 k after its descent was cut,
/// while the largest (10,597, 9 s) had settled within 7 s. Measured there:
/// - whole runs with the search fixed at 28 s, in alternating rounds (a slow hour): first
///   rounds of 0.8 of the share 0.552 / 0.591 / 0.397 / 0.450 % (the part of 5,287 at
///   104–144 k), of 0.6 0.404 / 0.640 / 0.418 / 0.519 %, without turns 0.614 / 0.616 /
///   0.492 / 0.539 % (that part at 160–206 k); three more pairs at 0.6, 0.325 / 0.283 /
///   0.368 % against 0.532 / 0.375 / 0.365 %;
/// - default whole runs at 0.8, alternating: 0.287 / 0.278 / 0.371 / 0.310 % against 0.425 /
///   0.326 / 0.429 / 0.464 % without turns.
struct Turns: Sendable {
    /// Participants in a part that takes turns.
    var sizes = 1_000..<3_000
    /// The share of the time limit the second round hands out.
    var reserve = 0.15
    /// The larger parts take turns too: each first gets this part of its share of the time
    /// left, or less where its descent (and the dive after it) ends sooner; then what is left
    /// goes to those still open, by their gaps (nil: each runs its whole share without a break).
    var firstRound: Double? = 0.8
}
