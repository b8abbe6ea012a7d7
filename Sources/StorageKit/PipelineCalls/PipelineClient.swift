import AsyncHTTPClient
import Foundation
import NIOCore
import QueueKit

/// The calls ss makes to a pipeline's own API, as the Storage Service makes them
/// (`locations/models/pipeline.py`): `<remote_name>/api/<path>`, with
/// `Authorization: ApiKey <user>:<key>` from the pipeline's registration and form fields.
/// A remote name without a scheme is taken as `http://`, and any path of its own is
/// replaced, as the Storage Service's `parse_and_fix_url` does.
public struct PipelineClient: Sendable {
    public var remoteName: String
    public var credentials: PipelineCredentials
    /// How long one call may take, from the connection to the last byte of the answer.
    public var timeout: Duration = .seconds(60)

    /// The one client of every call: it follows no redirect (a pipeline answering 302 to an
    /// address inside the network would have ss fetch that for it, and hand it the answer).
    private static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    public init(remoteName: String, credentials: PipelineCredentials) {
        self.remoteName = remoteName
        self.credentials = credentials
    }

    /// A pipeline's answer is small JSON or a processing configuration; more than this is
    /// not read (a misconfigured remote name pointing at a file server, say).
    static let answerLimit = 4 << 20

    /// A call that did not get a 200: the status and the pipeline's own `message` when it
    /// sent one, or why no answer came.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        /// The pipeline answered (and refused), rather than not at all.
        public var answered = true
    }

    /// `POST api/<ingest|transfer>/reingest` with `name` (the directory in the shared
    /// directory's `tmp/`) and `uuid`: starts the re-ingest; returns the pipeline's
    /// `reingest_uuid`, or nil when its answer has none.
    public func approveReingest(name: String, uuid: UUID, target: String) async throws -> UUID? {
        let answer = try await call(.post, "\(target)/reingest", form: ["name": name, "uuid": uuid.uuidString.lowercased()])
        guard case .string(let text)? = (try? JSONValue(jsonText: String(decoding: answer, as: UTF8.self)))?["reingest_uuid"] else { return nil }
        return UUID(uuidString: text)
    }

    /// `GET api/processing-configuration/<name>`: the XML a full re-ingest puts at the top of
    /// the package (`processingMCP.xml`).
    public func processingConfiguration(_ name: String) async throws -> Data {
        let escaped = name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? name
        let answer = try await call(.get, "processing-configuration/\(escaped)")
        guard !answer.isEmpty else { throw Failure(description: "pipeline \(remoteName): empty processing configuration (\(name))") }
        return answer
    }

    /// The URL of `api/<path>` on the pipeline.
    func url(_ path: String) throws -> String {
        let base = remoteName.contains("://") ? remoteName : "http://" + remoteName
        guard var parts = URLComponents(string: base), let scheme = parts.scheme?.lowercased(), ["http", "https"].contains(scheme),
              parts.host?.isEmpty == false else {
            throw Failure(description: "pipeline remote name '\(remoteName)' is not an http(s) address (see `ss-cli pipeline list`)")
        }
        parts.percentEncodedPath = "/api/" + path
        parts.query = nil
        parts.fragment = nil
        guard let url = parts.string else { throw Failure(description: "pipeline remote name '\(remoteName)' gives no URL for api/\(path)") }
        return url
    }

    private enum Method: String { case get = "GET", post = "POST" }

    private func call(_ method: Method, _ path: String, form: [String: String] = [:]) async throws -> Data {
        let url = try url(path)
        var request = HTTPClientRequest(url: url)
        request.method = method == .post ? .POST : .GET
        request.headers.add(name: "Authorization", value: "ApiKey \(credentials.username):\(credentials.key)")
        if !form.isEmpty {
            var fields = URLComponents()
            fields.queryItems = form.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
            // `+` is a space in a form, so it is escaped too.
            let body = (fields.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let sent = request, limit = timeout, what = "pipeline \(remoteName) did not answer \(method.rawValue) api/\(path)"
        let (status, data): (UInt, Data)
        do {
            (status, data) = try await withThrowingTaskGroup(of: (UInt, Data).self) { group in
                group.addTask {
                    let response = try await Self.http.execute(sent, timeout: .seconds(limit.components.seconds + 1))
                    return (response.status.code, Data(buffer: try await response.body.collect(upTo: Self.answerLimit)))
                }
                group.addTask {
                    try await Task.sleep(for: limit)
                    throw Failure(description: "\(what) within \(limit)", answered: false)
                }
                defer { group.cancelAll() }
                return try await group.next()!
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "\(what): \(error)", answered: false)
        }
        guard status == 200 else {
            let message = (try? JSONValue(jsonText: String(decoding: data, as: UTF8.self)))?["message"]
            let detail = if case .string(let m)? = message { " (\(m))" } else { "" }
            throw Failure(description: "pipeline \(remoteName) answered \(method.rawValue) api/\(path) with \(status)\(detail)")
        }
        return data
    }
}
