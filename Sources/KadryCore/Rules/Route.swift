/// How a participant reaches a need: directly, or by first attending a programme.
public enum Route: Sendable, Hashable {
    case direct
    /// Via the programme at this index of `Instance.programmes`.
    case via(Int)

    public var programme: Int? {
        if case .via(let t) = self { return t }
        return nil
    }
}

/// A broken hard constraint of matching-v1 ("Rules a placement must obey").
public struct RuleViolation: Sendable, Equatable, CustomStringConvertible {
    public var rule: Int
    public var message: String
    /// The same in Polish.
    public var polish: String

    public init(rule: Int, message: String, polish: String) {
        self.rule = rule
        self.message = message
        self.polish = polish
    }

    public var description: String { "rule \(rule): \(message)" }
    /// The reason first, the rule's number at the end in brackets: what a person acts on leads.
    public var polishDescription: String { "\(polish) (reguła \(rule))" }
}
