// Generated from openapi.yaml by scripts/openapi; do not edit.
/// The OpenAPI document, served at /api/openapi.yaml.
enum OpenAPIDocument {
    static let text = #"""
openapi: 3.1.0
info:
  title: ss storage service API
  version: 0.1.0
  description: |
    The HTTP API of `ss-cli serve`. The server only submits and reads: the work is done by `ss-worker`s as durable jobs.
    /api/v3 is all-async: every POST that starts work answers 202 Accepted with the job document and
    `Location: /api/v3/jobs/{id}`; `GET /api/v3/jobs/{id}?wait=SECONDS` long-polls until the job ends (or the wait passes).
    v3 POSTs that submit work accept an `Idempotency-Key` header (1 to 200 characters): the same key returns what it made the first time.
    /api/v2 is the Archivematica Storage Service compatible subset for AIPs: tastypie list envelopes
    (`meta` {limit, next, offset, previous, total_count} and `objects`), references as resource URIs
    (`/api/v2/location/<uuid>/`), and trailing slashes optional on every path.
    Every path but /api/health needs an API key (`ss-cli apikey create <user>`): `Authorization: ApiKey <user>:<key>`,
    HTTP Basic with the key as the password, or `?username=<user>&api_key=<key>`.
    Errors are JSON, `{"error": "<message>"}` (a few v2 endpoints use the Storage Service's own error shapes), never HTML.
servers:
  - url: http://127.0.0.1:8000
    description: the default address of `ss-cli serve`
security:
  - ApiKeyHeader: []
  - BasicAuth: []
  - ApiKeyQuery: []
tags:
  - name: meta
    description: Health and this document.
  - name: v3 AIPs
    description: AIP operations, each submitted as a job (202).
  - name: v3 jobs
    description: Read, wait for, list, cancel and retry jobs.
  - name: v3 deletion requests
    description: Review the deletion requests Archivematica makes.
  - name: v3 pipelines
    description: The Archivematica pipelines that use this service.
  - name: v3 batches
    description: Many AIP operations submitted as one batch.
  - name: v3 locations
    description: List, show and add locations.
  - name: v2 file
    description: AIPs as Archivematica's Storage Service lists, shows, stores, moves, deletes and checks them.
  - name: v2 resources
    description: Locations, spaces, pipelines and async tasks in the Storage Service's shapes.
paths:
  /api/health:
    get:
      tags: [meta]
      summary: Server and database health
      operationId: getHealth
      description: Needs no API key. 200 when the database answers, 503 when it does not.
      security: []
      responses:
        '200':
          description: The server and its database are up.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Health'
              example: {"status": "ok"}
        '503':
          description: The database is out of reach.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Health'
              example: {"status": "database unavailable"}
  /api/openapi.yaml:
    get:
      tags: [meta]
      summary: This OpenAPI document
      operationId: getOpenAPIDocument
      responses:
        '200':
          description: The OpenAPI 3.1 document describing this API.
          content:
            application/yaml:
              schema:
                type: string
        '401':
          $ref: '#/components/responses/Unauthorized'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v3/aips:
    get:
      tags: [v3 AIPs]
      summary: List AIPs
      operationId: listAIPs
      description: AIPs without their events, as `ss-cli aip list --json` prints them.
      parameters:
        - name: limit
          in: query
          description: The most AIPs to return.
          schema:
            type: integer
            minimum: 1
            maximum: 100000
            default: 1000
        - name: status
          in: query
          description: Only AIPs with this status.
          schema:
            $ref: '#/components/schemas/PackageStatus'
        - name: location
          in: query
          description: Only AIPs in this location (a name or UUID).
          schema:
            type: string
      responses:
        '200':
          description: The AIPs.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/AIPList'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
    post:
      tags: [v3 AIPs]
      summary: Store an AIP (submits an aip.store job)
      operationId: storeAIP
      description: >-
        Submits a store of the package at `path` inside the `from` location into the `to` location.
        Answers at once with 202, the job and its Location.
      parameters:
        - $ref: '#/components/parameters/IdempotencyKey'
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/StoreRequest'
      responses:
        '202':
          $ref: '#/components/responses/JobAccepted'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '413':
          $ref: '#/components/responses/TooLarge'
        '415':
          $ref: '#/components/responses/UnsupportedMediaType'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v3/aips/{uuid}/move:
    post:
      tags: [v3 AIPs]
      summary: Move an AIP to another location (submits an aip.move job)
      operationId: moveAIP
      parameters:
        - $ref: '#/components/parameters/AIPUUID'
        - $ref: '#/components/parameters/IdempotencyKey'
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/MoveRequest'
      responses:
        '202':
          $ref: '#/components/responses/JobAccepted'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '413':
          $ref: '#/components/responses/TooLarge'
        '415':
          $ref: '#/components/responses/UnsupportedMediaType'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v3/aips/{uuid}/delete:
    post:
      tags: [v3 AIPs]
      summary: Delete an AIP (submits an aip.delete job)
      operationId: deleteAIP
      description: The `reason` goes into the AIP's history.
      parameters:
        - $ref: '#/components/parameters/AIPUUID'
        - $ref: '#/components/parameters/IdempotencyKey'
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/DeleteRequest'
      responses:
        '202':
          $ref: '#/components/responses/JobAccepted'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '413':
          $ref: '#/components/responses/TooLarge'
        '415':
          $ref: '#/components/responses/UnsupportedMediaType'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v3/aips/{uuid}/fixity:
    post:
      tags: [v3 AIPs]
      summary: Check an AIP's fixity (submits an aip.fixity job)
      operationId: checkAIPFixity
      description: The body is optional (an empty body is `{}`); it may give `priority` and `queue`.
      parameters:
        - $ref: '#/components/parameters/AIPUUID'
        - $ref: '#/components/parameters/IdempotencyKey'
      requestBody:
        required: false
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/SubmitOptions'
      responses:
        '202':
          $ref: '#/components/responses/JobAccepted'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '413':
          $ref: '#/components/responses/TooLarge'
        '415':
          $ref: '#/components/responses/UnsupportedMediaType'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v3/aips/{uuid}:
    get:
      tags: [v3 AIPs]
      summary: Show an AIP with its events
      operationId: getAIP
      parameters:
        - $ref: '#/components/parameters/AIPUUID'
      responses:
        '200':
          description: The AIP, its history included.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/AIP'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v3/jobs/{id}:
    get:
      tags: [v3 jobs]
      summary: Read a job, optionally waiting for it to end
      operationId: getJob
      description: >-
        With `wait`, the request is held until the job has ended (succeeded, failed or cancelled)
        or the seconds have passed, and then answers with the job as it is (a long poll).
      parameters:
        - $ref: '#/components/parameters/JobID'
        - name: wait
          in: query
          description: Seconds to wait for the job to end (0, the default, answers at once).
          schema:
            type: integer
            minimum: 0
            maximum: 3600
            default: 0
      responses:
        '200':
          description: The job.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Job'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v3/jobs:
    get:
      tags: [v3 jobs]
      summary: List jobs, newest first
      operationId: listJobs
      description: Paged by cursor; `next` is the same query for the following page (null on the last).
      parameters:
        - name: limit
          in: query
          schema:
            type: integer
            minimum: 1
            maximum: 1000
            default: 50
        - name: state
          in: query
          schema:
            $ref: '#/components/schemas/JobState'
        - name: kind
          in: query
          description: A job kind, e.g. `aip.store`, `aip.move`, `aip.delete`, `aip.fixity`.
          schema:
            type: string
        - name: queue
          in: query
          schema:
            type: string
        - name: batch
          in: query
          description: Only the jobs of this batch.
          schema:
            type: string
            format: uuid
        - name: cursor
          in: query
          description: The `next_cursor` of the previous page.
          schema:
            type: string
      responses:
        '200':
          description: One page of jobs.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/JobPage'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v3/jobs/{id}/cancel:
    post:
      tags: [v3 jobs]
      summary: Cancel a job
      operationId: cancelJob
      description: >-
        A waiting job is cancelled at once (200); a running one is asked to stop (202, its worker
        stops it at its next checkpoint). Cancelling a cancelled job is a 200; a job that has
        already succeeded or failed is a 409.
      parameters:
        - $ref: '#/components/parameters/JobID'
      responses:
        '200':
          description: The job was cancelled (or already was).
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Job'
        '202':
          description: The job is running; its worker was asked to stop it.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Job'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v3/jobs/{id}/retry:
    post:
      tags: [v3 jobs]
      summary: Retry a failed or cancelled job
      operationId: retryJob
      description: Puts the job back in the queue with a fresh attempt budget; earlier errors stay in `errors`.
      parameters:
        - $ref: '#/components/parameters/JobID'
      responses:
        '202':
          $ref: '#/components/responses/JobAccepted'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v3/batches:
    post:
      tags: [v3 batches]
      summary: Submit a batch of AIP operations
      operationId: submitBatch
      description: >-
        Lines in the words of `ss-cli batch submit` (`store <path> --from L --to L`, `move <uuid> --to L`,
        `delete <uuid> --reason R`, `fixity <uuid>`), as a JSON array of strings or as an object with
        `lines`, `priority` and `queue`. A bad line submits nothing (400). With a used Idempotency-Key the
        existing batch is answered, with `Idempotent-Replayed: true`.
      parameters:
        - $ref: '#/components/parameters/IdempotencyKey'
        - name: jobs
          in: query
          description: With `true`, the answer also lists the batch's job ids (`job_ids`).
          schema:
            type: string
            enum: ['true', 'false']
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/BatchRequest'
      responses:
        '202':
          description: The batch was submitted (or, with a used Idempotency-Key, had been).
          headers:
            Location:
              description: '/api/v3/batches/{id}'
              schema:
                type: string
            Idempotent-Replayed:
              description: '`true` when the Idempotency-Key had been used and this is the batch it made then.'
              schema:
                type: string
                enum: ['true']
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/BatchStatus'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '413':
          $ref: '#/components/responses/TooLarge'
        '415':
          $ref: '#/components/responses/UnsupportedMediaType'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v3/batches/{id}:
    get:
      tags: [v3 batches]
      summary: Where a batch stands
      operationId: getBatch
      parameters:
        - $ref: '#/components/parameters/BatchID'
        - name: wait
          in: query
          description: Wait up to this many seconds (at most 3600) for every job of the batch to end.
          schema:
            type: integer
            minimum: 0
            maximum: 3600
      responses:
        '200':
          description: The batch's status.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/BatchStatus'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v3/batches/{id}/cancel:
    post:
      tags: [v3 batches]
      summary: Cancel every unfinished job of a batch
      operationId: cancelBatch
      description: Waiting jobs are cancelled at once, running ones asked to stop; answers with the batch's status.
      parameters:
        - $ref: '#/components/parameters/BatchID'
      responses:
        '200':
          description: The batch's status after the cancel.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/BatchStatus'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v3/deletion-requests:
    get:
      tags: [v3 deletion requests]
      summary: List deletion requests
      operationId: listDeletionRequests
      description: The requests Archivematica made with `delete_aip/`, as `ss-cli aip delete-requests list --json` prints them.
      parameters:
        - name: status
          in: query
          description: pending (the default), approved, rejected, or all.
          schema:
            type: string
            enum: [pending, approved, rejected, all]
      responses:
        '200':
          description: The requests, oldest first.
          content:
            application/json:
              schema:
                type: object
                required: [deletion_requests]
                properties:
                  deletion_requests:
                    type: array
                    items:
                      $ref: '#/components/schemas/DeletionRequest'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v3/deletion-requests/{id}/approve:
    post:
      tags: [v3 deletion requests]
      summary: Approve a deletion request, enqueueing the delete job
      operationId: approveDeletionRequest
      description: The delete job is enqueued in the transaction that records the decision; answers 202 with it.
      parameters:
        - $ref: '#/components/parameters/DeletionRequestID'
      requestBody:
        required: false
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Decision'
      responses:
        '202':
          $ref: '#/components/responses/JobAccepted'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v3/deletion-requests/{id}/reject:
    post:
      tags: [v3 deletion requests]
      summary: Reject a deletion request; the AIP stays stored
      operationId: rejectDeletionRequest
      parameters:
        - $ref: '#/components/parameters/DeletionRequestID'
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Decision'
      responses:
        '200':
          description: The request as decided.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/DeletionRequest'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v3/pipelines:
    get:
      tags: [v3 pipelines]
      summary: List the registered Archivematica pipelines
      operationId: listPipelines
      responses:
        '200':
          description: The pipelines.
          content:
            application/json:
              schema:
                type: object
                required: [pipelines]
                properties:
                  pipelines:
                    type: array
                    items:
                      $ref: '#/components/schemas/Pipeline'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
    post:
      tags: [v3 pipelines]
      summary: Register a pipeline (as `ss-cli pipeline add`)
      operationId: addPipeline
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [uuid]
              properties:
                uuid:
                  type: string
                  format: uuid
                description:
                  type: string
                remote_name:
                  type: string
      responses:
        '201':
          description: The pipeline.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pipeline'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '409':
          $ref: '#/components/responses/Conflict'
        '415':
          $ref: '#/components/responses/UnsupportedMediaType'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v3/locations:
    get:
      tags: [v3 locations]
      summary: List locations
      operationId: listLocations
      parameters:
        - name: purpose
          in: query
          schema:
            $ref: '#/components/schemas/LocationPurpose'
      responses:
        '200':
          description: The locations with their usage.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/LocationList'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
    post:
      tags: [v3 locations]
      summary: Add a location
      operationId: addLocation
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/NewLocation'
      responses:
        '201':
          description: The location was added.
          headers:
            Location:
              description: '/api/v3/locations/{uuid}'
              schema:
                type: string
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Location'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '409':
          $ref: '#/components/responses/Conflict'
        '413':
          $ref: '#/components/responses/TooLarge'
        '415':
          $ref: '#/components/responses/UnsupportedMediaType'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v3/locations/{id}:
    get:
      tags: [v3 locations]
      summary: Show a location
      operationId: getLocation
      parameters:
        - name: id
          in: path
          required: true
          description: The location's name or UUID.
          schema:
            type: string
      responses:
        '200':
          description: The location with its usage.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Location'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v2/file/:
    get:
      tags: [v2 file]
      summary: List packages (AIPs) in the tastypie envelope
      operationId: v2ListFiles
      description: Only AIPs are stored here; a `package_type` other than AIP or AIC finds none.
      parameters:
        - $ref: '#/components/parameters/TastypieLimit'
        - $ref: '#/components/parameters/TastypieOffset'
        - name: package_type
          in: query
          schema:
            type: string
            examples: [AIP, AIC, DIP, transfer]
        - name: uuid
          in: query
          schema:
            type: string
            format: uuid
        - name: status
          in: query
          schema:
            $ref: '#/components/schemas/V2PackageStatus'
        - name: current_location
          in: query
          description: A location UUID or resource URI.
          schema:
            type: string
        - name: current_location__uuid
          in: query
          description: Same as `current_location`.
          schema:
            type: string
      responses:
        '200':
          description: One page of packages.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/V2PackageList'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
    post:
      tags: [v2 file]
      summary: Store an AIP and answer when it is stored
      operationId: v2StoreFile
      description: >-
        Stores the AIP as a durable job and holds the request until the job has ended, as
        Archivematica expects of this call; answers 201 with the package and its resource URI.
        A JSON body without a Content-Type is accepted.
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/V2StoreRequest'
      responses:
        '201':
          description: The AIP is stored.
          headers:
            Location:
              description: '/api/v2/file/{uuid}/'
              schema:
                type: string
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/V2Package'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '413':
          $ref: '#/components/responses/TooLarge'
        '415':
          $ref: '#/components/responses/UnsupportedMediaType'
        '500':
          description: The store job failed (the message names the job).
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Error'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v2/file/{uuid}/:
    get:
      tags: [v2 file]
      summary: Show a package
      operationId: v2GetFile
      parameters:
        - $ref: '#/components/parameters/PackageUUID'
      responses:
        '200':
          description: The package.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/V2Package'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v2/file/async/:
    post:
      tags: [v2 file]
      summary: Store an AIP asynchronously
      operationId: v2StoreFileAsync
      description: >-
        The same body as `POST /api/v2/file/`; answers at once with 202, an empty body and the
        `async/` task to poll, whose `result` is the package once stored.
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/V2StoreRequest'
      responses:
        '202':
          $ref: '#/components/responses/V2AsyncAccepted'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '413':
          $ref: '#/components/responses/TooLarge'
        '415':
          $ref: '#/components/responses/UnsupportedMediaType'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v2/file/{uuid}/move/:
    post:
      tags: [v2 file]
      summary: Move a package to another location (async)
      operationId: v2MoveFile
      description: >-
        Takes a form with `location_uuid`. The package must be UPLOADED and the location different
        from its current one. Answers 202 with an empty body and the `async/` task to poll.
        Refusals are 400 in the Storage Service's shape `{"error": true, "message": "..."}`.
      parameters:
        - $ref: '#/components/parameters/PackageUUID'
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              $ref: '#/components/schemas/V2MoveForm'
      responses:
        '202':
          $ref: '#/components/responses/V2AsyncAccepted'
        '400':
          description: A field missing, a bad location, a package not UPLOADED, or the same location.
          content:
            application/json:
              schema:
                oneOf:
                  - $ref: '#/components/schemas/V2StorageServiceError'
                  - $ref: '#/components/schemas/Error'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '413':
          $ref: '#/components/responses/TooLarge'
        '415':
          $ref: '#/components/responses/UnsupportedMediaType'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v2/file/{uuid}/delete_aip/:
    post:
      tags: [v2 file]
      summary: Request the deletion of an AIP
      operationId: v2RequestDeletion
      description: >-
        Creates a deletion request to be reviewed (`review_aip_deletion/` or `ss-cli aip delete-requests`).
        202 when created; 200 when one already exists for the AIP.
      parameters:
        - $ref: '#/components/parameters/PackageUUID'
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/V2DeletionRequest'
      responses:
        '202':
          description: The deletion request was created.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/V2DeletionCreated'
              example: {"message": "Delete request created successfully.", "id": 3}
        '200':
          description: A deletion request already exists for this AIP.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/V2DeletionExists'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '413':
          $ref: '#/components/responses/TooLarge'
        '415':
          $ref: '#/components/responses/UnsupportedMediaType'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v2/file/{uuid}/review_aip_deletion/:
    post:
      tags: [v2 file]
      summary: Approve or reject a deletion request
      operationId: v2ReviewDeletion
      description: >-
        Approving submits an aip.delete job (its id in `job_id` and in the Location header);
        rejecting leaves the package stored. Refusals carry `{"error_message": "..."}`.
      parameters:
        - $ref: '#/components/parameters/PackageUUID'
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/V2DeletionReview'
      responses:
        '200':
          description: The request was approved (the package is being deleted) or rejected.
          headers:
            Location:
              description: '/api/v3/jobs/{id} of the delete job, when approved.'
              schema:
                type: string
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/V2DeletionReviewed'
        '400':
          description: A field missing or invalid, or the request is not pending review.
          content:
            application/json:
              schema:
                oneOf:
                  - $ref: '#/components/schemas/V2ErrorMessage'
                  - $ref: '#/components/schemas/Error'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          description: No such deletion request for this package.
          content:
            application/json:
              schema:
                oneOf:
                  - $ref: '#/components/schemas/V2ErrorMessage'
                  - $ref: '#/components/schemas/Error'
        '409':
          $ref: '#/components/responses/Conflict'
        '413':
          $ref: '#/components/responses/TooLarge'
        '415':
          $ref: '#/components/responses/UnsupportedMediaType'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v2/file/{uuid}/check_fixity/:
    get:
      tags: [v2 file]
      summary: Check a package's fixity and answer with the report
      operationId: v2CheckFixity
      description: >-
        Submits an aip.fixity job and holds the request until it has ended. 200 whenever the check
        ran, with `success` false and the files at fault when it failed; `success` null when it could not run.
      parameters:
        - $ref: '#/components/parameters/PackageUUID'
      responses:
        '200':
          description: The fixity report.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/FixityReport'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v2/file/{uuid}/download/:
    get:
      tags: [v2 file]
      summary: Download a stored AIP
      operationId: v2DownloadFile
      description: >-
        Streams the AIP as it is stored, with Content-Length: a single file as itself
        (application/octet-stream), a directory as a tar stream named `<name>.tar` (application/x-tar).
      parameters:
        - $ref: '#/components/parameters/PackageUUID'
      responses:
        '200':
          description: The AIP's bytes.
          headers:
            Content-Disposition:
              description: 'attachment; filename="<name>" (or "<name>.tar")'
              schema:
                type: string
            Content-Length:
              schema:
                type: integer
          content:
            application/octet-stream:
              schema:
                type: string
                format: binary
            application/x-tar:
              schema:
                type: string
                format: binary
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '409':
          $ref: '#/components/responses/Conflict'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
    head:
      tags: [v2 file]
      summary: The headers of a download, without its body
      operationId: v2HeadDownloadFile
      parameters:
        - $ref: '#/components/parameters/PackageUUID'
      responses:
        '200':
          description: The headers the download would have (Content-Type application/octet-stream or application/x-tar).
          headers:
            Content-Type:
              schema:
                type: string
                enum: [application/octet-stream, application/x-tar]
            Content-Disposition:
              schema:
                type: string
            Content-Length:
              schema:
                type: integer
        '400':
          description: The UUID is not one.
        '401':
          description: No valid API key.
        '404':
          description: No such package, or it is missing from storage.
        '409':
          description: The AIP is not stored.
        '503':
          description: The database is out of reach.
  /api/v2/location/:
    get:
      tags: [v2 resources]
      summary: List locations in the tastypie envelope
      operationId: v2ListLocations
      parameters:
        - $ref: '#/components/parameters/TastypieLimit'
        - $ref: '#/components/parameters/TastypieOffset'
        - name: purpose
          in: query
          schema:
            $ref: '#/components/schemas/V2Purpose'
        - name: pipeline__uuid
          in: query
          description: A pipeline UUID; an unknown pipeline finds no locations (every location serves every pipeline).
          schema:
            type: string
            format: uuid
        - name: uuid
          in: query
          schema:
            type: string
            format: uuid
        - name: space
          in: query
          schema:
            type: string
            format: uuid
        - name: space__uuid
          in: query
          schema:
            type: string
            format: uuid
        - name: relative_path
          in: query
          schema:
            type: string
      responses:
        '200':
          description: One page of locations.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/V2LocationList'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v2/location/{uuid}/:
    get:
      tags: [v2 resources]
      summary: Show a location
      operationId: v2GetLocation
      parameters:
        - name: uuid
          in: path
          required: true
          schema:
            type: string
            format: uuid
      responses:
        '200':
          description: The location.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/V2Location'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v2/location/default/{purpose}/:
    get:
      tags: [v2 resources]
      summary: Redirect to the default location of a purpose
      operationId: v2GetDefaultLocation
      description: The default location of a purpose is its oldest one.
      parameters:
        - name: purpose
          in: path
          required: true
          schema:
            $ref: '#/components/schemas/V2Purpose'
      responses:
        '302':
          description: Found; the Location header is the location's resource URI.
          headers:
            Location:
              description: '/api/v2/location/{uuid}/'
              schema:
                type: string
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v2/space/:
    get:
      tags: [v2 resources]
      summary: List spaces in the tastypie envelope
      operationId: v2ListSpaces
      parameters:
        - $ref: '#/components/parameters/TastypieLimit'
        - $ref: '#/components/parameters/TastypieOffset'
        - name: uuid
          in: query
          schema:
            type: string
            format: uuid
      responses:
        '200':
          description: One page of spaces.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/V2SpaceList'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v2/space/{uuid}/:
    get:
      tags: [v2 resources]
      summary: Show a space
      operationId: v2GetSpace
      parameters:
        - name: uuid
          in: path
          required: true
          schema:
            type: string
            format: uuid
      responses:
        '200':
          description: The space.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/V2Space'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v2/pipeline/:
    get:
      tags: [v2 resources]
      summary: List pipelines in the tastypie envelope
      operationId: v2ListPipelines
      parameters:
        - $ref: '#/components/parameters/TastypieLimit'
        - $ref: '#/components/parameters/TastypieOffset'
        - name: uuid
          in: query
          schema:
            type: string
            format: uuid
      responses:
        '200':
          description: One page of pipelines.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/V2PipelineList'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v2/pipeline/{uuid}/:
    get:
      tags: [v2 resources]
      summary: Show a pipeline
      operationId: v2GetPipeline
      parameters:
        - name: uuid
          in: path
          required: true
          schema:
            type: string
            format: uuid
      responses:
        '200':
          description: The pipeline.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/V2Pipeline'
        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
  /api/v2/async/{id}/:
    get:
      tags: [v2 resources]
      summary: Read an async task
      operationId: v2GetAsync
      description: >-
        The Storage Service's task resource, backed by the job table: it survives restarts and is
        never reaped while its job runs.
      parameters:
        - name: id
          in: path
          required: true
          description: The task's integer id (anything else is a 404).
          schema:
            type: integer
            format: int64
      responses:
        '200':
          description: The task.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/V2Async'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '404':
          $ref: '#/components/responses/NotFound'
        '503':
          $ref: '#/components/responses/ServiceUnavailable'
components:
  securitySchemes:
    ApiKeyHeader:
      type: apiKey
      in: header
      name: Authorization
      description: '`Authorization: ApiKey <user>:<key>` (make a key with `ss-cli apikey create <user>`).'
    BasicAuth:
      type: http
      scheme: basic
      description: HTTP Basic with the user name and the API key as the password.
    ApiKeyQuery:
      type: apiKey
      in: query
      name: api_key
      description: >-
        `?username=<user>&api_key=<key>`: the `username` query parameter must be sent along with
        `api_key`. Tastypie's `meta.next` and `meta.previous` links keep them.
  parameters:
    IdempotencyKey:
      name: Idempotency-Key
      in: header
      required: false
      description: >-
        Makes the POST safe to repeat: the same key answers with what it made the first time
        (1 to 200 characters).
      schema:
        type: string
        minLength: 1
        maxLength: 200
    AIPUUID:
      name: uuid
      in: path
      required: true
      description: The AIP's UUID.
      schema:
        type: string
        format: uuid
    PackageUUID:
      name: uuid
      in: path
      required: true
      description: The package's (AIP's) UUID.
      schema:
        type: string
        format: uuid
    JobID:
      name: id
      in: path
      required: true
      description: The job's UUID.
      schema:
        type: string
        format: uuid
    BatchID:
      name: id
      in: path
      required: true
      description: The batch's UUID.
      schema:
        type: string
        format: uuid
    TastypieLimit:
      name: limit
      in: query
      description: Objects per page (default 20; 0 means the maximum, 1000; larger values are capped at 1000).
      schema:
        type: integer
        minimum: 0
        default: 20
    TastypieOffset:
      name: offset
      in: query
      schema:
        type: integer
        minimum: 0
        default: 0
    DeletionRequestID:
      name: id
      in: path
      required: true
      description: The deletion request's id (an integer).
      schema:
        type: integer
        format: int64
  responses:
    JobAccepted:
      description: Accepted; the job document, to be followed at its Location.
      headers:
        Location:
          description: '/api/v3/jobs/{id}'
          schema:
            type: string
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Job'
    V2AsyncAccepted:
      description: Accepted, with an empty body; poll the task at its Location.
      headers:
        Location:
          description: '/api/v2/async/{id}/'
          schema:
            type: string
    BadRequest:
      description: A malformed request (a bad field, parameter or UUID).
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Error'
    Unauthorized:
      description: No API key, or not a valid one.
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Error'
    NotFound:
      description: No such resource.
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Error'
    Conflict:
      description: The resource is not in a state that allows this.
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Error'
    TooLarge:
      description: The request body is larger than the server's limit (SS_SERVE_MAX_BODY_BYTES, 16 MiB by default).
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Error'
    UnsupportedMediaType:
      description: The request body is not of the content type this endpoint takes.
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Error'
    ServiceUnavailable:
      description: The database is out of reach (or its schema is behind), or the server is shutting down.
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Error'
  schemas:
    Error:
      type: object
      description: Every error of this API but a few v2 ones.
      required: [error]
      properties:
        error:
          type: string
      example: {"error": "no job 0190d1c2-6a8e-7c3b-9a1e-0123456789ab"}
    V2StorageServiceError:
      type: object
      description: The Storage Service's error shape for its custom endpoints (move).
      required: [error, message]
      properties:
        error:
          type: boolean
          const: true
        message:
          type: string
    V2ErrorMessage:
      type: object
      description: The error shape of the deletion review endpoint.
      required: [error_message]
      properties:
        error_message:
          type: string
    DeletionRequest:
      type: object
      description: A deletion request, as `ss-cli aip delete-requests list --json` prints it.
      required: [id, aip, reason, pipeline, user_id, user_email, requested_by, requested_at, status, decided_by, decided_at, decision_reason, job_id]
      properties:
        id:
          type: integer
          format: int64
        aip:
          type: string
          format: uuid
        reason:
          type: string
        pipeline:
          type: [string, 'null']
          format: uuid
        user_id:
          type: [integer, 'null']
        user_email:
          type: string
        requested_by:
          type: string
        requested_at:
          type: string
          format: date-time
        status:
          type: string
          enum: [pending, approved, rejected]
        decided_by:
          type: [string, 'null']
        decided_at:
          type: [string, 'null']
          format: date-time
        decision_reason:
          type: string
        job_id:
          type: [string, 'null']
          format: uuid
    Decision:
      type: object
      properties:
        reason:
          type: string
          description: Why; required to reject, and on approval it goes into the AIP's history (default the request's reason).
    Pipeline:
      type: object
      required: [uuid, description, remote_name, created_at]
      properties:
        uuid:
          type: string
          format: uuid
        description:
          type: string
        remote_name:
          type: string
        created_at:
          type: string
          format: date-time
    Health:
      type: object
      required: [status]
      properties:
        status:
          type: string
          enum: [ok, database unavailable]
    JobState:
      type: string
      enum: [queued, scheduled, running, retryable, succeeded, failed, cancelled]
    JobError:
      type: object
      description: One failed attempt.
      properties:
        at:
          type: string
          format: date-time
        attempt:
          type: integer
        code:
          type: string
        message:
          type: string
        retryable:
          type: boolean
        details:
          description: Structured details (a fixity failure's missing, changed, untracked and invalid files).
    Job:
      type: object
      description: A job as `ss-cli job status --json` prints it; every key is present, null included. Times are RFC 3339 in UTC.
      required: [id, kind, queue, priority, state, attempt, max_attempts, args, result, errors, package_uuid,
                 batch_id, idempotency_key, progress, worker, created_at, run_at, started_at, finished_at]
      properties:
        id:
          type: string
          format: uuid
        kind:
          type: string
          examples: [aip.store, aip.move, aip.delete, aip.fixity]
        queue:
          type: string
        priority:
          type: integer
        state:
          $ref: '#/components/schemas/JobState'
        attempt:
          type: integer
        max_attempts:
          type: integer
        args:
          description: The job's arguments (JSON).
        result:
          description: What the job produced once it succeeded (JSON), else null.
        errors:
          type: array
          items:
            $ref: '#/components/schemas/JobError'
        package_uuid:
          type: [string, 'null']
          format: uuid
        batch_id:
          type: [string, 'null']
          format: uuid
        idempotency_key:
          type: [string, 'null']
        progress:
          type: object
          required: [done, total]
          properties:
            done:
              type: [integer, 'null']
              format: int64
            total:
              type: [integer, 'null']
              format: int64
        worker:
          type: [string, 'null']
        created_at:
          type: string
          format: date-time
        run_at:
          type: string
          format: date-time
        started_at:
          type: [string, 'null']
          format: date-time
        finished_at:
          type: [string, 'null']
          format: date-time
    JobPage:
      type: object
      required: [jobs, next_cursor, next]
      properties:
        jobs:
          type: array
          items:
            $ref: '#/components/schemas/Job'
        next_cursor:
          type: [string, 'null']
          description: The cursor of the following page; null on the last page.
        next:
          type: [string, 'null']
          description: The path and query of the following page; null on the last page.
    BatchStatus:
      type: object
      description: >-
        Where a batch stands: jobs per state, bytes done and to do, and the first errors.
        The answer to a submission with `?jobs=true` also has `job_ids`.
      required: [id, jobs, states, bytes_done, bytes_total, errors]
      properties:
        id:
          type: string
          format: uuid
        jobs:
          type: integer
          description: How many jobs the batch has.
        states:
          type: object
          description: Jobs per state (only the states that occur).
          additionalProperties:
            type: integer
        bytes_done:
          type: integer
          format: int64
        bytes_total:
          type: integer
          format: int64
        errors:
          type: array
          description: The first failures (at most five).
          items:
            type: object
            required: [job, state, code, message]
            properties:
              job:
                type: string
                format: uuid
              state:
                type: string
              code:
                type: string
              message:
                type: string
        job_ids:
          type: array
          description: Only in the answer to `POST /api/v3/batches?jobs=true`.
          items:
            type: string
            format: uuid
    BatchRequest:
      oneOf:
        - type: array
          description: The lines, each one string without a newline.
          items:
            type: string
          examples:
            - ["store transfers/a --from incoming --to archive", "fixity 0190d1c2-6a8e-7c3b-9a1e-0123456789ab"]
        - type: object
          required: [lines]
          properties:
            lines:
              type: array
              items:
                type: string
            priority:
              type: integer
              default: 0
            queue:
              type: string
              default: default
    SubmitOptions:
      type: object
      properties:
        priority:
          type: integer
          default: 0
          description: Higher runs sooner.
        queue:
          type: string
          default: default
    StoreRequest:
      allOf:
        - $ref: '#/components/schemas/SubmitOptions'
        - type: object
          required: [path, from, to]
          properties:
            path:
              type: string
              description: The package's path inside the `from` location.
            from:
              type: string
              description: A location name or UUID.
            to:
              type: string
              description: A location name or UUID.
            uuid:
              type: string
              format: uuid
              description: The AIP's UUID (else read from the package's name, or a new one).
            remove_source:
              type: boolean
              default: false
    MoveRequest:
      allOf:
        - $ref: '#/components/schemas/SubmitOptions'
        - type: object
          required: [to]
          properties:
            to:
              type: string
              description: A location name or UUID.
    DeleteRequest:
      allOf:
        - $ref: '#/components/schemas/SubmitOptions'
        - type: object
          required: [reason]
          properties:
            reason:
              type: string
              minLength: 1
              description: Goes into the AIP's history.
    PackageStatus:
      type: string
      enum: [pending, stored, moving, deleting, deleted, failed]
    AIPEvent:
      type: object
      required: [type, at, outcome, detail, actor, job_id]
      properties:
        type:
          type: string
        at:
          type: string
          format: date-time
        outcome:
          type: string
        detail:
          type: string
        actor:
          type: string
        job_id:
          type: [string, 'null']
          format: uuid
    AIP:
      type: object
      description: An AIP as `ss-cli aip show --json` prints it; `events` only when one AIP is shown.
      required: [uuid, name, status, location, path, full_path, size, sha256, stored_at]
      properties:
        uuid:
          type: string
          format: uuid
        name:
          type: string
        status:
          $ref: '#/components/schemas/PackageStatus'
        location:
          type: object
          required: [uuid, name]
          properties:
            uuid:
              type: string
              format: uuid
            name:
              type: string
        path:
          type: string
        full_path:
          type: string
        size:
          type: [integer, 'null']
          format: int64
        sha256:
          type: [string, 'null']
        stored_at:
          type: [string, 'null']
          format: date-time
        events:
          type: array
          items:
            $ref: '#/components/schemas/AIPEvent'
    AIPList:
      type: object
      required: [aips]
      properties:
        aips:
          type: array
          items:
            $ref: '#/components/schemas/AIP'
    LocationPurpose:
      type: string
      enum: [aip-storage, transfer-source, replicator, backlog]
    Location:
      type: object
      description: A location as `ss-cli location show --json` prints it, with its usage.
      required: [uuid, name, purpose, path, space, description, created_at, packages, bytes]
      properties:
        uuid:
          type: string
          format: uuid
        name:
          type: string
        purpose:
          $ref: '#/components/schemas/LocationPurpose'
        path:
          type: string
        space:
          type: string
          format: uuid
        description:
          type: string
        created_at:
          type: string
          format: date-time
        packages:
          type: integer
        bytes:
          type: integer
          format: int64
    LocationList:
      type: object
      required: [locations]
      properties:
        locations:
          type: array
          items:
            $ref: '#/components/schemas/Location'
    NewLocation:
      type: object
      required: [name, path]
      properties:
        name:
          type: string
        path:
          type: string
        purpose:
          $ref: '#/components/schemas/LocationPurpose'
        description:
          type: string
          default: ''
    V2List:
      type: object
      description: Tastypie's list envelope.
      required: [meta, objects]
      properties:
        meta:
          type: object
          required: [limit, next, offset, previous, total_count]
          properties:
            limit:
              type: integer
            next:
              type: [string, 'null']
              description: The path of the next page, keeping the rest of the query (API key included).
            offset:
              type: integer
            previous:
              type: [string, 'null']
              description: The path of the previous page, or null.
            total_count:
              type: integer
        objects:
          type: array
          items: {}
    V2PackageList:
      allOf:
        - $ref: '#/components/schemas/V2List'
        - type: object
          properties:
            objects:
              type: array
              items:
                $ref: '#/components/schemas/V2Package'
    V2LocationList:
      allOf:
        - $ref: '#/components/schemas/V2List'
        - type: object
          properties:
            objects:
              type: array
              items:
                $ref: '#/components/schemas/V2Location'
    V2SpaceList:
      allOf:
        - $ref: '#/components/schemas/V2List'
        - type: object
          properties:
            objects:
              type: array
              items:
                $ref: '#/components/schemas/V2Space'
    V2PipelineList:
      allOf:
        - $ref: '#/components/schemas/V2List'
        - type: object
          properties:
            objects:
              type: array
              items:
                $ref: '#/components/schemas/V2Pipeline'
    V2PackageStatus:
      type: string
      enum: [PENDING, STAGING, UPLOADED, VERIFIED, FAIL, DEL_REQ, DELETED, FINALIZE, MOVING, RECOVER_REQ]
    V2Purpose:
      type: string
      description: AS aip-storage, TS transfer-source, RP replicator, BL backlog.
      enum: [AS, TS, RP, BL]
    V2Package:
      type: object
      description: A package in the Storage Service's shape. Times are naive ISO 8601 (UTC).
      required: [current_full_path, current_location, current_path, encrypted, misc_attributes, origin_pipeline,
                 package_type, related_packages, replicas, replicated_package, resource_uri, size, status,
                 stored_date, uuid]
      properties:
        current_full_path:
          type: string
        current_location:
          type: string
          description: '/api/v2/location/{uuid}/'
        current_path:
          type: string
        encrypted:
          type: boolean
          const: false
        misc_attributes:
          type: object
        origin_pipeline:
          type: 'null'
        package_type:
          type: string
          const: AIP
        related_packages:
          type: array
          items:
            type: string
        replicas:
          type: array
          items:
            type: string
        replicated_package:
          type: 'null'
        resource_uri:
          type: string
          description: '/api/v2/file/{uuid}/'
        size:
          type: integer
          format: int64
          description: Bytes (0 when not known).
        status:
          $ref: '#/components/schemas/V2PackageStatus'
        stored_date:
          type: [string, 'null']
          examples: ['2024-02-05T10:11:12.123456']
        uuid:
          type: string
          format: uuid
    V2StoreRequest:
      type: object
      description: A store as Archivematica's MCPClient asks for it; other fields are accepted and ignored.
      required: [uuid, origin_location, origin_path, current_location]
      properties:
        uuid:
          type: string
          format: uuid
        origin_location:
          type: string
          description: A location URI (`/api/v2/location/{uuid}/`, or `/api/v2/location/default/AS/`) or UUID.
        origin_path:
          type: string
          description: The package's path inside the origin location.
        current_location:
          type: string
          description: The location to store into, as a URI or UUID.
        package_type:
          type: string
          enum: [AIP, AIC]
          default: AIP
      additionalProperties: true
    V2MoveForm:
      type: object
      required: [location_uuid]
      properties:
        location_uuid:
          type: string
          description: The target location's UUID (or name).
    V2DeletionRequest:
      type: object
      required: [event_reason, pipeline, user_id, user_email]
      properties:
        event_reason:
          type: string
          minLength: 1
        pipeline:
          type: string
          description: A pipeline UUID or resource URI.
        user_id:
          type: integer
        user_email:
          type: string
    V2DeletionCreated:
      type: object
      required: [message, id]
      properties:
        message:
          type: string
        id:
          type: integer
          description: The deletion request's id (the `event_id` of a review).
    V2DeletionExists:
      type: object
      required: [message, error_message, id]
      properties:
        message:
          type: string
          const: A deletion request already exists for this AIP.
        error_message:
          type: string
          const: A deletion request already exists for this AIP.
        id:
          type: integer
    V2DeletionReview:
      type: object
      required: [event_id, decision]
      properties:
        event_id:
          type: integer
          description: The deletion request's id.
        decision:
          type: string
          enum: [approve, reject]
          description: Case-insensitive.
        reason:
          type: string
    V2DeletionReviewed:
      type: object
      required: [message]
      properties:
        message:
          type: string
        job_id:
          type: string
          format: uuid
          description: The delete job, when approved.
    V2Location:
      type: object
      required: [description, enabled, path, pipeline, purpose, quota, relative_path, resource_uri, space, used, uuid]
      properties:
        description:
          type: string
        enabled:
          type: boolean
        path:
          type: string
        pipeline:
          type: array
          description: Pipeline URIs (every location serves every pipeline).
          items:
            type: string
        purpose:
          $ref: '#/components/schemas/V2Purpose'
        quota:
          type: 'null'
        relative_path:
          type: string
        resource_uri:
          type: string
          description: '/api/v2/location/{uuid}/'
        space:
          type: string
          description: '/api/v2/space/{uuid}/'
        used:
          type: integer
          format: int64
        uuid:
          type: string
          format: uuid
    V2Space:
      type: object
      required: [access_protocol, last_verified, path, resource_uri, size, staging_path, used, uuid, verified]
      properties:
        access_protocol:
          type: string
          const: FS
        last_verified:
          type: 'null'
        path:
          type: string
        resource_uri:
          type: string
          description: '/api/v2/space/{uuid}/'
        size:
          type: 'null'
        staging_path:
          type: string
        used:
          type: integer
          format: int64
        uuid:
          type: string
          format: uuid
        verified:
          type: boolean
    V2Pipeline:
      type: object
      required: [description, remote_name, resource_uri, uuid]
      properties:
        description:
          type: string
        remote_name:
          type: string
        resource_uri:
          type: string
          description: '/api/v2/pipeline/{uuid}/'
        uuid:
          type: string
          format: uuid
    V2Async:
      type: object
      description: >-
        An async task: `result` only once its job succeeded (the package for a store, "Package
        moved successfully" for a move), `error` only once it failed or was cancelled.
      required: [id, completed, was_error, created_time, updated_time, completed_time, resource_uri]
      properties:
        id:
          type: integer
          format: int64
        completed:
          type: boolean
        was_error:
          type: boolean
        created_time:
          type: string
        updated_time:
          type: string
        completed_time:
          type: [string, 'null']
        resource_uri:
          type: string
          description: '/api/v2/async/{id}/'
        result:
          description: The package (V2Package) for a store, a message string for a move, null otherwise.
        error:
          type: string
    FixityFile:
      type: object
      required: [path, message]
      properties:
        path:
          type: string
        message:
          type: string
        expected:
          type: string
        actual:
          type: string
        hash_type:
          type: [string, 'null']
          description: Changed files only.
    FixityReport:
      type: object
      description: The Storage Service's fixity report.
      required: [success, message, failures, timestamp]
      properties:
        success:
          type: [boolean, 'null']
          description: Null when the check could not run.
        message:
          type: string
        failures:
          type: object
          required: [files]
          properties:
            files:
              type: object
              required: [missing, changed, untracked]
              properties:
                missing:
                  type: array
                  items:
                    $ref: '#/components/schemas/FixityFile'
                changed:
                  type: array
                  items:
                    $ref: '#/components/schemas/FixityFile'
                untracked:
                  type: array
                  items:
                    $ref: '#/components/schemas/FixityFile'
        timestamp:
          type: 'null'
          description: Always null (checked here, not by a remote system).
"""#
}
