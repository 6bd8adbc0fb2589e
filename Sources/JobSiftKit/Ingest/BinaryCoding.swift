// The little-endian building blocks of jobsift's binary files (the model, the compiled taxonomy).

/// Appends little-endian values to a byte array.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }
    mutating func append(_ value: UInt8) { bytes.append(value) }
    mutating func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func append(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func append(_ value: Float) { append(value.bitPattern) }
    /// An `Int` as the 8 bytes of an `Int64`.
    mutating func append(_ value: Int) { append(UInt64(bitPattern: Int64(value))) }

    /// A string as its UTF-8 length (UInt32) and bytes.
    mutating func append(_ string: String) {
        append(UInt32(string.utf8.count))
        bytes.append(contentsOf: string.utf8)
    }

    /// A list of strings as its count (UInt32) and the strings.
    mutating func append(_ strings: [String]) {
        append(UInt32(strings.count))
        for string in strings { append(string) }
    }

    mutating func padToMultiple(of alignment: Int) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }
}

/// Reads little-endian values from a byte array, from `position` on; every read returns nil past
/// the end, so a truncated or damaged file can fail but never crash.
struct ByteReader {
    let bytes: [UInt8]
    var position: Int
    /// Where the block being read starts; padding is counted from here.
    private let origin: Int

    init(bytes: [UInt8], position: Int) {
        self.bytes = bytes
        self.position = position
        origin = position
    }

    var isAtEnd: Bool { position == bytes.count }

    mutating func readBytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, bytes.count - position >= count else { return nil }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    mutating func readUInt32() -> UInt32? { readInteger(UInt32.self) }
    mutating func readUInt64() -> UInt64? { readInteger(UInt64.self) }

    mutating func readUInt8() -> UInt8? { readInteger(UInt8.self) }

    /// An `Int` written as the 8 bytes of an `Int64`.
    mutating func readInt() -> Int? {
        readUInt64().map { Int(Int64(bitPattern: $0)) }
    }

    /// A count of things that each take at least `minimumSize` bytes, refused when the bytes left
    /// cannot hold them, so that a damaged count cannot make a reader reserve gigabytes.
    mutating func readCount(minimumSize: Int) -> Int? {
        guard let count = readUInt32().map(Int.init), count * minimumSize <= bytes.count - position else { return nil }
        return count
    }

    /// A string written as its UTF-8 length and bytes; invalid UTF-8 is repaired, not trusted.
    mutating func readString() -> String? {
        guard let length = readCount(minimumSize: 1) else { return nil }
        defer { position += length }
        return String(decoding: bytes[position..<position + length], as: UTF8.self)
    }

    /// A list written as its count and each string.
    mutating func readStrings() -> [String]? {
        guard let count = readCount(minimumSize: 4) else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(count)
        for _ in 0..<count {
            guard let string = readString() else { return nil }
            strings.append(string)
        }
        return strings
    }

    /// Reads `count` values (UInt32, Float) in one pass, without an intermediate copy.
    mutating func readArray<T: FixedWidthInteger & UnsignedInteger>(_ type: T.Type, count: Int) -> [T]? {
        readArray(count: count) { T(littleEndian: $0.loadUnaligned(fromByteOffset: $1, as: T.self)) }
    }

    mutating func readArray(_ type: Float.Type, count: Int) -> [Float]? {
        readArray(count: count) { Float(bitPattern: UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: $1, as: UInt32.self))) }
    }

    mutating func skipPadding(to alignment: Int) {
        while (position - origin) % alignment != 0 && position < bytes.count { position += 1 }
    }

    private mutating func readInteger<T: FixedWidthInteger>(_ type: T.Type) -> T? {
        let start = position
        guard bytes.count - start >= MemoryLayout<T>.size else { return nil }
        position += MemoryLayout<T>.size
        return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: start, as: T.self)) }
    }

    /// `count` values stored in their own size, made by `load` from the buffer and a byte offset in it.
    private mutating func readArray<T>(count: Int, _ load: (UnsafeRawBufferPointer, Int) -> T) -> [T]? {
        let size = MemoryLayout<T>.size
        let start = position
        guard count >= 0, count <= (bytes.count - start) / size else { return nil }
        position += count * size
        return bytes.withUnsafeBytes { source in
            [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                for i in 0..<count { buffer[i] = load(source, start + i * size) }
                initialized = count
            }
        }
    }
}

/// 64-bit FNV-1a, fed in pieces: cheap, and enough to catch a damaged file or an edited one.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var hash = value
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        value = hash
    }

    mutating func add(_ bytes: ArraySlice<UInt8>) { bytes.withUnsafeBytes { add($0) } }
    mutating func add(_ bytes: [UInt8]) { bytes.withUnsafeBytes { add($0) } }
    mutating func add(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { add($0) } }

    /// The hash of `bytes` alone.
    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash = FNV1a()
        hash.add(bytes)
        return hash.value
    }

    static func hash(_ bytes: [UInt8]) -> UInt64 { hash(bytes[...]) }
}
