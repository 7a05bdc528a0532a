// SPDX-License-Identifier: GPL-2.0
/*
 * module_test: loading and unloading xinet.ko while sockets come and go.
 *
 * Needs the module loaded on entry and leaves it loaded on exit; finds
 * xinet.ko in $XINET_REPO (set by scripts/xinet-vm), else the current
 * directory.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/xinet.h>

#include "kselftest_harness.h"

#define KMEMLEAK "/sys/kernel/debug/kmemleak"

static const char *module_path(void)
{
	static char path[4096];
	const char *repo = getenv("XINET_REPO");

	snprintf(path, sizeof(path), "%s/xinet.ko", repo ? repo : ".");
	return path;
}

static int module_loaded(void)
{
	struct stat st;

	return stat("/sys/module/xinet", &st) == 0;
}

/* insmod: 0 or -errno. */
static int load(const char *params)
{
	int fd = open(module_path(), O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, params, 0);
	ret = ret ? -errno : 0;
	close(fd);
	return ret;
}

/* rmmod without waiting: 0 or -errno (-EWOULDBLOCK while in use). */
static int unload_once(void)
{
	return syscall(SYS_delete_module, "xinet", O_NONBLOCK) ? -errno : 0;
}

/*
 * rmmod without waiting; a socket just closed may still pin the module
 * for an RCU grace period (raw and UDP socks are SOCK_RCU_FREE), so
 * EWOULDBLOCK is retried for up to 5 s.
 */
static int unload(void)
{
	int i;

	for (i = 0; i < 100; i++) {
		if (!syscall(SYS_delete_module, "xinet", O_NONBLOCK))
			return 0;
		if (errno != EWOULDBLOCK)
			break;
		usleep(50 * 1000);
	}
	return -errno;
}

static int registered_family(void)
{
	FILE *f = fopen(XINET_FAMILY_PATH, "r");
	int family = -1;

	if (f) {
		if (fscanf(f, "%d", &family) != 1)
			family = -1;
		fclose(f);
	}
	return family;
}

static int write_str(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* Opens and closes one socket of every kind; returns how many opened. */
static int socket_round(int family)
{
	static const int kinds[][2] = {
		{ SOCK_STREAM, 0 }, { SOCK_DGRAM, 0 },
		{ SOCK_DGRAM, IPPROTO_ICMP }, { SOCK_RAW, IPPROTO_ICMP },
		{ SOCK_RAW, IPPROTO_RAW },
	};
	int i, opened = 0;

	for (i = 0; i < 5; i++) {
		int fd = socket(family, kinds[i][0], kinds[i][1]);

		if (fd >= 0) {
			opened++;
			close(fd);
		}
	}
	return opened;
}

FIXTURE(module) {
	int family;
};

FIXTURE_SETUP(module)
{
	ASSERT_TRUE(module_loaded()) TH_LOG("xinet must be loaded to start");
	self->family = registered_family();
	ASSERT_GT(self->family, 0);
}

/* Whatever happened, leave the default module loaded. */
FIXTURE_TEARDOWN(module)
{
	if (module_loaded() && registered_family() != AF_XINET)
		unload();
	if (!module_loaded())
		load("");
}

TEST_F(module, rmmod_refused_while_a_socket_is_open)
{
	int fd = socket(self->family, SOCK_DGRAM, 0);

	ASSERT_GE(fd, 0);
	EXPECT_EQ(-EWOULDBLOCK, unload_once());
	EXPECT_TRUE(module_loaded());
	/* The socket still works after the refused unload. */
	EXPECT_EQ(SOCK_DGRAM, ({ int t = 0; socklen_t l = sizeof(t);
		getsockopt(fd, SOL_SOCKET, SO_TYPE, &t, &l); t; }));
	close(fd);

	/* close() has released the socket by the time it returns. */
	ASSERT_EQ(0, unload());
	EXPECT_FALSE(module_loaded());
	ASSERT_EQ(0, load(""));
}

TEST_F(module, socket_family_gone_after_rmmod)
{
	int fd;

	ASSERT_EQ(0, unload());
	fd = socket(self->family, SOCK_DGRAM, 0);
	EXPECT_LT(fd, 0);
	EXPECT_EQ(EAFNOSUPPORT, errno);
	ASSERT_EQ(0, load(""));
	fd = socket(self->family, SOCK_DGRAM, 0);
	ASSERT_GE(fd, 0);
	close(fd);
}

TEST_F_TIMEOUT(module, load_unload_20_times_with_sockets, 600)
{
	int i, kmemleak = access(KMEMLEAK, R_OK) == 0;
	char report[256] = "";

	/* Forget what leaked before this test: only our leaks count. */
	if (kmemleak) {
		write_str(KMEMLEAK, "scan");
		write_str(KMEMLEAK, "clear");
	}
	/* Let ping sockets be created too (restored by the last reload). */
	for (i = 0; i < 20; i++) {
		ASSERT_EQ(0, unload()) TH_LOG("round %d", i);
		ASSERT_EQ(0, load("")) TH_LOG("round %d", i);
		ASSERT_EQ(0, write_str("/proc/sys/net/xinet/ping_group_range",
				       "0 0"));
		ASSERT_EQ(5, socket_round(self->family)) TH_LOG("round %d", i);
	}
	ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load(""));

	if (!kmemleak)
		SKIP(return, "kernel without kmemleak");
	/* kmemleak only reports objects older than 5 seconds. */
	sleep(6);
	ASSERT_EQ(0, write_str(KMEMLEAK, "scan"));
	ASSERT_EQ(0, write_str(KMEMLEAK, "scan"));
	{
		int fd = open(KMEMLEAK, O_RDONLY);
		ssize_t n;

		ASSERT_GE(fd, 0);
		n = read(fd, report, sizeof(report) - 1);
		close(fd);
		ASSERT_GE(n, 0);
		report[n] = '\0';
	}
	EXPECT_STREQ("", report);
}

TEST_F(module, family_parameter)
{
	int fd;

	ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load("family=13"));
	EXPECT_EQ(13, registered_family());
	fd = socket(13, SOCK_DGRAM, 0);
	ASSERT_GE(fd, 0);
	close(fd);
	/* The default slot is not ours any more. */
	fd = socket(AF_XINET, SOCK_DGRAM, 0);
	EXPECT_LT(fd, 0);
	EXPECT_EQ(EAFNOSUPPORT, errno);
	ASSERT_EQ(0, unload());
}

TEST_F(module, family_slot_taken_is_eexist)
{
	ASSERT_EQ(0, unload());
	/* AF_NETLINK and AF_UNIX are registered by the kernel itself. */
	EXPECT_EQ(-EEXIST, load("family=16"));
	EXPECT_EQ(-EEXIST, load("family=1"));
	EXPECT_FALSE(module_loaded());
}

TEST_F(module, family_out_of_range_is_einval)
{
	ASSERT_EQ(0, unload());
	EXPECT_EQ(-EINVAL, load("family=0"));
	EXPECT_EQ(-EINVAL, load("family=2"));	/* AF_INET itself */
	EXPECT_EQ(-EINVAL, load("family=46"));	/* AF_MAX */
	EXPECT_EQ(-EINVAL, load("family=-3"));
	EXPECT_FALSE(module_loaded());
}

TEST_HARNESS_MAIN
