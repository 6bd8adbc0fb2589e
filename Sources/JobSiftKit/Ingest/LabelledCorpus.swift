import Foundation

/// Where a training posting's label came from.
public enum LabelOrigin: Sendable, Equatable {
    /// A posting written for the project, under its role's folder.
    case writtenForProject
    /// A real posting labelled from its title, its text agreeing.
    case titleRule
    /// A real posting read by an annotator following the role guide.
    case readByGuide
}

/// A posting with the role it is known to be.
public struct LabelledPosting: Sendable {
    public var posting: Posting
    public var label: String
    /// Postings of one group (reposts of one ad) are kept on one side of any split.
    public var group: String?
    public var origin: LabelOrigin
    /// How many real postings this one stands for when the model is calibrated: a posting read
    /// from a sample stands for its stratum, one whose stratum was sampled and not read for none.
    public var calibrationWeight: Double
    /// A role the reader found about as fitting as `label`, if any: an acceptable answer too.
    public var alternative: String?

    public init(posting: Posting, label: String, group: String? = nil, origin: LabelOrigin = .writtenForProject,
                calibrationWeight: Double = 1, alternative: String? = nil) {
        self.posting = posting
        self.label = label
        self.group = group
        self.origin = origin
        self.calibrationWeight = calibrationWeight
        self.alternative = alternative
    }
}

/// A training corpus laid out as one folder per class: `<root>/<label>/<posting file>`.
public enum LabelledCorpus {
    /// Reads every posting below `root`, in path order so that training is deterministic.
    /// A file that cannot be read stops the load with an error naming it: a corpus must be whole.
    public static func load(from root: String) throws(IngestError) -> [LabelledPosting] {
        let rootURL = URL(fileURLWithPath: root)
        let labels: [String]
        do {
            labels = try FileManager.default.contentsOfDirectory(atPath: root)
                .filter { !$0.hasPrefix(".") && isDirectory(rootURL.appendingPathComponent($0).path) }
                .sorted()
        } catch {
            throw .unreadableFile(path: root, reason: "not a corpus folder (one sub-folder per role)")
        }
        let extractor = PostingExtractor()
        var result: [LabelledPosting] = []
        for label in labels {
            let folder = rootURL.appendingPathComponent(label)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            // Only posting files count; anything else (a README, an editor's backup) is passed over.
            for name in names.sorted() where PostingInput.postingExtensions.contains((name as NSString).pathExtension.lowercased()) {
                let document = try LocalSource.read(path: folder.appendingPathComponent(name).path)
                result.append(LabelledPosting(posting: extractor.extract(document), label: label))
            }
        }
        return result
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
