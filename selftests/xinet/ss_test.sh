#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ss_test.sh: issue #15 section 2, sock_diag for AF_XINET and `xinet ss`.
# In one network namespace, helpers/diag-probe makes the same set of
# sockets twice on the same ports, once AF_INET and once AF_XINET: a
# listener with a connection waiting in its accept queue, a connection
# with data queued both ways and SO_KEEPALIVE at one end, one in
# TIME_WAIT, a bound and a connected UDP socket, a raw socket.  Then
# `ss` over AF_INET and `xinet ss` over AF_XINET must print the same
# thing, rows sorted (the two stacks hash differently) and only what must
# differ normalised (inode numbers, socket cookies, timer values, ss's
# cgroup field and column widths):
#   - columns, states, queues and timers (-tan, -tanoe, -uan, -tuan,
#     -tn, -ltn, -lun), and ss's filters: state NAME, exclude NAME,
#     sport/dport/src/dst expressions with and, or, not;
#   - -i: the struct tcp_info fields both stacks report, equal where a
#     connection's history fixes them (bytes, data segments, window
#     scale), delivery_rate and app_limited shown on the same sockets;
#     -m: a skmem for every socket;
#   - the tool itself: XINET_SS_FAMILY=2 xinet ss over AF_INET prints what
#     ss prints;
#   - per namespace: none of these sockets shows from the initial one;
#   - malformed requests get AF_INET's errno (short request, protocol
#     attribute of the wrong size, bad bytecode, protocol without a
#     handler, exact get of nothing; a mark condition is CAP_NET_ADMIN's);
#   - SOCK_DESTROY (xinet ss -K) aborts a connection, whose owner sees
#     ECONNABORTED as tcp_abort() gives, closes a raw socket, and is
#     refused (EPERM) to a user
#     without CAP_NET_ADMIN.  AF_INET's side of these runs where the
#     kernel has CONFIG_INET_DIAG_DESTROY (the stock kernel; the debug
#     kernel has not); the xinet side always does.
#
# The guest has no /dev/fd: no process substitution here.
#
# Needs root, python3 (the -i comparison), ss (iproute2), the xinet tool
# (make tools) and helpers/diag-probe (make selftests).  TAP.

set -u
repo=${XINET_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}

# make check runs this in its stock kernel's boot (XINET_QUICK unset):
# ss and xinet ss over a few hundred sockets take 185 s under TCG and KASAN.
. "$(dirname "$0")/lib.sh"
stock_boot_only
xinet=$repo/tools/xinet/xinet
probe=$repo/selftests/xinet/out/helpers/diag-probe

tmp=$(mktemp -d)
n=0 failed=0
N=xss-$$
P=5000
trap 'exec 3>&- 2>/dev/null; cleanup_netns "$N"' EXIT

echo "TAP version 13"
if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP needs root"
	exit 4
fi
for f in "$xinet" "$probe"; do
	if [ ! -x "$f" ]; then
		echo "1..0 # SKIP $f not built (make tools selftests)"
		exit 4
	fi
done
if ! command -v ss >/dev/null || ! command -v python3 >/dev/null; then
	echo "1..0 # SKIP needs ss and python3"
	exit 4
fi
# The oracle must answer through sock_diag too: a kernel with the diag
# modules not loaded (Debian's) lets ss fall back to /proc/net/tcp,
# whose listeners show no backlog and whose sockets no shutdown state.
modprobe -q -a inet_diag tcp_diag udp_diag raw_diag 2>/dev/null
fam=$(cat /sys/module/xinet/parameters/family 2>/dev/null) || {
	echo "1..0 # SKIP xinet.ko not loaded"
	exit 4
}

inN() { timeout 30 ip netns exec "$N" "$@"; }
# lines FILE...: the files' lines, one argument each, for not_ok.
lines() { cat "$@" 2>/dev/null; }

ip netns add "$N" && ip -n "$N" link set lo up || exit 1

# The two socket sets, held until fd 3 closes (no timeout: the slow
# debug kernel's ss runs must not outlive them; the EXIT trap ends them).
mkfifo "$tmp/hold"
ip netns exec "$N" "$probe" sockets 2 "$P" <"$tmp/hold" >"$tmp/inet.ready" 2>&1 &
ip netns exec "$N" "$probe" sockets "$fam" "$P" <"$tmp/hold" >"$tmp/xinet.ready" 2>&1 &
exec 3>"$tmp/hold"
for _ in $(seq 50); do
	grep -q ready "$tmp/inet.ready" && grep -q ready "$tmp/xinet.ready" && break
	sleep 0.2
