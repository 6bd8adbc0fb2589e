import Foundation

/// The right to write a store, held by one run at a time.
///
/// Two `analyze` runs on one store at once would each miss the other's new originals, so a
/// posting read by both (or a repost read by the other) would be counted twice. The lock is an
/// `flock` on a file beside the store (`<store>-lock`, holding the owner's process id); the system
/// lets it go when its process ends in any way, so a killed run never leaves a store locked.
public final class StoreWriteLock: Sendable {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock of the store at `storePath`. When another process holds it, throws
    /// `StoreError.busy`, or with `wait` calls `waiting` with that process's id and blocks until
    /// it is free.
    public init(storePath: String, wait: Bool = false, waiting: (Int32?) -> Void = { _ in }) throws(StoreError) {
        path = storePath + "-lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .lockUnavailable(path: storePath, reason: String(cString: strerror(errno)))
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = Self.holder(of: descriptor)
            guard wait, errno == EWOULDBLOCK else {
                close(descriptor)
                throw .busy(path: storePath, holder: holder)
            }
            waiting(holder)
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let reason = String(cString: strerror(errno))
                    close(descriptor)
                    throw .lockUnavailable(path: storePath, reason: reason)
                }
            }
        }
        let line = Array("\(getpid())\n".utf8)
        if ftruncate(descriptor, 0) == 0 { _ = pwrite(descriptor, line, line.count, 0) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// The process id the lock file names, if it names one.
    private static func holder(of descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
