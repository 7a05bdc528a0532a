#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench-netns.sh XINET_TOOL [LOSS_PERCENT]: the namespaces of xinet-bench's
# benchmarks across a link, in the guest (scripts/xinet-bench runs it
# before the benchmarks).  Each is a pair of namespaces xbench-<name>-a
# (the client's end, .1) and xbench-<name>-b (the server's end, .2):
#
# tcp_lossy, 10.99.0.0/24, each end dropping LOSS_PERCENT (default 1) of
# what it sends:
#   inet:   a veth pair, netem loss on both ends; one segment per packet
#           (gso_max_segs 1), so that netem drops segments as xnet's
#           fault does and not 64 KiB GSO packets;
#   xinet:  an xnet pair, xnet's drop fault on both ends, seeded.
# pair_*, 10.98.0.0/24, no loss, every offload as the drivers default:
#   pinet:  a veth pair, Linux's addresses (Linux <-> Linux);
#   pxinet: an xnet pair, xinet's addresses (xinet <-> xinet);
#   pmix:   an xnet pair, xinet's address in a, Linux's in b (xinet <->
#           Linux, as selftests/xinet/lib.sh's linux_pair).
# pinet and pmix also carry make bench-mem's SYN floods (xinet-mem).
#
# bench-netns.sh --delete: deletes them all (scripts/xinet-bench-ab, before
# it unloads the module they were made with).
set -eu

if [ "${1-}" = --delete ]; then
	for ns in $(ip netns list | sed -n 's/^\(xbench-[^ ]*\).*/\1/p'); do
		ip netns del "$ns"
	done
	exit 0
fi

xinet=$1
loss=${2:-1}

# Debian's kernel builds both as modules, and the guest has no automatic
# module loading.
modprobe veth
modprobe sch_netem

for fam in inet xinet pinet pxinet pmix; do
	for side in a b; do
		ip netns add "xbench-$fam-$side"
		ip -n "xbench-$fam-$side" link set lo up
	done
done

ip -n xbench-inet-a link add va type veth peer name vb netns xbench-inet-b
ip -n xbench-inet-a addr add 10.99.0.1/24 dev va
ip -n xbench-inet-b addr add 10.99.0.2/24 dev vb
for end in a:va b:vb; do
	ns=xbench-inet-${end%%:*} dev=${end#*:}
	ip -n "$ns" link set "$dev" gso_max_segs 1 up
	ip netns exec "$ns" tc qdisc add dev "$dev" root netem loss "$loss%"
done

ip netns exec xbench-xinet-a "$xinet" link add xa peer xb netns xbench-xinet-b
seed=1
for end in a:xa:10.99.0.1 b:xb:10.99.0.2; do
	ns=xbench-xinet-${end%%:*} rest=${end#*:}
	dev=${rest%%:*} addr=${rest#*:}
	ip -n "$ns" link set "$dev" up
	ip netns exec "$ns" "$xinet" addr add "$addr/24" dev "$dev"
	ip netns exec "$ns" "$xinet" fault set dev "$dev" seed "$seed" drop "$loss"
	seed=$((seed + 1))
done

ip -n xbench-pinet-a link add va type veth peer name vb netns xbench-pinet-b
ip -n xbench-pinet-a addr add 10.98.0.1/24 dev va
ip -n xbench-pinet-b addr add 10.98.0.2/24 dev vb
ip -n xbench-pinet-a link set va up
ip -n xbench-pinet-b link set vb up

for fam in pxinet pmix; do
	ip netns exec "xbench-$fam-a" "$xinet" link add xa peer xb \
		netns "xbench-$fam-b"
	ip -n "xbench-$fam-a" link set xa up
	ip -n "xbench-$fam-b" link set xb up
	ip netns exec "xbench-$fam-a" "$xinet" addr add 10.98.0.1/24 dev xa
done
ip netns exec xbench-pxinet-b "$xinet" addr add 10.98.0.2/24 dev xb
ip -n xbench-pmix-b addr add 10.98.0.2/24 dev xb

# make bench-mem's SYN flood (xinet-mem) at a listener in xbench-pinet-a
# (AF_INET) and xbench-pmix-a (AF_XINET), from b: the SYN-ACKs to its
# spoofed sources, 10.2.0.0/16, go back across the pair to b, where Linux
# drops them (no forwarding); through b's address on the veth, so that
# one neighbour is resolved and not one per source.
ip -n xbench-pinet-a route add 10.2.0.0/16 via 10.98.0.2
ip netns exec xbench-pmix-a "$xinet" route add 10.2.0.0/16 dev xa

# connect_occ: one namespace, a 2,000-port ephemeral range for both
# stacks (the same parity rule: an even start, an odd end).
ip netns add xbench-occ-a
ip -n xbench-occ-a link set lo up
ip netns exec xbench-occ-a sysctl -qw net.ipv4.ip_local_port_range="40000 41999"
ip netns exec xbench-occ-a sh -c \
	'echo "40000 41999" >/proc/sys/net/xinet/ip_local_port_range'
