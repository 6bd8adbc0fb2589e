import Foundation
import Hummingbird
import JobSiftKit
import Synchronization

/// How much one request may ask of the server.
struct APILimits: Sendable {
    var maximumBodyBytes: Int
    var slots: AnalysisSlots
}

/// The routes of `jobsift serve`, with errors, metrics and the access log in one middleware.
enum APIRouter {
    static func make(api: PostingAPI, limits: APILimits) -> Router<BasicRequestContext> {
        let metrics = APIMetrics()
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: APIMiddleware(metrics: metrics))

        router.get("healthz") { _, _ in
            struct Health: Encodable {
                var status = "ok"
                var version = JobSiftVersion.current
                var model: String
                var taxonomy: String
            }
            return jsonResponse(try compactJSON(Health(model: api.versions.model, taxonomy: api.versions.taxonomy)) + "\n")
        }
        router.get("metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
        router.get("openapi.json") { _, _ in jsonResponse(OpenAPIDocument.json) }
        router.get("v1/taxonomy") { _, _ in
            jsonResponse(String(decoding: try prettyJSONEncoder().encode(api.taxonomy), as: UTF8.self) + "\n")
        }
        for endpoint in PostingAPI.Endpoint.allCases {
            router.post("v1/\(endpoint.rawValue)") { request, context in
                try await answer(request, context: context, endpoint: endpoint, api: api, limits: limits, metrics: metrics)
            }
        }
        return router
    }

    private static func answer(_ request: Request, context: BasicRequestContext, endpoint: PostingAPI.Endpoint,
                               api: PostingAPI, limits: APILimits, metrics: APIMetrics) async throws -> Response {
        let evidence = try number(request, "evidence", default: 8, in: 0...1_000)
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limits.maximumBodyBytes)
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(status: .contentTooLarge, code: "body_too_large",
                           message: "the body is larger than the \(limits.maximumBodyBytes / 1_000_000) MB limit (--max-body-mb)")
        }
        let bytes = body.getBytes(at: body.readerIndex, length: body.readableBytes) ?? []
        guard !bytes.isEmpty else { throw APIError.badRequest("empty_body", "the body is empty: send a posting, or {\"url\": ...}") }
        let contentType = request.headers[.contentType]
        let isBatch = contentType.map { type in ["ndjson", "jsonl", "jsonlines"].contains { type.lowercased().contains($0) } } ?? false
        let source = request.uri.queryParameters["source"].map(String.init) ?? "-"
        try await limits.slots.acquire()
        let answered = await Result(catching: { () async throws -> String in
            try await offload {
                isBatch ? try api.batchAnswer(bytes, for: endpoint, evidence: evidence)
                    : try api.answer(PostingAPI.input(body: bytes, contentType: contentType, source: source), for: endpoint, evidence: evidence)
            }
        })
        await limits.slots.release()
        let text = try answered.get()
        guard isBatch else {
            metrics.countAnswers(1)
            return jsonResponse(text)
        }
        metrics.countAnswers(text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 })
        return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A whole-number query parameter within `range`.
    private static func number(_ request: Request, _ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters[Substring(name)] else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.badRequest("invalid_parameter", "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// Runs CPU-bound work on a thread of its own, not on the server's event loops.
    private static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try work() }) }
        }
    }
}

func jsonResponse(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
}

/// Turns every error into `{"error": {"code", "message"}}`, counts requests for `/metrics` and
/// writes one access-log line per request on stderr.
struct APIMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let metrics: APIMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        metrics.inFlight(+1)
        defer { metrics.inFlight(-1) }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = jsonResponse(error.body + "\n", status: error.status)
        } catch let error as HTTPError {
            let apiError: APIError
            if error.status == .notFound, let method = APIMetrics.routes[request.uri.path] {
                // The router answers a known path asked with another method as not found.
                apiError = APIError(status: .methodNotAllowed, code: "method_not_allowed",
                                    message: "\(request.uri.path) answers \(method) only; see /openapi.json")
            } else if error.status == .notFound {
                apiError = APIError(status: .notFound, code: "not_found", message: "no such endpoint: \(request.uri.path); see /openapi.json")
            } else {
                apiError = APIError(status: error.status, code: "http_error", message: error.body ?? error.status.reasonPhrase)
            }
            response = jsonResponse(apiError.body + "\n", status: apiError.status)
            if apiError.status == .methodNotAllowed { response.headers[.allow] = APIMetrics.routes[request.uri.path] }
        } catch {
            response = jsonResponse(APIError(status: .internalServerError, code: "internal", message: "\(error)").body + "\n",
                                    status: .internalServerError)
        }
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let route = APIMetrics.routes[request.uri.path] != nil ? request.uri.path : "other"
        metrics.record(route: route, status: response.status.code, seconds: seconds)
        let line = "\(ISO8601DateFormatter().string(from: Date())) \(request.method) \(request.uri.path) \(response.status.code) "
            + "\(response.body.contentLength.map(String.init) ?? "-") \(String(format: "%.1f", seconds * 1000))ms\n"
        FileHandle.standardError.write(Data(line.utf8))
        return response
    }
}

