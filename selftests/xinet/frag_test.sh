#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# frag_test: IPv4 fragmentation and reassembly, AF_XINET beside AF_INET.
#
#   ns "X": xinet's xlo and Linux's lo, both at MTU 1500, and
#           xa 10.1.0.1/24 (xinet)  <== xnet pair ==>  xb 10.1.0.2/24 (Linux) in ns "L"
#
# 1. Loopback, side by side: UDP datagrams of 1,473 to 65,507 bytes to an
#    echo server of each family on 127.0.0.1 come back equal, and
#    xinet's Ip counters (FragOKs, FragCreates, ReasmReqds, ReasmOKs,
#    ReasmFails) move as Linux's do for the same datagrams.
# 2. Across the pair, both ways: Linux's fragments reassembled by xinet,
#    xinet's by Linux; each side's counters move as the other's; the
#    capture decodes, and xinet's fragments have Linux's offsets,
#    lengths and flags.
# 3. A fragment flood from Linux fills ipfrag_high_thresh: what does not
#    fit is refused (ReasmFails), memory stays bounded, the queues expire
#    after ipfrag_time (ReasmTimeout, ICMP time exceeded to the sender),
#    and datagrams are reassembled again.
#
# TAP output; needs root, xinet loaded, tools/ and selftests/ built.

set -u
repo=${XINET_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}

# make check runs this in its stock kernel's boot (XINET_QUICK unset):
# datagrams up to 65,507 bytes both ways take 119 s under TCG and KASAN; KUnit and the fuzzer cover reassembly there.
. "$(dirname "$0")/lib.sh"
stock_boot_only
xinet=$repo/tools/xinet/xinet
peer=$repo/selftests/xinet/out/helpers/udp-peer
tmp=$(mktemp -d)
X=xi-fx-$$ L=xi-fl-$$
n=0 failed=0
sizes="1473 1480 1481 2953 9000 32768 65507"
fields="FragOKs FragCreates ReasmReqds ReasmOKs ReasmFails"

# shellcheck disable=SC2317 # the EXIT trap runs it
cleanup() {
	[ -n "${tdpid:-}" ] && kill "$tdpid" 2>/dev/null
	jobs -p | xargs -r kill 2>/dev/null
	cleanup_netns "$X" "$L"
}
trap cleanup EXIT

# snap NS OUT FILE...: the FILEs of namespace NS, concatenated into OUT
# in one "ip netns exec" (each costs a second or more in the TCG guest).
snap() {
	local ns=$1 out=$2
	shift 2
	ip netns exec "$ns" cat "$@" >"$out"
}

# ipvals FILE: the Ip fields of $fields in a snapshot, one line.
ipvals() {
	# shellcheck disable=SC2016 # awk's fields, not the shell's
	awk -v want="$fields" '
		$1 == "Ip:" && !h { for (i = 2; i <= NF; i++) idx[$i] = i; h = 1; next }
		$1 == "Ip:" && h {
			n = split(want, w, " ")
			for (i = 1; i <= n; i++) printf "%s%s", (i > 1 ? " " : ""), $idx[w[i]]
			print ""; exit
		}' "$1"
}

# delta BEFORE AFTER: "Name=+d ..." for the fields of $fields.
delta() {
	local -a a b f
	read -r -a a <<<"$1"
	read -r -a b <<<"$2"
	read -r -a f <<<"$fields"
	local i out=
	for i in "${!f[@]}"; do
		out="$out ${f[$i]}=+$((b[i] - a[i]))"
	done
	echo "${out# }"
}

# val FILE SECTION NAME: one counter of a snapshot.
val() {
	# shellcheck disable=SC2016 # awk's fields, not the shell's
	awk -v s="$2:" -v f="$3" '
		$1 == s && !h { for (i = 2; i <= NF; i++) idx[$i] = i; h = 1; next }
		$1 == s && h { print $idx[f]; exit }' "$1"
}

start_echo() {	# ns family addr port
	local ns=$1; shift
	timeout 300 ip netns exec "$ns" "$peer" echo "$@" >"$tmp/echo.$3" 2>&1 &
	wait_output "$tmp/echo.$3" ready 50 && return 0
	cat "$tmp/echo.$3"
	return 1
}

echo "TAP version 13"
echo "1..11"

if ! ip netns add "$X" || ! ip netns add "$L"; then
	echo "Bail out! cannot create namespaces"
	exit 1
fi
inX sh -c "ip link set lo up mtu 1500 && ip link set xlo mtu 1500 &&
	$xinet link add xa peer xb netns $L && ip link set xa up &&
	$xinet addr add 10.1.0.1/24 dev xa" || echo "# setup of $X failed"
inL sh -c "ip link set lo up && ip link set xb up && ip addr add 10.1.0.2/24 dev xb" ||
	echo "# setup of $L failed"

