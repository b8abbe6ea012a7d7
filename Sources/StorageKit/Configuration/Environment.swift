import Foundation

/// The environment and home directory ss reads, in one place so tests can substitute them.
public struct Environment: Sendable {
    public var variables: [String: String]

    public init(variables: [String: String] = ProcessInfo.processInfo.environment) {
        self.variables = variables
    }

    public subscript(name: String) -> String? {
        variables[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    public var isRoot: Bool { geteuid() == 0 }

    /// `$SS_HOME`, else `/var/lib/ss` for root (whose home the `postgres` user cannot
    /// enter), else `~/.local/share/ss`.
    public var home: String {
        if let home = self["SS_HOME"] { return home }
        if isRoot { return "/var/lib/ss" }
        let base = self["XDG_DATA_HOME"] ?? ((self["HOME"] ?? NSHomeDirectory()) + "/.local/share")
        return base + "/ss"
    }
}
