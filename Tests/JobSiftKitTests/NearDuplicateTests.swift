import Foundation
import Testing
@testable import JobSiftKit

@Suite struct NearDuplicateTests {
    /// A fixture under Fixtures/reposts with the title and company a scraper would have found beside it.
    struct Fixture: CustomStringConvertible, Sendable {
        var name: String
        var title: String
        var company: String

        var description: String { name }

        func text() throws -> String {
            try String(contentsOf: Paths.fixture("reposts/\(name).txt"), encoding: .utf8)
        }

        func features() throws -> [UInt64] {
            Shingler().features(title: title, company: company, text: try text())
        }

        func signature() throws -> MinHashSignature {
            MinHashSignature(title: title, company: company, text: try text())
        }
    }

    static let original = Fixture(name: "ml-engineer-original", title: "Machine Learning Engineer", company: "Northwind Analytics")
    static let repost = Fixture(name: "ml-engineer-repost", title: "Machine Learning Engineer", company: "Northwind Analytics")
    static let agency = Fixture(name: "ml-engineer-agency", title: "Machine Learning Engineer", company: "Talent Bridge Recruiting")
    static let lightEdit = Fixture(name: "ml-engineer-light-edit", title: "Machine Learning Engineer", company: "Northwind Analytics")
    static let analyst = Fixture(name: "northwind-data-analyst", title: "Data Analyst", company: "Northwind Analytics")
    static let backend = Fixture(name: "northwind-backend-engineer", title: "Backend Engineer", company: "Northwind Analytics")
    static let unrelated = Fixture(name: "pastry-chef", title: "Pastry Chef", company: "Hollis & Crane Bakery")

    static let all = [original, repost, agency, lightEdit, analyst, backend, unrelated]

    static func index(_ fixtures: [Fixture]) throws -> NearDuplicateIndex {
        var index = NearDuplicateIndex()
        for fixture in fixtures { index.insert(id: fixture.name, signature: try fixture.signature()) }
        return index
    }

    static func exactJaccard(_ first: [UInt64], _ second: [UInt64]) -> Double {
        let first = Set(first), second = Set(second)
        return Double(first.intersection(second).count) / Double(first.union(second).count)
    }

    // MARK: - Content id

    @Test func contentIDIgnoresWhitespaceAndCase() throws {
        let text = try Self.original.text()
        let reformatted = text.uppercased().replacingOccurrences(of: "\n", with: " \t\n\n ").replacingOccurrences(of: " ", with: "   ")
        let id = stableContentID(title: "Machine Learning Engineer", company: "Northwind Analytics", text: text)
        #expect(stableContentID(title: "  machine learning ENGINEER", company: "NORTHWIND analytics ", text: reformatted) == id)
        #expect(id.count == 16 && id.allSatisfy(\.isHexDigit))
    }

