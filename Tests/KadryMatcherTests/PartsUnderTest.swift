import KadryCore

@testable import KadryMatcher

/// One independent part of an instance, in the part's own numbering, with its solver.
struct PartUnderTest {
    let routes: RouteSet
    let positions: [Int32]
    let seats: [Int32]
    let solver: ComponentSolver

    /// Every part of `instance`.
    static func all(_ instance: Instance) -> [PartUnderTest] {
        Partition(routes: RouteSet(instance: instance)).parts.map { part in
            let positions = part.needs.map { Int32(instance.needs[Int($0)].positions) }
            let seats = part.programmes.map { Int32(instance.programmes[Int($0)].seats) }
            return PartUnderTest(routes: part.routes, positions: positions, seats: seats,
                                 solver: ComponentSolver(routes: part.routes, positions: positions, seats: seats))
        }
    }
}
