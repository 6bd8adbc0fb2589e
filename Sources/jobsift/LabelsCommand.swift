import ArgumentParser
import Foundation
import JobSiftKit

struct LabelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labels",
        abstract: "Make the training labels of real postings, and export labelled sets for other tools.",
        discussion: """
            Examples:
              jobsift labels build --dataset ../shared/data/postings.jsonl.gz --dataset ../shared/data/postings-extra.jsonl.gz
              jobsift labels export --dataset ../shared/data/postings.jsonl.gz --dataset ../shared/data/postings-extra.jsonl.gz \\
                  --gold ../shared/data/gold/roles-test.jsonl --gold-data ../shared/data/postings.jsonl.gz --output /tmp/roles.jsonl
            """,
        subcommands: [Build.self, Export.self]
    )
}

extension LabelsCommand {
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Label the training rows of datasets: readings by the guide first, then the title rule where the text agrees.",
            discussion: """
                Every row of the given split gets, in this order: its label in --read (postings read by \
                the role guide); else the title rule's role when the text agrees with it (an AI role \
                needs at least two AI/ML or typical skills demanded, `other` at most two AI/ML skills); \
                else no label. Writes the labels (ids, roles, method; never text) and prints the counts.
                """
        )

        @Option(name: .long, help: "A JSON Lines dataset to label (repeatable).")
        var dataset: [String]

        @Option(name: .long, help: "Only rows whose \"split\" field has this value; rows without the field are never taken.")
        var split = "train"

        @Option(name: .long, help: "Labels read by the guide, which win over the title rule.")
        var read = "corpora/labels/read-by-guide.jsonl"

        @Option(name: .long, help: "Where to write the labels.")
        var output = "corpora/labels/roles.jsonl"

        @Option(name: .long, help: "A taxonomy folder (default: models/taxonomy).")
        var taxonomy: String?

        func run() throws {
            let loaded = try ModelOptions(model: nil, taxonomy: taxonomy).loadTaxonomy()
            let rule = TitleRule(taxonomy: loaded.roles)
            let skills = SkillExtractor(taxonomy: loaded.skills)
            var labels: [TrainingLabel] = []
            do {
                var readings: [String: TrainingLabel] = [:]
                for label in try TrainingLabels.load(from: read) { readings[label.dataset + "\u{0}" + label.id] = label }
                for path in dataset {
                    let name = TrainingLabels.datasetName(ofPath: path)
                    for row in try DatasetReader().readAll(path: path).rows where row.fields["split"] == split {
                        guard let id = row.fields["id"] else { continue }
                        if let reading = readings[name + "\u{0}" + id] {
                            labels.append(reading)
                        } else if let role = TrainingLabels.titleRuleLabel(row.posting, rule: rule, taxonomy: loaded, skills: skills) {
                            labels.append(TrainingLabel(id: id, dataset: name, role: role, method: .titleRule))
                        }
                    }
                }
                try Data(TrainingLabels.encode(labels).utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
            print("wrote \(labels.count) labels to \(output)")
            let methods = TrainingLabel.Method.allCases
            print("role".padding(toLength: 28, withPad: " ", startingAt: 0)
                + methods.map { $0.rawValue.leftPadded(to: 14) }.joined() + "total".leftPadded(to: 8))
            for role in loaded.roles.roles.map(\.id) {
                let counts = methods.map { method in labels.filter { $0.role == role && $0.method == method }.count }
                print(role.padding(toLength: 28, withPad: " ", startingAt: 0)
                    + counts.map { "\($0)".leftPadded(to: 14) }.joined() + "\(counts.reduce(0, +))".leftPadded(to: 8))
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write labelled postings as JSON Lines (id, title, text, label, split) for other tools.",
            discussion: """
                The training labels become rows with split "train"; with --gold, the gold postings \
                become rows with split "test", so `../shared/bench/baseline.py classify --data FILE` \
                trains scikit-learn on exactly jobsift's labels and scores it on the same gold. \
                The file holds the postings' text: write it outside the project.
                """
        )

        @Option(name: .long, help: "A JSON Lines dataset the labels name (repeatable).")
        var dataset: [String] = []

        @Option(name: .long, help: "The training labels.")
        var labels = "corpora/labels/roles.jsonl"

        @Option(name: .long, help: "Also the project's own corpus folder (one sub-folder per role); \"none\" leaves it out.")
        var corpus = "none"

        @Option(name: .long, help: "Gold labels to export as the test split.")
        var gold: String?

        @Option(name: .long, help: "The dataset holding the gold postings' text.")
        var goldData: String?

        @Option(name: .long, help: "The output file.")
        var output: String

        func validate() throws {
            guard (gold == nil) == (goldData == nil) else { throw ValidationError("--gold and --gold-data go together.") }
        }

        func run() throws {
            struct Row: Encodable {
                var id: String
                var title: String
                var text: String
                var label: String
                var split: String
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var lines: [String] = []
            func add(_ id: String, _ posting: Posting, _ label: String, _ split: String) throws {
                let row = Row(id: id, title: posting.title ?? "", text: posting.text, label: label, split: split)
                lines.append(String(decoding: try encoder.encode(row), as: UTF8.self))
            }
            do {
                if corpus != "none" {
                    for item in try LabelledCorpus.load(from: corpus) { try add(item.posting.id, item.posting, item.label, "train") }
                }
                if !dataset.isEmpty {
                    let loaded = try TrainingLabels.load(from: labels)
                    let joined = try TrainingLabels.postings(for: loaded, labelsPath: labels, datasets: dataset)
                    for (label, item) in joined.postings { try add(label.id, item.posting, item.label, "train") }
                }
                if let gold, let goldData {
                    let rows = try TrainingLabels.rowsByID(datasetAt: goldData)
                    for label in try GoldLabel.load(from: gold) {
                        if let row = rows[label.id] { try add(label.id, row.posting, label.role, "test") }
                    }
                }
                try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
            print("wrote \(lines.count) postings to \(output)")
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
