// SPDX-License-Identifier: GPL-2.0
/*
 * xinet_kunit.ko: the KUnit suites of xinet, one module so that the test
 * runner loads them in one step.  Each kunit/<file>_test.c tests the
 * net/xinet/<file>.c of the same name and registers its own suites; the
 * suites run when this module is loaded and report in KTAP to the kernel
 * log and to /sys/kernel/debug/kunit/<suite>/results.
 */

#include <linux/module.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for the AF_XINET module");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
