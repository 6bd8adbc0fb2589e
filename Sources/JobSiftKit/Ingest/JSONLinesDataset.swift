import Foundation

/// One row of a dataset file: the posting it holds and the row's other fields as text.
public struct DatasetRow: Sendable {
    public var posting: Posting
    /// Every string, number or boolean field of the row, by name, for callers that need
    /// dataset-specific columns (a split, a reference label).
    public var fields: [String: String]
}

/// Reads JSON Lines datasets (optionally gzipped): one posting per line, with a title and a
/// text or description field, and optionally a date, company and location.
public enum JSONLinesDataset {
    /// Field names tried, in order, for each posting field.
    static let titleKeys = ["title", "job_title", "jobTitle", "position"]
    static let textKeys = ["text", "description", "job_description", "body", "content"]
    static let dateKeys = ["date", "datePosted", "date_posted", "posted", "publishedAt"]
    static let companyKeys = ["company", "companyName", "company_name", "employer"]
    static let locationKeys = ["location", "city"]

    /// Reads every line of the file at `path`; a line that is not a JSON object is reported in
    /// `skipped` with its number and the rest are read.
    public static func read(path: String) throws -> (rows: [DatasetRow], skipped: [Int]) {
        let document = try LocalSource.read(path: path)
        var bytes = document.bytes
        if Gzip.isCompressed(bytes) { bytes = try Gzip.decompress(bytes, source: path) }
        var rows: [DatasetRow] = []
        var skipped: [Int] = []
        var lineNumber = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                skipped.append(lineNumber)
                continue
            }
            var fields: [String: String] = [:]
            for (key, value) in object {
                switch value {
                case let text as String: fields[key] = text
                case let number as NSNumber: fields[key] = number.stringValue
                default: break
                }
            }
            func first(_ keys: [String]) -> String? { keys.lazy.compactMap { fields[$0] }.first { !$0.isEmpty } }
            let text = first(textKeys) ?? ""
            let posting = Posting(
                source: "\(path):\(lineNumber)", title: first(titleKeys), company: first(companyKeys),
                location: first(locationKeys), datePosted: first(dateKeys).map { String($0.prefix(10)) },
                text: MainTextExtractor().text(ofField: text), titleSource: "dataset")
            rows.append(DatasetRow(posting: posting, fields: fields))
        }
        return (rows, skipped)
    }
}
