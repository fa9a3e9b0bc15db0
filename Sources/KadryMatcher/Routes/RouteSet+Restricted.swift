extension RouteSet {
    /// The same participants, needs and programmes with only the routes `keep` accepts (given a
    /// participant, one of their arcs and a programme, or -1 for the direct route). Each
    /// programme kept is an option of its own (a group of one), each route via it a range of
    /// one; arcs left with no route are dropped. For a search on a few routes of many.
    func restricted(keep: (_ participant: Int, _ arc: Int, _ programme: Int32) -> Bool) -> RouteSet {
        var b = Builder()
        var eligible = 0
        var option: [Int32: Int32] = [:]  // programme → its option, per participant
        for p in 0..<participantCount {
            option.removeAll(keepingCapacity: true)
            for a in arcStart[p]..<arcStart[p + 1] {
                let direct = arcDirect[a] && keep(p, a, -1)
                let firstRange = b.rangeLow.count
                forEachProgramme(ofArc: a) { t in
                    guard keep(p, a, t) else { return }
                    let o: Int32
                    if let known = option[t] {
                        o = known
                    } else {
                        o = Int32(b.optionProgramme.count)
                        option[t] = o
                        b.optionProgramme.append(t)
                        b.optionGroupStart.append(o)
                    }
                    b.rangeLow.append(o)
                    b.rangeHigh.append(o + 1)
                }
                guard direct || b.rangeLow.count > firstRange else { continue }
                eligible += (direct ? 1 : 0) + b.rangeLow.count - firstRange
                b.closeArc(need: arcNeed[a], base: arcBase[a], direct: direct)
            }
            b.arcStart.append(b.arcNeed.count)
            b.optionStart.append(b.optionProgramme.count)
        }
        b.eligible = eligible
        return RouteSet(b, needs: needCount, trainingScore: trainingScore)
    }
}
