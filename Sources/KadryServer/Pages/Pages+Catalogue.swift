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
        let services: [[String: Any]] = catalog.services.map { s in
            let clauses: [[String: Any]] = s.accepts.enumerated().map { i, clause in
                ["title": say(i == 0 ? .catOneOf : .catAndOneOf), "credentials": clause.map { code in
                    let credential = catalog.credential(code)
                    let validity = credential?.validityDays.map { say(.catValidity, .count($0)) } ?? ""
                    return "\(credential?.name ?? code) (\(code))\(validity)"
                }]
            }
            var service: [String: Any] = ["slug": s.slug, "name": s.name, "description": s.description, "competencies": s.competencies,
                                          "clauses": clauses]
            // (An empty string still opens a section: a key is set only when there is something to show.)
            if let note = s.educationNote { service["education"] = say(.catEducation, .text(note)) }
            if s.accepts.isEmpty { service["noneRequired"] = say(.catNoneRequired) }
            return service
        }
        return page("catalogue", [
            "title": say(.pageCatalogue), "heading": say(.pageCatalogue), "intro": say(.pageCatalogueIntro), "services": services,
            "contents": say(.pageContents), "competenciesTitle": say(.catCompetencies), "acceptedTitle": say(.catAccepted),
        ], language: language, session: session)
    }
}
