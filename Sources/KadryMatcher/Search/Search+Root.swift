import KadryCore

extension ComponentSolver.Search {
    /// Seconds the root's first search of the routes in play takes at most (`processRoot`).
    static let firstPricedSearch = 0.1

    /// The share of a search's time that the seat assignments and dives of `examine` may take.
    /// Without it they took over a quarter of a 2,000-participant instance's run (`perf`: 29 %
    /// of the samples in `examine`, its repairs included), yet the answer that part ends with
    /// comes from the searches after the bundle steps (docs/benchmarks.md).
    static let heuristicShare = 0.1

    /// Seconds the neighbourhood of the root's best relaxation, and the search of the routes in
    /// play again after the exchange cuts, take at most: 0.3 s, or 0.15 ms a participant in a
    /// larger part. Both look for a better answer, and so do the steps after them that prove
    /// it (the exchange cuts, the first decision). Where the part's bound is above its optimum,
    /// neither can reach the bound it stops at, and each took its whole time before: 2.3 s of
    /// the dense M seed 5's 3.4 s in the neighbourhood, 4.4 s of the shared clustered-M-4's
    /// 4.8 s in the second search (docs/benchmarks.md).
    static func answerSearchCap(participants: Int) -> Double { max(0.3, 0.15e-3 * Double(participants)) }

    /// Seconds the routes in play are searched at most once no first decision closes the part,
    /// before the tree. Where the part's bound is its optimum and the answer a unit short, the
    /// optimum uses only those routes, and the tree did not find it in 6.5 s (the dense M of
    /// seed 34, unproven in five runs of twelve before; docs/benchmarks.md).
    static let lateAnswerSearch = 1.5

    /// A bundle that sees nothing left to gain before any of its steps has been serious has only
    /// tried steps of its starting length (from the root's gap and subgradient), which can be far
    /// too short: before it stops, it lengthens them by `factor`, up to `times` times. On the
    /// generated dense M of seed 3, the root stopped after 13 null steps, 2,267 above the optimum,
    /// and the part was not proven in 9.5 s; lengthened, it is proven in about 1 s (docs/benchmarks.md).
    static let earlyLengthening = (times: 3, factor: 4.0)

