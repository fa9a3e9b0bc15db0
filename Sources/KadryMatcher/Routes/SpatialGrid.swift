import KadryCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Points bucketed into cells of a latitude/longitude grid, to find those
/// within a radius without comparing everything with everything. A query
/// returns a superset; callers check the exact haversine distance.
struct SpatialGrid: Sendable {
    static let cellDegrees = 0.25
    private var cells: [Int64: [Int32]] = [:]

    init(_ locations: [Location]) {
        for (i, l) in locations.enumerated() {
            cells[Self.key(Self.row(l.lat), Self.wrapped(Self.column(l.lon))), default: []].append(Int32(i))
        }
    }

    static let columns = Int((360 / cellDegrees).rounded())
    static let lowestColumn = column(-180)

    /// The column index brought into one turn of the globe.
    static func wrapped(_ c: Int) -> Int {
        var cc = c
        while cc < lowestColumn { cc += columns }
        while cc >= lowestColumn + columns { cc -= columns }
        return cc
    }

    static func row(_ lat: Double) -> Int { Int((lat / cellDegrees).rounded(.down)) }
    static func column(_ lon: Double) -> Int { Int((lon / cellDegrees).rounded(.down)) }
    static func key(_ r: Int, _ c: Int) -> Int64 { Int64(r) << 32 | Int64(UInt32(bitPattern: Int32(truncatingIfNeeded: c))) }

    /// Calls `body` with every point that may lie within `radiusKm` of `center`.
    func forEach(near center: Location, radiusKm: Double, _ body: (Int32) -> Void) {
        // A degree of latitude is at least 111.19 km along a great circle; pad by 1 % for rounding.
        let dLat = radiusKm / 111.19 * 1.01 + 1e-9
        let maxLat = min(90, abs(center.lat) + dLat)
        let r0 = Self.row(center.lat - dLat), r1 = Self.row(center.lat + dLat)
        let cosine = cos(maxLat * Double.pi / 180)
        let dLon = cosine > 1e-6 ? dLat / cosine : 360
        if dLon >= 180 {
            // Near a pole or a huge radius: every longitude.
            for (key, members) in cells {
                let r = Int(key >> 32)
                if r >= r0 && r <= r1 { members.forEach(body) }
            }
            return
        }
        var c0 = Self.column(center.lon - dLon), c1 = Self.column(center.lon + dLon)
        if c1 - c0 + 1 >= Self.columns { c0 = Self.lowestColumn; c1 = c0 + Self.columns - 1 }
        for r in r0...r1 {
            for c in c0...c1 {
                if let members = cells[Self.key(r, Self.wrapped(c))] { members.forEach(body) }  // across the antimeridian too
            }
        }
    }
}
