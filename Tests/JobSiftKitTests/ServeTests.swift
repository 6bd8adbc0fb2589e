import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import JobSiftKit

/// `jobsift serve` started on 127.0.0.1 and called with a real HTTP client (URLSession). The tests
/// run one at a time, each server with its own client session, so that no test's connections wait
/// behind another's (a client limits its connections per host, and every server is 127.0.0.1).
@Suite(.serialized) struct ServeTests {
    /// A `jobsift serve --port 0` process, stopped when released; its access log goes to `log`.
    final class Server: @unchecked Sendable {
        let process = Process()
        let baseURL: String
        let log: URL
        let session: URLSession = {
            let configuration = URLSessionConfiguration.ephemeral
            configuration.httpMaximumConnectionsPerHost = 16
            configuration.timeoutIntervalForRequest = 120
            return URLSession(configuration: configuration)
        }()

        init(_ arguments: [String] = []) throws {
            log = FileManager.default.temporaryDirectory.appendingPathComponent("jobsift-serve-\(UUID()).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.executableURL = Paths.executable
            process.arguments = ["serve", "--port", "0"] + arguments
            process.currentDirectoryURL = Paths.repository
            let output = Pipe()
            process.standardOutput = output
            process.standardError = try FileHandle(forWritingTo: log)
            try process.run()
            // The first line says where it listens: "jobsift 0.19.0 serving on http://127.0.0.1:PORT".
            var line = Data()
            while true {
                let byte = output.fileHandleForReading.readData(ofLength: 1)
                if byte.isEmpty || byte == Data("\n".utf8) { break }
                line.append(byte)
            }
            let text = String(decoding: line, as: UTF8.self)
            guard let address = text.split(separator: " ").last, address.hasPrefix("http://127.0.0.1:") else {
                throw ServerDidNotStart(line: text)
            }
            baseURL = String(address)
        }

        struct ServerDidNotStart: Error { var line: String }

        deinit {
            session.invalidateAndCancel()
            process.terminate()
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: log)
        }

