/// Reads and validates a `kadry-instance/1` document (matching-v1 "Instance"
/// and "Errors"). Every problem is reported with its JSON path; nothing is
/// returned unless the whole instance is valid.
public struct InstanceReader {
    public static let format = "kadry-instance/1"

    public var vocabulary: InstanceVocabulary

    public init(vocabulary: InstanceVocabulary) {
        self.vocabulary = vocabulary
    }

    /// Parses UTF-8 JSON bytes and validates them.
    public func read(_ bytes: [UInt8]) throws(InstanceErrors) -> Instance {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw InstanceErrors(problems: [InstanceProblem(path: "$", message: error.description)])
        }
        return try read(document)
    }

    public func read(_ document: JSONValue) throws(InstanceErrors) -> Instance {
        var state = ReaderState(vocabulary: vocabulary)
        guard case .object(let root) = document else {
            throw InstanceErrors(problems: [InstanceProblem(path: "$", message: "the instance is not a JSON object")])
        }
        let instance = state.readInstance(root)
        if let instance, state.fields.problems.isEmpty { return instance }
        throw InstanceErrors(problems: state.fields.problems)
    }
}

private func kzisPattern(_ code: String) -> Bool {
    let u = Array(code.utf8)
    return u.count == 11 && code.hasPrefix("kzis:") && u[5...].allSatisfy { (0x30...0x39).contains($0) }
}

