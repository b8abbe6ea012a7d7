import Foundation
import Hummingbird
import NIOCore
import QueueKit
import StorageKit

/// A failure as every client sees it: a status and `{"error": "<message>"}`, never an HTML
/// page or a stack trace. Errors from the layers below are mapped here in one place.
struct APIError: HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String
    /// A body of another shape, where a v2 client expects the Storage Service's own
    /// (`{"error": true, "message": …}`, `{"error_message": …}`); else `{"error": message}`.
    var body: JSONValue?

    init(_ status: HTTPResponse.Status, _ message: String, body: JSONValue? = nil) {
        self.status = status
        self.message = message
        self.body = body
    }

    /// The Storage Service's error shape for its custom endpoints (move, …).
    static func storageService(_ status: HTTPResponse.Status, _ message: String) -> APIError {
        APIError(status, message, body: ["error": true, "message": .string(message)])
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.json(status, body ?? ["error": .string(message)])
    }

    /// Any error as an `APIError`: a queue error by its code, Hummingbird's own by its
    /// status, anything else as a 500 that says only that it happened.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let e as APIError:
            return e
        case let e as QueueError:
            let status: HTTPResponse.Status = switch e.code {
            case .invalidInput: .badRequest
            case .notFound: .notFound
            case .conflict: .conflict
            case .unavailable, .schemaBehind: .serviceUnavailable
            case .timedOut: .gatewayTimeout
            }
            // The server's log has the whole message; a client, who may not even have a
            // key, learns nothing of the database's user, host or name.
            if status == .serviceUnavailable { return APIError(status, "the database is unavailable; the server's log says why") }
            return APIError(status, e.message)
        case let e as StorageError:
            let status: HTTPResponse.Status = switch e.code {
            case .forbidden: .forbidden
            case .sourceMissing: .notFound
            case .idempotencyConflict, .notPending, .damaged: .conflict
            case .unsupported: .notImplemented
            case .notReingestable: .methodNotAllowed  // as the Storage Service answers both
            case .noProcessingLocation: .preconditionFailed
            case .invalidMETS: .internalServerError  // as the Storage Service answers a METS it cannot read
            default: .badRequest
            }
            var body: [String: JSONValue] = ["error": .string(e.message)]
            if let scope = e.context.scope { body["scope"] = .string(scope) }
            if let field = e.context.field { body["field"] = .string(field) }
            return APIError(status, e.message, body: .object(body))
        case let e as HTTPError:
            return APIError(e.status, e.body ?? e.status.reasonPhrase.lowercased())
        case let e as any HTTPResponseError:
            return APIError(e.status, e.status.reasonPhrase.lowercased())
        default:
            return APIError(.internalServerError, "internal error (see the server's log)")
        }
    }
}
