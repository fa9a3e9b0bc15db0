import KadryCore

/// One eligible route: participant → need, directly or via a programme,
/// with its score (in the scorer's units).
public struct Candidate: Sendable, Equatable {
    public var participant: Int32
    public var need: Int32
    /// -1 for a direct placement.
    public var programme: Int32
    public var score: Int64

    public var route: Route { programme < 0 ? .direct : .via(Int(programme)) }
}
