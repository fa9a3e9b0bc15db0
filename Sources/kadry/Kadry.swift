import ArgumentParser
import KadryCore

@main
struct Kadry: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        let help = Help.of("Kadry", cliLanguage)
        return CommandConfiguration(
            commandName: "kadry",
            abstract: help.abstract,
            discussion: help.discussion ?? "",
            version: KadryVersion.current,
            subcommands: [
            DemoCommand.self, SolveCommand.self, CertifyCommand.self, ExplainCommand.self, WhatifCommand.self, CatalogCommand.self, GenerateCommand.self,
            InitCommand.self, TemplateCommand.self, ImportCommand.self, ExportCommand.self, CloseCommand.self, ReopenCommand.self, DeleteCommand.self, InstanceCommand.self, MatchCommand.self, ProposalsCommand.self,
            ReviewCommand.self, WhyCommand.self, HireCommand.self, RetentionCommand.self, ReportCommand.self, StatusCommand.self,
            TokenCommand.self, UserCommand.self, ServeCommand.self,
        ])
    }
}
