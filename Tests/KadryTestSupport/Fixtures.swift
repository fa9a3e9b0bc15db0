import Foundation
import KadryCore

/// Paths and loaders the tests share: the repository's catalogue and the
/// shared examples beside the repository (`../shared/spec/examples`).
public enum Fixtures {
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    public static let specDirectory = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/spec")

    public static func bytes(_ url: URL) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: url.path) else { fatalError("missing fixture \(url.path)") }
        return [UInt8](data)
    }

    public static let catalog: ServiceCatalog = {
        let dir = repositoryRoot.appendingPathComponent("Catalog")
        do {
            return try ServiceCatalog.load(
                services: bytes(dir.appendingPathComponent("services.json")), file: "services.json",
                credentials: bytes(dir.appendingPathComponent("credentials.json")), file: "credentials.json"
            ).with(places: bytes(dir.appendingPathComponent("places.csv")), file: "places.csv")
        } catch {
            fatalError("the repository's catalogue does not load: \(error)")
        }
    }()

    public static var reader: InstanceReader { InstanceReader(vocabulary: catalog.vocabulary) }

    /// Names of the shared examples (`NAME.instance.json` with `NAME.optimum.json`).
    public static var exampleNames: [String] {
        let dir = specDirectory.appendingPathComponent("examples")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return files.filter { $0.hasSuffix(".instance.json") }.map { String($0.dropLast(".instance.json".count)) }.sorted()
    }

    public static func example(_ name: String) throws -> (instance: Instance, optimum: Int64) {
        let dir = specDirectory.appendingPathComponent("examples")
        let instance = try reader.read(bytes(dir.appendingPathComponent("\(name).instance.json")))
        guard case .object(let o) = try JSONParser.parse(bytes(dir.appendingPathComponent("\(name).optimum.json"))),
            case .number(let literal)? = o["objective"], let optimum = Int64(literal)
        else { fatalError("bad optimum file for \(name)") }
        return (instance, optimum)
    }
}

/// A clock tests move by hand.
public final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ day: String) { current = TestClock.date(day) }

    public var now: Date { lock.withLock { current } }

    public func set(_ day: String) { lock.withLock { current = TestClock.date(day) } }

    public static func date(_ day: String) -> Date {
        Date(timeIntervalSince1970: Double(Day(iso: day)!.number * 86400 + 10 * 3600))
    }
}

