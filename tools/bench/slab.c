// SPDX-License-Identifier: GPL-2.0
/*
 * slab.c: the slab memory in use, from /proc/slabinfo (see slab.h).
 */

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "slab.h"

#define SLAB_TOP_MAX	16

int slab_snap(struct slab_snapshot *s)
{
	char line[512];
	FILE *f = fopen("/proc/slabinfo", "r");

	if (!f)
		return -1;
	s->n = 0;
	s->total = 0;
	while (fgets(line, sizeof(line), f)) {
		long long active, num, size;
		char name[64];

		if (line[0] == '#' || !strncmp(line, "slabinfo", 8))
			continue;
		if (sscanf(line, "%63s %lld %lld %lld", name, &active, &num,
			   &size) != 4 || s->n == SLAB_MAX_CACHES)
			continue;
		snprintf(s->c[s->n].name, sizeof(s->c[s->n].name), "%s", name);
		s->c[s->n].bytes = active * size;
		s->c[s->n].objs = active;
		s->total += active * size;
		s->n++;
	}
	fclose(f);
	return 0;
}

long long slab_objs(const struct slab_snapshot *s, const char *name)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->c[i].name, name))
			return s->c[i].objs;
	return 0;
}

void slab_settle(void)
{
	sleep(2);
	sync();
}

void slab_print_growth(const struct slab_snapshot *a,
		       const struct slab_snapshot *b, int n, int top)
{
	struct slab_cache best[SLAB_TOP_MAX] = {};
	int i, j, k;

	if (top > SLAB_TOP_MAX)
		top = SLAB_TOP_MAX;
	for (i = 0; i < b->n; i++) {
		long long before = 0, d;

		for (j = 0; j < a->n; j++)
			if (!strcmp(a->c[j].name, b->c[i].name))
				before = a->c[j].bytes;
		d = b->c[i].bytes - before;
		for (k = 0; k < top; k++) {
			if (d <= best[k].bytes)
				continue;
			memmove(&best[k + 1], &best[k],
				(top - k - 1) * sizeof(best[0]));
			best[k].bytes = d;
			snprintf(best[k].name, sizeof(best[k].name), "%s",
				 b->c[i].name);
			break;
		}
	}
	printf("    grew most:");
	for (k = 0; k < top && best[k].bytes > 0; k++)
		printf(" %s +%lld", best[k].name, best[k].bytes / n);
	printf("\n");
}
