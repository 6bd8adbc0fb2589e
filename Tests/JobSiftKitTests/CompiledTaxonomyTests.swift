import Foundation
import Testing
@testable import JobSiftKit

/// The compiled taxonomy stands in for the YAML only while it matches it; anything else falls back to the YAML.
@Suite struct CompiledTaxonomyTests {
    static let shippedYAML = try! JobTaxonomy.parse(TaxonomySources(folder: Paths.shippedTaxonomyFolder))

    /// A copy of the shipped taxonomy folder, compiled file included, removed by `body`'s end.
    func withCopyOfShippedFolder(_ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobsift-taxonomy-\(UUID())")
        try FileManager.default.copyItem(atPath: Paths.shippedTaxonomyFolder, toPath: folder.path)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder.path)
    }

    /// One of each thing the format holds, every alias condition set.
    static let small = JobTaxonomy(
        roles: RoleTaxonomy(roles: [
            Role(id: "ml-engineer", name: "ML Engineer", description: "Builds models.", titlePatterns: ["ml engineer"],
                 typicalSkills: ["pytorch"], occupationCodes: [OccupationCode(system: "SOC", code: "15-2051", title: "Data Scientists")]),
        ]),
        skills: SkillTaxonomy(categories: [SkillCategory(id: "tool", name: "Tools")], skills: [
            Skill(id: "pytorch", name: "PyTorch", category: "tool", aliases: [SkillAlias(text: "PyTorch")]),
            Skill(id: "r", name: "R", category: "tool", aliases: [{
                var alias = SkillAlias(text: "R")
                alias.caseSensitive = true
                alias.context = ["statistics"]
                alias.notContext = ["R&D"]
                alias.notNext = ["squared"]
                alias.notPrevious = ["your"]
                alias.window = 6
                alias.implies = ["pytorch"]
                return alias
            }()]),
        ]),
        seniority: SeniorityTaxonomy(levels: [
            SeniorityLevel(id: "senior", name: "Senior", minYears: 5, titleWords: [SkillAlias(text: "Senior")]),
            SeniorityLevel(id: "unspecified", name: "Unspecified", minYears: 0, titleWords: []),
        ]))

    @Test func compiledFormDecodesToTheTaxonomyTheShippedYAMLGives() throws {
        let bytes = CompiledTaxonomy.encode(Self.shippedYAML, sourceHash: 42)
        #expect(try CompiledTaxonomy.decode(bytes, sourceHash: 42, path: "c.jstx") == Self.shippedYAML)
    }

    @Test func everyAliasConditionSurvivesTheRoundTrip() throws {
        let bytes = CompiledTaxonomy.encode(Self.small, sourceHash: 7)
        #expect(try CompiledTaxonomy.decode(bytes, sourceHash: 7, path: "c.jstx") == Self.small)
    }

    @Test func shippedCompiledFileIsUpToDateWithTheShippedYAML() throws {
        let problem = try CompiledTaxonomy.problem(inFolder: Paths.shippedTaxonomyFolder)
        #expect(problem == nil, "\(problem?.description ?? "")")
        #expect(try JobTaxonomy.load(from: Paths.shippedTaxonomyFolder) == Self.shippedYAML)
    }

    @Test func editedYAMLMakesTheCompiledFileStaleAndTheNewYAMLIsUsed() throws {
        try withCopyOfShippedFolder { folder in
            let skills = URL(fileURLWithPath: folder).appendingPathComponent(JobTaxonomy.fileNames.skills)
            let text = try String(contentsOf: skills, encoding: .utf8)
            #expect(text.contains("name: PyTorch\n"))
            try text.replacingOccurrences(of: "name: PyTorch\n", with: "name: Torch (edited)\n")
                .write(to: skills, atomically: true, encoding: .utf8)

            #expect(try CompiledTaxonomy.problem(inFolder: folder) == .stale(path: CompiledTaxonomy.path(inFolder: folder)))
            let loaded = try JobTaxonomy.load(from: folder)
            #expect(loaded.skills.skill(id: "pytorch")?.name == "Torch (edited)")
            #expect(loaded == (try JobTaxonomy.parse(TaxonomySources(folder: folder))))
        }
    }

    @Test func compilingAgainAfterAnEditMakesTheCompiledFileCurrent() throws {
        try withCopyOfShippedFolder { folder in
            let roles = URL(fileURLWithPath: folder).appendingPathComponent(JobTaxonomy.fileNames.roles)
            try (try String(contentsOf: roles, encoding: .utf8) + "\n# a comment changes the bytes, not the taxonomy\n")
                .write(to: roles, atomically: true, encoding: .utf8)
            #expect(try CompiledTaxonomy.problem(inFolder: folder) != nil)

            try CompiledTaxonomy.compile(folder: folder)
            #expect(try CompiledTaxonomy.problem(inFolder: folder) == nil)
            #expect(try JobTaxonomy.load(from: folder) == Self.shippedYAML)
        }
    }

    enum Damage: String, CaseIterable {
        case flippedByte, truncated, otherVersion, empty, notCompiled, missing
    }

    @Test(arguments: Damage.allCases)
    func damagedCompiledFileIsPassedOverForTheYAML(damage: Damage) throws {
        try withCopyOfShippedFolder { folder in
            let path = CompiledTaxonomy.path(inFolder: folder)
            var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            switch damage {
            case .flippedByte: bytes[bytes.count / 2] ^= 0x20
            case .truncated: bytes.removeLast(bytes.count / 3)
            case .otherVersion: bytes[CompiledTaxonomy.magic.count] &+= 1
            case .empty: bytes = []
            case .notCompiled: bytes = Array("formatVersion: 1\n".utf8) + bytes
            case .missing: break
            }
            if damage == .missing {
                try FileManager.default.removeItem(atPath: path)
            } else {
                try Data(bytes).write(to: URL(fileURLWithPath: path))
            }

            let problem = try #require(try CompiledTaxonomy.problem(inFolder: folder))
            switch (damage, problem) {
            case (.flippedByte, .corrupted), (.truncated, .truncated), (.otherVersion, .unsupportedVersion),
                 (.empty, .truncated), (.notCompiled, .notCompiledTaxonomy), (.missing, .missing):
                break
            default:
                Issue.record("\(damage) was reported as \(problem)")
            }
            #expect(problem.description.contains("jobsift taxonomy --compile"))
            #expect(try JobTaxonomy.load(from: folder) == Self.shippedYAML)
        }
    }

    @Test func payloadCutAnywhereIsRefusedEvenWithAMatchingChecksum() {
        let whole = CompiledTaxonomy.encode(Self.small, sourceHash: 1)
        let payload = whole[CompiledTaxonomy.headerSize...]
        for length in 0..<payload.count {
            let cut = payload.prefix(length)
            var file = ByteWriter()
            file.append(CompiledTaxonomy.magic)
            file.append(CompiledTaxonomy.formatVersion)
            file.append(UInt64(1))
            file.append(UInt64(cut.count))
            file.append(FNV1a.hash(cut))
            file.append(Array(cut))
            #expect(throws: CompiledTaxonomyError.self) {
                try CompiledTaxonomy.decode(file.bytes, sourceHash: 1, path: "c.jstx")
            }
        }
    }

    @Test func brokenYAMLIsStillReportedWithItsLineWhenACompiledFileIsPresent() throws {
        try withCopyOfShippedFolder { folder in
            let seniority = URL(fileURLWithPath: folder).appendingPathComponent(JobTaxonomy.fileNames.seniority)
            try "formatVersion: 1\nlevels:\n  - {id: senior, name: Senior\n".write(to: seniority, atomically: true, encoding: .utf8)
            let error = #expect(throws: TaxonomyError.self) { try JobTaxonomy.load(from: folder) }
            guard case .invalid(let path, let line, let reason) = error else {
                Issue.record("wrong error \(String(describing: error))")
                return
            }
            #expect(path == seniority.path)
            #expect(line != nil)
            #expect(reason.contains("YAML syntax"))
        }
    }
}
