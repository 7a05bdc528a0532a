#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# install_test: xinet installed on a real machine the way README.md says,
# on the kernel the guest booted (make check's stock boot: Debian's stock
# 6.12, its headers and DKMS from the host).  Two passes, each in a root
# of its own that it throws away (an overlayfs over the guest's read-only
# root, its upper layer on a tmpfs, in a private mount namespace), so
# that dpkg, DKMS, depmod and make install write only there:
#
#   deb    dpkg -i xinet-dkms and xinet-tools (scripts/xinet-deb
#          --prebuilt: the postinst has DKMS load the xinet.ko DKMS built
#          on the host for this kernel, then install it; compiling it
#          here under TCG takes 925 s), dkms status says installed,
#          modinfo and modprobe find DKMS's file in updates/dkms, the
#          use checks, dpkg -r
#   make   make install from a tree built for this kernel ($XINET_KO),
#          modinfo and modprobe find it in updates/, the use checks,
#          make uninstall
#
# The use checks, with the installed files only: /sys/module/xinet is
# the installed file's module (the same GNU build ID); README's
# `xinet-run iperf3 -s` serves `xinet-run iperf3 -c` over 127.0.0.1
# while `xinet ss -tin` shows the connection with its tcp_info; `ip link
# add ... type xnet` through the plugin where ip looks for it; man finds
# xinet(8), xinet-run(1) and xinet(7); a program builds with
# <linux/xinet.h>.  After the removal nothing may be left: no DKMS
# state, no module, no package file, no new directory, and every file of
# the upper layer but dpkg's records and the logs byte-identical to the
# root's (depmod rewrites its indexes, which must come back the same).
#
# depmod decompresses each of the kernel's 4,000 modules (.ko.xz) and
# runs once per install and once per removal, the most of each pass's
# time here (about a minute each under TCG): the two passes run side by
# side, and only their module checks take turns (the kernel has one
# xinet at a time).  make check installs only (about 140 s); the
# removals and the nothing-left checks (about 80 s more) run with
# XINET_INSTALL_REMOVE=1:
#   XINET_INSTALL_REMOVE=1 XINET_TESTS=install_test \
#   XINET_STOCK_TESTS=install_test make check
#
# The runner's xinet.ko ($XINET_KO) is unloaded first and loaded again
# at the end.  TAP; root.  A kernel that is not installed (the debug
# boot's, no /lib/modules/$(uname -r)/kernel) skips the test; on an
# installed one, missing headers, DKMS or packages ($XINET_DEB_DIR,
# default <repo>/.build/deb: make dkms-deb PREBUILT=$(uname -r)) fail it.
set -u
remove=${XINET_INSTALL_REMOVE:-0}
repo=${XINET_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
self=$repo/selftests/xinet/install_test.sh
kver=$(uname -r)
debs=${XINET_DEB_DIR:-$repo/.build/deb}
ko=${XINET_KO:-$repo/.build/stock/xinet.ko}
lock=/tmp/xinet-install.lock

# --- inside a throw-away root: one result per line, "PASS name" or
# "FAIL name: why", each followed by "T name seconds"; the outer run
# makes them TAP.
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
# check NAME CMD...: PASS if CMD succeeds, else FAIL with its output's end.
check() {
	local name=$1 o t=$SECONDS rc
	shift
	o=$("$@" 2>&1)
	rc=$?
	if [ "$rc" = 0 ]; then pass "$name"; else fail "$name" "$(echo "$o" | tail -40 | tr '\n' '|')"; fi
	echo "T $name $((SECONDS - t))"
	return "$rc"
}
# log NAME FILE: FILE's lines as diagnostics.
log() { sed "s|^|# $1: |" "$2"; }

# use WHAT PREFIX: the installed files at work (PREFIX/bin/xinet-run),
# xinet loaded.
use() {
	local w=$1
	check "$w.sys_module" test -d /sys/module/xinet/parameters
	check "$w.xinet-run_is_installed" test "$(command -v xinet-run)" = "$2/bin/xinet-run"
	# README's steps, in a network namespace of their own: their
	# TIME_WAIT sockets go with it and do not hold the module.
	check "$w.xinet-run_iperf3_xinet_ss" unshare -n bash "$self" --readme
	log "$w.readme" /tmp/readme.log
	check "$w.ip_link_type_xnet" unshare -n bash -c '
		ip link add xa type xnet peer name xb && ip link show xb >/dev/null &&
		xinet addr add 10.9.0.1/24 dev xa && xinet addr show dev xa | grep -q 10.9.0.1/24'
	check "$w.man_pages" bash -c 'man -w 8 xinet && man -w 1 xinet-run && man -w 7 xinet'
	check "$w.uapi_header" bash -c '
		printf "#include <sys/socket.h>\n#include <linux/xinet.h>\nint main(void) { struct sockaddr_xin a = { .sxin_family = AF_XINET }; return a.sxin_family != 22; }\n" >/tmp/h.c &&
		gcc -o /tmp/h /tmp/h.c && /tmp/h'
}

# readme: README's steps: xinet-run iperf3 -s serves xinet-run iperf3 -c
# over 127.0.0.1, and xinet ss -tin lists the established connection
# with tcp_info while it runs.
readme() {
	local port=5201 i s=/tmp/iperf3-s.log c=/tmp/iperf3-c.log spid cpid
	exec >/tmp/readme.log 2>&1
	ip link set lo up
	timeout 60 xinet-run iperf3 -s -4 -1 -p "$port" >"$s" 2>&1 &
	spid=$!
	for i in $(seq 100); do
		xinet ss -tln "sport = :$port" | grep -q ":$port" && break
		sleep 0.1
	done
	xinet ss -tln "sport = :$port"
	if [ "$i" = 100 ]; then
		echo "iperf3 -s: no listener: $(cat "$s")"
		return 1
	fi
	timeout 60 xinet-run iperf3 -c 127.0.0.1 -p "$port" -t 3 >"$c" 2>&1 &
	cpid=$!
	for i in $(seq 100); do
		xinet ss -tin "sport = :$port" >/tmp/ss.out
		grep -q ESTAB /tmp/ss.out && grep -q ' cwnd:' /tmp/ss.out && break
		sleep 0.1
	done
	cat /tmp/ss.out
	if [ "$i" = 100 ]; then
		echo "xinet ss -tin: no established connection with tcp_info"
		return 1
	fi
	if ! wait "$cpid"; then
		echo "iperf3 -c failed: $(cat "$c")"
		return 1
	fi
	grep -E 'sender|receiver' "$c"
	wait "$spid" || { echo "iperf3 -s failed: $(cat "$s")"; return 1; }
	grep -q receiver "$c"
}

# unload: xinet out of the kernel (the namespaces of the checks above may
# hold it for a moment).
unload() {
	local _
	for _ in $(seq 30); do
		modprobe -r xinet 2>/dev/null && return 0
		sleep 1
	done
	modprobe -r xinet
}

# loaded_from FILE: the loaded xinet is FILE's (the same GNU build ID;
# Debian's kernels give modules without MODULE_VERSION no srcversion).
loaded_from() {
	local k=/tmp/loaded.ko
	case $1 in
	*.xz) xz -dc "$1" >"$k" ;;
	*) cp "$1" "$k" ;;
	esac
	objcopy -O binary --only-section=.note.gnu.build-id "$k" /tmp/file.id &&
		cmp /sys/module/xinet/notes/.note.gnu.build-id /tmp/file.id
}

