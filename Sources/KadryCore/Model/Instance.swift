/// Education levels in the order matching-v1 defines.
public enum Education: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case none, primary, vocational, secondary, higher

    public init?(name: String) {
        guard let level = Education.allCases.first(where: { $0.description == name }) else { return nil }
        self = level
    }

    public var description: String {
        switch self {
        case .none: "none"
        case .primary: "primary"
        case .vocational: "vocational"
        case .secondary: "secondary"
        case .higher: "higher"
        }
    }

    public static func < (lhs: Education, rhs: Education) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A credential code interned to a small integer for fast set operations.
public typealias CredentialID = Int

/// The credential codes an instance uses, with their validity.
public struct CredentialTable: Sendable {
    public private(set) var codes: [String] = []
    public private(set) var names: [String?] = []
    public private(set) var validityDays: [Int?] = []
    private var index: [String: CredentialID] = [:]

    public init() {}

    public func id(of code: String) -> CredentialID? { index[code] }

    @discardableResult
    mutating func define(_ code: String, name: String?, validityDays: Int?) -> CredentialID {
        if let id = index[code] { return id }
        let id = codes.count
        codes.append(code)
        names.append(name)
        self.validityDays.append(validityDays)
        index[code] = id
        return id
    }

    /// matching-v1: a credential is valid on `day` when it was obtained on or
    /// before `day` and, if it expires, `day ≤ obtained + validityDays`.
    public func isValid(_ id: CredentialID, obtained: Day, on day: Day) -> Bool {
        guard obtained <= day else { return false }
        guard let v = validityDays[id] else { return true }
        return day.number <= obtained.number + v
    }
}

public struct Institution: Sendable {
    public var id: String
    public var kind: String
    public var name: String
    public var location: Location
}

public struct Cooperative: Sendable {
    public var id: String
    public var name: String
    public var location: Location
}

public struct HeldCredential: Sendable {
    public var credential: CredentialID
    public var obtained: Day
}

public struct Participant: Sendable {
    public var id: String
    public var institution: String
    public var location: Location
    public var maxCommuteKm: Double
    public var availableFrom: Day
    public var hoursPerWeek: ExactDecimal
    public var education: Education
    public var drivingLicence: Bool
    public var clearances: Set<String>
    public var credentials: [HeldCredential]
    public var preferredServices: Set<String>
    public var excludedServices: Set<String>
    public var programmeEnds: Day?
}

public struct Programme: Sendable {
    public var id: String
    public var title: String
    public var provider: String
    public var grants: [CredentialID]
    public var start: Day
    public var end: Day
    public var seats: Int
    public var location: Location
    public var minEducation: Education
    public var costPln: ExactDecimal
}

public struct Need: Sendable {
    public var id: String
    public var cooperative: String
    public var service: String
    public var title: String
    public var positions: Int
    public var start: Day
    public var hoursPerWeek: ExactDecimal
    public var location: Location
    /// AND of ORs: every clause needs one held code.
    public var requires: [[CredentialID]]
    public var requiresDrivingLicence: Bool
    public var requiresClearances: [String]
    public var priority: Int
}

/// A validated placement problem (matching-v1 "Instance").
public struct Instance: Sendable {
    public var asOf: Day
    public var policy: Policy
    public var credentials: CredentialTable
    public var institutions: [Institution]
    public var cooperatives: [Cooperative]
    public var participants: [Participant]
    public var programmes: [Programme]
    public var needs: [Need]
    /// Things a reader accepts but a person should know (unknown service slug, uncatalogued KZiS code).
    public var warnings: [String]

    public func participantIndex(of id: String) -> Int? { participants.firstIndex { $0.id == id } }
    public func needIndex(of id: String) -> Int? { needs.firstIndex { $0.id == id } }
    public func programmeIndex(of id: String) -> Int? { programmes.firstIndex { $0.id == id } }
}
