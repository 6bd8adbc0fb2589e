import CCurl
import Foundation

/// Why a URL could not be fetched; every case names the URL.
public enum FetchError: Error, CustomStringConvertible, Equatable {
    case unsupportedScheme(url: String)
    case invalidURL(url: String)
    case couldNotResolve(url: String, host: String)
    case connectionRefused(url: String)
    case couldNotConnect(url: String, reason: String)
    case timedOut(url: String, seconds: Int)
    case httpStatus(url: String, status: Int)
    case bodyTooLarge(url: String, limit: Int)
    case tooManyRedirects(url: String, limit: Int)
    case redirectRefused(url: String)
    case transfer(url: String, reason: String)
    case libcurlUnavailable(url: String)

    public var description: String {
        switch self {
        case .unsupportedScheme(let url):
            return "\(url): only http:// and https:// URLs can be fetched. For a local file, give its path instead."
        case .invalidURL(let url):
            return "\(url): not a valid URL."
        case .couldNotResolve(let url, let host):
            return "\(url): could not resolve host \(host) (DNS). Check the address and your network."
        case .connectionRefused(let url):
            return "\(url): connection refused. Is the server running and the port right?"
        case .couldNotConnect(let url, let reason):
            return "\(url): could not connect (\(reason))."
        case .timedOut(let url, let seconds):
            return "\(url): timed out after \(seconds) s. Try again later or raise --timeout."
        case .httpStatus(let url, let status):
            return "\(url): the server answered HTTP \(status)."
        case .bodyTooLarge(let url, let limit):
            return "\(url): the page is larger than \(limit / 1_000_000) MB; jobsift stops reading there."
        case .tooManyRedirects(let url, let limit):
            return "\(url): more than \(limit) redirects."
        case .redirectRefused(let url):
            return "\(url): redirected to a URL that is not http or https; refused."
        case .transfer(let url, let reason):
            return "\(url): transfer failed (\(reason))."
        case .libcurlUnavailable(let url):
            return "\(url): libcurl (libcurl.so.4) could not be loaded, so URLs cannot be fetched. "
                + "Install it (apt-get install libcurl4) or save the page and give its path."
        }
    }
}

/// Limits and identity for fetching postings over HTTP.
public struct FetchOptions: Sendable {
    public var maxRedirects = 5
    public var connectTimeoutSeconds = 10
    public var totalTimeoutSeconds = 30
    public var maxBodyBytes = 10_000_000
    public var userAgent = "jobsift/0.1 (+https://github.com/jobsift/jobsift; job-posting analysis)"

    public init() {}
}

/// Fetches posting pages with libcurl: http and https only, also across redirects; bounded
/// redirects, time and size; gzip accepted. libcurl is loaded by the first fetch (see CCurl/shim.h).
public struct HTTPFetcher: Sendable {
    public var options: FetchOptions

    public init(options: FetchOptions = FetchOptions()) {
        self.options = options
    }

    /// True when `text` looks like a URL rather than a file path.
    public static func isURL(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let scheme = text[..<colon]
        return scheme.count >= 2 && scheme.allSatisfy { $0.isLetter || $0 == "+" || $0 == "-" || $0 == "." }
            && text[colon...].hasPrefix("://")
    }

    /// Downloads `url` and returns its body with the server's content type.
    public func fetch(_ url: String) throws(FetchError) -> SourceDocument {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw .invalidURL(url: url)
        }
        guard scheme == "http" || scheme == "https" else { throw .unsupportedScheme(url: url) }
        guard let host = components.host, !host.isEmpty else { throw .invalidURL(url: url) }
        guard jobsift_curl_available() != 0 else { throw .libcurlUnavailable(url: url) }

        guard let handle = jobsift_easy_init() else { throw .transfer(url: url, reason: "libcurl could not start") }
        defer { jobsift_easy_cleanup(handle) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        defer { errorBuffer.deallocate() }
        errorBuffer[0] = 0

        let body = ResponseBody(limit: options.maxBodyBytes)
        let context = Unmanaged.passRetained(body)
        defer { context.release() }

        jobsift_setopt_string(handle, CURLOPT_URL, url)
        jobsift_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        jobsift_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        jobsift_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1)
        jobsift_setopt_long(handle, CURLOPT_MAXREDIRS, options.maxRedirects)
        jobsift_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, options.connectTimeoutSeconds)
        jobsift_setopt_long(handle, CURLOPT_TIMEOUT, options.totalTimeoutSeconds)
        jobsift_setopt_offset(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(options.maxBodyBytes))
        jobsift_setopt_string(handle, CURLOPT_USERAGENT, options.userAgent)
        jobsift_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")  // every encoding libcurl decodes
        jobsift_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        jobsift_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        jobsift_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, writeToResponseBody)
        jobsift_setopt_pointer(handle, CURLOPT_WRITEDATA, context.toOpaque())

        let code = jobsift_easy_perform(handle)
        if code != CURLE_OK {
            let reason = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: jobsift_easy_strerror(code))
            var systemError = 0
            jobsift_getinfo_long(handle, CURLINFO_OS_ERRNO, &systemError)
            throw error(for: code, reason: reason, systemError: Int32(systemError), url: url, host: host, body: body)
        }
        var status = 0
        jobsift_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        guard status < 400 else { throw .httpStatus(url: url, status: status) }
        var contentTypePointer: UnsafeMutablePointer<CChar>?
        jobsift_getinfo_string(handle, CURLINFO_CONTENT_TYPE, &contentTypePointer)
        let contentType = contentTypePointer.map { String(cString: $0) }
        let kind = SourceDocument.kind(forName: components.path, bytes: body.bytes, contentType: contentType)
        return SourceDocument(source: url, bytes: body.bytes, kind: kind, contentType: contentType)
    }

    private func error(
        for code: CURLcode, reason: String, systemError: Int32, url: String, host: String, body: ResponseBody
    ) -> FetchError {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST: return .couldNotResolve(url: url, host: host)
        case CURLE_COULDNT_CONNECT:
            return systemError == ECONNREFUSED
                ? .connectionRefused(url: url) : .couldNotConnect(url: url, reason: reason)
        case CURLE_OPERATION_TIMEDOUT: return .timedOut(url: url, seconds: options.totalTimeoutSeconds)
        case CURLE_TOO_MANY_REDIRECTS: return .tooManyRedirects(url: url, limit: options.maxRedirects)
        case CURLE_UNSUPPORTED_PROTOCOL: return .redirectRefused(url: url)
        case CURLE_FILESIZE_EXCEEDED: return .bodyTooLarge(url: url, limit: options.maxBodyBytes)
        case CURLE_WRITE_ERROR where body.overflowed: return .bodyTooLarge(url: url, limit: options.maxBodyBytes)
        default: return .transfer(url: url, reason: reason)
        }
    }
}

/// Collects the response body; stops the transfer once it passes the size limit, which also
/// covers chunked responses that announce no length.
private final class ResponseBody {
    let limit: Int
    var bytes: [UInt8] = []
    var overflowed = false

    init(limit: Int) {
        self.limit = limit
    }
}

private let writeToResponseBody: jobsift_curl_write_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    let body = Unmanaged<ResponseBody>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard body.bytes.count + length <= body.limit else {
        body.overflowed = true
        return 0
    }
    data.withMemoryRebound(to: UInt8.self, capacity: length) { pointer in
        body.bytes.append(contentsOf: UnsafeBufferPointer(start: pointer, count: length))
    }
    return length
}
