import KadryCore
import KadryRegister
import KadryStore

private func number(_ v: Int) -> JSONValue { .number(String(v)) }
private func number(_ v: Double) -> JSONValue { .number(v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)) }

extension KadryAPI {
    func serviceJSON(_ s: ServiceCatalog.Service) -> JSONValue {
        [
            "slug": .string(s.slug), "name": .string(s.name), "description": .string(s.description),
            "accepts": .array(s.accepts.map { .array($0.map { .string($0) }) }),
        ]
    }

    /// A run as the caller's role may see it: the committee all of it; an institution or a
    /// cooperative when it ran and its own share, not who ran it nor the register's figures.
    func runJSON(_ r: RunSummary, for identity: Identity) throws -> JSONValue {
        if identity.role == .committee { return runJSON(r) }
        let share = identity.role == .institution
            ? try register.share(of: r.id, institution: identity.organisation)
            : try register.share(of: r.id, cooperative: identity.organisation)
        var o: JSONObject = ["id": .number(String(r.id)), "startedAt": .string(r.startedAt), "asOf": .string(r.asOf)]
        o["proposals"] = number(share.proposals)
        if let open = share.openPositions { o["openPositions"] = number(open) }
        return .object(o)
    }

    func runJSON(_ r: RunSummary) -> JSONValue {
        var o: JSONObject = [
            "id": .number(String(r.id)), "startedAt": .string(r.startedAt), "asOf": .string(r.asOf),
            "instanceSha256": .string(r.instanceSHA256), "objective": number(r.objective),
        ]
        o["bound"] = r.bound.map(number) ?? .null
        o["provenOptimal"] = .bool(r.proven)
        o["proposals"] = number(r.placements)
        o["openPositions"] = number(r.openPositions)
        o["seconds"] = .number(String(r.seconds))
        o["runBy"] = .string(r.runBy)
        return .object(o)
    }

    /// A proposal as the caller's role may see it. The committee and the
    /// participant's institution see who it is; a cooperative sees a
    /// pseudonymised candidate profile, and the institution's reference for
    /// contact only once the committee has approved.
    /// The newest run's word on a record, in the caller's language; a cooperative's reasons name no candidate.
    func reasonsJSON(_ answer: WhyAnswer, for identity: Identity, language: Language) -> JSONValue {
        var o = JSONObject()
        o["run"] = answer.run.map { .number(String($0.id)) } ?? .null
        o["asOf"] = answer.run.map { .string($0.asOf.description) } ?? .null
        o["proposals"] = .array(answer.proposals.map { proposalJSON($0, for: identity) })
        o["open"] = answer.open.map { .number(String($0)) } ?? .null
        let reasons = identity.role == .cooperative ? answer.reasonsWithoutExamples : answer.reasons
        o["reasons"] = .array(reasons.map { .string(language == .pl ? $0.pl : $0.en) })
        o["note"] = answer.note.map { .string($0.text(language)) } ?? (answer.run == nil ? .string(Message(.whyNoRun).text(language)) : .null)
        return .object(o)
    }

    func proposalJSON(_ p: ProposalView, for identity: Identity) -> JSONValue {
        var o: JSONObject = ["id": .number(String(p.id)), "run": .number(String(p.run)), "status": .string(p.status),
                             "statusAt": .string(p.statusAt)]
        o["need"] = ["id": .string(p.need), "title": .string(p.needTitle), "cooperative": .string(p.cooperative), "service": .string(p.service)]
        o["programme"] = p.programme.map { ["id": .string($0), "title": .string(p.programmeTitle ?? "")] } ?? .null
        o["stale"] = .bool(p.stale)
        o["hiredOn"] = p.hiredOn.map { .string($0) } ?? .null
        if identity.role == .cooperative {
            // The urgency term tells when the person's programme ends, the distance term (and the total,
            // which holds both) where they live; a cooperative sees the terms of its need and the course only.
            o["terms"] = .object(JSONObject(p.terms.filter { Self.cooperativeTerms.contains($0.name) }.map { (key: $0.name, value: .number($0.value)) }))
        } else {
            o["score"] = number(p.score)
            o["terms"] = .object(JSONObject(p.terms.map { (key: $0.name, value: .number($0.value)) }))
        }
        if identity.role == .cooperative {
            o["candidate"] = candidateProfile(p)
            o["contact"] = p.status == "approved"
                ? ["institution": .string(p.institution), "reference": p.reference.map { .string($0) } ?? .null] : .null
        } else {
            var participant: JSONObject = ["id": .string(p.participant), "institution": .string(p.institution)]
            participant["reference"] = p.reference.map { .string($0) } ?? .null
            o["participant"] = .object(participant)
        }
        return .object(o)
    }

