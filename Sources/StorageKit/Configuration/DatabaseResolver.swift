import Foundation
import QueueKit

/// Decides which database a command uses: `--database-url`, else `SS_DATABASE_URL` (from
/// the environment, else the configuration file), else the embedded cluster under `$SS_HOME`.
public enum DatabaseResolver {
    public static func resolve(flag: String?, environment: Environment = Environment()) throws(QueueError) -> DatabaseSettings {
        if let flag, !flag.isEmpty { return try DatabaseSettings(url: flag, source: "--database-url", variables: environment.variables) }
        if let url = environment["SS_DATABASE_URL"] {
            return try DatabaseSettings(url: url, source: environment.source(of: "SS_DATABASE_URL") ?? "SS_DATABASE_URL", variables: environment.variables)
        }
        return EmbeddedCluster(environment: environment).settings
    }
}
