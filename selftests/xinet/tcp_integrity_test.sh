#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tcp_integrity_test: AF_XINET TCP streams arrive whole (issue #5
# section 6, integrity).  Each transfer is a seeded pseudo-random stream
# (tcp-peer source) whose SHA-256 the sender prints, read to EOF by a
# sink that prints the SHA-256 and length of what it got; they must be
# equal, in each direction:
#
#   1. over xinet loopback (xlo, 127.0.0.1) in one namespace
#   2. across an xnet pair, xinet on both ends (10.3.0.1 <-> 10.3.0.2)
#   3. the same pair with seeded xnet faults on both ends (2% drop,
#      2% reorder, 1% duplicate, 0.5% corrupt); the fault counters must
#      show that faults happened
#   4. xinet against Linux across a pair (10.4.0.1 <-> 10.4.0.2), netem
#      2% loss on the Linux end
#   5. the same pair, SACK on (net.xinet.tcp_sack 1), xinet sending to
#      Linux through a seeded 2% drop on xinet's end: Linux's SACK blocks
#      steer the recovery (TCPSackRecovery), and xinet resends at most
#      1.5 times the segments dropped (Tcp RetransSegs)
#   6. spurious RTOs, each way between xinet and Linux: the sender's
#      first 8 KiB acknowledged on an idle pair, the receiver's end then
#      holds every packet back 800 ms (xnet's delay fault) while 8 KiB
#      more go: the sender's RTO fires before the ACKs come, whose
#      timestamps show the originals arrived (Eifel, RFC 3522): each
#      sender counts TcpExt TCPTimeouts and TCPLossUndo, and xinet's
#      TCPSpuriousRTOs (F-RTO's verdict, RFC 5682) moves as Linux's
#   7. recovery against Linux's: section 5's transfer again with Linux
#      sending over a veth pair through netem loss 2% on its end; both
#      stacks' segments resent, recovery episodes (TCPSackRecovery +
#      TCPTimeouts) and completion times are reported, and xinet's resent
#      segments and episodes per segment dropped must be within 1.25
#      times Linux's (netem cannot be seeded: the rates per drop compare,
#      and only with 100 drops or more each; the completion time is
#      make bench's tcp_lossy, never asserted in a test)
#
# Sizes (MiB per transfer): issue #5's by default (make check runs them
# on the stock kernel; about 15 min in the TCG + KASAN guest); XINET_QUICK=1
# the smaller ones make check uses on its debug kernel boot:
#              loopback  pair  pair+faults  Linux+netem  SACK+drop
#   default       256     64        64          64          16
#   XINET_QUICK     8      4         2           2           2
# Each can be set alone: XINET_TCP_LO_MB, XINET_TCP_PAIR_MB,
# XINET_TCP_FAULT_MB, XINET_TCP_NETEM_MB, XINET_TCP_SACK_MB.  Every
# transfer is bounded by
# a timeout that grows with its size (XINET_TCP_SECS_PER_MB, default 10,
# plus 60 s).  The runner checks the kernel log for warnings afterwards.
#
# With XINET_TCP_ORACLE=1 the xinet sides run on Linux's own stack
# (veth, AF_INET; the xnet faults become netem on both veth ends): a
# check of the test itself.
#
# TAP output; needs root, xinet loaded, tools/ and selftests/ built.

