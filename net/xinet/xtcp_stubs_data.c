// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: TEMPORARY stubs, on branch wip-data, of the wip-conn functions
 * that wip-data calls, so that wip-data links on its own.  Deleted when
 * the lead merges both branches.
 */

#include <net/xinet/xtcp.h>
