// SPDX-License-Identifier: GPL-2.0
/*
 * kprof: a QEMU TCG plugin that counts the instructions the guest kernel
 * executes, per translation block, between two calls of a marker
 * function.  Instruction counts do not move with the host's load the
 * way TCG's timings do, so two stacks can be compared on the work they
 * do per packet or per connection (scripts/xinet-kprof, `make kprof`).
 *
 *   -plugin kprof.so,mark=HEXADDR,out=PREFIX
 *
 * Every time the guest enters the block at HEXADDR (xinet-bench calls
 * personality(0xffffffff) around each round; boot with nokaslr so the
 * address is fixed), the counts since the previous mark are written to
 * PREFIX.N (N = 0, 1, ...), one "vaddr instructions executions" line per
 * kernel block that ran, and reset.  kprof-sym maps them to symbols.
 *
 * It uses version 1 of QEMU's plugin API (QEMU 7.2, Debian 12): the
 * few declarations it needs are in qemu-plugin-v1.h, so that building
 * it needs no QEMU source.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qemu-plugin-v1.h"

KPROF_EXPORT int qemu_plugin_version = KPROF_QEMU_PLUGIN_VERSION;

/* --- the counters */

/* The kernel half of x86-64's address space. */
#define KERNEL_START	0xffff800000000000ull

struct block {
	uint64_t vaddr;
	uint64_t execs;		/* added to by the translated code */
	unsigned int ninsns;
};

/* Open addressing; a boot translates some 10^5 kernel blocks. */
#define SLOTS	(1u << 21)

static struct block **slots;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t mark;
static const char *out = "kprof";
static int dumps;

/* The counter of a block; a block retranslated shares its counter. */
static struct block *block_of(uint64_t vaddr, unsigned int ninsns)
{
	uint64_t h = (vaddr ^ ninsns) * 0x9e3779b97f4a7c15ull;
	unsigned int i = h >> (64 - 21);

	for (;; i = (i + 1) & (SLOTS - 1)) {
		struct block *b = slots[i];

		if (!b) {
			b = calloc(1, sizeof(*b));
			if (!b)
				abort();
			b->vaddr = vaddr;
			b->ninsns = ninsns;
			slots[i] = b;
			return b;
		}
		if (b->vaddr == vaddr && b->ninsns == ninsns)
			return b;
	}
}

/*
 * The marker ran: write out what ran since the last one.  The other
 * vCPU goes on counting meanwhile; a few blocks land on either side.
 */
static void on_mark(unsigned int vcpu, void *udata)
{
	char path[4096];
	unsigned int i;
	FILE *f;

	pthread_mutex_lock(&lock);
	snprintf(path, sizeof(path), "%s.%d", out, dumps++);
	f = fopen(path, "w");
	if (!f)
		perror(path);
	for (i = 0; i < SLOTS; i++) {
		struct block *b = slots[i];

		if (!b || !b->execs)
			continue;
		if (f)
			fprintf(f, "%" PRIx64 " %u %" PRIu64 "\n", b->vaddr,
				b->ninsns, b->execs);
		b->execs = 0;
	}
	if (f)
		fclose(f);
	pthread_mutex_unlock(&lock);
}

static void on_translate(uint64_t id, struct qemu_plugin_tb *tb)
{
	uint64_t vaddr = qemu_plugin_tb_vaddr(tb);
	struct block *b;

	if (vaddr < KERNEL_START)
		return;
	pthread_mutex_lock(&lock);
	b = block_of(vaddr, qemu_plugin_tb_n_insns(tb));
	pthread_mutex_unlock(&lock);
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64,
						 &b->execs, 1);
	if (vaddr == mark)
		qemu_plugin_register_vcpu_tb_exec_cb(tb, on_mark,
						     QEMU_PLUGIN_CB_NO_REGS,
						     NULL);
}

KPROF_EXPORT int qemu_plugin_install(uint64_t id,
				     const struct qemu_info_t *info, int argc,
				     char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "mark=", 5))
			mark = strtoull(argv[i] + 5, NULL, 16);
		else if (!strncmp(argv[i], "out=", 4))
			out = strdup(argv[i] + 4);
	}
	if (!mark) {
		fprintf(stderr, "kprof: mark=HEXADDR is required\n");
		return -1;
	}
	slots = calloc(SLOTS, sizeof(*slots));
	if (!slots)
		return -1;
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	return 0;
}
