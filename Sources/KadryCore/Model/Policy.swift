/// The score weights of matching-v1 ("Score"), with their defaults.
public struct Policy: Sendable, Equatable {
    public var priorityWeight = ExactDecimal(1000)
    public var preferenceBonus = ExactDecimal(100)
    public var urgencyWindowDays = ExactDecimal(180)
    public var distancePenaltyPerKm = ExactDecimal(1)
    public var trainingPenalty = ExactDecimal(200)
    public var trainingCostPer100Pln = ExactDecimal(1)

    public init() {}

    public static let fieldNames = [
        "priorityWeight", "preferenceBonus", "urgencyWindowDays",
        "distancePenaltyPerKm", "trainingPenalty", "trainingCostPer100Pln",
    ]

    public subscript(field: String) -> ExactDecimal {
        get {
            switch field {
            case "priorityWeight": priorityWeight
            case "preferenceBonus": preferenceBonus
            case "urgencyWindowDays": urgencyWindowDays
            case "distancePenaltyPerKm": distancePenaltyPerKm
            case "trainingPenalty": trainingPenalty
            default: trainingCostPer100Pln
            }
        }
        set {
            switch field {
            case "priorityWeight": priorityWeight = newValue
            case "preferenceBonus": preferenceBonus = newValue
            case "urgencyWindowDays": urgencyWindowDays = newValue
            case "distancePenaltyPerKm": distancePenaltyPerKm = newValue
            case "trainingPenalty": trainingPenalty = newValue
            default: trainingCostPer100Pln = newValue
            }
        }
    }

    /// Scores are integers in units of `10^-scoreScale`: the terms that are
    /// not floored keep the decimals of their weights.
    public var scoreScale: Int {
        [priorityWeight, preferenceBonus, urgencyWindowDays, trainingPenalty].map(\.scale).max() ?? 0
    }
}
