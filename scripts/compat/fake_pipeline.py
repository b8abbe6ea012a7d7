#!/usr/bin/env python3
"""A stand-in for an Archivematica pipeline's own API, for the re-ingest tests.

It answers the calls the Storage Service (and so ss) makes to a pipeline, as
Archivematica's dashboard answers them (src/dashboard/src/components/api/views.py):

- POST /api/ingest/reingest and /api/transfer/reingest (form: name, uuid): 200
  {"message": "Approval successful.", "reingest_uuid": ...} when the directory
  `<shared>/tmp/<name>` is there with the AIP's METS, else 400 {"error": true, "message"};
- GET /api/processing-configuration/<name>: an XML document for `automated`, a redirect
  to it for `redirect` (what a hostile pipeline could answer to have ss fetch elsewhere),
  else 404.

Every request must carry `Authorization: ApiKey <user>:<key>` (401 otherwise). Each one is
appended to --log as a JSON line (method, path, authorization, content type, form), so a
test reads what ss sent. It listens on 127.0.0.1 only, writes its port to --port-file,
and stops by itself after --lifetime seconds.
"""
import argparse
import json
import os
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

CONFIG = b'<processingMCP><preconfiguredChoices></preconfiguredChoices></processingMCP>\n'


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", required=True, help="the pipeline's shared directory")
    parser.add_argument("--user", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--lifetime", type=float, default=300)
    parser.add_argument("--refuse", action="store_true", help="answer every re-ingest with 500")
    args = parser.parse_args()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def answer(self, status, body, content_type="application/json"):
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def record(self, form):
            entry = {"method": self.command, "path": self.path,
                     "authorization": self.headers.get("Authorization"),
                     "content_type": self.headers.get("Content-Type"), "form": form}
            with lock, open(args.log, "a") as f:
                f.write(json.dumps(entry) + "\n")

        def authorized(self):
            if self.headers.get("Authorization") == f"ApiKey {args.user}:{args.key}":
                return True
            self.answer(401, {"error": True, "message": "API key not valid."})
            return False

        def do_GET(self):
            self.record({})
            if not self.authorized():
                return
            prefix = "/api/processing-configuration/"
            if self.path.startswith(prefix) and self.path[len(prefix):] == "automated":
                return self.answer(200, CONFIG, "text/xml")
            if self.path == prefix + "redirect":
                self.send_response(302)
                self.send_header("Location", prefix + "automated")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.answer(404, {"success": False, "error": "Processing configuration not found."})

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            self.record(form)
            if not self.authorized():
                return
            if self.path not in ("/api/ingest/reingest", "/api/transfer/reingest"):
                return self.answer(404, {"error": True, "message": "no such path"})
            if args.refuse:
                return self.answer(500, {"error": True, "message": "MCPServer is not running"})
            name, aip = form.get("name", ""), form.get("uuid", "")
            mets = os.path.join(args.shared, "tmp", name, "data", f"METS.{aip}.xml")
            if not name or "/" in name or not os.path.isfile(mets):
                return self.answer(400, {"error": True, "message": f"Source path {name} does not exist."})
            self.answer(200, {"message": "Approval successful.", "reingest_uuid": str(uuid.uuid4())})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(args.port_file + ".new", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".new", args.port_file)
    threading.Timer(args.lifetime, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
