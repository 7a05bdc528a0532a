#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# xinet_run_test: unmodified Debian programs over AF_XINET through
# tools/preload/xinet-run, each run the same way over AF_INET in the same
# guest, in one namespace over 127.0.0.1:
#
#   preload-probe   every call the library hooks (TAP of its own)
#   socat, nc       TCP echo and a one-way copy, data back intact
#   python3         an asyncio TCP + UDP echo server and client
#   curl            a file from python3's http.server, SHA-256 equal
#   ab              requests at concurrency 50 to lighttpd, none failed
#   iperf3          TCP both directions and UDP, every byte counted
#   ping            echo requests answered (ping/raw sockets)
#
# For each program and family: the same exit status and result, and the
# kernel's socket tables show the server on the family asked for
# (/proc/net/xinet/* for AF_XINET, /proc/net/* for AF_INET) and not on
# the other.  A program that is missing fails its checks (scripts/xinet-deps
# installs them).  busybox httpd is not used: Debian's busybox-static
# ignores LD_PRELOAD, as every static binary does.  ab's server is
# lighttpd, one event loop in C: python3's http.server, a thread and
# some milliseconds of Python per request, took 90 % of the suite's
# time for its 20,000 requests under TCG.
#
# Sizes: issue #15's 64 MiB for curl and 10,000 ab requests at
# concurrency 50 (make check's stock boot); XINET_QUICK=1 4 MiB and 200.
#
# TAP output; needs root, xinet loaded, tools/ and selftests/ built.

