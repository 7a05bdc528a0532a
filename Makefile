# SPDX-License-Identifier: GPL-2.0
#
# Out-of-tree build of xinet.ko, plus the project's two commands:
#   make demo    boot the test VM and show AF_XINET at work
#   make check   build and run every test in the test VM
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

.PHONY: all modules clean demo check compat bench selftests tools kernel deps

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(TOP) W=1 modules

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

compat:
	$(TOP)/scripts/xinet-compat

clean:
	$(MAKE) -C $(KDIR) M=$(TOP) clean 2>/dev/null || true
	$(MAKE) -C $(TOP)/selftests/xinet clean
	rm -rf $(TOP)/.build

endif
