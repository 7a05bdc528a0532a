#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# xnet_fault_test: fault injection on an xnet pair (`xinet fault ...`).
#
#   ns "X" (xinet)  xa 10.7.0.1/24  <== xnet pair ==>  xb 10.7.0.2/24  ns "L" (Linux)
#
# Faults set on a device apply to what it sends: on xa to xinet -> Linux,
# on xb to Linux -> xinet.  Numbered UDP datagrams (helpers/udp-seq) and
# ping show: drop 100% loses everything and counts it; drop 30% with a
# seed loses the same datagrams on two runs, and other ones with another
# seed; duplicate 100% delivers each twice; corrupt 100% delivers nothing
# and the receiver (Linux, then xinet) counts checksum errors; reorder
# changes the order and loses nothing; a 100 ms delay shows in ping's
# RTT; clear restores delivery and keeps the counters; bad input is
# refused with a message and changes nothing; devices and namespaces
# deleted while packets are delayed leak nothing (make check runs
# kmemleak after the tests).
#
# TAP output; needs root, xinet loaded, tools/ and selftests/ built.

set -u
repo=${XINET_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}

# make check runs this in its stock kernel's boot (XINET_QUICK unset):
# its dozen UDP runs and pings cost 190 s under TCG and KASAN, most of it
# process starts; the debug boot sees every fault kind under the
# sanitizers in tcp_integrity_test's faulty pair, and the deletions that
# follow it under kmemleak.
. "$(dirname "$0")/lib.sh"
stock_boot_only
xinet=$repo/tools/xinet/xinet
useq=$repo/selftests/xinet/out/helpers/udp-seq
tmp=$(mktemp -d)
X=xf-x-$$ L=xf-l-$$ C=xf-c-$$
n=0 failed=0 port=7000

# result NAME DIAG...: ok when $rc is 0.  Callers set rc=$? first: the
# command substitutions in the arguments would overwrite $?.
result() { local name=$1; shift; if [ "$rc" = 0 ]; then ok "$name"; else not_ok "$name" "$@"; fi; }
trap 'cleanup_netns "$X" "$L" "$C"' EXIT

# fset NS ARGS...: `xinet fault ARGS` in NS; a failure is reported.
fset() {
	local ns=$1
	shift
	timeout 60 ip netns exec "$ns" "$xinet" fault "$@" >"$tmp/fset" 2>&1 && return 0
	echo "# xinet fault $*: $(cat "$tmp/fset")"
	return 1
}

# fault NS DEV NAME: one value of `xinet fault show`.
fault() {
	ip netns exec "$1" "$xinet" fault show dev "$2" | awk -v k="$3" '$1 == k { print $2 }'
}

# xfer FROM N [GAP_US] [SETTLE_S]: N numbered datagrams from FROM ("X":
# xinet -> Linux, "L": Linux -> xinet); the numbers received, in arrival
# order, end up in $tmp/rx.  The receiver runs until SETTLE_S (default 1)
# after the sender is done: a slow guest must not end it early.
xfer() {
	local from=$1 cnt=$2 gap=${3:-0} settle=${4:-1} rns sfam rfam dst pid
	port=$((port + 1))
	if [ "$from" = X ]; then
		rns=$L sfam=xinet rfam=inet dst=10.7.0.2
	else
		rns=$X sfam=inet rfam=xinet dst=10.7.0.1
	fi
	: >"$tmp/rx.err"
	timeout 300 ip netns exec "$rns" "$useq" recv "$rfam" "$dst" "$port" 300000 \
		>"$tmp/rx" 2>"$tmp/rx.err" &
	pid=$!
	for _ in $(seq 300); do
		grep -q ready "$tmp/rx.err" && break
		sleep 0.1
	done
	if [ "$from" = X ]; then
		inX "$useq" send "$sfam" "$dst" "$port" "$cnt" "$gap" >"$tmp/tx" 2>&1
	else
		inL "$useq" send "$sfam" "$dst" "$port" "$cnt" "$gap" >"$tmp/tx" 2>&1
	fi
	sleep "$settle"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}
received() { wc -l <"$tmp/rx"; }
unique() { sort -n "$tmp/rx" | uniq | wc -l; }
# Arrival-order inversions: a number below the one before it.
inversions() { awk 'NR > 1 && $1 < prev { c++ } { prev = $1 } END { print c + 0 }' "$tmp/rx"; }
# snmp FILE SECTION FIELD: a counter of an snmp file (read in the caller's ns).
snmp() {
	awk -v s="$2:" -v f="$3" '
		$1 == s && !h { for (i = 2; i <= NF; i++) col[$i] = i; h = 1; next }
		$1 == s && h { print $col[f]; exit }' "$1"
}