done
if ! grep -q ready "$tmp/inet.ready" || ! grep -q ready "$tmp/xinet.ready"; then
	echo "1..0 # SKIP the socket sets did not come up: $(cat "$tmp/inet.ready" "$tmp/xinet.ready" | tr '\n' ' ')"
	exit 1
fi

# norm: what must differ made equal; a socket's detail line joined to
# it; rows sorted under the header.
# (ss warns on a kernel that reports cgroups when cgroup2 is not mounted,
# as in the stock kernel's guest.)
norm() {
	sed -E '/^Failed to find cgroup2 mount$/d;
		s/PortProcess/Port Process/; s/ cgroup:[^ ]*//;
		s/ino:[1-9][0-9]*/ino:N/; s/ sk:[0-9a-f]+/ sk:X/;
		s/timer:\(([a-z]+),[^,]*,/timer:(\1,T,/' |
	awk 'NR == 1 { hdr = $0; next }
	     /^\t/ { rows[nr] = rows[nr] " " $0; next }
	     { rows[++nr] = $0 }
	     END { $0 = hdr; $1 = $1; print; fflush();
		   for (i = 1; i <= nr; i++) { $0 = rows[i]; $1 = $1; print $0 | "sort" } }'
}

# same NAME ARGS...: ss ARGS for AF_INET and xinet ss ARGS for AF_XINET,
# normalised, must be equal and list something.
same() {
	local name=$1
	shift
	inN ss "$@" >"$tmp/ss.raw" 2>&1
	inN "$xinet" ss "$@" >"$tmp/x.raw" 2>&1
	norm <"$tmp/ss.raw" >"$tmp/ss.out"
	norm <"$tmp/x.raw" >"$tmp/x.out"
	if [ "$(wc -l <"$tmp/ss.out")" -ge 2 ] && cmp -s "$tmp/ss.out" "$tmp/x.out"; then
		ok "$name: ss $*"
	else
		local d
		{ echo "ss (AF_INET):"; lines "$tmp/ss.out"
		  echo "xinet ss (AF_XINET):"; lines "$tmp/x.out"; } >"$tmp/d"
		mapfile -t d <"$tmp/d"
		not_ok "$name: ss $*" "${d[@]}"
	fi
}

echo "1..29"
Q=$((P + 1)) R=$((P + 2)) S=$((P + 3))

# TIME_WAIT first: it lasts 60 s, and the slow debug kernel's whole run
# is longer.
same "TIME_WAIT" -tano state time-wait
same "timers, inode, cookie, shutdown" -tanoe
same "columns, states, queues" -tan
same "UDP" -uan
same "two tables, Netid" -tuan
same "default states" -tn
same "listening TCP" -ltn
same "listening UDP" -lun
same "state filter" -tn state established "( sport = :$P or dport = :$P )"
same "exclude" -tan exclude established exclude time-wait
same "port ranges" -tan "dport = :$P and sport >= :$Q and sport < :$S"
same "not, !=" -tan "not sport = :$P and dport != :$R"
same "src and dst" -tan "src 127.0.0.1:$S or dst 127.0.0.0/8:$Q"

# The tool against ss, both over AF_INET: a failure here is the tool's.
inN ss -tanoe >"$tmp/ss.raw" 2>&1
XINET_SS_FAMILY=2 inN "$xinet" ss -tanoe >"$tmp/x.raw" 2>&1
norm <"$tmp/ss.raw" >"$tmp/ss.out"
norm <"$tmp/x.raw" >"$tmp/x.out"
if [ "$(wc -l <"$tmp/ss.out")" -ge 6 ] && cmp -s "$tmp/ss.out" "$tmp/x.out"; then
	ok "xinet ss over AF_INET prints what ss prints"
else
	lines "$tmp/ss.out" "$tmp/x.out" >"$tmp/d"
	mapfile -t d <"$tmp/d"
	not_ok "xinet ss over AF_INET prints what ss prints" "${d[@]}"
fi

# -i: struct tcp_info, compared field by field.
inN ss -tani >"$tmp/ss.i" 2>&1
inN "$xinet" ss -tani >"$tmp/x.i" 2>&1
if python3 - "$tmp/ss.i" "$tmp/x.i" >"$tmp/i.diag" 2>&1 <<'EOF'
import re, sys

def parse(path):
    socks, key = {}, None
    for line in open(path):
        if line.startswith("State"):
            continue
        if not line.startswith("\t"):
            f = line.split()
            key = (f[0], f[3], f[4])
            socks[key] = {}
            continue
        toks = line.split()
        i = 0
        while i < len(toks):
            t = toks[i]
            if t in ("send", "pacing_rate", "delivery_rate"):
                socks[key][t] = toks[i + 1]
                i += 2
                continue
            if ":" in t and not t.startswith(("bbr:", "dctcp:")):
                k, v = t.split(":", 1)
                socks[key][k] = v
            elif t in ("ts", "sack", "ecn", "ecnseen", "app_limited"):
                socks[key][t] = True
            else:
                socks[key]["cong"] = t
            i += 1
    return socks

a, x = parse(sys.argv[1]), parse(sys.argv[2])
bad = 0
if len(a) < 5 or sorted(a) != sorted(x):
    print("sockets differ:", sorted(a), sorted(x))
    sys.exit(1)
# Fixed by the connection's history: equal in both stacks.
fixed = ("wscale", "bytes_sent", "bytes_acked", "bytes_received",
         "data_segs_out", "data_segs_in", "unacked")
for k in sorted(a):
    both = set(a[k]) & set(x[k])
    only_a, only_x = set(a[k]) - set(x[k]), set(x[k]) - set(a[k])
    if only_a or only_x:
        print(k, "only ss:", sorted(only_a), "only xinet ss:", sorted(only_x))
    for f in fixed:
        if (f in a[k]) != (f in x[k]) or a[k].get(f) != x[k].get(f):
            print(k, f, "ss:", a[k].get(f), "xinet ss:", x[k].get(f))
            bad = 1
    if k[0] == "ESTAB" and not {"rto", "mss", "cwnd"} <= both:
        print(k, "rto, mss, cwnd not all in both")
        bad = 1
    # The delivery-rate sample (tcp_rate.c): shown where a connection
    # has one, app_limited where it is application-limited; its value
    # is the path's, not compared.
    for f in ("delivery_rate", "app_limited"):
        if (f in a[k]) != (f in x[k]):
            print(k, f, "in ss:", f in a[k], "in xinet ss:", f in x[k])
            bad = 1
sys.exit(bad)
EOF
then
	ok "-i: struct tcp_info as ss shows AF_INET's"
	sed 's/^/# /' "$tmp/i.diag"
else
	mapfile -t d <"$tmp/i.diag"
	not_ok "-i: struct tcp_info as ss shows AF_INET's" "${d[@]}"
fi

# -m: a skmem line for each socket, receive memory where data waits.
inN ss -tanm | norm | sed -E 's/skmem:\(r([1-9])[0-9]*,[^)]*\)/skmem:r\1/; s/skmem:\(r0,[^)]*\)/skmem:r0/; s/skmem:r[1-9]/skmem:rN/' >"$tmp/ss.m"
inN "$xinet" ss -tanm | norm | sed -E 's/skmem:\(r([1-9])[0-9]*,[^)]*\)/skmem:r\1/; s/skmem:\(r0,[^)]*\)/skmem:r0/; s/skmem:r[1-9]/skmem:rN/' >"$tmp/x.m"
if [ "$(grep -c skmem "$tmp/ss.m")" -ge 5 ] && cmp -s "$tmp/ss.m" "$tmp/x.m"; then
	ok "-m: skmem for every socket"
else
	lines "$tmp/ss.m" "$tmp/x.m" >"$tmp/d"
	mapfile -t d <"$tmp/d"
	not_ok "-m: skmem for every socket" "${d[@]}"
fi

# Raw sockets: the protocol in the port column.
inN "$xinet" ss -wan >"$tmp/x.w" 2>&1
if XINET_SS_FAMILY=2 inN "$xinet" ss -wan >"$tmp/ss.w" 2>/dev/null; then
	expect_w=$(norm <"$tmp/ss.w")
else
	# No raw_diag in this kernel (CONFIG_INET_RAW_DIAG): what it would say.
	expect_w=$(printf 'State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\nUNCONN 0 0 0.0.0.0:253 0.0.0.0:*\n')
fi
if [ "$(norm <"$tmp/x.w")" = "$expect_w" ]; then
	ok "raw socket: ss -wan"
else
	{ echo "$expect_w"; lines "$tmp/x.w"; } >"$tmp/d"
	mapfile -t d <"$tmp/d"
	not_ok "raw socket: ss -wan" "${d[@]}"
fi

# SOCK_DESTROY of a raw socket (raw_abort's twin): listed, then gone.
inN "$xinet" ss -wanK >"$tmp/k.w" 2>&1
if grep -q "0.0.0.0:253" "$tmp/k.w" &&
   ! inN "$xinet" ss -wan | grep -q "0.0.0.0:253"; then
	ok "xinet ss -wK closes the raw socket"
else
	{ lines "$tmp/k.w"; inN "$xinet" ss -wan; } >"$tmp/d"
	mapfile -t d <"$tmp/d"
	not_ok "xinet ss -wK closes the raw socket" "${d[@]}"
fi

# Per namespace: the initial namespace's dump has none of them.
if "$xinet" ss -tuan "sport >= :$P and sport <= :$S" | grep -q ":$P"; then
	"$xinet" ss -tuan >"$tmp/d"
	mapfile -t d <"$tmp/d"
	not_ok "per namespace: not seen from the initial namespace" "${d[@]}"
else
	ok "per namespace: not seen from the initial namespace"
fi

# Malformed requests: AF_INET's errno.
for op in short badattr badbc noproto getmissing; do
	a=$(inN "$probe" req 2 "$op") x=$(inN "$probe" req "$fam" "$op")
	if [ "$a" = "$x" ] && [ "$a" != 0 ]; then
		ok "request $op: $x as AF_INET"
	else
		not_ok "request $op: $x as AF_INET" "AF_INET: $a, AF_XINET: $x"
	fi
done
a=$(inN "$probe" req 2 markbc 65534) x=$(inN "$probe" req "$fam" markbc 65534)
if [ "$a" = EPERM ] && [ "$x" = EPERM ]; then
	ok "a mark condition needs CAP_NET_ADMIN (EPERM)"
else
	not_ok "a mark condition needs CAP_NET_ADMIN (EPERM)" "AF_INET: $a, AF_XINET: $x"
fi

# Ping sockets: xinet answers IPPROTO_ICMP dumps, which Linux's
# inet_diag has no handler for (ENOENT there).
inN sysctl -qw net.ipv4.ping_group_range="0 0" net.xinet.ping_group_range="0 0"
a=$(inN "$probe" ping 2 4242 | xargs) x=$(inN "$probe" ping "$fam" 4242 | xargs)
if [ "$a" = ENOENT ] && [ "$x" = "found 127.0.0.1:4242 family ok 0" ]; then
	ok "ping sockets in IPPROTO_ICMP dumps (AF_INET: none, ENOENT)"
else
	not_ok "ping sockets in IPPROTO_ICMP dumps (AF_INET: none, ENOENT)" "AF_INET: $a, AF_XINET: $x"
fi
exec 3>&-
wait

# SOCK_DESTROY: a victim blocked in recv() on 127.0.0.1:V+1 -> :V.
V=$((P + 10))
# victim FAMILY: start it, its output in $tmp/victim.FAMILY
victim() {
	ip netns exec "$N" "$probe" victim "$1" "$V" >"$tmp/victim.$1" 2>&1 &
	vpid=$!
	wait_output "$tmp/victim.$1" ready 50
}
# ended FAMILY: what ended the victim's recv(), once it has.
ended() {
	for _ in $(seq 50); do
		[ "$(wc -l <"$tmp/victim.$1")" -ge 2 ] && break
		sleep 0.1
	done
	sed -n 2p "$tmp/victim.$1"
}

linux_destroy=no
if victim 2; then
	[ "$(inN "$probe" req 2 "destroy:$((V + 1)):$V")" = 0 ] && linux_destroy=yes
	[ $linux_destroy = yes ] && linux_end=$(ended 2)
	kill "$vpid" 2>/dev/null
	wait "$vpid" 2>/dev/null
fi
victim "$fam" || true
x=$(inN "$probe" req "$fam" "destroy:$((V + 1)):$V" 65534)
a=EPERM
[ $linux_destroy = yes ] || a="EPERM (sock_diag_destroy(); this kernel has no CONFIG_INET_DIAG_DESTROY)"
if [ "$x" = EPERM ]; then
	ok "SOCK_DESTROY without CAP_NET_ADMIN: EPERM"
else
	not_ok "SOCK_DESTROY without CAP_NET_ADMIN: EPERM" "AF_XINET: $x, expected $a"
fi
inN "$xinet" ss -tnK "sport = :$((V + 1))" >"$tmp/k.out" 2>&1
x=$(ended "$fam")
want=ECONNABORTED
[ $linux_destroy = yes ] && want=$linux_end
if [ "$x" = "$want" ] && [ "$want" = ECONNABORTED ] &&
   grep -q "127.0.0.1:$((V + 1))" "$tmp/k.out"; then
	ok "xinet ss -K: the owner's recv() fails with ECONNABORTED"
else
	mapfile -t d <"$tmp/k.out"
	not_ok "xinet ss -K: the owner's recv() fails with ECONNABORTED" \
		"AF_XINET: $x, AF_INET: ${linux_end:-(no SOCK_DESTROY)}" "${d[@]}"
fi
if inN "$xinet" ss -tan "sport = :$((V + 1))" | grep -q ESTAB; then
	inN "$xinet" ss -tan >"$tmp/d"
	mapfile -t d <"$tmp/d"
	not_ok "the aborted connection is gone" "${d[@]}"
else
	ok "the aborted connection is gone"
fi

echo "# $n tests, $failed failed"
[ "$failed" = 0 ]
