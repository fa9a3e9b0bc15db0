import Foundation
import Hummingbird
import KadryCore
import KadryStore

extension Pages {
    /// The catalogue of services (`kadry catalog`): each service with its competencies and the
    /// qualifications it accepts, by name and code. Everyone's.
    func catalogue(_ session: Session, _ language: Language) -> Response {
        func say(_ key: MessageKey, _ arguments: Message.Argument...) -> String { Message(key, arguments: arguments).text(language) }
        let catalog = api.catalog
        let services: [CatalogueModel.Service] = catalog.services.map { s in
            let clauses = s.accepts.enumerated().map { i, clause in
                CatalogueModel.Clause(title: say(i == 0 ? .catOneOf : .catAndOneOf), credentials: clause.map { code in
                    let credential = catalog.credential(code)
                    let validity = credential?.validityDays.map { say(.catValidity, .count($0)) } ?? ""
                    return "\(credential?.name ?? code) (\(code))\(validity)"
                })
            }
            return CatalogueModel.Service(slug: s.slug, name: s.name, description: s.description, competencies: s.competencies, clauses: clauses,
                                          education: s.educationNote.map { say(.catEducation, .text($0)) },
                                          noneRequired: s.accepts.isEmpty ? say(.catNoneRequired) : nil)
        }
        return page(CatalogueModel(title: say(.pageCatalogue), heading: say(.pageCatalogue), intro: say(.pageCatalogueIntro),
                                   contents: say(.pageContents), competenciesTitle: say(.catCompetencies), acceptedTitle: say(.catAccepted),
                                   services: services),
                    language: language, session: session)
    }
}

/// The catalogue of services: each with its competencies and the qualifications it accepts.
struct CatalogueModel: PageModel {
    static let template = "catalogue"
    var title: String
    var heading: String
    var intro: String
    var contents: String
    var competenciesTitle: String
    var acceptedTitle: String
    var services: [Service]

    struct Service: Encodable {
        var slug: String
        var name: String
        var description: String
        var competencies: [String]
        /// One clause per line: "one of", then "and one of".
        var clauses: [Clause]
        var education: String?
        var noneRequired: String?
    }

    struct Clause: Encodable {
        var title: String
        var credentials: [String]
    }
}
