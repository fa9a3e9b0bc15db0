import ArgumentParser
import KadryCore

extension InstanceGenerator.Shape: ExpressibleByArgument {}

struct GenerateCommand: ParsableCommand {
    static var configuration: CommandConfiguration { .localized("GenerateCommand", name: "generate") }

    @Option(help: ArgumentHelp(opt("How many participants."))) var participants: Int = 200
    @Option(help: ArgumentHelp(opt("How many staffing needs."))) var needs: Int = 40
    @Option(help: ArgumentHelp(opt("How many training cohorts."))) var programmes: Int = 10
    @Option(help: ArgumentHelp(opt("Seed: the same seed gives the same problem."))) var seed: UInt64 = 1
    @Option(help: ArgumentHelp(opt("sparse (towns across Poland), clustered (a town per 700 participants) or dense (a town per 4,000, everyone there in reach).")))
    var shape: InstanceGenerator.Shape = .sparse
    @Option(name: .customLong("out"), help: ArgumentHelp(opt("Write here instead of standard output."), valueName: "FILE"))
    var outPath: String?

    func validate() throws {
        guard participants >= 0, needs >= 0, programmes >= 0 else { throw ValidationError("counts must not be negative") }
    }

    @OptionGroup var language: LanguageOption

    func run() throws {
        var generator = InstanceGenerator(participants: participants, needs: needs, programmes: programmes, seed: seed)
        generator.shape = shape
        let document = generator.generate()
        let text = JSONWriter.write(document, indent: nil) + "\n"
        if let outPath {
            do { try writeAtomically(text, to: outPath) } catch let error as UserError {
                Terminal.error("kadry generate: \(error)")
                throw ExitCode(2)
            }
        } else {
            print(text, terminator: "")
        }
    }
}
