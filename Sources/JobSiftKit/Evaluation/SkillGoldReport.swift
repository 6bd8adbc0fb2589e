import Foundation
import Yams

/// Precision and recall of skill extraction against hand-annotated postings.
///
/// The gold file (YAML) lists postings by path, relative to the gold file, with the skill ids each
/// demands: `required` and `preferred`. A skill found counts as right when it is in either list;
/// the demand agreement is reported apart.
public struct SkillGoldReport: Sendable, Codable {
    public var postings: Int
    public var truePositives: Int
    public var falsePositives: Int
    public var falseNegatives: Int
    public var precision: Double
    public var recall: Double
    /// Of the skills found and in the gold, the share whose required/preferred mark agrees.
    public var demandAgreement: Double
    /// The most frequent misses, "skill-id (count)".
    public var missedSkills: [String]
    public var spuriousSkills: [String]
    /// Per posting, the gold skills not found and the skills found but not in the gold.
    public var differences: [PostingDifference]

    public struct PostingDifference: Sendable, Codable {
        public var file: String
        public var missed: [String]
        public var spurious: [String]
    }

    public static func evaluate(goldFile: String, taxonomy: SkillTaxonomy) throws -> SkillGoldReport {
        let reader = YAMLReader(path: goldFile)
        let root = try reader.root(of: try YAMLReader.text(ofFile: goldFile))
        let top = try reader.mapping(root, "the gold file")
        let folder = URL(fileURLWithPath: goldFile).deletingLastPathComponent()
        let extractor = SkillExtractor(taxonomy: taxonomy)
        let known = Set(taxonomy.skills.map(\.id))
        var tp = 0, fp = 0, fn = 0, demandAgree = 0, count = 0
        var missed: [String: Int] = [:]
        var spurious: [String: Int] = [:]
        var differences: [PostingDifference] = []
        for node in try reader.sequence(try reader.required(top, "postings", in: root, "the gold file"), "postings") {
            let fields = try reader.mapping(node, "a gold posting")
            let file = try reader.requiredString(fields, "file", in: node, "a gold posting")
            let required = Set(try reader.stringList(fields, "required", file))
            let preferred = Set(try reader.stringList(fields, "preferred", file))
            if let unknown = required.union(preferred).first(where: { !known.contains($0) }) {
                throw reader.fail(node, "\(file) lists skill \"\(unknown)\", which is not in the taxonomy")
            }
            let posting = PostingExtractor().extract(try LocalSource.read(path: folder.appendingPathComponent(file).path))
            let found = extractor.skills(title: posting.title, text: posting.text, sections: PostingSections(text: posting.text))
                .filter { $0.demand != .notDemanded }
            let foundIDs = Set(found.map(\.id))
            let gold = required.union(preferred)
            count += 1
            tp += foundIDs.intersection(gold).count
            fp += foundIDs.subtracting(gold).count
            fn += gold.subtracting(foundIDs).count
            for id in gold.subtracting(foundIDs) { missed[id, default: 0] += 1 }
            for id in foundIDs.subtracting(gold) { spurious[id, default: 0] += 1 }
            if foundIDs != gold {
                differences.append(PostingDifference(
                    file: file, missed: gold.subtracting(foundIDs).sorted(), spurious: foundIDs.subtracting(gold).sorted()))
            }
            for skill in found where gold.contains(skill.id) {
                if (skill.demand == .required) == required.contains(skill.id) { demandAgree += 1 }
            }
        }
        func mostFrequent(_ counts: [String: Int]) -> [String] {
            counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(12).map { "\($0.key) (\($0.value))" }
        }
        return SkillGoldReport(
            postings: count, truePositives: tp, falsePositives: fp, falseNegatives: fn,
            precision: tp + fp > 0 ? Double(tp) / Double(tp + fp) : 0,
            recall: tp + fn > 0 ? Double(tp) / Double(tp + fn) : 0,
            demandAgreement: tp > 0 ? Double(demandAgree) / Double(tp) : 0,
            missedSkills: mostFrequent(missed), spuriousSkills: mostFrequent(spurious),
            differences: differences)
    }

    public var text: String {
        """
        skill matcher on \(postings) gold postings
        precision \(String(format: "%.3f", precision))   recall \(String(format: "%.3f", recall))   \
        (found right \(truePositives), found wrongly \(falsePositives), missed \(falseNegatives))
        required/preferred agreement on skills found right: \(String(format: "%.3f", demandAgreement))
        most missed: \(missedSkills.joined(separator: ", "))
        most spurious: \(spuriousSkills.joined(separator: ", "))
        """
    }

    /// One line per posting that differs from its gold: `-` missed, `+` found wrongly.
    public var differencesText: String {
        differences.map { difference in
            ([difference.file] + difference.missed.map { "  - \($0)" } + difference.spurious.map { "  + \($0)" })
                .joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
