import Foundation
import KadryCore
import KadryStore
import KadryTestSupport
import Testing

@Suite("Tokens")
struct TokenTests {
    @Test("A token works through its last day and not after; the default is a year, the longest two")
    func expiry() throws {
        let clock = TestClock("2026-11-20")
        let store = try Samples.register(clock: clock)
        let short = try store.issueToken(organisation: "cis-konin", role: .institution, name: nil, expires: Day(iso: "2026-11-30"), by: "t")
        let plain = try store.issueToken(organisation: "cis-konin", role: .institution, name: nil, by: "t")
        #expect(try store.identity(token: short.token) != nil)
        clock.set("2026-11-30")
        #expect(try store.identity(token: short.token) != nil)
        clock.set("2026-12-01")
        #expect(try store.identity(token: short.token) == nil)
        #expect(try store.identity(token: plain.token) != nil)
        #expect(try store.tokens().first { $0.id == plain.id }?.expiresOn == "2027-11-20")
        clock.set("2027-11-21")
        #expect(try store.identity(token: plain.token) == nil)
        #expect(throws: RegisterError.self) {
            try store.issueToken(organisation: "cis-konin", role: .institution, name: nil, expires: Day(iso: "2030-01-01"), by: "t")
        }
        #expect(throws: RegisterError.self) {
            try store.issueToken(organisation: "cis-konin", role: .institution, name: nil, expires: Day(iso: "2027-11-20"), by: "t")
        }
    }

    @Test("Rotation replaces a token: the old one stops at once, the new one works for the same holder")
    func rotation() throws {
        let store = try Samples.register(clock: TestClock("2026-11-20"))
        let old = try store.issueToken(organisation: "ss-blues-hostel", role: .cooperative, name: "biuro", by: "t")
        let new = try store.rotateToken(old.id, by: "t")
        #expect(try store.identity(token: old.token) == nil)
        let identity = try #require(try store.identity(token: new.token))
        #expect(identity.organisation == "ss-blues-hostel" && identity.role == .cooperative && identity.name == "biuro")
        #expect(throws: RegisterError.self) { try store.rotateToken(old.id, by: "t") }
    }

    @Test("Committee tokens name the register's committee and no other")
    func committee() throws {
        let store = try Samples.register(clock: TestClock("2026-11-20"))
        #expect(try store.committee() == nil)
        _ = try store.issueToken(organisation: "komitet-konin", role: .committee, name: nil, by: "t")
        #expect(try store.committee() == "komitet-konin")
        _ = try store.issueToken(organisation: "komitet-konin", role: .committee, name: "druga osoba", by: "t")
        #expect(throws: RegisterError.self) { try store.issueToken(organisation: "anything", role: .committee, name: nil, by: "t") }
        #expect(throws: RegisterError.self) { try store.nameCommittee("inny", by: "t") }
        let named = try Samples.register(clock: TestClock("2026-11-20"))
        try named.nameCommittee("komitet-grudziadz", by: "t")
        #expect(throws: RegisterError.self) { try named.issueToken(organisation: "komitet-konin", role: .committee, name: nil, by: "t") }
    }
}
