import CMalloc
import Dispatch
import Foundation
import Synchronization

/// How a batch run behaves.
public struct BatchOptions: Sendable {
    /// Postings analysed together and committed in one transaction.
    public var batchSize = 256
    /// Threads that read and analyse at once.
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    /// Estimated Jaccard similarity of 5-word shingles at or above which a posting is a near-duplicate
    /// of an earlier one. Reposts with a changed city, date or a few words score 0.7 to 0.9; two roles
    /// sharing a company's boilerplate about 0.35.
    public var nearDuplicateThreshold = 0.7
    /// Stop after this many postings have been read (the rest is left for a later run).
    public var stopAfter: Int?
    /// The newest originals are searched for near-duplicates in memory; this many at most, then they
    /// are added to the store's band index in one sorted pass (see `PostingStore.indexNewOriginals`).
    /// Room for them is taken when the run starts, about 1.1 KB each plus 2.8 MB for a pass, so memory
    /// does not grow as they come.
    public var originalsInMemory = 8192

    public init() {}
}

/// Where a run stands, handed out after every committed batch.
public struct BatchProgress: Sendable {
    /// Postings read so far, and the number expected when it is known (folders of files).
    public var postings: Int
    public var expected: Int?
    public var counts: RunCounts
    public var elapsed: Double
}

/// What a run did.
public struct BatchSummary: Sendable, Codable {
    public var run: Int64
    public var counts: RunCounts
    /// Postings stored in this run that are not duplicates, by role.
    public var roles: [String: Int]
    public var seconds: Double
    /// True when `stopAfter` ended the run early.
    public var stoppedEarly: Bool
    /// What the WARC files among the inputs held, when there were any.
    public var warc: WARCSummary?
}

/// Reads every posting of the inputs, analyses them on all cores, finds exact and near duplicates,
/// and writes the results to the store in batches, each in one transaction.
///
/// A re-run passes over files and postings already stored with the same model and taxonomy, so an
/// interrupted run is completed by running it again, and nothing is counted twice.
public final class BatchAnalyzer {
    let store: PostingStore
    let analyzer: PostingAnalyzer
    let reader: PostingReader
    let versions: AnalysisVersions
    let options: BatchOptions

    public init(store: PostingStore, analyzer: PostingAnalyzer, reader: PostingReader, versions: AnalysisVersions,
                options: BatchOptions = BatchOptions()) {
        self.store = store
        self.analyzer = analyzer
        self.reader = reader
        self.versions = versions
        self.options = options
    }

