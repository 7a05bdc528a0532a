#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# trace_test.sh: issue #17 section 1, the call-path map checked live.
# Runs helpers/trace-scenario (socket, bind, listen, connect, accept,
# send, recv, close on both sides, UDP, ping) under scripts/xinet-trace
# --check, after reloading xinet under the tracer so that module init is
# traced too.  One TAP result per path of the "Traced paths" section of
# Documentation/call-paths.md: not ok when a function the map names for
# the path was not called in its step, not inside the item it is listed
# under, or not in the map's order.  Also not ok: a map line the parser
# cannot read, a function the map names that xinet.ko has no traceable
# symbol for (or one marked *inlined* that it has), lost trace events.
#
# A failed path prints its step's call tree as TAP diagnostics; the raw
# trace stays in $XINET_OUT/trace_test.trace.  XINET_TRACE_MAP checks
# another copy of the map (to see the test fail on a broken one).
#
# Needs root, tracefs with the function_graph tracer, an unused xinet
# module and helpers/trace-scenario (make selftests).  TAP.

set -u
repo=${XINET_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
scenario=$repo/selftests/xinet/out/helpers/trace-scenario
map=${XINET_TRACE_MAP:-$repo/Documentation/call-paths.md}

if [ ! -x "$scenario" ]; then
	echo "1..0 # SKIP no $scenario (make selftests)"
	exit 4
fi
if ! grep -qw function_graph /sys/kernel/tracing/available_tracers 2>/dev/null; then
	echo "1..0 # SKIP no function_graph tracer"
	exit 4
fi

exec "$repo/scripts/xinet-trace" --reload --check --map "$map" \
	--save "${XINET_OUT:-/tmp}/trace_test.trace" -- "$scenario"
