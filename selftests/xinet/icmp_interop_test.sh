#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# icmp_interop_test: xinet's IPv4 and ICMP against Linux's own stack, over
# an xnet pair between two namespaces (TAP output).
#
#   xi_ns1: xi_a, 10.1.0.1/24 as an xinet address
#   xi_ns2: xi_b, 10.1.0.2/24 as a Linux (AF_INET) address
#
# Linux pings xinet and gets answers; a capture on xi_b decodes as valid
# IPv4/ICMP with good checksums; an unknown protocol gets protocol
# unreachable; malformed packets written on xi_b with a packet socket
# are dropped and counted in /proc/net/xinet/snmp of xi_ns1 where Linux
# counts them; icmp_echo_ignore_all silences xinet; ping -R sees xinet
# record the route.  xinet pings Linux through a ping socket and a raw
# socket, and a raw socket of xinet sees Linux's echo requests.

set -u
repo=${XINET_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
X=$repo/tools/xinet/xinet
N1=xi_ns1
N2=xi_ns2
tmp=$(mktemp -d)
n=0
failed=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
diag() { sed 's/^/# /'; }

# shellcheck disable=SC2317 # the EXIT trap runs it
cleanup() {
	[ -n "${tdpid:-}" ] && kill "$tdpid" 2>/dev/null
	ip netns del "$N1" 2>/dev/null
	ip netns del "$N2" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# counter NS SECTION NAME [FILE]: a value of /proc/net/xinet/FILE (snmp)
# in NS.
counter() {
	# shellcheck disable=SC2016 # awk's fields, not the shell's
	ip netns exec "$1" awk -v s="$2:" -v f="$3" '
		$1 == s && !h { for (i = 2; i <= NF; i++) idx[$i] = i; h = 1; next }
		$1 == s && h { print (f in idx) ? $idx[f] : 0; exit }
	' "/proc/net/xinet/${4:-snmp}"
}

# inject NS DEV HEX...: write each hex string as an IPv4 packet on DEV.
inject() {
	local ns=$1 dev=$2
	shift 2
	ip netns exec "$ns" python3 - "$dev" "$@" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x0800))
s.bind((sys.argv[1], 0x0800))
for h in sys.argv[2:]:
    s.sendto(bytes.fromhex(h), (sys.argv[1], 0x0800))
EOF
}

# iphdr IHL TOTLEN FRAG PROTO [BADCSUM]: a header 10.1.0.2 -> 10.1.0.1, hex.
iphdr() {
	python3 - "$@" <<'EOF'
import struct, sys
ihl, tot, frag, proto = (int(x, 0) for x in sys.argv[1:5])
bad = len(sys.argv) > 5
h = struct.pack('!BBHHHBBH4s4s', 0x40 | min(ihl, 15), 0, tot, 0x4242, frag,
                64, proto, 0, bytes([10, 1, 0, 2]), bytes([10, 1, 0, 1]))
h += b'\x01' * (max(ihl, 5) * 4 - 20)
s = 0
for i in range(0, len(h), 2):
    s += (h[i] << 8) | h[i + 1]
while s >> 16:
    s = (s & 0xffff) + (s >> 16)
c = (~s & 0xffff) ^ (0x0101 if bad else 0)
h = h[:10] + struct.pack('!H', c) + h[12:]
sys.stdout.write(h.hex())
EOF
}

for tool in "$X" python3 ping tcpdump; do
	if ! command -v "$tool" >/dev/null; then
		echo "1..0 # SKIP $tool missing (make tools?)"
		exit 4
	fi
done

if ! ip netns add $N1 || ! ip netns add $N2; then
	echo "1..0 # SKIP no netns"
	exit 4
fi
if ip netns exec $N1 "$X" link add xi_a peer xi_b netns $N2 &&
   ip netns exec $N1 ip link set xi_a up &&
   ip netns exec $N1 "$X" addr add 10.1.0.1/24 dev xi_a &&
   ip netns exec $N2 ip link set xi_b up &&
   ip netns exec $N2 ip addr add 10.1.0.2/24 dev xi_b; then
	ok "pair xi_a (xinet 10.1.0.1) - xi_b (Linux 10.1.0.2)"