    /// Runs over `inputs`; `failure` hears of each thing that could not be read, `progress` of each batch.
    ///
    /// It fixes glibc's mmap threshold for the process at 256 KB and trims the heaps after each batch,
    /// which keeps resident memory flat over a long run (see the comments in the body).
    public func run(_ inputs: PostingInputList, sources: [String], progress: (BatchProgress) -> Void,
                    failure: (ReadFailure) -> Void) throws -> BatchSummary {
        HTMLDocument.prepareForThreads()
        // glibc serves a block from its own mapping when it is larger than a threshold that rises to
        // the size of each such block freed. Once a band-index pass frees its large arrays, every
        // batch's buffers below that size come from the heaps instead, which then grow and fragment;
        // a fixed threshold keeps resident memory where it was before the pass.
        mallopt(M_MMAP_THRESHOLD, 256 * 1024)
        let started = Date()
        let runID = try store.beginRun(versions: versions, sources: sources)
        var state = try RunState(store: store, versions: versions, threshold: options.nearDuplicateThreshold,
                                 originalsInMemory: options.originalsInMemory, batchSize: options.batchSize)
        // A dataset or a WARC file holds an unknown number of postings.
        let expected = inputs.allSatisfy {
            switch $0 {
            case .dataset, .warc: false
            default: true
            }
        } ? inputs.count : nil
        var jobs: [Job] = []
        var stopped = false
        // While one batch is committed, the next is analysed: the commit runs on this thread and
        // would otherwise leave the workers idle.
        var inFlight: (jobs: [Job], analysis: PendingAnalysis)?

        var warc: WARCSummary?
        func commitInFlight() throws {
            guard let (batch, analysis) = inFlight else { return }
            inFlight = nil
            let outcomes = analysis.wait()
            for (job, jobOutcomes) in zip(batch, outcomes) {
                guard case .page = job else { continue }
                let analysed = jobOutcomes.count { if case .analysed = $0 { true } else { false } }
                if analysed > 0 { warc?.pagesWithPostings += 1 }
                warc?.postings += analysed
            }
            try state.commit(jobs: batch.map(\.mark), outcomes: outcomes, run: runID, failure: failure)
            progress(BatchProgress(postings: state.counts.read + state.counts.failed, expected: expected,
                                   counts: state.counts, elapsed: Date().timeIntervalSince(started)))
        }
        func flush() throws {
            guard !jobs.isEmpty else { return try commitInFlight() }
            let next = (jobs, PendingAnalysis(jobs, reader: reader, analyzer: analyzer, workers: options.workers))
            jobs.removeAll(keepingCapacity: true)
            try commitInFlight()
            inFlight = next
        }
        func full() -> Bool {
            if let limit = options.stopAfter, state.counts.read + (inFlight?.jobs.count ?? 0) + jobs.count >= limit {
                stopped = true
                return true
            }
            return jobs.count >= options.batchSize
        }

        inputLoop: for input in inputs {
            switch input {
            case .dataset(let path, let format):
                var rowsStopped = false
                do {
                    try reader.datasets.read(path: path, format: format, row: { row in
                        guard !rowsStopped else { return }
                        if try state.isStored(source: row.posting.source) {
                            state.counts.read += 1
                            state.counts.alreadyStored += 1
                            return
                        }
                        var posting = row.posting
                        if let origin = reader.origin { posting.origin = origin }
                        jobs.append(.posting(posting))
                        if full() {
                            try flush()
                            if stopped { try commitInFlight() }
                            rowsStopped = stopped
                        }
                    }, skipped: { line, reason in
                        state.counts.failed += 1
                        failure(ReadFailure(source: "\(path):\(line)", reason: reason))
                    })
                } catch let error as IngestError {
                    // A dataset that cannot be read at all (empty, no text column) is one failure, not the end of the run.
                    state.counts.failed += 1
                    failure(ReadFailure(source: path, reason: error.reason))
                }
            case .warc(let path):
                // Pages are read here in file order; workers extract and analyse them.
                if warc == nil { warc = WARCSummary() }
                var pagesStopped = false
                // Pages with postings, and the postings, are counted as their batches are committed,
                // which happens while the file is read: its own counts are added after it is read.
                let summary = try reader.forEachWARCPage(path: path, page: { page in
                    guard !pagesStopped else { return }
                    if try state.isStored(source: page.document.source) {
                        state.counts.read += 1
                        state.counts.alreadyStored += 1
                        return
                    }
                    jobs.append(.page(page))
                    if full() {
                        try flush()
                        if stopped { try commitInFlight() }
                        pagesStopped = stopped
                    }
                }, failure: { problem in
                    state.counts.failed += 1
                    failure(problem)
                })
                warc?.add(summary)
            case .file(let path):
                let mark = Self.mark(of: path)
                if let mark, let stored = try store.fileMark(path: path), stored.size == mark.size, stored.modified == mark.modified {
                    state.counts.read += stored.postings
                    state.counts.alreadyStored += stored.postings
                    continue
                }
                jobs.append(.input(input, mark: mark))
            case .url, .standardInput:
                jobs.append(.input(input, mark: nil))
            }
            if stopped || full() {
                try flush()
                if stopped {
                    try commitInFlight()
                    break inputLoop
                }
            }
        }
        if !stopped {
            try flush()
            try commitInFlight()
        }
        try state.indexRecentOriginals()
        let summary = BatchSummary(run: runID, counts: state.counts, roles: state.roles,
                                   seconds: Date().timeIntervalSince(started), stoppedEarly: stopped, warc: warc)
        if !stopped { try store.finishRun(runID, counts: state.counts) }
        return summary
    }

    /// Re-scores every stored posting with this analyzer (a new model or taxonomy) from the stored
    /// text, without reading any source; duplicates stay as they were.
    public func reclassify(progress: (BatchProgress) -> Void) throws -> BatchSummary {
        let started = Date()
        let runID = try store.beginRun(versions: versions, sources: ["--reclassify"])
        var counts = RunCounts()
        var roles: [String: Int] = [:]
        var last: Int64 = 0
        while true {
            let chunk = try store.postings(after: last, limit: options.batchSize)
            guard let end = chunk.last?.rowid else { break }
            last = end
            let outcomes = Self.analyse(chunk.map { .posting($0.posting) }, reader: reader, analyzer: analyzer,
                                        workers: options.workers)
            var updates: [(id: String, analysis: PostingAnalysis, scores: [RoleClassification.Candidate])] = []
            for (item, jobOutcomes) in zip(chunk, outcomes) {
                guard case .analysed(_, let analysis, let scores, _)? = jobOutcomes.first else { continue }
                updates.append((item.id, analysis, scores))
                if !item.isDuplicate { roles[analysis.role.role, default: 0] += 1 }
            }
            try store.updateAnalyses(updates, versions: versions)
            counts.read += chunk.count
            counts.stored += updates.count
            progress(BatchProgress(postings: counts.read, expected: nil, counts: counts,
                                   elapsed: Date().timeIntervalSince(started)))
        }
        try store.finishRun(runID, counts: counts)
        return BatchSummary(run: runID, counts: counts, roles: roles, seconds: Date().timeIntervalSince(started),
                            stoppedEarly: false)
    }

