import ArgumentParser
import Foundation
import KadryCore
import KadryMatcher

struct CertifyCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("CertifyCommand", name: "certify") }

    @Argument(help: ArgumentHelp(opt("The placement problem (JSON or .json.gz)."), valueName: "INSTANCE.json"))
    var instancePath: String

    @Argument(help: ArgumentHelp(opt("The result with its certificate."), valueName: "RESULT.json"))
    var resultPath: String

    @OptionGroup var catalog: CatalogOptions

    @OptionGroup var language: LanguageOption

    func run() throws {
        let instance: Instance
        let result: JSONValue
        do {
            instance = try loadInstance(instancePath, catalog: try catalog.load())
            result = try loadJSON(resultPath)
        } catch let error as UserError {
            Terminal.error("kadry certify: \(error)")
            throw ExitCode(2)
        }
        let scorer = Scorer(instance: instance)
        guard case .object(let root) = result, let document = root["certificate"] else {
            Terminal.error("kadry certify: " + say(.certNoCertificate, .text(resultPath)))
            throw ExitCode(1)
        }
        let certified: Int64
        do {
            certified = try Certificate.check(document, instance: instance)
        } catch {
            Terminal.error("kadry certify: \(resultPath): \(error)")
            throw ExitCode(1)
        }
        // The same line as check.py's, in every language: scripts read it.
        print("bound certified: \(scorer.format(certified))")
        guard case .number(let literal)? = root["bound"], let claimed = ExactDecimal(literal: literal) else {
            Terminal.error("kadry certify: " + say(.certNoBound, .text(resultPath)))
            throw ExitCode(1)
        }
        let units = claimed.scale <= scorer.scale ? Int64(clamping: claimed.scaled(to: scorer.scale)) : Int64.max
        guard certified <= units else {
            Terminal.error("kadry certify: " + say(.certProvesLess, .text(scorer.format(certified)), .text(literal)))
            throw ExitCode(1)
        }
        print(say(.certProven, .text(literal)))
    }
}
