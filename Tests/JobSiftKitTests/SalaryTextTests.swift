import Testing
@testable import JobSiftKit

private func pay(_ minimum: Double?, _ maximum: Double?, _ currency: String, _ period: SalaryPeriod?) -> Salary {
    Salary(minimum: minimum, maximum: maximum, currency: currency, period: period, origin: .text)
}

/// Salaries read from a posting's free text, and the money that is not pay.
@Suite struct SalaryTextTests {
    @Test(arguments: [
        ("Salary: $120k–$150k", pay(120_000, 150_000, "USD", .year)),
        ("Pay range 120-150k USD", pay(120_000, 150_000, "USD", .year)),
        ("$120K - 150K base", pay(120_000, 150_000, "USD", .year)),
        ("Between $120k and $150k DOE", pay(120_000, 150_000, "USD", .year)),
        ("$120,000 to $150,000 per year", pay(120_000, 150_000, "USD", .year)),
        ("GBP 45,000 — 55,000", pay(45_000, 55_000, "GBP", .year)),
        ("CA$90,000 - CA$110,000", pay(90_000, 110_000, "CAD", .year)),
        ("A$130k–A$150k", pay(130_000, 150_000, "AUD", .year)),
        ("CHF 120'000 - 140'000", pay(120_000, 140_000, "CHF", .year)),
        ("120 000 – 140 000 SEK per year", pay(120_000, 140_000, "SEK", .year)),
        ("PLN 15 000 - 20 000 monthly", pay(15_000, 20_000, "PLN", .month)),
        ("Hourly rate: $30–$40", pay(30, 40, "USD", .hour)),
        ("$60/hour - $80/hour", pay(60, 80, "USD", .hour)),
    ])
    func rangesGiveBothEnds(text: String, expected: Salary) {
        #expect(SalaryText.find(in: text) == expected, "\(text)")
    }

    @Test(arguments: [
        ("Up to £60,000 depending on experience", pay(nil, 60_000, "GBP", .year)),
        ("max. $95,000", pay(nil, 95_000, "USD", .year)),
        ("Salary from €50k", pay(50_000, nil, "EUR", .year)),
        ("Starting at $25/hour", pay(25, nil, "USD", .hour)),
        ("$140k+ plus equity", pay(140_000, nil, "USD", .year)),
    ])
    func floorsAndCeilingsGiveOneEnd(text: String, expected: Salary) {
        #expect(SalaryText.find(in: text) == expected, "\(text)")
    }

    @Test(arguments: [
        ("60.000 € brutto per year", pay(60_000, 60_000, "EUR", .year)),
        ("Salaire : 60\u{202F}000 €", pay(60_000, 60_000, "EUR", .year)),
        ("Gehalt 60\u{00A0}000 €", pay(60_000, 60_000, "EUR", .year)),
        ("€25,50 per hour", pay(25.5, 25.5, "EUR", .hour)),
        ("$25.50/hr", pay(25.5, 25.5, "USD", .hour)),
        ("US$150,000", pay(150_000, 150_000, "USD", .year)),
        ("C$85k", pay(85_000, 85_000, "CAD", .year)),
        ("¥6,000,000 per year", pay(6_000_000, 6_000_000, "JPY", .year)),
        ("₹18,00,000 per annum", pay(1_800_000, 1_800_000, "INR", .year)),
        ("INR 1,200,000", pay(1_200_000, 1_200_000, "INR", .year)),
        ("SEK 45 000 per month", pay(45_000, 45_000, "SEK", .month)),
        ("NOK 700 000 p.a.", pay(700_000, 700_000, "NOK", .year)),
        ("DKK 550.000 annually", pay(550_000, 550_000, "DKK", .year)),
        ("SGD 8,000/mo", pay(8_000, 8_000, "SGD", .month)),
        ("EUR 500 per day", pay(500, 500, "EUR", .day)),
        ("Day rate: £450", pay(450, 450, "GBP", .day)),
        ("Hourly: $40", pay(40, 40, "USD", .hour)),
        ("$2,000 per week", pay(2_000, 2_000, "USD", .week)),
        ("$45 an hour", pay(45, 45, "USD", .hour)),
        ("€70k a year", pay(70_000, 70_000, "EUR", .year)),
        ("Base pay $90k/yr", pay(90_000, 90_000, "USD", .year)),
        ("USD 50/h", pay(50, 50, "USD", .hour)),
        ("€ 3.500 gross per month", pay(3_500, 3_500, "EUR", .month)),
    ])
    func singleAmountsAreBothEnds(text: String, expected: Salary) {
        #expect(SalaryText.find(in: text) == expected, "\(text)")
    }

