import Dispatch
import KadryCore

extension RouteSet {
    /// The arcs grown into a triple list would be too long to keep: build them per participant.
    struct Builder {
        var arcStart: [Int] = [0]
        var arcNeed: [Int32] = []
        var arcBase: [Int64] = []
        var arcDirect: [Bool] = []
        var arcRangeStart: [Int32] = [0]
        var rangeLow: [Int32] = []
        var rangeHigh: [Int32] = []
        var optionStart: [Int] = [0]
        var optionProgramme: [Int32] = []
        var optionGroupStart: [Int32] = []
        var eligible = 0
        /// Whether the deadline passed before every participant was done.
        var stopped = false

        init() {}

        /// The parts' participants one after another, copied on all cores.
        init(joining parts: [Builder]) {
            var arcs = [0], ranges = [0], options = [0]
            for part in parts {
                arcs.append(arcs.last! + part.arcNeed.count)
                ranges.append(ranges.last! + part.rangeLow.count)
                options.append(options.last! + part.optionProgramme.count)
            }
            // Every part's index arrays but the first drop their leading zero and are shifted.
            func tail<T>(_ k: Int, _ a: [T]) -> ArraySlice<T> { k == 0 ? a[...] : a.dropFirst() }
            let optionShift = options.dropLast().map { Int32($0) }
            arcStart = Self.joined(parts.enumerated().map { tail($0, $1.arcStart) }, shifts: Array(arcs.dropLast()))
            arcNeed = Self.joined(parts.map { $0.arcNeed[...] })
            arcBase = Self.joined(parts.map { $0.arcBase[...] })
            arcDirect = Self.joined(parts.map { $0.arcDirect[...] })
            arcRangeStart = Self.joined(parts.enumerated().map { tail($0, $1.arcRangeStart) }, shifts: ranges.dropLast().map { Int32($0) })
            rangeLow = Self.joined(parts.map { $0.rangeLow[...] }, shifts: optionShift)
            rangeHigh = Self.joined(parts.map { $0.rangeHigh[...] }, shifts: optionShift)
            optionStart = Self.joined(parts.enumerated().map { tail($0, $1.optionStart) }, shifts: Array(options.dropLast()))
            optionProgramme = Self.joined(parts.map { $0.optionProgramme[...] })
            optionGroupStart = Self.joined(parts.map { $0.optionGroupStart[...] }, shifts: optionShift)
            eligible = parts.reduce(0) { $0 + $1.eligible }
        }

        /// Slices laid end to end, each element of slice k raised by `shifts[k]`; slices are copied on all cores.
        static func joined<T: FixedWidthInteger & Sendable>(_ slices: [ArraySlice<T>], shifts: [T]) -> [T] {
            joined(slices) { k, v in v + shifts[k] }
        }

        static func joined<T: Sendable>(_ slices: [ArraySlice<T>]) -> [T] { joined(slices) { _, v in v } }

        private static func joined<T: Sendable>(_ slices: [ArraySlice<T>], _ map: @Sendable (Int, T) -> T) -> [T] {
            let start = slices.reduce(into: [0]) { $0.append($0.last! + $1.count) }
            return [T](unsafeUninitializedCapacity: start.last!) { buffer, initialized in
                let out = UncheckedSendable(buffer)
                DispatchQueue.concurrentPerform(iterations: slices.count) { k in
                    var i = start[k]
                    for v in slices[k] {
                        (out.value.baseAddress! + i).initialize(to: map(k, v))
                        i += 1
                    }
                }
                initialized = start.last!
            }
        }

        /// Capacity for `factor` times what is held now, in each array.
        mutating func reserve(times factor: Double) {
            func grow<T>(_ a: inout [T]) { a.reserveCapacity(Int(Double(a.count) * factor) + 16) }
            grow(&arcStart)
            grow(&arcNeed)
            grow(&arcBase)
            grow(&arcDirect)
            grow(&arcRangeStart)
            grow(&rangeLow)
            grow(&rangeHigh)
            grow(&optionStart)
            grow(&optionProgramme)
            grow(&optionGroupStart)
        }

        mutating func closeArc(need: Int32, base: Int64, direct: Bool) {
            arcNeed.append(need)
            arcBase.append(base)
            arcDirect.append(direct)
            arcRangeStart.append(Int32(rangeLow.count))
        }

        /// Ends a participant: keeps only the options some range uses, so that
        /// every option kept belongs to the part its participant is in.
        mutating func closeParticipant(firstRange: Int, options: [Int32], groupOf: [Int32]) {
            let base = optionProgramme.count
            var used = [Bool](repeating: false, count: options.count)
            for r in firstRange..<rangeLow.count {
                for o in Int(rangeLow[r])..<Int(rangeHigh[r]) { used[o] = true }
            }
            var newIndex = [Int32](repeating: -1, count: options.count + 1)
            var kept = 0
            var previousGroup: Int32 = -1
            var groupStart: Int32 = 0
            for (o, t) in options.enumerated() {
                newIndex[o] = Int32(base + kept)
                guard used[o] else { continue }
                if groupOf[Int(t)] != previousGroup {
                    previousGroup = groupOf[Int(t)]
                    groupStart = Int32(base + kept)
                }
                optionProgramme.append(t)
                optionGroupStart.append(groupStart)
                kept += 1
            }
            newIndex[options.count] = Int32(base + kept)
            for r in firstRange..<rangeLow.count {
                rangeLow[r] = newIndex[Int(rangeLow[r])]
                rangeHigh[r] = newIndex[Int(rangeHigh[r])]
            }
            arcStart.append(arcNeed.count)
            optionStart.append(optionProgramme.count)
        }
    }
}
