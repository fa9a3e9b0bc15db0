import ArgumentParser
import Foundation
import KadryCore
import KadryMatcher

struct CertifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certify",
        abstract: "Check the certificate of a result: the bound its prices prove, worked out again on the problem's own routes.",
        discussion: """
            Exits 0 when the certificate proves the result's bound (or less), 1 when it proves only more \
            or is missing, 2 when a file cannot be read. python3 ../shared/spec/check.py checks the same \
            independently of Kadry.
            """)

    @Argument(help: ArgumentHelp("The placement problem (JSON or .json.gz).", valueName: "INSTANCE.json"))
    var instancePath: String

    @Argument(help: ArgumentHelp("The result with its certificate.", valueName: "RESULT.json"))
    var resultPath: String

    @OptionGroup var catalog: CatalogOptions

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
            Terminal.error("kadry certify: \(resultPath): the result has no certificate")
            throw ExitCode(1)
        }
        let certified: Int64
        do {
            certified = try Certificate.check(document, instance: instance)
        } catch {
            Terminal.error("kadry certify: \(resultPath): \(error)")
            throw ExitCode(1)
        }
        print("bound certified: \(scorer.format(certified))")
        guard case .number(let literal)? = root["bound"], let claimed = ExactDecimal(literal: literal) else {
            Terminal.error("kadry certify: \(resultPath): the result has a certificate but no bound")
            throw ExitCode(1)
        }
        let units = claimed.scale <= scorer.scale ? Int64(clamping: claimed.scaled(to: scorer.scale)) : Int64.max
        guard certified <= units else {
            Terminal.error("kadry certify: the certificate proves only \(scorer.format(certified)), above the claimed bound \(literal)")
            throw ExitCode(1)
        }
        print("the claimed bound \(literal) is proven")
    }
}
