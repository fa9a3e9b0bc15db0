import KadryCore

extension SheetImport {
    /// Gives every record given a place by name its coordinates from the gazetteer (and the
    /// locality its spelling there); a record with coordinates keeps them. An unknown or
    /// ambiguous name, or a record with no place at all, is a problem at its cell.
    public static func resolvePlaces(_ batch: inout RecordBatch, places: Gazetteer?) -> [ImportProblem] {
        var problems: [ImportProblem] = []
        func text(_ record: JSONObject, _ key: String) -> String? {
            if case .string(let s)? = record[key] { s.isEmpty ? nil : s } else { nil }
        }
        for i in batch.records.indices {
            let record = batch.records[i]
            if let location = record["location"], location != .null { continue }
            guard let name = text(record, "locality") else {
                problems.append(ImportProblem(place: batch.locate(i, "locality"), Message(.placeMissing)))
                batch.unreadable[i, default: []].insert("location")
                continue
            }
            guard let places else {
                problems.append(ImportProblem(place: batch.locate(i, "locality"), Message(.placesUnavailable, .text(name))))
                batch.unreadable[i, default: []].insert("location")
                continue
            }
            switch places.lookup(name, gmina: text(record, "gmina"), powiat: text(record, "powiat"), voivodeship: text(record, "voivodeship")) {
            case .found(let place):
                batch.records[i]["location"] = ["lat": .number(String(place.location.lat)), "lon": .number(String(place.location.lon))]
                batch.records[i]["locality"] = .string(place.name)
            case .ambiguous(let candidates):
                let shown = candidates.sorted { $0.population > $1.population }.prefix(8).map(\.label)
                problems.append(ImportProblem(place: batch.locate(i, "locality"), Message(
                    .localityAmbiguous, .text(name), .count(candidates.count), .list(Array(shown)))))
                batch.unreadable[i, default: []].insert("location")
            case .unknown(let nearest):
                problems.append(ImportProblem(place: batch.locate(i, "locality"), nearest.isEmpty
                    ? Message(.localityUnknown, .text(name)) : Message(.localityUnknownNearest, .text(name), .list(nearest))))
                batch.unreadable[i, default: []].insert("location")
            }
        }
        return problems
    }
}
