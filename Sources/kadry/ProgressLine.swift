import Foundation
import KadryCore
import KadryMatcher

/// One line on standard error, rewritten in place, while a long solve runs.
/// Shown only when standard error is a terminal.
final class ProgressLine: Sendable {
    let scorer: Scorer

    init(_ scorer: Scorer) { self.scorer = scorer }

    static func ifTerminal(_ scorer: Scorer) -> ProgressLine? {
        isatty(STDERR_FILENO) != 0 ? ProgressLine(scorer) : nil
    }

    @Sendable func update(_ p: SolverProgress) {
        var line = "\(p.phase.rawValue)"
        if p.phase != .triples {
            if p.parts > 0 { line += say(.progressParts, .count(p.part), .count(p.parts)) }
            line += say(.progressLine, .text(number(scorer.format(p.incumbent))), .text(number(scorer.format(p.bound))),
                        .text(Summary.gap(p.incumbent, p.bound)), .text(number(String(format: "%.1f", p.seconds))))
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
