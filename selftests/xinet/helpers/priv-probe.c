// SPDX-License-Identifier: GPL-2.0
/*
 * priv-probe: the operations of privilege_test.sh, under the identity
 * its options make (run it as root):
 *
 *	priv-probe [-u UID] [-U [-n]] < OPS
 *
 *	-u UID	drop to UID (and gid UID, no supplementary groups, no
 *		capabilities) first
 *	-U	then enter a new user namespace where that uid is root
 *		(uid and gid 0 map to UID), with all its capabilities there
 *	-n	and a new network namespace, owned by that user namespace
 *
 * So "-u 65534" is an unprivileged user, "-u 65534 -U -n" root of a user
 * namespace that owns its network namespace (unshare -Urn), "-u 65534
 * -U" root of a user namespace that does not own the network namespace
 * it stays in (unshare -Ur).  The user namespace is made here, not by
 * unshare(1), because the test VM runs commands in a chroot, where the
 * kernel refuses CLONE_NEWUSER (current_chrooted()): as root we step out
 * of the chroot, make the namespaces, and go back into it as their root.
 *
 * Reads operations from stdin, one a line: "LABEL OP ARGS...", runs
 * each in turn in this process (so that state made by one, a device or
 * a sysctl, is there for the next) and prints "LABEL RESULT" for each,
 * RESULT being "ok", an errno name (EPERM, EACCES, ...) or, for "stat",
 * the file's owner and mode.
 *
 *	socket FAM TYPE PROTO		socket(); FAM inet|xinet, TYPE
 *					stream|dgram|raw
 *	bind FAM TYPE PROTO PORT	socket() then bind() to 127.0.0.1:PORT
 *	repair FAM			a TCP socket, then TCP_REPAIR on
 *	genl CMD DEV [A.B.C.D/N]	a request of the "xinet" generic
 *					netlink family; CMD addr_new,
 *					addr_del, addr_get, route_new,
 *					route_del, route_get, fault_set,
 *					fault_get (the *_get ones of addresses
 *					and routes are dumps)
 *	rtnl CMD DEV [A.B.C.D/N]	rtnetlink's twin of the same CMD
 *					(addresses and routes)
 *	link KIND NAME [peer PEER] [peerns PID] [ns PID]
 *					RTM_NEWLINK of a veth or xnet device,
 *					the peer or the device itself in the
 *					network namespace of PID
 *	linkdel NAME			RTM_DELLINK
 *	up NAME				set NAME up
 *	write PATH VALUE...		open(O_WRONLY) and write the VALUEs;
 *					"@egid" is "G G", G our egid
 *	rewrite PATH			write back what PATH reads
 *	read PATH			open(O_RDONLY) and read
 *	show PATH			what PATH reads, blanks as "_"
 *	stat PATH			"uid:gid:mode" as this user
 *					namespace sees them
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <linux/xinet.h>
#include <linux/xinet_netlink.h>

#define BUFSZ	16384

struct req {
	union {
		struct nlmsghdr nlh;
		char buf[BUFSZ];
	};
};

static const char *errname(int err)
{
	const char *s = strerrorname_np(err);

	return s ? s : "E?";
}

static void *nl_tail(struct nlmsghdr *nlh)
{
	return (char *)nlh + NLMSG_ALIGN(nlh->nlmsg_len);
}

static struct nlattr *nl_put(struct nlmsghdr *nlh, int type, const void *data,
			     size_t len)
{
	struct nlattr *nla = nl_tail(nlh);

	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)nla + NLA_HDRLEN, data, len);
	nlh->nlmsg_len = NLMSG_ALIGN(nlh->nlmsg_len) + NLA_ALIGN(nla->nla_len);
	return nla;
}

static void nl_put_u32(struct nlmsghdr *nlh, int type, uint32_t v)
{
	nl_put(nlh, type, &v, sizeof(v));
}

static void nl_put_u8(struct nlmsghdr *nlh, int type, uint8_t v)
{
	nl_put(nlh, type, &v, sizeof(v));
}

static struct nlattr *nl_nest(struct nlmsghdr *nlh, int type)
{
	return nl_put(nlh, type | NLA_F_NESTED, NULL, 0);
}

static void nl_nest_end(struct nlmsghdr *nlh, struct nlattr *nest)
{
	nest->nla_len = (char *)nl_tail(nlh) - (char *)nest;
}

static void *nl_reserve(struct nlmsghdr *nlh, size_t len)
{
	void *p = nl_tail(nlh);

	memset(p, 0, NLMSG_ALIGN(len));
	nlh->nlmsg_len = NLMSG_ALIGN(nlh->nlmsg_len) + NLMSG_ALIGN(len);
	return p;
}

/*
 * Sends @nlh on a new socket of @proto and waits for the answer: the
 * ack of a request, or the end of a dump.  Return: 0 or a negative
 * errno; *@reply (when given) receives the first reply message.
 */
