import ArgumentParser
import KadryCore

@main
struct Kadry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kadry",
        abstract: "Match participants of KIS/CIS programmes to the staffing needs of social cooperatives.",
        discussion: """
            Kadry proposes who could take which job in a social cooperative, either \
            straight away or after a training course that closes their qualification \
            gap in time. Every proposal comes with its score, and every open position \
            and every person left out comes with the reason why.

            Start with `kadry demo` to see it work on a sample register from the Konin \
            subregion and Grudziądz.
            """,
        version: KadryVersion.current,
        subcommands: [
            DemoCommand.self, SolveCommand.self, CertifyCommand.self, ExplainCommand.self, WhatifCommand.self, CatalogCommand.self, GenerateCommand.self,
            InitCommand.self, TemplateCommand.self, ImportCommand.self, ExportCommand.self, CloseCommand.self, ReopenCommand.self, DeleteCommand.self, InstanceCommand.self, MatchCommand.self, ProposalsCommand.self,
            ReviewCommand.self, WhyCommand.self, HireCommand.self, RetentionCommand.self, ReportCommand.self, StatusCommand.self,
            TokenCommand.self, ServeCommand.self,
        ]
    )
}
