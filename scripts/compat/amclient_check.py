"""Archivematica's own Python client (amclient, from PyPI) against `ss-cli serve`, unchanged:
it lists AIPs (following meta.next with query-string credentials), reads one without the
trailing slash, downloads it, lists and reads locations and pipelines, and asks for a
deletion; the move is made the way the dashboard and ssclient-go make it (a form POST),
and followed through its async task; the transfer source is browsed as automation-tools
picks its next transfer (`transferables`), and one file is extracted (`extract_file`). Exits non-zero on the first difference.

With an admin key, it adds a DIP storage location for the pipeline (`create_location`),
into which `ss-cli` ($SS_CLI) stores a DIP of the compressed AIP (a 7z) for `dips()` and
`aip2dips()` to find; that AIP's METS is read out of the archive (`extract_aip_mets_file`).

The compressed AIP is then re-ingested (`reingest_aip`, metadata only, as amclient names it):
its METS lands in the pipeline's shared directory at tmp/<bag>/, and the pipeline's own API
(scripts/compat/fake_pipeline.py, logging to PIPELINE_LOG) is called back.

Usage: amclient_check.py BASE_URL USER KEY PIPELINE_UUID TARGET_LOCATION_UUID SOURCE_LOCATION_UUID ADMIN_KEY DIP_DIR
       COMPRESSED_AIP_UUID ITS_SOURCE_LOCATION_UUID SHARED_DIR PIPELINE_LOG"""
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time

import requests
from amclient import AMClient

base, user, key, pipeline, target, source, admin_key, dip_dir, packed_aip, packed_source, shared, pipeline_log = sys.argv[1:]
am = AMClient(ss_url=base, ss_user_name=user, ss_api_key=key)


def check(condition, what):
    if not condition:
        sys.exit(f"amclient check failed: {what}")
    print(f"ok  {what}")


aips = am.aips({"limit": 2})  # pages of 2: it has to follow meta.next
check(isinstance(aips, list) and len(aips) == 4, f"aips() follows meta.next to all 4 AIPs (got {aips!r:.200})")
check(list(am.get_all_compressed_aips()) == [packed_aip], "get_all_compressed_aips() finds the 7z")
aips = [a for a in aips if a["uuid"] != packed_aip]
uuid = aips[0]["uuid"]
check(all(a["package_type"] == "AIP" and a["status"] == "UPLOADED" for a in aips), "each is an UPLOADED AIP")

am.package_uuid = uuid
details = am.get_package_details()
check(details["uuid"] == uuid and details["resource_uri"] == f"/api/v2/file/{uuid}/", "get_package_details() without the trailing slash")

am.directory = tempfile.mkdtemp()
saved = am.download_package(uuid)
check(saved and os.path.basename(saved).endswith(".tar"), f"download_package() saved {saved} under the server's filename")
with tarfile.open(saved) as tar:
    names = tar.getnames()
check(any(n.endswith("/bagit.txt") for n in names), f"the download is the bag as a tar ({len(names)} members)")

am.relative_path = os.path.basename(details["current_path"]) + "/bagit.txt"
am.saveas_filename = os.path.join(am.directory, "extracted-bagit.txt")
headers = am.extract_file()
with open(am.saveas_filename) as f:
    check(headers and f.read().startswith("BagIt-Version: 1.0"), "extract_file() saves one file of the AIP, the path starting with its name")

locations = am.list_storage_locations()
check(locations["meta"]["total_count"] == len(locations["objects"]) >= 2, "list_storage_locations()")
am.location_uuid = target
check(am.get_location_details()["uuid"] == target, "get_location_details() without the trailing slash")
check([p["uuid"] for p in am.get_pipelines()["objects"]] == [pipeline], "get_pipelines()")
am.pipeline_uuid = pipeline
check(am.get_pipeline_details()["uuid"] == pipeline, "get_pipeline_details()")

am.transfer_source = source
am.transfer_path = None
top = am.transferables()
names = top["entries"]
check(len(names) == 3 and all(n.startswith(f"aip{i + 1}-") for i, n in enumerate(names)) and top["directories"] == names,
      f"transferables() lists the transfer source's three bags ({names})")
check(all(top["properties"][n]["object count"] == 7 for n in names), f"with the files below each ({top['properties']})")
am.transfer_path = names[0]
inside = am.transferables()
check(inside["entries"] == ["bag-info.txt", "bagit.txt", "data", "manifest-sha256.txt", "tagmanifest-sha256.txt"] and inside["directories"] == ["data"],
      f"transferables() inside one ({inside['entries']})")

