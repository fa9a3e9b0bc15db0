import Foundation
import KadryCore
import KadryRegister
import KadryStore
import KadryTestSupport
import Testing

/// The register refuses what would make its records contradict each other
/// (issue 27's defects, each replayed on the sample register).
@Suite("Records that stay consistent")
struct ConsistencyTests {
    let asOf = Day(iso: "2026-12-01")!

    /// The sample register matched on 20 November 2026, with one proposal approved.
    func approvedSample() throws -> (store: Register, clock: TestClock, approved: ProposalView) {
        let clock = TestClock("2026-11-20")
        let store = try Samples.register(clock: clock)
        _ = try store.match(asOf: asOf, vocabulary: Samples.vocabulary, actor: "komitet")
        let first = try #require(try store.proposals().first)
        return (store, clock, try store.decide(first.id, .approve, reason: .agreed, by: "komitet"))
    }

    func refusal(_ body: () throws -> Void) -> RegisterError? {
        do {
            try body()
            return nil
        } catch let error as RegisterError {
            return error
        } catch {
            return nil
        }
    }

    func day(_ text: String) -> Day { Day(iso: text)! }

    /// The message key of a refusal.
    func key(_ error: RegisterError?) -> MessageKey? {
        switch error {
        case .refused(let m)?, .conflicting(let m)?: m.key
        default: nil
        }
    }

    @Test("A hire is dated between the run and today, not before the person is available or the need starts")
    func hireDates() throws {
        let (store, clock, p) = try approvedSample()
        let person = try #require(try store.record(.participants, id: p.participant))
        let need = try #require(try store.record(.needs, id: p.need))
        guard case .string(let a)? = person["availableFrom"], case .string(let s)? = need["start"] else { Issue.record("no dates"); return }
        let available = day(a), needStart = day(s)
        let earliest = max(available, needStart, day("2026-11-20"))
        clock.set((earliest + 10).description)

        // The issue's reproduction: a hire in 2020.
        let old = refusal { try store.hire(p.id, on: day("2020-01-05"), by: "coop") }
        #expect(old == .refused(Message(.hireBeforeRun, .text(String(p.id)), .day(day("2020-01-05")), "1", .day(day("2026-11-20")))))
        #expect(old?.text(.pl).contains("5 stycznia 2020") == true)
        #expect(old?.text(.en).contains("5 January 2020") == true)
        // In the future.
        #expect(key(refusal { try store.hire(p.id, on: earliest + 11, by: "coop") }) == .hireInFuture)
        // Before the person is available, or before the need starts (each when it is after the run).
        if available > day("2026-11-20") {
            #expect(key(refusal { try store.hire(p.id, on: available - 1, by: "coop") }) == .hireBeforeAvailable)
        }
        if needStart > day("2026-11-20") {
            let k = key(refusal { try store.hire(p.id, on: needStart - 1, by: "coop") })
            #expect(k == .hireBeforeNeedStart || (k == .hireBeforeAvailable && available > needStart - 1))
        }
        // Nothing was written by the refusals; the right date is taken.
        #expect(try store.proposal(p.id)?.hiredOn == nil)
        try store.hire(p.id, on: earliest, by: "coop")
        #expect(try store.proposal(p.id)?.hiredOn == earliest.description)
    }

    @Test("A second retention answer for the same month is refused; a correction keeps the first in the audit log")
    func retentionOnce() throws {
        let (store, clock, p) = try approvedSample()
        let need = try #require(try store.record(.needs, id: p.need))
        guard case .string(let s)? = need["start"] else { Issue.record("no start"); return }
        let start = max(day(s), day("2026-12-01"))
        clock.set(start.description)
        try store.hire(p.id, on: start, by: "coop")
        clock.set((start.addingMonths(3) + 1).description)
        try store.retention(p.id, months: 3, employed: true, by: "coop")
        let again = refusal { try store.retention(p.id, months: 3, employed: false, by: "coop") }
        guard case .conflicting(let m)? = again else {
            Issue.record("a second answer was taken: \(String(describing: again))")
            return
        }
        #expect(m.key == .retentionAlreadyRecorded)
        #expect(m.text(.pl).contains("zatrudniona") && m.text(.pl).contains("--correct"))
        // A correction of a month with no answer yet is refused as well.
        #expect(refusal { try store.retention(p.id, months: 6, employed: false, correction: true, by: "coop") } != nil)
        try store.retention(p.id, months: 3, employed: false, correction: true, by: "koordynator")
        let log = try store.auditLog(entity: "proposal", id: String(p.id))
        let corrected = try #require(log.first { $0.action == "retention-corrected" })
        #expect(corrected.detail?.contains("was employed") == true && corrected.actor == "koordynator")
        #expect(log.contains { $0.action == "retention" && $0.detail == "3 months: employed" })
    }
}
