/// A committee decision on a proposal.
public enum Decision: String, Sendable, CaseIterable {
    case approve, reject, `defer`
    /// Takes the last decision back: the proposal is open again.
    case withdraw

    public var polish: String {
        switch self {
        case .approve: "zatwierdzono"
        case .reject: "odrzucono"
        case .defer: "odłożono"
        case .withdraw: "wycofano decyzję"
        }
    }

    public var english: String {
        switch self {
        case .approve: "approved"
        case .reject: "rejected"
        case .defer: "deferred"
        case .withdraw: "decision withdrawn"
        }
    }
}

/// Why the committee decided as it did (counted per cooperative and institution in the report).
public enum ReasonCode: String, Sendable, CaseIterable {
    case agreed
    case candidateDeclined = "candidate-declined"
    case cooperativeDeclined = "cooperative-declined"
    case qualificationDoubtful = "qualification-doubtful"
    case duplicate
    case moreInformationNeeded = "more-information-needed"
    case other

    public var polish: String {
        switch self {
        case .agreed: "uzgodniono"
        case .candidateDeclined: "kandydat zrezygnował"
        case .cooperativeDeclined: "spółdzielnia odmówiła"
        case .qualificationDoubtful: "wątpliwe kwalifikacje"
        case .duplicate: "duplikat"
        case .moreInformationNeeded: "potrzeba więcej informacji"
        case .other: "inny powód"
        }
    }

    public var english: String {
        switch self {
        case .agreed: "agreed"
        case .candidateDeclined: "candidate declined"
        case .cooperativeDeclined: "cooperative declined"
        case .qualificationDoubtful: "qualification doubtful"
        case .duplicate: "duplicate"
        case .moreInformationNeeded: "more information needed"
        case .other: "other"
        }
    }
}

