#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# lossy-pair.sh XINET_TOOL [LOSS_PERCENT]: the namespaces of xinet-bench's
# tcp_lossy, in the guest (scripts/xinet-bench runs it before the
# benchmark).  Two pairs, 10.99.0.1 in xbench-<family>-a and 10.99.0.2 in
# xbench-<family>-b, each dropping LOSS_PERCENT (default 1) of what each
# end sends:
#   AF_INET:  a veth pair, netem loss on both ends; one segment per packet
#             (gso_max_segs 1), so that netem drops segments as xnet's
#             fault does and not 64 KiB GSO packets;
#   AF_XINET: an xnet pair, xnet's drop fault on both ends, seeded.
set -eu
xinet=$1
loss=${2:-1}

# Debian's kernel builds both as modules, and the guest has no automatic
# module loading.
modprobe veth
modprobe sch_netem

for fam in inet xinet; do
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
