# SPDX-License-Identifier: GPL-2.0
#
# Out-of-tree build of xinet.ko, plus the project's commands:
#   make demo    boot the test VM and show AF_XINET at work
#   make trace-demo  the socket calls' paths through xinet, traced in the
#                test VM, beside their net/ipv4 twins
#   make check   build and run every test in the test VM (the debug kernel,
#                then the heavy data tests at full size on the stock kernel)
#   make check-quick the debug kernel's boot only
#   make bench   AF_XINET against AF_INET on the stock kernel
#   make bench-chart  redraw Documentation/images/bench-ratios.png
#   make bench-mem  what a connection costs in kernel memory, both families
#   make kprof   kernel instructions per transaction, datagram, connection
#                or MB of both families (a QEMU plugin counts them)
#   make install, make uninstall    on a real machine (below)
#   make dkms-deb                   the Debian packages (scripts/xinet-deb)
# See README.md.

ifneq ($(KERNELRELEASE),)
# Invoked by Kbuild: everything is in ./Kbuild.
include $(src)/Kbuild
else

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

# A user on a real machine builds against the running kernel (or KVER's);
# on a machine without its headers (like the project's build hosts) fall
# back to the project's own test kernel, built and cached by
# scripts/xinet-kernel.
ifeq ($(origin KDIR),undefined)
KDIR := $(shell d=/lib/modules/$(or $(KVER),$$(uname -r))/build; [ -d $$d ] && echo $$d)
ifeq ($(KDIR),)
KDIR = $(shell $(TOP)/scripts/xinet-kernel kdir)
endif
endif

# What `make clean` may use: a kernel tree that exists now, never one to build.
KDIR_CLEAN = $(if $(filter undefined,$(origin KDIR)),$(shell $(TOP)/scripts/xinet-kernel dir)/linux-source-6.12,$(KDIR))

.PHONY: all modules samples clean demo trace-demo check check-quick soak compat bench bench-ab bench-mem bench-chart kprof selftests tools kernel deps
.PHONY: install install-module install-tools uninstall dkms-deb

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(TOP) W=1 modules

# The in-kernel samples (samples/kernel/README.md) are part of the modules
# build (./Kbuild descends there); samples/kernel/Makefile builds them alone.
samples: modules

kernel:
	$(TOP)/scripts/xinet-kernel build

deps:
	$(TOP)/scripts/xinet-deps

selftests:
	$(MAKE) -C $(TOP)/selftests/xinet KDIR=$(KDIR)

tools:
	$(MAKE) -C $(TOP)/tools

demo:
	$(TOP)/scripts/xinet-demo

# TRACE_ARGS go to scripts/xinet-trace ('--steps "connect accept"').
trace-demo:
	$(TOP)/scripts/xinet-trace-demo $(TRACE_ARGS)

check:
	$(TOP)/scripts/xinet-check

# A developer's shorter run: make check without the stock kernel's boot
# (the full-size TCP data tests), about 6 minutes less.  CI runs make check.
check-quick:
	XINET_STOCK=0 $(TOP)/scripts/xinet-check

# Long randomised runs, never part of make check: the fuzzers and the
# fault-injection sweeps with XINET_SOAK=1 (1,000,000 fuzzed packets, ...),
# the TCP state fuzzer (tcp_peer_test) with 1,000 connections, on the debug
# kernel only.  XINET_TESTS picks other suites.
soak:
	XINET_SOAK=1 XINET_STOCK=0 \
	XINET_TESTS="$${XINET_TESTS-*fuzz* failslab_test tcp_peer_test}" \
	XINET_TCP_FUZZ_CONNS=$${XINET_TCP_FUZZ_CONNS:-1000} \
	XINET_TEST_TIMEOUT=$${XINET_TEST_TIMEOUT:-7200} \
	XINET_CHECK_TIMEOUT=$${XINET_CHECK_TIMEOUT:-14400} $(TOP)/scripts/xinet-check

compat:
	$(TOP)/scripts/xinet-compat

# On Debian's stock 6.12 kernel, not the test kernel: see
# Documentation/benchmarks.md.  BENCH_ARGS go to xinet-bench ("-r 5 udp_rr");
# BENCH_FLOORS names the floors file (empty: none), BENCH_RECORD=1 records
# the run in Documentation/bench-history.tsv and its chart (both are passed
# on in the environment).
bench:
	$(TOP)/scripts/xinet-bench $(BENCH_ARGS)

# The module of commit REV against the working tree's in one stock boot,
# PASSES (default 4) loads of each in turn: scripts/xinet-bench-ab.
bench-ab:
	$(TOP)/scripts/xinet-bench-ab $(REV) $(or $(PASSES),4) $(BENCH_ARGS)

bench-chart:
	$(TOP)/tools/bench/bench-record --chart

bench-mem:
	$(TOP)/scripts/xinet-bench --mem $(BENCH_ARGS)

kprof:
	$(TOP)/scripts/xinet-kprof $(BENCH_ARGS)

# --- make install / make uninstall: the module into KVER's tree (the
# release of KDIR: the running kernel's unless KVER or KDIR says
# otherwise) under updates/, then depmod; the tools, the uapi headers and
# the man pages under PREFIX; the iproute2 plugin where Debian's `ip`
# looks for plugins whatever PREFIX is (IPLIBDIR).  DESTDIR stages it all
# for a package, without depmod.  `make` first: install builds only the
# userspace tools, never the module (as root, against the wrong tree),
# and installs xinet.ko alone (not the samples), uncompressed (modprobe
# reads either).
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc/xinet
IPLIBDIR ?= /usr/lib/$(shell $(CC) -print-multiarch 2>/dev/null)/ip
KVER ?= $(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null || uname -r)
MODDIR = /lib/modules/$(KVER)/updates

