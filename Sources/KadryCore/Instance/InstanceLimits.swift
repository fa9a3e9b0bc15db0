/// The largest numbers Kadry takes, where matching-v1 leaves a field
/// unbounded. Each is far beyond any real register (a need of 10,000
/// positions, a course of 10 million PLN) and small enough that every score,
/// objective and bound is computed exactly in 64-bit integers (and in
/// doubles, which hold integers up to 2^53 exactly). The reader refuses a
/// number beyond its limit at its JSON path; README lists them.
public enum InstanceLimits {
    /// Positions of one need.
    public static let positions = 10_000
    /// Seats of one programme.
    public static let seats = 10_000
    /// A programme's cost, PLN.
    public static let costPln = 10_000_000
    /// A participant's longest commute, km (Poland is under 900 km across).
    public static let maxCommuteKm = 1_000
    /// A credential's validity, days (100 years).
    public static let validityDays = 36_600
    /// The magnitude of a policy weight.
    public static let weight = 1_000_000
    /// Decimals of a policy weight.
    public static let weightDecimals = 6
    /// The largest objective (in score units, 10^-scale) any set of
    /// placements may reach: 2^53, so sums and prices stay exact with room to spare.
    public static let objective: Int128 = 1 << 53

    /// The limits as README and the API's errors state them.
    public static var summary: String {
        "positions ≤ \(positions), seats ≤ \(seats), costPln ≤ \(costPln), maxCommuteKm ≤ \(maxCommuteKm), "
            + "validityDays ≤ \(validityDays), policy weights within ±\(weight) with at most \(weightDecimals) decimals, "
            + "and the largest possible objective within 2^53 score units"
    }
}
