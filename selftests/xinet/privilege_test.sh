#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# privilege_test.sh: issue #10 section 3, privilege and isolation.  The
# whole capability matrix, AF_XINET beside AF_INET (and xinet's netlink
# family beside rtnetlink, net.xinet beside net.ipv4) in the same run,
# for three identities:
#
#   unpriv    uid 65534, no capabilities, in a namespace root made
#   userns    root of a user namespace that owns its network namespace
#             (as unshare -Urn, made by uid 65534)
#   foreign   root of a user namespace (made by uid 65534) staying in a
#             network namespace owned by the initial user namespace
#             (as unshare -Ur)
#
# Rows:
#   - sockets: SOCK_RAW needs CAP_NET_RAW over the network namespace's
#     user namespace; raw bind; ping sockets by ping_group_range, their
#     bind (an ICMP identifier, never a privileged port); TCP and UDP
#     ports below ip_unprivileged_port_start need CAP_NET_BIND_SERVICE
#     there (EACCES), and none once the sysctl is 0; TCP_REPAIR needs
#     CAP_NET_ADMIN there (EPERM);
#   - every command of the "xinet" generic netlink family against its
#     rtnetlink twin: writes need CAP_NET_ADMIN over the namespace
#     (EPERM), address and route dumps do not; FAULT_SET and FAULT_GET
#     need it as rtnetlink's writes do (a fault configuration is test
#     tooling: its seed predicts every drop to come);
#   - links: an xnet pair (veth's twin), and one whose peer goes into a
#     namespace the caller does not administer, refused (EPERM) as
#     rtnetlink refuses a device there (rtnl_link_get_net_capable());
#   - every net.xinet sysctl: owner and mode as its net.ipv4 twin, write
#     access as the twin's (the namespace's root and CAP_NET_ADMIN over
#     it, nobody else); bounds as the twin's, written by the namespace's
#     admin; tcp_tw_timeout (xinet's own) 1 to 3600 s.
#
# The operations run in selftests/xinet/helpers/priv-probe, which makes
# the identity itself: the test VM runs commands in a chroot, where the
# kernel refuses unshare(CLONE_NEWUSER) (see the helper).
#
# Needs root.  TAP; each row: ok when AF_XINET's result is AF_INET's.

set -u
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")" || exit 1

probe=$PWD/out/helpers/priv-probe
tmp=$(mktemp -d)
n=0 failed=0
A=xpriv-a-$$ C=xpriv-c-$$
trap 'cleanup_netns "$A" "$C"; ip link del xr1 2>/dev/null' EXIT

echo "TAP version 13"
if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP needs root"
	exit 4
fi
if [ ! -x "$probe" ]; then
	echo "1..0 # SKIP $probe not built (make selftests)"
	exit 4
fi
if [ ! -d /proc/sys/net/xinet ]; then
	echo "1..0 # SKIP xinet.ko not loaded"
	exit 4
fi
if ! echo "x socket inet dgram 17" | "$probe" -u 65534 -U -n >/dev/null 2>&1; then
	echo "1..0 # SKIP no user namespaces (CONFIG_USER_NS)"
	exit 4
fi

v4=/proc/sys/net/ipv4 xs=/proc/sys/net/xinet

# twin NAME: the net.ipv4 (or net.core) path of a net.xinet sysctl; the
# ones without a twin (tcp_tw_timeout, tcp_flight_recorder) are compared,
# for access and ownership, with tcp_fin_timeout, a per-namespace value
# too.
twin() {
	case $1 in
	somaxconn) echo /proc/sys/net/core/somaxconn ;;
	*) if [ -e "$v4/$1" ]; then echo "$v4/$1"; else echo "$v4/tcp_fin_timeout"; fi ;;
	esac
}