private func certPattern(_ code: String) -> Bool {
    guard code.hasPrefix("cert:") else { return false }
    let slug = Array(code.utf8.dropFirst(5))
    func alnum(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
    guard let first = slug.first, alnum(first) else { return false }
    return slug.allSatisfy { alnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
}

extension InstanceReader {
    /// Whether `code` is well formed: `kzis:` and six digits, or `cert:` and a slug.
    public static func isWellFormedCode(_ code: String) -> Bool { kzisPattern(code) || certPattern(code) }
}

private struct ReaderState {
    let vocabulary: InstanceVocabulary
    var fields = FieldReader()
    var credentials = CredentialTable()
    var instanceDefined: [String: Int?] = [:]
    var undefinedUsed: [(code: String, path: String)] = []
    var warnings: [String] = []

    init(vocabulary: InstanceVocabulary) { self.vocabulary = vocabulary }

    mutating func readInstance(_ root: JSONObject) -> Instance? {
        if let format = root["format"] {
            if format != .string(InstanceReader.format) {
                fields.fail("format", "\(format.shortDescription) is not \"\(InstanceReader.format)\"")
            }
        } else {
            fields.fail("$", "missing required field \"format\" (expected \"\(InstanceReader.format)\")")
        }
        let asOf = fields.day(root, "asOf", "$")
        let policy = readPolicy(root)
        readCredentialDefinitions(root)
        let institutions = readList(root, "institutions") { s, o, p in s.readInstitution(o, p) }
        let cooperatives = readList(root, "cooperatives") { s, o, p in s.readCooperative(o, p) }
        let institutionIDs = Set(institutions.map(\.id))
        let cooperativeIDs = Set(cooperatives.map(\.id))
        let participants = readList(root, "participants", required: true) { s, o, p in
            s.readParticipant(o, p, institutionIDs: institutionIDs)
        }
        let programmes = readList(root, "programmes") { s, o, p in s.readProgramme(o, p) }
        let needs = readList(root, "needs", required: true) { s, o, p in
            s.readNeed(o, p, cooperativeIDs: cooperativeIDs)
        }
        for (code, path) in undefinedUsed {
            let known = vocabulary.credentials[code] != nil
            if !known {
                warnings.append("\(path): code \(code) is not defined in the instance's credentials nor in the catalogue; accepted as a KZiS occupation code that never expires")
            }
        }
        for (i, need) in needs.enumerated() where !vocabulary.serviceSlugs.contains(need.service) {
            warnings.append("needs[\(i)].service: \"\(need.service)\" is not a service of the catalogue")
        }
        guard let asOf, let policy, fields.problems.isEmpty else { return nil }
        checkScoreRange(policy, participants: participants, programmes: programmes, needs: needs)
        guard fields.problems.isEmpty else { return nil }
        return Instance(
            asOf: asOf, policy: policy, credentials: credentials, institutions: institutions,
            cooperatives: cooperatives, participants: participants, programmes: programmes, needs: needs,
            warnings: warnings)
    }

    /// Reads a list of objects with unique ids; items with problems are left out.
    mutating func readList<T>(
        _ root: JSONObject, _ key: String, required: Bool = false,
        _ item: (inout ReaderState, JSONObject, String) -> T?
    ) -> [T] {
        var seen: [String: Int] = [:]
        var out: [T] = []
        for (i, element) in fields.objects(root, key, required: required).enumerated() {
            let path = "\(key)[\(i)]"
            guard case .object(let object) = element else {
                fields.fail(path, .readerNotObject)
                continue
            }
            var idOK = false
            if let id = fields.string(object, "id", path, nonEmpty: true) {
                if let first = seen[id] {
                    fields.fail("\(path).id", .readerDuplicateID, .text(id), .text(key), .count(first))
                } else {
                    seen[id] = i
                    idOK = true
                }
            }
            if let value = item(&self, object, path), idOK { out.append(value) }
        }
        return out
    }

    mutating func readPolicy(_ root: JSONObject) -> Policy? {
        var policy = Policy()
        guard let value = root["policy"] else { return policy }
        guard case .object(let object) = value else {
            fields.fail("policy", "is not an object")
            return nil
        }
        var ok = true
        for name in Policy.fieldNames {
            guard let v = object[name] else { continue }
            guard case .number(let literal) = v else {
                fields.fail("policy.\(name)", "\(v.shortDescription) is not a number")
                ok = false
                continue
            }
            guard let weight = ExactDecimal(literal: literal), weight.scale <= InstanceLimits.weightDecimals,
                weight.magnitudeWithin(InstanceLimits.weight)
            else {
                fields.fail("policy.\(name)", "\(literal) is more than Kadry takes (a weight within ±\(InstanceLimits.weight), "
                    + "at most \(InstanceLimits.weightDecimals) decimals)")
                ok = false
                continue
            }
            policy[name] = weight
        }
        return ok ? policy : nil
    }

    /// Refuses an instance whose best conceivable objective (every possible
    /// placement at the largest magnitude any term can take) is beyond
    /// `InstanceLimits.objective`, so no score, sum or bound can overflow.
    mutating func checkScoreRange(_ policy: Policy, participants: [Participant], programmes: [Programme], needs: [Need]) {
        let terms = Scorer.largestTerms(policy, participants: participants, programmes: programmes)
        let perPlacement = terms.reduce(Int128(0)) { $0 + $1.value }
        let placements = Int128(min(participants.count, needs.reduce(0) { $0 + $1.positions }))
        guard perPlacement * placements > InstanceLimits.objective, let largest = terms.max(by: { $0.value < $1.value }) else { return }
        fields.fail("policy.\(largest.field)",
                    "with these weights \(placements) placements could score up to \(perPlacement * placements) units in all, "
                    + "more than Kadry computes exactly (2^53); lower \(largest.field)"
                    + (largest.field == "trainingCostPer100Pln" ? " or the programmes' costPln" : "")
                    + (largest.field == "distancePenaltyPerKm" ? " or the participants' maxCommuteKm" : ""))
    }

    mutating func readCredentialDefinitions(_ root: JSONObject) {
        for (i, element) in fields.objects(root, "credentials").enumerated() {
            let path = "credentials[\(i)]"
            guard case .object(let object) = element else {
                fields.fail(path, .readerNotObject)
                continue
            }
            let code = fields.string(object, "code", path)
            let name = fields.string(object, "name", path)
            let validity = fields.integer(object, "validityDays", path, required: false, min: 0, max: InstanceLimits.validityDays,
                                          limit: "at most \(InstanceLimits.validityDays) days")
            guard let code else { continue }
            guard InstanceReader.isWellFormedCode(code) else {
                fields.fail("\(path).code", .readerNotCredentialForm, .text(code))
                continue
            }
            if let previous = instanceDefined[code] {
                if previous != validity {
                    fields.fail("\(path).code", "\"\(code)\" is defined twice with different validityDays")
                }
                continue
            }
            instanceDefined[code] = validity
            credentials.define(code, name: name, validityDays: validity)
        }
    }

    /// Resolves a code used by a participant, programme or need.
    mutating func credential(_ value: JSONValue, _ path: String) -> CredentialID? {
        guard case .string(let code) = value else {
            fields.fail(path, .readerNotCredentialCode, .text(value.shortDescription))
            return nil
        }
        if let id = credentials.id(of: code) { return id }
        guard InstanceReader.isWellFormedCode(code) else {
            fields.fail(path, .readerUnknownCredential, .text(code))
            return nil
        }
        if let builtin = vocabulary.credentials[code] {
            return credentials.define(code, name: builtin.name, validityDays: builtin.validityDays)
        }
        if kzisPattern(code) {
            undefinedUsed.append((code, path))
            return credentials.define(code, name: nil, validityDays: nil)
        }
        fields.fail(path, .readerUnknownCredentialAnywhere, .text(code))
        return nil
    }

    mutating func readInstitution(_ o: JSONObject, _ path: String) -> Institution? {
        let id = fields.string(o, "id", path, nonEmpty: true)
        let kind = fields.string(o, "kind", path)
        let name = fields.string(o, "name", path)
        let location = fields.location(o, path)
        guard let id, let kind, let name, let location else { return nil }
        return Institution(id: id, kind: kind, name: name, location: location)
    }

    mutating func readCooperative(_ o: JSONObject, _ path: String) -> Cooperative? {
        let id = fields.string(o, "id", path, nonEmpty: true)
        let name = fields.string(o, "name", path)
        let location = fields.location(o, path)
        guard let id, let name, let location else { return nil }
        return Cooperative(id: id, name: name, location: location)
    }

    mutating func readParticipant(_ o: JSONObject, _ path: String, institutionIDs: Set<String>) -> Participant? {
        let id = fields.string(o, "id", path, nonEmpty: true)
        let institution = fields.string(o, "institution", path)
        if let institution, !institutionIDs.contains(institution) {
            fields.fail("\(path).institution", .readerNotInstitution, .text(institution))
        }
        let location = fields.location(o, path)
        let commute = fields.number(o, "maxCommuteKm", path, min: ExactDecimal(0), max: ExactDecimal(InstanceLimits.maxCommuteKm),
                                    limit: "at most \(InstanceLimits.maxCommuteKm) km")
        let availableFrom = fields.day(o, "availableFrom", path)
        let hours = fields.number(o, "hoursPerWeek", path, min: ExactDecimal(0), minExclusive: true, max: ExactDecimal(168))
        let education = fields.education(o, "education", path)
        let licence = fields.bool(o, "drivingLicence", path, default: false)
        let clearances = fields.strings(o, "clearances", path)
        var held: [HeldCredential] = []
        if let value = o["credentials"] {
            if case .array(let list) = value {
                for (j, element) in list.enumerated() {
                    let cp = "\(path).credentials[\(j)]"
                    guard case .object(let c) = element else {
                        fields.fail(cp, .readerNotObject)
                        continue
                    }
                    var code: CredentialID?
                    if let v = fields.present(c, "code", cp, required: true) { code = credential(v, "\(cp).code") }
                    let obtained = fields.day(c, "obtained", cp)
                    if let code, let obtained { held.append(HeldCredential(credential: code, obtained: obtained)) }
                }
            } else {
                fields.fail("\(path).credentials", .readerNotListPlain)
            }
        }
        let preferred = fields.strings(o, "preferredServices", path)
        let excluded = fields.strings(o, "excludedServices", path)
        let programmeEnds = fields.day(o, "programmeEnds", path, required: false)
        guard let id, let institution, let location, let commute, let availableFrom, let hours, let education else { return nil }
        return Participant(
            id: id, institution: institution, location: location, maxCommuteKm: commute.doubleValue,
            availableFrom: availableFrom, hoursPerWeek: hours, education: education, drivingLicence: licence,
            clearances: Set(clearances), credentials: held, preferredServices: Set(preferred),
            excludedServices: Set(excluded), programmeEnds: programmeEnds)
    }

    mutating func readProgramme(_ o: JSONObject, _ path: String) -> Programme? {
        let id = fields.string(o, "id", path, nonEmpty: true)
        let title = fields.string(o, "title", path)
        let provider = fields.string(o, "provider", path)
        var grants: [CredentialID] = []
        if let value = fields.present(o, "grants", path, required: true) {
            if case .array(let list) = value {
                for (j, code) in list.enumerated() {
                    if let c = credential(code, "\(path).grants[\(j)]") { grants.append(c) }
                }
            } else {
                fields.fail("\(path).grants", .readerNotListPlain)
            }
        }
        let start = fields.day(o, "start", path)
        let end = fields.day(o, "end", path)
        if let start, let end, end < start {
            fields.fail("\(path).end", .readerEndBeforeStart, .day(end), .day(start))
        }
        let seats = fields.integer(o, "seats", path, min: 0, max: InstanceLimits.seats, limit: "at most \(InstanceLimits.seats) seats per programme")
        let location = fields.location(o, path)
        let minEducation = fields.education(o, "minEducation", path, required: false)
        let cost = fields.number(o, "costPln", path, required: false, min: ExactDecimal(0), max: ExactDecimal(InstanceLimits.costPln),
                                 limit: "at most \(InstanceLimits.costPln) PLN per programme")
        guard let id, let title, let provider, let start, let end, let seats, let location else { return nil }
        if o["minEducation"] != nil && minEducation == nil { return nil }
        if o["costPln"] != nil && cost == nil { return nil }
        return Programme(
            id: id, title: title, provider: provider, grants: grants, start: start, end: end, seats: seats,
            location: location, minEducation: minEducation ?? .none, costPln: cost ?? ExactDecimal(0))
    }

    mutating func readNeed(_ o: JSONObject, _ path: String, cooperativeIDs: Set<String>) -> Need? {
        let id = fields.string(o, "id", path, nonEmpty: true)
        let cooperative = fields.string(o, "cooperative", path)
        if let cooperative, !cooperativeIDs.contains(cooperative) {
            fields.fail("\(path).cooperative", .readerNotCooperative, .text(cooperative))
        }
        let service = fields.string(o, "service", path)
        if let service, service.isEmpty { fields.fail("\(path).service", .readerEmpty) }
        let title = fields.string(o, "title", path)
        let positions = fields.integer(o, "positions", path, min: 1, max: InstanceLimits.positions,
                                       limit: "at most \(InstanceLimits.positions) positions per need")
        let start = fields.day(o, "start", path)
        let hours = fields.number(o, "hoursPerWeek", path, min: ExactDecimal(0), minExclusive: true, max: ExactDecimal(168))
        let location = fields.location(o, path)
        var clauses: [[CredentialID]] = []
        if let value = fields.present(o, "requires", path, required: true) {
            if case .array(let list) = value {
                for (j, clause) in list.enumerated() {
                    let cp = "\(path).requires[\(j)]"
                    guard case .array(let codes) = clause, !codes.isEmpty else {
                        fields.fail(cp, .readerNotClause)
                        continue
                    }
                    clauses.append(codes.enumerated().compactMap { k, code in credential(code, "\(cp)[\(k)]") })
                }
            } else {
                fields.fail("\(path).requires", .readerNotClauses)
            }
        }
        let licence = fields.bool(o, "requiresDrivingLicence", path, default: false)
        let clearances = fields.strings(o, "requiresClearances", path)
        let priority = fields.integer(o, "priority", path, min: 1, max: 5)
        guard let id, let cooperative, let service, let title, let positions, let start, let hours, let location,
            let priority
        else { return nil }
        return Need(
            id: id, cooperative: cooperative, service: service, title: title, positions: positions, start: start,
            hoursPerWeek: hours, location: location, requires: clauses, requiresDrivingLicence: licence,
            requiresClearances: clearances, priority: priority)
    }
}
