/// The social-services catalogue (`Catalog/services.json` and
/// `Catalog/credentials.json`): what each service is, the competencies it
/// expects, and the credentials it accepts.
public struct ServiceCatalog: Sendable {
    public struct Service: Sendable {
        public var slug: String
        public var name: String
        public var description: String
        public var competencies: [String]
        public var educationNote: String?
        /// AND of OR clauses of credential codes; empty when no formal qualification is asked for.
        public var accepts: [[String]]
    }

    public struct Credential: Sendable {
        public enum Kind: String, Sendable { case occupation, certificate }
        public var code: String
        public var kind: Kind
        public var name: String
        public var validityDays: Int?
        /// A note on where the catalogue departs from its source (a misprinted code, say).
        public var correction: String?
    }

    public var services: [Service]
    public var credentials: [Credential]
    /// Polish localities by name (`places.csv`), where the catalogue folder has them.
    public var places: Gazetteer?

    public func service(_ slug: String) -> Service? { services.first { $0.slug == slug } }
    public func credential(_ code: String) -> Credential? { credentials.first { $0.code == code } }

    /// What the instance reader takes from the catalogue.
    public var vocabulary: InstanceVocabulary {
        InstanceVocabulary(
            credentials: Dictionary(uniqueKeysWithValues: credentials.map {
                ($0.code, InstanceVocabulary.BuiltinCredential(name: $0.name, validityDays: $0.validityDays))
            }),
            serviceSlugs: Set(services.map(\.slug)),
            serviceNames: Dictionary(services.map { ($0.slug, $0.name) }, uniquingKeysWith: { a, _ in a }), places: places)
    }
}

/// A broken catalogue file: which file, which entry, and why.
public struct CatalogError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}

extension ServiceCatalog {
    /// Reads and validates the two catalogue files; every problem names the file and entry.
    public static func load(
        services servicesBytes: [UInt8], file servicesFile: String,
        credentials credentialsBytes: [UInt8], file credentialsFile: String
    ) throws(CatalogError) -> ServiceCatalog {
        var problems: [String] = []
        let credentials = readCredentials(credentialsBytes, credentialsFile, &problems)
        let known = Set(credentials.map(\.code))
        let services = readServices(servicesBytes, servicesFile, known: known, &problems)
        if !problems.isEmpty { throw CatalogError(problems: problems) }
        return ServiceCatalog(services: services, credentials: credentials, places: nil)
    }

    private static func root(_ bytes: [UInt8], _ file: String, _ key: String, _ problems: inout [String]) -> [JSONValue] {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            problems.append("\(file): \(error.description)")
            return []
        }
        guard case .object(let object) = document, case .array(let list)? = object[key] else {
            problems.append("\(file): expected an object with a list \"\(key)\"")
            return []
        }
        return list
    }

    private static func text(_ o: JSONObject, _ key: String, _ at: String, _ problems: inout [String], required: Bool = true) -> String? {
        guard let v = o[key] else {
            if required { problems.append("\(at): missing \"\(key)\"") }
            return nil
        }
        guard case .string(let s) = v, !s.isEmpty else {
            problems.append("\(at).\(key): expected non-empty text, found \(v.shortDescription)")
            return nil
        }
        return s
    }

    private static func readCredentials(_ bytes: [UInt8], _ file: String, _ problems: inout [String]) -> [Credential] {
        var out: [Credential] = []
        var seen = Set<String>()
        for (i, element) in root(bytes, file, "credentials", &problems).enumerated() {
            var at = "\(file): credentials[\(i)]"
            guard case .object(let o) = element else {
                problems.append("\(at): expected an object")
                continue
            }
            let code = text(o, "code", at, &problems)
            if let code { at += " (\(code))" }
            let name = text(o, "name", at, &problems)
            let kindText = text(o, "kind", at, &problems)
            let kind = kindText.flatMap(Credential.Kind.init(rawValue:))
            if kindText != nil && kind == nil { problems.append("\(at).kind: expected occupation or certificate") }
            var validity: Int?
            if let v = o["validityDays"] {
                if case .number(let literal) = v, let days = Int(literal), days >= 0 {
                    validity = days
                } else {
                    problems.append("\(at).validityDays: expected a whole number of days ≥ 0, found \(v.shortDescription)")
                }
            }
            let correction = text(o, "correction", at, &problems, required: false)
            guard let code, let name, let kind else { continue }
            if !InstanceReader.isWellFormedCode(code) {
                problems.append("\(at).code: expected kzis:NNNNNN or cert:SLUG")
                continue
            }
            if (kind == .occupation) != code.hasPrefix("kzis:") {
                problems.append("\(at).kind: occupations have kzis: codes, certificates cert: codes")
            }
            if !seen.insert(code).inserted { problems.append("\(at).code: defined twice") }
            out.append(Credential(code: code, kind: kind, name: name, validityDays: validity, correction: correction))
        }
        return out
    }

    private static func readServices(_ bytes: [UInt8], _ file: String, known: Set<String>, _ problems: inout [String]) -> [Service] {
        var out: [Service] = []
        var seen = Set<String>()
        for (i, element) in root(bytes, file, "services", &problems).enumerated() {
            var at = "\(file): services[\(i)]"
            guard case .object(let o) = element else {
                problems.append("\(at): expected an object")
                continue
            }
            let slug = text(o, "slug", at, &problems)
            if let slug { at += " (\(slug))" }
            let name = text(o, "name", at, &problems)
            let description = text(o, "description", at, &problems)
            let note = text(o, "educationNote", at, &problems, required: false)
            var competencies: [String] = []
            if case .array(let list)? = o["competencies"] {
                for (j, c) in list.enumerated() {
                    if case .string(let s) = c { competencies.append(s) } else { problems.append("\(at).competencies[\(j)]: expected text") }
                }
            } else {
                problems.append("\(at): missing list \"competencies\"")
            }
            var accepts: [[String]] = []
            if case .array(let clauses)? = o["accepts"] {
                for (j, clause) in clauses.enumerated() {
                    guard case .array(let codes) = clause, !codes.isEmpty else {
                        problems.append("\(at).accepts[\(j)]: expected a non-empty list of credential codes")
                        continue
                    }
                    var row: [String] = []
                    for (k, c) in codes.enumerated() {
                        guard case .string(let code) = c, known.contains(code) else {
                            problems.append("\(at).accepts[\(j)][\(k)]: \(c.shortDescription) is not a credential of the catalogue")
                            continue
                        }
                        row.append(code)
                    }
                    accepts.append(row)
                }
            } else {
                problems.append("\(at): missing list \"accepts\"")
            }
            guard let slug, let name, let description else { continue }
            if !slug.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }) {
                problems.append("\(at).slug: use lower-case letters, digits and '-' only")
            }
            if !seen.insert(slug).inserted { problems.append("\(at).slug: defined twice") }
            out.append(Service(slug: slug, name: name, description: description, competencies: competencies,
                               educationNote: note, accepts: accepts))
        }
        return out
    }
}

extension ServiceCatalog {
    /// The catalogue with its gazetteer of Polish localities (`places.csv`).
    public func with(places bytes: [UInt8], file: String) throws(CatalogError) -> ServiceCatalog {
        var copy = self
        copy.places = try Gazetteer.read(csv: bytes, file: file)
        return copy
    }
}
