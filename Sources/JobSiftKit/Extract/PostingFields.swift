import Foundation

/// Where a field's value came from.
public enum FieldOrigin: String, Sendable, Codable {
    case structuredData = "structured-data"
    case text
}

/// The stretch of time a salary amount pays for.
public enum SalaryPeriod: String, Sendable, Codable, CaseIterable {
    case hour, day, week, month, year

    /// Reads schema.org `unitText` (`HOUR` … `YEAR`) and the spellings postings use: "hourly", "hr", "p.a.".
    /// "m" is not read: it is as often "million" or "minute" as "month".
    public init?(unitText: String) {
        var unit = unitText.trimmingCharacters(in: .whitespaces).lowercased()
        if unit.hasPrefix("per ") { unit.removeFirst(4) }
        switch unit.trimmingCharacters(in: .whitespaces) {
        case "hour", "hours", "hourly", "hr", "hrs", "h": self = .hour
        case "day", "days", "daily", "d", "diem": self = .day
        case "week", "weeks", "weekly", "wk", "wks": self = .week
        case "month", "months", "monthly", "mo", "mos", "mth", "mths": self = .month
        case "year", "years", "yearly", "annual", "annually", "annum", "yr", "yrs", "y", "pa", "p.a.", "p.a":
            self = .year
        default: return nil
        }
    }
}

/// Pay as a posting states it: a range, a floor ("from"), a ceiling ("up to") or one amount (minimum == maximum).
public struct Salary: Sendable, Equatable, Codable {
    public var minimum: Double?
    public var maximum: Double?
    /// ISO 4217 code: "USD", "EUR", "GBP", …
    public var currency: String?
    public var period: SalaryPeriod?
    public var origin: FieldOrigin

    public init(minimum: Double? = nil, maximum: Double? = nil, currency: String? = nil, period: SalaryPeriod? = nil,
                origin: FieldOrigin) {
        self.minimum = minimum
        self.maximum = maximum
        self.currency = currency
        self.period = period
        self.origin = origin
    }
}

extension Salary {
    /// The largest amount taken as pay, for any period and in any currency: ten billion is more
    /// than a year's pay even in dong or rupiah. A larger one is a typo, a joke or an attack.
    public static let largestAmount = 1e10

    /// Whether every amount given is a finite number from 0 to `largestAmount`.
    public var isPlausible: Bool {
        [minimum, maximum].allSatisfy { amount in amount.map { $0.isFinite && $0 >= 0 && $0 <= Self.largestAmount } ?? true }
    }

    /// The amounts as a reader would quote them in a note.
    var quoted: String {
        [minimum, maximum].compactMap { $0.map { String(describing: $0) } }.joined(separator: " to ")
    }
}

/// Where the work is done.
public enum WorkplaceType: String, Sendable, Codable {
    case onsite, hybrid, remote, unknown
}
