import ArgumentParser
import KadryCore

struct CatalogCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("CatalogCommand", name: "catalog") }

    @Argument(help: ArgumentHelp(opt("The short name of one service, as in the list."), valueName: "SLUG"))
    var slug: String?

    @OptionGroup var catalog: CatalogOptions

    @OptionGroup var language: LanguageOption

    func run() throws {
        do {
            let catalog = try catalog.load()
            if let slug {
                guard let service = catalog.service(slug) else {
                    let known = catalog.services.map(\.slug).joined(separator: ", ")
                    throw UserError(say(.catNoService, .text(slug), .text(known)))
                }
                print(CatalogText.detail(service, catalog: catalog), terminator: "")
            } else {
                print(CatalogText.list(catalog), terminator: "")
            }
        } catch let error as UserError {
            Terminal.error("kadry catalog: \(error)")
            throw ExitCode(2)
        }
    }
}

enum CatalogText {
    static func list(_ catalog: ServiceCatalog) -> String {
        let width = catalog.services.map(\.slug.count).max() ?? 0
        var out = say(.catServices, .count(catalog.services.count)) + "\n\n"
        for s in catalog.services {
            let count = s.accepts.reduce(0) { $0 + $1.count }
            let accepts = s.accepts.isEmpty ? say(.catNoQualification) : say(.catAccepts, .count(count))
            out += "  \(s.slug.padding(toLength: width, withPad: " ", startingAt: 0))  \(s.name) — \(accepts)\n"
        }
        out += "\n" + say(.catCredentials, .count(catalog.credentials.count)) + "\n\n"
        for c in catalog.credentials {
            let validity = c.validityDays.map { say(.catValidity, .count($0)) } ?? ""
            out += "  \(c.code.padding(toLength: 26, withPad: " ", startingAt: 0))  \(c.name)\(validity)\n"
            if let note = c.correction { out += "  \(String(repeating: " ", count: 26))  \(say(.catCorrection, .text(note)))\n" }
        }
        out += "\n" + say(.catShowOne) + "\n"
        return out
    }

    static func detail(_ s: ServiceCatalog.Service, catalog: ServiceCatalog) -> String {
        var out = "\(s.name) (\(s.slug))\n\n\(s.description)\n\n\(say(.catCompetencies))\n"
        for c in s.competencies { out += "  • \(c)\n" }
        if let note = s.educationNote { out += "\n" + say(.catEducation, .text(note)) + "\n" }
        out += "\n" + say(.catAccepted) + "\n"
        if s.accepts.isEmpty { out += "  " + say(.catNoneRequired) + "\n" }
        for (i, clause) in s.accepts.enumerated() {
            out += "  " + say(i == 0 ? .catOneOf : .catAndOneOf) + "\n"
            for code in clause {
                out += "    \(code)  \(catalog.credential(code)?.name ?? "")\n"
            }
        }
        return out
    }
}
