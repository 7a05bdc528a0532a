/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The part of QEMU's plugin API (version 1: QEMU 7.2, Debian 12's) that
 * kprof uses, declared here so that building kprof needs no QEMU source.
 * The types are the ABI's: the plugin id is a uint64_t, the handles are
 * opaque structs, the enums start at 0.
 */
#ifndef KPROF_QEMU_PLUGIN_V1_H
#define KPROF_QEMU_PLUGIN_V1_H

#include <stddef.h>
#include <stdint.h>

#define KPROF_EXPORT __attribute__((visibility("default")))
#define KPROF_QEMU_PLUGIN_VERSION	1

struct qemu_info_t;
struct qemu_plugin_tb;

enum qemu_plugin_cb_flags {
	QEMU_PLUGIN_CB_NO_REGS,
	QEMU_PLUGIN_CB_R_REGS,
	QEMU_PLUGIN_CB_RW_REGS,
};

enum qemu_plugin_op {
	QEMU_PLUGIN_INLINE_ADD_U64,
};

void qemu_plugin_register_vcpu_tb_trans_cb(uint64_t id,
					   void (*cb)(uint64_t id,
						      struct qemu_plugin_tb *tb));
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
					  void (*cb)(unsigned int vcpu_index,
						     void *userdata),
					  enum qemu_plugin_cb_flags flags,
					  void *userdata);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb,
					      enum qemu_plugin_op op,
					      void *ptr, uint64_t imm);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);

#endif /* KPROF_QEMU_PLUGIN_V1_H */
