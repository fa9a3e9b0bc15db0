import KadryCore

extension ComponentSolver {
    /// A part's search: the root (`Search+Root`), then best-first branch and bound (`Search+Branching`).
    struct Search {
        typealias Node = ComponentSolver.Node
        typealias Relaxed = ComponentSolver.Relaxed
        typealias Pick = ComponentSolver.Pick
        typealias Growth = ComponentSolver.Growth

        /// The part, or its core (replaced as the core grows).
        var solver: ComponentSolver
        /// On a core: all the part's arcs, the core's mask and the bound pricing them gave.
        var growth: Growth?
        let options: SolverOptions
        let started = Monotonic.now()
        /// When parts take turns on the cores (`Turns`), this part's running time (`Allotment`).
        var allotment: Allotment?
        /// The best answer so far, its value and each participant's route.
        var incumbent: Int64 = 0
        var incumbentPicks: [Pick]
        /// Nodes processed, and the ways the search went (`SearchPaths`).
        var nodes = 0
        var paths: SearchPaths = []

        /// The last relaxation's optimum: the next one (another λ, another node) starts there.
        var warm: BMatching.WarmStart?

        /// Where the next seat-price block step starts.
        var seatWarm: BMatching.WarmStart?

        /// Whether the root first descends by blocks (`descend`): where relaxations are
        /// dear, in a dense part (over 128 arcs a participant) or when the time limit
        /// leaves under 10 µs an arc: there a few dozen cheap block steps get near the best
        /// prices where a subgradient or bundle method needs hundreds of relaxations; on
        /// sparser parts with time enough the bundle method alone ends lower.
        let descendsFirst: Bool
        /// When progress was last reported (`report`).
        var lastReport = 0.0

        /// The root's lowest relaxation since the core last grew: on a core, its prices are
        /// where all arcs are priced (`grow`).
        var rootDual: RootDual?
        /// `rootDual` as the bundle method left it, before any exchange cuts: where the first
        /// decisions start (`firstDecision`).
        var bundleDual: RootDual?

        /// The branching tree's leaves so far, each with the prices that prove its bound.
        var leaves: [(path: [Decision], lambda: [Int64], needPrices: [Int64])] = []

        /// A large part's root: the core that works out answers beside the relaxations (`PrimalHelper`).
        var helper: PrimalHelper?

        /// Seconds spent in `examine`'s seat assignments and dives (`heuristicShare`).
        var heuristicSeconds = 0.0

        /// How long the descent's last step took, all its relaxations included (`descend`).
        var descentStepSeconds = 0.0
        /// How long the root's last timed relaxation took (its first, `descend`'s, the bundle steps').
        var relaxSeconds = 0.0

        /// The relaxations of the descent, as cuts for the bundle method that follows it.
        var cuts: [(lambda: [Int64], value: Int64, gradient: [Int64])] = []

        init(solver: ComponentSolver, options: SolverOptions) {
            self.solver = solver
            self.options = options
            switch options.descent {
            case .automatic:
                descendsFirst = Self.descends(arcs: solver.routes.arcCount, participants: solver.participantCount,
                                              denseAbove: 128, timeLimit: options.timeLimit)
            case .always: descendsFirst = true
            case .never: descendsFirst = false
            }
            incumbentPicks = [Pick](repeating: Pick(), count: solver.participantCount)
        }

        /// The rule of `descendsFirst`: over `denseAbove` arcs a participant, or a time limit under 10 µs an arc.
        static func descends(arcs: Int, participants: Int, denseAbove: Int, timeLimit: Double?) -> Bool {
            arcs > denseAbove * participants || timeLimit.map { $0 < 10e-6 * Double(arcs) } ?? false
        }

        /// Tells the caller where the search stands, at most four times a second; taking turns,
        /// also tells the allotment (every time), for the rounds after the first to share by.
        mutating func report(bound: Int64) {
            // Taking turns, what is left to gain is judged on the core: its L is near the part's.
            allotment?.bound = max(incumbent, bound)
            // On a core, its relaxations bound only the core.
            let proven = max(incumbent, growth?.bound ?? bound)
            guard let progress = options.progress else { return }
            let now = Monotonic.now()
            guard now - lastReport >= 0.25 else { return }
            lastReport = now
            progress(SolverProgress(part: 1, parts: 1, incumbent: incumbent, bound: proven, seconds: now - started))
        }

