import Foundation
import PackagePlugin

/// Embeds, at build time, what `ss-cli serve` serves as it is: `openapi.yaml` (the API's
/// contract, edited by hand at the package's root) as `OpenAPIDocument.text`, and the
/// dashboard's templates and stylesheet (`Dashboard/Templates`) as `DashboardAssets.files`.
/// The installed binary needs no resource files, and no generated copy is kept in the tree.
@main struct EmbedAssets: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let openAPI = context.package.directoryURL.appending(path: "openapi.yaml")
        let templates = target.directoryURL.appending(path: "Dashboard/Templates")
        let assets = try FileManager.default.contentsOfDirectory(atPath: templates.path).sorted()
            .filter { !$0.hasPrefix(".") }.map { templates.appending(path: $0) }
        let work = context.pluginWorkDirectoryURL
        return [
            command("Embedding openapi.yaml", Self.openAPIScript, [openAPI], work.appending(path: "OpenAPIDocument.swift")),
            command("Embedding the dashboard's templates", Self.assetsScript, assets, work.appending(path: "DashboardAssets.swift")),
        ]
    }

    func command(_ name: String, _ script: String, _ inputs: [URL], _ output: URL) -> Command {
        .buildCommand(displayName: name, executable: URL(fileURLWithPath: "/bin/sh"),
                      arguments: ["-c", script, "embed", output.path] + inputs.map(\.path),
                      inputFiles: inputs, outputFiles: [output])
    }

    // A raw string literal holds each file as it is; only its own terminator could end it early.
    static let guardTerminator = ##"for f in "$@"; do if grep -q '"""#' "$f"; then echo "$f may not contain \"\"\"#" >&2; exit 1; fi; done"##

    static let openAPIScript = ##"""
        out=$1; shift
        \##(guardTerminator)
        {
          echo '// Generated from openapi.yaml by the EmbedAssets plugin.'
          echo '/// The OpenAPI document, served at /api/openapi.yaml.'
          echo 'enum OpenAPIDocument {'
          echo '    static let text = #"""'
          cat "$1"
          echo '"""#'
          echo '}'
        } > "$out"
        """##

    static let assetsScript = ##"""
        out=$1; shift
        \##(guardTerminator)
        {
          echo '// Generated from Dashboard/Templates by the EmbedAssets plugin.'
          echo '/// The dashboard'"'"'s templates and stylesheet, by file name.'
          echo 'enum DashboardAssets {'
          echo '    static let files: [String: String] = ['
          for f in "$@"; do
            echo "        \"$(basename "$f")\": #\"\"\""
            cat "$f"
            echo '"""#,'
          done
          echo '    ]'
          echo '}'
        } > "$out"
        """##
}
