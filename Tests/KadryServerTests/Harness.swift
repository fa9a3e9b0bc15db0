import Foundation
import Hummingbird
import HummingbirdTesting
import KadryCore
import KadryRegister
import KadryServer
import KadryStore
import KadryTestSupport
import NIOCore

/// A register with the sample spreadsheets, one match run, a few decisions,
/// and a token for each kind of caller.
struct Harness: Sendable {
    let store: Register
    /// The register's clock: the sample run is made on 20 November 2026, the tests run on 2 March 2027
    /// (so a hire on 1 March 2027, the need's start, lies between the run and today).
    let clock: TestClock
    let api: KadryAPI
    /// Bearer tokens by caller: "committee", "cis-konin", "kis-kramsk", "ss-blues-hostel", "ss-spektrum", "revoked".
    let tokens: [String: String]
    /// Proposals set up for the tests.
    let bluesProposal: Int64  // a proposal for ss-blues-hostel, still proposed
    let bluesApproved: Int64  // approved, not yet hired
    let bluesInstitution: String  // the institution of bluesProposal's participant

    /// The service's limits, with room for the many refused tokens the tables send from one address.
    static var limits: ServiceLimits {
        var limits = ServiceLimits()
        limits.authFailures = 10_000
        return limits
    }

    static func make(limits: ServiceLimits = Harness.limits) throws -> Harness {
        let clock = TestClock("2026-11-20")
        let store = try Register.inMemory(clock: { clock.now })
        let vocabulary = Fixtures.catalog.vocabulary
        let samples = Fixtures.repositoryRoot.appendingPathComponent("Catalog/samples")
        for kind in RecordKind.allCases {
            let batch = try SheetImport.readCSV(Fixtures.bytes(samples.appendingPathComponent("\(kind).csv")), file: "\(kind).csv", kind: kind)
            _ = try store.importRecords(batch, vocabulary: vocabulary, actor: "test")
        }
        _ = try store.match(asOf: Day(iso: "2026-12-01"), vocabulary: vocabulary, actor: "test")
        let blues = try store.proposals(ProposalFilter(cooperative: "ss-blues-hostel"))
        guard blues.count >= 2 else { throw HarnessError("the demo run has fewer than two proposals for ss-blues-hostel") }
        try store.decide(blues[1].id, .approve, reason: .agreed, by: "test")
        var tokens: [String: String] = [:]
        tokens["committee"] = try store.issueToken(organisation: "komitet", role: .committee, name: nil, by: "test").token
        for org in ["cis-konin", "kis-kramsk"] {
            tokens[org] = try store.issueToken(organisation: org, role: .institution, name: nil, by: "test").token
        }
        for org in ["ss-blues-hostel", "ss-spektrum"] {
            tokens[org] = try store.issueToken(organisation: org, role: .cooperative, name: nil, by: "test").token
        }
        let revoked = try store.issueToken(organisation: "cis-konin", role: .institution, name: nil, by: "test")
        try store.revokeToken(revoked.id, by: "test")
        tokens["revoked"] = revoked.token
        clock.set("2027-03-02")
        return Harness(store: store, clock: clock, api: KadryAPI(register: store, catalog: Fixtures.catalog, limits: limits), tokens: tokens,
                       bluesProposal: blues[0].id, bluesApproved: blues[1].id, bluesInstitution: blues[0].institution)
    }

    /// Runs `body` against the API in process.
    func test<T: Sendable>(_ body: @escaping @Sendable (Client) async throws -> T) async throws -> T {
        let app = Application(router: api.router())
        return try await app.test(.router) { client in try await body(Client(client: client, tokens: tokens)) }
    }

    struct Client: Sendable {
        let client: any TestClientProtocol
        let tokens: [String: String]

        /// A call as `caller` (a key of `tokens`, or nil for none); the status and the JSON answer.
        func call(_ method: HTTPRequest.Method, _ uri: String, as caller: String?, body: String? = nil) async throws -> (status: Int, json: JSONValue) {
            let answer = try await exchange(method, uri, as: caller, body: body)
            return (answer.status, answer.json)
        }

        /// A call with the answer's headers too.
        func exchange(_ method: HTTPRequest.Method, _ uri: String, as caller: String?, body: String? = nil, language: String? = nil) async throws
            -> (status: Int, json: JSONValue, headers: HTTPFields)
        {
            var headers: HTTPFields = [.contentType: "application/json"]
            if let language { headers[.acceptLanguage] = language }
            if let caller { headers[.authorization] = "Bearer \(tokens[caller] ?? caller)" }
            return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
                let text = String(buffer: response.body)
                let json = (try? JSONParser.parse(text)) ?? .string(text)
                return (Int(response.status.code), json, response.headers)
            }
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { o[key] } else { nil }
    }

    var errorPath: String? { if case .string(let s)? = self["error"]?["path"] { s } else { nil } }
    var errorCode: String? { if case .string(let s)? = self["error"]?["code"] { s } else { nil } }
    var items: [JSONValue] { if case .array(let a)? = self["items"] { a } else { [] } }
}
