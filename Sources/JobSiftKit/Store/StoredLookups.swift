// What a run asks the store as it goes: whether a file, source or posting is already stored, and
// which stored originals a new posting may be a near-duplicate of. Each answer is one indexed
// lookup, so a run holds nothing in memory that grows with the store.

extension PostingStore {
    // MARK: - Resuming

    /// The mark of a file read whole by an earlier run, if any.
    func fileMark(path: String) throws(StoreError) -> FileMark? {
        try withStoreErrors {
            var mark: FileMark?
            try connection.cached("SELECT size, modified, postings FROM files WHERE path = ?").query([.text(path)]) { row in
                mark = FileMark(path: path, size: row.integer(0) ?? 0, modified: row.real(1) ?? 0, postings: Int(row.integer(2) ?? 0))
            }
            return mark
        }
    }

    /// The versions that produced the stored posting `id`, if it is stored.
    func versions(ofPosting id: String) throws(StoreError) -> AnalysisVersions? {
        try withStoreErrors {
            var versions: AnalysisVersions?
            try connection.cached("SELECT model_version, taxonomy_version FROM postings WHERE id = ?").query([.text(id)]) { row in
                versions = AnalysisVersions(model: row.text(0) ?? "", taxonomy: row.text(1) ?? "")
            }
            return versions
        }
    }

    /// Whether `source` yielded a posting that is stored with `versions`.
    func isStored(source: String, versions: AnalysisVersions) throws(StoreError) -> Bool {
        try withStoreErrors {
            var found = false
            try connection.cached("""
                SELECT 1 FROM posting_sources s JOIN postings p ON p.id = s.posting_id
                WHERE s.source = ? AND p.model_version = ? AND p.taxonomy_version = ?
                """).query([.text(source), .text(versions.model), .text(versions.taxonomy)]) { _ in found = true }
            return found
        }
    }

    // MARK: - Near-duplicate bands

    /// The stored originals that share at least one band key with `bandKeys`, with their signatures.
    func nearDuplicateCandidates(bandKeys: [UInt64]) throws(StoreError) -> [(id: String, signature: MinHashSignature)] {
        try withStoreErrors {
            let placeholders = Array(repeating: "?", count: bandKeys.count).joined(separator: ", ")
            var result: [(id: String, signature: MinHashSignature)] = []
            try connection.cached("""
                SELECT id, signature FROM postings WHERE duplicate_of IS NULL
                AND id IN (SELECT posting_id FROM near_duplicate_bands WHERE band_key IN (\(placeholders)))
                """).query(bandKeys.map { .integer(Int64(bitPattern: $0)) }) { row in
                result.append((row.text(0) ?? "", MinHashSignature(bytes: row.blob(1))))
            }
            return result
        }
    }

    /// Adds the band keys of every original stored since the band index was last brought up to
    /// date, `chunk` postings per transaction, and returns how many postings it indexed.
    ///
    /// A run keeps its newest originals in memory and calls this every few thousand of them: the
    /// keys are then inserted in key order, which touches each page of the index once, where one
    /// insert per posting would rewrite most of its pages on every batch. After a crash, the next
    /// run's first call indexes what the crashed run had stored.
    @discardableResult
    func indexNewOriginals(banding: LSHBanding, chunk: Int = 8192) throws(StoreError) -> Int {
        // Taken resident before the first pass of a run, so a pass does not add to its memory.
        bandRows.reserveResident(chunk * banding.bands, filler: (0, 0))
        return try withStoreErrors {
            var indexed = 0
            var finished = false
            while !finished {
                try connection.transaction {
                    var through: Int64 = 0
                    try connection.cached("SELECT value FROM meta WHERE key = 'near_duplicate_bands_through'").query { row in
                        through = Int64(row.text(0) ?? "") ?? 0
                    }
                    var ids: [String] = []
                    bandRows.removeAll(keepingCapacity: true)
                    var last = through
                    try connection.cached("""
                        SELECT rowid, id, signature FROM postings WHERE rowid > ? AND duplicate_of IS NULL ORDER BY rowid LIMIT ?
                        """).query([.integer(through), .integer(Int64(chunk))]) { row in
                        last = row.integer(0) ?? last
                        for key in banding.keys(of: MinHashSignature(bytes: row.blob(2))) {
                            bandRows.append((Int64(bitPattern: key), Int32(ids.count)))
                        }
                        ids.append(row.text(1) ?? "")
                    }
                    let count = ids.count
                    if count < chunk {
                        // Everything is indexed: the mark moves past any duplicates stored after the last original.
                        try connection.cached("SELECT max(rowid) FROM postings").query { last = max(last, $0.integer(0) ?? last) }
                        finished = true
                    }
                    bandRows.sort { $0.key < $1.key || ($0.key == $1.key && ids[Int($0.posting)] < ids[Int($1.posting)]) }
                    let insert = try connection.cached("INSERT OR IGNORE INTO near_duplicate_bands (band_key, posting_id) VALUES (?, ?)")
                    for row in bandRows { try insert.run([.integer(row.key), .text(ids[Int(row.posting)])]) }
                    try connection.cached("INSERT OR REPLACE INTO meta (key, value) VALUES ('near_duplicate_bands_through', ?)")
                        .run([.text(String(last))])
                    indexed += count
                }
            }
            return indexed
        }
    }
}