else
	nok "pair xi_a (xinet 10.1.0.1) - xi_b (Linux 10.1.0.2)"
	echo "1..$n"
	exit 1
fi

# --- ping from Linux, answered by xinet, captured on the Linux end
ip netns exec $N2 tcpdump -i xi_b -n -U -w "$tmp/cap" icmp 2>"$tmp/td.err" &
tdpid=$!
sleep 1
echos0=$(counter $N1 Icmp InEchos)
reps0=$(counter $N1 Icmp OutEchoReps)
if ip netns exec $N2 ping -c 3 -i 0.2 -W 2 10.1.0.1 >"$tmp/ping" 2>&1; then
	ok "ping 10.1.0.1 from Linux is answered by xinet"
else
	diag <"$tmp/ping"; nok "ping 10.1.0.1 from Linux is answered by xinet"
fi
if grep -q ' 0% packet loss' "$tmp/ping"; then
	ok "no packet lost"
else
	nok "no packet lost"
fi
if [ $(($(counter $N1 Icmp InEchos) - echos0)) -eq 3 ] &&
   [ $(($(counter $N1 Icmp OutEchoReps) - reps0)) -eq 3 ]; then
	ok "Icmp InEchos and OutEchoReps count 3 each"
else
	nok "Icmp InEchos and OutEchoReps count 3 each"
fi

# A 1400-byte payload comes back whole.
if ip netns exec $N2 ping -c 1 -s 1400 -W 2 10.1.0.1 >"$tmp/ping2" 2>&1; then
	ok "ping -s 1400 is answered"
else
	diag <"$tmp/ping2"
	nok "ping -s 1400 is answered"
fi