    /// The size and modification time of a file, to tell later whether it changed.
    private static func mark(of path: String) -> FileMark? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        // Computed as Foundation computes `modificationDate`, so marks stored by earlier versions still match.
        let modified = Date(timeIntervalSinceReferenceDate: Double(info.st_mtim.tv_sec) - Date.timeIntervalBetween1970AndReferenceDate
                            + Double(info.st_mtim.tv_nsec) / 1_000_000_000).timeIntervalSince1970
        return FileMark(path: path, size: Int64(info.st_size), modified: modified, postings: 0)
    }

    /// Reads and analyses the jobs on `workers` threads; the outcomes keep the jobs' order.
    fileprivate static func analyse(_ jobs: [Job], reader: PostingReader, analyzer: PostingAnalyzer, workers: Int) -> [[Outcome]] {
        let slots = OutcomeSlots<Outcome>(count: jobs.count)
        let workers = max(1, min(workers, jobs.count))
        // Each thread takes the next job when it is free, so no thread idles while another has a queue.
        let nextJob = JobCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while case let index = nextJob.take(), index < jobs.count {
                var outcomes: [Outcome] = []
                func analyse(_ posting: Posting) {
                    guard posting.status == .ok else { return outcomes.append(.noContent(posting)) }
                    var analysis = analyzer.analyze(posting, alternatives: Int.max, evidence: 0)
                    let role = analysis.role
                    let candidates = [RoleClassification.Candidate(role: role.role, name: role.roleName,
                                                                   probability: role.probability)] + role.alternatives
                    analysis.role.alternatives = Array(role.alternatives.prefix(2))
                    let signature = MinHashSignature(title: posting.title, company: posting.company, text: posting.text)
                    outcomes.append(.analysed(posting, analysis, candidates, signature))
                }
                switch jobs[index] {
                case .posting(let posting):
                    analyse(posting)
                case .page(let page):
                    reader.postings(of: page).forEach(analyse)
                case .input(let input, _):
                    try? reader.read(input, posting: analyse, failure: { outcomes.append(.failed($0)) })
                }
                slots.set(index, outcomes)
            }
        }
        return slots.values
    }
}

/// A batch being analysed on other threads, to be waited for when its turn to be committed comes.
private final class PendingAnalysis: @unchecked Sendable {
    private let done = DispatchGroup()
    private var outcomes: [[Outcome]] = []

    init(_ jobs: [Job], reader: PostingReader, analyzer: PostingAnalyzer, workers: Int) {
        done.enter()
        DispatchQueue.global().async { [self] in
            outcomes = BatchAnalyzer.analyse(jobs, reader: reader, analyzer: analyzer, workers: workers)
            done.leave()
        }
    }

    /// The outcomes, once the analysis is over.
    func wait() -> [[Outcome]] {
        done.wait()
        return outcomes
    }
}

/// One piece of work for a thread: a file or URL to read, or a posting already read from a dataset.
fileprivate enum Job: Sendable {
    case input(PostingInput, mark: FileMark?)
    case posting(Posting)
    /// A WARC file's page, read in file order, to be extracted on a worker.
    case page(WARCPage)
}

/// What a job yields: postings with their analyses, or why nothing could be read.
fileprivate enum Outcome: Sendable {
    case analysed(Posting, PostingAnalysis, [RoleClassification.Candidate], MinHashSignature)
    case noContent(Posting)
    case failed(ReadFailure)
}

private extension Job {
    var mark: FileMark? {
        if case .input(_, let mark) = self { return mark }
        return nil
    }
}

/// Hands out job indices to threads, each once.
private final class JobCounter: Sendable {
    private let next = Atomic<Int>(0)

    func take() -> Int {
        next.wrappingAdd(1, ordering: .relaxed).oldValue
    }
}

/// One slot per job, each written by exactly one thread, read after all threads are done. The
/// buffer is allocated once so that threads write to separate elements, never to the array itself.
private final class OutcomeSlots<Value>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<[Value]>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: [])
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    func set(_ index: Int, _ outcomes: [Value]) {
        buffer[index] = outcomes
    }

    var values: [[Value]] { Array(buffer) }
}

