import Foundation
import Hummingbird
import JobSiftKit

/// An error the API answers with: `{"error": {"code", "message"}}` and its HTTP status.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String

    static func badRequest(_ code: String, _ message: String) -> APIError { APIError(status: .badRequest, code: code, message: message) }
    static func unprocessable(_ code: String, _ message: String) -> APIError {
        APIError(status: .unprocessableContent, code: code, message: message)
    }

    var body: String {
        struct Body: Encodable {
            struct Detail: Encodable { var code: String; var message: String }
            var error: Detail
        }
        return (try? compactJSON(Body(error: .init(code: code, message: message)))) ?? #"{"error":{"code":"internal","message":""}}"#
    }
}

/// What the endpoints that read postings answer, built the way the command line prints it.
struct PostingAPI: Sendable {
    let analyzer: PostingAnalyzer
    let reader: PostingReader
    let taxonomy: TaxonomyListing
    let versions: AnalysisVersions
    let maximumBatchLines: Int

    enum Endpoint: String, Sendable, CaseIterable {
        case classify, skills, extract
    }

    /// One request's input: a posting document, or a URL to fetch.
    enum Input: Sendable {
        case document(bytes: [UInt8], source: String, contentType: String?)
        case url(String)
    }

    /// The postings an input holds, as the command line reads them; an error when it holds none.
    /// `extract` keeps postings without content (the command line prints them too).
    func postings(of input: Input, for endpoint: Endpoint) throws(APIError) -> [Posting] {
        var found: [Posting] = []
        var failure: ReadFailure?
        let bytes: [UInt8]
        let source: String
        let name: String
        let contentType: String?
        switch input {
        case .document(let body, let givenSource, let type):
            (bytes, source, name, contentType) = (body, givenSource, "", type)
        case .url(let url):
            let fetched: SourceDocument
            do {
                fetched = try reader.fetcher.fetch(url)
            } catch {
                throw Self.apiError(error)
            }
            (bytes, source, name, contentType) = (fetched.bytes, url, PostingReader.name(ofURL: url), fetched.contentType)
        }
        do {
            try reader.read(bytes: bytes, source: source, name: name, contentType: contentType,
                            posting: { found.append($0) }, failure: { failure = $0 })
        } catch {
            throw APIError(status: .internalServerError, code: "internal", message: "\(error)")
        }
        if let failure { throw .unprocessable("unreadable_input", failure.description) }
        let withContent = found.filter { $0.status == .ok }
        if withContent.isEmpty && endpoint != .extract {
            let reason = found.first?.notes.last ?? "the input holds no posting text"
            throw .unprocessable("no_content", "\(source): no content: \(reason)")
        }
        return endpoint == .extract ? found : withContent
    }

    /// The answer for one input: the command line's `--json` array for it.
    func answer(_ input: Input, for endpoint: Endpoint, evidence: Int) throws -> String {
        let postings = try postings(of: input, for: endpoint)
        switch endpoint {
        case .classify: return try JSONArrayPrinter.text(of: postings.map { analyzer.analyze($0, evidence: evidence) })
        case .skills: return try JSONArrayPrinter.text(of: postings.map(skills))
        case .extract: return try JSONArrayPrinter.text(of: postings)
        }
    }

    /// The answer for a batch of JSON Lines: per input line, one compact line per posting, or an
    /// error line naming the input line.
    func batchAnswer(_ body: [UInt8], for endpoint: Endpoint, evidence: Int) throws(APIError) -> String {
        let lines = body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let inputs = lines.enumerated().filter { !$0.element.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }
        guard inputs.count <= maximumBatchLines else {
            throw .init(status: .contentTooLarge, code: "batch_too_large",
                        message: "the batch holds \(inputs.count) lines; at most \(maximumBatchLines) are read in one request")
        }
        var output = ""
        for (index, line) in inputs {
            do {
                let input = try Self.batchInput(Array(line), number: index + 1)
                for posting in try postings(of: input, for: endpoint) {
                    switch endpoint {
                    case .classify: output += try compactJSON(analyzer.analyze(posting, evidence: evidence))
                    case .skills: output += try compactJSON(skills(of: posting))
                    case .extract: output += try compactJSON(posting)
                    }
                    output += "\n"
                }
            } catch let error as APIError {
                struct Failed: Encodable {
                    struct Detail: Encodable { var code: String; var message: String }
                    var line: Int
                    var error: Detail
                }
                output += ((try? compactJSON(Failed(line: index + 1, error: .init(code: error.code, message: error.message)))) ?? "") + "\n"
            } catch {
                throw APIError(status: .internalServerError, code: "internal", message: "\(error)")
            }
        }
        return output
    }

    func skills(of posting: Posting) -> SkillsOfPosting {
        SkillsOfPosting(source: posting.source, skills: analyzer.skills.skills(title: posting.title, text: posting.text,
                                                                               sections: PostingSections(text: posting.text)))
    }

    /// A request body read as one input: `{"url": ...}` (a JSON object with that member alone,
    /// whatever the Content-Type says: `curl -d` sends a form type) is a URL to fetch; anything
    /// else is the posting itself, named `source`.
    static func input(body: [UInt8], contentType: String?, source: String) -> Input {
        if body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{"),
           let url = urlRequest(body) { return .url(url) }
        return .document(bytes: body, source: source, contentType: contentType)
    }

    /// One line of a batch: `{"url": U}`, `{"html": S}`, `{"text": S}`, `{"markdown": S}` (each with
    /// an optional "source"), or any other JSON (a JSON-LD posting, a posting object).
    static func batchInput(_ line: [UInt8], number: Int) throws(APIError) -> Input {
        guard let value = try? JSONValue(parsing: line) else {
            throw .badRequest("invalid_json", "line \(number) is not JSON")
        }
        if let url = urlRequest(line) { return .url(url) }
        let members = value.objectValue ?? [:]
        let source = members["source"]?.scalarText ?? "-"
        for (key, type) in [("html", "text/html"), ("text", "text/plain"), ("markdown", "text/markdown")] {
            if case .string(let text)? = members[key] {
                return .document(bytes: Array(text.utf8), source: source, contentType: type)
            }
        }
        return .document(bytes: line, source: source, contentType: "application/json")
    }

    private static func urlRequest(_ body: [UInt8]) -> String? {
        guard let members = (try? JSONValue(parsing: body))?.objectValue, members.count == 1,
              case .string(let url)? = members["url"] else { return nil }
        return url
    }

    /// A fetch that failed: a URL jobsift will not fetch is the client's error, the rest the remote side's.
    static func apiError(_ error: FetchError) -> APIError {
        switch error {
        case .unsupportedScheme, .invalidURL:
            return .badRequest("refused_url", error.description)
        case .timedOut:
            return APIError(status: .gatewayTimeout, code: "fetch_timeout", message: error.description)
        default:
            return APIError(status: .badGateway, code: "fetch_failed", message: error.description)
        }
    }
}

/// One line of JSON with sorted keys, as `extract --jsonl` writes.
func compactJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
