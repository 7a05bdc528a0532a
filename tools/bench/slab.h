/* SPDX-License-Identifier: GPL-2.0 */
/*
 * slab.h: the slab memory in use, from /proc/slabinfo (xinet-mem and
 * xinet-bench's conn_mem measure a connection's memory with it).
 */
#ifndef XINET_BENCH_SLAB_H
#define XINET_BENCH_SLAB_H

#define SLAB_MAX_CACHES	1024

struct slab_cache {
	char name[64];
	long long bytes;
	long long objs;		/* active objects */
};

struct slab_snapshot {
	struct slab_cache c[SLAB_MAX_CACHES];
	int n;
	long long total;
};

/* Every cache's active objects times their size, and the sum; 0 or -1. */
int slab_snap(struct slab_snapshot *s);

/* The active objects of cache @name in @s; 0 if it has none. */
long long slab_objs(const struct slab_snapshot *s, const char *name);

/* Settles deferred frees (RCU, per-CPU caches) before a snapshot. */
void slab_settle(void);

/* Prints the @top caches that grew most from @a to @b, per @n objects. */
void slab_print_growth(const struct slab_snapshot *a,
		       const struct slab_snapshot *b, int n, int top);

#endif
