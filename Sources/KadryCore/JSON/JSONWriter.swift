/// Writes JSON text: compact, or indented for people and diffs.
/// Non-ASCII text is written as UTF-8, so Polish names stay readable.
public enum JSONWriter {
    public static func write(_ value: JSONValue, indent: Int? = 2) -> String {
        var out = ""
        out.reserveCapacity(1024)
        write(value, into: &out, indent: indent, level: 0)
        if indent != nil { out.append("\n") }
        return out
    }

    static func write(_ value: JSONValue, into out: inout String, indent: Int?, level: Int) {
        switch value {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .number(let literal): out.append(literal)
        case .string(let s): out.append(quoted(s))
        case .array(let elements):
            if elements.isEmpty { out.append("[]"); return }
            out.append("[")
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(",") }
                newline(&out, indent, level + 1)
                write(element, into: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent, level)
            out.append("]")
        case .object(let object):
            if object.members.isEmpty { out.append("{}"); return }
            out.append("{")
            for (i, member) in object.members.enumerated() {
                if i > 0 { out.append(",") }
                newline(&out, indent, level + 1)
                out.append(quoted(member.key))
                out.append(indent == nil ? ":" : ": ")
                write(member.value, into: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent, level)
            out.append("}")
        }
    }

    private static func newline(_ out: inout String, _ indent: Int?, _ level: Int) {
        guard let indent else { return }
        out.append("\n")
        out.append(String(repeating: " ", count: indent * level))
    }

    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out.append("\"")
        return out
    }
}