install: install-module install-tools

install-module:
	@v=$$(modinfo -F vermagic $(TOP)/xinet.ko 2>/dev/null | cut -d' ' -f1); \
	if [ -z "$$v" ]; then echo "make install: no xinet.ko: run make first" >&2; exit 1; fi; \
	if [ "$$v" != "$(KVER)" ]; then \
		echo "make install: xinet.ko is built for $$v, not $(KVER): make clean; make KVER=$(KVER)" >&2; \
		exit 1; fi
	install -D -m 644 $(TOP)/xinet.ko $(DESTDIR)$(MODDIR)/xinet.ko
	[ -n "$(DESTDIR)" ] || depmod -a $(KVER)

install-tools: tools
	install -D -m 755 $(TOP)/tools/xinet/xinet $(DESTDIR)$(SBINDIR)/xinet
	install -D -m 755 $(TOP)/tools/preload/xinet-run $(DESTDIR)$(BINDIR)/xinet-run
	install -D -m 644 $(TOP)/tools/preload/libxinet-preload.so \
		$(DESTDIR)$(LIBDIR)/xinet/libxinet-preload.so
	install -D -m 755 $(TOP)/tools/xinet/xinet-plot $(DESTDIR)$(LIBDIR)/xinet/xinet-plot
	install -D -m 644 $(TOP)/tools/ip/link_xnet.so $(DESTDIR)$(IPLIBDIR)/link_xnet.so
	install -D -m 644 -t $(DESTDIR)$(INCLUDEDIR)/linux $(TOP)/include/uapi/linux/xinet.h \
		$(TOP)/include/uapi/linux/xinet_netlink.h \
		$(TOP)/include/uapi/linux/xinet_recorder.h
	install -D -m 644 $(TOP)/Documentation/man/xinet.8 $(DESTDIR)$(MANDIR)/man8/xinet.8
	install -D -m 644 $(TOP)/Documentation/man/xinet-run.1 $(DESTDIR)$(MANDIR)/man1/xinet-run.1
	install -D -m 644 $(TOP)/Documentation/man/xinet.7 $(DESTDIR)$(MANDIR)/man7/xinet.7
	install -D -m 644 -t $(DESTDIR)$(DOCDIR)/examples/modules-load.d \
		$(TOP)/scripts/package/modules-load.d/xinet.conf
	install -D -m 644 -t $(DESTDIR)$(DOCDIR)/examples/modprobe.d \
		$(TOP)/scripts/package/modprobe.d/xinet.conf

# Removes what install put there, and the directories that are left
# empty (install may have made them).
uninstall:
	rm -f $(DESTDIR)$(MODDIR)/xinet.ko $(DESTDIR)$(MODDIR)/xinet.ko.*
	rm -f $(DESTDIR)$(SBINDIR)/xinet $(DESTDIR)$(BINDIR)/xinet-run \
		$(DESTDIR)$(LIBDIR)/xinet/libxinet-preload.so $(DESTDIR)$(LIBDIR)/xinet/xinet-plot \
		$(DESTDIR)$(IPLIBDIR)/link_xnet.so \
		$(DESTDIR)$(INCLUDEDIR)/linux/xinet.h $(DESTDIR)$(INCLUDEDIR)/linux/xinet_netlink.h \
		$(DESTDIR)$(INCLUDEDIR)/linux/xinet_recorder.h \
		$(DESTDIR)$(MANDIR)/man8/xinet.8 $(DESTDIR)$(MANDIR)/man1/xinet-run.1 \
		$(DESTDIR)$(MANDIR)/man7/xinet.7 \
		$(DESTDIR)$(DOCDIR)/examples/modules-load.d/xinet.conf \
		$(DESTDIR)$(DOCDIR)/examples/modprobe.d/xinet.conf
	-rmdir $(DESTDIR)$(LIBDIR)/xinet $(DESTDIR)$(DOCDIR)/examples/modules-load.d \
		$(DESTDIR)$(DOCDIR)/examples/modprobe.d $(DESTDIR)$(DOCDIR)/examples \
		$(DESTDIR)$(DOCDIR) $(DESTDIR)$(MODDIR) $(DESTDIR)$(IPLIBDIR) \
		$(DESTDIR)$(INCLUDEDIR)/linux $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(dir $(DOCDIR)) 2>/dev/null
	[ -n "$(DESTDIR)" ] || [ ! -d /lib/modules/$(KVER)/kernel ] || depmod -a $(KVER)

# The packages: xinet-dkms (the module's source, built by DKMS for each
# kernel) and xinet-tools (the userspace tools), in .build/deb/.
# PREBUILT="KVER ..." adds xinet.ko built by DKMS here for those kernels.
dkms-deb: tools
	$(TOP)/scripts/xinet-deb $(foreach k,$(PREBUILT),--prebuilt $(k)) $(TOP)/.build/deb

# Cleaning never builds a kernel: without a kernel tree, remove what
# Kbuild would have removed by name.
clean:
	if [ -d "$(KDIR_CLEAN)" ]; then $(MAKE) -C $(KDIR_CLEAN) M=$(TOP) clean; \
	else find $(TOP) -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name Module.symvers -o -name modules.order | xargs rm -f; fi
	$(MAKE) -C $(TOP)/selftests/xinet clean
	[ ! -f $(TOP)/tools/Makefile ] || $(MAKE) -C $(TOP)/tools clean
	rm -rf $(TOP)/.build

endif
