import ArgumentParser
import Foundation
import StorageKit

struct AIPExtract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Write one file of a stored AIP to stdout (or --output), as extract_file/ serves it.",
        discussion: """
            The path is relative to the bag, or starts with its name, as Archivematica
            asks for its METS (<name>/data/METS.<uuid>.xml); it may not leave the AIP
            (65). A file not in the AIP is 66. From a compressed AIP (.7z, .zip, .tar,
            .tar.gz, …) the file is read out of the archive; another single-file AIP has
            no files inside (65). --output never replaces a file (65).

            \(ExitCodes.discussion)

            EXAMPLES
              ss-cli aip extract 6c1d4bd5-3f55-4c6e-9d6e-1c2b3a4d5e6f data/METS.6c1d4bd5-3f55-4c6e-9d6e-1c2b3a4d5e6f.xml
            """
    )

    @Argument(help: "The AIP's UUID.") var aip: UUID
    @Argument(help: "The file, relative to the bag.") var path: String
    @Option(name: .shortAndLong, help: "Write it to this new file instead of stdout.") var output: String?
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let (package, place) = try await global.withDatabase { [aip, path] db in
            let package = try await Packages.get(aip, on: db.connection, logger: db.queue.logger)
            return (package, try PackageMember.locate(path, in: package))
        }
        try await CommandRunner.run {
            let member = try PackageMember.open(place, in: package)
            let out: Int32
            if let output {
                out = open(output, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
                guard out >= 0 else {
                    throw StorageError(.invalidPath, "cannot create \(output): \(String(cString: strerror(errno)))", .init(path: output))
                }
            } else {
                out = STDOUT_FILENO
            }
            defer { if out != STDOUT_FILENO { close(out) } }
            try member.write(to: out, path: output ?? "stdout")
        }
    }
}