/// What a run knows as it goes: its counts, the batch being committed and the newest originals.
/// Whether a file, source or posting is already stored is asked of the store, one lookup each, so
/// memory does not grow with the store.
private struct RunState {
    let store: PostingStore
    let versions: AnalysisVersions
    let threshold: Double
    /// Originals stored since the store's band index was last brought up to date; they are added to
    /// it every `originalsInMemory`, when the run ends, or by the next run after a crash.
    var recentOriginals: NearDuplicateIndex
    /// The index's banding, kept apart so that computing band keys never copies the index itself.
    let banding: LSHBanding
    let originalsInMemory: Int
    /// The postings and sources of the batch being committed, which the store does not hold yet.
    var batchVersions: [String: AnalysisVersions] = [:]
    var batchSources = Set<String>()
    var counts = RunCounts()
    var roles: [String: Int] = [:]

    init(store: PostingStore, versions: AnalysisVersions, threshold: Double, originalsInMemory: Int, batchSize: Int) throws {
        self.store = store
        self.versions = versions
        self.threshold = threshold
        self.originalsInMemory = originalsInMemory
        // The index is emptied after the batch that fills it, so it holds up to a batch more.
        recentOriginals = NearDuplicateIndex(capacity: originalsInMemory + batchSize)
        banding = recentOriginals.banding
        try store.indexNewOriginals(banding: banding)
    }

    /// Whether `source` yielded a posting stored with this run's versions.
    func isStored(source: String) throws -> Bool {
        try batchSources.contains(source) || store.isStored(source: source, versions: versions)
    }

    /// The most similar original at or above the threshold, stored or among the newest.
    func nearestOriginal(to signature: MinHashSignature) throws -> (id: String, similarity: Double)? {
        var best = recentOriginals.firstDuplicate(of: signature, threshold: threshold)
        for candidate in try store.nearDuplicateCandidates(bandKeys: banding.keys(of: signature)) {
            let match = (id: candidate.id, similarity: candidate.signature.estimatedJaccard(with: signature))
            if match.similarity >= threshold, best.map({ NearDuplicateIndex.prefers(match, over: $0) }) ?? true { best = match }
        }
        return best
    }

    /// Adds the newest originals to the store's band index and forgets them here.
    mutating func indexRecentOriginals() throws {
        try store.indexNewOriginals(banding: banding)
        recentOriginals.removeAll()
    }

    /// Decides duplicates in input order and writes the batch.
    mutating func commit(jobs marks: [FileMark?], outcomes: [[Outcome]], run: Int64,
                         failure: (ReadFailure) -> Void) throws {
        var postings: [StoredPosting] = []
        var sources: [(source: String, postingID: String)] = []
        var doneFiles: [FileMark] = []
        for (mark, jobOutcomes) in zip(marks, outcomes) {
            var stored = 0
            for outcome in jobOutcomes {
                switch outcome {
                case .failed(let error):
                    counts.failed += 1
                    failure(error)
                case .noContent(let posting):
                    counts.noContent += 1
                    failure(ReadFailure(source: posting.source, reason: "no content: " + (posting.notes.last ?? "no posting text")))
                case .analysed(let posting, let analysis, let scores, let signature):
                    counts.read += 1
                    stored += 1
                    sources.append((posting.source, posting.id))
                    // The same text again, from another source or from this one read before.
                    if try (batchVersions[posting.id] ?? store.versions(ofPosting: posting.id)) == versions {
                        if try isStored(source: posting.source) { counts.alreadyStored += 1 } else { counts.exactDuplicates += 1 }
                        continue
                    }
                    var record = StoredPosting(posting: posting, analysis: analysis, roleScores: scores, signature: signature)
                    if let duplicate = try nearestOriginal(to: signature), duplicate.id != posting.id {
                        record.duplicateOf = duplicate.id
                        record.similarity = duplicate.similarity
                        counts.nearDuplicates += 1
                    } else {
                        recentOriginals.insert(id: posting.id, signature: signature)
                        roles[analysis.role.role, default: 0] += 1
                    }
                    batchVersions[posting.id] = versions
                    batchSources.insert(posting.source)
                    counts.stored += 1
                    postings.append(record)
                }
            }
            // A file that failed or held no posting is not marked done: the next run reads it again
            // (perhaps with a larger --max-file-mb) and names it again if it still cannot be used.
            if var mark, stored == jobOutcomes.count {
                mark.postings = stored
                doneFiles.append(mark)
            }
        }
        try store.write(postings: postings, sources: sources, files: doneFiles, run: run, counts: counts, versions: versions)
        batchVersions.removeAll(keepingCapacity: true)
        batchSources.removeAll(keepingCapacity: true)
        if recentOriginals.count >= originalsInMemory { try indexRecentOriginals() }
        // A batch's postings are allocated on the worker threads' heaps and freed here. glibc gives
        // back only the top of a heap, so the free pages between the blocks still in use stay
        // resident and, batch after batch, resident memory creeps up; this returns them.
        malloc_trim(0)
    }
}
