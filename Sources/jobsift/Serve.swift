import ArgumentParser
import Foundation
import Hummingbird
import JobSiftKit
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the analysis as an HTTP JSON API, the model and taxonomy loaded once.",
        discussion: """
            POST a posting (HTML, text, Markdown, JSON or JSON-LD, or {"url": "..."} to have it fetched \
            with the limits of the command line) to /v1/classify, /v1/skills or /v1/extract; the answer \
            is what `jobsift classify|skills|extract --json` prints for it, byte for byte. A body of \
            JSON Lines (Content-Type: application/x-ndjson) is a batch: one input per line, one answer \
            per posting per line. Also GET /v1/taxonomy, /healthz, /metrics (Prometheus) and \
            /openapi.json (the OpenAPI 3 document of all of it). Errors are {"error": {"code", \
            "message"}} with a 4xx or 5xx status; each request is logged on stderr. SIGINT or SIGTERM \
            stops it after the requests in progress (exit 0); it exits 1 when it cannot listen and 3 \
            when the model or taxonomy cannot be loaded.

            Examples:
              jobsift serve --port 8080
              curl -s --data-binary @posting.html -H 'Content-Type: text/html' localhost:8080/v1/classify
              curl -s -d '{"url": "https://example.com/jobs/1"}' -H 'Content-Type: application/json' localhost:8080/v1/skills
            """
    )

    @Option(name: .long, help: "The address to listen on; 0.0.0.0 serves other machines too.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on; 0 takes a free one (printed when the server starts).")
    var port = 8080

    @Option(name: .long, help: "Largest request body, in MB.")
    var maxBodyMb = 10

    @Option(name: .long, help: "Requests analysed at once; more wait their turn (default: the number of cores).")
    var concurrency = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: "Requests that may wait for a turn; beyond them a request is refused with 503.")
    var queue = 256

    @Option(name: .long, help: "Seconds a connection may stay idle before it is closed.")
    var idleTimeout = 60

    @Option(name: .long, help: "Lines a JSON Lines batch may hold.")
    var maxBatchLines = 1_000

    @OptionGroup var modelOptions: ModelOptions

    @OptionGroup var inputOptions: InputOptions

    func validate() throws {
        try require("--port", port, in: 0...65_535)
        try require("--max-body-mb", maxBodyMb, in: 1...1_000)
        try require("--concurrency", concurrency, in: 1...1_024)
        try require("--queue", queue, in: 0...100_000)
        try require("--idle-timeout", idleTimeout, in: 1...86_400)
        try require("--max-batch-lines", maxBatchLines, in: 1...1_000_000)
    }

    func run() async throws {
        let analyzer = try modelOptions.loadAnalyzer()
        let taxonomy = try modelOptions.loadTaxonomy()
        let versions = AnalysisVersions.of(modelFile: modelOptions.modelPath, taxonomyFolder: modelOptions.taxonomyPath)
        let api = PostingAPI(analyzer: analyzer, reader: inputOptions.reader, taxonomy: TaxonomyListing(taxonomy),
                             versions: versions, maximumBatchLines: maxBatchLines)
        let limits = APILimits(maximumBodyBytes: maxBodyMb * 1_000_000, slots: AnalysisSlots(running: concurrency, waiting: queue))
        let router = APIRouter.make(api: api, limits: limits)
        let host = host
        let app = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(idleTimeout)))),
            configuration: .init(address: .hostname(host, port: port), serverName: "jobsift/\(JobSiftVersion.current)"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? 0
                // On stdout, so that a program that started the server with --port 0 learns the port.
                FileHandle.standardOutput.write(Data("jobsift \(JobSiftVersion.current) serving on http://\(host):\(bound)\n".utf8))
            },
            logger: {
                // Hummingbird's own messages, warnings and worse only, on stderr; requests are logged by `APIRouter`.
                var logger = Logger(label: "jobsift", factory: { StreamLogHandler.standardError(label: $0) })
                logger.logLevel = .warning
                return logger
            }()
        )
        do {
            try await app.runService()
        } catch {
            let reason = "\(error)"
            if reason.contains("Address already in use") {
                printError("cannot listen on \(host):\(port): the address is in use. Choose another --port, or --port 0 for a free one.")
            } else {
                printError("the server stopped: \(reason)")
            }
            throw ExitCode(1)
        }
    }
}