        /// Nothing at or below this value is wanted: the incumbent's, or the caller's cutoff.
        var threshold: Int64 { max(incumbent, options.cutoff ?? .min) }

        /// The time limit so far: when taking turns, the running time granted until now.
        var limit: Double? { allotment?.limit ?? options.timeLimit }

        /// Running time: when taking turns, less the time spent waiting for one.
        var elapsed: Double { allotment?.elapsed ?? Monotonic.now() - started }

        /// Whether the time is up. When taking turns, a search whose time is spent waits
        /// here for more, and goes on if it gets it.
        var timeUp: Bool {
            if options.stop?.isRaised == true { return true }
            guard let limit else { return false }
            if elapsed < limit { return false }
            guard let allotment, allotment.spent() else { return true }
            return allotment.elapsed >= allotment.limit
        }

        /// Whether this share of the time limit has passed. The descent stops at nine tenths,
        /// for the dive from where it stands (a descent that runs out of time never dives).
        func timeUp(at share: Double) -> Bool {
            if options.stop?.isRaised == true { return true }
            guard let limit else { return false }
            return elapsed >= share * limit
        }

        /// Whether the descent stops: at nine tenths of the time limit, for the dive after it. A
        /// larger part taking turns waits for more time instead (`timeUp`): the descent is what
        /// lowers its bound fastest, and its time may come later (`Turns.firstRound`).
        var descentOver: Bool { allotment?.large == true ? timeUp : timeUp(at: 0.9) }

        /// Whether a step taking `seconds` from now would end after the whole solve's time limit
        /// (`SolverOptions.end`). A part's own limit does not say so where parts take turns: the
        /// last grants come at the end, and a part granted none still ends the step it is in.
        func wouldPassEnd(_ seconds: Double) -> Bool {
            guard let end = options.end else { return false }
            return Monotonic.now() + seconds > end.at
        }

        /// Whether the whole solve's time is up and a relaxation here takes over 1 % of its limit:
        /// then the root's last polish (a b-matching and the seats filled) is left out. On the dense L
        /// with a position for nearly everyone it took 0.10–0.37 s a part, all after the limit.
        var isLateAndDear: Bool {
            guard let end = options.end else { return false }
            return wouldPassEnd(0) && relaxSeconds > 0.01 * end.limit
        }

        /// A step's deadline, as a `Monotonic` reading: `share` of the time left, `cap` seconds at most.
        func stepDeadline(share: Double, cap: Double) -> Double {
            Monotonic.now() + min(cap, share * ((limit ?? .infinity) - elapsed))
        }

        /// When the time limit runs out, as a `Monotonic` reading (for dives).
        var deadline: Double { limit.map { Monotonic.now() + $0 - elapsed } ?? .infinity }

        /// Keeps an answer if it beats the incumbent and keeps every rule (`fits`: a check apart
        /// from the heuristics that build answers, so a fault in one never reaches a result).
        mutating func offer(_ value: Int64, _ picks: [Pick]) {
            if value > incumbent {
                guard solver.fits(picks), solver.value(picks) == value else {
                    assertionFailure("an answer that breaks a rule, or not worth what it says")
                    return
                }
                incumbent = value
                incumbentPicks = picks
                allotment?.incumbent = value
            }
        }

        /// Keeps a sub-search's placements (on some of this part's routes, by its indices) as an
        /// answer if they beat the incumbent.
        mutating func offer(placements: [Candidate]) {
            let routes = solver.routes
            var picks = [Pick](repeating: Pick(), count: solver.participantCount)
            for c in placements {
                let p = Int(c.participant)
                let arc = (routes.arcStart[p]..<routes.arcStart[p + 1]).first { routes.arcNeed[$0] == c.need }!
                picks[p] = Pick(arc: Int32(arc), programme: c.programme)
            }
            offer(solver.value(picks), picks)
        }

