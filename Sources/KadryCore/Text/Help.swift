/// The command line's help: a command's one-line abstract and its longer
/// discussion, in one table per language (`Help+pl.swift`, `Help+en.swift`).
public struct Help: Sendable {
    public var abstract: String
    public var discussion: String?

    /// A command's help in a language (English where the Polish table lacks it).
    public static func of(_ command: String, _ language: Language) -> Help {
        (language == .pl ? polish[command] : english[command]) ?? english[command] ?? Help(abstract: command, discussion: nil)
    }
}
