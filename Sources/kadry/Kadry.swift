import ArgumentParser
import KadryCore

@main
struct Kadry: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        .localized(
            "Kadry", name: "kadry", version: KadryVersion.current,
            subcommands: [
                DemoCommand.self, SolveCommand.self, CertifyCommand.self, ExplainCommand.self, WhatifCommand.self,
                CatalogCommand.self, GenerateCommand.self, InitCommand.self, TemplateCommand.self, ImportCommand.self,
                ExportCommand.self, CloseCommand.self, ReopenCommand.self, DeleteCommand.self, InstanceCommand.self,
                MatchCommand.self, ProposalsCommand.self, ReviewCommand.self, WhyCommand.self, HireCommand.self,
                RetentionCommand.self, ReportCommand.self, StatusCommand.self, TokenCommand.self, UserCommand.self,
                ServeCommand.self,
            ])
    }
}