admin = AMClient(ss_url=base, ss_user_name="amclient-admin", ss_api_key=admin_key)
admin.location_purpose, admin.location_description, admin.default = "DS", "DIPs for the amclient check", False
admin.pipeline_uuids, admin.space_uuid, admin.space_relative_path = pipeline, "00000000-0000-7000-8000-000000000001", dip_dir.lstrip("/")
made = admin.create_location()
check(isinstance(made, dict) and made.get("purpose") == "DS" and made.get("path") == dip_dir
      and made.get("pipeline") == [f"/api/v2/pipeline/{pipeline}/"], f"create_location() adds a DIP storage location for the pipeline: {made}")
am.pipeline_uuid = pipeline
check([l["uuid"] for l in am.list_storage_locations()["objects"] if l["purpose"] == "DS"] == [made["uuid"]], "and it is listed")

am.aip_uuid, am.directory = packed_aip, tempfile.mkdtemp()
am.saveas_filename = None
am.extract_aip_mets_file()
with open(os.path.join(am.directory, f"METS.{packed_aip}.xml")) as f:
    check(f.read() == f'<mets:mets OBJID="{packed_aip}"/>\n', "extract_aip_mets_file() reads the METS out of the 7z")
dip = subprocess.run([os.environ["SS_CLI"], "aip", "store", f"dip-{packed_aip}", "--from", packed_source, "--to", made["uuid"],
                      "--type", "DIP", "--uuid", "0e5cb1d4-4b1d-4e0e-9d7a-2f1c3b4a5d6e", "--wait", "--timeout", "60"],
                     capture_output=True, text=True)
check(dip.returncode == 0, f"a DIP is stored into the new location ({dip.stderr.strip()})")
check([d["uuid"] for d in am.dips()] == ["0e5cb1d4-4b1d-4e0e-9d7a-2f1c3b4a5d6e"], "dips() lists it")
check([d["uuid"] for d in am.aip2dips()] == ["0e5cb1d4-4b1d-4e0e-9d7a-2f1c3b4a5d6e"], "aip2dips() finds it by its AIP")

am.aip_uuid, am.pipeline_uuid, am.reingest_type, am.processing_config = packed_aip, pipeline, "METADATA_ONLY", "default"
reingest = am.reingest_aip()
check(isinstance(reingest, dict) and reingest.get("error") is False and reingest.get("reingest_uuid"), f"reingest_aip(): {reingest}")
sent = os.path.join(shared, "tmp", f"aip4-{packed_aip}", "data", f"METS.{packed_aip}.xml")
check(os.path.isfile(sent), "the METS is in the pipeline's shared directory, out of the 7z")
with open(pipeline_log) as f:
    calls = [json.loads(line) for line in f]
check([(c["path"], c["form"]) for c in calls] == [("/api/ingest/reingest", {"name": f"aip4-{packed_aip}", "uuid": packed_aip})],
      f"and the pipeline was asked to start it: {calls}")
again = requests.post(f"{base}/api/v2/file/{packed_aip}/reingest/", headers={"Authorization": f"ApiKey {user}:{key}"},
                      data=json.dumps({"pipeline": pipeline, "reingest_type": "METADATA_ONLY"}))
check(again.status_code == 409 and "already being reingested" in again.json()["message"] and am.reingest_aip() not in (None, reingest),
      f"a second one while it runs is refused ({again.status_code} {again.text}), and amclient says it failed")

headers = {"Authorization": f"ApiKey {user}:{key}"}
moved = requests.post(f"{base}/api/v2/file/{aips[1]['uuid']}/move/", data={"location_uuid": target}, headers=headers)
check(moved.status_code == 202 and moved.headers["Location"].startswith("/api/v2/async/"), "move/ answers 202 with an async task")
for _ in range(600):
    task = requests.get(base + moved.headers["Location"], headers=headers).json()
    if task["completed"]:
        break
    time.sleep(0.1)
check(task["completed"] and not task["was_error"] and task["result"] == "Package moved successfully", f"the move completed: {task}")
am.package_uuid = aips[1]["uuid"]
check(am.get_package_details()["current_location"] == f"/api/v2/location/{target}/", "the AIP is in its new location")

request = am.delete_package(uuid, pipeline, "amclient check", 1, "archivist@example.org")
check(request.get("message") == "Delete request created successfully." and isinstance(request.get("id"), int), f"delete_package(): {request}")
am.package_uuid = uuid
check(am.get_package_details()["status"] == "DEL_REQ", "the AIP awaits review (DEL_REQ)")
print("amclient works against ss-cli serve unchanged")