echo "TAP version 13"
echo "1..28"

if ! ip netns add "$X" || ! ip netns add "$L"; then
	echo "Bail out! cannot create namespaces"
	exit 1
fi
# Nothing but the tests' packets may cross the pair, or the PRNG sees
# another sequence: no IPv6 (router solicitations, MLD).
for ns in "$X" "$L"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 2>/dev/null
	ip netns exec "$ns" ip link set lo up
done
inX "$xinet" link add xa peer xb netns "$L"
rc=$?
result "xnet pair across namespaces"
inX ip link set xa up
inL ip link set xb up
inX "$xinet" addr add 10.7.0.1/24 dev xa
inL ip addr add 10.7.0.2/24 dev xb

# 1. The tool's view before any fault: every name, all zero.
inX "$xinet" fault show dev xa >"$tmp/show" 2>&1
want="seed drop duplicate reorder corrupt ce delay jitter fault_dropped fault_duplicated fault_reordered fault_corrupted fault_delayed fault_ce_marked"
[ "$(awk '{ print $1 }' "$tmp/show" | xargs)" = "$want" ] &&
	[ "$(awk '{ print $2 }' "$tmp/show" | sort -u | xargs)" = 0 ]
rc=$?
result "fault show: every name, all zero at first" "$(cat "$tmp/show")"

# 2. Baseline: everything arrives, in order.
xfer X 200
[ "$(received)" = 200 ] && [ "$(unique)" = 200 ] && [ "$(inversions)" = 0 ]
rc=$?
result "no fault: 200 of 200 datagrams, in order" "received $(received), inversions $(inversions)"

# 3. drop 100%.
d0=$(fault "$X" xa fault_dropped)
fset "$X" set dev xa drop 100
xfer X 100 0 1
d1=$(fault "$X" xa fault_dropped)
[ "$(received)" = 0 ] && [ $((d1 - d0)) = 100 ]
rc=$?
result "drop 100%: nothing arrives, fault_dropped counts 100" "received $(received), fault_dropped +$((d1 - d0))"

# 4. drop 30% with a seed, twice, then with another seed.
run_drop() {	# SEED: received list in $tmp/drop.SEED.RUN, counter check
	local d0 d1
	fset "$X" set dev xa seed "$1" drop 30
	d0=$(fault "$X" xa fault_dropped)
	xfer X 300
	d1=$(fault "$X" xa fault_dropped)
	cp "$tmp/rx" "$tmp/drop.$1.$2"
	echo "$((d1 - d0))" >"$tmp/dropcnt.$1.$2"
}
run_drop 42 1
run_drop 42 2
run_drop 43 1
r1=$(wc -l <"$tmp/drop.42.1") r2=$(wc -l <"$tmp/drop.42.2") r3=$(wc -l <"$tmp/drop.43.1")
c1=$(cat "$tmp/dropcnt.42.1") c2=$(cat "$tmp/dropcnt.42.2")
[ "$r1" -ge 150 ] && [ "$r1" -le 255 ]
rc=$?
result "drop 30%: $r1 of 300 arrive (expected about 210)" "received $r1" \
	"sender: $(cat "$tmp/tx")" "receiver: $(cat "$tmp/rx.err")" \
	"$(inX "$xinet" fault show dev xa | xargs)"
cmp -s "$tmp/drop.42.1" "$tmp/drop.42.2"
rc=$?
result "drop 30% seed 42 twice: the same $r1 datagrams arrive" "run 1: $r1, run 2: $r2" \
	"$(diff "$tmp/drop.42.1" "$tmp/drop.42.2" | head -5)"
[ "$c1" = $((300 - r1)) ] && [ "$c2" = $((300 - r2)) ]
rc=$?
result "drop 30%: fault_dropped = 300 - received" "counted $c1, $c2; received $r1, $r2"
! cmp -s "$tmp/drop.42.1" "$tmp/drop.43.1"
rc=$?
result "drop 30% seed 43: other datagrams than seed 42 ($r3 arrive)" "seed 43 gave the same list"

# 5. duplicate 100%.
u0=$(fault "$X" xa fault_duplicated)
fset "$X" set dev xa duplicate 100
xfer X 100
u1=$(fault "$X" xa fault_duplicated)
[ "$(received)" = 200 ] && [ "$(unique)" = 100 ] &&
	[ "$(sort -n "$tmp/rx" | uniq -c | awk '$1 != 2' | wc -l)" = 0 ] && [ $((u1 - u0)) = 100 ]
rc=$?
result "duplicate 100%: each of 100 datagrams arrives twice, fault_duplicated +100" \
	"received $(received), unique $(unique), fault_duplicated +$((u1 - u0))"

