/// Polish localities by name (`Catalog/places.csv`, built from GeoNames by
/// `Scripts/build-gazetteer.py`): what lets a worker give a place as the town
/// or village people know instead of coordinates. A name is resolved to one
/// locality, or refused as unknown (with the nearest names) or ambiguous (with
/// every candidate and what would tell them apart).
public struct Gazetteer: Sendable {
    public struct Place: Sendable, Equatable {
        public var name: String
        /// The voivodeship's Polish name: "wielkopolskie".
        public var voivodeship: String
        /// The powiat as the source spells it (without diacritics: "koninski"), or empty where unknown.
        public var powiat: String
        public var location: Location
        public var population: Int

        /// "Ślesin (wielkopolskie, powiat koninski)".
        public var label: String {
            "\(name) (\(voivodeship)\(powiat.isEmpty ? "" : ", powiat \(powiat)"))"
        }
    }

    public enum Lookup: Sendable, Equatable {
        case found(Place)
        /// Several localities fit: each of them.
        case ambiguous([Place])
        /// No locality of that name: the closest names.
        case unknown(nearest: [String])
    }

    public let places: [Place]
    private let byName: [String: [Int]]

    public init(places: [Place]) {
        self.places = places
        var index: [String: [Int]] = [:]
        for (i, p) in places.enumerated() { index[Gazetteer.folded(p.name), default: []].append(i) }
        byName = index
    }

    /// Reads `places.csv` (name, voivodeship, powiat, lat, lon, population, …; UTF-8, a header row).
    public static func read(csv bytes: [UInt8], file: String) throws(CatalogError) -> Gazetteer {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw CatalogError(problems: ["\(file): not UTF-8"]) }
        var places: [Place] = []
        var problems: [String] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() where n > 0 {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count >= 6, let lat = Double(cells[3]), let lon = Double(cells[4]), (-90...90).contains(lat), (-180...180).contains(lon),
                !cells[0].isEmpty
            else {
                problems.append("\(file):\(n + 1): expected name,voivodeship,powiat,lat,lon,population")
                continue
            }
            places.append(Place(name: cells[0], voivodeship: cells[1], powiat: cells[2], location: Location(lat: lat, lon: lon),
                                population: Int(cells[5]) ?? 0))
        }
        if !problems.isEmpty { throw CatalogError(problems: problems) }
        return Gazetteer(places: places)
    }

    /// The locality a name stands for. A powiat ("koniński", "powiat koniński"), a voivodeship
    /// ("wielkopolskie") or a gmina (its seat: the locality lies within 25 km of it) narrows
    /// places of one name down; without them, one name must mean one place.
    public func lookup(_ name: String, gmina: String? = nil, powiat: String? = nil, voivodeship: String? = nil) -> Lookup {
        let key = Gazetteer.folded(name)
        guard let indices = byName[key], !indices.isEmpty else { return .unknown(nearest: nearest(key)) }
        var candidates = indices.map { places[$0] }
        // A voivodeship or powiat narrows the places of a name; one that none of them lies in is
        // passed over, not held against the name: "Konin, powiat koniński" is the city of Konin
        // (a powiat of its own, and the seat of powiat koniński around it).
        if let voivodeship, !voivodeship.isEmpty {
            let v = Gazetteer.folded(voivodeship).replacingPrefix("wojewodztwo ")
            let within = candidates.filter { Gazetteer.folded($0.voivodeship) == v }
            if !within.isEmpty { candidates = within }
        }
        if let powiat, !powiat.isEmpty {
            let p = Gazetteer.folded(powiat).replacingPrefix("powiat ")
            let within = candidates.filter { Gazetteer.folded($0.powiat) == p }
            if !within.isEmpty { candidates = within }
        }
        if let gmina, !gmina.isEmpty, candidates.count > 1 {
            let seats = byName[Gazetteer.folded(gmina).replacingPrefix("gmina ")]?.map { places[$0] } ?? []
            let near = candidates.filter { c in seats.contains { $0.location.distanceKm(to: c.location) <= 25 } }
            if !near.isEmpty { candidates = near }
        }
        return candidates.count == 1 ? .found(candidates[0]) : .ambiguous(candidates)
    }

    /// Up to five names closest to a folded name (edit distance, then population).
    func nearest(_ key: String) -> [String] {
        var best: [(distance: Int, population: Int, name: String)] = []
        var seen: Set<String> = []
        for p in places where !seen.contains(p.name) {
            seen.insert(p.name)
            let d = Gazetteer.distance(Gazetteer.folded(p.name), key, limit: 3)
            guard d <= 3 else { continue }
            best.append((d, p.population, p.name))
        }
        return best.sorted { ($0.distance, -$0.population) < ($1.distance, -$1.population) }.prefix(5).map(\.name)
    }

    /// Lower case, without diacritics (ł is l), hyphens and runs of spaces as one space: how names compare.
    public static func folded(_ text: String) -> String {
        var out = ""
        var space = false
        for c in text.lowercased() {
            if c == " " || c == "-" || c == "\t" || c == "\u{A0}" {
                space = !out.isEmpty
                continue
            }
            if space {
                out.append(" ")
                space = false
            }
            out.append(plain[c] ?? c)
        }
        return out
    }

    static let plain: [Character: Character] = [
        "ą": "a", "ć": "c", "ę": "e", "ł": "l", "ń": "n", "ó": "o", "ś": "s", "ź": "z", "ż": "z",
        "á": "a", "ä": "a", "é": "e", "ö": "o", "ü": "u", "č": "c", "š": "s", "ž": "z", "ř": "r",
    ]

    /// Edit distance, giving up (limit + 1) once it must exceed `limit`.
    static func distance(_ a: String, _ b: String, limit: Int) -> Int {
        let x = Array(a), y = Array(b)
        if abs(x.count - y.count) > limit { return limit + 1 }
        guard !x.isEmpty else { return y.count }
        var row = Array(0...y.count)
        for i in 1...x.count {
            var previous = row[0]
            row[0] = i
            var smallest = row[0]
            for j in stride(from: 1, through: y.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
                previous = current
                smallest = min(smallest, row[j])
            }
            if smallest > limit { return limit + 1 }
        }
        return row[y.count]
    }
}

extension String {
    func replacingPrefix(_ prefix: String) -> String { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self }
}
