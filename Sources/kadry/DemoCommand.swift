import ArgumentParser
import Foundation
import KadryCatalog
import KadryCore
import KadryMatcher
import KadryRegister

struct DemoCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        let help = Help.of("DemoCommand", cliLanguage)
        return CommandConfiguration(
            commandName: "demo",
            abstract: help.abstract,
            discussion: help.discussion ?? "")
    }

    @Option(name: .customLong("register"), help: ArgumentHelp(opt("Run on this placement problem instead of the bundled one."), valueName: "INSTANCE.json"))
    var registerPath: String?

    @OptionGroup var language: LanguageOption

    @OptionGroup var catalog: CatalogOptions

    func run() throws {
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
            let instance = try loadInstance(path, catalog: catalog)
            let result = Matcher.match(instance, seatValues: true)
            print(MatchReport.render(result, instance: instance, catalog: catalog, language: cliLanguage), terminator: "")
        } catch let error as UserError {
            Terminal.error("kadry demo: \(error)")
            throw ExitCode(2)
        }
    }
}
