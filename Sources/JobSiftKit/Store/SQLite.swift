import CSQLite

/// A failure reported by SQLite, with the statement or file it concerns.
public struct SQLiteError: Error, CustomStringConvertible, Equatable {
    public var code: Int32
    public var message: String

    public var description: String { "SQLite error \(code): \(message)" }

    /// True when the database file could not be opened or created (`SQLITE_CANTOPEN`).
    public var isCannotOpen: Bool { code == SQLITE_CANTOPEN }
}

/// One SQLite connection. The handle never leaves this type; it is closed when the connection goes,
/// or, while statements prepared on it live, when the last of them goes.
final class SQLiteConnection {
    private let handle: OpaquePointer
    /// Statements prepared by `cached(_:)`, by their SQL, for lookups run once per posting.
    private var cache: [String: SQLiteStatement] = [:]

    /// Opens (creating when missing) the database file at `path`.
    init(path: String) throws(SQLiteError) {
        var opened: OpaquePointer?
        let status = sqlite3_open_v2(path, &opened, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(opened)
            throw SQLiteError(code: status, message: message)
        }
        handle = opened
        // Another process (a `sqlite3` shell, a second jobsift) may hold the lock for a moment.
        sqlite3_busy_timeout(handle, 10_000)
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that take no parameters and return no rows.
    func execute(_ sql: String) throws(SQLiteError) {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? lastMessage
            sqlite3_free(error)
            throw SQLiteError(code: sqlite3_errcode(handle), message: message)
        }
    }

    func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw SQLiteError(code: sqlite3_errcode(handle), message: "\(lastMessage) in: \(sql)")
        }
        return SQLiteStatement(statement: statement)
    }

    /// The statement for `sql`, prepared on first use and kept for the connection's life.
    func cached(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let statement = cache[sql] { return statement }
        let statement = try prepare(sql)
        cache[sql] = statement
        return statement
    }

    /// Runs `body` inside one transaction: all of its writes land, or none.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }
}

/// A prepared statement; parameters are bound by 1-based index, columns read by 0-based index.
/// It keeps its database open while it lives, without holding the connection object (which may
/// keep it in its cache).
final class SQLiteStatement {
    private let statement: OpaquePointer

    fileprivate init(statement: OpaquePointer) {
        self.statement = statement
    }

    deinit { sqlite3_finalize(statement) }

    private var lastMessage: String { String(cString: sqlite3_errmsg(sqlite3_db_handle(statement))) }

    /// A value that can be bound to a parameter.
    enum Value {
        case text(String), integer(Int64), real(Double), blob([UInt8]), null
    }

    /// Binds `values` to the parameters in order, after clearing earlier bindings.
    func bind(_ values: [Value]) throws(SQLiteError) {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .text(let text):
                status = text.utf8CString.withUnsafeBufferPointer { buffer in
                    jobsift_sqlite3_bind_text(statement, index, buffer.baseAddress, Int32(buffer.count - 1))
                }
            case .integer(let number): status = sqlite3_bind_int64(statement, index, number)
            case .real(let number): status = sqlite3_bind_double(statement, index, number)
            case .blob(let bytes):
                status = bytes.withUnsafeBytes { jobsift_sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count)) }
            case .null: status = sqlite3_bind_null(statement, index)
            }
            guard status == SQLITE_OK else { throw SQLiteError(code: status, message: lastMessage) }
        }
    }

    /// Runs the statement with `values` to its end, for writes.
    func run(_ values: [Value] = []) throws(SQLiteError) {
        try bind(values)
        defer { sqlite3_reset(statement) }
        while try step() {}
    }

    /// Calls `row` for each result row of the statement run with `values`. The statement is reset
    /// afterwards, so a kept statement never holds a read transaction open.
    func query(_ values: [Value] = [], row: (SQLiteStatement) throws -> Void) throws {
        try bind(values)
        defer { sqlite3_reset(statement) }
        while try step() { try row(self) }
    }

    /// Advances to the next row: true when there is one.
    func step() throws(SQLiteError) -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw SQLiteError(code: sqlite3_errcode(sqlite3_db_handle(statement)), message: lastMessage)
        }
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(statement, column) else { return nil }
        return String(cString: pointer)
    }

    func integer(_ column: Int32) -> Int64? {
        isNull(column) ? nil : sqlite3_column_int64(statement, column)
    }

    func real(_ column: Int32) -> Double? {
        isNull(column) ? nil : sqlite3_column_double(statement, column)
    }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement, column))
        guard count > 0, let pointer = sqlite3_column_blob(statement, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}

extension SQLiteStatement.Value {
    static func optional(_ text: String?) -> Self { text.map { .text($0) } ?? .null }
    static func optional(_ number: Double?) -> Self { number.map { .real($0) } ?? .null }
    static func optional(_ number: Int?) -> Self { number.map { .integer(Int64($0)) } ?? .null }
}
