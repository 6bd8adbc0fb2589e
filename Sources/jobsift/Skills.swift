import ArgumentParser
import Foundation
import JobSiftKit

struct Skills: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skills",
        abstract: "List the skills found in postings, with where each was found.",
        discussion: """
            Every mention is listed with the words as written, the section it stands in (title, \
            intro, responsibilities, requirements, preferred, company, benefits), its line, and \
            whether it counts as required, preferred, or not demanded (company blurb, benefits).

            Examples:
              jobsift skills posting.html
              jobsift skills https://example.com/jobs/7 --json
            """
    )

    @Argument(help: "Posting files, http(s) URLs, or - for stdin.")
    var inputs: [String]

    @Option(name: .long, help: "A taxonomy folder (default: models/taxonomy).")
    var taxonomy: String?

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var inputOptions: InputOptions

    func run() throws {
        let taxonomy = try ModelOptions(model: nil, taxonomy: taxonomy).loadTaxonomy()
        let extractor = SkillExtractor(taxonomy: taxonomy.skills)
        let array = JSONArrayPrinter()
        let summary = try forEachPosting(inputs, options: inputOptions) { posting in
            let skills = extractor.skills(title: posting.title, text: posting.text, sections: PostingSections(text: posting.text))
            if json {
                return try array.print(SkillsOfPosting(source: posting.source, skills: skills))
            }
            printText(posting.source)
            for skill in skills {
                print("  \(skill.name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(skill.demand.rawValue)")
                for mention in skill.mentions {
                    printText("      \"\(mention.surface)\"  \(mention.section.rawValue), line \(mention.line), \(mention.demand.rawValue)")
                }
            }
            print("")
        }
        if json { array.finish() }
        try finish(summary)
    }
}

/// One posting's skills as `skills --json` and the API's `/v1/skills` give them.
struct SkillsOfPosting: Encodable {
    var source: String
    var skills: [PostingSkill]
}