# Phase 1: before the administrator opens ping sockets and low ports.
phase1() {
	local f s d dev
	echo "up_lo.inet up lo"
	echo "up_lo.xinet up xlo"
	for f in inet xinet; do
		cat <<-EOF
		raw_icmp.$f socket $f raw 1
		raw_raw.$f socket $f raw 255
		raw_udp.$f socket $f raw 17
		raw_bind.$f bind $f raw 1 0
		ping_out_of_range.$f socket $f dgram 1
		tcp_bind_80.$f bind $f stream 6 80
		tcp_bind_1023.$f bind $f stream 6 1023
		tcp_bind_1024.$f bind $f stream 6 1024
		udp_bind_80.$f bind $f dgram 17 80
		udp_bind_1024.$f bind $f dgram 17 1024
		tcp_repair.$f repair $f
		EOF
	done
	echo "link_create.inet link veth vp0 peer vp1"
	echo "link_create.xinet link xnet xp0"
	echo "link_pair.inet link veth vq0 peer vq1"
	echo "link_pair.xinet link xnet xq0 peer xq1"
	# pid 1's namespace: the initial one, which nobody here administers.
	echo "link_foreign_peer.inet link veth vr0 peer vr1 ns 1"
	echo "link_foreign_peer.xinet link xnet xr0 peer xr1 peerns 1"
	echo "up_dev.inet up vp0"
	echo "up_dev.xinet up xp0"
	for dev in inet:vp0 xinet:xp0; do
		f=${dev%%:*} d=${dev#*:} s=rtnl
		[ "$f" = xinet ] && s=genl
		cat <<-EOF
		addr_new.$f $s addr_new $d 10.77.0.1/24
		addr_get.$f $s addr_get $d
		route_new.$f $s route_new $d 10.78.0.0/16
		route_get.$f $s route_get $d
		route_del.$f $s route_del $d 10.78.0.0/16
		addr_del.$f $s addr_del $d 10.77.0.1/24
		EOF
	done
	echo "fault_set.xinet genl fault_set xp0"
	echo "fault_get.xinet genl fault_get xp0"
	for s in "$xs"/*; do
		s=${s##*/}
		echo "sysctl_stat_$s.inet stat $(twin "$s")"
		echo "sysctl_stat_$s.xinet stat $xs/$s"
		echo "sysctl_rewrite_$s.inet rewrite $(twin "$s")"
		echo "sysctl_rewrite_$s.xinet rewrite $xs/$s"
	done
	echo "ping_range_write.inet write $v4/ping_group_range @egid"
	echo "ping_range_write.xinet write $xs/ping_group_range @egid"
	echo "prot_sock_write.inet write $v4/ip_unprivileged_port_start 0"
	echo "prot_sock_write.xinet write $xs/ip_unprivileged_port_start 0"
}

# Phase 2: ping_group_range holds our group, ip_unprivileged_port_start
# is 0 (the admin set them: root for unpriv and foreign, ourselves in
# userns).
phase2() {
	local f
	for f in inet xinet; do
		cat <<-EOF
		ping_in_range.$f socket $f dgram 1
		ping_bind_any.$f bind $f dgram 1 0
		ping_bind_ident_80.$f bind $f dgram 1 80
		tcp_bind_80_unpriv_start_0.$f bind $f stream 6 80
		udp_bind_80_unpriv_start_0.$f bind $f dgram 17 80
		EOF
	done
}

