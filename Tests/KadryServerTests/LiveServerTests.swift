import Foundation
import KadryCore
import KadryRegister
import KadryStore
import KadryTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("kadry serve, live")
struct LiveServerTests {
    @Test("kadry serve answers over TCP on a free port and stops cleanly on SIGTERM")
    func live() async throws {
        let binary = Fixtures.repositoryRoot.appendingPathComponent(".build/debug/kadry")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the kadry executable first (swift build)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kadry-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("kadry.sqlite").path
        let token: String
        do {
            let store = try Register.open(path: db, create: true)
            let institutions = try SheetImport.readCSV(
                Fixtures.bytes(Fixtures.repositoryRoot.appendingPathComponent("Catalog/samples/institutions.csv")), file: "institutions.csv", kind: .institutions)
            _ = try store.importRecords(institutions, vocabulary: Fixtures.catalog.vocabulary, actor: "test")
            token = try store.issueToken(organisation: "cis-konin", role: .institution, name: "live test", by: "test").token
            try store.close()
        }

        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--db", db]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // The port comes in the first line it prints: "kadry serve: listening on http://127.0.0.1:PORT …".
        var port: Int?
        var printed = ""
        let reader = errors.fileHandleForReading
        let deadline = Date().addingTimeInterval(30)
        while port == nil && Date() < deadline {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            printed += String(decoding: chunk, as: UTF8.self)
            if let range = printed.range(of: "http://127.0.0.1:") {
                let digits = printed[range.upperBound...].prefix { $0.isNumber }
                if !digits.isEmpty, printed[range.upperBound...].dropFirst(digits.count).first == " " { port = Int(digits) }
            }
        }
        let bound = try #require(port, "kadry serve did not say where it listens: \(printed)")

        func get(_ path: String, token: String? = nil) async throws -> (Int, String) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(bound)\(path)")!)
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        }
        let health = try await get("/healthz")
        #expect(health.0 == 200 && health.1.contains("\"status\":\"ok\""))
        #expect(try await get("/v1/participants").0 == 401)
        let list = try await get("/v1/participants", token: token)
        #expect(list.0 == 200 && list.1.contains("\"total\":0"))

        process.terminate()  // SIGTERM
        process.waitUntilExit()
        printed += String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0)
        #expect(printed.contains("stopped; register closed"))
        // The log names routes, never tokens.
        #expect(printed.contains("route=/v1/participants"))
        #expect(!printed.contains(token))
    }
}
