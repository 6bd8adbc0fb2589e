/// Where postings came from, as the source-mix checks of `trends` group them: a site, a dataset
/// or a folder. Postings of one origin share a template and an audience, so a period whose
/// origins differ from the others' can move every share without the market moving.
public enum PostingOrigin {
    /// The origin of a posting read from `source`: a URL's host (without `www.`), a dataset row's
    /// file name (`jobs.csv:12` → `jobs.csv`), a page file's folder (`pages/a.html#2` → `pages`),
    /// `stdin` for `-`.
    public static func of(source: String) -> String {
        if source == "-" { return "stdin" }
        if let host = host(of: source) { return host }
        var path = Substring(source)
        // A page's n-th posting (`#2`) or a WARC record (`#record-7`) comes from the page or file.
        if let hash = path.lastIndex(of: "#") { path = path[..<hash] }
        // A dataset row is `path:line`: the dataset is the origin.
        if let colon = path.lastIndex(of: ":"), path[path.index(after: colon)...].allSatisfy(\.isNumber),
           colon != path.index(before: path.endIndex) {
            return String(path[..<colon].split(separator: "/").last ?? path[..<colon])
        }
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The origin a dataset's source column names: the host when it holds a URL, else the value.
    public static func of(datasetValue value: String) -> String {
        host(of: value) ?? String(value.prefix(120))
    }

    private static func host(of text: String) -> String? {
        let lowered = text.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else { return nil }
        let afterScheme = lowered.drop { $0 != "/" }.drop { $0 == "/" }
        var host = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" && $0 != ":" }
        if host.hasPrefix("www.") { host = host.dropFirst(4) }
        return host.isEmpty ? nil : String(host)
    }
}
