import KadryCore

/// How much work finding an instance's routes would be, counted before doing
/// it: the (participant, need) and (participant, programme) pairs within each
/// participant's commute. Finding the routes takes memory and time in
/// proportion to these pairs (about 17 bytes and a distance per pair, more for
/// the programmes' options), so a service can refuse an instance that is too
/// large before it starts. Counting stops as soon as `limit` is passed, so
/// it costs at most `limit` distances whatever the instance.
public enum RouteEstimate {
    /// The pairs in commuting reach, or nil when there are more than `limit`.
    public static func pairs(_ instance: Instance, limit: Int) -> Int? {
        let needs = SpatialGrid(instance.needs.map(\.location))
        let programmes = SpatialGrid(instance.programmes.map(\.location))
        var count = 0
        for p in instance.participants {
            needs.forEach(near: p.location, radiusKm: p.maxCommuteKm) { n in
                if p.location.distanceKm(to: instance.needs[Int(n)].location) <= p.maxCommuteKm { count += 1 }
            }
            programmes.forEach(near: p.location, radiusKm: p.maxCommuteKm) { t in
                if p.location.distanceKm(to: instance.programmes[Int(t)].location) <= p.maxCommuteKm { count += 1 }
            }
            if count > limit { return nil }
        }
        return count
    }
}
