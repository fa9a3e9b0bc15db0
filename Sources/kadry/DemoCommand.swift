import ArgumentParser
import Foundation
import KadryCatalog
import KadryCore
import KadryMatcher
import KadryRegister

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "See Kadry at work on a sample register from the Konin subregion and Grudziądz.",
        discussion: """
            Runs the matcher on a bundled register: the social cooperatives of the \
            Energia społeczna pilots (Spektrum, Blues Hostel, Nasza Przyszłość, Razem do \
            sukcesu, Ale Smacznie, Buszkowo, Poryw, Sport i Rehabilitacja) and one in \
            Grudziądz, participants of CIS Konin, KIS Kramsk and KIS Źródło, and a few \
            training courses. Prints each proposed placement with its route and score, \
            each open position and each person left out, with the reason, in Polish \
            (or English with --lang en).
            """
    )

    @Option(name: .customLong("register"), help: ArgumentHelp("Run on this placement problem instead of the bundled one.", valueName: "INSTANCE.json"))
    var registerPath: String?

    @Option(help: "The language of the text: pl (Polish) or en (English).")
    var lang: ReportRenderer.Language = .pl

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
            print(MatchReport.render(result, instance: instance, catalog: catalog, language: lang), terminator: "")
        } catch let error as UserError {
            Terminal.error("kadry demo: \(error)")
            throw ExitCode(2)
        }
    }
}
