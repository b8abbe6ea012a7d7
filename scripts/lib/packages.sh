# ensure_command CMD [PACKAGE]: installs Debian's PACKAGE (default CMD) when CMD is missing.
ensure_command() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "$1 is missing: install it (apt-get install ${2:-$1})" >&2
    return 1
  fi
  echo "installing ${2:-$1} from Debian's packages…" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${2:-$1}" >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${2:-$1}" >/dev/null; }
}
