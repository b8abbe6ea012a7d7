import Foundation
import PackagePlugin

/// Embeds `openapi.yaml` (the API's contract, edited by hand at the package's root) in
/// StorageAPI as `OpenAPIDocument.text`, at build time: the installed binary serves it at
/// /api/openapi.yaml without resource files, and no generated copy is kept in the tree.
@main struct EmbedOpenAPI: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let input = context.package.directoryURL.appending(path: "openapi.yaml")
        let output = context.pluginWorkDirectoryURL.appending(path: "OpenAPIDocument.swift")
        // A raw string literal holds the YAML as it is; only its own terminator could end it early.
        let script = ##"""
            if grep -q '"""#' "$1"; then echo "$1 may not contain \"\"\"#" >&2; exit 1; fi
            {
              echo '// Generated from openapi.yaml by the EmbedOpenAPI plugin.'
              echo '/// The OpenAPI document, served at /api/openapi.yaml.'
              echo 'enum OpenAPIDocument {'
              echo '    static let text = #"""'
              cat "$1"
              echo '"""#'
              echo '}'
            } > "$2"
            """##
        return [.buildCommand(
            displayName: "Embedding openapi.yaml", executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", script, "embed", input.path, output.path],
            inputFiles: [input], outputFiles: [output])]
    }
}
