import ArgumentParser
import Foundation
import Logging
import QueueKit
import StorageKit

/// Runs a command body and maps its errors: the message to stderr as `ss-cli: …`, the
/// status from `ExitCodes`.
enum CommandRunner {
    static let logger: Logger = {
        var logger = Logger(label: "ss")
        logger.logLevel = .error
        return logger
    }()

    static func run<R: Sendable>(_ body: () async throws -> R) async throws -> R {
        do {
            return try await body()
        } catch let error as QueueError {
            Terminal.error(error.message)
            throw ExitCode(ExitCodes.code(for: error))
        } catch let error as StorageError {
            Terminal.error(error.message)
            throw ExitCode(ExitCodes.code(for: error))
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            Terminal.error("internal error: \(String(reflecting: error))")
            throw ExitCode(ExitCodes.internalError)
        }
    }
}
