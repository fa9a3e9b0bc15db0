import Foundation
import KadryCore
import KadryMatcher
import KadryTestSupport
import Testing

@Suite("Reasons for open positions and unplaced participants")
struct ReasonsTests {
    @Test("no need within the commute: names the nearest and how much longer a commute would reach it")
    func noNeedInReach() throws {
        var b = InstanceBuilder()
        b.set(["participants", 0, "maxCommuteKm"], 1)  // the need is 1.57 km away
        let result = Matcher.match(try b.instance())
        let reason = try #require(result.unplaced.first?.reasons.first)
        #expect(reason.kind == .noNeedInReach && reason.rules == [2])
        #expect(reason.message.contains("the nearest, N-1, is 1.6 km away (a commute 1.0 km longer would reach it)"))
        #expect(reason.polish.contains("najbliższe, N-1, jest oddalone o 1,6 km (dojazd dłuższy o 1,0 km by je obejmował)"))
    }

    @Test("blocked by a rule: the closest fit and every rule it breaks")
    func blockedByRule() throws {
        var b = InstanceBuilder()
        b.set(["participants", 0, "hoursPerWeek"], 10)
        let result = Matcher.match(try b.instance())
        let reason = try #require(result.unplaced.first?.reasons.first)
        #expect(reason.kind == .blockedByRule && reason.rules == [4])
        #expect(reason.message.contains("can work 10 h/week, the need asks for 20 h/week"))
        #expect(reason.polishDescription.hasPrefix("najbliżej pasuje N-1") && reason.polishDescription.hasSuffix("(reguła 4)")
            && reason.polish.contains("może pracować 10 godz. tygodniowo, a potrzeba wymaga 20 godz. tygodniowo (reguła 4)"))
        let open = try #require(result.unfilled.first)
        #expect(open.open == 1 && open.reasons.first?.rules == [4])
    }

    @Test("an open position whose training ends too late says how many days earlier a cohort must end")
    func trainingTooLate() throws {
        var b = InstanceBuilder()
        b.set(["participants", 0, "credentials"], [["code": "cert:first-aid", "obtained": "2025-09-01"]])
        b.set(["programmes", 0, "end"], "2026-05-11")  // the need starts 2026-05-01
        let result = Matcher.match(try b.instance())
        let reasons = try #require(result.unfilled.first?.reasons)
        #expect(reasons.contains { $0.rules == [9] && $0.message.contains("T-1, ends on 11 May 2026 (a cohort ending 10 day(s) earlier would be in time)") })
        #expect(reasons.contains { $0.rules == [9] && $0.polish.contains("T-1, kończy się 11 maja 2026 (edycja kończąca się 10 dni wcześniej zdążyłaby)") })
    }

    @Test("outscored: eligible, but the position went to a higher-scoring placement, by how much")
    func outscored() throws {
        var b = InstanceBuilder()
        b.set(["participants", 1], InstanceBuilder.participant("P-2"))
        b.set(["participants", 1, "preferredServices"], ["respite-care"])
        let result = Matcher.match(try b.instance())
        let reason = try #require(result.unplaced.first?.reasons.first)
        #expect(reason.kind == .outscored)
        #expect(reason.message.contains("taken with 100 points more"))
        #expect(reason.polish.contains("obsadzonej z przewagą 100 pkt"))
    }

    @Test("every reason has a Polish version naming the same participants, needs, programmes and dates")
    func polishVersions() throws {
        // Identifiers (P-3, N-12, T-1) and dates, in the order they appear.
        /// Dates in prose ("11 maja 2026", "11 May 2026") as ISO dates, so both languages compare.
        let months: [String: Int] = Dictionary(Language.allCases.flatMap { language in
            (1...12).map { (String(language.prose(Day(year: 2000, month: $0, day: 1)!).split(separator: " ")[1]), $0) }
        }, uniquingKeysWith: { a, _ in a })
        let prose = try NSRegularExpression(pattern: "(\\d{1,2}) (\\p{L}+) (\\d{4})")
        func isoDates(_ text: String) -> String {
            var out = text
            let ns = text as NSString
            for match in prose.matches(in: text, range: NSRange(location: 0, length: ns.length)).reversed() {
                guard let month = months[ns.substring(with: match.range(at: 2))], let d = Int(ns.substring(with: match.range(at: 1))),
                    let y = Int(ns.substring(with: match.range(at: 3))), let day = Day(year: y, month: month, day: d),
                    let range = Range(match.range, in: out)
                else { continue }
                out.replaceSubrange(range, with: day.description)
            }
            return out
        }
        func names(_ prose: String) -> [String] {
            let text = isoDates(prose)
            var found: [String] = []
            var token = ""
            for c in text + " " {
                if c.isLetter || c.isNumber || c == "-" { token.append(c); continue }
                let t = token.trimmingCharacters(in: ["-"])
                let isID = t.count >= 3 && ["P-", "N-", "T-"].contains(String(t.prefix(2))) && t.dropFirst(2).allSatisfy(\.isNumber)
                let isDate = t.count == 10 && t.split(separator: "-").count == 3 && t.allSatisfy { $0.isNumber || $0 == "-" }
                if isID || isDate { found.append(t) }
                token = ""
            }
            return found.sorted()
        }
        var reasons = 0
        var kinds = Set<Reason.Kind>()
        for seed in UInt64(1)...60 {
            let instance = try Fixtures.reader.read(RandomInstances.make(seed: seed, participants: 8, needs: 4, programmes: 3))
            let result = Matcher.match(instance)
            for reason in result.unplaced.flatMap(\.reasons) + result.unfilled.flatMap(\.reasons) {
                reasons += 1
                kinds.insert(reason.kind)
                #expect(!reason.polish.isEmpty && reason.polish != reason.message, "seed \(seed): \(reason.message)")
                #expect(names(reason.polish) == names(reason.message), "seed \(seed): \(reason.message) / \(reason.polish)")
                #expect(!reason.polish.contains(" rule ") && !reason.polish.contains("day(s)"), "seed \(seed): \(reason.polish)")
            }
        }
        #expect(reasons > 100)
        #expect(kinds.count >= 3)
    }

    @Test("Polish plural forms and numbers")
    func polishForms() {
        let forms = [1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 112, 122].map { Polish.plural($0, "osoba", "osoby", "osób") }
        #expect(forms == ["osoba", "osoby", "osoby", "osób", "osób", "osób", "osób", "osób", "osoby", "osób", "osób", "osoby"])
        #expect(Polish.km(12.46) == "12,5 km" && Polish.km(3) == "3,0 km")
        #expect(Polish.days(1) == "1 dzień" && Polish.days(10) == "10 dni")
        #expect(Polish.listing(["T-1", "T-2", "T-3", "T-4", "T-5", "T-6", "T-7", "T-8"]) == "T-1, T-2, T-3, T-4, T-5 i 3 inne")
        #expect(Polish.listing(["T-1", "T-2", "T-3", "T-4", "T-5", "T-6", "T-7", "T-8", "T-9", "T-10"]) == "T-1, T-2, T-3, T-4, T-5 i 5 innych")
    }
}
