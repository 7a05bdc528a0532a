#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# recorder_test.sh: issue #17 section 2, the TCP flight recorder.
#
# An xinet <-> xinet xnet pair, the client's end dropping 3% of what it
# sends (seeded).  The listener's namespace enables the recorder with
# net.xinet.tcp_flight_recorder (its accepted socket inherits the ring's
# size); the client's namespace leaves it off and the client enables it
# with XTCP_FLIGHT_RECORDER (helpers/flight-peer checks the option's
# default, range and ENOENT while off).  The client sends 256 KiB to a
# listener that has a small receive buffer and reads nothing for 1.5 s:
# the window closes, the client probes it, then the transfer ends.  Both
# ends keep their sockets open, and `xinet trace` reads each record
# through sock_diag.  Checked: every event class the run provokes is in
# the records (states, RTT samples, cwnd growth and its loss response,
# windows sent and received, zero windows, retransmissions, drops with
# their reason, zero-window probes, the probe timer); the client's
# retransmission events equal its TCP_INFO tcpi_total_retrans and the
# count in the record it reads itself (getsockopt XTCP_FLIGHT_RECORD);
# nothing was overwritten; times never go backwards; the sysctl refuses
# sizes above 1024.  Then xinet plot draws the client's record with a
# capture of the listener's end (see the checks at the end).  A second
# transfer marks CE (5%, seeded) instead of dropping, with ECN on: the
# client's record has the reductions for the ECE echoes (cause "cwr").
# The records and charts are left in $XINET_OUT (recorder_test.client.trace,
# recorder_test.server.trace, recorder_test.plot/).
#
# Needs root, the xinet tool (make tools) and helpers/flight-peer (make
# selftests).  TAP.

