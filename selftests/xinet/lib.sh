# SPDX-License-Identifier: GPL-2.0
#
# lib.sh: helpers the xinet selftest scripts share.  Sourced, never run:
# the runner (scripts/guest/run-tests) runs only *_test.sh.  Each test
# sources it from its own directory once its variables are set:
#
#	. "$(dirname "$0")/lib.sh"
#
# The helpers read the test's variables when they are called, not when
# this file is sourced: $xinet (the xinet tool), $tmp (the test's scratch
# directory), $n and $failed (the TAP counters), $X, $L and $C (the
# namespaces of inX, inL and inC).
#
# shellcheck shell=bash
# The variables above are assigned by the test (SC2154); xfam, xproc and
# xsys are read by the tests only (SC2034).
# shellcheck disable=SC2154,SC2034

# The XINET_TCP_ORACLE family switch.  xfam is the family the xinet side
# runs on, xproc where its /proc/net files are, xsys its sysctls:
# xinet's by default; with XINET_TCP_ORACLE=1, Linux's own stack (veth
# for the xnet pair, AF_INET, /proc/net), a check of the test itself.
if [ "${XINET_TCP_ORACLE:-0}" = 1 ]; then
	xfam=inet xproc=/proc/net xsys=/proc/sys/net/ipv4
else
	xfam=xinet xproc=/proc/net/xinet xsys=/proc/sys/net/xinet
fi

# stock_boot_only: a suite make check runs in its stock kernel's boot
# (XINET_QUICK unset) skips itself in the debug boot, where
# XINET_DEBUG_BOOT_TOO=1 runs it anyway.  Called before anything else.
stock_boot_only() {
	if [ "${XINET_QUICK:-0}" = 1 ] && [ "${XINET_DEBUG_BOOT_TOO:-0}" != 1 ]; then
		echo "1..0 # SKIP in make check's debug boot (XINET_DEBUG_BOOT_TOO=1 runs it here)"
		exit 4
	fi
}

# mkpair NS1 DEV1 NS2 DEV2: an xnet pair (a veth pair for the oracle).
mkpair() {
	if [ "$xfam" = inet ]; then
		ip -n "$1" link add "$2" type veth peer name "$4" netns "$3"
	else
		ip netns exec "$1" "$xinet" link add "$2" peer "$4" netns "$3"
	fi
}

# tx_csum NS DEV on|off: the device's transmit checksum offload, as
# `ethtool -K DEV tx on|off` (ETHTOOL_STXCSUM; off drops TSO/GSO with
# it).  With it off the stack sums every packet itself, so that a capture
# on the device shows real checksums.
tx_csum() {
	ip netns exec "$1" python3 -c '
import ctypes, fcntl, socket, struct, sys
val = ctypes.create_string_buffer(struct.pack("II", 0x17, sys.argv[2] == "on"))
ifr = struct.pack("16sQ16x", sys.argv[1].encode(), ctypes.addressof(val))
fcntl.ioctl(socket.socket(socket.AF_INET, socket.SOCK_DGRAM), 0x8946, ifr)
' "$2" "$3"
}

# linux_pair: the xnet pair between xinet's namespace $X (xa, $XA/24)
# and Linux's $L (xb, $LA/24), both ends up; its creation is a TAP check.
linux_pair() {
	if mkpair "$X" xa "$L" xb >"$tmp/link" 2>&1; then
		ok "xnet pair across namespaces"
	else
		not_ok "xnet pair across namespaces" "$(cat "$tmp/link")"
	fi
	ip netns exec "$X" ip link set xa up
	ip netns exec "$L" ip link set xb up
	xaddr "$X" "$XA/24" xa
	ip netns exec "$L" ip addr add "$LA/24" dev xb
}

# linux_pair_netns: namespaces $X and $L, their loopbacks up, and
# linux_pair between them; a TAP bail-out when they cannot be made.
linux_pair_netns() {
	if ! ip netns add "$X" || ! ip netns add "$L"; then
		echo "Bail out! cannot create namespaces"
		exit 1
	fi
	inX ip link set lo up
	inL ip link set lo up
	linux_pair
}

# xfer SNS SFAM SADDR CNS CFAM [SOPT] [COPT]: the client in CNS sends
# $bytes to a tcp-peer listener at SADDR:$port+1 in SNS, both printing
# TCP_INFO (-I), each with its extra tcp-peer options; output in
# $tmp/srv.$port and $tmp/cli.$port.
xfer() {
	local sns=$1 sfam=$2 saddr=$3 cns=$4 cfam=$5 sopt=${6:-} copt=${7:-}
	local spid
	port=$((port + 1))
	# shellcheck disable=SC2086 # the options split into words
	timeout 60 ip netns exec "$sns" "$peer" -I -n 1 $sopt \
		listen "$sfam" "$saddr" "$port" sink >"$tmp/srv.$port" 2>&1 &
	spid=$!
	wait_output "$tmp/srv.$port" ready
	# shellcheck disable=SC2086
	timeout 60 ip netns exec "$cns" "$peer" -I $copt \
		connect "$cfam" "$saddr" "$port" source "$bytes" >"$tmp/cli.$port" 2>&1
	wait "$spid"
}

