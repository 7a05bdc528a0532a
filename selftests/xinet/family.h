/* SPDX-License-Identifier: GPL-2.0 */
/*
 * family.h: the address family xinet registered, which the module's
 * "family" parameter may move from AF_XINET, for the tests and for the
 * helpers that take a family by name.
 */
#ifndef XINET_SELFTEST_FAMILY_H
#define XINET_SELFTEST_FAMILY_H

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/xinet.h>

/* The family actually registered (AF_XINET when xinet does not say). */
static inline int xinet_family(void)
{
	FILE *f = fopen(XINET_FAMILY_PATH, "r");
	int family = AF_XINET;

	if (f) {
		if (fscanf(f, "%d", &family) != 1)
			family = AF_XINET;
		fclose(f);
	}
	return family;
}

/* "inet" or "xinet" as a family number; -1 for another name. */
static inline int family_of(const char *name)
{
	if (!strcmp(name, "inet"))
		return AF_INET;
	if (strcmp(name, "xinet"))
		return -1;
	return xinet_family();
}

#endif
