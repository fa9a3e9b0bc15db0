/// Reads typed fields out of JSON objects and records a problem, with its
/// path, for each one that is missing or malformed.
struct FieldReader {
    var problems: [InstanceProblem] = []

    mutating func fail(_ path: String, _ message: String) {
        problems.append(InstanceProblem(path: path, message: message))
    }

    mutating func fail(_ path: String, _ key: MessageKey, _ arguments: Message.Argument...) {
        problems.append(InstanceProblem(path: path, Message(key, arguments: arguments)))
    }

    func join(_ path: String, _ key: String) -> String { path == "$" ? key : "\(path).\(key)" }

    mutating func present(_ object: JSONObject, _ key: String, _ path: String, required: Bool) -> JSONValue? {
        if let value = object[key] { return value }
        if required { fail(path, .readerMissingField, .text(key)) }
        return nil
    }

    mutating func string(_ object: JSONObject, _ key: String, _ path: String, required: Bool = true, nonEmpty: Bool = false) -> String? {
        guard let value = present(object, key, path, required: required) else { return nil }
        guard case .string(let s) = value else {
            fail(join(path, key), .readerNotString, .text(value.shortDescription))
            return nil
        }
        if nonEmpty && s.isEmpty {
            fail(join(path, key), .readerEmpty)
            return nil
        }
        return s
    }

    mutating func day(_ object: JSONObject, _ key: String, _ path: String, required: Bool = true) -> Day? {
        guard let value = present(object, key, path, required: required) else { return nil }
        guard case .string(let s) = value, s.utf8.count == 10 else {
            fail(join(path, key), .readerNotDate, .text(value.shortDescription))
            return nil
        }
        guard let day = Day(iso: s) else {
            let shape = s.utf8.enumerated().allSatisfy { i, b in
                (i == 4 || i == 7) ? b == UInt8(ascii: "-") : (0x30...0x39).contains(b)
            }
            fail(join(path, key), shape ? .readerNotCalendarDate : .readerNotDate, .text(shape ? s : "\"\(s)\""))
            return nil
        }
        return day
    }

    /// A number within bounds; `integer` asks for a whole number.
    mutating func number(
        _ object: JSONObject, _ key: String, _ path: String, required: Bool = true,
        min: ExactDecimal? = nil, minExclusive: Bool = false, max: ExactDecimal? = nil, integer: Bool = false,
        limit: String? = nil
    ) -> ExactDecimal? {
        guard let value = present(object, key, path, required: required) else { return nil }
        let fieldPath = join(path, key)
        guard case .number(let literal) = value else {
            fail(fieldPath, integer ? .readerNotInteger : .readerNotNumber, .text(value.shortDescription))
            return nil
        }
        guard let number = ExactDecimal(literal: literal) else {
            fail(fieldPath, .readerTooManyDigits, .text(literal))
            return nil
        }
        if integer && !number.isInteger {
            fail(fieldPath, .readerNotInteger, .text(literal))
            return nil
        }
        let belowMin = min.map { minExclusive ? number <= $0 : number < $0 } ?? false
        let aboveMax = max.map { number > $0 } ?? false
        if aboveMax, let limit {
            fail(fieldPath, .readerOverLimit, .text(literal), .text(limit))
            return nil
        }
        if belowMin || aboveMax {
            let lo = min.map(\.description) ?? "-inf"
            let hi = max.map(\.description) ?? "inf"
            fail(fieldPath, .readerOutOfRange, .text(literal), .text("\(minExclusive ? "(" : "[")\(lo), \(hi)]"))
            return nil
        }
        return number
    }

    mutating func integer(
        _ object: JSONObject, _ key: String, _ path: String, required: Bool = true, min: Int? = nil, max: Int? = nil, limit: String? = nil
    ) -> Int? {
        guard let n = number(object, key, path, required: required, min: min.map(ExactDecimal.init), max: max.map(ExactDecimal.init),
                             integer: true, limit: limit) else { return nil }
        guard let v = Int(exactly: n.significand) else { return nil }
        return v
    }

    mutating func bool(_ object: JSONObject, _ key: String, _ path: String, default defaultValue: Bool) -> Bool {
        guard let value = object[key] else { return defaultValue }
        guard case .bool(let b) = value else {
            fail(join(path, key), .readerNotBool, .text(value.shortDescription))
            return defaultValue
        }
        return b
    }

    mutating func strings(_ object: JSONObject, _ key: String, _ path: String) -> [String] {
        guard let value = object[key] else { return [] }
        guard case .array(let elements) = value else {
            fail(join(path, key), .readerNotList, .text(value.shortDescription))
            return []
        }
        var out: [String] = []
        for (i, element) in elements.enumerated() {
            if case .string(let s) = element {
                out.append(s)
            } else {
                fail("\(join(path, key))[\(i)]", .readerNotString, .text(element.shortDescription))
            }
        }
        return out
    }

    mutating func objects(_ root: JSONObject, _ key: String, required: Bool = false) -> [JSONValue] {
        guard let value = present(root, key, "$", required: required) else { return [] }
        guard case .array(let elements) = value else {
            fail(key, "is not a list")
            return []
        }
        return elements
    }

    mutating func location(_ object: JSONObject, _ path: String) -> Location? {
        guard let value = present(object, "location", path, required: true) else { return nil }
        let lp = join(path, "location")
        guard case .object(let loc) = value else {
            fail(lp, .readerNotLocation)
            return nil
        }
        let lat = coordinate(loc, "lat", lp, limit: 90, what: "latitude")
        let lon = coordinate(loc, "lon", lp, limit: 180, what: "longitude")
        guard let lat, let lon else { return nil }
        return Location(lat: lat, lon: lon)
    }

    private mutating func coordinate(_ loc: JSONObject, _ key: String, _ path: String, limit: Int, what: String) -> Double? {
        guard let value = present(loc, key, path, required: true) else { return nil }
        let bad = Message(what == "latitude" ? .readerNotLatitude : .readerNotLongitude, .text(value.shortDescription), .count(limit))
        guard case .number(let literal) = value, let v = Double(literal), v.isFinite, abs(v) <= Double(limit) else {
            problems.append(InstanceProblem(path: "\(path).\(key)", bad))
            return nil
        }
        // A literal just outside the range can round onto its edge; compare exactly where it can matter.
        if abs(v) == Double(limit), let exact = ExactDecimal(literal: literal), abs(exact.significand) > 0,
            exact > ExactDecimal(limit) || exact < ExactDecimal(-limit)
        {
            problems.append(InstanceProblem(path: "\(path).\(key)", bad))
            return nil
        }
        return v
    }

    mutating func education(_ object: JSONObject, _ key: String, _ path: String, required: Bool = true) -> Education? {
        guard let value = present(object, key, path, required: required) else { return nil }
        guard case .string(let s) = value, let level = Education(name: s) else {
            let names = Education.allCases.map(\.description).joined(separator: ", ")
            fail(join(path, key), .readerNotEducation, .text(value.shortDescription), .text(names))
            return nil
        }
        return level
    }
}