# 6. corrupt 100%, xinet -> Linux: Linux counts checksum errors.
k0=$(fault "$X" xa fault_corrupted)
e0=$(inL cat /proc/net/snmp >"$tmp/s0"; snmp "$tmp/s0" Udp InCsumErrors)
i0=$(snmp "$tmp/s0" Udp InErrors)
fset "$X" set dev xa corrupt 100
xfer X 100 0 1
k1=$(fault "$X" xa fault_corrupted)
inL cat /proc/net/snmp >"$tmp/s1"
e1=$(snmp "$tmp/s1" Udp InCsumErrors) i1=$(snmp "$tmp/s1" Udp InErrors)
[ "$(received)" = 0 ] && [ $((k1 - k0)) = 100 ]
rc=$?
result "corrupt 100% xinet -> Linux: nothing delivered, fault_corrupted +100" \
	"received $(received), fault_corrupted +$((k1 - k0))"
# A flip in the UDP length can make a short packet (InErrors only);
# every other flip is a checksum error.
[ $((i1 - i0)) = 100 ] && [ $((e1 - e0)) -ge 80 ]
rc=$?
result "corrupt 100%: Linux counts InErrors +100, InCsumErrors +$((e1 - e0))" \
	"InErrors +$((i1 - i0)), InCsumErrors +$((e1 - e0))"
fset "$X" clear dev xa

# 7. corrupt 100%, Linux -> xinet: xinet counts checksum errors.
k0=$(fault "$L" xb fault_corrupted)
inX cat /proc/net/xinet/snmp >"$tmp/s0"
e0=$(snmp "$tmp/s0" Udp InCsumErrors) i0=$(snmp "$tmp/s0" Udp InErrors)
fset "$L" set dev xb seed 5 corrupt 100
xfer L 100 0 1
k1=$(fault "$L" xb fault_corrupted)
inX cat /proc/net/xinet/snmp >"$tmp/s1"
e1=$(snmp "$tmp/s1" Udp InCsumErrors) i1=$(snmp "$tmp/s1" Udp InErrors)
[ "$(received)" = 0 ] && [ $((k1 - k0)) = 100 ] && [ $((i1 - i0)) = 100 ] && [ $((e1 - e0)) -ge 80 ]
rc=$?
result "corrupt 100% Linux -> xinet: nothing delivered, xinet InErrors +100, InCsumErrors +$((e1 - e0))" \
	"received $(received), fault_corrupted +$((k1 - k0)), InErrors +$((i1 - i0)), InCsumErrors +$((e1 - e0))"
fset "$L" clear dev xb

# 8. reorder 30%: the order changes, nothing is lost.
o0=$(fault "$X" xa fault_reordered)
fset "$X" set dev xa seed 7 reorder 30
xfer X 200
o1=$(fault "$X" xa fault_reordered)
[ "$(received)" = 200 ] && [ "$(unique)" = 200 ] && [ "$(inversions)" -gt 0 ] &&
	[ $((o1 - o0)) -gt 0 ]
rc=$?
result "reorder 30%: 200 of 200 arrive, $(inversions) out of order, fault_reordered +$((o1 - o0))" \
	"received $(received), unique $(unique), inversions $(inversions)" \
	"sender: $(cat "$tmp/tx")" "$(inX "$xinet" fault show dev xa | xargs)"
# A held packet with none after it still goes (the reorder timer).
fset "$X" set dev xa seed 7 reorder 100
xfer X 1 0 2
[ "$(received)" = 1 ]
rc=$?
result "reorder 100%: a lone held datagram still arrives" "received $(received)"

# 9. delay: ping's RTT, Linux -> xinet delayed by 100 ms.
fset "$X" clear dev xa
l0=$(fault "$L" xb fault_delayed)
fset "$L" set dev xb delay 100
inL ping -c 3 -i 0.3 -W 3 10.7.0.1 >"$tmp/ping" 2>&1
l1=$(fault "$L" xb fault_delayed)
min=$(sed -n 's|.*= \([0-9.]*\)/\([0-9.]*\)/\([0-9.]*\)/.*|\1|p' "$tmp/ping")
grep -q " 0% packet loss" "$tmp/ping" && [ -n "$min" ] &&
	awk -v m="$min" 'BEGIN { exit !(m >= 100 && m < 1000) }' && [ $((l1 - l0)) = 3 ]
rc=$?
result "delay 100 ms: ping min RTT $min ms >= 100, fault_delayed +3" \
	"$(tail -2 "$tmp/ping")" "fault_delayed +$((l1 - l0))"
