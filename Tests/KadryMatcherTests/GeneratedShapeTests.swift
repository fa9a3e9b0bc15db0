import KadryCore
import KadryMatcher
import KadryTestSupport
import Testing

@Suite("Generated shapes")
struct GeneratedShapeTests {
    @Test("sparse, clustered, dense: valid, the same for the same seed, and ever more routes per participant")
    func shapes() throws {
        var perParticipant: [Double] = []
        for shape in InstanceGenerator.Shape.allCases {
            var generator = InstanceGenerator(participants: 700, needs: 140, programmes: 20, seed: 4)
            generator.shape = shape
            let document = generator.generate()
            #expect(JSONWriter.write(document) == JSONWriter.write(generator.generate()), "\(shape)")
            let instance = try Fixtures.reader.read(document)
            let routes = RouteSet(instance: instance)
            perParticipant.append(Double(routes.eligibleTriples) / Double(instance.participants.count))
        }
        #expect(perParticipant[0] < 10 && perParticipant[1] > 20 && perParticipant[2] > 3 * perParticipant[1], "\(perParticipant)")
    }

    @Test("a larger clustered or dense instance has more towns, not more pairs in reach per participant")
    func densityHoldsWithSize() throws {
        for (shape, small, large) in [(InstanceGenerator.Shape.clustered, 2_100, 8_400), (.dense, 4_000, 12_000)] {
            var perParticipant: [Double] = []
            for participants in [small, large] {
                var generator = InstanceGenerator(participants: participants, needs: participants / 5, programmes: participants / 35, seed: 4)
                generator.shape = shape
                let instance = try Fixtures.reader.read(generator.generate())
                perParticipant.append(Double(RouteEstimate.pairs(instance, limit: .max)!) / Double(participants))
            }
            #expect(perParticipant[1] < 1.4 * perParticipant[0] && perParticipant[1] > 0.6 * perParticipant[0], "\(shape): \(perParticipant)")
        }
    }
}