# dpkg_do ARGS...: dpkg, its output in /tmp/dpkg.log.
dpkg_do() { dpkg "$@" >/tmp/dpkg.log 2>&1; }

# not_installed: dpkg knows neither package, or knows them removed.
not_installed() {
	# shellcheck disable=SC2016 # dpkg-query's field, not the shell's
	! dpkg-query -W -f='${db:Status-Status}\n' xinet-dkms xinet-tools 2>/dev/null | grep -v not-installed
}

# status_installed: DKMS's line for xinet on this kernel says installed.
status_installed() {
	local st
	# (DKMS's readelf warnings about the headers' vmlinux go to stderr.)
	st=$(dkms status -m xinet 2>/dev/null)
	echo "$st" | tee /tmp/dkms.status
	echo "$st" | grep -F ", $kver, " | grep -q '^xinet/.*: installed$'
}

# modfile PATH: modinfo finds xinet at PATH (with the kernel's module
# compression suffix, if any).
modfile() {
	local f
	f=$(modinfo -n xinet) || return 1
	echo "$f"
	case $f in "$1" | "$1".xz | "$1".zst | "$1".gz) ;; *) return 1 ;; esac
}

# module_checks WHAT FILE PREFIX: modprobe loads FILE, the use checks,
# modprobe -r; one pass at a time (fd 9 is the lock run_pass opened).
module_checks() {
	local w=$1 f=$2
	flock 9
	echo "T $w.lock_wait $((SECONDS - $3))"
	if check "$w.modprobe" modprobe xinet; then
		check "$w.loaded_is_installed_file" loaded_from "$f"
		use "$w" "$4"
		check "$w.modprobe_r" unload
	fi
	flock -u 9
}

