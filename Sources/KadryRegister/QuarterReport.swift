import KadryCore

/// A calendar quarter, written `2026Q1`.
public struct Quarter: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var number: Int

    public init?(_ text: String) {
        let parts = text.uppercased().split(separator: "Q")
        guard parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), let q = Int(parts[1]), (1...4).contains(q) else { return nil }
        year = y
        number = q
    }

    public init(containing day: Day) {
        let (y, m, _) = day.components
        year = y
        number = (m - 1) / 3 + 1
    }

    public var first: Day { Day(year: year, month: 3 * number - 2, day: 1)! }
    public var last: Day {
        let month = 3 * number
        return Day(year: year, month: month, day: Day.daysIn(month: month, year: year))!
    }
    public var description: String { "\(year)Q\(number)" }
}

/// The committee's quarterly report on staffing needs ("Sfera 1: Zaspokajanie
/// potrzeb kadrowych realizatorów usług społecznych"), as numbers; the
/// renderer turns it into Markdown or CSV, in Polish or English.
public struct QuarterReport: Sendable {
    public var quarter: Quarter
    public var generatedAt: String

    /// Per service and cooperative: the needs entered in the quarter, the approvals and hires in
    /// the quarter (of any need), and the positions without an approved placement at its end.
    /// Approvals and hires add up to the institutions table's.
    public struct NeedRow: Sendable, Equatable {
        public var service: String
        public var serviceName: String
        public var cooperative: String
        public var cooperativeName: String
        public var needs: Int
        public var positions: Int
        public var filledDirect: Int
        public var filledViaTraining: Int
        public var hired: Int
        /// Positions of the needs open at the quarter's end with no placement approved by then.
        public var open: Int

        public init(service: String, serviceName: String, cooperative: String, cooperativeName: String, needs: Int, positions: Int,
                    filledDirect: Int, filledViaTraining: Int, hired: Int, open: Int) {
            self.open = open
            self.service = service
            self.serviceName = serviceName
            self.cooperative = cooperative
            self.cooperativeName = cooperativeName
            self.needs = needs
            self.positions = positions
            self.filledDirect = filledDirect
            self.filledViaTraining = filledViaTraining
            self.hired = hired
        }
    }

    /// Programmes running in the quarter: seats, and the seats approved placements use.
    public struct ProgrammeRow: Sendable, Equatable {
        public var id: String
        public var title: String
        public var start: String
        public var end: String
        public var seats: Int
        public var used: Int
        public var hired: Int

        public init(id: String, title: String, start: String, end: String, seats: Int, used: Int, hired: Int) {
            self.id = id
            self.title = title
            self.start = start
            self.end = end
            self.seats = seats
            self.used = used
            self.hired = hired
        }
    }

    /// Per institution: its participants, and what the quarter's runs and decisions did for them.
    public struct InstitutionRow: Sendable, Equatable {
        public var id: String
        public var name: String
        public var participants: Int
        public var proposed: Int
        public var approved: Int
        public var rejected: Int
        public var hired: Int

        public init(id: String, name: String, participants: Int, proposed: Int, approved: Int, rejected: Int, hired: Int) {
            self.id = id
            self.name = name
            self.participants = participants
            self.proposed = proposed
            self.approved = approved
            self.rejected = rejected
            self.hired = hired
        }
    }

    /// Decisions taken in the quarter by kind and reason, for one organisation (or all).
    public struct DecisionTally: Sendable, Equatable {
        public var organisation: String?
        public var decision: String
        public var reason: String
        public var count: Int

        public init(organisation: String?, decision: String, reason: String, count: Int) {
            self.organisation = organisation
            self.decision = decision
            self.reason = reason
            self.count = count
        }
    }

    /// Retention checks due by the quarter's end: how many were recorded and how many were still employed.
    public struct RetentionRow: Sendable, Equatable {
        public var months: Int
        public var due: Int
        public var recorded: Int
        public var employed: Int

        public init(months: Int, due: Int, recorded: Int, employed: Int) {
            self.months = months
            self.due = due
            self.recorded = recorded
            self.employed = employed
        }
    }

    /// A need the newest run (by the quarter's end) left open, and why.
    public struct OpenNeedRow: Sendable, Equatable {
        public var need: String
        public var title: String
        public var cooperative: String
        /// The cooperative's name, for people to read (its id where the register lacks it).
        public var cooperativeName: String = ""
        public var open: Int
        public var reasons: [String]
        /// The same reasons in Polish.
        public var reasonsPolish: [String]

        public init(need: String, title: String, cooperative: String, open: Int, reasons: [String], reasonsPolish: [String]) {
            self.need = need
            self.title = title
            self.cooperative = cooperative
            self.open = open
            self.reasons = reasons
            self.reasonsPolish = reasonsPolish
        }
    }

    public var needs: [NeedRow] = []
    public var programmes: [ProgrammeRow] = []
    public var institutions: [InstitutionRow] = []
    public var decisions: [DecisionTally] = []
    public var decisionsByCooperative: [DecisionTally] = []
    public var decisionsByInstitution: [DecisionTally] = []
    public var retention: [RetentionRow] = []
    public var openNeeds: [OpenNeedRow] = []
    /// The run the open needs come from: id and as-of date.
    public var run: (id: Int64, asOf: String)?

    public init(quarter: Quarter, generatedAt: String) {
        self.quarter = quarter
        self.generatedAt = generatedAt
    }
}
