# apt_install PACKAGE…: installs Debian's packages (as root; updating the lists if need be).
apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing: install it (apt-get install $*)" >&2
    return 1
  fi
  echo "installing $* from Debian's packages…" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }
}

# ensure_command CMD [PACKAGE]: installs Debian's PACKAGE (default CMD) when CMD is missing.
ensure_command() {
  command -v "$1" >/dev/null 2>&1 || apt_install "${2:-$1}"
}

# ensure_build_deps: what `swift build` needs beyond the toolchain: libarchive's headers
# (it reads compressed AIPs; libarchive-dev brings the library too).
ensure_build_deps() {
  [ -f /usr/include/archive.h ] || apt_install libarchive-dev
}
