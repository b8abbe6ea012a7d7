# A PostgreSQL set up as a managed one is, for tests and the chaos run (sourced after
# postgres.sh): TLS with a throwaway CA, a password, and for TCP only hostssl lines.

# make_certs DIR SAN: a throwaway CA (DIR/ca.crt), a stranger's that signed nothing
# (DIR/other.crt), and the server's certificate for SAN (`DNS:localhost,IP:127.0.0.1`),
# signed by the first (DIR/server.crt and server.key, the postgres user's when root).
make_certs() {
  local dir=$1 san=$2 ca
  for ca in ca other; do
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/$ca.key" -out "$dir/$ca.crt" -days 2 -subj "/CN=ss-test-$ca" 2>/dev/null
  done
  openssl req -newkey rsa:2048 -nodes -keyout "$dir/server.key" -out "$dir/server.csr" -subj /CN=ss-test-server 2>/dev/null
  printf 'subjectAltName=%s\n' "$san" > "$dir/san.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -out "$dir/server.crt" -days 2 -extfile "$dir/san.ext" 2>/dev/null
  chmod 600 "$dir/server.key"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir/server.key" "$dir/server.crt"; fi
}

# The `postgres -c` settings of a cluster that speaks TLS with make_certs' certificate.
tls_settings() {
  echo "ssl=on ssl_cert_file=$1/server.crt ssl_key_file=$1/server.key"
}

# pg_secure DIR PORT PASSWORD NETWORK…: gives ss the password, and takes TCP connections
# only over TLS with it (scram-sha-256) from the NETWORKs; the socket stays trusted.
pg_secure() {
  local dir=$1 port=$2 password=$3 net; shift 3
  psql -h "$dir/sock" -p "$port" -U ss -d ss -qc "ALTER ROLE ss PASSWORD '$password'" >/dev/null
  { echo 'local all all trust'; for net in "$@"; do echo "hostssl all all $net scram-sha-256"; done; } > "$dir/data/pg_hba.conf"
  as_pg_owner "$(pg_bindir)/pg_ctl" -D "$dir/data" reload >/dev/null
}
