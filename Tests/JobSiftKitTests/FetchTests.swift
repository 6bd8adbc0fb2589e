import Foundation
import Testing
@testable import JobSiftKit

/// Real HTTP against a server the test starts on 127.0.0.1.
@Suite struct FetchTests {
    static let page = "<html><head><title>T</title></head><body><h1>Hello</h1></body></html>"

    @Test func fetchesBodyAndContentTypeAndIdentifiesItself() throws {
        let server = try TestHTTPServer(routes: ["/job": .html(Self.page)])
        let document = try HTTPFetcher().fetch(server.baseURL + "/job")
        #expect(document.bytes == Array(Self.page.utf8))
        #expect(document.kind == .html)
        #expect(document.contentType == "text/html; charset=utf-8")
        let request = try #require(server.requests.first).lowercased()
        #expect(request.contains("user-agent: jobsift/"))
        #expect(request.contains("accept-encoding:") && request.contains("gzip"))
    }

    @Test func decodesGzipEncodedBodies() throws {
        let compressed = try gzip(Array(Self.page.utf8))
        let server = try TestHTTPServer(routes: [
            "/gz": .init(headers: ["Content-Type": "text/html", "Content-Encoding": "gzip"], body: compressed),
        ])
        #expect(try HTTPFetcher().fetch(server.baseURL + "/gz").bytes == Array(Self.page.utf8))
    }

    @Test func followsRedirectsUpToTheLimit() throws {
        var routes: [String: TestHTTPServer.Response] = ["/final": .html(Self.page)]
        for hop in 1...6 { routes["/hop\(hop)"] = .redirect(to: hop == 6 ? "/final" : "/hop\(hop + 1)") }
        let server = try TestHTTPServer(routes: routes)
        #expect(try HTTPFetcher().fetch(server.baseURL + "/hop2").bytes == Array(Self.page.utf8))  // 5 redirects
        #expect(throws: FetchError.tooManyRedirects(url: server.baseURL + "/hop1", limit: 5)) {
            try HTTPFetcher().fetch(server.baseURL + "/hop1")  // 6 redirects
        }
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://127.0.0.1/job.html", "gopher://127.0.0.1/"])
    func refusesSchemesOtherThanHTTP(url: String) {
        #expect(throws: FetchError.unsupportedScheme(url: url)) { try HTTPFetcher().fetch(url) }
    }

    @Test func refusesARedirectToAFileURL() throws {
        let server = try TestHTTPServer(routes: ["/sneaky": .redirect(to: "file:///etc/passwd")])
        #expect(throws: FetchError.redirectRefused(url: server.baseURL + "/sneaky")) {
            try HTTPFetcher().fetch(server.baseURL + "/sneaky")
        }
    }

    @Test func reportsHTTPErrorStatus() throws {
        let server = try TestHTTPServer(routes: [:])
        let error = #expect(throws: FetchError.self) { try HTTPFetcher().fetch(server.baseURL + "/missing") }
        #expect(error == .httpStatus(url: server.baseURL + "/missing", status: 404))
        #expect(error?.description.contains("HTTP 404") == true)
    }

    @Test func unreachablePortIsAConnectionRefusedThatNamesTheURL() {
        let url = "http://127.0.0.1:\(TestHTTPServer.unusedPort())/job"
        let error = #expect(throws: FetchError.self) { try HTTPFetcher().fetch(url) }
        #expect(error == .connectionRefused(url: url))
        #expect(error?.description.hasPrefix(url) == true)
    }

    @Test func slowServerTimesOut() throws {
        let server = try TestHTTPServer(routes: ["/slow": .init(body: Array(Self.page.utf8), delay: 3)])
        var options = FetchOptions()
        options.totalTimeoutSeconds = 1
        #expect(throws: FetchError.timedOut(url: server.baseURL + "/slow", seconds: 1)) {
            try HTTPFetcher(options: options).fetch(server.baseURL + "/slow")
        }
    }

    @Test func bodyOverTheCapIsRefused() throws {
        let server = try TestHTTPServer(routes: ["/big": .init(body: [UInt8](repeating: 0x61, count: 50_000))])
        var options = FetchOptions()
        options.maxBodyBytes = 10_000
        #expect(throws: FetchError.bodyTooLarge(url: server.baseURL + "/big", limit: 10_000)) {
            try HTTPFetcher(options: options).fetch(server.baseURL + "/big")
        }
    }

    @Test func unresolvableHostIsADNSError() {
        let url = "http://no-such-host.invalid/job"
        #expect(throws: FetchError.couldNotResolve(url: url, host: "no-such-host.invalid")) {
            try HTTPFetcher().fetch(url)
        }
    }

    @Test(arguments: [("https://x.org/a", true), ("http://x", true), ("posting.html", false),
                      ("C:/jobs/a.html", false), ("file:///a", true), ("-", false)])
    func tellsURLsFromPaths(input: String, isURL: Bool) {
        #expect(HTTPFetcher.isURL(input) == isURL)
    }
}
