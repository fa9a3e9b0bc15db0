/// The best arcs of a graph by weight (those above zero), marked for a core.
enum BestArcs {
    /// Marks each participant's `count` best arcs (arcs grouped by participant, `arcStart`).
    static func markPerParticipant(_ count: Int, arcStart: [Int], weight: [Int64], into mark: inout [Bool]) {
        var best: [Int32] = []  // the best arcs so far, best first
        best.reserveCapacity(count + 1)
        for p in 0..<(arcStart.count - 1) {
            best.removeAll(keepingCapacity: true)
            for a in arcStart[p]..<arcStart[p + 1] where weight[a] > 0 {
                guard best.count < count || weight[a] > weight[Int(best[best.count - 1])] else { continue }
                var k = best.count
                while k > 0 && weight[Int(best[k - 1])] < weight[a] { k -= 1 }
                best.insert(Int32(a), at: k)
                if best.count > count { best.removeLast() }
            }
            for a in best { mark[Int(a)] = true }
        }
    }

    /// Marks each need's `room(n)` best arcs.
    static func markPerNeed(arcNeed: [Int32], weight: [Int64], needs: Int, room: (Int) -> Int, into mark: inout [Bool]) {
        var slotStart = [Int](repeating: 0, count: needs + 1)
        for n in 0..<needs { slotStart[n + 1] = slotStart[n] + max(0, room(n)) }
        var size = [Int](repeating: 0, count: needs)
        // Each need's best so far, best first, in its slots.
        var slot = [Int32](repeating: -1, count: slotStart[needs])
        for a in 0..<arcNeed.count where weight[a] > 0 {
            let n = Int(arcNeed[a])
            let (first, room) = (slotStart[n], slotStart[n + 1] - slotStart[n])
            guard room > 0 else { continue }
            var k = size[n]
            if k == room {
                guard weight[a] > weight[Int(slot[first + k - 1])] else { continue }
                k -= 1
            } else {
                size[n] += 1
            }
            while k > 0 && weight[Int(slot[first + k - 1])] < weight[a] {
                slot[first + k] = slot[first + k - 1]
                k -= 1
            }
            slot[first + k] = Int32(a)
        }
        for n in 0..<needs {
            for k in 0..<size[n] { mark[Int(slot[slotStart[n] + k])] = true }
        }
    }
}

/// A 4-ary min-heap of (distance, node) with lazy deletion: half the depth of a
/// binary one, and its entries moved into a hole rather than swapped. Kept in a
/// buffer of its own (the searches push and pop millions of times a second).
struct MinHeap: ~Copyable {
    private struct Entry {
        var key: Int64
        var value: Int32
    }

    private var entries: UnsafeMutablePointer<Entry>
    private var capacity = 1024
    private var count = 0

    init() {
        entries = .allocate(capacity: capacity)
    }

    deinit {
        entries.deallocate()
    }

    var peek: (Int64, Int32)? { count > 0 ? (entries[0].key, entries[0].value) : nil }

    mutating func removeAll() {
        count = 0
    }

    @inline(__always)
    mutating func push(_ key: Int64, _ value: Int32) {
        if count == capacity {
            let larger = UnsafeMutablePointer<Entry>.allocate(capacity: 2 * capacity)
            larger.moveInitialize(from: entries, count: count)
            entries.deallocate()
            entries = larger
            capacity *= 2
        }
        let item = Entry(key: key, value: value)
        var i = count
        count += 1
        while i > 0 {
            let parent = (i - 1) >> 2
            if entries[parent].key <= item.key { break }
            entries[i] = entries[parent]
            i = parent
        }
        entries[i] = item
    }

    mutating func pop() -> (Int64, Int32)? {
        guard count > 0 else { return nil }
        let top = entries[0]
        count -= 1
        let last = entries[count]
        if count > 0 {
            var i = 0
            while true {
                let first = 4 * i + 1
                if first >= count { break }
                var child = first
                var childKey = entries[first].key
                for j in (first + 1)..<min(first + 4, count) where entries[j].key < childKey {
                    child = j
                    childKey = entries[j].key
                }
                if last.key <= childKey { break }
                entries[i] = entries[child]
                i = child
            }
            entries[i] = last
        }
        return (top.key, top.value)
    }
}