    @Test(arguments: [("Spark", "Flink"), ("75,000", "85,000")])
    func contentIDChangesWhenAWordOrNumberChanges(word: String, replacement: String) throws {
        let text = try Self.original.text()
        #expect(text.contains(word))
        #expect(stableContentID(title: nil, company: nil, text: text)
            != stableContentID(title: nil, company: nil, text: text.replacingOccurrences(of: word, with: replacement)))
    }

    @Test(arguments: [("Straße in Zürich", "STRASSE IN ZURICH"), ("Don’t apply twice!", "dont apply twice"),
                      ("Node.js / TypeScript", "node js typescript"), ("Ｆｕｌｌ-time café", "full time cafe"),
                      ("Zu\u{308}rich, cafe\u{301}", "Zürich, Café")])
    func contentIDTreatsSpellingsOfTheSameWordsAlike(first: String, second: String) {
        #expect(stableContentID(title: nil, company: nil, text: first) == stableContentID(title: nil, company: nil, text: second))
    }

    @Test func contentIDKeepsFieldsApart() {
        #expect(stableContentID(title: "Data Engineer", company: nil, text: "Python")
            != stableContentID(title: "Data", company: nil, text: "Engineer Python"))
        #expect(stableContentID(title: "Analyst", company: "Acme", text: "SQL")
            != stableContentID(title: "Analyst", company: nil, text: "Acme SQL"))
    }

    @Test func wordHashIsThePublishedFNV1a() {
        // Test vectors from the FNV reference: a fixed function, not a per-process seeded one.
        for (input, expected) in [("", 0xCBF2_9CE4_8422_2325 as UInt64), ("a", 0xAF63_DC4C_8601_EC8C), ("foobar", 0x8594_4171_F739_67E8)] {
            var hash = FNV1a64()
            for byte in input.utf8 { hash.add(byte) }
            #expect(hash.value == expected, "FNV-1a of \"\(input)\"")
        }
        var words: [UInt64] = []
        NormalisedWords.forEach(in: "FooBar!", collapsingDigits: false) { words.append($0) }
        #expect(words == [0x8594_4171_F739_67E8])
    }

    // MARK: - Shingles

    @Test func datesAndSalariesDoNotChangeTheShingles() {
        let shingler = Shingler()
        #expect(shingler.features(title: nil, company: nil, text: "Posted 3 March 2025. Salary 75,000 EUR a year, 30 days off.")
            == shingler.features(title: nil, company: nil, text: "Posted 17 March 2024. Salary 80,500 EUR a year, 28 days off."))
    }

    @Test func shortTextsDoNotAllCollide() {
        let first = MinHashSignature(title: nil, company: nil, text: "Rust developer wanted")
        let second = MinHashSignature(title: nil, company: nil, text: "Barista, weekend shifts")
        #expect(Shingler().features(title: nil, company: nil, text: "Rust developer wanted").count == 1)
        #expect(first.estimatedJaccard(with: second) < 0.2)
    }

    @Test func ideographsAreWordsOnTheirOwn() {
        var words: [UInt64] = []
        NormalisedWords.forEach(in: "招聘机器学习工程师 (Beijing)", collapsingDigits: true) { words.append($0) }
        #expect(words.count == 10)
    }

    @Test func aDifferentTitleLowersTheSimilarityOfTheSameText() throws {
        let text = try Self.analyst.text()
        let analyst = MinHashSignature(title: "Data Analyst", company: "Northwind Analytics", text: text)
        let engineer = MinHashSignature(title: "Backend Engineer", company: "Northwind Analytics", text: text)
        #expect(analyst.estimatedJaccard(with: engineer) < 0.95)
    }

    // MARK: - MinHash

    @Test func identicalTextsHaveEstimatedJaccardOne() throws {
        let signature = try Self.original.signature()
        #expect(signature.estimatedJaccard(with: try Self.original.signature()) == 1.0)
    }

    @Test(arguments: [(original, repost), (original, agency), (original, lightEdit), (analyst, backend),
                      (original, analyst), (original, unrelated)])
    func estimatedJaccardIsWithinATenthOfTheExactValue(first: Fixture, second: Fixture) throws {
        let exact = Self.exactJaccard(try first.features(), try second.features())
        let estimated = try first.signature().estimatedJaccard(with: second.signature())
        #expect(abs(estimated - exact) <= 0.1, "exact \(exact), estimated \(estimated)")
    }

    @Test func signaturesBuiltIndependentlyAreEqual() throws {
        let text = try Self.original.text()
        let first = MinHashSignature(features: Shingler(k: 5).features(title: "Machine Learning Engineer", company: "Northwind Analytics", text: text))
        let second = MinHashSignature(title: "Machine Learning Engineer", company: "Northwind Analytics", text: String(text))
        #expect(first == second)
        #expect(Set(first.values).count > 100)
    }

    // MARK: - Index

    @Test(arguments: [repost, agency, lightEdit])
    func repostsAreFoundAsDuplicatesOfTheOriginal(variant: Fixture) throws {
        let index = try Self.index([Self.original, Self.analyst, Self.backend, Self.unrelated])
        let duplicate = index.firstDuplicate(of: try variant.signature())
        #expect(duplicate?.id == Self.original.name)
        #expect((duplicate?.similarity ?? 0) >= 0.8)
    }

    @Test func rolesSharingTheCompanyBoilerplateAreNotDuplicates() throws {
        let index = try Self.index([Self.original, Self.analyst])
        let backend = try Self.backend.signature()
        #expect(index.firstDuplicate(of: backend) == nil)
        #expect(try Self.analyst.signature().estimatedJaccard(with: backend) < 0.5)
    }

    @Test func anUnrelatedPostingIsNotEvenACandidate() throws {
        let index = try Self.index(Self.all.filter { $0.name != Self.unrelated.name })
        let pastry = try Self.unrelated.signature()
        #expect(index.candidates(for: pastry).isEmpty)
        #expect(index.firstDuplicate(of: pastry, threshold: 0.1) == nil)
    }

    @Test func candidatesHoldTheRepostButNotTheOtherRoles() throws {
        let index = try Self.index([Self.original, Self.analyst, Self.backend, Self.unrelated])
        let candidates = index.candidates(for: try Self.repost.signature())
        #expect(candidates.contains(Self.original.name))
        #expect(!candidates.contains(Self.unrelated.name))
    }

    @Test func candidatesBelowTheThresholdAreNotDuplicates() throws {
        let index = try Self.index([Self.repost])
        let original = try Self.original.signature()
        #expect(index.candidates(for: original) == [Self.repost.name])
        #expect(index.firstDuplicate(of: original, threshold: 0.99) == nil)
    }

    @Test func answersDoNotDependOnInsertionOrder() throws {
        // Two copies of the original tie with it on similarity 1; the smallest id must win in either order.
        let copy = try Self.original.signature()
        var forward = try Self.index(Self.all)
        forward.insert(id: "copy-b", signature: copy)
        forward.insert(id: "copy-a", signature: copy)
        var backward = NearDuplicateIndex()
        backward.insert(id: "copy-a", signature: copy)
        backward.insert(id: "copy-b", signature: copy)
        for fixture in Self.all.reversed() { backward.insert(id: fixture.name, signature: try fixture.signature()) }

        for fixture in Self.all {
            let signature = try fixture.signature()
            #expect(forward.candidates(for: signature) == backward.candidates(for: signature))
            #expect(forward.firstDuplicate(of: signature)?.id == backward.firstDuplicate(of: signature)?.id)
        }
        #expect(forward.firstDuplicate(of: copy)?.id == "copy-a")
        #expect(backward.firstDuplicate(of: copy)?.id == "copy-a")
    }

    @Test func insertingAnIDAgainKeepsTheFirstSignature() throws {
        var index = NearDuplicateIndex()
        #expect(index.insert(id: "posting", signature: try Self.original.signature()))
        #expect(!index.insert(id: "posting", signature: try Self.unrelated.signature()))
        #expect(index.count == 1)
        #expect(index.firstDuplicate(of: try Self.original.signature())?.similarity == 1.0)
    }

    @Test func anIndexEmptiedForReuseFindsOnlyWhatIsInsertedAfter() throws {
        var index = NearDuplicateIndex(capacity: 4)
        index.insert(id: Self.original.name, signature: try Self.original.signature())
        index.removeAll()
        #expect(index.count == 0)
        #expect(index.candidates(for: try Self.repost.signature()).isEmpty)
        index.insert(id: Self.lightEdit.name, signature: try Self.lightEdit.signature())
        #expect(index.candidates(for: try Self.repost.signature()) == [Self.lightEdit.name])
        // The id is free again, so inserting it is not refused as a repeat.
        #expect(index.insert(id: Self.original.name, signature: try Self.original.signature()))
    }

    @Test(arguments: [0, 5000])
    func thousandsOfEntriesAreFoundWhetherTheStorageGrowsOrWasReserved(capacity: Int) {
        // Random signatures: each matches only itself, through all 21 of its bands, as the table grows.
        var generator = SystemRandomNumberGenerator()
        let signatures = (0..<5000).map { _ in MinHashSignature(values: (0..<128).map { _ in UInt32.random(in: 0...UInt32.max, using: &generator) }) }
        var index = NearDuplicateIndex(capacity: capacity)
        for (number, signature) in signatures.enumerated() { index.insert(id: "p\(number)", signature: signature) }
        #expect(index.count == 5000)
        for number in stride(from: 0, to: 5000, by: 97) {
            #expect(index.candidates(for: signatures[number]) == ["p\(number)"])
            #expect(index.firstDuplicate(of: signatures[number])?.id == "p\(number)")
        }
    }
}
