import Testing
@testable import JobSiftKit

/// Remote, hybrid and on-site read from a posting's title and wording.
@Suite struct WorkplaceTextTests {
    @Test(arguments: [
        "This is a fully remote position.",
        "We are a remote-first company.",
        "100% remote, anywhere in the EU.",
        "You can work from home every day.",
        "WFH with a home office budget.",
        "Location: Remote",
        "You can work remotely from anywhere.",
        "This position can be performed remotely.",
        "We don't do hybrid. Fully remote.",
    ])
    func remoteWordingIsRemote(text: String) {
        #expect(WorkplaceText.detect(title: "Data Scientist", text: text) == .remote, "\(text)")
    }

    @Test(arguments: [
        "Hybrid (3 days in office)",
        "You'll spend 2 days a week in the office.",
        "We offer hybrid working from our Paris office.",
        "Partially remote role.",
        "Three days from home, the rest with the team.",
    ])
    func hybridWordingIsHybrid(text: String) {
        #expect(WorkplaceText.detect(title: nil, text: text) == .hybrid, "\(text)")
    }

    @Test(arguments: [
        "This role is on-site in Austin, TX.",
        "Onsite in Munich.",
        "This is an in-office role.",
        "In office 5 days a week.",
        "Work in person at our Boston lab.",
        "Office-based in Leeds.",
    ])
    func onsiteWordingIsOnsite(text: String) {
        #expect(WorkplaceText.detect(title: nil, text: text) == .onsite, "\(text)")
    }

    @Test(arguments: [
        ("ML Engineer (Remote)", WorkplaceType.remote),
        ("Senior Data Scientist - Remote, US", .remote),
        ("Data Engineer - Hybrid", .hybrid),
        ("Field Engineer, On-site", .onsite),
    ])
    func theTitleAloneIsEnough(title: String, expected: WorkplaceType) {
        #expect(WorkplaceText.detect(title: title, text: "Join our team.") == expected, "\(title)")
    }

    @Test(arguments: [
        "No remote.",
        "There is no remote option for this role.",
        "This position is not remote.",
        "Remote work is not possible.",
        "This is not a remote role.",
        "This role is on-site only.",
        "We are unable to offer remote work.",
        "Remote candidates will not be considered.",
        "Remote: no",
        "This is a non-remote position.",
    ])
    func remoteRuledOutIsOnsite(text: String) {
        #expect(WorkplaceText.detect(title: nil, text: text) == .onsite, "\(text)")
    }

    @Test(arguments: [
        "Experience with remote sensing and satellite imagery.",
        "Build firmware for remote control units.",
        "Design remote monitoring dashboards for wind farms.",
        "Improve remote patient care pathways.",
        "Implement a remote procedure call layer over gRPC.",
        "Pilot remotely operated vehicles.",
        "You will mentor remote teams across Europe.",
        "Design our hybrid cloud platform.",
        "Build hybrid search over BM25 and embeddings.",
        "Train hybrid models that mix rules and neural nets.",
        "Battery systems for hybrid vehicles.",
        "Enjoy our on-site gym and cafeteria.",
        "We build great products.",
        "Is this job not remote? Let us know!",
        "Do you prefer on-site work? Tell us in your letter.",
    ])
    func trapsSayNothingAboutTheWorkplace(text: String) {
        #expect(WorkplaceText.detect(title: nil, text: text) == .unknown, "\(text)")
    }

    @Test func aTrapInTheTitleLeavesTheBodyToDecide() {
        #expect(WorkplaceText.detect(title: "Remote Sensing Scientist", text: "Analyse satellite data.") == .unknown)
        let onsite = "This role is on-site in Toulouse."
        #expect(WorkplaceText.detect(title: "Remote Sensing Scientist", text: onsite) == .onsite)
    }

    @Test func hybridWordingWinsOverRemoteAndOnsiteCues() {
        let text = "Remote or on-site; a hybrid schedule is also possible."
        #expect(WorkplaceText.detect(title: nil, text: text) == .hybrid)
    }

    @Test func theTitleWinsOverTheBody() {
        #expect(WorkplaceText.detect(title: "Data Scientist (Remote)", text: "This is an on-site role.") == .remote)
        #expect(WorkplaceText.detect(title: "Engineer, Hybrid", text: "This is a fully remote position.") == .hybrid)
    }

    @Test func remoteRuledOutWinsOverAnEarlierRemoteCue() {
        let text = "We're a remote-friendly company, but this role is on-site only."
        #expect(WorkplaceText.detect(title: nil, text: text) == .onsite)
    }

    @Test(arguments: [
        ("This role is remote; the team meets on-site.", WorkplaceType.remote),
        ("On-site in Berlin. Our sister team works remote.", .onsite),
    ])
    func theFirstCueWinsWithoutHybridWording(text: String, expected: WorkplaceType) {
        #expect(WorkplaceText.detect(title: nil, text: text) == expected, "\(text)")
    }

    @Test(arguments: [
        "Fully remote, with occasional on-site visits.",
        "Remote, with 2 days a month in the office.",
    ])
    func occasionalVisitsLeaveARoleRemote(text: String) {
        #expect(WorkplaceText.detect(title: nil, text: text) == .remote, "\(text)")
    }
}