# Bounds, written by the namespace's admin (userns only): each value to
# the twin, then to net.xinet.  Values that pass change both alike.
bounds() {
	local s v i=0
	while read -r s v; do
		i=$((i + 1))
		echo "bound_${i}_${s}=${v// /_}.inet write $(twin "$s") $v"
		echo "bound_${i}_${s}=${v// /_}.xinet write $xs/$s $v"
	done <<-EOF
	ip_default_ttl 0
	ip_default_ttl 256
	ip_default_ttl 255
	tcp_syn_retries 0
	tcp_syn_retries 128
	tcp_syn_retries 127
	tcp_synack_retries 255
	tcp_synack_retries 256
	tcp_synack_retries -1
	tcp_retries1 200
	tcp_retries1 255
	tcp_retries1 256
	tcp_retries2 255
	tcp_retries2 256
	tcp_orphan_retries 255
	tcp_orphan_retries 256
	tcp_keepalive_probes 200
	tcp_keepalive_probes 255
	tcp_keepalive_probes 256
	tcp_syncookies 3
	tcp_syncookies 255
	tcp_syncookies 256
	tcp_syncookies 1
	tcp_tw_reuse 3
	tcp_tw_reuse -1
	tcp_tw_reuse 2
	tcp_window_scaling 2
	tcp_window_scaling 1
	icmp_echo_ignore_all 2
	icmp_echo_ignore_all 0
	tcp_abort_on_overflow 2
	tcp_abort_on_overflow 0
	tcp_rmem 4095 131072 6291456
	tcp_rmem 4096 131072 6291456
	tcp_wmem 0 16384 4194304
	tcp_wmem 1 16384 4194304
	somaxconn -1
	somaxconn 4096
	tcp_max_syn_backlog -1
	tcp_max_tw_buckets -1
	tcp_challenge_ack_limit -1
	tcp_fin_timeout -1
	tcp_fin_timeout 60
	tcp_keepalive_time 0
	tcp_keepalive_intvl -1
	icmp_ratelimit -1
	icmp_ratemask -1
	ip_local_port_range 1000 2000
	ip_local_port_range 40000 30000
	ip_local_port_range 32768 60999
	ip_unprivileged_port_start 40000
	ip_unprivileged_port_start 65536
	ip_unprivileged_port_start 1024
	ping_group_range 0 4294967295
	ping_group_range 1 0
	tcp_timestamps 3
	tcp_timestamps 256
	tcp_timestamps 1
	tcp_sack 256
	tcp_sack 2
	tcp_dsack 256
	tcp_dsack 0
	tcp_fack 256
	tcp_fack 1
	tcp_fack 0
	tcp_backlog_ack_defer 2
	tcp_backlog_ack_defer 256
	tcp_backlog_ack_defer 1
	tcp_retrans_collapse 256
	tcp_retrans_collapse 0
	tcp_retrans_collapse 1
	tcp_min_rtt_wlen -1
	tcp_min_rtt_wlen 86401
	tcp_min_rtt_wlen 300
	tcp_min_tso_segs 0
	tcp_min_tso_segs 256
	tcp_min_tso_segs 2
	tcp_tso_win_divisor 256
	tcp_tso_win_divisor 3
	tcp_tso_rtt_log 32
	tcp_tso_rtt_log 9
	tcp_pacing_ss_ratio 1001
	tcp_pacing_ss_ratio -1
	tcp_pacing_ss_ratio 200
	tcp_pacing_ca_ratio 1001
	tcp_pacing_ca_ratio 120
	tcp_thin_linear_timeouts 256
	tcp_thin_linear_timeouts 0
	tcp_recovery 256
	tcp_recovery 1
	tcp_early_retrans 5
	tcp_early_retrans 256
	tcp_early_retrans 3
	tcp_frto 256
	tcp_frto 0
	tcp_frto 2
	tcp_reordering 0
	tcp_reordering 301
	tcp_reordering 3
	tcp_max_reordering 0
	tcp_max_reordering 300
	tcp_mtu_probing 256
	tcp_mtu_probing 0
	tcp_mtu_probe_floor 47
	tcp_mtu_probe_floor 65536
	tcp_mtu_probe_floor 48
	tcp_probe_interval 4294967295
	tcp_probe_interval 600
	EOF
	# xinet's own: 1 s to 1 h, the value unchanged by a refused write.
	for v in 0 -1 3601 1 3600 60; do
		echo "tw_timeout=$v write $xs/tcp_tw_timeout $v"
	done
	echo "tw_timeout=0 write $xs/tcp_tw_timeout 0"
	echo "tw_timeout_value show $xs/tcp_tw_timeout"
}

# mkns NS: a namespace as root makes it, with the devices the rows use
# (through the probe: one program for all, each costs in the guest).
mkns() {
	ip netns add "$1" &&
	ip netns exec "$1" "$probe" >"$tmp/mkns" <<-EOF &&
	lo up lo
	vp link veth vp0 peer vp1
	vq link veth vq0 peer vq1
	vp0 up vp0
	vp1 up vp1
	xp link xnet xp0
	xq link xnet xq0 peer xq1
	xp0 up xp0
	EOF
	! grep -v ' ok$' "$tmp/mkns"
}

