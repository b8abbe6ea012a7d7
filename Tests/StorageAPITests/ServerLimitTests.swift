import Foundation
import QueueKit
import StorageTesting
import Testing

/// Sockets that say nothing: closed after the idle timeout, and never more of them open
/// than the server allows, so that an unauthenticated caller cannot take its descriptors.
@Suite struct ServerLimitTests {
    /// A TCP connection to the server that sends nothing.
    final class Silent {
        let fd: Int32

        init(port: Int) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw TestFailure("connect: \(errno)") }
        }

        /// Whether the server closed it: a read that returns end of file within `seconds`.
        func closedByServer(within seconds: Int) -> Bool {
            var timeout = timeval(tv_sec: seconds, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var byte: UInt8 = 0
            return recv(fd, &byte, 1, 0) == 0
        }

        /// Everything the server sends until it closes the connection (or `seconds` pass).
        func readUntilClosed(within seconds: Int) -> String {
            var timeout = timeval(tv_sec: seconds, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var out: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = recv(fd, &buffer, buffer.count, 0)
                guard n > 0 else { return n == 0 ? String(decoding: out, as: UTF8.self) : "(not closed) " + String(decoding: out, as: UTF8.self) }
                out += buffer[0..<n]
            }
        }

        deinit { close(fd) }
    }

    @Test func idleConnectionsAreClosedAndTheirNumberIsCapped() async throws {
        let h = try await APIHarness.make(environment: ["SS_SERVE_IDLE_TIMEOUT": "1", "SS_SERVE_MAX_CONNECTIONS": "4"])
        defer { h.locations.remove() }
        let port = h.server.port
        let idle = try Silent(port: port)
        #expect(idle.closedByServer(within: 5), "a connection that sends no request is closed after the idle timeout")

        // A half-sent header is no request either.
        let slow = try Silent(port: port)
        _ = "GET /api/health HTTP/1.1\r\nHost: x\r\n".withCString { send(slow.fd, $0, strlen($0), 0) }
        #expect(slow.closedByServer(within: 5), "a header that never ends is closed too")

        // With every slot held by silent sockets, a new request waits for one to close.
        let held = try (0..<4).map { _ in try Silent(port: port) }
        let started = ContinuousClock.now
        let r = try await h.anonymous.request("GET", "/api/health", timeout: 20)
        #expect(r.status == 200, "answered once an idle connection was closed")
        #expect(ContinuousClock.now - started >= .milliseconds(500), "it had to wait for a slot")
        _ = held
    }

    @Test func aTricklingBodyIsCutAndARefusalClosesTheConnection() async throws {
        let h = try await APIHarness.make(environment: ["SS_SERVE_REQUEST_TIMEOUT": "2", "SS_SERVE_IDLE_TIMEOUT": "30"])
        defer { h.locations.remove() }
        // No key and a body of 100 MB announced: a 401, then the connection closes (it used
        // to wait for the whole body, at the caller's pace).
        let refused = try Silent(port: h.server.port)
        _ = "POST /api/v3/aips HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{".withCString { send(refused.fd, $0, strlen($0), 0) }
        let answer = refused.readUntilClosed(within: 5)
        #expect(answer.hasPrefix("HTTP/1.1 401") && answer.lowercased().contains("connection: close"), "\(answer.prefix(200))")

        // With a key, a body that trickles in is cut at the request timeout.
        let trickle = try Silent(port: h.server.port)
        let head = "POST /api/v3/aips HTTP/1.1\r\nHost: x\r\nAuthorization: ApiKey \(h.user):\(h.key)\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
        _ = head.withCString { send(trickle.fd, $0, strlen($0), 0) }
        let started = ContinuousClock.now
        var closed = false
        while ContinuousClock.now - started < .seconds(8), !closed {
            _ = " ".withCString { send(trickle.fd, $0, 1, Int32(MSG_NOSIGNAL)) }
            closed = trickle.closedByServer(within: 1)
        }
        #expect(closed && ContinuousClock.now - started >= .seconds(1), "closed at the request timeout, though a byte came every second")
        // A long poll that has arrived is not a trickle: it outlives the request timeout.
        let job = try await h.db.enqueue([NewJob(kind: "system.noop", runAt: Date().addingTimeInterval(3600))])[0]
        let poll = try await h.client.get("/api/v3/jobs/\(job)?wait=3")
        #expect(poll.status == 200 && poll.object.text("state") == "scheduled")
    }
}