set -u
repo=${XINET_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
xinet=$repo/tools/xinet/xinet
peer=$repo/selftests/xinet/out/helpers/tcp-peer
if [ "${XINET_QUICK:-0}" = 1 ]; then
	lo_mb=8 pair_mb=4 fault_mb=2 netem_mb=2 sack_mb=2
else
	lo_mb=256 pair_mb=64 fault_mb=64 netem_mb=64 sack_mb=16
fi
sack_mb=${XINET_TCP_SACK_MB:-$sack_mb}
lo_mb=${XINET_TCP_LO_MB:-$lo_mb}
pair_mb=${XINET_TCP_PAIR_MB:-$pair_mb}
fault_mb=${XINET_TCP_FAULT_MB:-$fault_mb}
netem_mb=${XINET_TCP_NETEM_MB:-$netem_mb}
secs_per_mb=${XINET_TCP_SECS_PER_MB:-10}
tmp=$(mktemp -d)
I=xg-i-$$ A=xg-a-$$ B=xg-b-$$ X=xg-x-$$ L=xg-l-$$ V=xg-v-$$ W=xg-w-$$
n=0 failed=0 port=7000
. "$(dirname "$0")/lib.sh"
trap 'cleanup_netns "$I" "$A" "$B" "$X" "$L" "$V" "$W"' EXIT

# xfer NAME MB DIR SNS SFAM SADDR CNS CFAM
# One connection from CNS to a listener at SADDR in SNS.  DIR "up": the
# client sends, the listener sinks; "down": the listener sends, the
# client sinks.  Checks that both SHA-256 and the length agree.
xfer() {
	local name=$1 mb=$2 dir=$3 sns=$4 sfam=$5 saddr=$6 cns=$7 cfam=$8
	local bytes=$((mb << 20)) secs=$((60 + mb * secs_per_mb)) sact cact
	local t0 rc src sent got h1 h2 len spid
	port=$((port + 1))
	if [ "$dir" = up ]; then
		sact=(sink) cact=(source "$bytes")
	else
		sact=(source "$bytes") cact=(sink)
	fi
	timeout "$secs" ip netns exec "$sns" "$peer" -I -n 1 -s "$port" \
		listen "$sfam" "$saddr" "$port" "${sact[@]}" >"$tmp/srv.$port" 2>&1 &
	spid=$!
	wait_output "$tmp/srv.$port" ready
	t0=$(ms)
	timeout "$secs" ip netns exec "$cns" "$peer" -I -s "$port" \
		connect "$cfam" "$saddr" "$port" "${cact[@]}" >"$tmp/cli.$port" 2>&1
	rc=$?
	wait "$spid"
	src=$?
	if [ "$dir" = up ]; then sent=cli got=srv; else sent=srv got=cli; fi
	h1=$(field "$tmp/$sent.$port" sha256) h2=$(field "$tmp/$got.$port" sha256)
	len=$(field "$tmp/$got.$port" bytes)
	# The receiver's window cap at the end (TCP_INFO, tcp-peer -I).
	rcv_ssthresh=$(field "$tmp/$got.$port" rcv_ssthresh)
	xfer_ms=$(( $(ms) - t0 ))
	local what="$name: $mb MiB, SHA-256 equal at both ends ($xfer_ms ms)"
	if [ "$rc" = 0 ] && [ "$src" = 0 ] && [ -n "$h1" ] && [ "$h1" = "$h2" ] &&
	   [ "$len" = "$bytes" ]; then
		ok "$what"
	else
		not_ok "$what" "client exit $rc, listener exit $src (124: timeout after $secs s)" \
			"sender: $(tr '\n' '|' <"$tmp/$sent.$port")" \
			"receiver: $(tr '\n' '|' <"$tmp/$got.$port")"
	fi
}

# both NAME MB SNS SFAM SADDR CNS CFAM: xfer up, then down.
both() {
	xfer "$1, client to listener" "$2" up "${@:3}"
	xfer "$1, listener to client" "$2" down "${@:3}"
}

# pair NS1 DEV1 ADDR1 NS2 DEV2 ADDR2 LINUX: an xnet pair; ADDR2 is a Linux
# address when LINUX is 1, else an xinet one.
pair() {
	mkpair "$1" "$2" "$4" "$5" >"$tmp/link" 2>&1 || { cat "$tmp/link"; return 1; }
	ip netns exec "$1" ip link set "$2" up
	ip netns exec "$4" ip link set "$5" up
	xaddr "$1" "$3/24" "$2" || return 1
	if [ "$7" = 1 ]; then
		ip netns exec "$4" ip addr add "$6/24" dev "$5"
	else
		xaddr "$4" "$6/24" "$5"
	fi
}

echo "TAP version 13"
echo "# sizes (MiB): loopback $lo_mb, pair $pair_mb, pair with faults $fault_mb, Linux with netem $netem_mb, SACK with drop $sack_mb"

for ns in "$I" "$A" "$B" "$X" "$L" "$V" "$W"; do
	ip netns add "$ns" || { echo "Bail out! cannot create namespaces"; exit 1; }
	ip netns exec "$ns" ip link set lo up
done

# --- 1. xinet loopback
both "xinet loopback" "$lo_mb" "$I" "$xfam" 127.0.0.1 "$I" "$xfam"

# --- 2. xinet <-> xinet across a pair
if pair "$A" xa 10.3.0.1 "$B" xb 10.3.0.2 0 >"$tmp/pair" 2>&1; then
	ok "xnet pair, xinet addresses on both ends"
else
	not_ok "xnet pair, xinet addresses on both ends" "$(cat "$tmp/pair")"
fi
both "xinet <-> xinet pair" "$pair_mb" "$A" "$xfam" 10.3.0.1 "$B" "$xfam"
# Receive buffer autotuning with window scaling: after megabytes read at
# the pace of the pair, the receiver's window must have opened past what
# an unscaled 16-bit window can say (its first one is 64240).
expect "xinet <-> xinet pair: the receiver's window opened past 64 KiB (rcv_ssthresh ${rcv_ssthresh:-none})" "" \
	test "${rcv_ssthresh:-0}" -gt 65535

# --- 3. the same pair with faults on both ends
# fault_set NS DEV SEED / fault_clear NS DEV: xnet faults (netem for the
# oracle, which has no counters to show).
fault_set() {
	if [ "$xfam" = inet ]; then
		ip netns exec "$1" tc qdisc add dev "$2" root netem delay 1ms \
			loss 2% duplicate 1% corrupt 0.5% reorder 98%
	else
		ip netns exec "$1" "$xinet" fault set dev "$2" seed "$3" \
			drop 2 reorder 2 duplicate 1 corrupt 0.5
	fi
}
fault_clear() {
	if [ "$xfam" = inet ]; then ip netns exec "$1" tc qdisc del dev "$2" root
	else ip netns exec "$1" "$xinet" fault clear dev "$2"; fi
}
if fault_set "$A" xa 11 >"$tmp/fault" 2>&1 && fault_set "$B" xb 12 >>"$tmp/fault" 2>&1; then
	ok "xnet faults set on both ends (seeded: drop 2% reorder 2% duplicate 1% corrupt 0.5%)"
else
	not_ok "xnet faults set on both ends" "$(cat "$tmp/fault")"
fi
re0=$(mib "$A" Tcp RetransSegs):$(mib "$B" Tcp RetransSegs)
both "xinet <-> xinet pair with faults" "$fault_mb" "$A" "$xfam" 10.3.0.1 "$B" "$xfam"
re1=$(mib "$A" Tcp RetransSegs):$(mib "$B" Tcp RetransSegs)
# sumdelta "A0:B0" "A1:B1": (A1 - A0) + (B1 - B0), NA if any is missing.
sumdelta() {
	case "$1$2" in *NA*) echo NA; return ;; esac
	echo $(( ${2%:*} - ${1%:*} + ${2#*:} - ${1#*:} ))
}
rd=$(sumdelta "$re0" "$re1")
expect_retrans() {	# NAME DELTA
	if [ "$2" != NA ] && [ "$2" -gt 0 ]; then
		ok "$1: losses repaired by retransmission (Tcp RetransSegs +$2)"
	else
		not_ok "$1: losses repaired by retransmission (Tcp RetransSegs +$2)"
	fi
}
expect_retrans "xinet pair with faults" "$rd"
if [ "$xfam" = inet ]; then
	ok "fault counters show drops, reorders, duplicates and corruptions # SKIP oracle: netem has no such counters"
else
	ip netns exec "$A" "$xinet" fault show dev xa >"$tmp/show.xa" 2>&1
	ip netns exec "$B" "$xinet" fault show dev xb >"$tmp/show.xb" 2>&1
	# Every kind of fault happened on at least one end.
	missing=
	for k in dropped reordered duplicated corrupted; do
		awk -v k="fault_$k" '$1 == k && $2 > 0 { f = 1 } END { exit !f }' \
			"$tmp/show.xa" "$tmp/show.xb" || missing="$missing $k"
	done
	if [ -z "$missing" ]; then
		ok "fault counters show drops, reorders, duplicates and corruptions"
	else
		not_ok "fault counters show drops, reorders, duplicates and corruptions" \
			"none:$missing" "xa: $(tr '\n' ' ' <"$tmp/show.xa")" "xb: $(tr '\n' ' ' <"$tmp/show.xb")"
	fi
fi
if fault_clear "$A" xa >"$tmp/clear" 2>&1 && fault_clear "$B" xb >>"$tmp/clear" 2>&1; then
	ok "xnet faults cleared"
else
	not_ok "xnet faults cleared" "$(cat "$tmp/clear")"
fi

# --- 4. Linux as the peer, netem loss on the Linux end
if pair "$X" xc 10.4.0.1 "$L" xd 10.4.0.2 1 >"$tmp/pair" 2>&1 &&
   ip netns exec "$L" tc qdisc add dev xd root netem loss 2% >>"$tmp/pair" 2>&1; then
	ok "xnet pair to Linux, netem loss 2% on the Linux end"
else
	not_ok "xnet pair to Linux, netem loss 2% on the Linux end" "$(cat "$tmp/pair")"
fi
# Both ends retransmit: Linux what netem dropped of its data, xinet
# what it sent whose ACKs netem dropped.
# shellcheck disable=SC2016 # awk's fields, not the shell's
lmib() { ip netns exec "$L" awk -v f="$1" '$1 == "Tcp:" && !h { for (i = 2; i <= NF; i++) c[$i] = i; h = 1; next }
				     $1 == "Tcp:" { print $c[f]; exit }' /proc/net/snmp; }
re0=$(mib "$X" Tcp RetransSegs):$(lmib RetransSegs)
both "Linux client, xinet listener, netem loss" "$netem_mb" "$X" "$xfam" 10.4.0.1 "$L" inet
both "xinet client, Linux listener, netem loss" "$netem_mb" "$L" inet 10.4.0.2 "$X" "$xfam"
re1=$(mib "$X" Tcp RetransSegs):$(lmib RetransSegs)
echo "# Tcp RetransSegs, xinet:Linux: $re0 -> $re1"
ip netns exec "$L" tc -s qdisc show dev xd >"$tmp/netem" 2>&1
sed 's/^/# /' "$tmp/netem"
nd=$(sed -n 's/.*(dropped \([0-9]*\),.*/\1/p' "$tmp/netem" | head -1)
if [ "${nd:-0}" -gt 0 ]; then
	ok "netem dropped $nd of Linux's packets"
else
	not_ok "netem dropped packets of Linux's" "$(tr '\n' ' ' <"$tmp/netem")"
fi
expect_retrans "xinet against Linux with netem loss" "$(sumdelta "$re0" "$re1")"

# --- 5. SACK: xinet sends to Linux through a seeded 2% drop on its end
# dropped: the segments of xinet's the drop took (xnet's fault counter;
# netem's for the oracle, which drops with loss 2% instead).
dropped() {
	if [ "$xfam" = inet ]; then
		ip netns exec "$X" tc -s qdisc show dev xc |
			sed -n 's/.*(dropped \([0-9]*\),.*/\1/p' | head -1
	else
		ip netns exec "$X" "$xinet" fault show dev xc |
			awk '$1 == "fault_dropped" { print $2 }'
	fi
}
# drop_set: the drop on xinet's end.
drop_set() {
	if [ "$xfam" = inet ]; then
		ip netns exec "$X" tc qdisc add dev xc root netem loss 2%
	else
		ip netns exec "$X" "$xinet" fault set dev xc seed 21 drop 2
	fi
}
if ip netns exec "$L" tc qdisc del dev xd root >"$tmp/sack" 2>&1 &&
   echo 1 | ip netns exec "$X" tee "$xsys/tcp_sack" >>"$tmp/sack" 2>&1 &&
   drop_set >>"$tmp/sack" 2>&1; then
	ok "SACK on, 2% drop on xinet's end of the pair to Linux"
else
	not_ok "SACK on, 2% drop on xinet's end of the pair to Linux" "$(cat "$tmp/sack")"
fi
d0=$(dropped) re0=$(mib "$X" Tcp RetransSegs)
sr0=$(mib "$X" netstat TcpExt TCPSackRecovery)
to0=$(mib "$X" netstat TcpExt TCPTimeouts)
xfer "xinet client with SACK, Linux listener, drop 2%" "$sack_mb" up "$L" inet 10.4.0.2 "$X" "$xfam"
d1=$(dropped) re1=$(mib "$X" Tcp RetransSegs)
sr1=$(mib "$X" netstat TcpExt TCPSackRecovery)
to1=$(mib "$X" netstat TcpExt TCPTimeouts)
nd=$(delta "${d0:-NA}" "${d1:-NA}") rd=$(delta "$re0" "$re1")
sr=$(delta "$sr0" "$sr1")
# For section 7.
sack_nd=$nd sack_rd=$rd sack_ms=$xfer_ms
sack_ep=$(delta "$sr0" "$sr1")
[ "$sack_ep" = NA ] || sack_ep=$(sumdelta "$sr0:$to0" "$sr1:$to1")
echo "# SACK with drop: $nd segments dropped, RetransSegs +$rd, TCPSackRecovery +$sr"
if [ "$sr" != NA ] && [ "$sr" -gt 0 ]; then
	ok "SACK recovery against Linux's blocks (TCPSackRecovery +$sr)"
else
	not_ok "SACK recovery against Linux's blocks (TCPSackRecovery +$sr)"
fi
if [ "$nd" != NA ] && [ "$rd" != NA ] && [ "$nd" -gt 0 ] &&
   [ $((2 * rd)) -le $((3 * nd)) ]; then
	ok "SACK: $rd segments resent for $nd dropped, at most 1.5 times"
else
	not_ok "SACK: $rd segments resent for $nd dropped, at most 1.5 times"
fi

# --- 6. spurious RTOs: the receiver's ACKs held back past the RTO
# spike NS DEV MS: DEV sends every packet MS ms late, 0: on time again
# (xnet's delay fault; netem for the oracle's veth).
spike() {
	if [ "$xfam" = inet ]; then
		tc -n "$1" qdisc del dev "$2" root 2>/dev/null
		[ "$3" = 0 ] || tc -n "$1" qdisc add dev "$2" root netem delay "${3}ms"
	elif [ "$3" = 0 ]; then
		ip netns exec "$1" "$xinet" fault clear dev "$2"
	else
		ip netns exec "$1" "$xinet" fault set dev "$2" seed 31 delay "$3"
	fi
}
# undoc NS: TcpExt TCPTimeouts, TCPLossUndo and TCPSpuriousRTOs of the
# stack the sender in NS runs on, in one go (each process started in a
# namespace costs the debug guest most of a second).
undoc() {
	local f=/proc/net/netstat
	[ "$1" = "$X" ] && f=$xproc/netstat
	# shellcheck disable=SC2016 # awk's fields, not the shell's
	ip netns exec "$1" awk '$1 == "TcpExt:" && !h {
		for (i = 2; i <= NF; i++) c[$i] = i; h = 1; next }
		$1 == "TcpExt:" && h { print $c["TCPTimeouts"], $c["TCPLossUndo"],
			$c["TCPSpuriousRTOs"]; exit }' "$f"
}
# spurious NAME CNS CFAM SNS SFAM SADDR RDEV: the client in CNS sends
# 16 KiB to the listener at SADDR in SNS, pausing after the first 8 KiB
# are acknowledged (tcp-peer -P: until a line on its stdin) while the
# listener's device RDEV starts holding its packets back.  Sets sp (the
# client's TCPSpuriousRTOs delta).
spurious() {
	local name=$1 cns=$2 cfam=$3 sns=$4 sfam=$5 saddr=$6 rdev=$7
	local spid cpid t0 ts to lu h1 h2 to1 lu1 sp1
	port=$((port + 1))
	read -r to lu sp <<<"$(undoc "$cns")"
	timeout 60 ip netns exec "$sns" "$peer" -n 1 -s "$port" \
		listen "$sfam" "$saddr" "$port" sink >"$tmp/srv.$port" 2>&1 &
	spid=$!
	wait_output "$tmp/srv.$port" ready
	t0=$(ms)
	mkfifo "$tmp/go.$port"
	timeout 60 ip netns exec "$cns" "$peer" -s "$port" -P 8192 \
		connect "$cfam" "$saddr" "$port" source 16384 \
		<"$tmp/go.$port" >"$tmp/cli.$port" 2>&1 &
	cpid=$!
	exec 5>"$tmp/go.$port"
	wait_output "$tmp/cli.$port" paused 200
	ts=$(ms)
	spike "$sns" "$rdev" 800 >"$tmp/spike" 2>&1
	ts=$(( $(ms) - ts ))
	echo go >&5
	exec 5>&-
	wait "$cpid"
	wait "$spid"
	read -r to1 lu1 sp1 <<<"$(undoc "$cns")"
	to=$(delta "${to:-NA}" "${to1:-NA}") lu=$(delta "${lu:-NA}" "${lu1:-NA}")
	sp=$(delta "${sp:-NA}" "${sp1:-NA}")
	h1=$(field "$tmp/cli.$port" sha256) h2=$(field "$tmp/srv.$port" sha256)
	expect "$name: 16 KiB intact across an 800 ms ACK delay spike ($(( $(ms) - t0 )) ms, the spike set in $ts ms)" \
		"cli.$port srv.$port spike" \
		test -n "$h1" -a "$h1" = "$h2" -a "$(field "$tmp/srv.$port" bytes)" = 16384
	expect "$name: the sender's RTO fired (TCPTimeouts +$to) and was undone (TCPLossUndo +$lu, TCPSpuriousRTOs +$sp)" \
		"cli.$port" test "$to" != NA -a "$lu" != NA -a "${to/NA/0}" -gt 0 -a "${lu/NA/0}" -gt 0
}
if [ "$xfam" = inet ]; then
	tc -n "$X" qdisc del dev xc root 2>/dev/null
else
	ip netns exec "$X" "$xinet" fault clear dev xc
fi
spurious "xinet client -> Linux listener" "$X" "$xfam" "$L" inet 10.4.0.2 xd
sp_x=$sp
spike "$L" xd 0 >>"$tmp/spike" 2>&1
spurious "Linux client -> xinet listener" "$L" inet "$X" "$xfam" 10.4.0.1 xc
sp_l=$sp
expect "TCPSpuriousRTOs moves as Linux's: xinet sender +$sp_x, Linux sender +$sp_l" "" \
	test "$sp_x" != NA -a "$sp_x" = "$sp_l"

# --- 7. recovery against Linux's, the same transfer with Linux sending
# (one segment per packet, gso_max_segs 1: netem drops packets, and its
# count must be of wire segments as xnet's is)
# lcount NS FILE SECTION FIELD: a counter of Linux's /proc/net/FILE in NS.
lcount() {
	# shellcheck disable=SC2016 # awk's fields, not the shell's
	ip netns exec "$1" awk -v s="$3:" -v f="$4" '
		$1 == s && !h { for (i = 2; i <= NF; i++) col[$i] = i; h = 1; next }
		$1 == s && h { if (f in col) print $col[f]; exit }' "/proc/net/$2"
}
if ip link add va netns "$V" type veth peer name vb netns "$W" >"$tmp/veth" 2>&1 &&
   ip -n "$V" addr add 10.5.0.1/24 dev va >>"$tmp/veth" 2>&1 &&
   ip -n "$W" addr add 10.5.0.2/24 dev vb >>"$tmp/veth" 2>&1 &&
   ip -n "$V" link set va up gso_max_segs 1 >>"$tmp/veth" 2>&1 &&
   ip -n "$W" link set vb up >>"$tmp/veth" 2>&1 &&
   tc -n "$V" qdisc add dev va root netem loss 2% >>"$tmp/veth" 2>&1; then
	ok "veth pair Linux to Linux, one segment per packet, netem loss 2% on the sender's end"
else
	not_ok "veth pair Linux to Linux, one segment per packet, netem loss 2% on the sender's end" "$(cat "$tmp/veth")"
fi
lre0=$(lcount "$V" snmp Tcp RetransSegs)
lsr0=$(lcount "$V" netstat TcpExt TCPSackRecovery)
lto0=$(lcount "$V" netstat TcpExt TCPTimeouts)
xfer "Linux client with SACK, Linux listener, loss 2%" "$sack_mb" up "$W" inet 10.5.0.2 "$V" inet
lre1=$(lcount "$V" snmp Tcp RetransSegs)
lsr1=$(lcount "$V" netstat TcpExt TCPSackRecovery)
lto1=$(lcount "$V" netstat TcpExt TCPTimeouts)
lnd=$(tc -n "$V" -s qdisc show dev va | sed -n 's/.*(dropped \([0-9]*\),.*/\1/p' | head -1)
lrd=$(delta "${lre0:-NA}" "${lre1:-NA}")
lep=$(sumdelta "${lsr0:-NA}:${lto0:-NA}" "${lsr1:-NA}:${lto1:-NA}")
echo "# recovery, $sack_mb MiB with 2% drop on the sender's end:"
echo "#   xinet: $sack_nd dropped, $sack_rd resent, $sack_ep episodes, $sack_ms ms"
echo "#   Linux: ${lnd:-NA} dropped, $lrd resent, $lep episodes, $xfer_ms ms"
# within125 A_NUM A_DEN B_NUM B_DEN: A_NUM/A_DEN <= 1.25 * B_NUM/B_DEN.
within125() { [ $((4 * $1 * $4)) -le $((5 * $3 * $2)) ]; }
if [ "$sack_nd" = NA ] || [ "$sack_rd" = NA ] || [ "$sack_ep" = NA ] ||
   [ -z "$lnd" ] || [ "$lrd" = NA ] || [ "$lep" = NA ]; then
	not_ok "recovery against Linux's: counters missing"
	not_ok "recovery against Linux's: counters missing"
elif [ "$sack_nd" -lt 100 ] || [ "$lnd" -lt 100 ]; then
	ok "segments resent per drop within 1.25 times Linux's # SKIP $sack_nd and $lnd drops: too few for a rate ($sack_mb MiB)"
	ok "recovery episodes per drop within 1.25 times Linux's # SKIP $sack_nd and $lnd drops: too few for a rate ($sack_mb MiB)"
else
	expect "segments resent per drop within 1.25 times Linux's (xinet $sack_rd/$sack_nd, Linux $lrd/$lnd)" "" \
		within125 "$sack_rd" "$sack_nd" "$lrd" "$lnd"
	expect "recovery episodes per drop within 1.25 times Linux's (xinet $sack_ep/$sack_nd, Linux $lep/$lnd)" "" \
		within125 "$sack_ep" "$sack_nd" "$lep" "$lnd"
fi

echo "1..$n"
[ "$failed" = 0 ]
