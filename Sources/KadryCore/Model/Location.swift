#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point on Earth in decimal degrees.
public struct Location: Sendable, Hashable {
    public var lat: Double
    public var lon: Double

    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    public static let earthRadiusKm = 6371.0

    /// Great-circle distance in km by the haversine formula (matching-v1,
    /// "Rules"), evaluated in the same order of operations as the reference
    /// checker so that results near a limit agree to the last bit.
    public func distanceKm(to other: Location) -> Double {
        distanceKm(to: other, cosLatitude: cosLatitude, otherCosLatitude: other.cosLatitude)
    }

    /// The cosine of the latitude, as the haversine formula takes it.
    public var cosLatitude: Double { cos(lat * (Double.pi / 180.0)) }

    /// `distanceKm(to:)` with both cosines of latitude computed beforehand
    /// (`cosLatitude`), for callers that measure from one point to many: the
    /// same operations on the same values, so the same result to the last bit.
    @inline(__always)
    public func distanceKm(to other: Location, cosLatitude c1: Double, otherCosLatitude c2: Double) -> Double {
        let degToRad = Double.pi / 180.0
        let p1 = lat * degToRad
        let p2 = other.lat * degToRad
        let dphi = p2 - p1
        let dlam = (other.lon - lon) * degToRad
        let s1 = sin(dphi / 2.0)
        let s2 = sin(dlam / 2.0)
        let a = s1 * s1 + c1 * c2 * (s2 * s2)
        return 2.0 * Location.earthRadiusKm * asin(min(1.0, a.squareRoot()))
    }
}
