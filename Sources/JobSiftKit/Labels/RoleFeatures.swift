/// What the role classifier reads of a posting, as four fields of words: the title, the text,
/// the taxonomy's view of the text (the ids of the skills it demands and the roles whose title
/// patterns it names, as `skill_<id>` and `role_<id>`), and the text's opening. The third field
/// gathers the many ways of writing one skill or role into one feature, which a rare role needs.
/// Beside the fields it reads two votes: the role the title names and the roles the opening names.
public struct RoleFeatures: Sendable {
    public let skills: SkillExtractor
    public let titleRule: TitleRule

    public init(taxonomy: JobTaxonomy) {
        skills = SkillExtractor(taxonomy: taxonomy.skills)
        titleRule = TitleRule(taxonomy: taxonomy.roles)
    }

    /// A feature as a reader would say it: `skill_vector_search` is "skill: Vector search".
    public func readable(_ term: String) -> String {
        for (prefix, kind) in [("skill_", "skill"), ("role_", "role")] where term.hasPrefix(prefix) {
            let id = term.dropFirst(prefix.count).replacingOccurrences(of: "_", with: "-")
            let name = kind == "skill" ? skills.taxonomy.skill(id: id)?.name : titleRule.roleName(id)
            return "\(kind): \(name ?? id)"
        }
        return term
    }

    /// The index of the field of the taxonomy's terms.
    public static let taxonomyField = 2

    /// How many words (stop words left out) of the text's opening make the fourth field: where a
    /// posting says what the job is, before the lists of skills and benefits that many roles share.
    /// Chosen by cross-validation (100, 150, 200, 250 and 400 tried; 150 to 250 do best).
    public static let openingWords = 200

    /// The longest first line of a text that still reads as its heading.
    static let longestHeading = 120

    /// The posting's title, or without one the first line of its text when it reads as a job title:
    /// short, and naming a role or a job (a plain-text posting starts with its title, a Hacker News
    /// one with its header; "About the company" or "We hope you are well" name no job).
    public func title(of posting: Posting) -> String {
        if let title = posting.title, !title.isEmpty { return title }
        return firstLineTitle(of: posting.text)
    }

    /// The first line of `text` when it reads as a job title, else "".
    func firstLineTitle(of text: String) -> String {
        let firstLine = String(text.split(separator: "\n").first { !$0.allSatisfy(\.isWhitespace) } ?? "")
        return firstLine.count <= Self.longestHeading && titleRule.label(firstLine) != nil ? firstLine : ""
    }

    /// `reading` of `posting` as if the posting had no title (as `evaluate gold --text-only` reads
    /// it): a first line that reads as a job title stands in for it. The other fields do not
    /// depend on the title, so they are kept rather than read again.
    public func textOnly(_ reading: Reading, of posting: Posting, tokenizer: Tokenizer) -> Reading {
        let title = firstLineTitle(of: posting.text)
        return Reading(fields: [tokenizer.tokens(title)] + reading.fields.dropFirst(), titleRole: titleRule.label(title),
                       openingRoles: reading.openingRoles)
    }

    /// What the classifier reads of one posting: its fields, and the evidence it weighs beside them.
    public struct Reading: Sendable {
        /// The fields as words, stop words removed.
        public var fields: [[String]]
        /// The role the title's patterns name, if they name one clearly.
        public var titleRole: String?
        /// The roles whose title patterns the text's opening names ("we are hiring an NLP engineer"),
        /// in order: without a title, the opening is where a posting says what it is for.
        public var openingRoles: [String]

        /// How many blocks of per-class values `evidence(classes:)` gives.
        public static let evidenceBlocks = 2

        /// The evidence in the combination's blocks, by `classes`: a vote for the title's role,
        /// then one for each role the opening names.
        public func evidence(classes: [String]) -> [Float] {
            var evidence = [Float](repeating: 0, count: Self.evidenceBlocks * classes.count)
            if let titleRole, let index = classes.firstIndex(of: titleRole) { evidence[index] = 1 }
            for role in openingRoles {
                if let index = classes.firstIndex(of: role) { evidence[classes.count + index] = 1 }
            }
            return evidence
        }

        /// The same posting as if it had no title.
        public var withoutTitle: Reading {
            Reading(fields: [[]] + fields.dropFirst(), titleRole: nil, openingRoles: openingRoles)
        }
    }

    /// Reads a posting, stop words of `tokenizer` removed. `spans` (the text's tokens with no stop
    /// word removed), `sections` and the posting's `skills` are used when the caller has them.
    public func read(_ posting: Posting, tokenizer: Tokenizer, spans: [Token]? = nil, sections: PostingSections? = nil,
                     skills found: [PostingSkill]? = nil) -> Reading {
        let spans = spans ?? Tokenizer(stopWords: []).spans(posting.text)
        let title = title(of: posting)
        let found = found ?? skills.skills(title: nil, textSpans: spans, sections: sections ?? PostingSections(text: posting.text))
        // Only what the text demands: a skill named in the title alone is the title's to tell. In
        // id order, so that the terms do not depend on whether the title's skills were found too.
        let demanded = found.filter { $0.mentions.contains { $0.section != .title && $0.demand != .notDemanded } }
        let stopWords = tokenizer.stopWords
        let isStopWord = spans.map { stopWords.contains($0.text) }
        let text = zip(spans, isStopWord).compactMap { $1 ? nil : $0.text }
        // The opening ends after its last word that is not a stop word.
        var openingEnd = 0
        var openingWords = 0
        while openingEnd < spans.count && openingWords < Self.openingWords {
            if !isStopWord[openingEnd] { openingWords += 1 }
            openingEnd += 1
        }
        // The text's role mentions are read as the opening's, then the rest's: one pass over the text.
        let openingRoles = titleRule.roleMentions(inSpans: spans[..<openingEnd])
        var taxonomyTerms = demanded.map { "skill_" + $0.id }.sorted()
        taxonomyTerms += (openingRoles + titleRule.roleMentions(inSpans: spans[openingEnd...])).map { "role_" + $0 }
        let fields = [
            tokenizer.tokens(title),
            text,
            taxonomyTerms.map { String($0.map { $0 == "-" ? "_" : $0 }) },
            Array(text.prefix(Self.openingWords)),
        ]
        return Reading(fields: fields, titleRole: titleRule.label(title), openingRoles: openingRoles)
    }
}
