// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: TEMPORARY stubs, on branch wip-conn, of the wip-data functions
 * that wip-conn calls, so that wip-conn links on its own.  Deleted when
 * the lead merges both branches.
 */

#include <net/xinet/xtcp.h>