static int nl_talk(int proto, struct nlmsghdr *nlh, struct req *reply)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	static char buf[BUFSZ];
	int fd, err = 0, done = 0;
	ssize_t n;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return -errno;
	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = 1;
	if (sendto(fd, nlh, nlh->nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0) {
		err = -errno;
		goto out;
	}
	while (!done) {
		struct nlmsghdr *h;

		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			err = -errno;
			break;
		}
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n);
		     h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_ERROR) {
				err = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
				done = 1;
				break;
			}
			if (h->nlmsg_type == NLMSG_DONE) {
				done = 1;
				break;
			}
			if (reply && !reply->nlh.nlmsg_len)
				memcpy(reply->buf, h, h->nlmsg_len);
		}
	}
out:
	close(fd);
	return err;
}

static int genl_family_id(void)
{
	static int id;
	struct req r = {}, reply = {};
	struct genlmsghdr *g;
	struct nlattr *a;
	int err, len;

	if (id)
		return id;
	r.nlh.nlmsg_len = NLMSG_LENGTH(0);
	r.nlh.nlmsg_type = GENL_ID_CTRL;
	g = nl_reserve(&r.nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	nl_put(&r.nlh, CTRL_ATTR_FAMILY_NAME, XINET_GENL_NAME,
	       sizeof(XINET_GENL_NAME));
	err = nl_talk(NETLINK_GENERIC, &r.nlh, &reply);
	if (err)
		return err;
	len = reply.nlh.nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	a = (struct nlattr *)((char *)NLMSG_DATA(&reply.nlh) + GENL_HDRLEN);
	for (; len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN;
	     len -= NLA_ALIGN(a->nla_len),
	     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len))) {
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID) {
			id = *(uint16_t *)((char *)a + NLA_HDRLEN);
			return id;
		}
	}
	return -ENOENT;
}

/* "A.B.C.D/N", default 10.77.0.1/24. */
static void parse_prefix(const char *s, struct in_addr *a, uint8_t *plen)
{
	char tmp[32];
	char *slash;

	snprintf(tmp, sizeof(tmp), "%s", s ? s : "10.77.0.1/24");
	slash = strchr(tmp, '/');
	*plen = 32;
	if (slash) {
		*slash = 0;
		*plen = atoi(slash + 1);
	}
	if (inet_pton(AF_INET, tmp, a) != 1)
		a->s_addr = 0;
}

static int ifindex_of(const char *name)
{
	int i = if_nametoindex(name);

	return i ? i : -ENODEV;
}

/* The route of A.B.C.D/N: its network address. */
static uint32_t prefix_net(struct in_addr a, uint8_t plen)
{
	uint32_t mask = plen ? htonl(~0u << (32 - plen)) : 0;

	return a.s_addr & mask;
}