        struct Answer {
            var status: Int
            var contentType: String?
            var body: String
            var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] }
        }

        func call(_ method: String, _ path: String, body: [UInt8]? = nil, contentType: String? = nil) async throws -> Answer {
            var request = URLRequest(url: URL(string: baseURL + path)!)
            request.httpMethod = method
            if let body { request.httpBody = Data(body) }
            if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
            let (data, response) = try await session.data(for: request)
            let http = response as! HTTPURLResponse
            return Answer(status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type"),
                          body: String(decoding: data, as: UTF8.self))
        }

        func post(_ path: String, _ text: String, contentType: String) async throws -> Answer {
            try await call("POST", path, body: Array(text.utf8), contentType: contentType)
        }
    }

    /// The command line's output for `arguments` with `input` on stdin.
    func cli(_ arguments: [String], input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = Paths.executable
        process.arguments = arguments
        process.currentDirectoryURL = Paths.repository
        let output = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The API's answer for a posting is the command line's `--json` for it, byte for byte, for
    /// each endpoint and kind of body.
    @Test func answersAreTheCommandLinesJSONByteForByte() async throws {
        let server = try Server()
        let text = try String(contentsOf: Paths.samples.appendingPathComponent("mlops-platform.txt"), encoding: .utf8)
        let html = try String(contentsOf: Paths.samples.appendingPathComponent("ml-engineer-fraud.html"), encoding: .utf8)
        for (command, path) in [("classify", "/v1/classify"), ("skills", "/v1/skills"), ("extract", "/v1/extract")] {
            for (body, type) in [(text, "text/plain"), (html, "text/html")] {
                let answer = try await server.post(path, body, contentType: type)
                #expect(answer.status == 200)
                #expect(answer.contentType?.hasPrefix("application/json") == true)
                #expect(answer.body == (try cli([command, "--json", "-"], input: body)), "\(command) \(type)")
            }
        }
        let withEvidence = try await server.post("/v1/classify?evidence=2&source=job-7", text, contentType: "text/plain")
        let parsed = try JSONSerialization.jsonObject(with: Data(withEvidence.body.utf8)) as! [[String: Any]]
        #expect(parsed.first?["source"] as? String == "job-7")
        #expect((parsed.first?["role"] as? [String: Any])?["evidence"].map { ($0 as! [Any]).count } == 2)

        let log = try String(contentsOf: server.log, encoding: .utf8)
        #expect(log.contains("POST /v1/classify 200"))
    }

    /// `{"url": ...}` is fetched with the command line's limits and refusals.
    @Test func aURLBodyIsFetchedAsTheCommandLineFetchesIt() async throws {
        let page = try String(contentsOf: Paths.samples.appendingPathComponent("ml-engineer-fraud.html"), encoding: .utf8)
        let site = try TestHTTPServer(routes: ["/jobs/42": .html(page)])
        let server = try Server()
        let url = site.baseURL + "/jobs/42"
        let answer = try await server.post("/v1/classify", #"{"url": "\#(url)"}"#, contentType: "application/json")
        #expect(answer.status == 200)
        #expect(answer.body == (try cli(["classify", "--json", url])))

        let refused = try await server.post("/v1/classify", #"{"url": "file:///etc/passwd"}"#, contentType: "application/json")
        #expect(refused.status == 400)
        #expect((refused.json?["error"] as? [String: Any])?["code"] as? String == "refused_url")
        let missing = try await server.post("/v1/skills", #"{"url": "\#(site.baseURL)/gone"}"#, contentType: "application/json")
        #expect(missing.status == 502)
        #expect(((missing.json?["error"] as? [String: Any])?["message"] as? String)?.contains("HTTP 404") == true)
    }

    @Test func badRequestsGetAStructuredErrorAndTheServerGoesOn() async throws {
        let server = try Server(["--max-body-mb", "1", "--max-batch-lines", "3"])
        func code(_ answer: Server.Answer) -> String? { (answer.json?["error"] as? [String: Any])?["code"] as? String }

        let oversize = try await server.post("/v1/classify", String(repeating: "a", count: 1_500_000), contentType: "text/plain")
        #expect(oversize.status == 413 && code(oversize) == "body_too_large")
        let malformed = try await server.post("/v1/classify", #"{"title": "ML Engineer", "text": "#, contentType: "application/json")
        #expect(malformed.status == 422 && code(malformed) == "unreadable_input")
        let empty = try await server.call("POST", "/v1/extract", body: [], contentType: "text/plain")
        #expect(empty.status == 400 && code(empty) == "empty_body")
        let nothing = try await server.post("/v1/classify", "<html><body><script>app()</script></body></html>", contentType: "text/html")
        #expect(nothing.status == 422 && code(nothing) == "no_content")
        let badNumber = try await server.post("/v1/classify?evidence=-1", "Data Scientist", contentType: "text/plain")
        #expect(badNumber.status == 400 && code(badNumber) == "invalid_parameter")
        let unknown = try await server.call("GET", "/v2/classify")
        #expect(unknown.status == 404 && code(unknown) == "not_found")
        let wrongMethod = try await server.call("GET", "/v1/classify")
        #expect(wrongMethod.status == 405 && code(wrongMethod) == "method_not_allowed")
        let formURL = try await server.post("/v1/classify", #"{"url": "ftp://example.com/job"}"#, contentType: "application/x-www-form-urlencoded")
        #expect(formURL.status == 400 && code(formURL) == "refused_url")
        let tooMany = try await server.post("/v1/skills", String(repeating: #"{"text": "Python"}"# + "\n", count: 4),
                                            contentType: "application/x-ndjson")
        #expect(tooMany.status == 413 && code(tooMany) == "batch_too_large")

        let health = try await server.call("GET", "/healthz")
        #expect(health.status == 200 && health.json?["status"] as? String == "ok")
        let metrics = try await server.call("GET", "/metrics")
        #expect(metrics.body.contains(#"jobsift_http_requests_total{route="/v1/classify",status="413"} 1"#))
        #expect(metrics.body.contains(#"jobsift_http_requests_total{route="other",status="404"} 1"#))
        #expect(metrics.body.contains("# TYPE jobsift_http_request_duration_seconds histogram"))
    }

    /// A batch answers line by line: each posting on a line of its own, a bad line as an error naming it.
    @Test func aBatchAnswersEachLineAndNamesTheLinesThatFailed() async throws {
        let server = try Server()
        let text = try String(contentsOf: Paths.samples.appendingPathComponent("mlops-platform.txt"), encoding: .utf8)
        let lines = [
            try String(decoding: JSONSerialization.data(withJSONObject: ["text": text, "source": "a"]), as: UTF8.self),
            "not json",
            #"{"url": "gopher://example.com/1"}"#,
            #"{"@type": "JobPosting", "title": "Computer Vision Engineer", "description": "Train detection models in PyTorch for our cameras; ship them with ONNX to edge devices."}"#,
        ]
        let answer = try await server.post("/v1/classify", lines.joined(separator: "\n") + "\n", contentType: "application/x-ndjson")
        #expect(answer.status == 200)
        #expect(answer.contentType == "application/x-ndjson")
        let records = answer.body.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(records.count == 4)
        #expect(records[0]["source"] as? String == "a")
        #expect((records[0]["role"] as? [String: Any])?["role"] as? String == "mlops-engineer")
        #expect(records[1]["line"] as? Int == 2 && (records[1]["error"] as? [String: Any])?["code"] as? String == "invalid_json")
        #expect(records[2]["line"] as? Int == 3 && (records[2]["error"] as? [String: Any])?["code"] as? String == "refused_url")
        #expect((records[3]["role"] as? [String: Any])?["role"] as? String == "cv-engineer")
    }

    @Test func taxonomyHealthAndTheOpenAPIDocumentDescribeTheServer() async throws {
        let server = try Server()
        let taxonomy = try await server.call("GET", "/v1/taxonomy")
        #expect(taxonomy.status == 200)
        #expect(taxonomy.body == (try cli(["taxonomy", "--json"])))

        let health = try await server.call("GET", "/healthz")
        let versions = AnalysisVersions.of(modelFile: Paths.shippedModel, taxonomyFolder: Paths.shippedTaxonomyFolder)
        #expect(health.json?["model"] as? String == versions.model)
        #expect(health.json?["taxonomy"] as? String == versions.taxonomy)
        #expect(health.json?["version"] as? String == JobSiftVersion.current)

        let document = try await server.call("GET", "/openapi.json")
        let openAPI = try #require(document.json)
        #expect((openAPI["openapi"] as? String)?.hasPrefix("3.") == true)
        let paths = Set((openAPI["paths"] as? [String: Any] ?? [:]).keys)
        #expect(paths == ["/v1/classify", "/v1/skills", "/v1/extract", "/v1/taxonomy", "/healthz", "/metrics", "/openapi.json"])
        // Every documented path is served.
        for path in paths where !path.hasPrefix("/v1/") || path == "/v1/taxonomy" {
            #expect(try await server.call("GET", path).status == 200, "\(path)")
        }
    }

    /// With every slot taken and no room to wait, a request is refused at once with 503, and the
    /// server answers again once the slot is free. The slot is held by a request whose URL is
    /// fetched from a page that answers slowly: the fetch runs inside the slot.
    @Test func aRequestBeyondTheQueueIsRefusedAsBusy() async throws {
        let page = try String(contentsOf: Paths.samples.appendingPathComponent("ml-engineer-fraud.html"), encoding: .utf8)
        let site = try TestHTTPServer(routes: ["/slow": .init(body: Array(page.utf8), delay: 3)])
        let server = try Server(["--concurrency", "1", "--queue", "0"])
        let text = try String(contentsOf: Paths.samples.appendingPathComponent("mlops-platform.txt"), encoding: .utf8)
        let holder = Task { try await server.post("/v1/classify", #"{"url": "\#(site.baseURL)/slow"}"#, contentType: "application/json") }
        let deadline = Date().addingTimeInterval(30)
        while site.requests.isEmpty && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(site.requests.count == 1)
        let refused = try await server.post("/v1/classify", text, contentType: "text/plain")
        #expect(refused.status == 503)
        #expect((refused.json?["error"] as? [String: Any])?["code"] as? String == "busy")
        let held = try await holder.value
        #expect(held.status == 200, "\(held.body)")
        #expect(try await server.post("/v1/classify", text, contentType: "text/plain").status == 200)
    }

    /// Requests at once are answered at once, each with the same answer as alone.
    @Test func concurrentRequestsAreAllAnsweredAlike() async throws {
        let server = try Server(["--concurrency", "2"])
        let text = try String(contentsOf: Paths.samples.appendingPathComponent("data-scientist-retail.txt"), encoding: .utf8)
        let alone = try await server.post("/v1/classify", text, contentType: "text/plain")
        let answers = try await withThrowingTaskGroup(of: Server.Answer.self) { group in
            for _ in 0..<24 { group.addTask { try await server.post("/v1/classify", text, contentType: "text/plain") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.count == 24)
        #expect(answers.allSatisfy { $0.status == 200 && $0.body == alone.body })
    }
}