    /// The root: a block descent where relaxations are dear, then a proximal bundle
    /// method (`BundleMethod`) on the seat prices, its model started with the descent's
    /// relaxations (it converges in far fewer relaxations than a subgradient method).
    /// Once the bundle method has made eight relaxations, the neighbourhood of the best
    /// one (`neighbourhood`, varying where the last eight differ) is solved for a feasible answer.
    mutating func processRoot(_ start: Node) -> [Node] {
        if PrimalHelper.helps(participants: solver.participantCount, onCore: growth != nil, cores: Machine.cores, options.helper) {
            helper = PrimalHelper()
        }
        defer { finishHelper() }
        var node = start
        var (r, seconds) = Monotonic.timed { solver.relax(node, warm: &warm) }
        relaxSeconds = seconds
        noteRoot(r.value, lambda: node.lambda)
        report(bound: r.value)
        if descendsFirst {
            descend(&node, &r)
            noteRoot(r.value, lambda: node.lambda)
            // A dive from the prices reached: cheap, and most often better than the repairs so far.
            if !timeUp {
                let dived = solver.dive(node, lambda: node.lambda, warm: warm, deadline: deadline)
                offer(dived.value, dived.picks)
            }
            // The descent's answers have their free seats filled once it ends.
            if !timeUp { polishIncumbent() }
            allotment?.reachedMilestone()
        }
        var best = r
        var bestLambda = node.lambda
        var look = examine(r, at: node, iteration: 1)
        // A core that grows at the prices reached is relaxed again there (L only rises).
        while (best.value <= incumbent || look.exact) && !timeUp {
            guard let grown = regrow(&node, force: true) else { return [] }
            r = grown
            (best, bestLambda) = (r, node.lambda)
            look = examine(r, at: node, iteration: 1)
        }
        if best.value <= threshold || look.exact { return [] }
        report(bound: best.value)
        var binding = solver.binding
        let norm = binding.reduce(0.0) { $0 + Double(look.gradient[$1] * look.gradient[$1]) }
        // On a large part, unless it is searched on a core: there `gentle` took the dense M twice
        // as long to its proof (docs/benchmarks.md).
        let stepGrowth: BundleMethod.Growth = growth == nil && solver.participantCount >= BundleMethod.Growth.largePart ? .gentle : .brisk
        let model = BundleMethod.Model.forPart(of: solver.participantCount)
        var bundle = BundleMethod(center: binding.map { node.lambda[$0] }, value: r.value, gradient: binding.map { look.gradient[$0] },
                            t: options.startingStep * max(1e-9, Double(r.value - incumbent) / max(1, norm)), growth: stepGrowth, model: model)
        for cut in cuts where cut.lambda != node.lambda {
            bundle.add(point: binding.map { cut.lambda[$0] }, value: cut.value, gradient: binding.map { cut.gradient[$0] })
        }
        cuts = []
        var iteration = 1
        var serious = 0, lengthened = 0  // serious steps so far; `earlyLengthening`s done
        var sincePricing = 0
        var solved = false  // on a core: nothing left to gain there, unless pricing grows it
        var recent: [[Pick]] = []  // the last relaxations' answers
        // A search with a target (the routes in play, a neighbourhood) wants an answer that reaches
        // it: once L is down to it, lower prices would only prove what the answer will show.
        while iteration < 1000 && !timeUp && best.value > options.target ?? .min {
            var proposal = bundle.next()
            // Stop where the model sees less than a millionth to gain (`earlyLengthening` first).
            func isSettled() -> Bool { proposal.map { $0.predicted < max(1, 1e-6 * Double(bundle.centerValue)) } ?? true }
            var settled = isSettled()
            while settled && serious == 0 && lengthened < Self.earlyLengthening.times {
                lengthened += 1
                bundle.lengthen(by: Self.earlyLengthening.factor)
                proposal = bundle.next()
                settled = isSettled()
            }
            if growth != nil && (settled || solved || sincePricing >= 8) {
                sincePricing = 0
                if let r = regrow(&node, force: settled || solved) {
                    solved = false
                    (best, bestLambda) = (r, node.lambda)
                    recent = []
                    let look = examine(r, at: node, iteration: iteration)
                    // The cuts so far lie below the grown L, loosely: they would shrink the steps.
                    binding = solver.binding
                    bundle = BundleMethod(center: binding.map { node.lambda[$0] }, value: r.value,
                                    gradient: binding.map { look.gradient[$0] }, t: bundle.t, growth: stepGrowth, model: model)
                    continue
                }
            }
            if solved { return [] }
            guard let (point, predicted) = proposal, !settled else { break }
            iteration += 1
            paths.insert(.bundle)
            sincePricing += 1
            for (k, t) in binding.enumerated() { node.lambda[t] = point[k] }
            let (r, seconds) = Monotonic.timed { solver.relax(node, warm: &warm) }
            relaxSeconds = seconds
            recent.append(r.picks)
            if recent.count > options.neighbourhood.relaxations { recent.removeFirst() }
            if r.value < best.value {
                best = r
                bestLambda = node.lambda
                noteRoot(r.value, lambda: node.lambda)
            }
            let look = examine(r, at: node, iteration: iteration)
            if best.value <= threshold || look.exact {
                if growth == nil { return [] }
                solved = true
            }
            report(bound: best.value)
            if bundle.step(to: point, value: r.value, gradient: binding.map { look.gradient[$0] }, predicted: predicted) { serious += 1 }
        }
        finishHelper()
        bundleDual = rootDual
        // A first, short search of the routes in play: it most often settles the part at once,
        // but where its own tree is needed that can take seconds, which the neighbourhood and the
        // exchange cuts most often save; it then goes on after them.
        let cutShort = pricedSearch(cap: Self.firstPricedSearch)
        if proveFirst(&node, best: &best, bestLambda: &bestLambda) { return [] }
        let left = (limit ?? .infinity) - elapsed
        if recent.count >= options.neighbourhood.relaxations && left > 0 && threshold < best.value {
            // A quarter of the part's time at most (`answerSearchCap`): its own search stops there.
            var sub = options
            sub.timeLimit = min(left, 0.25 * (limit ?? .infinity), Self.answerSearchCap(participants: solver.participantCount))
            if let n = solver.neighbourhood(of: best.picks, varying: recent, bound: growth?.bound ?? best.value, options: sub) {
                paths.insert(.neighbourhood)
                offer(n.value, n.picks)
            }
        }
        if !isLateAndDear { polishIncumbent() }
        let before = best.value
        // Half the time left at most (5 s without a limit), as the routes in play.
        let stop = stepDeadline(share: 0.5, cap: 5)
        exchangeCutsOnAllArcs(&node, best: &best, bestLambda: &bestLambda, until: stop)
        // At prices nearer the LP's, fewer routes are in play, and the bound may be the answer sought;
        // a first search cut short goes on here in any case.
        if (best.value < before || cutShort) && threshold < best.value {
            pricedSearch(again: true, cap: Self.answerSearchCap(participants: solver.participantCount))
        }
        if best.value <= threshold { return [] }
        // Half the time left at most (5 s without a limit): the branching that follows needs the rest.
        if firstDecision(until: stepDeadline(share: 0.5, cap: 5)) { return [] }
        // No single decision closes the part: the routes in play get a longer search before the
        // tree (`lateAnswerSearch`; not inside a search of the routes in play).
        if options.pricedSearch && threshold < best.value {
            pricedSearch(again: true, cap: Self.lateAnswerSearch)
            if best.value <= threshold { return [] }
        }
        node.lambda = bestLambda
        node.bound = best.value
        node.depth += 1
        node.proof = rootDual.map { ($0.lambda, $0.needPrices) }
        return branch(node, best)
    }

