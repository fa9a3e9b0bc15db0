import KadryCore

/// Builds small instances as JSON, starting from one participant, one need
/// and one programme for which every rule passes, so a test changes only the
/// field it is about.
public struct InstanceBuilder {
    public var root: JSONObject

    public init() {
        root = JSONObject([
            ("format", "kadry-instance/1"),
            ("asOf", "2026-01-12"),
            ("institutions", [["id": "cis-konin", "kind": "CIS", "name": "CIS w Koninie", "location": Self.konin]]),
            ("cooperatives", [["id": "ss-spektrum", "name": "Spółdzielnia Socjalna Spektrum", "location": Self.konin]]),
            ("participants", [Self.participant("P-1")]),
            ("programmes", [Self.programme("T-1")]),
            ("needs", [Self.need("N-1")]),
        ])
    }

    public static let konin: JSONValue = ["lat": .number("52.2234"), "lon": .number("18.2561")]

    public static func location(lat: String, lon: String) -> JSONValue { ["lat": .number(lat), "lon": .number(lon)] }

    public static func participant(_ id: String) -> JSONValue {
        [
            "id": .string(id), "institution": "cis-konin", "location": location(lat: "52.21", lon: "18.26"),
            "maxCommuteKm": 20, "availableFrom": "2026-02-01", "hoursPerWeek": 40, "education": "secondary",
            "drivingLicence": true, "clearances": ["criminal-record"],
            "credentials": [["code": "kzis:341202", "obtained": "2024-05-01"], ["code": "cert:first-aid", "obtained": "2025-09-01"]],
            "preferredServices": [], "excludedServices": [],
        ]
    }

    public static func programme(_ id: String) -> JSONValue {
        [
            "id": .string(id), "title": "Kurs opiekuna osoby starszej", "provider": "cis-konin", "grants": ["kzis:341202"],
            "start": "2026-02-15", "end": "2026-04-30", "seats": 12, "location": location(lat: "52.22", lon: "18.25"),
            "minEducation": "primary", "costPln": 2400,
        ]
    }

    public static func need(_ id: String) -> JSONValue {
        [
            "id": .string(id), "cooperative": "ss-spektrum", "service": "respite-care", "title": "Opiekun wytchnieniowy",
            "positions": 1, "start": "2026-05-01", "hoursPerWeek": 20, "location": location(lat: "52.2230", lon: "18.2511"),
            "requires": [["kzis:341201", "kzis:532102", "kzis:341202"], ["cert:first-aid"]],
            "requiresDrivingLicence": false, "requiresClearances": ["criminal-record"], "priority": 3,
        ]
    }

    /// Sets `value` at a path of keys and list indices, e.g. `["participants", 0, "hoursPerWeek"]`.
    public mutating func set(_ path: [PathStep], _ value: JSONValue?) {
        var document = JSONValue.object(root)
        Self.set(&document, path[...], value)
        guard case .object(let o) = document else { fatalError() }
        root = o
    }

    public enum PathStep: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        case key(String)
        case index(Int)
        public init(stringLiteral value: String) { self = .key(value) }
        public init(integerLiteral value: Int) { self = .index(value) }
    }

    static func set(_ node: inout JSONValue, _ path: ArraySlice<PathStep>, _ value: JSONValue?) {
        guard let step = path.first else {
            node = value ?? .null
            return
        }
        switch (step, node) {
        case (.key(let k), .object(var o)):
            if path.count == 1 {
                o[k] = value
            } else {
                var child = o[k] ?? .object(JSONObject())
                set(&child, path.dropFirst(), value)
                o[k] = child
            }
            node = .object(o)
        case (.index(let i), .array(var a)):
            if i == a.count { a.append(.null) }
            set(&a[i], path.dropFirst(), value)
            node = .array(a)
        default:
            fatalError("path does not match the document")
        }
    }

    /// Three participants (P-0, P-1, P-2) who all need the one-seat course T-1 for
    /// the three positions of N-1; P-1 prefers the service, so the seat is worth most to them.
    public static func oneSeatForThree() -> InstanceBuilder {
        var b = InstanceBuilder()
        for i in 0..<3 {
            b.set(["participants", .index(i)], participant("P-\(i)"))
            b.set(["participants", .index(i), "credentials"], [["code": "cert:first-aid", "obtained": "2025-09-01"]])
        }
        b.set(["participants", 1, "preferredServices"], ["respite-care"])
        b.set(["needs", 0, "positions"], 3)
        b.set(["programmes", 0, "seats"], 1)
        return b
    }

    public var json: JSONValue { .object(root) }

    public func instance() throws(InstanceErrors) -> Instance { try Fixtures.reader.read(json) }
}
