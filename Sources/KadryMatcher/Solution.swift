import KadryCore

/// The solver's answer: the chosen candidates and a proven upper bound.
public struct Solution: Sendable {
    public var placements: [Candidate]
    public var objective: Int64
    /// No result for the instance scores more than this.
    public var bound: Int64
    public var nodes: Int
    public var seconds: Double
    /// The root's dual prices (need and seat prices at its lowest relaxation), nonzero ones only:
    /// a part's by its own indices, the whole solve's by the instance's. They prove a root bound
    /// anyone can check (`Certificate`).
    public var needPrices: [Int32: Int64] = [:]
    public var seatPrices: [Int32: Int64] = [:]
    /// Where branching closed a part: its leaves (decisions and prices), by the part's indices;
    /// merged, each part's by the instance's (`Certificate`).
    var proofs: [PartProof] = []
    /// The ways of searching this solve took (all parts together): for tests that must see each run.
    var paths: SearchPaths = []

    public var isProvenOptimal: Bool { bound == objective }
}

/// The ways a part's search can go, as taken by one solve (`Solution.paths`).
struct SearchPaths: OptionSet, Sendable {
    let rawValue: Int
    /// On a core of the arcs that grows (`CoreSearch`).
    static let core = SearchPaths(rawValue: 1)
    /// A block descent on the seat prices (`Search.descend`).
    static let descent = SearchPaths(rawValue: 2)
    /// A bundle step past the root's first relaxation (`BundleMethod`).
    static let bundle = SearchPaths(rawValue: 4)
    /// A node below the root (`Search.processBranch`).
    static let branching = SearchPaths(rawValue: 8)
    /// A neighbourhood solved for a better answer (`ComponentSolver.neighbourhood`).
    static let neighbourhood = SearchPaths(rawValue: 16)
    /// Answers worked out on a second core beside the root's relaxations (`PrimalHelper`).
    static let helper = SearchPaths(rawValue: 32)
    /// The routes the root's prices leave in play, searched on their own (`Search.pricedSearch`).
    static let priced = SearchPaths(rawValue: 64)
    /// Seat prices from exchanges against the answer, by an exact cutting-plane model (`Search.exchangeCuts`).
    static let exchanges = SearchPaths(rawValue: 128)
    /// A part's rival search (`Race`) gave the answer or the bound kept.
    static let rival = SearchPaths(rawValue: 256)
    /// Single decisions tried at the root, each side searched on its own (`Search.firstDecision`).
    static let firstDecision = SearchPaths(rawValue: 512)
    /// The proof sought before a better answer, the answer being one unit below the root's bound (`Search.proveFirst`).
    static let proofFirst = SearchPaths(rawValue: 1024)
}

/// A branching decision: participant p attends programme t (`attends`), or does not.
struct Decision: Sendable, Equatable {
    var participant: Int32
    var programme: Int32
    var attends: Bool
}

/// The leaves of a part's branching tree, each with the decisions that lead to it and the
/// prices (seats λ, needs π; by index, zero where absent) that prove its bound.
struct PartProof: Sendable {
    var participants: [Int32]
    var needs: [Int32]
    var programmes: [Int32]
    var leaves: [(path: [Decision], lambda: [Int64], needPrices: [Int64])]
}

/// Dual prices of a part's root relaxation: λ of the seats and π of the needs (`ComponentSolver.Search.rootDual`).
struct RootDual: Sendable {
    var lambda: [Int64]
    var needPrices: [Int64]
    /// L(λ) on the arcs it was found on.
    var value: Int64
}

/// What more seats in one programme are worth (the committee's capacity planning).
public struct SeatValue: Sendable {
    public var programme: Int
    public var seats: Int
    public var used: Int
    /// For each number of extra seats: the objective gained, positions filled in addition, and whether the re-solve was proven optimal.
    public var gains: [(extra: Int, objective: Int64, filled: Int, proven: Bool)]
}