    /// Block coordinate descent on the dual from the root's λ (`r` is its relaxation,
    /// `warm` holds its need prices): seat prices best for the current
    /// need prices (`seatPrices`), extrapolated along the step while that pays; stops
    /// when a step gains less than 0.01 % or at nine tenths of the time limit. It stalls above the
    /// optimum (both blocks may have to move at once), but gets there in a few dozen
    /// cheap steps where the subgradient method needs hundreds of relaxations.
    ///
    /// Neither a step nor a stretch along it starts when, as long as the last one, it would end
    /// after the whole solve's time (`wouldPassEnd`): on the dense L with a position for nearly
    /// everyone a step took up to a second, and parts ended up to 1.15 s late (docs/benchmarks.md).
    mutating func descend(_ node: inout Node, _ r: inout Relaxed) {
        while !descentOver, !wouldPassEnd(descentStepSeconds), let prices = warm?.prices {
            let stepStarted = Monotonic.now()
            paths.insert(.descent)
            var next = node
            let (lambda, holders) = solver.seatPrices(needPrices: prices, warm: &seatWarm)
            next.lambda = lambda
            placeSeats(holders, filling: false)
            var trial = warm
            var (r2, seconds) = Monotonic.timed { solver.relax(next, warm: &trial) }
            relaxSeconds = seconds
            remember(r2, at: next)
            guard r2.value < r.value else { return }
            // Extrapolate along the step while it keeps paying: block steps zig-zag along a valley.
            let base = node.lambda
            let d = zip(next.lambda, base).map { $0 - $1 }
            var factor: Int64 = 2
            while factor <= 64 && !descentOver && !wouldPassEnd(relaxSeconds) {
                var far = next
                far.lambda = zip(base, d).map { max(0, $0 + factor * $1) }
                // A step too far shows, most often, in the nearer answer alone, with no
                // relaxation: those are the slowest relaxations, far from their warm start.
                if let t = trial, solver.lagrangianFloor(far, keeping: t.assigned) >= r2.value { break }
                // Else the relaxation stops where a matching on its way shows the same.
                var farWarm = trial
                guard let r3 = solver.relax(far, warm: &farWarm, unlessReaching: r2.value) else { break }
                remember(r3, at: far)
                guard r3.value < r2.value else { break }
                (r2, trial, next) = (r3, farWarm, far)
                factor *= 2
            }
            let repaired = solver.repair(r2.picks)
            offer(repaired.value, repaired.picks)
            let gain = r.value - r2.value
            r = r2
            warm = trial
            node = next
            // On a core, every step prices all arcs (at this step, the lowest so far).
            noteRoot(r.value, lambda: node.lambda)
            if let grown = regrow(&node) {
                r = grown
                cuts = []  // below the grown L, loosely
                remember(r, at: node)
            }
            descentStepSeconds = Monotonic.now() - stepStarted
            report(bound: r.value)
            if gain * 10_000 < r.value { return }  // stalled: less than 0.01 %
        }
    }

    mutating func remember(_ r: Relaxed, at node: Node) {
        cuts.append((node.lambda, r.value, subgradient(r, at: node)))
    }