    /// The score terms a cooperative sees: those of its need and of the course, none of the person's.
    static let cooperativeTerms: Set<String> = ["priority", "preference", "training", "cost"]

    /// What a cooperative may know of a candidate: the credentials' codes (not when they were
    /// obtained), availability, hours, education, licence, clearances, and the distance in whole km
    /// as it was when the run was made — nothing that changes when the cooperative edits its need,
    /// no id, no reference, no institution.
    func candidateProfile(_ p: ProposalView) -> JSONValue {
        guard case .object(let person)? = try? JSONParser.parse(p.participantData) else { return .null }
        var o = JSONObject()
        if case .array(let held)? = person["credentials"] {
            o["credentials"] = .array(held.compactMap { if case .object(let c) = $0 { c["code"] } else { nil } })
        }
        for key in ["availableFrom", "hoursPerWeek", "education", "drivingLicence", "clearances"] {
            if let value = person[key] { o[key] = value }
        }
        o["distanceKm"] = p.distanceKm.map { .number(String($0)) } ?? .null
        return .object(o)
    }
}

/// The quarterly report as JSON (the same numbers `kadry report` renders).
enum ReportJSON {
    static func document(_ r: QuarterReport) -> JSONValue {
        func tallies(_ list: [QuarterReport.DecisionTally], _ key: String?) -> JSONValue {
            .array(list.map { t in
                var o: JSONObject = [:]
                if let key { o[key] = t.organisation.map { .string($0) } ?? .null }
                o["decision"] = .string(t.decision)
                o["reason"] = .string(t.reason)
                o["count"] = number(t.count)
                return .object(o)
            })
        }
        var o: JSONObject = ["quarter": .string(r.quarter.description), "from": .string(r.quarter.first.description),
                             "to": .string(r.quarter.last.description), "generatedAt": .string(r.generatedAt)]
        o["needs"] = .array(r.needs.map { n in
            ["service": .string(n.service), "serviceName": .string(n.serviceName), "cooperative": .string(n.cooperative),
             "needs": number(n.needs), "positions": number(n.positions), "filledDirect": number(n.filledDirect),
             "filledViaTraining": number(n.filledViaTraining), "hired": number(n.hired), "open": number(n.open)]
        })
        o["programmes"] = .array(r.programmes.map { p in
            ["id": .string(p.id), "title": .string(p.title), "start": .string(p.start), "end": .string(p.end),
             "seats": number(p.seats), "used": number(p.used), "hired": number(p.hired)]
        })
        o["institutions"] = .array(r.institutions.map { i in
            ["id": .string(i.id), "name": .string(i.name), "participants": number(i.participants), "proposed": number(i.proposed),
             "approved": number(i.approved), "rejected": number(i.rejected), "hired": number(i.hired)]
        })
        o["decisions"] = tallies(r.decisions, nil)
        o["decisionsByCooperative"] = tallies(r.decisionsByCooperative, "cooperative")
        o["decisionsByInstitution"] = tallies(r.decisionsByInstitution, "institution")
        o["retention"] = .array(r.retention.map { x in
            ["months": number(x.months), "due": number(x.due), "recorded": number(x.recorded), "employed": number(x.employed)]
        })
        o["openNeeds"] = .array(r.openNeeds.map { n in
            ["need": .string(n.need), "title": .string(n.title), "cooperative": .string(n.cooperative), "open": number(n.open),
             "reasons": .array(n.reasons.map { .string($0) }), "reasonsPl": .array(n.reasonsPolish.map { .string($0) })]
        })
        o["run"] = r.run.map { ["id": .number(String($0.id)), "asOf": .string($0.asOf)] } ?? .null
        return .object(o)
    }
}
