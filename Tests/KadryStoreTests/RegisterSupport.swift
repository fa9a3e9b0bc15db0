import Foundation
import KadryCore
import KadryRegister
import KadryStore
import KadryTestSupport

enum Samples {
    static let directory = Fixtures.repositoryRoot.appendingPathComponent("Catalog/samples")
    static let vocabulary = Fixtures.catalog.vocabulary

    static func batch(_ kind: RecordKind) throws -> RecordBatch {
        let url = directory.appendingPathComponent("\(kind).csv")
        return try SheetImport.readCSV(Fixtures.bytes(url), file: "\(kind).csv", kind: kind)
    }

    /// A register with every sample spreadsheet imported.
    static func register(clock: TestClock) throws -> Register {
        let store = try Register.inMemory(clock: { clock.now })
        for kind in RecordKind.allCases {
            _ = try store.importRecords(try batch(kind), vocabulary: vocabulary, actor: "test")
        }
        return store
    }

    static func csv(_ text: String, kind: RecordKind, file: String = "bad.csv") throws -> RecordBatch {
        try SheetImport.readCSV(Array(text.utf8), file: file, kind: kind)
    }
}
