import ArgumentParser
import Foundation
import JobSiftKit

struct TaxonomyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taxonomy",
        abstract: "Print the roles, skills and seniority levels, check a taxonomy file, or compile a taxonomy folder.",
        discussion: """
            The taxonomy is three YAML files in one folder (models/taxonomy by default): roles.yaml, \
            skills.yaml and seniority.yaml. Copy the folder, edit it, and point any command at it \
            with --taxonomy. --check validates one file and reports the line of each problem.

            --compile writes the folder's YAML as one binary file, compiled.jstx, which every \
            command then loads instead of parsing the YAML, as long as the YAML is unchanged. After \
            editing a YAML file, compile again: until then the YAML is parsed, which is correct but \
            slower. The listing says whether the compiled file is up to date.

            Examples:
              jobsift taxonomy
              jobsift taxonomy --skills --json
              jobsift taxonomy --check my-taxonomy/skills.yaml
              jobsift taxonomy --compile --taxonomy my-taxonomy
            """
    )

    @Option(name: .long, help: "A taxonomy folder (default: models/taxonomy).")
    var taxonomy: String?

    @Option(name: .long, help: "Validate this taxonomy file (roles, skills or seniority) and exit.")
    var check: String?

    @Flag(name: .long, help: "Compile the folder's YAML files into compiled.jstx beside them and exit.")
    var compile = false

    @Flag(name: .long, help: "List every skill with its category and aliases.")
    var skills = false

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func validate() throws {
        if check != nil && compile { throw ValidationError("Give --check or --compile, not both.") }
    }

    func run() throws {
        if compile {
            do {
                let folder = ModelOptions(model: nil, taxonomy: taxonomy).taxonomyPath
                let written = try CompiledTaxonomy.compile(folder: folder)
                print("wrote \(written.path) (\(written.bytes) bytes)")
            } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
            return
        }
        if let check {
            do {
                print(try JobTaxonomy.check(file: check))
            } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
            return
        }
        let options = ModelOptions(model: nil, taxonomy: taxonomy)
        let loaded = try options.loadTaxonomy()
        if json { return try printJSON(TaxonomyListing(loaded)) }
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
        if let problem = try CompiledTaxonomy.problem(inFolder: options.taxonomyPath) {
            print("\nCompiled form: \(problem)")
        } else {
            print("\nCompiled form: \(CompiledTaxonomy.path(inFolder: options.taxonomyPath)) is up to date")
        }
    }
}

/// The taxonomy as `taxonomy --json` and the API's `/v1/taxonomy` give it.
struct TaxonomyListing: Encodable, Sendable {
    var roles: [Role]
    var levels: [String]
    var skills: [[String: String]]

    init(_ taxonomy: JobTaxonomy) {
        roles = taxonomy.roles.roles
        levels = taxonomy.seniority.levels.map(\.id)
        skills = taxonomy.skills.skills.map {
            ["id": $0.id, "name": $0.name, "category": $0.category, "aliases": $0.aliases.map(\.text).joined(separator: "|")]
        }
    }
}
