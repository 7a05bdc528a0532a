# SPDX-License-Identifier: GPL-2.0
#
# Out-of-tree build of xinet.ko, plus the project's commands:
#   make demo    boot the test VM and show AF_XINET at work
#   make check   build and run every test in the test VM (the debug kernel,
#                then the heavy data tests at full size on the stock kernel)
#   make check-quick the debug kernel's boot only
#   make bench   AF_XINET against AF_INET on the stock kernel
# See README.md.

ifneq ($(KERNELRELEASE),)
# Invoked by Kbuild: everything is in ./Kbuild.
include $(src)/Kbuild
else

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

# A user on a real machine builds against the running kernel; on a machine
# without its headers (like the project's build hosts) fall back to the
# project's own test kernel, built and cached by scripts/xinet-kernel.
ifeq ($(origin KDIR),undefined)
KDIR := $(shell d=/lib/modules/$$(uname -r)/build; [ -d $$d ] && echo $$d)
ifeq ($(KDIR),)
KDIR = $(shell $(TOP)/scripts/xinet-kernel kdir)
endif
endif

# What `make clean` may use: a kernel tree that exists now, never one to build.
KDIR_CLEAN = $(if $(filter undefined,$(origin KDIR)),$(shell $(TOP)/scripts/xinet-kernel dir)/linux-source-6.12,$(KDIR))

.PHONY: all modules samples clean demo check check-quick soak compat bench selftests tools kernel deps

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
# Documentation/benchmarks.md.  BENCH_ARGS go to xinet-bench ("-r 5 udp_rr").
bench:
	$(TOP)/scripts/xinet-bench $(BENCH_ARGS)

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
