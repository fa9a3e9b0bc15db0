import KadryCore

/// A placement the committee has agreed to (or a hire): its person is no
/// longer free, and its position and training seat are taken.
public struct Commitment: Sendable, Hashable {
    public var participant: String
    public var need: String
    public var programme: String?

    public init(participant: String, need: String, programme: String?) {
        self.participant = participant
        self.need = need
        self.programme = programme
    }
}

/// Builds the `kadry-instance/1` document a match run solves from the register's records.
public enum InstanceAssembly {
    /// The register as a placement problem on `asOf`. Committed people are left
    /// out, and their positions and seats are taken off what remains; a need with
    /// no position left is left out. Fields the spec does not know (the
    /// institution's own reference of a participant) are not written.
    /// The register's own fields of a place given by name: the spec knows the coordinates only.
    static let placeFields = ["locality", "gmina", "powiat", "voivodeship"]

    static func withoutPlaceNames(_ record: JSONObject) -> JSONObject {
        var copy = record
        for key in placeFields { copy[key] = nil }
        return copy
    }

    public static func document(
        asOf: Day, policy: JSONObject = JSONObject(),
        institutions: [JSONObject], cooperatives: [JSONObject], participants: [JSONObject],
        programmes: [JSONObject], needs: [JSONObject], commitments: [Commitment] = []
    ) -> JSONValue {
        let committed = Set(commitments.map(\.participant))
        var positionsTaken: [String: Int] = [:]
        var seatsTaken: [String: Int] = [:]
        for c in commitments {
            positionsTaken[c.need, default: 0] += 1
            if let t = c.programme { seatsTaken[t, default: 0] += 1 }
        }
        func id(_ o: JSONObject) -> String { if case .string(let s)? = o["id"] { s } else { "" } }
        func integer(_ o: JSONObject, _ key: String) -> Int { if case .number(let n)? = o[key] { Int(n) ?? 0 } else { 0 } }
        var root = JSONObject()
        root["format"] = .string(InstanceReader.format)
        root["asOf"] = .string(asOf.description)
        root["policy"] = .object(policy)
        root["credentials"] = .array([])
        root["institutions"] = .array(institutions.map { .object(withoutPlaceNames($0)) })
        root["cooperatives"] = .array(cooperatives.map { .object(withoutPlaceNames($0)) })
        root["participants"] = .array(participants.filter { !committed.contains(id($0)) }.map { p in
            var copy = withoutPlaceNames(p)
            copy["reference"] = nil
            return .object(copy)
        })
        root["programmes"] = .array(programmes.map { t in
            var copy = withoutPlaceNames(t)
            if let taken = seatsTaken[id(t)] { copy["seats"] = .number(String(max(0, integer(t, "seats") - taken))) }
            return .object(copy)
        })
        root["needs"] = .array(needs.compactMap { n in
            var copy = withoutPlaceNames(n)
            guard let taken = positionsTaken[id(n)] else { return .object(copy) }
            let left = integer(n, "positions") - taken
            guard left > 0 else { return nil }
            copy["positions"] = .number(String(left))
            return .object(copy)
        })
        return .object(root)
    }
}