# intact: xfer's last transfer arrived whole (SHA-256 and length).
intact() {
	local h1 h2
	h1=$(field "$tmp/cli.$port" sha256) h2=$(field "$tmp/srv.$port" sha256)
	[ -n "$h1" ] && [ "$h1" = "$h2" ] && [ "$(field "$tmp/srv.$port" bytes)" = "$bytes" ]
}

# xaddr NS ADDR/PLEN DEV: xinet's address command (ip's for the oracle).
xaddr() {
	if [ "$xfam" = inet ]; then ip -n "$1" addr add "$2" dev "$3"
	else ip netns exec "$1" "$xinet" addr add "$2" dev "$3"; fi
}

# xroute NS PREFIX/PLEN DEV: xinet's route command (ip's for the oracle).
xroute() {
	if [ "$xfam" = inet ]; then ip -n "$1" route add "$2" dev "$3"
	else ip netns exec "$1" "$xinet" route add "$2" dev "$3"; fi
}

# ok NAME: a passed TAP check.
ok() { n=$((n + 1)); echo "ok $n - $1"; }

# not_ok NAME [DIAG...]: a failed TAP check, each DIAG a "# " line after it.
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }

# expect NAME FILES CMD...: ok if CMD succeeds, else not_ok with the
# tails of FILES (names in $tmp, space-separated) as diagnostics.
expect() {
	local name=$1 files=$2; shift 2
	if "$@"; then
		ok "$name"
	else
		local d=() f
		for f in $files; do d+=("$f: $(tail -6 "$tmp/$f" 2>/dev/null | tr '\n' '|')"); done
		not_ok "$name" "${d[@]}"
	fi
}

# inX, inL, inC CMD...: CMD in namespace $X, $L or $C, bounded by $T
# seconds (default 60), so that a broken part fails its test, not the run.
inX() { timeout "${T:-60}" ip netns exec "$X" "$@"; }
inL() { timeout "${T:-60}" ip netns exec "$L" "$@"; }
inC() { timeout "${T:-60}" ip netns exec "$C" "$@"; }

# cleanup_netns NS...: the EXIT trap's work: stop the test's background
# jobs, delete its namespaces and its $tmp.
cleanup_netns() {
	local ns
	# shellcheck disable=SC2046 # one pid a word, none: nothing to kill
	kill $(jobs -p) 2>/dev/null
	wait 2>/dev/null
	for ns in "$@"; do ip netns del "$ns" 2>/dev/null; done
	rm -rf "$tmp"
}

# wait_output FILE WORD [TENTHS]: waits until WORD appears in FILE (a
# background peer saying "ready", tcpdump saying "listening on"), polling
# every 0.1 s for at most TENTHS tenths of a second (default 100); 1 if
# it never did.  A fixed sleep instead loses the race on a loaded machine.
wait_output() {
	local _
	for _ in $(seq "${3:-100}"); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# ms: the time in milliseconds (for durations).
ms() { echo $(( $(date +%s%N) / 1000000 )); }

# mib NS [FILE] SECTION FIELD: one counter of $xproc/FILE (default snmp,
# /proc/net/xinet/snmp for xinet) in NS, "NA" when it is missing.
mib() {
	local ns=$1 file=snmp v
	shift
	if [ $# = 3 ]; then file=$1; shift; fi
	# shellcheck disable=SC2016 # awk's fields, not the shell's
	v=$(ip netns exec "$ns" awk -v s="$1:" -v f="$2" '
		$1 == s && !h { for (i = 2; i <= NF; i++) col[$i] = i; h = 1; next }
		$1 == s && h { if (f in col) print $col[f]; exit }' "$xproc/$file" 2>/dev/null)
	echo "${v:-NA}"
}

# delta BEFORE AFTER: AFTER - BEFORE, or NA when either is missing.
delta() { case "$1$2" in *NA*) echo NA ;; *) echo $(($2 - $1)) ;; esac; }

# field FILE WORD: the word after WORD on the first line that has it.
field() { awk -v w="$2" '{ for (i = 1; i < NF; i++) if ($i == w) { print $(i + 1); exit } }' "$1" 2>/dev/null; }
