import Foundation
import QueueKit

/// Where settings come from, below the command-line flags: the environment (`SS_*`), then
/// the configuration file, whose keys stand in for the same variables. In one place so
/// that every setting resolves the same way and `config show` can say where each came from.
public struct Environment: Sendable {
    public var variables: [String: String]
    public var config: ConfigFile?

    public init(variables: [String: String] = ProcessInfo.processInfo.environment, config: ConfigFile? = nil) {
        self.variables = variables
        self.config = config
    }

    /// The process's environment and the configuration file it points to (if any).
    public static func load(_ variables: [String: String] = ProcessInfo.processInfo.environment) throws(QueueError) -> Environment {
        Environment(variables: variables, config: try ConfigFile.locate(variables).map { path throws(QueueError) in try ConfigFile.load(path) })
    }

    /// `SS_…` from the environment, else from the configuration file.
    public subscript(name: String) -> String? {
        variables[name].flatMap { $0.isEmpty ? nil : $0 } ?? config?.values[name]
    }

    /// Where `self[name]` comes from: the variable's name, `config <path>`, or nil.
    public func source(of name: String) -> String? {
        if variables[name].map({ !$0.isEmpty }) == true { return name }
        if let config, config.values[name] != nil { return "config \(config.path)" }
        return nil
    }

    public var isRoot: Bool { geteuid() == 0 }

    /// `$SS_HOME`, else `/var/lib/ss` for root (whose home the `postgres` user cannot
    /// enter), else `~/.local/share/ss`.
    public var home: String {
        if let home = self["SS_HOME"] { return home }
        if isRoot { return "/var/lib/ss" }
        let base = variables["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((variables["HOME"] ?? NSHomeDirectory()) + "/.local/share")
        return base + "/ss"
    }
}
