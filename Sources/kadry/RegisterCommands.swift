import ArgumentParser
import Foundation
import KadryCore
import KadryMatcher
import KadryRegister
import KadryStore

/// Where the register is and who is working on it; shared by every register command.
struct RegisterOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(opt("The register file (default: KADRY_DB, then ./kadry.sqlite)."), valueName: "PATH"))
    var path: String?

    @Option(name: .customLong("by"), help: ArgumentHelp(opt("Who does this, for the audit log (default: KADRY_USER, then the login name)."), valueName: "NAME"))
    var actor: String?

    @OptionGroup var language: LanguageOption

    var resolvedPath: String {
        if let path { return path }
        if let env = ProcessInfo.processInfo.environment["KADRY_DB"], !env.isEmpty { return env }
        return "kadry.sqlite"
    }

    var resolvedActor: String {
        let env = ProcessInfo.processInfo.environment
        return actor ?? env["KADRY_USER"] ?? env["USER"] ?? env["LOGNAME"] ?? "unknown"
    }

    /// The register's clock: now, or with `KADRY_TODAY=2027-03-02` that day at the present time of day —
    /// for trying the whole workflow on the sample register in a training session (hires are dated
    /// between their run and today, and retention checks fall due months later). The HTTP service
    /// always keeps real time.
    func clock() throws -> @Sendable () -> Date {
        guard let text = ProcessInfo.processInfo.environment["KADRY_TODAY"], !text.isEmpty else { return { Date() } }
        guard let day = SheetDates.parse(text) else { throw UserError("KADRY_TODAY: „\(text)” — " + say(.cellNotDate, .text(text))) }
        return {
            let now = Date().timeIntervalSince1970
            return Date(timeIntervalSince1970: Double(day.number * 86400) + now.truncatingRemainder(dividingBy: 86400))
        }
    }

    /// Opens the register; `realTime` ignores `KADRY_TODAY` (the HTTP service).
    func open(create: Bool = false, realTime: Bool = false) throws -> Register {
        do {
            var time: @Sendable () -> Date = { Date() }
            if !realTime { time = try clock() }
            return try Register.open(path: resolvedPath, create: create, clock: time)
        } catch let error as RegisterError {
            throw UserError(error.description)
        }
    }
}

/// Runs a register command body, turning the register's refusals into a message and exit status 2.
func registerCommand(_ name: String, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as UserError {
        Terminal.error("kadry \(name): \(error)")
        throw ExitCode(2)
    } catch let error as RegisterError {
        Terminal.error("kadry \(name): \(error.text(cliLanguage))")
        throw ExitCode(2)
    } catch let error as ImportFailure {
        for problem in error.problems.prefix(200) { Terminal.error(problem.text(cliLanguage)) }
        if error.problems.count > 200 { Terminal.error(say(.cliMoreProblems, .count(error.problems.count - 200))) }
        Terminal.error("kadry \(name): " + say(.cliProblems, .count(error.problems.count)))
        throw ExitCode(2)
    }
}

struct InitCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("InitCommand", name: "init") }

    @Option(help: ArgumentHelp(opt("The cooperation committee the register serves (only its tokens carry the committee role)."), valueName: "NAME"))
    var committee: String?

    @OptionGroup var register: RegisterOptions

    func run() throws {
        try registerCommand("init") {
            let existed = FileManager.default.fileExists(atPath: register.resolvedPath)
            let store = try register.open(create: true)
            if let committee { try store.nameCommittee(committee, by: register.resolvedActor) }
            let version = try store.schemaVersion() ?? "?"
            print(say(existed ? .cliInitExisting : .cliInitNew, .text(register.resolvedPath), .text(version)))
        }
    }
}

enum FileFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, json
}

extension RecordKind: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
}

extension TextEncoding: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
}

func delimiterCharacter(_ text: String?) throws -> Character? {
    guard let text else { return nil }
    switch text {
    case ";", ",": return Character(text)
    case "tab", "\\t", "\t": return "\t"
    default: throw UserError("--delimiter must be ';', ',' or 'tab'")
    }
}

struct ImportCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("ImportCommand", name: "import") }

    @Argument(help: ArgumentHelp(opt("What the file holds: institutions, cooperatives, participants, programmes or needs.")))
    var kind: RecordKind

    @Argument(help: ArgumentHelp(opt("The file (.csv or .json)."), valueName: "FILE"))
    var file: String

    @Option(help: ArgumentHelp(opt("csv or json (default: from the file name).")))
    var format: FileFormat?

    @Option(help: ArgumentHelp(opt("The CSV delimiter: ';', ',' or 'tab' (default: what the header row uses)."), valueName: "CHAR"))
    var delimiter: String?

    @Option(help: ArgumentHelp(opt("utf-8, utf-16le, windows-1250 or iso-8859-2 (default: a byte-order mark, else UTF-8 when the bytes are valid UTF-8, else Windows-1250 or ISO-8859-2 by the Polish letters each reads)."), valueName: "NAME"))
    var encoding: TextEncoding?

    @Flag(help: ArgumentHelp(opt("Check the file and say what would change, without writing anything.")))
    var dryRun = false

    @OptionGroup var register: RegisterOptions
    @OptionGroup var catalog: CatalogOptions

    func run() throws {
        try registerCommand("import") {
            let bytes = try readInput(file)
            let name = file == "-" ? "standard input" : file
            let isJSON = (format ?? (file.lowercased().hasSuffix(".json") ? .json : .csv)) == .json
            let batch = isJSON
                ? try SheetImport.readJSON(bytes, file: name, kind: kind)
                : try SheetImport.readCSV(bytes, file: name, kind: kind, encoding: encoding, delimiter: try delimiterCharacter(delimiter))
            let store = try register.open()
            let summary = try store.importRecords(batch, vocabulary: try catalog.load().vocabulary, actor: register.resolvedActor, dryRun: dryRun)
            for note in summary.notes { Terminal.error(say(.cliNote, .text(note.text(cliLanguage)))) }
            print(say(dryRun ? .cliImportedDryRun : .cliImported, .text(name), .message(kind.plural), .count(summary.added.count),
                      .count(summary.updated.count), .count(summary.unchanged)))
        }
    }
}

