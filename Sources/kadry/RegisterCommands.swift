import ArgumentParser
import Foundation
import KadryCore
import KadryMatcher
import KadryRegister
import KadryStore

/// Where the register is and who is working on it; shared by every register command.
struct RegisterOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp("The register file (default: KADRY_DB, then ./kadry.sqlite).", valueName: "PATH"))
    var path: String?

    @Option(name: .customLong("by"), help: ArgumentHelp("Who does this, for the audit log (default: KADRY_USER, then the login name).", valueName: "NAME"))
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

    func open(create: Bool = false) throws -> Register {
        do {
            return try Register.open(path: resolvedPath, create: create)
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
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create the register (a SQLite file), or bring an existing one's schema up to date.")

    @Option(help: ArgumentHelp("The cooperation committee the register serves (only its tokens carry the committee role).", valueName: "NAME"))
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
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add or update records from a spreadsheet (CSV) or a JSON file.",
        discussion: """
            KIND is institutions, cooperatives, participants, programmes or needs; import them in \
            that order (participants name their institution, needs their cooperative). Records \
            whose id is already in the register are updated. One bad row refuses the whole file: \
            every problem is printed as FILE:LINE:COLUMN: message and nothing is written. The \
            columns are listed in the README; `kadry export KIND` writes a file with all of them.
            """)

    @Argument(help: "What the file holds: institutions, cooperatives, participants, programmes or needs.")
    var kind: RecordKind

    @Argument(help: ArgumentHelp("The file (.csv or .json).", valueName: "FILE"))
    var file: String

    @Option(help: "csv or json (default: from the file name).")
    var format: FileFormat?

    @Option(help: ArgumentHelp("The CSV delimiter: ';', ',' or 'tab' (default: what the header row uses).", valueName: "CHAR"))
    var delimiter: String?

    @Option(help: ArgumentHelp("utf-8, utf-16le, windows-1250 or iso-8859-2 (default: a byte-order mark, else UTF-8 when the bytes are valid UTF-8, else Windows-1250 or ISO-8859-2 by the Polish letters each reads).", valueName: "NAME"))
    var encoding: TextEncoding?

    @Flag(help: "Check the file and say what would change, without writing anything.")
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
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the register's records of one kind as a spreadsheet (CSV) or JSON.",
        discussion: "CSV is written for Polish Excel by default: UTF-8 with a byte-order mark, ';' between cells, decimal commas. `kadry import` reads it back.")

    @Argument(help: "institutions, cooperatives, participants, programmes or needs.")
    var kind: RecordKind

    @Option(name: .customLong("out"), help: ArgumentHelp("The file to write (default: standard output).", valueName: "FILE"))
    var output: String?

    @Option(help: "csv or json (default: from the --out file name, else csv).")
    var format: FileFormat?

    @Option(help: ArgumentHelp("';' (default), ',' or 'tab'.", valueName: "CHAR"))
    var delimiter: String?

    @Option(help: ArgumentHelp("utf-8 (default, with a byte-order mark), windows-1250 or iso-8859-2.", valueName: "NAME"))
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
                Terminal.error("\(output): \(records.count) \(kind)")
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
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete one record from the register (refused while proposals or other records refer to it).")

    @Argument(help: "institutions, cooperatives, participants, programmes or needs.")
    var kind: RecordKind

    @Argument(help: "The record's id.")
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
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Close a need or a participant with a reason: out of later match runs, its history kept.",
        discussion: """
            Needs: filled-elsewhere (obsadzona poza Kadrami), cancelled (odwołana), other. \
            Participants: left-programme (opuścił(a) program), employed-elsewhere, other. \
            Refused while an approved proposal without a hire holds the record; `kadry reopen` undoes a closing.
            """)

    @Argument(help: "participants or needs.")
    var kind: RecordKind

    @Argument(help: "The record's id.")
    var id: String

    @Option(help: ArgumentHelp("Why the record is closed.", valueName: "REASON"))
    var reason: String

    @Option(help: "Free text for the audit log.")
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
    static let configuration = CommandConfiguration(
        commandName: "reopen", abstract: "Open a closed need or participant again.")

    @Argument(help: "participants or needs.")
    var kind: RecordKind

    @Argument(help: "The record's id.")
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
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write an empty spreadsheet of a kind, with Polish column headers and one example row.",
        discussion: "The file opens in Excel (UTF-8 with a byte-order mark, ';'). Replace the example row with your records and import it with `kadry import KIND FILE`.")

    @Argument(help: "institutions, cooperatives, participants, programmes or needs.")
    var kind: RecordKind

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write it (default: standard output).", valueName: "FILE"))
    var out: String?

    func run() throws {
        let text = SheetTemplate.csv(kind)
        if let out {
            try writeAtomically([0xEF, 0xBB, 0xBF] + Array(text.utf8), to: out)
        } else {
            print(text, terminator: "")
        }
    }
}
