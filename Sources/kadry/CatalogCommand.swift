import ArgumentParser
import KadryCore

struct CatalogCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        let help = Help.of("CatalogCommand", cliLanguage)
        return CommandConfiguration(
            commandName: "catalog",
            abstract: help.abstract,
            discussion: help.discussion ?? "")
    }

    @Argument(help: ArgumentHelp("The short name of one service, as in the list.", valueName: "SLUG"))
    var slug: String?

    @OptionGroup var catalog: CatalogOptions

    @OptionGroup var language: LanguageOption

    func run() throws {
        do {
            let catalog = try catalog.load()
            if let slug {
                guard let service = catalog.service(slug) else {
                    let known = catalog.services.map(\.slug).joined(separator: ", ")
                    throw UserError("no service \"\(slug)\" in the catalogue; known: \(known)")
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
        var out = "Social services (\(catalog.services.count)):\n\n"
        for s in catalog.services {
            let count = s.accepts.reduce(0) { $0 + $1.count }
            let accepts = s.accepts.isEmpty ? "no formal qualification" : "accepts \(count) qualification\(count == 1 ? "" : "s")"
            out += "  \(s.slug.padding(toLength: width, withPad: " ", startingAt: 0))  \(s.name) — \(accepts)\n"
        }
        out += "\nQualifications and certificates (\(catalog.credentials.count)):\n\n"
        for c in catalog.credentials {
            let validity = c.validityDays.map { ", valid \($0) days" } ?? ""
            out += "  \(c.code.padding(toLength: 26, withPad: " ", startingAt: 0))  \(c.name)\(validity)\n"
            if let note = c.correction { out += "  \(String(repeating: " ", count: 26))  (correction: \(note))\n" }
        }
        out += "\nShow one service with: kadry catalog SLUG\n"
        return out
    }

    static func detail(_ s: ServiceCatalog.Service, catalog: ServiceCatalog) -> String {
        var out = "\(s.name) (\(s.slug))\n\n\(s.description)\n\nExpected competencies:\n"
        for c in s.competencies { out += "  • \(c)\n" }
        if let note = s.educationNote { out += "\nEducation: \(note)\n" }
        out += "\nAccepted qualifications:\n"
        if s.accepts.isEmpty { out += "  no formal qualification required\n" }
        for (i, clause) in s.accepts.enumerated() {
            out += i == 0 ? "  one of:\n" : "  and one of:\n"
            for code in clause {
                out += "    \(code)  \(catalog.credential(code)?.name ?? "")\n"
            }
        }
        return out
    }
}
