import ArgumentParser
import Foundation
import KadryCatalog
import KadryCore
import KadryMatcher
import KadryRegister
import KadryServer
import KadryStore
import Logging

struct DemoCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration { .localized("DemoCommand", name: "demo") }

    @Option(name: .customLong("register"), help: ArgumentHelp(opt("Run on this placement problem instead of the bundled one."), valueName: "INSTANCE.json"))
    var registerPath: String?

    @Flag(help: ArgumentHelp(opt("Serve the web pages on a throwaway copy of the demo register, with one login per role.")))
    var serve = false

    @Option(help: ArgumentHelp(opt("The port to listen on (0: any free port, printed at start)."), valueName: "PORT"))
    var port = 8080

    @OptionGroup var language: LanguageOption

    @OptionGroup var catalog: CatalogOptions

    func run() async throws {
        do {
            let catalog = try catalog.load()
            let path: String
            if let registerPath {
                path = registerPath
            } else if let bundled = BundledCatalog.directory {
                path = bundled.appendingPathComponent("demo/konin-grudziadz.json").path
            } else {
                throw UserError("the bundled demo register is missing next to the program; pass --register FILE")
            }
            if serve {
                try await serveDemo(path, catalog: catalog)
                return
            }
            let instance = try loadInstance(path, catalog: catalog)
            let result = Matcher.match(instance, seatValues: true)
            print(MatchReport.render(result, instance: instance, catalog: catalog, language: cliLanguage), terminator: "")
        } catch let error as UserError {
            Terminal.error("kadry demo: \(error)")
            throw ExitCode(2)
        }
    }

    /// The demo register in a throwaway SQLite file, matched, with one account per role, served on
    /// this machine until Ctrl-C; the file goes with the process.
    func serveDemo(_ path: String, catalog: ServiceCatalog) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kadry-demo-\(Register.newSecret(bytes: 6))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Register.open(path: folder.appendingPathComponent("demo.sqlite").path, create: true)
        let bytes = try readInput(path)
        do {
            try store.nameCommittee("komitet", by: "demo")
            for kind in RecordKind.allCases {
                _ = try store.importRecords(try SheetImport.readJSON(bytes, file: path, kind: kind), vocabulary: catalog.vocabulary, actor: "demo")
            }
            let asOf = (try? loadJSON(path)).flatMap { if case .object(let o) = $0, case .string(let d)? = o["asOf"] { Day(iso: d) } else { nil } }
            _ = try store.match(asOf: asOf, vocabulary: catalog.vocabulary, actor: "demo")
            var logins: [(String, String, String)] = []
            for (organisation, role, login) in [("cis-konin", Role.institution, "cis-konin"), ("ss-blues-hostel", .cooperative, "blues-hostel"),
                                                ("komitet", .committee, "komitet")] {
                let (_, password) = try store.addAccount(login: login, organisation: organisation, role: role, by: "demo")
                logins.append((Message(Pages.roleKey(role)).text(cliLanguage), login, password))
            }
            print(say(.demoServeHeader))
            for (role, login, password) in logins { print("  \(role): \(login) / \(password)") }
        } catch let error as ImportFailure {
            throw UserError(error.problems.map { $0.text(cliLanguage) }.joined(separator: "\n"))
        } catch let error as RegisterError {
            throw UserError(error.text(cliLanguage))
        }
        let api = KadryAPI(register: store, catalog: catalog, limits: ServiceLimits())
        var logger = Logger(label: "kadry-demo")
        logger.logLevel = .warning
        let app = api.application(host: "127.0.0.1", port: port, logger: logger) { bound in
            print(say(.demoServeOpen, .text(String(bound))))
            fflush(nil)  // shown at once, also when standard output is a pipe (nil: every stream)
        }
        try await app.runService()
        try store.close()
    }
}