set -u
repo=${XINET_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
xinet=$repo/tools/xinet/xinet
peer=$repo/selftests/xinet/out/helpers/flight-peer
tmp=$(mktemp -d)
X=xr-x-$$ C=xr-c-$$
n=0 failed=0 port=7100 bytes=262144
. "$(dirname "$0")/lib.sh"
# make check runs this in its stock kernel's boot (XINET_QUICK unset): its
# forks and waits took 70-90 s under TCG and KASAN for a 3 s transfer;
# KUnit's xinet_tcp_recorder runs the ring, its softirq writer against a
# reader included, under the sanitizers.
stock_boot_only
trap 'cleanup_netns "$X" "$C"' EXIT

if [ ! -x "$peer" ] || [ ! -x "$xinet" ]; then
	echo "1..0 # SKIP no $peer or $xinet (make selftests tools)"
	exit 4
fi

echo "TAP version 13"
for ns in "$X" "$C"; do
	ip netns add "$ns" || { echo "Bail out! cannot create namespaces"; exit 1; }
	ip netns exec "$ns" ip link set lo up
done

# --- the sysctl: off by default, 0..1024
expect "net.xinet.tcp_flight_recorder is 0 by default" "" \
	test "$(inX cat /proc/sys/net/xinet/tcp_flight_recorder)" = 0
if inX sh -c 'echo 1025 > /proc/sys/net/xinet/tcp_flight_recorder' 2>/dev/null; then
	not_ok "net.xinet.tcp_flight_recorder refuses 1025"
else
	ok "net.xinet.tcp_flight_recorder refuses 1025"
fi
inX sh -c 'echo 1024 > /proc/sys/net/xinet/tcp_flight_recorder'

# --- the pair, the client's end lossy
if mkpair "$C" xa "$X" xb >"$tmp/link" 2>&1; then
	ip netns exec "$C" ip link set xa up
	ip netns exec "$X" ip link set xb up
	xaddr "$C" 10.7.0.1/24 xa
	xaddr "$X" 10.7.0.2/24 xb
	ok "xnet pair"
else
	not_ok "xnet pair" "$(cat "$tmp/link")"
fi
expect "seeded drop 3% on the client's end" fault \
	inC "$xinet" fault set dev xa seed 17 drop 3

# --- the transfer; both ends hold their sockets afterwards
# The listener's end of the pair captured, for xinet plot's
# time-sequence graph: what survived the client end's drops.
ip netns exec "$X" tcpdump -i xb -n -s 128 -U -w "$tmp/pair.pcap" \
	"tcp port $port" >/dev/null 2>"$tmp/tcpdump" &
tcpd=$!
wait_output "$tmp/tcpdump" listening
# timeout itself in the background, not inX's subshell: killing it stops
# the peer, which would otherwise hold the runner's output for 60 s.
timeout 60 ip netns exec "$X" "$peer" server 10.7.0.2 "$port" 8192 1500 >"$tmp/srv" 2>&1 &
spid=$!
wait_output "$tmp/srv" ready
timeout 60 ip netns exec "$C" "$peer" client 10.7.0.2 "$port" "$bytes" >"$tmp/cli" 2>&1 &
cpid=$!
for _ in $(seq 300); do
	grep -q '^done\|^error' "$tmp/cli" && grep -q '^done\|^error' "$tmp/srv" && break
	sleep 0.1
done
expect "transfer: $bytes bytes with a closed window and losses" "cli srv" \
	grep -qx "bytes $bytes" "$tmp/srv"
local_ep=$(field "$tmp/cli" local)
total=$(field "$tmp/cli" total_retrans)
read -r _ rec_events rec_recorded rec_retrans < <(grep '^record ' "$tmp/cli")

inC "$xinet" trace src "$local_ep" >"$tmp/ctrace" 2>&1
inX "$xinet" trace dst "$local_ep" >"$tmp/strace" 2>&1
kill "$spid" "$cpid" 2>/dev/null
wait "$spid" "$cpid" 2>/dev/null
expect "xinet trace: the client's record" ctrace \
	grep -q "^# $local_ep 10.7.0.2:$port .* events [1-9]" "$tmp/ctrace"
expect "xinet trace: the listener's accepted socket's record" strace \
	grep -q "^# 10.7.0.2:$port $local_ep .* events [1-9]" "$tmp/strace"

# count FILE EVENT [CAUSE [VALUE-REGEX]]: matching event lines
count() {
	awk -v e="$2" -v c="${3:-}" -v v="${4:-}" '
		/^#/ || $1 == "time_us" { next }
		$2 == e && (c == "" || $3 == c) && (v == "" || $0 ~ v) { k++ }
		END { print k + 0 }' "$1"
}
# has NAME FILE EVENT [CAUSE [VALUE-REGEX]]: a TAP check of count > 0
has() {
	local name=$1 f=$2; shift 2
	local k
	k=$(count "$tmp/$f" "$@")
	if [ "$k" -gt 0 ]; then ok "$name ($k)"
	else not_ok "$name" "no '$*' in $f: $(grep -v '^ ' "$tmp/$f" | head -3 | tr '\n' '|')"; fi
}

# --- the sender's events
has "client: state SYN_SENT" ctrace state SYN_SENT "from=CLOSE"
has "client: state ESTABLISHED" ctrace state ESTABLISHED "from=SYN_SENT"
has "client: state FIN_WAIT1" ctrace state FIN_WAIT1
has "client: state FIN_WAIT2" ctrace state FIN_WAIT2
has "client: RTT samples with srtt, rttvar and rto" ctrace rtt - "srtt=[1-9].*rto=[1-9]"
# Growth needs a cwnd-limited sender, which the small receive buffer
# mostly prevents: any cause will do here, the cuts are checked below.
has "client: cwnd changes with a known cause" ctrace cwnd "" "cwnd=[0-9]+ ssthresh="
expect "client: no cwnd event of an unknown cause" ctrace \
	test "$(count "$tmp/ctrace" cwnd "?")" = 0
has "client: window updates received" ctrace wnd_rcvd
has "client: a zero window received" ctrace wnd_rcvd - "wnd=0 "
has "client: zero-window probes" ctrace probe zero_window
has "client: the zero-window probe timer fired" ctrace timer probe0
retr=$(count "$tmp/ctrace" retrans)
expect "client: retransmission events ($retr) = tcpi_total_retrans (${total:-none}) > 0" "cli ctrace" \
	test -n "$total" -a "$retr" = "$total" -a "$retr" -gt 0
last=$(awk '!/^#/ && $2 == "retrans" { t = $0 } END { sub(/.*total=/, "", t); sub(/ .*/, "", t); print t }' "$tmp/ctrace")
expect "client: the last retransmission's total= (${last:-none}) is tcpi_total_retrans" ctrace \
	test -n "$last" -a "$last" = "${total:-x}"
expect "client: getsockopt's record: the same retransmissions (${rec_retrans:-none})" cli \
	test "${rec_retrans:-x}" = "$total"
expect "client: nothing overwritten (${rec_events:-none} of ${rec_recorded:-none})" cli \
	test -n "${rec_events:-}" -a "${rec_events:-}" = "${rec_recorded:-}"
loss=$(( $(count "$tmp/ctrace" cwnd recovery) + $(count "$tmp/ctrace" cwnd loss) ))
expect "client: cwnd cut for each loss episode: recovery or RTO entries ($loss)" ctrace \
	test "$loss" -gt 0

# --- the receiver's events
has "listener's socket: state ESTABLISHED" strace state ESTABLISHED "from=SYN_RECV"
has "listener's socket: state CLOSE_WAIT" strace state CLOSE_WAIT
has "listener's socket: window updates sent" strace wnd_sent
has "listener's socket: a zero window sent" strace wnd_sent - "wnd=0 "
has "listener's socket: RTT sample of the handshake" strace rtt
drops=$(awk '!/^#/ && $2 == "drop" { print $3 }' "$tmp/strace" | sort | uniq -c | xargs)
has "listener's socket: drops with their reason (${drops:-none})" strace drop "" "seq=.*rcv_nxt="
expect "listener's socket: the probes dropped as out of sequence" strace \
	test "$(( $(count "$tmp/strace" drop TCP_OLD_SEQUENCE) + $(count "$tmp/strace" drop TCP_INVALID_SEQUENCE) ))" -gt 0

# --- times in order, in both records
for f in ctrace strace; do
	# shellcheck disable=SC2016 # awk's fields, not the shell's
	expect "$f: times never go backwards" "$f" awk '
		/^#/ || $1 == "time_us" { next }
		$1 + 0 < last { exit 1 } { last = $1 + 0 }' "$tmp/$f"
done

# --- xinet plot: the client's record and the capture as charts
kill "$tcpd" 2>/dev/null
wait "$tcpd" 2>/dev/null
"$xinet" plot -o "$tmp/plot" "$tmp/ctrace" "$tmp/pair.pcap" >"$tmp/plot.out" 2>&1
rc=$?
expect "xinet plot: exit 0, four charts listed" plot.out \
	test "$rc/$(grep -c '\.png$' "$tmp/plot.out")" = 0/4
for c in tseq cwnd rtt states; do
	expect "xinet plot: $c.png is a non-empty PNG" plot.out \
		sh -c "test -s '$tmp/plot/$c.png' && head -c 4 '$tmp/plot/$c.png' | grep -q PNG"
done
rows() { if [ -f "$tmp/plot/$1" ]; then wc -l <"$tmp/plot/$1"; else echo none; fi; }
expect "xinet plot: retransmission marks ($(rows retrans.dat)) = tcpi_total_retrans (${total:-none})" plot.out \
	test "$(rows retrans.dat)" = "${total:-x}"
expect "xinet plot: a cwnd row per cwnd event ($(rows cwnd.dat) = $(count "$tmp/ctrace" cwnd))" plot.out \
	test "$(rows cwnd.dat)" = "$(count "$tmp/ctrace" cwnd)"
expect "xinet plot: an RTT row per sample ($(rows rtt.dat) = $(count "$tmp/ctrace" rtt))" plot.out \
	test "$(rows rtt.dat)" = "$(count "$tmp/ctrace" rtt)"
# shellcheck disable=SC2016 # awk's fields, not the shell's
top=$(awk '$3 > m { m = $3 } END { print m + 0 }' "$tmp/plot/data.dat" "$tmp/plot/rexmit.dat" 2>/dev/null)
expect "xinet plot: the capture's data reaches the end of the stream ($top > $bytes)" plot.out \
	test "${top:-0}" -gt "$bytes"
expect "xinet plot: retransmissions seen on the wire ($(rows rexmit.dat)), at most tcpi_total_retrans" plot.out \
	test "$(rows rexmit.dat)" -ge 1 -a "$(rows rexmit.dat)" -le "${total:-0}"
expect "xinet plot: ACKs and the receive window edge from the capture" plot.out \
	test "$(rows ack.dat)" -gt 0 -a "$(rows rwnd.dat)" = "$(rows ack.dat)"

# --- ECN: CE marks instead of drops.  The client asks for ECN, the
# listener (tcp_ecn 2) accepts; each CE mark on the client's data comes
# back as ECE and starts a reduction without a loss: cause "cwr".
inC sh -c 'echo 1 > /proc/sys/net/xinet/tcp_ecn'
expect "seeded CE marks, 5% and no drops, on the client's end" fault \
	inC "$xinet" fault set dev xa seed 17 ce 5
port=$((port + 1))
timeout 60 ip netns exec "$X" "$peer" server 10.7.0.2 "$port" 262144 0 >"$tmp/srv2" 2>&1 &
spid=$!
wait_output "$tmp/srv2" ready
timeout 60 ip netns exec "$C" "$peer" client 10.7.0.2 "$port" "$bytes" >"$tmp/cli2" 2>&1 &
cpid=$!
wait_output "$tmp/cli2" '^done\|^error' 300
wait_output "$tmp/srv2" "^bytes" 50
inC "$xinet" fault show dev xa >"$tmp/fault.ce" 2>&1
marks=$(field "$tmp/fault.ce" fault_ce_marked)
expect "ECN transfer: $bytes bytes, ${marks:-no} CE marks" "cli2 srv2 fault.ce" \
	sh -c "grep -q '^done' '$tmp/cli2' && grep -qx 'bytes $bytes' '$tmp/srv2' && [ '${marks:-0}' -gt 0 ]"
inC "$xinet" trace src "$(field "$tmp/cli2" local)" >"$tmp/ectrace" 2>&1
kill "$spid" "$cpid" 2>/dev/null
wait "$spid" "$cpid" 2>/dev/null
has "ECN client: reductions for the ECE echoes" ectrace cwnd cwr
cwr=$(count "$tmp/ectrace" cwnd cwr)
expect "ECN client: at most one reduction per CE mark ($cwr <= ${marks:-0})" ectrace \
	test "$cwr" -le "${marks:-0}"

# The records, for a look after the run.
cp "$tmp/ctrace" "${XINET_OUT:-/tmp}/recorder_test.client.trace" 2>/dev/null
cp "$tmp/strace" "${XINET_OUT:-/tmp}/recorder_test.server.trace" 2>/dev/null
cp -r "$tmp/plot" "${XINET_OUT:-/tmp}/recorder_test.plot" 2>/dev/null
echo "1..$n"
[ "$failed" = 0 ]
