-- The ceiling for a batching queue: the worker's own claim statement (as in JobsSQL.Claim)
-- and a completion of the claimed ids, each in its own transaction, :batch jobs at a time.
WITH candidates AS MATERIALIZED (
  SELECT j.id FROM jobs j
  WHERE j.state IN ('queued','scheduled','retryable') AND j.run_at <= now()
  ORDER BY j.priority DESC, j.run_at, j.created_at, j.id
  LIMIT :batch FOR UPDATE SKIP LOCKED
), claimed AS (
  UPDATE jobs j SET state = 'running', attempt = j.attempt + 1, started_at = now(),
         lease_expires_at = now() + interval '60 s', worker = 'pgbench'
  FROM candidates c WHERE j.id = c.id RETURNING j.id
)
SELECT coalesce(array_agg(id), '{}')::text AS ids FROM claimed \gset
UPDATE jobs SET state = 'succeeded', finished_at = now(), lease_expires_at = NULL
WHERE id = ANY(:ids::uuid[]) AND state = 'running';
