// SPDX-License-Identifier: GPL-2.0
/*
 * link_xnet.so - iproute2 plugin for the "xnet" link kind, so that
 *
 *   IP_LIB_DIR=<repo>/tools/ip ip link add A type xnet peer name B [netns NS]
 *
 * works like it does for veth.  ip(8) dlopen()s $IP_LIB_DIR/link_<kind>.so
 * (default /usr/lib/ip) and looks up <kind>_link_util.  The plugin uses
 * nothing of ip's own: it declares the leading part of iproute2's
 * struct link_util (ip/ip_common.h; next, id, maxattr, parse_opt and
 * print_opt are in that order in every iproute2 since 2.6) and writes the
 * XNET_INFO_PEER attribute into ip's request itself.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/xinet_netlink.h>

/* ip's request buffer is struct iplink_req: the header, an ifinfomsg and
 * 1024 more bytes; stay well inside it.
 */
#define XNET_REQ_MAX	1024

struct link_util {
	struct link_util	*next;
	const char		*id;
	int			maxattr;
	int			(*parse_opt)(struct link_util *lu, int argc,
					     char **argv, struct nlmsghdr *n);
	void			(*print_opt)(struct link_util *lu, FILE *f,
					     struct rtattr *tb[]);
	void			(*print_xstats)(struct link_util *lu, FILE *f,
						struct rtattr *xstats);
	void			(*print_help)(struct link_util *lu, int argc,
					      char **argv, FILE *f);
};

static struct rtattr *tail(struct nlmsghdr *n)
{
	return (struct rtattr *)((char *)n + NLMSG_ALIGN(n->nlmsg_len));
}

static int put(struct nlmsghdr *n, int type, const void *data, int len)
{
	int alen = RTA_LENGTH(len);
	struct rtattr *rta;

	if (NLMSG_ALIGN(n->nlmsg_len) + RTA_ALIGN(alen) > XNET_REQ_MAX) {
		fprintf(stderr, "xnet: request too long\n");
		return -1;
	}
	rta = tail(n);
	rta->rta_type = type;
	rta->rta_len = alen;
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	n->nlmsg_len = NLMSG_ALIGN(n->nlmsg_len) + RTA_ALIGN(alen);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: ip link add NAME type xnet [peer [name] PEER [netns NS] [mtu MTU]]\n"
		"  without a peer, NAME is a loopback device\n");
}

static int xnet_parse_opt(struct link_util *lu, int argc, char **argv,
			  struct nlmsghdr *n)
{
	struct rtattr *peer;
	struct ifinfomsg ifm = { .ifi_family = AF_UNSPEC };
	const char *name = NULL;
	char path[PATH_MAX], *end;
	unsigned long v;
	__u32 u;
	int fd;

	(void)lu;
	if (argc < 1)
		return 0;
	if (strcmp(argv[0], "peer")) {
		fprintf(stderr, "xnet: unknown option \"%s\"\n", argv[0]);
		usage(stderr);
		return -1;
	}
	peer = tail(n);
	if (put(n, XNET_INFO_PEER, &ifm, sizeof(ifm)))
		return -1;
	for (argc--, argv++; argc > 0; argc--, argv++) {
		if (!strcmp(argv[0], "name") && argc > 1) {
			name = *++argv;
			argc--;
		} else if (!strcmp(argv[0], "netns") && argc > 1) {
			argv++;
			argc--;
			errno = 0;
			v = strtoul(argv[0], &end, 10);
			if (!errno && *argv[0] && !*end) {
				u = v;
				if (put(n, IFLA_NET_NS_PID, &u, sizeof(u)))
					return -1;
				continue;
			}
			snprintf(path, sizeof(path), "/run/netns/%s", argv[0]);
			fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0) {
				fprintf(stderr, "Cannot open network namespace \"%s\": %s\n",
					argv[0], strerror(errno));
				return -1;
			}
			/* Open until ip has sent the request and exits. */
			u = fd;
			if (put(n, IFLA_NET_NS_FD, &u, sizeof(u)))
				return -1;
		} else if (!strcmp(argv[0], "mtu") && argc > 1) {
			argv++;
			argc--;
			errno = 0;
			v = strtoul(argv[0], &end, 10);
			if (errno || !*argv[0] || *end || v > UINT32_MAX) {
				fprintf(stderr, "xnet: invalid mtu \"%s\"\n", argv[0]);
				return -1;
			}
			u = v;
			if (put(n, IFLA_MTU, &u, sizeof(u)))
				return -1;
		} else if (!strcmp(argv[0], "help")) {
			usage(stdout);
			return -1;
		} else if (!name) {
			name = argv[0];
		} else {
			fprintf(stderr, "xnet: unknown option \"%s\"\n", argv[0]);
			usage(stderr);
			return -1;
		}
	}
	if (name) {
		if (strlen(name) >= IFNAMSIZ) {
			fprintf(stderr, "xnet: name \"%s\" too long\n", name);
			return -1;
		}
		if (put(n, IFLA_IFNAME, name, strlen(name) + 1))
			return -1;
	}
	peer->rta_len = (char *)tail(n) - (char *)peer;
	return 0;
}

static void xnet_print_help(struct link_util *lu, int argc, char **argv,
			    FILE *f)
{
	(void)lu;
	(void)argc;
	(void)argv;
	usage(f);
}

struct link_util xnet_link_util = {
	.id		= "xnet",
	.maxattr	= XNET_INFO_MAX,
	.parse_opt	= xnet_parse_opt,
	.print_help	= xnet_print_help,
};
