import Foundation
import QueueKit

/// Decides which database a command uses: `--database-url`, else `SS_DATABASE_URL`, else
/// the embedded cluster under `$SS_HOME`.
public enum DatabaseResolver {
    public static func resolve(flag: String?, environment: Environment = Environment()) throws(QueueError) -> DatabaseSettings {
        if let flag, !flag.isEmpty { return try DatabaseSettings(url: flag, source: "--database-url") }
        if let env = environment["SS_DATABASE_URL"] { return try DatabaseSettings(url: env, source: "SS_DATABASE_URL") }
        return EmbeddedCluster(environment: environment).settings
    }
}
