import Foundation

/// The role of one real posting for training, by id: the project keeps these labels, never the
/// postings' text, which is read from the datasets beside the checkout.
public struct TrainingLabel: Sendable, Equatable, Codable {
    /// How a label was made.
    public enum Method: String, Sendable, Codable, CaseIterable {
        /// The title rule named the role and the text agreed (see `TrainingLabels.titleRuleLabel`).
        case titleRule = "title-rule"
        /// Read by an annotator following the role guide, blind to the model.
        case readByGuide = "read-by-guide"
    }

    public var id: String
    /// The dataset file's name without its extensions (`postings`, `postings-extra`).
    public var dataset: String
    public var role: String
    public var method: Method
    /// For a reading that found two roles about equally fitting, the other one.
    public var alternative: String?

    public init(id: String, dataset: String, role: String, method: Method, alternative: String? = nil) {
        self.id = id
        self.dataset = dataset
        self.role = role
        self.method = method
        self.alternative = alternative
    }
}

/// Why a labels file could not be used.
public enum TrainingLabelsError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String)
    case invalidLine(path: String, line: Int, reason: String)
    case unknownDataset(path: String, dataset: String, given: [String])

    public var description: String {
        switch self {
        case .unreadable(let path):
            return "cannot read the labels file \(path); check the path."
        case .invalidLine(let path, let line, let reason):
            return "\(path):\(line): \(reason). Each line must be a JSON object with id, dataset, role and method."
        case .unknownDataset(let path, let dataset, let given):
            return "\(path) labels rows of the dataset \"\(dataset)\", which was not given (given: "
                + "\(given.isEmpty ? "none" : given.joined(separator: ", "))). Pass it with --dataset."
        }
    }
}

/// Reads, writes and makes training labels, and joins them with the datasets' rows.
public enum TrainingLabels {
    /// The name a dataset's rows are labelled under: its file name without `.jsonl`, `.gz`.
    public static func datasetName(ofPath path: String) -> String {
        var name = URL(fileURLWithPath: path).lastPathComponent
        for suffix in [".gz", ".jsonl", ".json", ".csv", ".tsv"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
        }
        return name
    }

    /// Reads a labels file: JSON Lines of `TrainingLabel`.
    public static func load(from path: String) throws(TrainingLabelsError) -> [TrainingLabel] {
        try decodeLines(TrainingLabel.self, path: path, what: "a label")
    }

    /// Each non-blank line of a JSON Lines file decoded as `T`; `what` names a line in errors.
    static func decodeLines<T: Decodable>(_ type: T.Type, path: String, what: String) throws(TrainingLabelsError) -> [T] {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        let decoder = JSONDecoder()
        var values: [T] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.allSatisfy({ $0 == 0x20 }) {
            do {
                values.append(try decoder.decode(T.self, from: Data(line)))
            } catch {
                throw .invalidLine(path: path, line: index + 1, reason: "not \(what) (\(error))")
            }
        }
        return values
    }

    /// The rows of a JSON Lines dataset by their `id` field (rows without one are left out).
    public static func rowsByID(datasetAt path: String) throws -> [String: DatasetRow] {
        var rows: [String: DatasetRow] = [:]
        for row in try DatasetReader().readAll(path: path).rows {
            if let id = row.fields["id"] { rows[id] = row }
        }
        return rows
    }

    /// The labels as JSON Lines, one object per line with sorted keys, in the given order.
    public static func encode(_ labels: [TrainingLabel]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return labels.map { String(decoding: try! encoder.encode($0), as: UTF8.self) + "\n" }.joined()
    }

    /// The weight each labelled posting has when the model is calibrated, from the reading
    /// sample (`scripts/select-reading-sample.py`: JSON Lines of id, dataset, stratum, read): a
    /// posting that was read stands for its stratum's postings over those read; one of a sampled
    /// stratum that was not read, for none (its stratum's readings stand for it). Keyed by
    /// `dataset`, a NUL and the id; postings outside every sampled stratum weigh 1.
    public static func calibrationWeights(sampleAt path: String) throws(TrainingLabelsError) -> [String: Double] {
        struct Member: Decodable {
            var id: String
            var dataset: String
            var stratum: String
            var read: Bool
        }
        let members = try decodeLines(Member.self, path: path, what: "a sample member")
        var population: [String: Double] = [:]
        var read: [String: Double] = [:]
        for member in members {
            population[member.stratum, default: 0] += 1
            if member.read { read[member.stratum, default: 0] += 1 }
        }
        var weights: [String: Double] = [:]
        for member in members {
            weights[member.dataset + "\u{0}" + member.id] = member.read ? population[member.stratum]! / read[member.stratum]! : 0
        }
        return weights
    }

    /// The labelled postings: each label joined with its row in `datasets` (paths), in the labels'
    /// order, weighted by `calibrationWeights`. A label whose row is missing is counted in
    /// `missing`, not an error: datasets grow.
    public static func postings(for labels: [TrainingLabel], labelsPath: String, datasets: [String],
                                calibrationWeights: [String: Double] = [:]) throws
        -> (postings: [(label: TrainingLabel, posting: LabelledPosting)], missing: Int) {
        var rows: [String: [String: DatasetRow]] = [:]
        let needed = Set(labels.map(\.dataset))
        for path in datasets where needed.contains(datasetName(ofPath: path)) {
            rows[datasetName(ofPath: path)] = try rowsByID(datasetAt: path)
        }
        if let absent = needed.subtracting(rows.keys).sorted().first {
            throw TrainingLabelsError.unknownDataset(path: labelsPath, dataset: absent, given: datasets.map(datasetName(ofPath:)))
        }
        var postings: [(label: TrainingLabel, posting: LabelledPosting)] = []
        var missing = 0
        for label in labels {
            guard let row = rows[label.dataset]?[label.id] else {
                missing += 1
                continue
            }
            postings.append((label, LabelledPosting(
                posting: row.posting, label: label.role, group: row.fields["near_dup_group"],
                origin: label.method == .titleRule ? .titleRule : .readByGuide,
                calibrationWeight: calibrationWeights[label.dataset + "\u{0}" + label.id] ?? 1, alternative: label.alternative)))
        }
        return (postings, missing)
    }

    /// Skill categories whose skills show AI/ML work.
    static let aiSkillCategories: Set<String> = [
        "ml-framework", "llm-framework", "model-family", "ml-technique", "llm-technique", "nlp", "computer-vision",
        "speech-and-dialogue", "mlops", "vector-database",
    ]

    /// The title rule's role for a posting when its text agrees, else nil (the posting is then
    /// left to be read). The text agrees with an AI role when it demands at least two skills that
    /// are AI/ML skills or the role's typical skills; with `other` when it demands at most two
    /// AI/ML skills, so a generic title over LLM work is never labelled `other` unread.
    public static func titleRuleLabel(_ posting: Posting, rule: TitleRule, taxonomy: JobTaxonomy,
                                      skills: SkillExtractor) -> String? {
        guard let role = rule.label(posting.title) else { return nil }
        let demanded = skills.skills(title: nil, text: posting.text, sections: PostingSections(text: posting.text))
            .filter { $0.demand != .notDemanded }
        let aiSkills = demanded.filter { aiSkillCategories.contains($0.category) }.count
        if role == RoleTaxonomy.otherRoleID { return aiSkills <= 2 ? role : nil }
        let typical = Set(taxonomy.roles.role(id: role)?.typicalSkills ?? [])
        let agreeing = demanded.filter { aiSkillCategories.contains($0.category) || typical.contains($0.id) }.count
        return agreeing >= 2 ? role : nil
    }
}
