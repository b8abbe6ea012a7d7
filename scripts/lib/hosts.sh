# Hosts of their own on one machine, for the partition test and `scripts/chaos --hosts`:
# a network namespace joined to this one by a veth pair, whose link can be cut.

# host_up NS LINK OCTET: namespace NS, reached over LINK (this side 10.213.OCTET.1/30, the
# host's side 10.213.OCTET.2). Fails (and leaves nothing) where namespaces cannot be made.
host_up() {
  local ns=$1 link=$2 octet=$3 peer="${2}p"
  ip netns add "$ns" || return 1
  if ! { ip link add "$link" type veth peer name "$peer" && ip link set "$peer" netns "$ns" \
         && ip addr add "10.213.$octet.1/30" dev "$link" && ip link set "$link" up \
         && ip netns exec "$ns" ip link set lo up \
         && ip netns exec "$ns" ip addr add "10.213.$octet.2/30" dev "$peer" \
         && ip netns exec "$ns" ip link set "$peer" up; }; then
    host_down "$ns" "$link"
    return 1
  fi
}

host_down() {
  ip netns del "$1" 2>/dev/null || true
  ip link del "$2" 2>/dev/null || true
}

# host_cut LINK / host_restore LINK: the host loses the network (no FIN, no RST: its
# packets go nowhere), and has it back.
host_cut() { ip link set "$1" down; }
host_restore() { ip link set "$1" up; }