    @Test func aCurrencyCodeSaysWhichDollar() {
        #expect(SalaryText.find(in: "$120k CAD")?.currency == "CAD")
    }

    @Test func onlyLargeAmountsWithoutAPeriodAreYearly() {
        #expect(SalaryText.find(in: "Salary $45,000")?.period == .year)
        #expect(SalaryText.find(in: "$40 to start") == pay(40, 40, "USD", nil))
    }

    @Test(arguments: [
        "Backed by a $10M Series B from top investors.",
        "We raised $50 million last year.",
        "Go after a $2B market.",
        "We have a $1,000,000,000 market ahead of us.",
        "401(k) with a 4% company match.",
        "3+ years of experience with Python.",
        "Founded in 2024 in Berlin.",
        "We are 100+ employees across 4 offices.",
        "Join a team of 50 engineers.",
        "Python 3.11 and Django 5.0",
        "15% bonus target",
        "€5,000 learning budget every year",
        "Annual learning budget of €5,000",
        "Home office stipend: $1,500",
        "Remote work allowance of £50 per month",
        "Up to $5,000 signing bonus",
        "We offer $2,000/year for learning",
        "Up to 20% equity",
        "Call us at +1 (555) 123-4567",
        "Phone: 020 7946 0958",
    ])
    func moneyThatIsNotPayIsSkipped(text: String) {
        #expect(SalaryText.find(in: text) == nil, "\(text)")
    }

    @Test func theFirstSalaryAfterOtherMoneyIsFound() {
        let text = "Backed by a $10M Series B. Learning budget: €1,000.\nSalary: $140k–$160k, plus a $5k bonus."
        #expect(SalaryText.find(in: text) == pay(140_000, 160_000, "USD", .year))
    }

    @Test func aSentenceAboutFundingDoesNotSpoilTheNext() {
        let text = "New funding raised. Salary $120k."
        #expect(SalaryText.find(in: text) == pay(120_000, 120_000, "USD", .year))
    }

    @Test func onlyTheFirstSalaryIsReturned() {
        #expect(SalaryText.find(in: "$100k–$120k in Berlin, $130k–$150k in London")?.minimum == 100_000)
    }

    @Test func aSalaryAtTheEndOfALongPostingIsFound() {
        let filler = String(repeating: "We ship 3 releases a week to 100+ customers in 2024. ", count: 1_000)
        #expect(SalaryText.find(in: filler + "Compensation: €80k–€95k") == pay(80_000, 95_000, "EUR", .year))
    }

    @Test(arguments: [
        ("HOUR", SalaryPeriod.hour), ("DAY", .day), ("WEEK", .week), ("MONTH", .month), ("YEAR", .year),
        ("hourly", .hour), ("per annum", .year), ("p.a.", .year), ("Monthly", .month), ("yr", .year),
    ])
    func unitTextNamesAPeriod(unitText: String, expected: SalaryPeriod) {
        #expect(SalaryPeriod(unitText: unitText) == expected)
    }

    @Test(arguments: ["fortnight", "m", ""])
    func unknownUnitTextIsNil(unitText: String) {
        #expect(SalaryPeriod(unitText: unitText) == nil)
    }
}
