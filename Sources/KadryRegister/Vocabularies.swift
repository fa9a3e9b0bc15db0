import KadryCore

/// The closed vocabularies of the register: values that change matching when
/// misspelt (a clearance that never equals the one a need asks for). Each is
/// taken by its code or its Polish words, any case; anything else is an error
/// that names what is accepted.
public struct Vocabulary: Sendable {
    public struct Term: Sendable {
        public var code: String
        public var polish: String
        /// Other spellings people use (abbreviations, older names).
        public var aliases: [String]
    }

    public var field: String
    public var terms: [Term]

    /// The code a value stands for, or nil.
    public func code(_ value: String) -> String? {
        let wanted = Vocabulary.folded(value)
        return terms.first { t in ([t.code, t.polish] + t.aliases).contains { Vocabulary.folded($0) == wanted } }?.code
    }

    /// Why a value is not taken: the accepted values, and the nearest one when it is close.
    public func problem(_ value: String) -> Message {
        let accepted = terms.map { $0.polish == $0.code ? $0.code : "\($0.code) (\($0.polish))" }
        let wanted = Vocabulary.folded(value)
        let nearest = terms.flatMap { t in [t.code, t.polish].map { (t, Vocabulary.distance(Vocabulary.folded($0), wanted)) } }
            .min { $0.1 < $1.1 }
        if let nearest, nearest.1 <= max(2, wanted.count / 4) {
            return Message(.unknownValueSuggest, .text(field), .text(value), .text(nearest.0.code), .list(accepted))
        }
        return Message(.unknownValue, .text(field), .text(value), .list(accepted))
    }

    static func folded(_ s: String) -> String {
        s.lowercased().split(whereSeparator: { $0 == " " || $0 == "_" }).joined(separator: " ")
    }

    /// Edit distance (Levenshtein), for suggesting the value meant.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        guard !x.isEmpty else { return y.count }
        var row = Array(0...y.count)
        for i in 1...x.count {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: y.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[y.count]
    }

    public static let clearances = Vocabulary(field: "clearances", terms: [
        Term(code: "criminal-record", polish: "zaświadczenie o niekaralności",
             aliases: ["niekaralność", "KRK", "zaświadczenie z KRK", "zaświadczenie z Krajowego Rejestru Karnego"]),
        Term(code: "sex-offenders-register", polish: "informacja z Rejestru Sprawców Przestępstw na Tle Seksualnym",
             aliases: ["RSPTS", "rejestr sprawców", "rejestr sprawców przestępstw na tle seksualnym"]),
        Term(code: "sanitary-certificate", polish: "orzeczenie do celów sanitarno-epidemiologicznych",
             aliases: ["sanepid", "książeczka sanepidowska", "orzeczenie sanitarno-epidemiologiczne"]),
        Term(code: "occupational-health", polish: "orzeczenie lekarza medycyny pracy",
             aliases: ["medycyna pracy", "badania lekarskie", "badania medycyny pracy"]),
    ])

    public static let institutionKinds = Vocabulary(field: "kind", terms: [
        Term(code: "KIS", polish: "Klub Integracji Społecznej", aliases: []),
        Term(code: "CIS", polish: "Centrum Integracji Społecznej", aliases: []),
    ])

    /// The catalogue's services, by slug or Polish name.
    public static func services(_ vocabulary: InstanceVocabulary) -> Vocabulary {
        Vocabulary(field: "service", terms: vocabulary.serviceSlugs.sorted().map { slug in
            let name = vocabulary.serviceNames[slug] ?? slug
            // "Usługa krótkich urlopów (usługa wytchnieniowa)" is also "usługa wytchnieniowa" and "krótkich urlopów".
            var aliases: [String] = []
            if let open = name.firstIndex(of: "("), let close = name.lastIndex(of: ")"), open < close {
                aliases.append(String(name[name.index(after: open)..<close]))
                aliases.append(String(name[..<open]).split(separator: " ").joined(separator: " "))
            }
            for prefix in ["Usługa ", "Usługi "] where name.hasPrefix(prefix) { aliases.append(String(name.dropFirst(prefix.count))) }
            return Term(code: slug, polish: name, aliases: aliases)
        })
    }
}

extension SheetImport {
    /// Puts every vocabulary value of a batch in its code (`zaświadczenie o niekaralności` →
    /// `criminal-record`), and names each value no vocabulary holds at its place.
    public static func normaliseVocabularies(_ batch: inout RecordBatch, vocabulary: InstanceVocabulary) -> [ImportProblem] {
        let services = Vocabulary.services(vocabulary)
        let fields: [(key: String, vocabulary: Vocabulary, list: Bool)] = switch batch.kind {
        case .institutions: [("kind", .institutionKinds, false)]
        case .participants:
            [("clearances", .clearances, true), ("preferredServices", services, true), ("excludedServices", services, true)]
        case .needs: [("service", services, false), ("requiresClearances", .clearances, true)]
        case .cooperatives, .programmes: []
        }
        var problems: [ImportProblem] = []
        for i in batch.records.indices {
            for field in fields {
                switch batch.records[i][field.key] {
                case .string(let value)? where !field.list:
                    if let code = field.vocabulary.code(value) {
                        batch.records[i][field.key] = .string(code)
                    } else {
                        problems.append(ImportProblem(place: batch.locate(i, field.key), field.vocabulary.problem(value)))
                    }
                case .array(let items)? where field.list:
                    var codes: [JSONValue] = []
                    for (j, item) in items.enumerated() {
                        guard case .string(let value) = item else {
                            codes.append(item)
                            continue
                        }
                        if let code = field.vocabulary.code(value) {
                            codes.append(.string(code))
                        } else {
                            problems.append(ImportProblem(place: batch.locate(i, "\(field.key)[\(j)]"), field.vocabulary.problem(value)))
                            codes.append(item)
                        }
                    }
                    batch.records[i][field.key] = .array(codes)
                default:
                    break  // absent, or of the wrong type: the rules say so
                }
            }
        }
        return problems
    }
}
