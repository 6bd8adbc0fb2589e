import Testing
@testable import JobSiftKit

@Suite struct TokenizerTests {
    let tokenizer = Tokenizer(stopWords: [])

    @Test(arguments: [
        ("Experience with C++ and C#.", ["experience", "with", "c++", "and", "c#"]),
        ("Built on .NET, Node.js and Vue.js.", ["built", "on", ".net", "node.js", "and", "vue.js"]),
        ("Own our CI/CD (GitHub Actions).", ["own", "our", "ci/cd", "github", "actions"]),
        ("scikit-learn, PyTorch; XGBoost!", ["scikit-learn", "pytorch", "xgboost"]),
        ("F# or R? Go-to-market plans.", ["f#", "or", "r", "go-to-market", "plans"]),
    ])
    func keepsTechnicalTermsWhole(text: String, expected: [String]) {
        #expect(tokenizer.tokens(text) == expected)
    }

    @Test func dropsURLsAndEmailAddresses() {
        let text = "Apply at https://jobs.example.com/ml?id=4 or www.example.org, mail jobs@example.com today"
        #expect(tokenizer.tokens(text) == ["apply", "at", "or", "mail", "today"])
    }

    @Test func foldsCaseBeyondASCII() {
        #expect(tokenizer.tokens("ÜBER Straße ÉCOLE") == ["über", "straße", "école"])
    }

    @Test func splitsLongSlashPairsButKeepsShortOnes() {
        #expect(tokenizer.tokens("Python/SQL and A/B tests, UI/UX") == ["python", "sql", "and", "a/b", "tests", "ui/ux"])
    }

    @Test func stripsPossessivesAndTypographicApostrophes() {
        #expect(tokenizer.tokens("the company’s model's") == ["the", "company", "model"])
    }

    @Test func removesConfiguredStopWords() {
        let custom = Tokenizer(stopWords: ["the", "with"])
        #expect(custom.tokens("The model with the data") == ["model", "data"])
    }

    @Test func formsBigramsAfterStopWordRemoval() {
        let english = Tokenizer()
        #expect(english.terms("Experience in machine learning") ==
            ["experience", "machine", "learning", "experience machine", "machine learning"])
        #expect(english.terms("machine learning", includeBigrams: false) == ["machine", "learning"])
    }
}

@Suite struct TerminalTextTests {
    @Test func whatATerminalWouldObeyIsLeftOut() {
        #expect(TerminalText.safe("ML Engineer\u{1B}[31m red\u{1B}]0;owned\u{07}\r\u{9B}2J\u{202E}reversed\u{7F}")
                == "ML Engineer[31m red]0;owned2Jreversed")
        #expect(TerminalText.safe("two\nlines\twith a tab, and é, 中文") == "two\nlines\twith a tab, and é, 中文")
    }
}

extension TokenizerTests {
    @Test func spansSayWhatBreakComesBeforeEachWord() {
        let spans = Tokenizer(stopWords: []).spans("We use Oracle.\nDatabase tools, Node.js (v20): fast! C++ • Go")
        #expect(spans.map(\.surface) == ["We", "use", "Oracle", "Database", "tools", "Node.js", "v20", "fast", "C++", "Go"])
        #expect(spans.map(\.boundary) == [.none, .none, .none, .sentence, .none, .clause, .clause, .clause, .sentence, .sentence])
        // A stop word left out passes its break on.
        #expect(Tokenizer().spans("Python. The SQL").map(\.boundary) == [.none, .sentence])
    }
}