# With jitter, RTTs spread within delay +- jitter (plus the guest's own).
fset "$L" set dev xb seed 3 delay 100 jitter 50
inL ping -c 5 -i 0.2 -W 3 10.7.0.1 >"$tmp/ping" 2>&1
rtts=$(sed -n 's/.*time=\([0-9.]*\) ms/\1/p' "$tmp/ping" | xargs)
echo "$rtts" | awk '{ if (NF != 5) exit 1; for (i = 1; i <= NF; i++) if ($i < 50 || $i > 1000) exit 1;
	for (i = 2; i <= NF; i++) if ($i != $1) d = 1; exit !d }'
rc=$?
result "delay 100 ms jitter 50 ms: 5 RTTs in [50, 1000) ms, not all equal ($rtts)" "$(cat "$tmp/ping")"

# 10. clear: normal delivery, counters kept.
fset "$L" clear dev xb
fset "$X" set dev xa seed 9 drop 50
fset "$X" clear dev xa
inX "$xinet" fault show dev xa >"$tmp/show"
xfer X 100
[ "$(received)" = 100 ] && [ "$(inversions)" = 0 ]
rc=$?
result "clear: 100 of 100 arrive in order" "received $(received), inversions $(inversions)"
awk '$1 ~ /^fault_/ { next } $2 != 0 { bad = 1 } END { exit bad }' "$tmp/show" &&
	[ "$(awk '$1 == "fault_dropped" { print $2 }' "$tmp/show")" -gt 0 ]
rc=$?
result "clear: configuration all zero, counters kept" "$(cat "$tmp/show")"
inL ping -c 2 -i 0.3 -W 2 10.7.0.1 >"$tmp/ping" 2>&1
min=$(sed -n 's|.*= \([0-9.]*\)/.*|\1|p' "$tmp/ping")
[ -n "$min" ] && awk -v m="$min" 'BEGIN { exit !(m < 100) }'
rc=$?
result "clear: ping RTT back under 100 ms ($min ms)" "$(tail -2 "$tmp/ping")"

# 11. Bad input: refused with a message, the configuration unchanged.
fset "$X" set dev xa seed 11 drop 10 delay 1
inX "$xinet" fault show dev xa >"$tmp/before"
bad() {	# NAME STATUS PATTERN ARGS...
	local name=$1 want=$2 pat=$3 st
	shift 3
	inX "$xinet" fault "$@" >"$tmp/bad" 2>&1
	st=$?
	inX "$xinet" fault show dev xa >"$tmp/after"
	[ $st = "$want" ] && grep -q -- "$pat" "$tmp/bad" && cmp -s "$tmp/before" "$tmp/after"
	rc=$?
	result "$name" "exit $st (want $want): $(cat "$tmp/bad")" "$(diff "$tmp/before" "$tmp/after")"
}
bad "unknown device: exit 1, \"Cannot find device\"" 1 "Cannot find device" set dev nosuch drop 5
bad "drop 150%: EINVAL \"Probability above\"" 1 "Probability above.*Invalid argument" set dev xa drop 150
bad "delay 20 s: EINVAL \"above 10 s\"" 1 "above 10 s.*Invalid argument" set dev xa delay 20000
bad "non-xnet device (lo): ENODEV \"Not an xnet device\"" 1 "Not an xnet device.*No such device" set dev lo drop 5
bad "show on lo: ENODEV" 1 "Not an xnet device" show dev lo
bad "drop abc: usage error" 1 "invalid drop" set dev xa drop abc
bad "unknown knob: usage, exit 2" 2 "Usage" set dev xa lose 5

# 12. Packets delayed when their device goes: freed, nothing left behind.
fset "$X" set dev xa delay 10000
xfer X 50 0 0.2
dl=$(fault "$X" xa fault_delayed)
inX ip link del xa
st=$?
[ "$(received)" = 0 ] && [ $st = 0 ] && [ "$dl" -ge 50 ] && ! inL ip link show xb >/dev/null 2>&1
rc=$?
result "pair deleted with 50 datagrams delayed 10 s: both ends gone" \
	"received $(received), del exit $st, fault_delayed $dl"
ip netns add "$C"
inC "$xinet" link add xc0 peer xc1 && inC ip link set xc0 up && inC ip link set xc1 up &&
	inC "$xinet" addr add 10.8.0.1/24 dev xc0 && inC ip addr add 10.8.0.2/24 dev xc1 &&
	inC "$xinet" fault set dev xc0 delay 10000 reorder 50 duplicate 50 &&
	inC "$useq" send xinet 10.8.0.2 9 50 >/dev/null &&
	[ "$(inC "$xinet" fault show dev xc0 | awk '$1 == "fault_delayed" { print $2 }')" -ge 50 ] &&
	ip netns del "$C"
rc=$?
result "namespace deleted with packets delayed and held: no crash"

[ "$failed" = 0 ]
