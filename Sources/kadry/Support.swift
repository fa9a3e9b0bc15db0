import ArgumentParser
import Foundation
import KadryCatalog
import KadryCore

/// A message for the person at the terminal and a non-zero exit, without a stack trace.
struct UserError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The language of this run of kadry: `--lang`, else `KADRY_LANG`, else Polish. Read from the
/// arguments at start, so that help and every message speak it, whichever command runs.
let cliLanguage: Language = {
    let arguments = CommandLine.arguments
    for (i, argument) in arguments.enumerated() {
        if argument.hasPrefix("--lang="), let l = Language(rawValue: String(argument.dropFirst(7))) { return l }
        if argument == "--lang", i + 1 < arguments.count, let l = Language(rawValue: arguments[i + 1]) { return l }
    }
    return ProcessInfo.processInfo.environment["KADRY_LANG"].flatMap(Language.init(rawValue:)) ?? .pl
}()

extension CommandConfiguration {
    /// A command's configuration with its help in this run's language (the Help tables, by the command's type name).
    static func localized(_ command: String, name: String, version: String = "", subcommands: [any ParsableCommand.Type] = []) -> CommandConfiguration {
        let help = Help.of(command, cliLanguage)
        return CommandConfiguration(commandName: name, abstract: help.abstract, discussion: help.discussion ?? "", version: version, subcommands: subcommands)
    }
}

/// A message of the tables in this run's language.
func say(_ key: MessageKey, _ arguments: Message.Argument...) -> String { Message(key, arguments: arguments).text(cliLanguage) }

/// The language option every command takes (its value is read at start: `cliLanguage`).
struct LanguageOption: ParsableArguments {
    @Option(name: .customLong("lang"), help: ArgumentHelp(opt("pl (default) or en; also KADRY_LANG."), valueName: "pl|en"))
    var value: Language?
}

enum Terminal {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}

/// Reads a file, or standard input for "-".
func readInput(_ path: String) throws -> [UInt8] {
    if path == "-" { return [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw UserError(say(.cliCannotRead, .text(path)))
    }
    return [UInt8](data)
}

/// Writes a file all at once: a temporary file renamed into place, so a
/// reader never sees half a result.
func writeAtomically(_ text: String, to path: String) throws {
    try writeAtomically(Array(text.utf8), to: path)
}

func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    let url = URL(fileURLWithPath: path)
    do {
        try Data(bytes).write(to: url, options: .atomic)
    } catch {
        throw UserError(say(.cliCannotWrite, .text(path), .text(error.localizedDescription)))
    }
}

/// Loads the social-services catalogue: `--catalog DIR`, then `KADRY_CATALOG`,
/// then the copy built into the program.
struct CatalogOptions: ParsableArguments {
    @Option(name: .customLong("catalog"), help: ArgumentHelp(opt("A folder with services.json and credentials.json to use instead of the built-in catalogue."), valueName: "DIR"))
    var directory: String?

    func load() throws -> ServiceCatalog {
        let dir: String
        if let directory {
            dir = directory
        } else if let env = ProcessInfo.processInfo.environment["KADRY_CATALOG"], !env.isEmpty {
            dir = env
        } else if let bundled = BundledCatalog.directory {
            dir = bundled.path
        } else {
            throw UserError("the built-in catalogue is missing next to the program; pass --catalog DIR")
        }
        let services = "\(dir)/services.json"
        let credentials = "\(dir)/credentials.json"
        do {
            let catalog = try ServiceCatalog.load(
                services: try readInput(services), file: "services.json",
                credentials: try readInput(credentials), file: "credentials.json")
            // The gazetteer is optional: a catalogue folder without it takes places as coordinates only.
            let places = "\(dir)/places.csv"
            guard FileManager.default.fileExists(atPath: places) else { return catalog }
            return try catalog.with(places: try readInput(places), file: "places.csv")
        } catch let error as CatalogError {
            throw UserError("the catalogue is broken:\n" + error.problems.map { "  \($0)" }.joined(separator: "\n"))
        }
    }
}

/// Reads and validates an instance (plain or gzipped JSON), printing every problem with its path.
func loadInstance(_ path: String, catalog: ServiceCatalog) throws -> Instance {
    var bytes = try readInput(path)
    if isGzip(bytes) { bytes = try gunzip(bytes, name: path == "-" ? "standard input" : path) }
    do {
        let instance = try InstanceReader(vocabulary: catalog.vocabulary).read(bytes)
        for warning in instance.warnings { Terminal.error("warning: \(warning)") }
        return instance
    } catch {
        let name = path == "-" ? "standard input" : path
        for problem in error.problems { Terminal.error("\(name): \(problem.text(cliLanguage))") }
        throw UserError("\(name): the instance is not valid (\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s")); nothing was written")
    }
}

/// Reads a JSON file (plain or gzipped), or says where it is malformed.
func loadJSON(_ path: String) throws -> JSONValue {
    var bytes = try readInput(path)
    if isGzip(bytes) { bytes = try gunzip(bytes, name: path) }
    do {
        return try JSONParser.parse(bytes)
    } catch {
        throw UserError("\(path): \(error)")
    }
}

/// An option's help in this run's language (the Polish from the help table, by its English words).
func opt(_ english: String) -> String { Help.option(english, cliLanguage) }