inside_deb() {
	local f t=$SECONDS
	export DEBIAN_FRONTEND=noninteractive
	# man-db's trigger rebuilds its whole index when this flag exists:
	# minutes under TCG, and nothing this test looks at.
	rm -f /var/lib/man-db/auto-update
	# All of dpkg's output: DKMS's steps.
	check deb.dpkg_install dpkg_do -i "$debs"/xinet-dkms_*_all.deb "$debs"/xinet-tools_*.deb
	log "dpkg -i" /tmp/dpkg.log
	if ! check deb.dkms_status_installed status_installed; then
		for f in /var/lib/dkms/xinet/*/build/make.log /var/lib/dkms/xinet/*/*/*/log/make.log; do
			[ ! -f "$f" ] || log "$f" "$f"
		done
	fi
	log "dkms status" /tmp/dkms.status
	check deb.module_in_updates_dkms modfile "/lib/modules/$kver/updates/dkms/xinet.ko"
	f=$(modinfo -n xinet 2>/dev/null)
	echo "# modinfo -n xinet: $f"
	module_checks deb "$f" "$SECONDS" /usr
	check deb.modules_load_example grep -qx xinet /usr/share/doc/xinet-dkms/examples/modules-load.d/xinet.conf
	[ "$remove" = 1 ] || { echo "T deb.inside $((SECONDS - t))"; return; }
	check deb.dpkg_remove dpkg_do -r xinet-tools xinet-dkms
	log "dpkg -r" /tmp/dpkg.log
	check deb.dkms_status_empty test -z "$(dkms status -m xinet 2>/dev/null)"
	check deb.no_module bash -c "! modinfo xinet"
	check deb.no_files bash -c '! ls -d /usr/src/xinet-* /var/lib/dkms/xinet /lib/modules/*/updates/dkms/xinet.ko* /usr/sbin/xinet /usr/bin/xinet-run /usr/lib/xinet /usr/share/xinet-dkms /usr/share/doc/xinet-* /usr/include/linux/xinet.h 2>/dev/null'
	check deb.dpkg_not_installed not_installed
	echo "T deb.inside $((SECONDS - t))"
}

inside_make() {
	local f=/lib/modules/$kver/updates/xinet.ko t=$SECONDS
	# The tree as a user has it after `make` on this kernel.
	cp "$ko" "$repo/xinet.ko"
	check make.install make -C "$repo" install
	check make.module_in_updates modfile "$f"
	echo "# modinfo -n xinet: $(modinfo -n xinet 2>&1)"
	module_checks make "$f" "$SECONDS" /usr/local
	check make.plugin_where_ip_looks test -f "/usr/lib/$(gcc -print-multiarch)/ip/link_xnet.so"
	[ "$remove" = 1 ] || { echo "T make.inside $((SECONDS - t))"; return; }
	check make.uninstall make -C "$repo" uninstall
	check make.no_module bash -c "! modinfo xinet"
	check make.no_files bash -c '! ls -d /lib/modules/*/updates/xinet.ko* /usr/local/sbin/xinet /usr/local/bin/xinet-run /usr/local/lib/xinet /usr/local/include/linux/xinet.h /usr/local/share/man/man8/xinet.8 /usr/local/share/doc/xinet /usr/lib/*/ip/link_xnet.so 2>/dev/null'
	echo "T make.inside $((SECONDS - t))"
}

