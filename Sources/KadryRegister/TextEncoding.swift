import KadryCore

/// The text encodings spreadsheets arrive in: UTF-8 (with or without the
/// byte-order mark Excel writes), UTF-16 ("Unicode text"), Windows-1250,
/// the code page of Polish Windows and of Excel's plain "CSV" export, and
/// ISO-8859-2 (Latin-2, older Unix and web systems).
public enum TextEncoding: String, Sendable, CaseIterable, CustomStringConvertible {
    case utf8 = "utf-8"
    case utf16LittleEndian = "utf-16le"
    case windows1250 = "windows-1250"
    case iso88592 = "iso-8859-2"

    public var description: String { rawValue }

    /// Accepts the usual spellings: utf8, UTF-8, cp1250, windows-1250, win1250.
    public init?(name: String) {
        switch name.lowercased().filter({ $0 != "-" && $0 != "_" }) {
        case "utf8": self = .utf8
        case "utf16", "utf16le", "unicode": self = .utf16LittleEndian
        case "cp1250", "windows1250", "win1250": self = .windows1250
        case "iso88592", "latin2", "iso2": self = .iso88592
        default: return nil
        }
    }

    /// Decodes a file's bytes. Without a declared encoding: a byte-order mark
    /// decides; otherwise bytes that are valid UTF-8 are UTF-8, and anything
    /// else is taken as Windows-1250 (every byte sequence is valid there).
    public static func decode(_ bytes: [UInt8], as declared: TextEncoding? = nil) -> (text: String, encoding: TextEncoding)? {
        let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]
        let hasUTF8BOM = bytes.starts(with: utf8BOM)
        let hasUTF16BOM = bytes.starts(with: [0xFF, 0xFE])
        switch declared ?? (hasUTF16BOM ? .utf16LittleEndian : (hasUTF8BOM ? .utf8 : nil)) {
        case .utf8:
            let body = hasUTF8BOM ? Array(bytes.dropFirst(3)) : bytes
            return validUTF8(body).map { ($0, .utf8) }
        case .utf16LittleEndian:
            let body = hasUTF16BOM ? bytes.dropFirst(2) : bytes[...]
            guard body.count % 2 == 0 else { return nil }
            var units: [UInt16] = []
            units.reserveCapacity(body.count / 2)
            var i = body.startIndex
            while i < body.endIndex {
                units.append(UInt16(body[i]) | UInt16(body[i + 1]) << 8)
                i += 2
            }
            return transcoded(units, UTF16.self).map { ($0, .utf16LittleEndian) }
        case .windows1250:
            return (windows1250(bytes), .windows1250)
        case .iso88592:
            return (singleByte(bytes, iso88592High), .iso88592)
        case nil:
            if let text = validUTF8(bytes) { return (text, .utf8) }
            return (windows1250(bytes), .windows1250)
        }
    }

    /// Encodes text for writing: UTF-8 with a byte-order mark (so Excel
    /// recognises it), or Windows-1250; nil names a character the code page lacks.
    public static func encode(_ text: String, as encoding: TextEncoding) -> Result<[UInt8], UnencodableCharacter> {
        switch encoding {
        case .utf8:
            return .success([0xEF, 0xBB, 0xBF] + Array(text.utf8))
        case .utf16LittleEndian:
            var out: [UInt8] = [0xFF, 0xFE]
            for unit in text.utf16 { out += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
            return .success(out)
        case .iso88592:
            return singleByte(text, iso88592Byte, .iso88592)
        case .windows1250:
            return singleByte(text, windows1250Byte, .windows1250)
        }
    }

    /// Text in a code page: ASCII as it is, the rest through the page's table; nil names a character it lacks.
    private static func singleByte(_ text: String, _ bytes: [UInt32: UInt8], _ encoding: TextEncoding) -> Result<[UInt8], UnencodableCharacter> {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.value < 0x80 {
                out.append(UInt8(scalar.value))
            } else if let byte = bytes[scalar.value] {
                out.append(byte)
            } else {
                return .failure(UnencodableCharacter(character: Character(scalar), encoding: encoding))
            }
        }
        return .success(out)
    }

    public struct UnencodableCharacter: Error, Sendable, CustomStringConvertible {
        public var character: Character
        public var encoding: TextEncoding = .windows1250
        public var description: String { "\"\(character)\" cannot be written in \(encoding == .iso88592 ? "ISO-8859-2" : "Windows-1250")" }
    }

    private static func validUTF8(_ bytes: [UInt8]) -> String? { transcoded(bytes, UTF8.self) }

    /// The text the code units spell, or nil at the first invalid sequence.
    private static func transcoded<Codec: UnicodeCodec>(_ units: [Codec.CodeUnit], _ codec: Codec.Type) -> String? {
        var scalars = String.UnicodeScalarView()
        var iterator = units.makeIterator()
        var decoder = Codec()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): scalars.append(s)
            case .emptyInput: return String(scalars)
            case .error: return nil
            }
        }
    }

    private static func windows1250(_ bytes: [UInt8]) -> String { singleByte(bytes, windows1250High) }

    private static func singleByte(_ bytes: [UInt8], _ high: [UInt16]) -> String {
        var scalars = String.UnicodeScalarView()
        for b in bytes {
            let value = b < 0x80 ? UInt32(b) : UInt32(high[Int(b) - 0x80])
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(scalars)
    }

    /// Bytes 0x80…0xFF of ISO-8859-2 as Unicode (0x80…0x9F are control characters).
    private static let iso88592High: [UInt16] = [
        0x0080, 0x0081, 0x0082, 0x0083, 0x0084, 0x0085, 0x0086, 0x0087,
        0x0088, 0x0089, 0x008A, 0x008B, 0x008C, 0x008D, 0x008E, 0x008F,
        0x0090, 0x0091, 0x0092, 0x0093, 0x0094, 0x0095, 0x0096, 0x0097,
        0x0098, 0x0099, 0x009A, 0x009B, 0x009C, 0x009D, 0x009E, 0x009F,
        0x00A0, 0x0104, 0x02D8, 0x0141, 0x00A4, 0x013D, 0x015A, 0x00A7,
        0x00A8, 0x0160, 0x015E, 0x0164, 0x0179, 0x00AD, 0x017D, 0x017B,
        0x00B0, 0x0105, 0x02DB, 0x0142, 0x00B4, 0x013E, 0x015B, 0x02C7,
        0x00B8, 0x0161, 0x015F, 0x0165, 0x017A, 0x02DD, 0x017E, 0x017C,
        0x0154, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7,
        0x010C, 0x00C9, 0x0118, 0x00CB, 0x011A, 0x00CD, 0x00CE, 0x010E,
        0x0110, 0x0143, 0x0147, 0x00D3, 0x00D4, 0x0150, 0x00D6, 0x00D7,
        0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF,
        0x0155, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7,
        0x010D, 0x00E9, 0x0119, 0x00EB, 0x011B, 0x00ED, 0x00EE, 0x010F,
        0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7,
        0x0159, 0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9,

    ]

    /// The bytes that are Polish letters in one of the two code pages and not in the other:
    /// Ą ą Ś ś Ź ź sit elsewhere in each (ISO-8859-2's read as Windows-1250 give ˇ ± ¦ ¶ ¬ Ľ;
    /// Windows-1250's read as ISO-8859-2 give control characters, Ľ and š).
    static let polishOnlyInWindows1250: Set<UInt8> = [0xA5, 0xB9, 0x8C, 0x9C, 0x8F, 0x9F]
    static let polishOnlyInISO88592: Set<UInt8> = [0xA1, 0xB1, 0xA6, 0xB6, 0xAC, 0xBC]

    /// Decodes a spreadsheet, telling Windows-1250 from ISO-8859-2 by the Polish letters each
    /// would make. Refused, with the words why: bytes that are neither UTF-8 nor one code page
    /// consistently, or a declared code page that reads letters Polish text never holds.
    public static func decodeSheet(_ bytes: [UInt8], as declared: TextEncoding?) -> Result<(text: String, encoding: TextEncoding), Message> {
        var inWindows = 0, inISO = 0
        var firstWindows: Int?, firstISO: Int?
        for (i, b) in bytes.enumerated() where b >= 0x80 {
            if polishOnlyInWindows1250.contains(b) {
                inWindows += 1
                if firstWindows == nil { firstWindows = i }
            }
            if polishOnlyInISO88592.contains(b) {
                inISO += 1
                if firstISO == nil { firstISO = i }
            }
        }
        /// The line of a byte, and that line as an encoding reads it.
        func line(at offset: Int, _ encoding: TextEncoding) -> (number: Int, text: String) {
            let start = bytes[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let end = bytes[offset...].firstIndex(of: 0x0A) ?? bytes.count
            var slice = Array(bytes[start..<end])
            if slice.last == 0x0D { slice.removeLast() }
            let text = encoding == .iso88592 ? singleByte(slice, iso88592High) : windows1250(slice)
            return (bytes[..<start].count { $0 == 0x0A } + 1, String(text.prefix(80)))
        }
        switch declared {
        case .windows1250? where inISO > 0 && inWindows == 0:
            let l = line(at: firstISO!, .windows1250)
            return .failure(Message(.encodingMisread, "Windows-1250", .text(String(l.number)), .text(l.text)))
        case .iso88592? where inWindows > 0 && inISO == 0:
            let l = line(at: firstWindows!, .iso88592)
            return .failure(Message(.encodingMisread, "ISO-8859-2", .text(String(l.number)), .text(l.text)))
        case nil:
            let hasBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF]) || bytes.starts(with: [0xFF, 0xFE])
            if !hasBOM, validUTF8(bytes) == nil {
                if inISO > 0 && inWindows > 0 {
                    let at = min(firstISO!, firstWindows!)
                    let a = line(at: at, .windows1250), b = line(at: at, .iso88592)
                    return .failure(Message(.encodingAmbiguous, .text(String(a.number)), .text(a.text), .text(b.text)))
                }
                if inISO > 0 { return .success((singleByte(bytes, iso88592High), .iso88592)) }
            }
        default:
            break
        }
        guard let decoded = decode(bytes, as: declared) else {
            return .failure(Message(.verbatim, .text("the file is not valid \(declared?.description ?? "text")")))
        }
        return .success(decoded)
    }

    /// Bytes 0x80…0xFF of Windows-1250 as Unicode (0xFFFD where the code page defines none).
    private static let windows1250High: [UInt16] = [
        0x20AC, 0xFFFD, 0x201A, 0xFFFD, 0x201E, 0x2026, 0x2020, 0x2021,
        0xFFFD, 0x2030, 0x0160, 0x2039, 0x015A, 0x0164, 0x017D, 0x0179,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0xFFFD, 0x2122, 0x0161, 0x203A, 0x015B, 0x0165, 0x017E, 0x017A,
        0x00A0, 0x02C7, 0x02D8, 0x0141, 0x00A4, 0x0104, 0x00A6, 0x00A7,
        0x00A8, 0x00A9, 0x015E, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x017B,
        0x00B0, 0x00B1, 0x02DB, 0x0142, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
        0x00B8, 0x0105, 0x015F, 0x00BB, 0x013D, 0x02DD, 0x013E, 0x017C,
        0x0154, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7,
        0x010C, 0x00C9, 0x0118, 0x00CB, 0x011A, 0x00CD, 0x00CE, 0x010E,
        0x0110, 0x0143, 0x0147, 0x00D3, 0x00D4, 0x0150, 0x00D6, 0x00D7,
        0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF,
        0x0155, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7,
        0x010D, 0x00E9, 0x0119, 0x00EB, 0x011B, 0x00ED, 0x00EE, 0x010F,
        0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7,
        0x0159, 0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9,
    ]

    private static let windows1250Byte = byteTable(windows1250High)
    private static let iso88592Byte = byteTable(iso88592High)

    /// A code page's bytes 0x80…0xFF by the character each stands for (0xFFFD: none).
    private static func byteTable(_ high: [UInt16]) -> [UInt32: UInt8] {
        var map: [UInt32: UInt8] = [:]
        for (i, value) in high.enumerated() where value != 0xFFFD { map[UInt32(value)] = UInt8(0x80 + i) }
        return map
    }
}