# --- 1. loopback, each family on its own, MTU 1500
start_echo "$X" inet 127.0.0.1 6001 || true
start_echo "$X" xinet 127.0.0.1 6002 || true
snap "$X" "$tmp/li0" /proc/net/snmp
# shellcheck disable=SC2086 # $sizes is a list
out_i=$(inX "$peer" sweep inet 127.0.0.1 6001 $sizes)
snap "$X" "$tmp/li1" /proc/net/snmp
snap "$X" "$tmp/lx0" /proc/net/xinet/snmp
# shellcheck disable=SC2086
out_x=$(inX "$peer" sweep xinet 127.0.0.1 6002 $sizes)
snap "$X" "$tmp/lx1" /proc/net/xinet/snmp
if [ "$out_i" = "sweep: ok" ] && [ "$out_x" = "sweep: ok" ]; then
	ok "loopback: 1,473 to 65,507 bytes echoed equal, both families"
else
	not_ok "loopback: 1,473 to 65,507 bytes echoed equal, both families" \
		"AF_INET: $out_i" "AF_XINET: $out_x"
fi
di=$(delta "$(ipvals "$tmp/li0")" "$(ipvals "$tmp/li1")")
dx=$(delta "$(ipvals "$tmp/lx0")" "$(ipvals "$tmp/lx1")")
if [ "$di" = "$dx" ] && [ "${di#FragOKs=+0}" = "$di" ]; then
	ok "loopback: counters move as Linux's ($dx)"
else
	not_ok "loopback: counters move as Linux's" "AF_INET:  $di" "AF_XINET: $dx"
fi

# --- 2. across the pair, both ways
inL tcpdump -i xb -n -U -s 0 -w "$tmp/pair.pcap" >/dev/null 2>"$tmp/tcpdump.err" &
tdpid=$!
wait_output "$tmp/tcpdump.err" "listening on"
start_echo "$X" xinet 10.1.0.1 5701 || true
start_echo "$L" inet 10.1.0.2 5702 || true
snap "$X" "$tmp/px0" /proc/net/xinet/snmp
snap "$L" "$tmp/pl0" /proc/net/snmp
# shellcheck disable=SC2086
out=$(inL "$peer" sweep inet 10.1.0.1 5701 $sizes)
if [ "$out" = "sweep: ok" ]; then
	ok "Linux -> xinet: reassembled by xinet, echoed, reassembled by Linux"
else
	not_ok "Linux -> xinet: reassembled by xinet, echoed, reassembled by Linux" "$out"
fi
# shellcheck disable=SC2086
out=$(inX "$peer" sweep xinet 10.1.0.2 5702 $sizes)
if [ "$out" = "sweep: ok" ]; then
	ok "xinet -> Linux: reassembled by Linux, echoed, reassembled by xinet"
else
	not_ok "xinet -> Linux: reassembled by Linux, echoed, reassembled by xinet" "$out"
fi
snap "$X" "$tmp/px1" /proc/net/xinet/snmp
snap "$L" "$tmp/pl1" /proc/net/snmp
dx=$(delta "$(ipvals "$tmp/px0")" "$(ipvals "$tmp/px1")")
dl=$(delta "$(ipvals "$tmp/pl0")" "$(ipvals "$tmp/pl1")")
if [ "$dx" = "$dl" ] && [ "${dx#FragOKs=+0}" = "$dx" ]; then
	ok "pair: xinet's counters move as Linux's ($dx)"
else
	not_ok "pair: xinet's counters move as Linux's" "Linux: $dl" "xinet: $dx"
fi

sleep 0.5
kill -INT "$tdpid" 2>/dev/null
wait "$tdpid" 2>/dev/null
tdpid=
tcpdump -r "$tmp/pair.pcap" -n -v >"$tmp/decoded" 2>&1
bad=$(grep -iE "bad (udp |ip )?cksum|truncated|malformed" "$tmp/decoded" | head -3)
nfrag=$(grep -c "offset [1-9]" "$tmp/decoded")
if [ -z "$bad" ] && [ "$nfrag" -gt 0 ]; then
	ok "capture: $nfrag non-first fragments decode, checksums good"
else
	not_ok "capture: fragments decode, checksums good" "bad: ${bad:-none}" \
		"$nfrag non-first fragments"
fi
# Each side sent every size twice (its sweep, the other's echo): the
# fragments' (offset, flags, length) must be the same multiset.
# shellcheck disable=SC2016 # awk's fields, not the shell's
awk '
	/^[0-9].* IP \(/ {
		off = ""; fl = ""; len = ""
		if (match($0, /offset [0-9]+/)) off = substr($0, RSTART + 7, RLENGTH - 7)
		if (match($0, /flags \[[^]]*\]/)) fl = substr($0, RSTART, RLENGTH)
		if (match($0, /length [0-9]+\)/)) len = substr($0, RSTART + 7, RLENGTH - 8)
		hdr = off " " fl " " len; next
	}
	hdr != "" && /^ +10\.1\.0\.[12]/ {
		split($1, a, "."); src = a[4]
		if (hdr ~ /\[\+\]/ || hdr !~ /^0 /) print src, hdr
		hdr = ""
	}' "$tmp/decoded" >"$tmp/frags"