        mutating func run() -> Solution {
            let start = solver.repair(incumbentPicks)
            offer(start.value, start.picks)
            var openBound: Int64
            var tree: Int64?  // on a core, the finished tree's bound on every arc
            repeat {
                openBound = search()
                tree = treeBoundOnAllArcs()
            } while openBound <= incumbent && tree.map({ $0 > incumbent }) == true && !timeUp && growsUnderTree()
            let placements = incumbentPicks.indices.filter { incumbentPicks[$0].arc >= 0 }.map { p in
                let pick = incumbentPicks[p]
                return Candidate(participant: Int32(p), need: solver.routes.arcNeed[Int(pick.arc)], programme: pick.programme,
                                 score: solver.score(pick))
            }
            var bound = max(incumbent, openBound)
            // On a core, a tree proves the part's bound where its leaves' prices bound all the arcs.
            var treeProves = growth == nil
            if growth != nil {
                // On a core, only pricing every arc bounds the part: at the best prices found.
                if let d = rootDual { _ = grow(lambda: d.lambda, prices: d.needPrices, adding: false) }
                bound = max(incumbent, growth!.bound)
                if let tree, max(incumbent, tree) < bound {
                    bound = max(incumbent, tree)
                    treeProves = true
                }
            }
            // The root's best dual, for the certificate (a part never relaxed proves its bound at zero prices).
            // On a core: the prices at which pricing every arc gave the part's bound.
            var needPrices: [Int32: Int64] = [:], seatPrices: [Int32: Int64] = [:]
            if let d = growth?.boundPrices ?? rootDual.map({ ($0.lambda, $0.needPrices) }) {
                for (n, v) in d.needPrices.enumerated() where v > 0 { needPrices[Int32(n)] = v }
                for (t, v) in d.lambda.enumerated() where v > 0 { seatPrices[Int32(t)] = v }
            }
            let proofs = treeProves && !leaves.isEmpty
                ? [PartProof(participants: [], needs: [], programmes: [], leaves: leaves)] : []
            return Solution(
                placements: placements, objective: incumbent, bound: bound, nodes: nodes,
                seconds: Monotonic.now() - started, needPrices: needPrices, seatPrices: seatPrices, proofs: proofs,
                paths: paths.union(growth != nil ? .core : []))
        }

        /// Best-first branch and bound from the root; returns the highest bound of the nodes left
        /// open when the time ran out (the answer's own value when none was).
        mutating func search() -> Int64 {
            leaves = []
            // Again on a grown core, from the best seat prices found before.
            var start = [Int64](repeating: 0, count: solver.seats.count)
            // Only the programmes that can bind here are priced: L adds no seat term for the others.
            if let given = rootDual?.lambda ?? options.startingPrices { for t in solver.binding { start[t] = given[t] } }
            var open: [Node] = [Node(lambda: start, bound: solver.trivialBound)]
            var openBound: Int64 = incumbent
            while !open.isEmpty {
                report(bound: open.map(\.bound).max()!)
                if nodes > 0 && (timeUp || incumbent >= options.target ?? .max) {  // the root always gets its first relaxation
                    openBound = open.map(\.bound).max() ?? incumbent
                    for node in open { closeLeaf(node) }  // each proved at its parent's prices
                    break
                }
                // Best-first: the open node with the highest bound.
                let k = open.indices.max { open[$0].bound < open[$1].bound }!
                let node = open.swapRemoveAt(k)
                if node.bound <= threshold {
                    closeLeaf(node)
                    continue
                }
                nodes += 1
                let before = incumbent
                open.append(contentsOf: process(node))
                // A better answer found in the tree may be the optimum the root's prices can prove.
                if node.depth > 0 && incumbent > before
                    && rootProves(until: stepDeadline(share: 0.1, cap: 1)) {
                    leaves = []
                    openBound = incumbent
                    break
                }
            }
            return openBound
        }

        /// Improves λ at a node, harvests feasible answers, and returns its children (if the node stays open).
        mutating func process(_ start: Node) -> [Node] {
            start.depth == 0 ? processRoot(start) : processBranch(start)
        }
    }
}