    /// Remaining seats minus seats used, per programme (zero where it cannot bind).
    func subgradient(_ r: Relaxed, at node: Node) -> [Int64] {
        let reserved = solver.reservedSeats(node)
        let used = solver.usage(r.picks, node)
        var gradient = [Int64](repeating: 0, count: solver.seats.count)
        for t in solver.binding { gradient[t] = Int64(solver.seats[t] - reserved[t] - used[t]) }
        return gradient
    }

    /// What one relaxation tells: a subgradient of L at its λ, and whether it solves its node.
    struct Look {
        /// Remaining seats minus seats used, per programme (zero where it cannot bind).
        var gradient: [Int64]
        /// L(λ) is attained: the relaxed answer fits the seats and leaves no priced seat empty.
        var exact: Bool
    }

    /// A feasible answer from a seat assignment (`seatPrices`' holders): `polish`, started
    /// from the last relaxation's optimum.
    ///
    /// The holders are those the seats serve best at the need prices π of a relaxation,
    /// so this follows the dual where a dive follows λ.
    ///
    /// Outside the descent (`filling`), the seats the answer leaves free are then filled
    /// (`filled`); in the descent, where each step counts, that cost more bound than it gave.
    mutating func placeSeats(_ holders: [Int32], filling: Bool = true) {
        for answer in solver.seatAnswers(holders, filling: filling, warm: warm) { offer(answer.value, answer.picks) }
    }

    /// The best answer so far polished (`polish`, started from the last relaxation: same
    /// arcs, other weights; a cold solve of the largest part took seconds past its time
    /// limit), and its free seats filled.
    mutating func polishIncumbent() {
        var start = warm
        let polished = solver.polish(incumbentPicks, warm: &start)
        offer(polished.value, polished.picks)
        for answer in solver.filled(polished, warm: start) { offer(answer.value, answer.picks) }
    }

    /// Offers what the helper has found since the last look.
    mutating func collectHelper() {
        for answer in helper?.collect() ?? [] { offer(answer.value, answer.picks) }
    }

    /// Waits for the helper's job, takes what it found, and does without it from here on.
    mutating func finishHelper() {
        guard let helper else { return }
        helper.wait()
        collectHelper()
        self.helper = nil
    }

    /// Hands the helper its next job while relaxed answers over-use seats, when it has none:
    /// a seat assignment, every fourth time a dive, from this relaxation's prices. None starts in the
    /// last twentieth of the time limit: the root waits for the last job before it ends, and a
    /// seat assignment, unlike a dive, does not stop at the limit.
    mutating func feedHelper(_ helper: PrimalHelper, at node: Node) {
        guard helper.isIdle, !timeUp(at: 0.95) else { return }
        if helper.diveIsDue {
            helper.start { [solver, warm, deadline] in
                [solver.dive(node, lambda: node.lambda, warm: warm, deadline: deadline)]
            }
        } else if let prices = warm?.prices {
            let holders = solver.seatPrices(needPrices: prices, warm: &seatWarm).holders
            helper.start { [solver, warm] in solver.seatAnswers(holders, filling: true, warm: warm) }
        } else {
            return
        }
        paths.insert(.helper)
    }

    /// Harvests feasible answers from a relaxation (a repair each time; while seats are
    /// over-used, a seat assignment every fifth time and a dive every tenth, as long as they
    /// have taken at most `heuristicShare` of the search's time, or on a large part whichever
    /// is due on the helper's core whenever it is free) and reads its subgradient.
    mutating func examine(_ r: Relaxed, at node: Node, iteration: Int) -> Look {
        let gradient = subgradient(r, at: node)
        let feasible = solver.binding.allSatisfy { gradient[$0] >= 0 }
        let repaired = solver.repair(r.picks)
        offer(repaired.value, repaired.picks)
        collectHelper()
        if let helper {
            if !feasible { feedHelper(helper, at: node) }
        } else if !feasible && heuristicSeconds <= Self.heuristicShare * elapsed {
            let started = Monotonic.now()
            if iteration % 5 == 0, let prices = warm?.prices {
                placeSeats(solver.seatPrices(needPrices: prices, warm: &seatWarm).holders)
            }
            if iteration % 10 == 0 {
                let dived = solver.dive(node, lambda: node.lambda, warm: warm, deadline: deadline)
                offer(dived.value, dived.picks)
            }
            heuristicSeconds += Monotonic.now() - started
        }
        let slackGap = solver.binding.reduce(Int64(0)) { $0 + (gradient[$1] > 0 ? node.lambda[$1] * gradient[$1] : 0) }
        return Look(gradient: gradient, exact: feasible && slackGap == 0)
    }
}
