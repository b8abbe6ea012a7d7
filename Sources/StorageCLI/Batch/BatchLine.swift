import Foundation
import QueueKit
import StorageKit

/// The common shapes of a batch line, read without ArgumentParser, which takes about
/// 0.7 ms a line (70 s for 100,000). Anything else (a flag it does not know, `--opt=value`,
/// a mistake) returns nil, and the line goes to the `aip` commands themselves, which
/// either accept it or say what is wrong; a test checks that both agree wherever this
/// one answers.
enum BatchLine {
    static func parse(_ words: [String]) -> AIPOperation? {
        guard let verb = words.first else { return nil }
        var positional: [String] = []
        var options: [String: String] = [:]
        var removeSource = false
        var i = 1
        while i < words.count {
            let w = words[i]
            switch w {
            case "--from", "--to", "--uuid", "--reason":
                guard i + 1 < words.count, options[w] == nil, !words[i + 1].hasPrefix("-") else { return nil }
                options[w] = words[i + 1]
                i += 2
            case "--remove-source":
                guard !removeSource else { return nil }
                removeSource = true
                i += 1
            default:
                guard !w.hasPrefix("-") else { return nil }
                positional.append(w)
                i += 1
            }
        }
        guard positional.count == 1 else { return nil }
        let allowed: [String]
        let op: AIPOperation?
        switch verb {
        case "store":
            allowed = ["--from", "--to", "--uuid"]
            guard let from = options["--from"], let to = options["--to"] else { return nil }
            var uuid: UUID?
            if let text = options["--uuid"] {
                guard let parsed = UUID(hexText: text) else { return nil }
                uuid = parsed
            }
            op = .store(path: positional[0], from: from, to: to, uuid: uuid, removeSource: removeSource)
        case "move":
            allowed = ["--to"]
            op = options["--to"].flatMap { to in UUID(hexText: positional[0]).map { .move($0, to: to) } }
        case "delete":
            allowed = ["--reason"]
            op = options["--reason"].flatMap { reason in
                reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil
                    : UUID(hexText: positional[0]).map { .delete($0, reason: reason) }
            }
        case "fixity":
            allowed = []
            op = UUID(hexText: positional[0]).map { .fixity($0) }
        case "audit":
            allowed = []
            op = UUID(hexText: positional[0]).map { .audit($0) }
        default:
            return nil
        }
        guard options.keys.allSatisfy(allowed.contains), !removeSource || verb == "store" else { return nil }
        return op
    }
}
