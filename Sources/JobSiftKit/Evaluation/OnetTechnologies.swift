import Foundation

/// The technology names of O*NET's Technology Skills list, to tell which annotated spans name a
/// technology ("Kubernetes", "amazon-web-services") rather than a topic ("agile", "English").
///
/// Only product names count: entries such as "Network monitoring software" describe a kind of
/// tool, and their words ("monitoring", "testing") are not technologies. A span names a product
/// when, lowercased with hyphens read as spaces, it is the product's name, the name without its
/// vendor ("Oracle Java" → "java", where the vendor is the first word of three or more products)
/// or without a closing "software", "framework", "platform" or "CI" (unless what is left is one
/// word that the list also uses to describe kinds of tools: "IBM Cloud" does not make "cloud" a
/// technology), an acronym in the name ("AWS"), or the words an acronym abbreviates ("Amazon Web
/// Services AWS" → "amazon web services").
public struct OnetTechnologies: Sendable {
    public private(set) var keys: Set<String> = []
    public private(set) var productCount = 0

    /// Reads the tab-separated list (gzipped or not) whose second column is the technology's name.
    public init(path: String) throws {
        var bytes = try LocalSource.readBytes(path: path)
        if Gzip.isCompressed(bytes) { bytes = try Gzip.decompress(bytes, source: path) }
        // Split on line feeds as characters would not: "\r\n" is one Character to Swift.
        let names = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).dropFirst().first.map(String.init)
        }
        self.init(names: names)
    }

    public init(names: [String]) {
        var products: [[String]] = []
        // Words that describe kinds of tools ("testing", "cloud"): alone, they name no product.
        var describingWords = Set<String>()
        for name in Set(names) {
            var words = name.split(separator: " ").map(String.init)
            if words.count > 1, words.last == "software" { words.removeLast() }
            if words.allSatisfy(Self.isProductWord) {
                products.append(words)
            } else {
                describingWords.formUnion(words.filter { !Self.isProductWord($0) })
            }
        }
        productCount = products.count
        var firstWords: [String: Int] = [:]
        for words in products where words.count > 1 { firstWords[words[0], default: 0] += 1 }
        func insertPart(_ words: [String]) {
            guard words.count > 1 || !describingWords.contains(words[0].lowercased()) else { return }
            keys.insert(Self.normalized(words))
        }
        for words in products {
            insertPart(words)  // "Testing software" is a kind of tool written with a capital
            if words.count > 1, firstWords[words[0], default: 0] >= 3 { insertPart(Array(words.dropFirst())) }
            if words.count > 1, let last = words.last, ["Framework", "Platform", "CI"].contains(last) {
                insertPart(Array(words.dropLast()))
            }
            for (index, word) in words.enumerated() where word.count >= 2 && word.allSatisfy({ $0.isUppercase || $0.isNumber }) {
                keys.insert(word.lowercased())
                // "Amazon Web Services AWS": the words the acronym's letters begin.
                let letters = word.filter(\.isLetter)
                if index >= letters.count {
                    let expansion = Array(words[(index - letters.count)..<index])
                    if String(expansion.compactMap(\.first)).uppercased() == letters { keys.insert(Self.normalized(expansion)) }
                }
            }
        }
    }

    /// True when `span` names one of the products.
    public func names(_ span: String) -> Bool {
        keys.contains(Self.normalized(span.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" }).map(String.init)))
    }

    /// A word of a product's name: it has a capital or a digit ("Kubernetes", "iOS", "3D"), or no letters (".NET" has).
    private static func isProductWord(_ word: String) -> Bool {
        word.contains { $0.isUppercase || $0.isNumber } || !word.contains(where: \.isLetter)
    }

    private static func normalized(_ words: [String]) -> String {
        words.flatMap { $0.split(whereSeparator: { $0 == "-" || $0 == "_" }) }.joined(separator: " ").lowercased()
    }
}
