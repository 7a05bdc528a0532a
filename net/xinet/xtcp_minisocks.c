// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: twin of net/ipv4/tcp_minisocks.c.  Placeholder: see include/net/xinet/xtcp.h
 * for what lives here and who writes it.
 */

#include <net/xinet/xtcp.h>