extension Result where Failure == any Error {
    /// The result of async `work`.
    init(catching work: () async throws -> Success) async {
        do {
            self = .success(try await work())
        } catch {
            self = .failure(error)
        }
    }
}

/// Requests analysed at once, and how many may wait; beyond that a request is refused with 503.
actor AnalysisSlots {
    private let running: Int
    private let waiting: Int
    private var taken = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(running: Int, waiting: Int) {
        self.running = running
        self.waiting = waiting
    }

    func acquire() async throws {
        if taken < running {
            taken += 1
            return
        }
        guard waiters.count < waiting else {
            throw APIError(status: .serviceUnavailable, code: "busy",
                           message: "\(running) requests are being analysed and \(waiting) are waiting; try again shortly")
        }
        // The slot is handed over by `release` without being given back.
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty { taken -= 1 } else { waiters.removeFirst().resume() }
    }
}

/// Counters and latency histograms by route and status, in Prometheus's text format.
final class APIMetrics: Sendable {
    /// Every route with the method it answers.
    static let routes: [String: String] = [
        "/healthz": "GET", "/metrics": "GET", "/openapi.json": "GET", "/v1/taxonomy": "GET",
        "/v1/classify": "POST", "/v1/skills": "POST", "/v1/extract": "POST",
    ]
    private static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct State {
        var requests: [String: [Int: Int]] = [:]
        var durations: [String: (buckets: [Int], sum: Double, count: Int)] = [:]
        var answers = 0
        var inFlight = 0
    }
    private let state = Mutex(State())

    func record(route: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[route, default: [:]][status, default: 0] += 1
            var duration = state.durations[route] ?? (Array(repeating: 0, count: Self.buckets.count), 0, 0)
            for (index, bound) in Self.buckets.enumerated() where seconds <= bound { duration.buckets[index] += 1 }
            duration.sum += seconds
            duration.count += 1
            state.durations[route] = duration
        }
    }

    func countAnswers(_ count: Int) { state.withLock { $0.answers += count } }

    func inFlight(_ change: Int) { state.withLock { $0.inFlight += change } }

    func exposition() -> String {
        state.withLock { state in
            var lines = ["# HELP jobsift_http_requests_total HTTP requests answered, by route and status.",
                         "# TYPE jobsift_http_requests_total counter"]
            for route in state.requests.keys.sorted() {
                for status in state.requests[route]!.keys.sorted() {
                    lines.append("jobsift_http_requests_total{route=\"\(route)\",status=\"\(status)\"} \(state.requests[route]![status]!)")
                }
            }
            lines += ["# HELP jobsift_http_request_duration_seconds Time to answer a request, by route.",
                      "# TYPE jobsift_http_request_duration_seconds histogram"]
            for route in state.durations.keys.sorted() {
                let duration = state.durations[route]!
                for (index, bound) in Self.buckets.enumerated() {
                    lines.append("jobsift_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"\(bound)\"} \(duration.buckets[index])")
                }
                lines.append("jobsift_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"+Inf\"} \(duration.count)")
                lines.append("jobsift_http_request_duration_seconds_sum{route=\"\(route)\"} \(duration.sum)")
                lines.append("jobsift_http_request_duration_seconds_count{route=\"\(route)\"} \(duration.count)")
            }
            lines += ["# HELP jobsift_answers_total Answers given: one per single request, one per line of a batch's answer.",
                      "# TYPE jobsift_answers_total counter", "jobsift_answers_total \(state.answers)",
                      "# HELP jobsift_http_requests_in_flight Requests being answered now.",
                      "# TYPE jobsift_http_requests_in_flight gauge", "jobsift_http_requests_in_flight \(state.inFlight)"]
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