grep '^1 ' "$tmp/frags" | cut -d' ' -f2- | sort >"$tmp/frags.x"
grep '^2 ' "$tmp/frags" | cut -d' ' -f2- | sort >"$tmp/frags.l"
if [ -s "$tmp/frags.x" ] && cmp -s "$tmp/frags.x" "$tmp/frags.l"; then
	ok "xinet's fragments: Linux's offsets, flags and lengths ($(wc -l <"$tmp/frags.x") fragments)"
else
	not_ok "xinet's fragments: Linux's offsets, flags and lengths" \
		"$(diff "$tmp/frags.x" "$tmp/frags.l" | head -8)"
fi

# --- 3. a flood of first fragments that are never completed
inX sh -c "echo 100000 >/proc/sys/net/xinet/ipfrag_low_thresh &&
	echo 200000 >/proc/sys/net/xinet/ipfrag_high_thresh &&
	echo 8 >/proc/sys/net/xinet/ipfrag_time && cat /proc/net/xinet/snmp" >"$tmp/f0"
snap "$L" "$tmp/fl0" /proc/net/snmp
flood=300
inL python3 - xb "$flood" <<'EOF'
import socket, struct, sys
dev, count = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x0800))
s.bind((dev, 0x0800))
payload = bytes(1000)
for i in range(count):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), 0x1000 + i,
                    0x2000, 64, 17, 0, bytes([10, 1, 0, 2]),
                    bytes([10, 1, 0, 1]))
    c = sum(struct.unpack('!10H', h))
    c = (c & 0xffff) + (c >> 16)
    c = (c & 0xffff) + (c >> 16)
    h = h[:10] + struct.pack('!H', ~c & 0xffff) + h[12:]
    s.sendto(h + payload, (dev, 0x0800))
EOF
snap "$X" "$tmp/f1" /proc/net/xinet/snmp /proc/net/xinet/sockstat
read -r _ _ inuse _ mem <<<"$(grep FRAG: "$tmp/f1")"
# ReasmFails counts the refused fragments and any queue that expired
# already (a slow guest): ReasmTimeout tells those apart.
refused=$(($(val "$tmp/f1" Ip ReasmFails) - $(val "$tmp/f0" Ip ReasmFails) -
	   $(val "$tmp/f1" Ip ReasmTimeout) + $(val "$tmp/f0" Ip ReasmTimeout)))
reqds=$(($(val "$tmp/f1" Ip ReasmReqds) - $(val "$tmp/f0" Ip ReasmReqds)))
created=$((reqds - refused))
# Above the threshold by at most the fragment that crossed it.
if [ "$reqds" -eq "$flood" ] && [ "$inuse" -gt 0 ] && [ "$refused" -gt 0 ] &&
   [ "$mem" -le 210000 ]; then
	ok "flood: $created queues ($inuse held, $mem bytes), $refused refused (ReasmFails)"
else
	not_ok "flood: bounded by ipfrag_high_thresh" \
		"ReasmReqds +$reqds, queues $inuse, memory $mem, refused $refused"
fi
# ipfrag_time (8 s) after the flood every queue is gone.
for _ in $(seq 20); do
	sleep 1
	snap "$X" "$tmp/f2" /proc/net/xinet/snmp /proc/net/xinet/sockstat
	read -r _ _ inuse2 _ mem2 <<<"$(grep FRAG: "$tmp/f2")"
	[ "$inuse2" -eq 0 ] && break
done
snap "$L" "$tmp/fl2" /proc/net/snmp
tmo=$(($(val "$tmp/f2" Ip ReasmTimeout) - $(val "$tmp/f0" Ip ReasmTimeout)))
te=$(($(val "$tmp/fl2" Icmp InTimeExcds) - $(val "$tmp/fl0" Icmp InTimeExcds)))
if [ "$inuse2" -eq 0 ] && [ "$mem2" -eq 0 ] && [ "$tmo" -eq "$created" ] &&
   [ "$te" -ge 1 ]; then
	ok "flood: expired after ipfrag_time (ReasmTimeout +$tmo, $te ICMP time exceeded at Linux)"
else
	not_ok "flood: expired after ipfrag_time" \
		"queues $inuse2, memory $mem2, ReasmTimeout +$tmo of $created, Linux InTimeExcds +$te"
fi
out=$(inL "$peer" sweep inet 10.1.0.1 5701 9000 65507)
if [ "$out" = "sweep: ok" ]; then
	ok "flood: reassembly recovers"
else
	not_ok "flood: reassembly recovers" "$out"
fi
# The sysctls keep Linux's bounds: high may not go below low.
if ! echo 50000 | inX tee /proc/sys/net/xinet/ipfrag_high_thresh >/dev/null 2>&1 &&
   [ "$(inX cat /proc/sys/net/xinet/ipfrag_high_thresh)" = 200000 ]; then
	ok "ipfrag_high_thresh may not go below ipfrag_low_thresh"
else
	not_ok "ipfrag_high_thresh may not go below ipfrag_low_thresh"
fi

[ "$failed" = 0 ]
