# Shared shell functions: install PostgreSQL when missing, and run a private throwaway
# cluster (as the postgres system user when we are root) on a socket dir and port of its own.

pg_bindir() {
  # An explicit status: a bare `return` inside an EXIT trap returns the status that fired it.
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# Installs PostgreSQL's server and client from Debian's packages when they are missing.
ensure_postgres() {
  local bin; bin=$(pg_bindir)
  if [ -n "$bin" ] && [ -x "$bin/initdb" ] && command -v psql >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL is missing: install it (apt-get install postgresql postgresql-client libpq-dev)" >&2
    return 1
  fi
  echo "installing PostgreSQL from Debian's packages…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql postgresql-client libpq-dev >/dev/null
  # Debian's package starts its own cluster; ss never uses it.
}

as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start DIR PORT [extra postgres -c settings…]: initdb in DIR/data, start on DIR/sock.
pg_start() {
  local dir=$1 port=$2; shift 2
  local bin; bin=$(pg_bindir)
  chmod 755 "$dir"
  mkdir -p "$dir/data" "$dir/sock"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir/data" "$dir/sock"; fi
  as_pg_owner "$bin/initdb" -D "$dir/data" -U ss --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  local opts="-p $port -k $dir/sock -c listen_addresses=127.0.0.1 -c max_connections=300"
  for setting in "$@"; do opts="$opts -c $setting"; done
  as_pg_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/sock/postgres.log" -o "$opts" -w -t 60 start >/dev/null \
    || { cat "$dir/sock/postgres.log" >&2; return 1; }
  "$(command -v psql || echo "$bin/psql")" -h "$dir/sock" -p "$port" -U ss -d postgres -qc "CREATE DATABASE ss" >/dev/null
}

pg_stop() {
  local dir=$1
  local bin; bin=$(pg_bindir)
  [ -f "$dir/data/postmaster.pid" ] && as_pg_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
