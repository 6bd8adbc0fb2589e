// libFuzzer entry points for jobsift's readers of outside input. Built only by `scripts/fuzz`
// (with -sanitize=fuzzer,address); the target is picked by JOBSIFT_FUZZ_TARGET.
import Foundation
@testable import JobSiftKit

/// One reader of untrusted bytes, run on each input the fuzzer makes.
enum FuzzTarget: String, CaseIterable {
    case html, jsonld, dataset, charset, salary, tokenizer, posting, model, warc

    func run(_ bytes: [UInt8]) {
        switch self {
        case .html: Self.html(bytes)
        case .jsonld: Self.jsonLD(bytes)
        case .dataset: Self.dataset(bytes)
        case .charset: Self.charset(bytes)
        case .salary: Self.salaryAndWorkplace(bytes)
        case .tokenizer: Self.tokenizer(bytes)
        case .posting: Self.posting(bytes)
        case .model: Self.model(bytes)
        case .warc: Self.warc(bytes)
        }
    }

    /// A page: main text, JSON-LD, microdata, the deep-nesting fallback, fields from the text.
    static func html(_ bytes: [UInt8]) {
        let postings = PostingExtractor().extractAll(SourceDocument(source: "fuzz.html", bytes: bytes, kind: .html))
        precondition(!postings.isEmpty, "a page gives at least one (perhaps empty) posting")
        for posting in postings {
            precondition(posting.salary?.isPlausible != false, "an implausible salary is dropped")
        }
        _ = MainTextExtractor().text(ofFragment: String(decoding: bytes, as: UTF8.self))
    }

    /// JSON-LD blocks found in markup, the JSON parser, and the JobPosting reader over both.
    static func jsonLD(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let blocks = JSONLDScanner.blocks(in: text) ?? []
        _ = JobPostingJSONLDReader().read(blocks + [text])
        if let value = try? JSONValue(parsing: bytes) {
            _ = JobPostingJSONLDReader().read(values: [value])
        }
        _ = PostingExtractor().extractAll(SourceDocument(source: "fuzz.json", bytes: bytes, kind: .json))
    }

    /// CSV, TSV and JSON Lines datasets, read from a file as `analyze` reads them, with a row cap
    /// small enough for the fuzzer to cross; and the CSV parser fed in uneven chunks.
    static func dataset(_ bytes: [UInt8]) {
        for (name, format) in [("csv", DatasetReader.Format.csv), ("tsv", .tsv), ("jsonl", .jsonLines)] {
            let path = scratchPath + "." + name
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { fatalError("cannot write \(path)") }
            let reader = DatasetReader(maximumRowBytes: 512)
            try? reader.read(path: path, format: format, row: { precondition(!$0.posting.text.isEmpty) },
                             skipped: { line, _ in precondition(line >= 1) })
        }
        var parser = CSVParser(separator: UInt8(ascii: ","), maximumRecordBytes: 256)
        let chunk = max(1, Int(bytes.first ?? 1) % 17)
        var start = 0
        while start < bytes.count {
            parser.feed(bytes[start..<min(start + chunk, bytes.count)], emit: { _, _ in })
            start += chunk
        }
        parser.finish(emit: { _, _ in })
    }

    /// Charset detection and decoding; the first line, when there is one, is the Content-Type.
    static func charset(_ bytes: [UInt8]) {
        let newline = bytes.firstIndex(of: 0x0A)
        let contentType = newline.map { String(decoding: bytes[..<$0], as: UTF8.self) }
        let body = newline.map { Array(bytes[($0 + 1)...]) } ?? bytes
        for isHTML in [true, false] {
            let decoded = TextDecoding.decode(body, contentType: contentType, isHTML: isHTML)
            precondition(!body.isEmpty || decoded.text.isEmpty, "no text is made up from no bytes")
        }
        if let contentType { _ = TextDecoding.charsetLabel(inContentType: contentType) }
        _ = TextDecoding.utf8OrWindows1252(body)
    }

    /// Salary, workplace, language and date read from free text.
    static func salaryAndWorkplace(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        if let salary = SalaryText.find(in: text), let minimum = salary.minimum, let maximum = salary.maximum {
            precondition(minimum <= maximum, "a salary range runs from its minimum to its maximum")
        }
        let title = text.split(separator: "\n", maxSplits: 1).first.map(String.init)
        _ = WorkplaceText.detect(title: title, text: text)
        _ = LanguageDetector.detect(text)
        _ = PostingDate.normalize(text)
    }