# Record route (ping -R): Linux adds itself on the way out, xinet on the
# way in and again in its reply, which echoes the option; Linux last.
if ip netns exec $N2 ping -R -c 1 -W 2 10.1.0.1 >"$tmp/ping_rr" 2>&1 &&
   [ "$(awk '/^RR:/ { rr = 1; print $2; next } rr && NF == 1 { print $1 }
	' "$tmp/ping_rr" | tr '\n' ' ')" = "10.1.0.2 10.1.0.1 10.1.0.1 10.1.0.2 " ]; then
	ok "ping -R: the reply records Linux, xinet, xinet, Linux"
else
	diag <"$tmp/ping_rr"
	nok "ping -R: the reply records Linux, xinet, xinet, Linux"
fi

# --- an unknown protocol: protocol unreachable, counted
unk0=$(counter $N1 Ip InUnknownProtos)
dst0=$(counter $N1 Icmp OutDestUnreachs)
inject $N2 xi_b "$(iphdr 5 28 0 253)0000000000000000"
sleep 1
if [ $(($(counter $N1 Ip InUnknownProtos) - unk0)) -eq 1 ]; then
	ok "protocol 253: InUnknownProtos"
else
	nok "protocol 253: InUnknownProtos"
fi
if [ $(($(counter $N1 Icmp OutDestUnreachs) - dst0)) -eq 1 ]; then
	ok "protocol 253: destination unreachable sent"
else
	nok "protocol 253: destination unreachable sent"
fi

sleep 1
kill "$tdpid" 2>/dev/null; wait "$tdpid" 2>/dev/null; tdpid=
tcpdump -vv -n -r "$tmp/cap" >"$tmp/dec" 2>/dev/null
if [ "$(grep -c 'ICMP echo reply' "$tmp/dec")" -ge 4 ]; then
	ok "the capture holds xinet's echo replies"
else
	diag <"$tmp/dec"; nok "the capture holds xinet's echo replies"
fi
if grep -q '10.1.0.1 > 10.1.0.2: ICMP 10.1.0.1 protocol 253 unreachable' "$tmp/dec"; then
	ok "the capture holds the protocol unreachable"
else
	diag <"$tmp/dec"; nok "the capture holds the protocol unreachable"
fi
if grep -qi 'bad cksum\|wrong icmp cksum\|bad hdr length\|truncated' "$tmp/dec"; then
	grep -i 'bad\|wrong\|trunc' "$tmp/dec" | diag
	nok "every packet decodes with good IP and ICMP checksums"
else
	ok "every packet decodes with good IP and ICMP checksums"
fi
# xinet's replies: TTL 64, no DF (Linux's ICMP socket), protocol ICMP.
if grep -A1 'ICMP echo reply' "$tmp/dec" >/dev/null &&
   grep 'proto ICMP' "$tmp/dec" | grep -q 'ttl 64.*flags \[none\]'; then
	ok "replies carry TTL 64 and no DF"
else
	diag <"$tmp/dec"; nok "replies carry TTL 64 and no DF"
fi

# --- malformed packets from the Linux side: dropped and counted
hdr0=$(counter $N1 Ip InHdrErrors)
# InCsumErrors is in IpExt of netstat, not in snmp.
csum0=$(counter $N1 IpExt InCsumErrors netstat)
reasm0=$(counter $N1 Ip ReasmFails)
reqds0=$(counter $N1 Ip ReasmReqds)
recv0=$(counter $N1 Ip InReceives)
inject $N2 xi_b \
	"$(iphdr 5 28 0 253 bad)0000000000000000" \
	"$(iphdr 4 28 0 253)0000000000000000" \
	"$(iphdr 15 28 0 253)0000000000000000" \
	"$(iphdr 5 12 0 253)0000000000000000" \
	"$(iphdr 5 28 0x2000 253)0000000000000000" \
	"$(iphdr 5 28 0x0010 253)0000000000000000" \
	"4500"
sleep 1
d_recv=$(($(counter $N1 Ip InReceives) - recv0))
d_hdr=$(($(counter $N1 Ip InHdrErrors) - hdr0))
d_reasm=$(($(counter $N1 Ip ReasmFails) - reasm0))
d_reqds=$(($(counter $N1 Ip ReasmReqds) - reqds0))
if [ "$d_recv" -eq 7 ]; then
	ok "7 malformed packets received"
else
	nok "7 malformed packets received (InReceives +$d_recv)"
fi
# bad checksum, IHL 4, IHL 15 past the end, tot_len 12, 2-byte packet
if [ "$d_hdr" -eq 5 ]; then
	ok "InHdrErrors counts 5"
else
	nok "InHdrErrors counts 5 (+$d_hdr)"
fi
d_csum=$(($(counter $N1 IpExt InCsumErrors netstat) - csum0))
if [ "$d_csum" -eq 1 ]; then
	ok "IpExt InCsumErrors counts the bad checksum"
else
	nok "IpExt InCsumErrors counts the bad checksum (+$d_csum)"
fi
# Two fragments of one datagram with a gap: held for reassembly, as
# Linux holds them (ipfrag_time), not failed.
if [ "$d_reqds" -eq 2 ] && [ "$d_reasm" -eq 0 ]; then
	ok "two fragments with a gap: ReasmReqds +2, held"
else
	nok "two fragments with a gap: ReasmReqds +2, held (+$d_reqds, ReasmFails +$d_reasm)"
fi
if ip netns exec $N2 ping -c 1 -W 2 10.1.0.1 >/dev/null 2>&1; then
	ok "still answering after the malformed packets"
else
	nok "still answering after the malformed packets"
fi

# --- net.xinet.icmp_echo_ignore_all
ip netns exec $N1 sysctl -qw net.xinet.icmp_echo_ignore_all=1
if ip netns exec $N2 ping -c 1 -W 1 10.1.0.1 >/dev/null 2>&1; then
	nok "icmp_echo_ignore_all=1: no answer"
else
	ok "icmp_echo_ignore_all=1: no answer"
fi
ip netns exec $N1 sysctl -qw net.xinet.icmp_echo_ignore_all=0
if ip netns exec $N2 ping -c 1 -W 2 10.1.0.1 >/dev/null 2>&1; then
	ok "icmp_echo_ignore_all=0: answered again"
else
	nok "icmp_echo_ignore_all=0: answered again"
fi

# A Linux address that xinet does not own is not answered by xinet.
if ip netns exec $N2 ping -c 1 -W 1 10.1.0.9 >/dev/null 2>&1; then
	nok "10.1.0.9 (nobody's) is not answered"
else
	ok "10.1.0.9 (nobody's) is not answered"
fi

# --- xinet pings Linux, through a ping socket (the kernel writes the
# identifier and the checksum) and through a raw ICMP socket (ping-peer
# does), as iputils' ping uses one or the other
PP=$repo/selftests/xinet/out/helpers/ping-peer
ip netns exec $N1 sysctl -qw net.xinet.ping_group_range="0 0"
oe0=$(counter $N1 Icmp OutEchos)
ier0=$(counter $N1 Icmp InEchoReps)
if ip netns exec $N1 "$PP" xinet ping 10.1.0.2 3 >"$tmp/pp" 2>&1; then
	ok "xinet's ping socket pings Linux"
else
	diag <"$tmp/pp"; nok "xinet's ping socket pings Linux"
fi
if ip netns exec $N1 "$PP" xinet ping 10.1.0.2 1 1400 >"$tmp/pp" 2>&1; then
	ok "a 1400-byte echo through the ping socket comes back"
else
	diag <"$tmp/pp"; nok "a 1400-byte echo through the ping socket comes back"
fi
if [ $(($(counter $N1 Icmp OutEchos) - oe0)) -eq 4 ] &&
   [ $(($(counter $N1 Icmp InEchoReps) - ier0)) -eq 4 ]; then
	ok "Icmp OutEchos and InEchoReps count 4 each"
else
	nok "Icmp OutEchos and InEchoReps count 4 each"
fi
if ip netns exec $N1 "$PP" xinet raw 10.1.0.2 3 >"$tmp/pp" 2>&1; then
	ok "xinet's raw ICMP socket pings Linux"
else
	diag <"$tmp/pp"; nok "xinet's raw ICMP socket pings Linux"
fi
ip netns exec $N1 sysctl -qw net.xinet.ping_group_range="1 0"
ip netns exec $N1 "$PP" xinet ping 10.1.0.2 1 >"$tmp/pp" 2>&1
if grep -q '^socket: EACCES' "$tmp/pp"; then
	ok "outside net.xinet.ping_group_range: EACCES"
else
	diag <"$tmp/pp"; nok "outside net.xinet.ping_group_range: EACCES"
fi

# A raw ICMP socket of xinet sees Linux's echo request, which xinet's
# ICMP still answers.
fam=$(cat /sys/module/xinet/parameters/family)
ip netns exec $N1 python3 - "$fam" >"$tmp/rawseen" 2>&1 <<'PY' &
import socket, sys
s = socket.socket(int(sys.argv[1]), socket.SOCK_RAW, socket.IPPROTO_ICMP)
s.settimeout(5)
print("ready", flush=True)
while True:
    p = s.recv(2048)
    ihl = (p[0] & 15) * 4
    if p[12:16] == bytes([10, 1, 0, 2]) and p[ihl] == 8:
        print("seen echo request", len(p) - ihl, flush=True)
        break
PY
rawpid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
	grep -q ready "$tmp/rawseen" && break
	sleep 0.2
done
if ip netns exec $N2 ping -c 1 -W 2 10.1.0.1 >/dev/null 2>&1; then
	ok "answered while a raw socket listens"
else
	nok "answered while a raw socket listens"
fi
wait "$rawpid"
if grep -q 'seen echo request 64' "$tmp/rawseen"; then
	ok "the raw socket saw Linux's echo request"
else
	diag <"$tmp/rawseen"; nok "the raw socket saw Linux's echo request"
fi

echo "1..$n"
exit $failed
