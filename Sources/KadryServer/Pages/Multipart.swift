import Foundation

/// `multipart/form-data` bodies (RFC 7578), as a browser sends a form with a file: just
/// enough to read a page's upload form, and strict: anything malformed is nil, never a crash.
enum Multipart {
    struct Part: Sendable {
        var name: String
        var filename: String?
        var body: [UInt8]
    }

    /// The boundary of a `multipart/form-data` content type, or nil when it is another type.
    static func boundary(_ contentType: String?) -> String? {
        guard let contentType else { return nil }
        let parameters = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parameters.first?.lowercased() == "multipart/form-data" else { return nil }
        for parameter in parameters.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            // RFC 2046: 1 to 70 characters.
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// The parts of a body, or nil when it is not well formed.
    static func parse(_ body: [UInt8], boundary: String) -> [Part]? {
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n--\(boundary)".utf8)
        guard var at = find(delimiter, in: body, from: 0) else { return nil }
        at += delimiter.count
        var parts: [Part] = []
        while true {
            // After a delimiter: "--" ends the body; otherwise a line break, the part's headers, an empty line.
            if body.count >= at + 2, body[at] == UInt8(ascii: "-"), body[at + 1] == UInt8(ascii: "-") { return parts }
            guard body.count >= at + 2, body[at] == 13, body[at + 1] == 10 else { return nil }
            at += 2
            guard let headersEnd = find(Array("\r\n\r\n".utf8), in: body, from: at) else { return nil }
            guard let head = String(validating: body[at..<headersEnd], as: UTF8.self) else { return nil }
            let start = headersEnd + 4
            guard let end = find(separator, in: body, from: start) else { return nil }
            var name: String?
            var filename: String?
            for line in head.split(separator: "\r\n") {
                let pair = line.split(separator: ":", maxSplits: 1)
                guard pair.count == 2, pair[0].lowercased() == "content-disposition" else { continue }
                name = parameter("name", in: String(pair[1]))
                filename = parameter("filename", in: String(pair[1]))
            }
            guard let name else { return nil }
            parts.append(Part(name: name, filename: filename, body: Array(body[start..<end])))
            guard parts.count <= 32 else { return nil }
            at = end + separator.count
        }
    }

    /// A quoted parameter of a header value: `form-data; name="plik"; filename="a.csv"`.
    static func parameter(_ key: String, in value: String) -> String? {
        for item in value.split(separator: ";") {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var text = pair[1].trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
            return text
        }
        return nil
    }

    /// Where `needle` first occurs in `haystack` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var i = from
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
