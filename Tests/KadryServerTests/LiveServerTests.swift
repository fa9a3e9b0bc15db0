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
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--db", db, "--idle-timeout", "2", "--body-timeout", "1"]
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

        // Privacy headers on every answer, an error's too.
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(bound)/v1/participants")!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (_, response) = try await URLSession.shared.data(for: request)
        let headers = try #require(response as? HTTPURLResponse)
        #expect(headers.value(forHTTPHeaderField: "Cache-Control") == "no-store")
        #expect(headers.value(forHTTPHeaderField: "X-Content-Type-Options") == "nosniff")
        #expect(headers.value(forHTTPHeaderField: "Referrer-Policy") == "no-referrer")
        // A connection that sends nothing, and one that never finishes its request's head, are closed after the idle timeout.
        for sent in ["", "GET /healthz HTTP/1.1\r\nHost: x\r\n"] {
            let (seconds, _) = try RawConnection.secondsUntilClosed(port: bound, sending: sent, waitingAtMost: 10)
            #expect(seconds >= 0.5 && seconds < 5, "closed after \(seconds) s, sent \(sent.debugDescription)")
        }

        // A body that never finishes arriving gets 408.
        let head = "POST /v1/participants HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\n"
            + "Content-Length: 1000\r\n\r\n{\"location\": "
        let (_, answer) = try RawConnection.secondsUntilClosed(port: bound, sending: head, waitingAtMost: 10)
        #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer.prefix(200))")

        process.terminate()  // SIGTERM
        process.waitUntilExit()
        printed += String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0)
        #expect(printed.contains("zatrzymano; rejestr zamknięty"))
        // The log names routes, never tokens.
        #expect(printed.contains("route=/v1/participants"))
        #expect(!printed.contains(token))
    }
}

/// A plain TCP connection to the service, for what URLSession cannot do: send half a request and wait.
enum RawConnection {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Connects, sends `text`, and returns how long the server took to close the connection
    /// (`waitingAtMost` if it did not).
    static func secondsUntilClosed(port: Int, sending text: String, waitingAtMost limit: Int) throws -> (seconds: Double, answer: String) {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect") }
        var timeout = timeval(tv_sec: limit, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(text.utf8)
        if !bytes.isEmpty { _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, bytes.count, 0) } }
        let started = Date()
        var buffer = [UInt8](repeating: 0, count: 4096)
        var answer: [UInt8] = []
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 4096, 0) }
            if n <= 0 { break }  // 0: closed; -1: the wait ran out (or reset)
            answer += buffer.prefix(n)
        }
        return (Date().timeIntervalSince(started), String(decoding: answer, as: UTF8.self))
    }
}
