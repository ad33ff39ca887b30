import Foundation
import GitFixtures
import XCTest

/// The built `git-vep` executable beside the test bundle.
enum Binary {
    static var directory: URL {
        #if os(macOS)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        fatalError("no test bundle")
        #else
        return Bundle.main.bundleURL
        #endif
    }

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

extension GitRepo {
    /// Runs `git-vep args…` in the repository (or `directory`) with the fixture's environment plus `env`.
    func vep(_ args: String..., env: [String: String] = [:], in directory: String? = nil) throws -> ProcessResult {
        var environment = self.environment
        environment.merge(env) { $1 }
        return try ProcessRunner.run(Binary.path("git-vep"), args, environment: environment, currentDirectory: directory ?? path)
    }
}

/// VEP documents written for the tests, covering the real-world variants of both formats.
enum Documents {
    static let template = """
    # VEP #NNNN: Your short, descriptive title

    ## VEP Status Metadata

    ### Target releases

    <!--
    Fill in one release per stage.
    ### Alpha
    -->

    - This VEP targets alpha for version:
    - This VEP targets beta for version:
    - This VEP targets GA for version:

    ## Overview

    """

    /// Legacy prose with past tense, `alpha2`, a patch-level spelling and TBD.
    static let gpuLegacy = """
    # VEP #10: Accelerators through dynamic resource allocation

    ## VEP Status Metadata

    ### Target releases

    - This VEP targeted alpha for version: v1.6 (status-field design)
    - This VEP targeted alpha2 for version: v1.8 (metadata-file design)
    - This VEP targets beta for version: v1.9.0
    - This VEP targets GA for version: TBD

    ## Overview

    ```markdown
    ### Target releases
    - This VEP targets GA for version: v9.9
    ```
    """

    /// Zero-padded number in the heading, bare `1.9` spelling, empty GA.
    static let rebootLegacy = """
    # VEP #0171: Cold reboot requested by the guest

    ## VEP Status Metadata

    ### Target releases

    - This VEP targets alpha for version: 1.8
    - This VEP targets beta for version: v1.9.
    - This VEP targets GA for version:
    """

    /// A heading that is a section, not the VEP: identity from the folder.
    static let secureOverview = """
    # Overview
    Confidential guests on mainframes.

    ## VEP Status Metadata

    ### Target releases

    - This VEP targets alpha for version: v1.6
    - This VEP targets beta for version: v1.7
    - This VEP targets GA for version: v1.9
    """

    /// Struck alpha line with a continuation document.
    static let passtMain = """
    # VEP #21: Seamless migration for the passt binding

    ## VEP Status Metadata

    ### Target releases

    - ~This VEP targets alpha for version:~
    - This VEP targets beta for version: v1.8
    - This VEP targets GA for version:
    """

    static let passtPart = """
    # VEP #21 - Part 2: Core migration and GA

    ## VEP Status Metadata

    ### Target releases

    - This VEP targets GA for version: v1.10
    """

    /// Ship target for a VEP without feature-gated phases.
    static let imagesShip = """
    # VEP #48: Golden images for mixed-architecture clusters

    ## VEP Status Metadata

    ### Target releases

    This VEP has no phases guarded by a feature gate.
    - Ship target version: v1.7.0
    """

    /// Governance meta-VEP with N/A values and a comment that mentions a target.
    static let governance = """
    # VEP #282: Proposal governance

    ## VEP Status Metadata

    ### Target releases

    <!--
    This VEP targets GA for v1.9 so that the process is in place early.
    - This VEP targets alpha for version: v1.1
    -->

    - This VEP targets alpha for version: N/A
    - This VEP targets beta for version: N/A (process change)
    - This VEP targets GA for version: v1.9
    """

    static func frontMatter(number: Int, title: String, status: String = "provisional", stage: String? = nil,
                            sig: String = "sig-network", alpha: String? = nil, beta: String? = nil, ga: String? = nil,
                            reviewers: [String] = ["TBD"], approvers: [String] = ["TBD"]) -> String {
        var text = """
        ---
        title: \(title)
        vep-number: \(number)
        creation-date: "2026-05-22"
        status: \(status)
        authors:
          - "@mira"
        owning-sig: \(sig)
        participating-sigs: []
        reviewers:
        \(reviewers.map { "  - \"\($0)\"" }.joined(separator: "\n"))
        approvers:
        \(approvers.map { "  - \"\($0)\"" }.joined(separator: "\n"))
        feature-gate: Feature\(number)

        """
        if let stage { text += "stage: \(stage)\n" }
        text += "milestone:\n"
        if let alpha { text += "  alpha: \"\(alpha)\"\n" }
        if let beta { text += "  beta: \"\(beta)\"\n" }
        if let ga { text += "  ga: \"\(ga)\"\n" }
        if alpha == nil && beta == nil && ga == nil { text += "  alpha: \"TBD\"\n" }
        text += "replaces: \"\"\nsuperseded-by: \"\"\n---\n\n# VEP #\(number): \(title)\n\n## Overview\n\nText.\n"
        return text
    }

    /// The files of a repository holding every variant.
    static var all: [String: String?] {
        [
            "veps/NNNN-vep-template/vep.md": template,
            "veps/sig-compute/10-dra-devices/vep.md": gpuLegacy,
            "veps/sig-compute/171-cold-reboot-guest/vep.md": rebootLegacy,
            "veps/sig-compute/19-secure-guests/vep.md": secureOverview,
            "veps/sig-network/21-passt/vep.md": passtMain,
            "veps/sig-network/21-passt/passt-ga.md": passtPart,
            "veps/sig-network/21-passt/flow.png": "PNG",
            "veps/sig-storage/48-golden-images/vep.md": imagesShip,
            "veps/meta-VEPs/282-proposal-governance/vep.md": governance,
            "veps/sig-network/307-vhostuser-binding/vep.md": frontMatter(number: 307, title: "Binding plugin for vhost-user", status: "deferred", alpha: "TBD"),
        ]
    }
}

extension GitRepo {
    func vepArguments(_ args: [String], env: [String: String] = [:]) throws -> ProcessResult {
        var environment = self.environment
        environment.merge(env) { $1 }
        return try ProcessRunner.run(Binary.path("git-vep"), args, environment: environment, currentDirectory: path)
    }
}
