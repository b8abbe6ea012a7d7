import Foundation
import QueueKit

/// How a re-ingested AIP updates the stored one, as the Storage Service's `finish_reingest`
/// does (steps 2–4): the stored bag keeps every original, and takes from the re-ingested
/// one its METS, its `data/objects/metadata/` (files added or replaced, none removed), and
/// its preservation derivatives (`<name>-<uuid><ext>` anywhere under `data/objects/`, the
/// last UUID in the name as the Storage Service's greedy pattern takes it), each replacing
/// the derivatives of the same original (same `<name>` and `<ext>`, another UUID). Stricter
/// than the Storage Service: only regular files are replaced, and never one the re-ingested
/// version holds too (an original whose name looks like a derivative's, sent back by an
/// `objects` or `full` re-ingest, is not a superseded derivative). The bag's manifests are
/// then rewritten (`BagWriter`).
enum ReingestMerge {
    static func merge(_ reingested: String, into bag: String, uuid: UUID, control: TransferControl) throws {
        let mets = "data/METS.\(uuid.uuidString.lowercased()).xml"
        guard FileSystem.kind(at: reingested + "/" + mets) == .file else {
            throw JobFailure.permanent("bag_invalid", "the re-ingested AIP has no \(mets): it is not a version of AIP \(uuid.uuidString.lowercased())")
        }
        try replace(mets, from: reingested, into: bag, control: control)
        let objects = "data/objects"
        guard FileSystem.kind(at: reingested + "/" + objects) == .directory else { return }
        let sent = try TreeCopier.entries(of: reingested + "/" + objects).filter { $0.kind == .file }
        let sentPaths = Set(sent.map(\.path))
        for entry in sent {
            let path = objects + "/" + entry.path
            if entry.path.hasPrefix("metadata/") {
                try replace(path, from: reingested, into: bag, control: control)
            } else if let derivative = Derivative(name: (entry.path as NSString).lastPathComponent) {
                let parent = (entry.path as NSString).deletingLastPathComponent
                let directory = bag + "/" + (path as NSString).deletingLastPathComponent
                for old in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
                where old != derivative.name && !sentPaths.contains(parent.isEmpty ? old : parent + "/" + old)
                    && FileSystem.kind(at: directory + "/" + old) == .file && Derivative(name: old)?.sameOriginal(as: derivative) == true {
                    try FileSystem.removeTree(directory + "/" + old)
                }
                try replace(path, from: reingested, into: bag, control: control)
            }
        }
    }

    /// A file named as Archivematica names a preservation derivative: `<base>-<uuid><rest>`.
    struct Derivative {
        var name: String, base: Substring, rest: Substring

        init?(name: String) {
            let pattern = #"-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"#
            var last: Range<String.Index>?
            var from = name.startIndex
            while from < name.endIndex, let found = name.range(of: pattern, options: .regularExpression, range: from..<name.endIndex) {
                last = found
                from = name.index(after: found.lowerBound)
            }
            guard let range = last, range.lowerBound > name.startIndex else { return nil }
            (self.name, base, rest) = (name, name[..<range.lowerBound], name[range.upperBound...])
        }

        func sameOriginal(as other: Derivative) -> Bool { base == other.base && rest == other.rest }
    }

    /// Copies `path` of `from` over the same path in `bag` (read back), making its directories.
    private static func replace(_ path: String, from: String, into bag: String, control: TransferControl) throws {
        try FileSystem.makeDirectories((path as NSString).deletingLastPathComponent, under: bag)
        try FileSystem.removeTree(bag + "/" + path)
        let result = try FileCopier.copy(from: from + "/" + path, to: bag + "/" + path, algorithms: [.sha256], control: control)
        guard result.source == result.destination else { throw DestinationMismatch(files: [path]) }
    }
}