    /// Tokens, spans and terms; every span must point back at its own text.
    static func tokenizer(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let tokenizer = Tokenizer()
        _ = tokenizer.terms(text)
        _ = tokenizer.tokens(text)
        for span in tokenizer.spans(text) {
            precondition(!span.text.isEmpty && !span.surface.isEmpty && span.line >= 0)
        }
    }

    /// A whole text posting through the shipped model and taxonomy: role, seniority, skills.
    static func posting(_ bytes: [UInt8]) {
        guard let analyzer = shippedAnalyzer else { return }
        let posting = PostingExtractor().extract(SourceDocument(source: "fuzz.txt", bytes: bytes, kind: .text))
        let role = analyzer.analyze(posting).role
        precondition((0...1).contains(role.probability), "a role's probability is a probability")
    }

    /// A model file as read from disk, and the same bytes re-sealed with a valid header and
    /// checksum so that the fuzzer reaches the payload decoder; a model that loads must classify.
    static func model(_ bytes: [UInt8]) {
        _ = try? ModelFile.decode(bytes, path: "fuzz.jsm")
        var sealed = ByteWriter()
        sealed.append(ModelFile.magic)
        sealed.append(ModelFile.formatVersion)
        sealed.append(UInt64(bytes.count))
        sealed.append(FNV1a.hash(bytes))
        sealed.append(bytes)
        if let classifier = try? ModelFile.decode(sealed.bytes, path: "fuzz.jsm") {
            _ = classifier.predict(["machine learning engineer", "pytorch models in production"])
        }
    }

    /// A WARC file, read as `analyze` reads one: records, HTTP responses, chunked bodies, pages.
    static func warc(_ bytes: [UInt8]) {
        let path = scratchPath + ".warc"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { fatalError("cannot write \(path)") }
        var reader = PostingReader(maximumFileBytes: 65_536)
        reader.allWARCPages = true
        var postings = 0
        var summary = WARCSummary()
        try? reader.read(.warc(path: path), posting: { _ in postings += 1 }, failure: { _ in }, warc: { summary = $0 })
        precondition(summary.pages <= summary.records && summary.pagesWithPostings <= summary.pages, "counts hang together")
        precondition(postings >= summary.postings, "every counted posting was handed on")
    }

    static let scratchPath = NSTemporaryDirectory() + "jobsift-fuzz-\(getpid())"

    /// The analyzer of the shipped model, loaded once; nil (the target does nothing) if missing.
    nonisolated(unsafe) static var shippedAnalyzer: PostingAnalyzer?
}

nonisolated(unsafe) var selectedTarget: FuzzTarget?

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    let name = ProcessInfo.processInfo.environment["JOBSIFT_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("set JOBSIFT_FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(64)
    }
    selectedTarget = target
    if target == .model, let folder = ProcessInfo.processInfo.environment["JOBSIFT_FUZZ_SEED_DIR"] {
        writeModelSeeds(to: folder)
    }
    if target == .posting {
        FuzzTarget.shippedAnalyzer = try? PostingAnalyzer.load(model: "models/default/roles.jsm", taxonomy: "models/taxonomy")
        if FuzzTarget.shippedAnalyzer == nil {
            FileHandle.standardError.write(Data("the posting target needs models/default/roles.jsm; run from the project folder\n".utf8))
            exit(64)
        }
    }
    // Globals made on first use (compiled patterns, tables) live for the whole process; making
    // them now keeps the leak check to what one input allocates and does not free.
    target.run(Array(warmUpPosting.utf8))
    return 0
}

let warmUpPosting = """
    Senior Machine Learning Engineer (Remote, US)
    We are hiring an ML engineer with 5+ years of experience in Python, PyTorch and Kubernetes.
    Salary: $150,000 - $180,000 per year. Hybrid: two days a week in our Berlin office.
    Posted 2024-05-03.
    """

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selectedTarget?.run(bytes)
    return 0
}

/// A tiny model as a whole file and as a bare payload (the target seals a payload itself).
func writeModelSeeds(to folder: String) {
    let examples = [
        LabelledText(fields: ["machine learning engineer", "pytorch models kubernetes"], label: "ml-engineer"),
        LabelledText(fields: ["data scientist", "sql statistics experiments"], label: "data-scientist"),
        LabelledText(fields: ["accountant", "ledgers invoices audits"], label: "other"),
    ]
    let file = ModelFile.encode(TextClassifier.train(examples), metadata: ["corpus": "fuzz seed"])
    FileManager.default.createFile(atPath: folder + "/tiny.jsm", contents: Data(file))
    FileManager.default.createFile(atPath: folder + "/tiny-payload", contents: Data(file[ModelFile.headerSize...]))
}
