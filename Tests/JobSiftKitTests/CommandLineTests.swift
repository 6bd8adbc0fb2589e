import Foundation
import Testing

/// The `jobsift` executable run as a user would, with a real HTTP server on 127.0.0.1.
@Suite struct CommandLineTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    func jobsift(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = Paths.executable
        process.arguments = arguments
        process.currentDirectoryURL = Paths.repository
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                   errors: String(decoding: errorData, as: UTF8.self))
    }

    @Test func classifiesAPostingServedOverHTTP() throws {
        let page = try String(contentsOf: Paths.samples.appendingPathComponent("ml-engineer-fraud.html"), encoding: .utf8)
        let server = try TestHTTPServer(routes: ["/jobs/42": .html(page)])
        let run = try jobsift(["classify", server.baseURL + "/jobs/42"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("role       ML Engineer (ml-engineer)"))
        #expect(run.output.contains("next       "))
        #expect(run.output.contains("evidence   "))
    }

    @Test func jsonOutputCarriesRoleProbabilityAlternativesAndEvidence() throws {
        let run = try jobsift(["classify", "--json", Paths.samples.appendingPathComponent("llm-engineer-finetuning.md").path])
        #expect(run.status == 0, "\(run.errors)")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
        let result = try #require(results.first)
        #expect(result["role"] as? String == "llm-engineer")
        #expect(result["roleName"] as? String == "LLM Engineer")
        let probability = try #require(result["probability"] as? Double)
        #expect(probability > 0 && probability <= 1)
        #expect((result["alternatives"] as? [Any])?.count == 2)
        #expect(((result["evidence"] as? [Any])?.count ?? 0) > 0)
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://127.0.0.1/job.html"])
    func nonHTTPURLIsRefusedWithAClearMessage(url: String) throws {
        let run = try jobsift(["classify", url])
        #expect(run.status == 1)
        #expect(run.errors.contains("only http:// and https:// URLs can be fetched"))
        #expect(run.errors.contains(url))
    }

    @Test func unreachablePortNamesTheURLAndFails() throws {
        let url = "http://127.0.0.1:\(TestHTTPServer.unusedPort())/job"
        let run = try jobsift(["classify", url])
        #expect(run.status == 1)
        #expect(run.errors.contains(url))
        #expect(run.errors.contains("connection refused"))
    }

    @Test func oneBadInputIsReportedAndTheOthersStillClassified() throws {
        let good = Paths.samples.appendingPathComponent("mlops-platform.txt").path
        let run = try jobsift(["classify", "/nonexistent/posting.html", good])
        #expect(run.status == 1)
        #expect(run.errors.contains("/nonexistent/posting.html: no such file"))
        #expect(run.output.contains("MLOps Engineer (mlops-engineer)"))
    }

    @Test func corruptModelExitsWith3AndSaysHowToFixIt() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).jsm").path
        try Data("JSIFTNB\0garbage".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try jobsift(["classify", "--model", path, Paths.samples.appendingPathComponent("mlops-platform.txt").path])
        #expect(run.status == 3)
        #expect(run.errors.contains("jobsift train"))
    }
}
