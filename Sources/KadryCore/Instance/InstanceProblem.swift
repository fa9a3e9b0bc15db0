/// One reason an instance was rejected, at a JSON path
/// (`participants[12].location.lat: 95.0 is not a latitude (expected -90…90)`).
public struct InstanceProblem: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// What is wrong, in the message tables' words.
    public var said: Message

    public init(path: String, message: String) {
        self.path = path
        said = Message(.verbatim, .text(message))
    }

    public init(path: String, _ said: Message) {
        self.path = path
        self.said = said
    }

    /// The problem in English (the spec's own language, as `kadry solve` writes it by default).
    public var message: String { said.text(.en) }

    public var description: String { "\(path): \(message)" }

    public func text(_ language: Language) -> String { "\(path): \(said.text(language))" }
}

/// Every problem found in an instance; a reader collects them all before failing.
public struct InstanceErrors: Error, Sendable, CustomStringConvertible {
    public var problems: [InstanceProblem]

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// What the reader needs to know of the catalogue: the credentials an
/// instance may use without defining them, and the known service slugs.
public struct InstanceVocabulary: Sendable {
    public struct BuiltinCredential: Sendable {
        public var name: String
        public var validityDays: Int?
        public init(name: String, validityDays: Int?) {
            self.name = name
            self.validityDays = validityDays
        }
    }

    public var credentials: [String: BuiltinCredential]
    public var serviceSlugs: Set<String>
    /// Each service's Polish name by slug (the register takes either).
    public var serviceNames: [String: String]
    /// Polish localities, for places given by name (the register only).
    public var places: Gazetteer?

    public init(credentials: [String: BuiltinCredential], serviceSlugs: Set<String>, serviceNames: [String: String] = [:], places: Gazetteer? = nil) {
        self.places = places
        self.credentials = credentials
        self.serviceSlugs = serviceSlugs
        self.serviceNames = serviceNames
    }
}
