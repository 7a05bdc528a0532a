/* SPDX-License-Identifier: GPL-2.0 */
/* xinet ss (ss.c), the sock_diag listing of the xinet tool. */
#ifndef XINET_TOOL_SS_H
#define XINET_TOOL_SS_H

int do_ss(int argc, char **argv);
/* The family number xinet registered (ss.c); XINET_SS_FAMILY overrides. */
int xinet_sock_family(void);
/* xinet trace (trace.c), the flight records of TCP sockets. */
int do_trace(int argc, char **argv);

#endif
