import ArgumentParser
import Foundation
import JobSiftKit

struct TaxonomyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taxonomy",
        abstract: "Print the roles, skills and seniority levels, or check a taxonomy file.",
        discussion: """
            The taxonomy is three YAML files in one folder (models/taxonomy by default): roles.yaml,
            skills.yaml and seniority.yaml. Copy the folder, edit it, and point any command at it
            with --taxonomy. --check validates one file and reports the line of each problem.

            Examples:
              jobsift taxonomy
              jobsift taxonomy --skills --json
              jobsift taxonomy --check my-taxonomy/skills.yaml
            """
    )

    @Option(name: .long, help: "A taxonomy folder (default: models/taxonomy).")
    var taxonomy: String?

    @Option(name: .long, help: "Validate this taxonomy file (roles, skills or seniority) and exit.")
    var check: String?

    @Flag(name: .long, help: "List every skill with its category and aliases.")
    var skills = false

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() throws {
        if let check {
            do {
                print(try JobTaxonomy.check(file: check))
            } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
            return
        }
        let loaded = try ModelOptions(model: nil, taxonomy: taxonomy).loadTaxonomy()
        if json {
            struct Output: Encodable {
                var roles: [Role]
                var levels: [String]
                var skills: [[String: String]]
            }
            try printJSON(Output(
                roles: loaded.roles.roles, levels: loaded.seniority.levels.map(\.id),
                skills: loaded.skills.skills.map {
                    ["id": $0.id, "name": $0.name, "category": $0.category,
                     "aliases": $0.aliases.map(\.text).joined(separator: "|")]
                }))
            return
        }
        print("Roles (\(loaded.roles.roles.count))")
        for role in loaded.roles.roles {
            let codes = role.occupationCodes.map { "\($0.system) \($0.code)" }.joined(separator: ", ")
            print("  \(role.id.padding(toLength: 28, withPad: " ", startingAt: 0)) \(role.name)\(codes.isEmpty ? "" : "  [\(codes)]")")
        }
        print("\nSeniority levels: \(loaded.seniority.levels.map(\.id).joined(separator: ", "))")
        let categories = Dictionary(grouping: loaded.skills.skills, by: \.category)
        print("\nSkills (\(loaded.skills.skills.count) in \(loaded.skills.categories.count) categories)")
        for category in loaded.skills.categories {
            let members = categories[category.id] ?? []
            if skills {
                print("  \(category.name)")
                for skill in members {
                    print("    \(skill.name.padding(toLength: 30, withPad: " ", startingAt: 0)) \(skill.aliases.map(\.text).joined(separator: ", "))")
                }
            } else {
                print("  \(category.name.padding(toLength: 36, withPad: " ", startingAt: 0)) \(members.count)")
            }
        }
    }
}
