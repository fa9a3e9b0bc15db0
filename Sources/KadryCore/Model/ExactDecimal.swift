/// A decimal number held exactly as `significand × 10^-scale`, read from a
/// JSON literal. Weights, hours and amounts are compared and multiplied in
/// this form so that results agree with an exact checker to the last unit.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var significand: Int64
    public var scale: Int

    /// The largest scale kept; literals with more fractional digits are rejected.
    public static let maxScale = 12

    public init(significand: Int64, scale: Int = 0) {
        self.significand = significand
        self.scale = scale
        normalise()
    }

    public init(_ value: Int) { self.init(significand: Int64(value)) }

    /// Parses a JSON number literal. Nil when it is not a number or does not
    /// fit 18 significant digits and 12 fractional digits.
    public init?(literal: String) {
        var u = Substring(literal).utf8[...]
        var negative = false
        if u.first == UInt8(ascii: "-") { negative = true; u = u.dropFirst() }
        var mantissa: [UInt8] = []
        var fractionDigits = 0
        var exponent = 0
        var seenPoint = false
        var i = u.startIndex
        while i < u.endIndex {
            let b = u[i]
            if (0x30...0x39).contains(b) {
                mantissa.append(b - 0x30)
                if seenPoint { fractionDigits += 1 }
            } else if b == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                let rest = String(decoding: u[u.index(after: i)...], as: UTF8.self)
                guard let e = Int(rest.hasPrefix("+") ? String(rest.dropFirst()) : rest), abs(e) < 400 else { return nil }
                exponent = e
                break
            } else {
                return nil
            }
            i = u.index(after: i)
        }
        guard !mantissa.isEmpty else { return nil }
        // Drop leading zeros and trailing zeros (moving them into the exponent).
        while mantissa.count > 1, mantissa.first == 0 { mantissa.removeFirst() }
        var scale = fractionDigits - exponent
        while mantissa.count > 1, mantissa.last == 0 { mantissa.removeLast(); scale -= 1 }
        if mantissa == [0] { self.init(significand: 0); return }
        guard mantissa.count <= 18 else { return nil }
        var value: Int64 = 0
        for d in mantissa { value = value * 10 + Int64(d) }
        while scale < 0 {
            let (m, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow, m < 1_000_000_000_000_000_000 else { return nil }
            value = m
            scale += 1
        }
        guard scale <= ExactDecimal.maxScale else { return nil }
        self.init(significand: negative ? -value : value, scale: scale)
    }

    private mutating func normalise() {
        while scale > 0, significand % 10 == 0 {
            significand /= 10
            scale -= 1
        }
        if significand == 0 { scale = 0 }
    }

    public var doubleValue: Double {
        // Correctly rounded, as a reader parsing the literal would get.
        Double(description)!
    }

    public var isInteger: Bool { scale == 0 }

    /// The value times `10^to` as an integer; `to` must be ≥ `scale`.
    public func scaled(to target: Int) -> Int128 {
        Int128(significand) * Pow10.int128(target - scale)
    }

    /// Whether |value| ≤ `limit`.
    public func magnitudeWithin(_ limit: Int) -> Bool {
        Int128(significand.magnitude) <= Int128(limit) * Pow10.int128(scale)
    }

    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        let s = max(lhs.scale, rhs.scale)
        return lhs.scaled(to: s) < rhs.scaled(to: s)
    }

    public var description: String {
        if scale == 0 { return String(significand) }
        let negative = significand < 0
        var digits = String(significand.magnitude)
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        let point = digits.index(digits.endIndex, offsetBy: -scale)
        return (negative ? "-" : "") + digits[..<point] + "." + digits[point...]
    }
}

enum Pow10 {
    static func int128(_ n: Int) -> Int128 {
        precondition(n >= 0 && n <= 38)
        var v: Int128 = 1
        for _ in 0..<n { v *= 10 }
        return v
    }
}

extension Int128 {
    var magnitude128: Int128 { self < 0 ? -self : self }

    /// Division rounding toward negative infinity.
    func floorDivided(by d: Int128) -> Int128 {
        let q = self / d
        return (self % d != 0 && ((self < 0) != (d < 0))) ? q - 1 : q
    }
}