static int op_genl(char **av, int ac)
{
	static const char *const cmds[] = {
		[XINET_CMD_ADDR_NEW] = "addr_new",
		[XINET_CMD_ADDR_DEL] = "addr_del",
		[XINET_CMD_ADDR_GET] = "addr_get",
		[XINET_CMD_ROUTE_NEW] = "route_new",
		[XINET_CMD_ROUTE_DEL] = "route_del",
		[XINET_CMD_ROUTE_GET] = "route_get",
		[XINET_CMD_FAULT_SET] = "fault_set",
		[XINET_CMD_FAULT_GET] = "fault_get",
	};
	struct req r = {};
	struct genlmsghdr *g;
	struct in_addr a;
	struct nlattr *nest;
	int fam, ifindex, cmd;
	uint8_t plen;

	if (ac < 2)
		return -EINVAL;
	for (cmd = 1; cmd <= XINET_CMD_MAX; cmd++)
		if (cmds[cmd] && !strcmp(av[0], cmds[cmd]))
			break;
	if (cmd > XINET_CMD_MAX)
		return -EINVAL;
	fam = genl_family_id();
	if (fam < 0)
		return fam;
	ifindex = ifindex_of(av[1]);
	if (ifindex < 0)
		return ifindex;
	parse_prefix(ac > 2 ? av[2] : NULL, &a, &plen);

	r.nlh.nlmsg_len = NLMSG_LENGTH(0);
	r.nlh.nlmsg_type = fam;
	g = nl_reserve(&r.nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = XINET_GENL_VERSION;
	switch (cmd) {
	case XINET_CMD_ADDR_NEW:
	case XINET_CMD_ADDR_DEL:
		nl_put_u32(&r.nlh, XINET_ATTR_IFINDEX, ifindex);
		nl_put(&r.nlh, XINET_ATTR_ADDRESS, &a.s_addr, 4);
		nl_put_u8(&r.nlh, XINET_ATTR_PREFIXLEN, plen);
		break;
	case XINET_CMD_ROUTE_NEW:
	case XINET_CMD_ROUTE_DEL:
		a.s_addr = prefix_net(a, plen);
		nl_put(&r.nlh, XINET_ATTR_DST, &a.s_addr, 4);
		nl_put_u8(&r.nlh, XINET_ATTR_PREFIXLEN, plen);
		nl_put_u32(&r.nlh, XINET_ATTR_IFINDEX, ifindex);
		break;
	case XINET_CMD_ADDR_GET:
	case XINET_CMD_ROUTE_GET:
		r.nlh.nlmsg_flags = NLM_F_DUMP;
		break;
	case XINET_CMD_FAULT_SET:
		nl_put_u32(&r.nlh, XINET_ATTR_IFINDEX, ifindex);
		nest = nl_nest(&r.nlh, XINET_ATTR_FAULT);
		nl_put_u32(&r.nlh, XINET_FAULT_ATTR_DROP, 0);
		nl_nest_end(&r.nlh, nest);
		break;
	case XINET_CMD_FAULT_GET:
		nl_put_u32(&r.nlh, XINET_ATTR_IFINDEX, ifindex);
		break;
	}
	return nl_talk(NETLINK_GENERIC, &r.nlh, NULL);
}

static int op_rtnl(char **av, int ac)
{
	struct req r = {};
	struct in_addr a;
	int ifindex;
	uint8_t plen;

	if (ac < 2)
		return -EINVAL;
	ifindex = ifindex_of(av[1]);
	if (ifindex < 0)
		return ifindex;
	parse_prefix(ac > 2 ? av[2] : NULL, &a, &plen);
	r.nlh.nlmsg_len = NLMSG_LENGTH(0);

	if (!strcmp(av[0], "addr_new") || !strcmp(av[0], "addr_del")) {
		struct ifaddrmsg *ifa;

		r.nlh.nlmsg_type = av[0][5] == 'n' ? RTM_NEWADDR : RTM_DELADDR;
		if (r.nlh.nlmsg_type == RTM_NEWADDR)
			r.nlh.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
		ifa = nl_reserve(&r.nlh, sizeof(*ifa));
		ifa->ifa_family = AF_INET;
		ifa->ifa_prefixlen = plen;
		ifa->ifa_index = ifindex;
		nl_put(&r.nlh, IFA_LOCAL, &a.s_addr, 4);
		nl_put(&r.nlh, IFA_ADDRESS, &a.s_addr, 4);
	} else if (!strcmp(av[0], "route_new") || !strcmp(av[0], "route_del")) {
		struct rtmsg *rtm;

		r.nlh.nlmsg_type = av[0][6] == 'n' ? RTM_NEWROUTE : RTM_DELROUTE;
		if (r.nlh.nlmsg_type == RTM_NEWROUTE)
			r.nlh.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
		rtm = nl_reserve(&r.nlh, sizeof(*rtm));
		rtm->rtm_family = AF_INET;
		rtm->rtm_dst_len = plen;
		rtm->rtm_table = RT_TABLE_MAIN;
		rtm->rtm_protocol = RTPROT_STATIC;
		rtm->rtm_scope = RT_SCOPE_LINK;
		rtm->rtm_type = RTN_UNICAST;
		a.s_addr = prefix_net(a, plen);
		nl_put(&r.nlh, RTA_DST, &a.s_addr, 4);
		nl_put_u32(&r.nlh, RTA_OIF, ifindex);
	} else if (!strcmp(av[0], "addr_get") || !strcmp(av[0], "route_get")) {
		struct rtgenmsg *rtg;

		r.nlh.nlmsg_type = av[0][0] == 'a' ? RTM_GETADDR : RTM_GETROUTE;
		r.nlh.nlmsg_flags = NLM_F_DUMP;
		rtg = nl_reserve(&r.nlh, sizeof(struct rtmsg));
		rtg->rtgen_family = AF_INET;
	} else {
		return -EINVAL;
	}
	return nl_talk(NETLINK_ROUTE, &r.nlh, NULL);
}

static int op_link(char **av, int ac)
{
	const char *kind, *name, *peer = NULL;
	int peerns = 0, ns = 0, i;
	struct nlattr *li, *data, *pi;
	struct ifinfomsg *ifi;
	struct req r = {};

	if (ac < 2)
		return -EINVAL;
	kind = av[0];
	name = av[1];
	for (i = 2; i + 1 < ac; i += 2) {
		if (!strcmp(av[i], "peer"))
			peer = av[i + 1];
		else if (!strcmp(av[i], "peerns"))
			peerns = atoi(av[i + 1]);
		else if (!strcmp(av[i], "ns"))
			ns = atoi(av[i + 1]);
		else
			return -EINVAL;
	}

	r.nlh.nlmsg_len = NLMSG_LENGTH(0);
	r.nlh.nlmsg_type = RTM_NEWLINK;
	r.nlh.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifi = nl_reserve(&r.nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	nl_put(&r.nlh, IFLA_IFNAME, name, strlen(name) + 1);
	if (ns)
		nl_put_u32(&r.nlh, IFLA_NET_NS_PID, ns);
	li = nl_nest(&r.nlh, IFLA_LINKINFO);
	nl_put(&r.nlh, IFLA_INFO_KIND, kind, strlen(kind) + 1);
	if (peer) {
		data = nl_nest(&r.nlh, IFLA_INFO_DATA);
		/* VETH_INFO_PEER and XNET_INFO_PEER are both 1. */
		pi = nl_put(&r.nlh, strcmp(kind, "veth") ? XNET_INFO_PEER :
			    VETH_INFO_PEER, NULL, 0);
		ifi = nl_reserve(&r.nlh, sizeof(*ifi));
		ifi->ifi_family = AF_UNSPEC;
		nl_put(&r.nlh, IFLA_IFNAME, peer, strlen(peer) + 1);
		if (peerns)
			nl_put_u32(&r.nlh, IFLA_NET_NS_PID, peerns);
		nl_nest_end(&r.nlh, pi);
		nl_nest_end(&r.nlh, data);
	}
	nl_nest_end(&r.nlh, li);
	return nl_talk(NETLINK_ROUTE, &r.nlh, NULL);
}

static int op_linkdel(char **av, int ac)
{
	struct ifinfomsg *ifi;
	struct req r = {};

	if (ac < 1)
		return -EINVAL;
	r.nlh.nlmsg_len = NLMSG_LENGTH(0);
	r.nlh.nlmsg_type = RTM_DELLINK;
	ifi = nl_reserve(&r.nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	nl_put(&r.nlh, IFLA_IFNAME, av[0], strlen(av[0]) + 1);
	return nl_talk(NETLINK_ROUTE, &r.nlh, NULL);
}

static int op_up(char **av, int ac)
{
	struct ifinfomsg *ifi;
	struct req r = {};
	int ifindex;

	if (ac < 1)
		return -EINVAL;
	ifindex = ifindex_of(av[0]);
	if (ifindex < 0)
		return ifindex;
	r.nlh.nlmsg_len = NLMSG_LENGTH(0);
	r.nlh.nlmsg_type = RTM_NEWLINK;
	ifi = nl_reserve(&r.nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	return nl_talk(NETLINK_ROUTE, &r.nlh, NULL);
}

static int family_of(const char *s)
{
	return strcmp(s, "xinet") ? AF_INET : AF_XINET;
}

static int type_of(const char *s)
{
	if (!strcmp(s, "stream"))
		return SOCK_STREAM;
	if (!strcmp(s, "dgram"))
		return SOCK_DGRAM;
	return SOCK_RAW;
}

/* socket(), and bind() when @port >= 0.  Return: 0 or a negative errno. */
static int op_socket(char **av, int ac, int bind_too)
{
	struct sockaddr_in sin = {};
	int fd, err = 0;

	if (ac < 3 + bind_too)
		return -EINVAL;
	fd = socket(family_of(av[0]), type_of(av[1]), atoi(av[2]));
	if (fd < 0)
		return -errno;
	if (bind_too) {
		/* sockaddr_xin has sockaddr_in's layout. */
		sin.sin_family = family_of(av[0]);
		sin.sin_port = htons(atoi(av[3]));
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
			err = -errno;
	}
	close(fd);
	return err;
}

/* TCP_REPAIR on a new TCP socket.  Return: 0 or a negative errno. */
static int op_repair(char **av, int ac)
{
	int fd, on = 1, err = 0;

	if (ac < 1)
		return -EINVAL;
	fd = socket(family_of(av[0]), SOCK_STREAM, 0);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, IPPROTO_TCP, TCP_REPAIR, &on, sizeof(on)))
		err = -errno;
	close(fd);
	return err;
}

static int write_file(const char *path, const char *val)
{
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		err = -errno;
	close(fd);
	return err;
}

static int read_file(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	return 0;
}

static int op_file(const char *op, char **av, int ac, char *out, size_t outlen)
{
	char buf[256];
	struct stat st;
	int err, i;

	if (ac < 1)
		return -EINVAL;
	if (!strcmp(op, "read"))
		return read_file(av[0], buf, sizeof(buf));
	if (!strcmp(op, "show")) {
		char *p;

		err = read_file(av[0], buf, sizeof(buf));
		if (err)
			return err;
		buf[strcspn(buf, "\n")] = 0;
		for (p = buf; *p; p++)
			if (*p == ' ' || *p == '\t')
				*p = '_';
		snprintf(out, outlen, "%s", buf);
		return 0;
	}
	if (!strcmp(op, "rewrite")) {
		err = read_file(av[0], buf, sizeof(buf));
		return err ? err : write_file(av[0], buf);
	}
	if (!strcmp(op, "stat")) {
		if (stat(av[0], &st))
			return -errno;
		snprintf(out, outlen, "%u:%u:%o", st.st_uid, st.st_gid,
			 st.st_mode & 07777);
		return 0;
	}
	if (ac < 2)
		return -EINVAL;
	if (!strcmp(av[1], "@egid")) {
		snprintf(buf, sizeof(buf), "%u %u", getegid(), getegid());
		return write_file(av[0], buf);
	}
	/* VALUE may be several words ("4096 131072 6291456"). */
	buf[0] = 0;
	for (i = 1; i < ac; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
			 i > 1 ? " " : "", av[i]);
	return write_file(av[0], buf);
}

static void die(const char *what)
{
	fprintf(stderr, "priv-probe: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void write_or_die(const char *path, const char *val)
{
	int err = write_file(path, val);

	if (err) {
		errno = -err;
		die(path);
	}
}

/*
 * Out of a chroot (root only): chroot() into a directory below the
 * current root while the working directory stays at the root, above
 * it, then climb to the real root and make it ours.
 */
static void leave_chroot(void)
{
	int i;

	if (chdir("/") || chroot("/proc"))
		die("chroot");
	for (i = 0; i < 64; i++)
		if (chdir(".."))
			die("chdir ..");
	if (chroot("."))
		die("chroot .");
}

static void become(uid_t uid, int userns, int netns)
{
	char cwd[PATH_MAX], map[64];
	int rootfd;

	if (!getcwd(cwd, sizeof(cwd)))
		die("getcwd");
	rootfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		die("open /");
	if (userns)
		leave_chroot();
	if (setgroups(0, NULL) || setresgid(uid, uid, uid) ||
	    setresuid(uid, uid, uid))
		die("setuid");
	/* setuid() made us undumpable: /proc/self would be root's. */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0))
		die("PR_SET_DUMPABLE");
	if (userns) {
		if (unshare(CLONE_NEWUSER | (netns ? CLONE_NEWNET : 0)))
			die("unshare");
		/* Root of the new user namespace may chroot back. */
		if (fchdir(rootfd) || chroot("."))
			die("chroot back");
		write_or_die("/proc/self/setgroups", "deny");
		snprintf(map, sizeof(map), "0 %u 1", uid);
		write_or_die("/proc/self/uid_map", map);
		write_or_die("/proc/self/gid_map", map);
	}
	if (chdir(cwd))
		die("chdir");
	close(rootfd);
}

int main(int argc, char **argv)
{
	char line[512], out[512];
	int opt, userns = 0, netns = 0;
	long uid = -1;

	while ((opt = getopt(argc, argv, "u:Un")) != -1) {
		switch (opt) {
		case 'u':
			uid = strtol(optarg, NULL, 10);
			break;
		case 'U':
			userns = 1;
			break;
		case 'n':
			netns = 1;
			break;
		default:
			fprintf(stderr, "usage: priv-probe [-u UID] [-U [-n]] < OPS\n");
			return 2;
		}
	}
	if (uid >= 0)
		become(uid, userns, netns);

	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof(line), stdin)) {
		char *av[16], *save = NULL, *tok;
		int ac = 0, err;

		for (tok = strtok_r(line, " \t\n", &save); tok && ac < 16;
		     tok = strtok_r(NULL, " \t\n", &save))
			av[ac++] = tok;
		if (ac < 2 || av[0][0] == '#')
			continue;
		out[0] = 0;
		if (!strcmp(av[1], "socket"))
			err = op_socket(av + 2, ac - 2, 0);
		else if (!strcmp(av[1], "bind"))
			err = op_socket(av + 2, ac - 2, 1);
		else if (!strcmp(av[1], "repair"))
			err = op_repair(av + 2, ac - 2);
		else if (!strcmp(av[1], "genl"))
			err = op_genl(av + 2, ac - 2);
		else if (!strcmp(av[1], "rtnl"))
			err = op_rtnl(av + 2, ac - 2);
		else if (!strcmp(av[1], "link"))
			err = op_link(av + 2, ac - 2);
		else if (!strcmp(av[1], "linkdel"))
			err = op_linkdel(av + 2, ac - 2);
		else if (!strcmp(av[1], "up"))
			err = op_up(av + 2, ac - 2);
		else
			err = op_file(av[1], av + 2, ac - 2, out, sizeof(out));
		printf("%s %s\n", av[0], err ? errname(-err) : out[0] ? out : "ok");
	}
	return 0;
}
