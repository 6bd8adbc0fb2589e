/// Inputs in order, with file paths packed into one byte array: a path costs its bytes and an
/// offset instead of a `String` and an enum each, so listing a folder of a million files takes
/// tens of megabytes, and a batch run's memory barely grows with the number of files.
public struct PostingInputList: RandomAccessCollection, Sendable, Equatable {
    private var pathBytes: [UInt8] = []
    /// Where each input's path ends in `pathBytes`; inputs that are not files have an empty path.
    private var pathEnds: [Int] = []
    /// The inputs that are not plain files (datasets, URLs, stdin), by position; there are few.
    private var others: [Int: PostingInput] = [:]

    public init() {}

    public init(_ inputs: some Sequence<PostingInput>) {
        append(contentsOf: inputs)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { pathEnds.count }

    public subscript(position: Int) -> PostingInput {
        if let other = others[position] { return other }
        let start = position == 0 ? 0 : pathEnds[position - 1]
        return .file(path: String(decoding: pathBytes[start..<pathEnds[position]], as: UTF8.self))
    }

    public mutating func append(_ input: PostingInput) {
        if case .file(let path) = input {
            pathBytes.append(contentsOf: path.utf8)
        } else {
            others[pathEnds.count] = input
        }
        pathEnds.append(pathBytes.count)
    }

    public mutating func append(contentsOf inputs: some Sequence<PostingInput>) {
        for input in inputs { append(input) }
    }

    public mutating func append(contentsOf list: PostingInputList) {
        for (position, other) in list.others { others[pathEnds.count + position] = other }
        let offset = pathBytes.count
        pathBytes.append(contentsOf: list.pathBytes)
        pathEnds.append(contentsOf: list.pathEnds.lazy.map { $0 + offset })
    }
}