# leftovers UPPER: files the pass left in the overlay's upper layer that
# differ from the root's, but for dpkg's records and the logs, and
# directories the root does not have.
leftovers() {
	local u=$1 f
	(cd "$u" && find . -mindepth 1 -type d | sed 's|^\./||' | sort) | while read -r f; do
		case $f in "${repo#/}" | "${repo#/}"/*) continue ;; esac
		[ -d "/$f" ] || echo "$f/ (new directory)"
	done
	(cd "$u" && find . -mindepth 1 ! -type d | sed 's|^\./||' | sort) | while read -r f; do
		case $f in
		var/lib/dpkg/info/xinet*) ;;
		var/lib/dpkg/* | var/log/* | var/cache/debconf/* | var/cache/man/*) continue ;;
		var/lib/man-db/auto-update) continue ;;	# removed above
		"${repo#/}"/*) continue ;;	# the tree make install ran in
		esac
		if [ -c "$u/$f" ]; then
			echo "$f (deleted)"
		elif ! cmp -s "$u/$f" "/$f"; then
			echo "$f"
		fi
	done
}

# run_pass NAME: a throw-away root, NAME's checks inside, then what it
# left.  Runs in its own mount namespace (unshare -m): the mounts go
# with it.
run_pass() {
	local p=$1 t=/tmp/xinet-install-$1 r left s
	mkdir -p "$t"
	mount -t tmpfs -o mode=755 tmpfs "$t" || { fail "$p.root" "tmpfs"; return; }
	mkdir -p "$t/u" "$t/w" "$t/r"
	if ! mount -t overlay overlay -o "lowerdir=/,upperdir=$t/u,workdir=$t/w" "$t/r"; then
		fail "$p.root" "cannot mount an overlay over /"
		return
	fi
	r=$t/r
	mount --rbind /dev "$r/dev"
	mount -t proc proc "$r/proc"
	mount --rbind /sys "$r/sys"
	mount -t tmpfs -o mode=755 tmpfs "$r/run"
	mount -t tmpfs -o mode=1777 tmpfs "$r/tmp"
	# The lock the passes' module checks share: opened here, outside
	# the roots, each pass its own open file.
	exec 9>"$lock"
	chroot "$r" /bin/bash "$self" --inside "$p"
	exec 9>&-
	[ "$remove" = 1 ] || return
	s=$SECONDS
	left=$(leftovers "$t/u")
	if [ -z "$left" ]; then pass "$p.nothing_left"; else fail "$p.nothing_left" "$(echo "$left" | head -20 | tr '\n' ' ')"; fi
	echo "T $p.nothing_left $((SECONDS - s))"
}

case ${1-} in
--inside) "inside_$2"; exit 0 ;;
--readme) readme; exit ;;
--pass) run_pass "$2"; exit 0 ;;
esac

# --- the outer run: TAP
echo "TAP version 13"
if [ ! -d "/lib/modules/$kver/kernel" ]; then
	echo "1..0 # SKIP $kver is not an installed kernel: make check's stock boot runs it"
	exit 4
fi
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; echo "# $*"; }
# tap PASS FILE: the pass's results as TAP, the rest as diagnostics.
tap() {
	local kind rest m=$n
	while read -r kind rest; do
		case $kind in
		PASS) ok "$rest" ;;
		FAIL) not_ok "${rest%%: *}" "${rest#*: }" ;;
		T) echo "# time ${rest% *}: ${rest##* } s" ;;
		'#') echo "# $rest" ;;
		*) echo "# $kind $rest" ;;
		esac
	done <"$2"
	[ "$n" != "$m" ] || not_ok "$1.ran" "no result: $(tail -3 "$2" | tr '\n' '|')"
}

t0=$SECONDS
# What a machine needs before it can install the packages.
missing=''
[ -d "/lib/modules/$kver/build/include" ] || missing+=" linux-headers-$kver"
command -v dkms >/dev/null || missing+=" dkms"
modprobe overlay 2>/dev/null || missing+=" overlayfs"
if [ -n "$missing" ]; then
	not_ok setup "missing:$missing"
fi
if ! compgen -G "$debs/xinet-dkms_*_all.deb" >/dev/null ||
   ! compgen -G "$debs/xinet-tools_*.deb" >/dev/null ||
   ! dpkg-deb -c "$debs"/xinet-dkms_*_all.deb | grep '/usr/share/xinet-dkms/xinet-.*\.dkms\.tar\.gz' >/dev/null; then
	not_ok packages "no xinet-dkms and xinet-tools with a module prebuilt for $kver in $debs (make dkms-deb PREBUILT=$kver)"
fi
if [ "$failed" = 0 ]; then
	if [ -d /sys/module/xinet ] && ! rmmod xinet; then
		not_ok unload_test_module "rmmod xinet failed"
	fi
	: >"$lock"
	for p in deb make; do
		unshare -m --propagation private bash "$self" --pass "$p" >"/tmp/install-$p.out" 2>&1 &
	done
	wait
	for p in deb make; do
		tap "$p" "/tmp/install-$p.out"
	done
	if ! insmod "$ko"; then
		not_ok reload_test_module "insmod $ko failed"
	fi
fi
echo "# install_test: $((SECONDS - t0)) s"
echo "1..$n"
[ "$failed" = 0 ]
