import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 and a free port, for tests that need a real network peer.
/// It answers one connection at a time from a fixed table of routes and records each request head.
final class TestHTTPServer: @unchecked Sendable {
    struct Response {
        var status = 200
        var headers: [String: String] = ["Content-Type": "text/html; charset=utf-8"]
        var body: [UInt8] = []
        /// Seconds to wait before answering, to provoke timeouts.
        var delay: Double = 0

        static func html(_ text: String) -> Response { Response(body: Array(text.utf8)) }
        static func redirect(to location: String) -> Response {
            Response(status: 302, headers: ["Location": location], body: [])
        }
    }

    let port: UInt16
    private let listener: Int32
    private let responder: Responder

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The request heads received so far, oldest first.
    var requests: [String] { responder.requests }

    init(routes: [String: Response]) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        // The thread holds the responder, not the server. The server's deinit shuts the socket down,
        // which fails the pending accept; only then does the thread close the descriptor, so its
        // number cannot be reused by another test's server while this loop still runs.
        let responder = Responder(routes: routes)
        self.responder = responder
        Thread {
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 {
                    close(fd)
                    return
                }
                responder.handle(client)
                close(client)
            }
        }.start()
    }

    deinit {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    /// A port on 127.0.0.1 that nothing listens on (bound, then released).
    static func unusedPort() -> UInt16 {
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(probe) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

}

/// Answers requests from the route table and remembers each request head.
private final class Responder: @unchecked Sendable {
    let routes: [String: TestHTTPServer.Response]
    private let lock = NSLock()
    private var recorded: [String] = []

    init(routes: [String: TestHTTPServer.Response]) {
        self.routes = routes
    }

    var requests: [String] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    func handle(_ client: Int32) {
        var head = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !head.ends(with: Array("\r\n\r\n".utf8)) {
            let count = read(client, &buffer, buffer.count)
            if count <= 0 { return }
            head.append(contentsOf: buffer[0..<count])
            if head.count > 65_536 { return }
        }
        let text = String(decoding: head, as: UTF8.self)
        lock.lock()
        recorded.append(text)
        lock.unlock()
        let path = text.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        let response = routes[path] ?? TestHTTPServer.Response(status: 404, body: Array("not found".utf8))
        if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
        var headers = response.headers
        headers["Content-Length"] = "\(response.body.count)"
        headers["Connection"] = "close"
        var output = "HTTP/1.1 \(response.status) Status\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { output += "\(name): \(value)\r\n" }
        output += "\r\n"
        let bytes = Array(output.utf8) + response.body
        bytes.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let count = send(client, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                if count <= 0 { return }
                sent += count
            }
        }
    }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
