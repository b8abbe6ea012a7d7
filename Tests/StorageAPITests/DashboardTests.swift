import Foundation
import QueueKit
import StorageKit
import StorageTesting
import Testing

/// The dashboard in a real browser (headless Chromium driven by scripts/lib/browse.py):
/// each page loaded after a known night (stored AIPs, a failed fixity, a batch, a pending
/// deletion request), its DOM checked for what a person looks for, a screenshot checked
/// not to be blank; sign-in, sign-out, and what each key may and may not do, with nothing
/// changed by what it may not.
@Suite struct DashboardTests {
    typealias Step = [String: JSONValue]

    /// One browser session through `steps`; one result per step.
    static func browse(_ h: APIHarness, _ steps: [Step]) throws -> [JSONValue] {
        let python = try #require(ProcessInfo.processInfo.environment["SS_TEST_PYTHON"], "run through scripts/test, which installs Playwright")
        let script = ContractTests.repository + "/scripts/lib/browse.py"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("steps-\(UUID().uuidString).json").path
        try Data(JSONValue.array(steps.map(JSONValue.object)).jsonText.utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let run = try runProcess(python, [script, h.server.base, file], environment: ProcessInfo.processInfo.environment, timeout: 180)
        #expect(run.status == 0, "the browser failed: \(run.stderr)")
        guard case .array(let results) = try JSONValue(jsonText: run.stdout) else { throw TestFailure("browse.py printed \(run.stdout)") }
        return results
    }

    static func login(_ client: HTTPClient) -> Step {
        let parts = client.credentials!.split(separator: ":", maxSplits: 1).map(String.init)
        return ["login": ["user": .string(parts[0]), "key": .string(parts[1])]]
    }

    /// A night to look at: two AIPs stored, one of them rotten and its fixity failed, a
    /// batch of fixity checks, and a deletion request waiting for review.
    static func night(_ h: APIHarness) async throws -> (aip: (uuid: UUID, name: String), failed: UUID, batch: String, request: Int) {
        try await withWorkers(h.db, handlers: StorageJobs.handlers) { _ in
            let aip = try await h.storedAIP()
            let (rotten, _) = try await h.storedAIP()
            let p = try await h.storage.package(rotten)
            try Data("rot".utf8).write(to: URL(fileURLWithPath: p.fullPath + "/data/objects/file-0.bin"))
            let failed = try await h.storage.submit { r, c in try await r.fixity(rotten, on: c) }
            #expect(try await h.storage.finish(failed).state == .failed)
            let u = aip.uuid.uuidString.lowercased()
            let batch = try #require(try await h.client.post("/api/v3/batches", json: #"["fixity \#(u)"]"#).object.text("id"))
            try await TestDatabase.eventually("the batch ends") {
                try await h.client.get("/api/v3/batches/\(batch)").json()["states"]?["succeeded"] == .number(1)
            }
            return (aip, failed, batch, try await h.requestDeletion(aip.uuid))
        }
    }

    /// A job a worker is running, 40 of 100 MB through after 20 s, as its heartbeats
    /// leave it (no worker runs in these tests after the night: nothing moves it on).
    static func running(_ h: APIHarness) async throws -> UUID {
        let id = UUID()
        _ = try await h.db.withConnection { c in
            try await c.query("""
                INSERT INTO jobs (id, kind, state, attempt, worker, started_at, lease_expires_at, progress_done, progress_total)
                VALUES (\(id), 'aip.move', 'running', 1, 'host-a:4242', now() - interval '20 seconds', now() + interval '1 minute', 40000000, 100000000)
                """, logger: h.db.logger)
        }
        return id
    }

    @Test func aReadKeySeesEveryPageAndCanChangeNothing() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let (aip, failed, batch, request) = try await Self.night(h)
        let u = aip.uuid.uuidString.lowercased(), f = failed.uuidString.lowercased()
        let error = try #require(try await h.db.scalars("SELECT errors -> -1 ->> 'message' FROM jobs WHERE id = \(failed)", as: String.self).first)
        let moving = try await Self.running(h).uuidString.lowercased()
        let reader = try await h.client("reader", scopes: Scopes([.read]))
        let shot = FileManager.default.temporaryDirectory.appendingPathComponent("dashboard-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: shot) }

        let r = try Self.browse(h, [
            ["goto": .string("/ui/jobs/\(f)")],                                                   // 0: not signed in
            Self.login(reader),                                                          // 1: back where it was going
            ["goto": "/ui/"],                                                            // 2
            ["screenshot": .string(shot)],                                               // 3
            ["cookies": true],                                                           // 4
            ["goto": .string("/ui/jobs?state=failed")],                                  // 5
            ["goto": .string("/ui/aips/\(u)")],                                          // 6
            ["goto": .string("/ui/aips?q=\(aip.name.prefix(6).uppercased())")],            // 7
            ["goto": "/ui/locations"],                                                   // 8
            ["goto": "/ui/batches"],                                                     // 9
            ["goto": .string("/ui/batches/\(batch)")],                                   // 10
            ["goto": "/ui/deletion-requests"],                                           // 11
            ["post": ["path": .string("/ui/deletion-requests/\(request)/approve"), "csrf": "page"]],  // 12: no review scope
            ["post": ["path": .string("/ui/deletion-requests/\(request)/approve")]],     // 13: no CSRF token
            ["post": ["path": .string("/ui/jobs/\(f)/retry"), "csrf": "page"]],          // 14: no submit scope
            ["goto": .string("/ui/jobs/00000000-0000-0000-0000-000000000000")],          // 15
            ["goto": "/ui/jobs/not-a-uuid"],                                             // 16
            ["goto": "/ui/locations"],                                                   // 17
            ["click": "header button[type=submit]"],                                     // 18: sign out
            ["goto": "/ui/"],                                                            // 19
        ])
        func text(_ i: Int) -> String { r[i].text("text") ?? "" }
        func html(_ i: Int) -> String { r[i].text("html") ?? "" }

        #expect(r[0].text("url")?.contains("/ui/login?next=") == true && html(0).contains("name=\"key\""), "\(r[0].text("url") ?? "")")
        #expect(r[1].text("url") == h.server.base + "/ui/jobs/\(f)" && text(1).contains(error) && text(1).contains("aip.fixity"), "\(r[1].text("url") ?? "") \(error) \(html(1))")
        #expect(!html(1).contains("id=\"retry\"") && !html(1).contains("id=\"cancel\""), "a read key is offered no retry")

        #expect(text(2).contains("Jobs by queue") && text(2).contains("1\nfailed in 24 h") || text(2).contains("1 failed in 24 h"), "\(text(2))")
        #expect(text(2).contains(f) && text(2).contains(error), "the overview names the failure and why")
        #expect(text(2).contains(batch) && html(2).contains("<svg class=\"chart\""))
        #expect(html(2).contains("id=\"pending-reviews\"><b>1</b>"), "one request waits for review")
        #expect(text(2).contains(moving) && text(2).contains("host-a:4242") && html(2).contains("<progress value=\"40000000\" max=\"100000000\">"),
                "the running job with its progress")
        #expect(text(2).contains("38 MiB of 95 MiB (40 %)") && text(2).contains("/s") && html(2).contains("data-refresh=\"5\""), "\(text(2))")
        if let keep = ProcessInfo.processInfo.environment["SS_TEST_KEEP_SCREENSHOT"] {  // docs/dashboard.png
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: shot, toPath: keep)
        }
        #expect((r[3].integer("colors") ?? 0) > 50 && (r[3].number("dominant") ?? 1) < 0.95 && (r[3].integer("width") ?? 0) >= 1366,
                "the screenshot is not blank: \(r[3].jsonText)")

        let cookie = r[4].list("cookies").first { $0.text("name") == "ss_session" }
        #expect(cookie?["httpOnly"] == .bool(true) && cookie?.text("sameSite") == "Strict" && cookie?.text("path") == "/ui", "\(r[4].jsonText)")

        #expect(text(5).contains(f) && text(5).contains(error))
        #expect(text(6).contains(u) && text(6).contains("primary") && text(6).contains("vault") && text(6).contains("deletion requested by"), "\(text(6))")
        #expect(text(7).contains(u), "a search by the beginning of the name, in another case, finds it: \(text(7))")
        #expect(text(8).contains("vault") && text(8).contains("free") && html(8).contains("<meter"))
        #expect(text(9).contains(batch))
        #expect(text(10).contains("succeeded") && text(10).contains("No line has failed"))
        #expect(text(11).contains(u) && !html(11).contains("Approve deletion") && text(11).contains("no review scope"), "\(text(11))")

        #expect(r[12].integer("status") == 403 && (r[12].text("text") ?? "").contains("&#39;review&#39; scope"), "\(r[12].jsonText)")
        #expect(r[13].integer("status") == 403 && (r[13].text("text") ?? "").contains("CSRF"), "\(r[13].jsonText)")
        #expect(r[14].integer("status") == 403 && (r[14].text("text") ?? "").contains("&#39;submit&#39; scope"), "\(r[14].jsonText)")
        #expect(r[15].integer("status") == 404 && r[16].integer("status") == 400, "\(r[15].jsonText) \(r[16].jsonText)")
        #expect(r[18].text("url")?.hasSuffix("/ui/login") == true && r[19].text("url")?.contains("/ui/login") == true, "signed out: \(r[19].jsonText)")

        // Nothing those refusals touched changed.
        let pending = try await h.client.get("/api/v3/deletion-requests").json().list("deletion_requests")
        #expect(pending.count == 1 && pending.first?.integer("id") == request)
        #expect(try await h.storage.package(aip.uuid).status == .stored)
        #expect(try await h.db.scalars("SELECT state FROM jobs WHERE id = \(failed)", as: String.self) == ["failed"])
        #expect(try await h.db.scalars("SELECT count(*)::int FROM dashboard_sessions WHERE username = 'reader'", as: Int.self) == [0], "sign-out ended the session")
    }

    @Test func aReviewerApprovesAndTheRequesterCannot() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let (aip, failed, _, request) = try await Self.night(h)
        let f = failed.uuidString.lowercased()
        // The requester (tester, an admin key) sees the request as its own, and is refused if it posts anyway.
        let own = try Self.browse(h, [
            Self.login(h.client), ["goto": "/ui/deletion-requests"],
            ["post": ["path": .string("/ui/deletion-requests/\(request)/approve"), "csrf": "page"]],
            ["goto": .string("/ui/jobs/\(f)")], ["click": "#retry"],
        ])
        #expect(own[1].text("text")?.contains("another key must review it") == true && !(own[1].text("html") ?? "").contains("Approve deletion"))
        #expect(own[2].integer("status") == 403 && (own[2].text("text") ?? "").contains("another key"), "\(own[2].jsonText)")
        #expect(own[4].text("url") == h.server.base + "/ui/jobs/\(f)" && ["queued", "scheduled", "retryable"].contains(where: { own[4].text("text")?.contains($0) == true }),
                "retried from its page: \(own[4].text("text") ?? "")")
        #expect(try await h.db.scalars("SELECT state FROM jobs WHERE id = \(failed)", as: String.self) != ["failed"])
        #expect(try await h.db.scalars("SELECT count(*)::int FROM jobs WHERE kind = 'aip.delete'", as: Int.self) == [0])

        let review = try Self.browse(h, [Self.login(h.reviewer), ["goto": "/ui/deletion-requests"], ["click": "button[name=approve]"]])
        #expect(review[1].text("html")?.contains("Approve deletion") == true)
        #expect(review[2].integer("status") == 200 && review[2].text("url") == h.server.base + "/ui/deletion-requests", "\(review[2].jsonText)")
        #expect(review[2].text("text")?.contains("Nothing waits for review") == true && review[2].text("text")?.contains("approved") == true)
        #expect(try await h.db.scalars("SELECT count(*)::int FROM jobs WHERE kind = 'aip.delete' AND package_uuid = \(aip.uuid)", as: Int.self) == [1])
    }

    /// Sign-in as a stranger tries it, with curl: no cookie from another site, a wrong key, a
    /// way out to another host, a revoked key, a forged cookie, a NUL byte, a huge form.
    @Test func signInHoldsAgainstAStranger() async throws {
        let h = try await APIHarness.make()
        defer { h.locations.remove() }
        let reader = try await h.client("reader", scopes: Scopes([.read]))
        let key = String(reader.credentials!.split(separator: ":", maxSplits: 1)[1])
        let web = HTTPClient(base: h.server.base)
        func form(_ fields: [String: String], cookie: String? = nil, path: String = "/ui/login") async throws -> HTTPResult {
            let allowed = CharacterSet.alphanumerics
            let body = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
            var headers = ["Content-Type": "application/x-www-form-urlencoded"]
            if let cookie { headers["Cookie"] = cookie }
            return try await web.request("POST", path, body: Data(body.utf8), headers: headers)
        }
        /// A sign-in form's token, and the cookie that goes with it.
        func loginForm() async throws -> (csrf: String, cookie: String) {
            let page = try await web.get("/ui/login")
            let csrf = try #require(page.text.firstMatch(of: #/name="csrf" value="([0-9a-f]+)"/#)?.1)
            let cookie = try #require(page.headers["set-cookie"]?.split(separator: ";").first)
            #expect(page.headers["content-security-policy"]?.contains("default-src 'self'") == true && page.headers["x-frame-options"] == "DENY")
            return (String(csrf), String(cookie))
        }
        func sessions() async throws -> Int { try await h.db.scalars("SELECT count(*)::int FROM dashboard_sessions", as: Int.self)[0] }

        let noCookie = try await form(["user": "reader", "key": key, "csrf": "0123"])
        #expect(noCookie.status == 403 && noCookie.text.contains("CSRF"), "a sign-in posted from another site: \(noCookie.status)")
        var (csrf, cookie) = try await loginForm()
        let wrong = try await form(["user": "reader", "key": String(repeating: "0", count: 40), "csrf": csrf], cookie: cookie)
        #expect(wrong.status == 401 && wrong.text.contains("Invalid user or API key") && wrong.headers["set-cookie"]?.contains("ss_session") != true)
        let nul = try await form(["user": "reader\u{0}", "key": key, "csrf": csrf], cookie: cookie)
        #expect(nul.status == 400, "\(nul.status) \(nul.text)")
        let huge = try await form(["user": String(repeating: "a", count: 100_000), "key": key, "csrf": csrf], cookie: cookie)
        #expect(huge.status == 413, "\(huge.status)")
        #expect(try await sessions() == 0)

        (csrf, cookie) = try await loginForm()
        let away = try await form(["user": "reader", "key": key, "csrf": csrf, "next": "//evil.example/ui"], cookie: cookie)
        #expect(away.status == 303 && away.headers["location"] == "/ui/", "no way out to another host: \(away.headers)")
        let setCookie = try #require(away.headers["set-cookie"])
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/ui"), "\(setCookie)")
        let session = try #require(setCookie.firstMatch(of: #/ss_session=([0-9a-f]+)/#)?.1)
        let page = try await web.get("/ui/", headers: ["Cookie": "ss_session=\(session)"])
        #expect(page.status == 200 && page.text.contains("Jobs by queue") && page.headers["cache-control"] == "no-store")
        let forged = try await web.get("/ui/", headers: ["Cookie": "ss_session=\(String(repeating: "a", count: 80))"])
        #expect(forged.status == 303 && forged.headers["location"] == "/ui/login?next=/ui/")
        // A key on the API is no session; a session is no key on the API.
        #expect(try await reader.get("/ui/").status == 303)
        #expect(try await web.get("/api/v3/jobs", headers: ["Cookie": "ss_session=\(session)"]).status == 401)

        // Signing in over and over keeps 20 sessions.
        for _ in 0..<22 {
            let (c, k) = try await loginForm()
            #expect(try await form(["user": "reader", "key": key, "csrf": c], cookie: k).status == 303)
        }
        #expect(try await sessions() == 20)
        // Revoking the key ends every session it opened.
        try await h.db.withConnection { c in try await APIKeys.revoke(user: "reader", on: c, logger: h.db.logger) }
        #expect(try await sessions() == 0)
        #expect(try await web.get("/ui/", headers: ["Cookie": "ss_session=\(session)"]).status == 303)
    }
}

extension JSONValue {
    func number(_ key: String) -> Double? {
        if case .number(let n)? = self[key] { return n }
        return nil
    }
}