# admin NS: the administrator opens ping sockets to uid/gid 65534 and
# the low ports to all.
admin() {
	ip netns exec "$1" "$probe" >"$tmp/admin" <<-EOF &&
	p4 write $v4/ping_group_range 65534 65534
	px write $xs/ping_group_range 65534 65534
	u4 write $v4/ip_unprivileged_port_start 0
	ux write $xs/ip_unprivileged_port_start 0
	EOF
	! grep -v ' ok$' "$tmp/admin"
}

start=$(ms)
echo "# setting up"
for ns in "$A" "$C"; do
	mkns "$ns" || { echo "Bail out! cannot set up namespace $ns"; exit 1; }
done

echo "# $(( ($(ms) - start) / 1000 )) s: probing"
phase1 >"$tmp/ops1"
phase2 >"$tmp/ops2"
bounds >"$tmp/ops3"

ip netns exec "$A" "$probe" -u 65534 <"$tmp/ops1" >"$tmp/unpriv" 2>"$tmp/unpriv.err"
admin "$A" || { echo "Bail out! cannot open ping and low ports in $A"; exit 1; }
ip netns exec "$A" "$probe" -u 65534 <"$tmp/ops2" >>"$tmp/unpriv" 2>>"$tmp/unpriv.err"

cat "$tmp/ops1" "$tmp/ops2" "$tmp/ops3" |
	"$probe" -u 65534 -U -n >"$tmp/userns" 2>"$tmp/userns.err"

ip netns exec "$C" "$probe" -u 65534 -U <"$tmp/ops1" >"$tmp/foreign" 2>"$tmp/foreign.err"
admin "$C" || { echo "Bail out! cannot open ping and low ports in $C"; exit 1; }
ip netns exec "$C" "$probe" -u 65534 -U <"$tmp/ops2" >>"$tmp/foreign" 2>>"$tmp/foreign.err"

echo "# $(( ($(ms) - start) / 1000 )) s: comparing"
# The rows, in bash alone: every program started in the TCG guest costs
# about a second.
declare -A res
for id in unpriv userns foreign; do
	if [ ! -s "$tmp/$id" ]; then
		not_ok "$id: the probe ran" "$(tr '\n' '|' <"$tmp/$id.err")"
		continue
	fi
	res=() rows=() tw=''
	while read -r label r; do
		res[$label]=$r
		case $label in
		tw_timeout*) tw="$tw${tw:+ }$label:$r" ;;
		*.xinet) rows+=("${label%.xinet}") ;;
		esac
	done <"$tmp/$id"
	# Each row: LABEL.inet against LABEL.xinet; the fault rows, which
	# Linux has no twin of, against rtnetlink's admin gate (addr_new).
	for row in "${rows[@]}"; do
		case $row in
		fault_set|fault_get) in=${res[addr_new.inet]:-} ;;
		*) in=${res[$row.inet]:-} ;;
		esac
		x=${res[$row.xinet]:-}
		if [ -n "$in" ] && [ "$in" = "$x" ]; then
			ok "$id: $row: AF_INET $in, AF_XINET $x"
		else
			not_ok "$id: $row: AF_INET ${in:-none}, AF_XINET ${x:-none}"
		fi
	done
	[ "$id" = userns ] && tw_userns=$tw
done

# tcp_tw_timeout, xinet's own, by the namespace's admin: 1 s to 1 h.
tw=${tw_userns:-}
want="tw_timeout=0:EINVAL tw_timeout=-1:EINVAL tw_timeout=3601:EINVAL"
want="$want tw_timeout=1:ok tw_timeout=3600:ok tw_timeout=60:ok"
want="$want tw_timeout=0:EINVAL tw_timeout_value:60"
if [ "$tw" = "$want" ]; then
	ok "userns: tcp_tw_timeout takes 1 to 3600 s only"
else
	not_ok "userns: tcp_tw_timeout takes 1 to 3600 s only" "got:  $tw" "want: $want"
fi

echo "# $(( ($(ms) - start) / 1000 )) s"
echo "1..$n"
[ "$failed" = 0 ]