struct ExportCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("ExportCommand", name: "export") }

    @Argument(help: ArgumentHelp(opt("institutions, cooperatives, participants, programmes or needs.")))
    var kind: RecordKind

    @Option(name: .customLong("out"), help: ArgumentHelp(opt("The file to write (default: standard output)."), valueName: "FILE"))
    var output: String?

    @Option(help: ArgumentHelp(opt("csv or json (default: from the --out file name, else csv).")))
    var format: FileFormat?

    @Option(help: ArgumentHelp(opt("';' (default), ',' or 'tab'."), valueName: "CHAR"))
    var delimiter: String?

    @Option(help: ArgumentHelp(opt("utf-8 (default, with a byte-order mark), windows-1250 or iso-8859-2."), valueName: "NAME"))
    var encoding: TextEncoding = .utf8

    @OptionGroup var register: RegisterOptions

    func run() throws {
        try registerCommand("export") {
            let records = try register.open().records(kind)
            let isJSON = (format ?? ((output ?? "").lowercased().hasSuffix(".json") ? .json : .csv)) == .json
            let bytes: [UInt8]
            if isJSON {
                bytes = Array((JSONWriter.write(.object(JSONObject([(key: kind.rawValue, value: .array(records.map { .object($0) }))]))) + "\n").utf8)
            } else {
                let text = SheetExport.csv(records, kind: kind, delimiter: try delimiterCharacter(delimiter) ?? ";")
                switch TextEncoding.encode(text, as: encoding) {
                case .success(let encoded): bytes = encoded
                case .failure(let error): throw UserError("\(error); export as utf-8 instead")
                }
            }
            if let output {
                try writeAtomically(bytes, to: output)
                Terminal.error(say(.cliExported, .text(output), .message(kind.plural), .count(records.count)))
            } else {
                FileHandle.standardOutput.write(Data(bytes))
            }
        }
    }
}

/// `YYYY-MM-DD` or `DD.MM.YYYY` as an argument.
extension Day: ExpressibleByArgument {
    public init?(argument: String) {
        if let day = Day(iso: argument) {
            self = day
        } else if let day = SheetDates.parse(argument) {
            self = day
        } else {
            return nil
        }
    }
}

struct DeleteCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("DeleteCommand", name: "delete") }

    @Argument(help: ArgumentHelp(opt("institutions, cooperatives, participants, programmes or needs.")))
    var kind: RecordKind

    @Argument(help: ArgumentHelp(opt("The record's id.")))
    var id: String

    @OptionGroup var register: RegisterOptions

    func run() throws {
        try registerCommand("delete") {
            try register.open().deleteRecord(kind, id: id, actor: register.resolvedActor)
            print(say(.cliDeleted, .message(kind.word), .text(id)))
        }
    }
}

struct CloseCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("CloseCommand", name: "close") }

    @Argument(help: ArgumentHelp(opt("participants or needs.")))
    var kind: RecordKind

    @Argument(help: ArgumentHelp(opt("The record's id.")))
    var id: String

    @Option(help: ArgumentHelp(opt("Why the record is closed."), valueName: "REASON"))
    var reason: String

    @Option(help: ArgumentHelp(opt("Free text for the audit log.")))
    var note: String?

    @OptionGroup var register: RegisterOptions

    func validate() throws {
        guard kind.closes else { throw ValidationError("only participants and needs are closed; other records are deleted (`kadry delete`)") }
        guard CloseReason(text: reason, for: kind) != nil else {
            throw ValidationError(say(.closeReasonUnknown, .text(reason), .list(CloseReason.reasons(for: kind).map(\.rawValue))))
        }
    }

    func run() throws {
        try registerCommand("close") {
            let why = CloseReason(text: reason, for: kind)!
            try register.open().close(kind, id: id, reason: why, note: note, actor: register.resolvedActor)
            print(say(.cliClosed, .message(kind.word), .text(id), .message(why.label)))
        }
    }
}

struct ReopenCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("ReopenCommand", name: "reopen") }

    @Argument(help: ArgumentHelp(opt("participants or needs.")))
    var kind: RecordKind

    @Argument(help: ArgumentHelp(opt("The record's id.")))
    var id: String

    @OptionGroup var register: RegisterOptions

    func validate() throws {
        guard kind.closes else { throw ValidationError("only participants and needs are closed") }
    }

    func run() throws {
        try registerCommand("reopen") {
            try register.open().reopen(kind, id: id, actor: register.resolvedActor)
            print(say(.cliReopened, .message(kind.word), .text(id)))
        }
    }
}

struct TemplateCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("TemplateCommand", name: "template") }

    @Argument(help: ArgumentHelp(opt("institutions, cooperatives, participants, programmes or needs.")))
    var kind: RecordKind

    @Option(name: .shortAndLong, help: ArgumentHelp(opt("Where to write it (default: standard output)."), valueName: "FILE"))
    var out: String?

    @OptionGroup var language: LanguageOption

    func run() throws {
        let text = SheetTemplate.csv(kind)
        if let out {
            try writeAtomically([0xEF, 0xBB, 0xBF] + Array(text.utf8), to: out)
        } else {
            print(text, terminator: "")
        }
    }
}