set -u
repo=${XINET_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
run=$repo/tools/preload/xinet-run
probe=$repo/selftests/xinet/out/helpers/preload-probe
tmp=$(mktemp -d)
X=xi-run-$$
n=0 failed=0

. "$(dirname "$0")/lib.sh"
trap 'cleanup_netns "$X"' EXIT

# The programs' own start-up is most of the time (252 s in the TCG +
# KASAN guest, where the sanitizers see nothing of them): make check runs
# the suite in its stock kernel's boot (XINET_QUICK unset) only.
if [ "${XINET_QUICK:-0}" = 1 ] && [ "${XINET_RUN_TEST_DEBUG:-0}" != 1 ]; then
	echo "1..0 # SKIP in make check's stock boot (XINET_RUN_TEST_DEBUG=1 runs it here)"
	exit 4
fi

if [ "${XINET_QUICK:-0}" = 1 ]; then
	curl_mib=4 ab_n=200
else
	curl_mib=64 ab_n=10000
fi
fam=$(cat /sys/module/xinet/parameters/family 2>/dev/null)
modes=(inet xinet)

echo "TAP version 13"
t0=$(ms)
# took WHAT: a diagnostic with the seconds since the last one.
took() { local t; t=$(ms); echo "# $1: $(( (t - t0) / 1000 )).$(( (t - t0) % 1000 / 100 )) s"; t0=$t; }

# via MODE CMD...: CMD in $X, as it is (inet) or through xinet-run (xinet).
via() {
	local m=$1
	shift
	if [ "$m" = xinet ]; then inX "$run" "$@"; else inX "$@"; fi
}

# table MODE PROTO: MODE's socket table for PROTO, and the other one's.
table() { if [ "$1" = xinet ]; then echo "/proc/net/xinet/$2"; else echo "/proc/net/$2"; fi; }
other() { if [ "$1" = xinet ]; then table inet "$2"; else table xinet "$2"; fi; }

# has_port FILE PORT: a socket table has a listening TCP socket (state
# 0A) or any UDP socket on local port PORT; not a TCP socket in TIME_WAIT.
# shellcheck disable=SC2016 # awk fields, not shell expansions
has_port() {
	ip netns exec "$X" awk -v p=":$(printf %04X "$2")" -v udp="${1##*/}" '
		substr($2, length($2) - 4) == p && (udp == "udp" || $4 == "0A") { f = 1 }
		END { exit !f }' "$1" 2>/dev/null
}

# wait_port MODE PROTO PORT: until MODE's table has the port (10 s), then
# the other family's table must not.
wait_port() {
	local _
	for _ in $(seq 100); do
		if has_port "$(table "$1" "$2")" "$3"; then
			! has_port "$(other "$1" "$2")" "$3"
			return
		fi
		sleep 0.1
	done
	return 1
}

# serve MODE CMD...: via in the background, $srv its pid: timeout's own,
# which passes a kill on to CMD.
serve() {
	local m=$1
	shift
	[ "$m" = inet ] || set -- "$run" "$@"
	timeout "${T:-60}" ip netns exec "$X" "$@" &
	srv=$!
}

stack() { if [ "$1" = xinet ]; then echo "AF_XINET ($fam)"; else echo AF_INET; fi; }

# need PROGRAM...: each program exists, or a failed check that names it.
need() {
	local p missing=()
	for p in "$@"; do
		command -v "$p" >/dev/null || missing+=("$p")
	done
	[ ${#missing[@]} = 0 ] && return 0
	not_ok "programs present: $*" "missing: ${missing[*]} (scripts/xinet-deps installs them)"
	return 1
}

ip netns add "$X" || { echo "Bail out! cannot create a namespace"; exit 1; }
inX ip link set lo up
if [ -z "$fam" ] || [ ! -x "$run" ] || [ ! -x "$probe" ]; then
	echo "Bail out! xinet not loaded ($fam) or $run / $probe not built"
	exit 1
fi

head -c $((curl_mib << 20)) /dev/urandom >"$tmp/blob"
head -c $((1 << 20)) /dev/urandom >"$tmp/data"
sum_data=$(sha256sum <"$tmp/data")
sum_blob=$(sha256sum <"$tmp/blob")

# --- every hooked call, from C
for m in "${modes[@]}"; do
	want=2
	[ "$m" = xinet ] && want=$fam
	via "$m" "$probe" "$want" >"$tmp/probe.$m" 2>&1
	rc=$?
	expect "preload-probe over $(stack "$m"): $(grep -c '^ok' "$tmp/probe.$m") calls as AF_INET" \
		"probe.$m" test "$rc" = 0
	grep '^not ok' "$tmp/probe.$m" | sed 's/^/# /'
done

took "preload-probe"

# --- socat: a TCP echo of 1 MiB
if need socat; then
	for m in "${modes[@]}"; do
		T=60 serve "$m" socat -T 30 TCP4-LISTEN:7001,bind=127.0.0.1,reuseaddr PIPE 2>"$tmp/socat-srv.$m"
		wait_port "$m" tcp 7001; listening=$?
		T=60 via "$m" socat -t 30 -T 30 - TCP4:127.0.0.1:7001 <"$tmp/data" >"$tmp/socat.$m" 2>"$tmp/socat-cli.$m"
		rc=$?
		wait "$srv"; src=$?
		expect "socat TCP echo over $(stack "$m"): 1 MiB back intact" "socat-cli.$m socat-srv.$m" \
			test "$listening/$rc/$src/$(sha256sum <"$tmp/socat.$m")" = "0/0/0/$sum_data"
	done
fi

took "socat"

# --- nc: a one-way copy of 1 MiB, the listener writing what it got
if need nc; then
	for m in "${modes[@]}"; do
		T=60 serve "$m" nc -l 127.0.0.1 7002 >"$tmp/nc.$m" 2>"$tmp/nc-srv.$m"
		wait_port "$m" tcp 7002; listening=$?
		T=60 via "$m" nc -N 127.0.0.1 7002 <"$tmp/data" 2>"$tmp/nc-cli.$m"
		rc=$?
		wait "$srv"; src=$?
		expect "nc TCP copy over $(stack "$m"): 1 MiB intact" "nc-cli.$m nc-srv.$m" \
			test "$listening/$rc/$src/$(sha256sum <"$tmp/nc.$m")" = "0/0/0/$sum_data"
	done
fi

took "nc"

# --- python3: asyncio echo server and client, TCP and UDP
cat >"$tmp/aecho.py" <<'EOF'
import asyncio, socket, sys

TCP, UDP = 7003, 7003

class Echo(asyncio.DatagramProtocol):
    def connection_made(self, t):
        self.t = t
    def datagram_received(self, data, addr):
        self.t.sendto(data, addr)

async def handle(r, w):
    peer = w.get_extra_info("peername")
    fam = w.get_extra_info("socket").family
    assert fam == socket.AF_INET and peer[0] == "127.0.0.1", (fam, peer)
    while data := await r.read(65536):
        w.write(data)
        await w.drain()
    w.close()

async def server():
    loop = asyncio.get_running_loop()
    srv = await asyncio.start_server(handle, "127.0.0.1", TCP)
    await loop.create_datagram_endpoint(Echo, local_addr=("127.0.0.1", UDP))
    async with srv:
        await srv.serve_forever()

class Client(asyncio.DatagramProtocol):
    def __init__(self):
        self.got = asyncio.Queue()
    def datagram_received(self, data, addr):
        self.got.put_nowait((data, addr))

async def client():
    loop = asyncio.get_running_loop()
    r, w = await asyncio.open_connection("127.0.0.1", TCP)
    total = 0
    for i in range(200):
        msg = bytes([i % 251]) * (1 + i * 331 % 65536)
        w.write(msg)
        await w.drain()
        back = await r.readexactly(len(msg))
        assert back == msg, i
        total += len(msg)
    w.close()
    await w.wait_closed()
    t, p = await loop.create_datagram_endpoint(Client, remote_addr=("127.0.0.1", UDP))
    for i in range(50):
        msg = b"dgram %d" % i
        t.sendto(msg)
        data, addr = await asyncio.wait_for(p.got.get(), 10)
        assert data == msg and addr == ("127.0.0.1", UDP), (data, addr)
    t.close()
    print("tcp 200 messages %d bytes, udp 50 datagrams: echoed" % total)

asyncio.run(server() if sys.argv[1] == "server" else client())
EOF
if need python3; then
	for m in "${modes[@]}"; do
		T=120 serve "$m" python3 "$tmp/aecho.py" server 2>"$tmp/py-srv.$m"
		wait_port "$m" tcp 7003 && wait_port "$m" udp 7003; listening=$?
		T=120 via "$m" python3 "$tmp/aecho.py" client >"$tmp/py.$m" 2>&1
		rc=$?
		kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null
		expect "python3 asyncio TCP + UDP echo over $(stack "$m")" "py.$m py-srv.$m" \
			test "$listening/$rc/$(cat "$tmp/py.$m")" = \
			"0/0/tcp 200 messages $(( $(seq 0 199 | awk '{ s += 1 + $1 * 331 % 65536 } END { print s }') )) bytes, udp 50 datagrams: echoed"
	done
fi

took "python3 asyncio"

# --- curl from python3 -m http.server, then ab against lighttpd
mkdir -p "$tmp/www"
mv "$tmp/blob" "$tmp/www/blob"
echo "small page" >"$tmp/www/small"
# python3 -m http.server with a listen backlog of 128, not 5: ab's 50
# connections at once overflow 5 (on AF_INET too) and get resets.
http_server='import runpy, socketserver
socketserver.TCPServer.request_queue_size = 128
runpy.run_module("http.server", run_name="__main__", alter_sys=True)'
cat >"$tmp/lighttpd.conf" <<EOF
server.document-root = "$tmp/www"
server.bind = "127.0.0.1"
server.port = 7006
server.errorlog = "$tmp/lighttpd.err"
EOF
if need python3 curl ab lighttpd; then
	for m in "${modes[@]}"; do
		T=300 serve "$m" python3 -c "$http_server" -b 127.0.0.1 -d "$tmp/www" 7004 >"$tmp/http.$m" 2>&1
		wait_port "$m" tcp 7004; listening=$?
		T=120 via "$m" curl -sS --fail -o "$tmp/curl.$m" http://127.0.0.1:7004/blob 2>"$tmp/curl-err.$m"
		rc=$?
		expect "curl from python3 http.server over $(stack "$m"): $curl_mib MiB, SHA-256 equal" \
			"curl-err.$m http.$m" \
			test "$listening/$rc/$(sha256sum <"$tmp/curl.$m" 2>/dev/null)" = "0/0/$sum_blob"
		rm -f "$tmp/curl.$m"
		kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null
		T=300 serve "$m" lighttpd -D -f "$tmp/lighttpd.conf" >"$tmp/lighttpd.$m" 2>&1
		wait_port "$m" tcp 7006; listening=$?
		T=200 via "$m" ab -q -n "$ab_n" -c 50 http://127.0.0.1:7006/small >"$tmp/ab.$m" 2>&1
		rc=$?
		complete=$(field "$tmp/ab.$m" requests:)
		fails=$(awk '/^Failed requests:/ { print $3 }' "$tmp/ab.$m")
		non2xx=$(awk '/^Non-2xx responses:/ { print $3 }' "$tmp/ab.$m")
		expect "ab: $ab_n requests at concurrency 50 to lighttpd over $(stack "$m"), none failed" \
			"ab.$m lighttpd.$m lighttpd.err" \
			test "$listening/$rc/$complete/$fails/${non2xx:-0}" = "0/0/$ab_n/0/0"
		kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null
	done
fi

took "curl, ab"

# --- iperf3: TCP both directions, UDP.  Every UDP datagram arrives; for
# TCP the sender's count is exact and the receiver's ends with iperf3's
# last report, which may come before the last bytes are read.
iperf_sum() {
	python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
e = j["end"]
if j["start"]["test_start"]["protocol"] == "TCP":
    s, r = e["sum_sent"]["bytes"], e["sum_received"]["bytes"]
    print("tcp", s, "received" if 0 < r <= s else "received %d of" % r)
else:
    s = e["sum"]
    print("udp", s["packets"], s["lost_packets"], s["bytes"])' "$1" 2>/dev/null
}
if need iperf3 python3; then
	for m in "${modes[@]}"; do
		T=120 serve "$m" iperf3 -s -4 -B 127.0.0.1 -p 7005 >"$tmp/iperf-srv.$m" 2>&1
		wait_port "$m" tcp 7005; listening=$?
		for dir in "" -R; do
			T=60 via "$m" iperf3 -4 -c 127.0.0.1 -p 7005 -n 4M $dir --json >"$tmp/iperf-tcp$dir.$m" 2>&1
			rc=$?
			expect "iperf3 TCP${dir:+ reverse} over $(stack "$m"): 4 MiB sent, received" \
				"iperf-tcp$dir.$m iperf-srv.$m" \
				test "$listening/$rc/$(iperf_sum "$tmp/iperf-tcp$dir.$m")" = "0/0/tcp 4194304 received"
		done
		T=60 via "$m" iperf3 -4 -c 127.0.0.1 -p 7005 -u -b 8M -l 1400 -n 700K --json >"$tmp/iperf-udp.$m" 2>&1
		rc=$?
		res=$(iperf_sum "$tmp/iperf-udp.$m")
		expect "iperf3 UDP over $(stack "$m"): 512 datagrams, none lost ($res)" "iperf-udp.$m iperf-srv.$m" \
			test "$rc/$res" = "0/udp 512 0 716800"
		kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null
	done
fi

took "iperf3"

# --- ping: ICMP echo over ping or raw sockets, and with a record route
# (IP_OPTIONS), each hop of which is 127.0.0.1 on both stacks.
if need ping; then
	for m in "${modes[@]}"; do
		T=30 via "$m" ping -c 3 -i 0.2 -W 5 127.0.0.1 >"$tmp/ping.$m" 2>&1
		rc=$?
		expect "ping over $(stack "$m"): 3 echo requests answered" \
			"ping.$m" \
			test "$rc/$(grep -o '[0-9]* received' "$tmp/ping.$m")" = "0/3 received"
		T=30 via "$m" ping -R -c 1 -W 5 127.0.0.1 >"$tmp/ping_rr.$m" 2>&1
		rc=$?
		# shellcheck disable=SC2016 # awk's fields, not the shell's
		rr=$(awk '/^RR:/ { rr = 1; print $2; next } rr && NF == 1 { print $1 }' \
			"$tmp/ping_rr.$m" | tr '\n' ' ')
		expect "ping -R over $(stack "$m"): four hops recorded" \
			"ping_rr.$m" \
			test "$rc/$rr" = "0/127.0.0.1 127.0.0.1 127.0.0.1 127.0.0.1 "
	done
fi

took ping
echo "1..$n"
[ "$failed" = 0 ]
