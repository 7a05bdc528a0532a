// SPDX-License-Identifier: GPL-2.0
/*
 * libxinet-preload.so - run an unmodified program over AF_XINET.
 *
 * Loaded with LD_PRELOAD (by the xinet-run wrapper), it creates the
 * program's IPv4 TCP, UDP, ping and raw sockets as AF_XINET instead of
 * AF_INET and translates the family of every socket address that crosses
 * the API, so the program sees AF_INET throughout:
 *
 *   socket()                   AF_INET SOCK_STREAM/SOCK_DGRAM/SOCK_RAW,
 *                              with their SOCK_NONBLOCK/SOCK_CLOEXEC
 *                              flags, become AF_XINET sockets
 *   bind, connect, sendto,     an AF_INET address given for an AF_XINET
 *   sendmsg, sendmmsg          socket goes to the kernel as AF_XINET
 *   accept, accept4,           an AF_XINET address coming back is
 *   getsockname, getpeername,  handed to the program as AF_INET
 *   recvfrom, recvmsg,
 *   recvmmsg, __recvfrom_chk,
 *   getsockopt(SO_PEERNAME)
 *   getsockopt(SO_DOMAIN)      answers AF_INET for an AF_XINET socket
 *
 * Which descriptors are AF_XINET is never tracked here: the kernel knows
 * (SO_DOMAIN), across dup, dup2, dup3, fcntl(F_DUPFD*), close, fork and
 * exec alike, and a descriptor inherited from a parent is handled as well
 * as one created here.  The cost is one getsockopt() in the calls that
 * pass an AF_INET address in (bind, connect, and sendto/sendmsg with a
 * destination); addresses coming out carry their family, so the other
 * calls cost nothing, and calls on non-socket descriptors (read, write,
 * close, ...) are not intercepted at all.  The only state is set once at
 * the first call, so the library is thread-safe.
 *
 * AF_INET6 and AF_UNIX sockets are left alone: an IPv6 socket, and an
 * IPv4-mapped address on one, stay on the kernel's own stack, which
 * XINET_RUN_VERBOSE=1 reports.
 *
 * The family number comes from $XINET_RUN_FAMILY (set by xinet-run),
 * else /sys/module/xinet/parameters/family, else AF_XINET.  With family
 * 2 (AF_INET) the library changes nothing, which tests it without xinet.
 */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/errqueue.h>
#include <linux/xinet.h>

#define EXPORT		__attribute__((visibility("default")))
/* The kernel's bound on recvmmsg()/sendmmsg() vectors. */
#define XR_MAXVEC	1024
/* sendmmsg() entries translated at a time, on the stack. */
#define XR_CHUNK	32

static int xr_family = AF_XINET;
static bool xr_verbose;
static pthread_once_t xr_once = PTHREAD_ONCE_INIT;

/* glibc's _FORTIFY_SOURCE recvfrom(), declared by its headers only then. */
ssize_t __recvfrom_chk(int fd, void *buf, size_t n, size_t size, int flags,
		       struct sockaddr *addr, socklen_t *len);

/* The C library's functions, with their own prototypes. */
static struct {
	__typeof__(socket) *socket;
	__typeof__(bind) *bind;
	__typeof__(connect) *connect;
	__typeof__(accept) *accept;
	__typeof__(accept4) *accept4;
	__typeof__(getsockname) *getsockname;
	__typeof__(getpeername) *getpeername;
	__typeof__(getsockopt) *getsockopt;
	__typeof__(sendto) *sendto;
	__typeof__(recvfrom) *recvfrom;
	__typeof__(__recvfrom_chk) *recvfrom_chk;
	__typeof__(sendmsg) *sendmsg;
	__typeof__(recvmsg) *recvmsg;
	__typeof__(sendmmsg) *sendmmsg;
	__typeof__(recvmmsg) *recvmmsg;
} real;

/* Messages go straight to fd 2: no stdio state, safe in any context. */
static void xr_say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n, len;

	n = snprintf(buf, sizeof(buf), "xinet-run[%d]: ", (int)getpid());
	va_start(ap, fmt);
	len = vsnprintf(buf + n, sizeof(buf) - n - 1, fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	n += len < (int)sizeof(buf) - n - 1 ? len : (int)sizeof(buf) - n - 2;
	buf[n++] = '\n';
	if (write(STDERR_FILENO, buf, n) < 0)
		return;
}

static int xr_read_family(void)
{
	const char *env = getenv("XINET_RUN_FAMILY");
	char buf[16] = "";
	ssize_t n;
	long v;
	int fd;

	if (env && *env) {
		v = strtol(env, NULL, 10);
		return v > AF_UNSPEC && v < 256 ? (int)v : AF_XINET;
	}
	fd = open(XINET_FAMILY_PATH, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return AF_XINET;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return AF_XINET;
	v = strtol(buf, NULL, 10);
	return v > AF_UNSPEC && v < 256 ? (int)v : AF_XINET;
}

static void *xr_sym(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);

	if (!p) {
		xr_say("cannot find %s in the C library: %s", name, dlerror());
		abort();
	}
	return p;
}

static void xr_init_once(void)
{
	const char *v = getenv("XINET_RUN_VERBOSE");
	int saved = errno;

	xr_verbose = v && *v && strcmp(v, "0");
	xr_family = xr_read_family();

	real.socket = xr_sym("socket");
	real.bind = xr_sym("bind");
	real.connect = xr_sym("connect");
	real.accept = xr_sym("accept");
	real.accept4 = xr_sym("accept4");
	real.getsockname = xr_sym("getsockname");
	real.getpeername = xr_sym("getpeername");
	real.getsockopt = xr_sym("getsockopt");
	real.sendto = xr_sym("sendto");
	real.recvfrom = xr_sym("recvfrom");
	real.recvfrom_chk = xr_sym("__recvfrom_chk");
	real.sendmsg = xr_sym("sendmsg");
	real.recvmsg = xr_sym("recvmsg");
	real.sendmmsg = xr_sym("sendmmsg");
	real.recvmmsg = xr_sym("recvmmsg");
	errno = saved;
}

static inline void xr_init(void)
{
	pthread_once(&xr_once, xr_init_once);
}

/* Early, so that the verbose banner comes before the program's output. */
__attribute__((constructor)) static void xr_ctor(void)
{
	xr_init();
	if (xr_verbose)
		xr_say("IPv4 sockets are AF_XINET (family %d)", xr_family);
}

/* Whether the kernel says @fd is an AF_XINET socket; errno unchanged. */
static bool xr_is_xinet(int fd)
{
	int saved = errno, dom = -1;
	socklen_t len = sizeof(dom);
	bool ret;

	ret = !real.getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &dom, &len) &&
	      dom == xr_family;
	errno = saved;
	return ret;
}

static bool xr_is_inet(const struct sockaddr *sa, socklen_t len)
{
	return sa && len >= sizeof(sa_family_t) && sa->sa_family == AF_INET;
}

/*
 * An AF_INET address for the kernel, as AF_XINET, in @buf.  At most
 * sizeof(*buf) bytes are copied: anything longer is wrong for AF_INET and
 * AF_XINET alike, and the kernel rejects the length it is told.
 */
static const struct sockaddr *xr_in(struct sockaddr_storage *buf,
				    const struct sockaddr *sa, socklen_t len)
{
	memcpy(buf, sa, len < sizeof(*buf) ? len : sizeof(*buf));
	buf->ss_family = xr_family;
	return (const struct sockaddr *)buf;
}

/*
 * An address the kernel returned, back to AF_INET: @cap is the room the
 * caller gave, @len what the kernel reported.  The family is in the
 * buffer only when both cover it.
 */
static void xr_out(void *sa, socklen_t cap, socklen_t len)
{
	sa_family_t *fam = sa;

	if (sa && cap >= sizeof(*fam) && len >= sizeof(*fam) &&
	    *fam == xr_family)
		*fam = AF_INET;
}

static const char *xr_type_name(int type)
{
	switch (type) {
	case SOCK_STREAM:
		return "SOCK_STREAM";
	case SOCK_DGRAM:
		return "SOCK_DGRAM";
	case SOCK_RAW:
		return "SOCK_RAW";
	default:
		return "another type";
	}
}

/* An IPv6 address that stands for an IPv4 one goes to the kernel's stack. */
static void xr_check_mapped(const char *call, const struct sockaddr *sa,
			    socklen_t len)
{
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
	const unsigned char *a;

	if (!xr_verbose || !sa || len < sizeof(*s6) ||
	    sa->sa_family != AF_INET6 || !IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr))
		return;
	a = s6->sin6_addr.s6_addr + 12;
	xr_say("%s() with the v4-mapped address ::ffff:%u.%u.%u.%u on an AF_INET6 socket: it goes over the kernel's IPv6 stack, not AF_XINET; give the program an IPv4 address (or -4) instead",
	       call, a[0], a[1], a[2], a[3]);
}

EXPORT int socket(int domain, int type, int protocol)
{
	int base = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
	int fd;

	xr_init();
	if (domain == AF_INET6 && xr_verbose)
		xr_say("%s(AF_INET6, %s) stays on the kernel's IPv6 stack: xinet carries IPv4 only, and IPv4-mapped addresses on this socket do not go over AF_XINET",
		       __func__, xr_type_name(base));
	if (domain != AF_INET ||
	    (base != SOCK_STREAM && base != SOCK_DGRAM && base != SOCK_RAW))
		return real.socket(domain, type, protocol);

	fd = real.socket(xr_family, type, protocol);
	if (xr_verbose) {
		if (fd >= 0)
			xr_say("%s(AF_INET, %s, %d) = %d, as AF_XINET (%d)",
			       __func__, xr_type_name(base), protocol, fd, xr_family);
		else
			xr_say("%s(AF_XINET (%d), %s, %d) failed: %s%s",
			       __func__, xr_family, xr_type_name(base), protocol,
			       strerror(errno), errno == EAFNOSUPPORT ?
			       " (is the xinet module loaded?)" : "");
	}
	return fd;
}

EXPORT int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	struct sockaddr_storage buf;

	xr_init();
	if (xr_is_inet(addr, len) && xr_is_xinet(fd))
		addr = xr_in(&buf, addr, len);
	else
		xr_check_mapped("bind", addr, len);
	return real.bind(fd, addr, len);
}

EXPORT int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	struct sockaddr_storage buf;

	xr_init();
	if (xr_is_inet(addr, len) && xr_is_xinet(fd))
		addr = xr_in(&buf, addr, len);
	else
		xr_check_mapped("connect", addr, len);
	return real.connect(fd, addr, len);
}

/* glibc's other name for connect(), exported for old binaries. */
EXPORT int __connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	return connect(fd, addr, len);
}

EXPORT int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
	socklen_t cap = addr && len ? *len : 0;
	int ret;

	xr_init();
	ret = real.accept4(fd, addr, len, flags);
	if (ret >= 0 && cap)
		xr_out(addr, cap, *len);
	return ret;
}

EXPORT int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
	socklen_t cap = addr && len ? *len : 0;
	int ret;

	xr_init();
	ret = real.accept(fd, addr, len);
	if (ret >= 0 && cap)
		xr_out(addr, cap, *len);
	return ret;
}

EXPORT int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	socklen_t cap = addr && len ? *len : 0;
	int ret;

	xr_init();
	ret = real.getsockname(fd, addr, len);
	if (!ret && cap)
		xr_out(addr, cap, *len);
	return ret;
}

EXPORT int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
	socklen_t cap = addr && len ? *len : 0;
	int ret;

	xr_init();
	ret = real.getpeername(fd, addr, len);
	if (!ret && cap)
		xr_out(addr, cap, *len);
	return ret;
}

EXPORT int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	socklen_t cap = val && len ? *len : 0;
	int ret;

	xr_init();
	ret = real.getsockopt(fd, level, name, val, len);
	if (ret || !cap || level != SOL_SOCKET)
		return ret;
	if (name == SO_DOMAIN && *len >= sizeof(int)) {
		int dom;

		memcpy(&dom, val, sizeof(dom));
		if (dom == xr_family) {
			dom = AF_INET;
			memcpy(val, &dom, sizeof(dom));
		}
	} else if (name == SO_PEERNAME) {
		xr_out(val, cap, *len);
	}
	return ret;
}

EXPORT ssize_t sendto(int fd, const void *data, size_t n, int flags,
		      const struct sockaddr *addr, socklen_t len)
{
	struct sockaddr_storage buf;

	xr_init();
	if (xr_is_inet(addr, len) && xr_is_xinet(fd))
		addr = xr_in(&buf, addr, len);
	else
		xr_check_mapped("sendto", addr, len);
	return real.sendto(fd, data, n, flags, addr, len);
}

EXPORT ssize_t recvfrom(int fd, void *data, size_t n, int flags,
			struct sockaddr *addr, socklen_t *len)
{
	socklen_t cap = addr && len ? *len : 0;
	ssize_t ret;

	xr_init();
	ret = real.recvfrom(fd, data, n, flags, addr, len);
	if (ret >= 0 && cap)
		xr_out(addr, cap, *len);
	return ret;
}

/* recvfrom() of programs built with _FORTIFY_SOURCE. */
EXPORT ssize_t __recvfrom_chk(int fd, void *data, size_t n, size_t size,
			      int flags, struct sockaddr *addr,
			      socklen_t *len)
{
	socklen_t cap = addr && len ? *len : 0;
	ssize_t ret;

	xr_init();
	ret = real.recvfrom_chk(fd, data, n, size, flags, addr, len);
	if (ret >= 0 && cap)
		xr_out(addr, cap, *len);
	return ret;
}

EXPORT ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	struct sockaddr_storage buf;
	struct msghdr m;

	xr_init();
	if (!msg || !xr_is_inet(msg->msg_name, msg->msg_namelen)) {
		if (msg)
			xr_check_mapped("sendmsg", msg->msg_name,
					msg->msg_namelen);
		return real.sendmsg(fd, msg, flags);
	}
	if (!xr_is_xinet(fd))
		return real.sendmsg(fd, msg, flags);
	m = *msg;
	m.msg_name = (void *)xr_in(&buf, msg->msg_name, msg->msg_namelen);
	return real.sendmsg(fd, &m, flags);
}

/*
 * The offender address of an IP_RECVERR error (MSG_ERRQUEUE) follows the
 * struct sock_extended_err in its control message.
 */
static void xr_out_cmsg(struct msghdr *msg)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		size_t need = CMSG_LEN(sizeof(struct sock_extended_err) +
				       sizeof(sa_family_t));
		struct sock_extended_err *ee;

		if (c->cmsg_level != SOL_IP || c->cmsg_type != IP_RECVERR ||
		    c->cmsg_len < need)
			continue;
		ee = (struct sock_extended_err *)CMSG_DATA(c);
		xr_out(SO_EE_OFFENDER(ee), sizeof(sa_family_t),
		       sizeof(sa_family_t));
	}
}

EXPORT ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	socklen_t cap = msg && msg->msg_name ? msg->msg_namelen : 0;
	ssize_t ret;

	xr_init();
	ret = real.recvmsg(fd, msg, flags);
	if (ret < 0)
		return ret;
	if (cap)
		xr_out(msg->msg_name, cap, msg->msg_namelen);
	if ((flags & MSG_ERRQUEUE) && msg->msg_control)
		xr_out_cmsg(msg);
	return ret;
}

EXPORT int recvmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags,
		    struct timespec *timeout)
{
	unsigned char has_name[XR_MAXVEC];
	unsigned int i;
	int ret;

	xr_init();
	if (vlen > XR_MAXVEC)
		vlen = XR_MAXVEC;
	for (i = 0; vec && i < vlen; i++)
		has_name[i] = vec[i].msg_hdr.msg_name &&
			      vec[i].msg_hdr.msg_namelen >= sizeof(sa_family_t);
	ret = real.recvmmsg(fd, vec, vlen, flags, timeout);
	for (i = 0; ret > 0 && i < (unsigned int)ret; i++) {
		if (has_name[i])
			xr_out(vec[i].msg_hdr.msg_name, sizeof(sa_family_t),
			       vec[i].msg_hdr.msg_namelen);
		if ((flags & MSG_ERRQUEUE) && vec[i].msg_hdr.msg_control)
			xr_out_cmsg(&vec[i].msg_hdr);
	}
	return ret;
}

/*
 * sendmmsg() with AF_INET destinations on an AF_XINET socket: the
 * caller's vector is left as it is (it may be shared between threads);
 * XR_CHUNK entries at a time are copied and translated on the stack.
 */
static int xr_sendmmsg_xlate(int fd, struct mmsghdr *vec, unsigned int vlen,
			     int flags)
{
	struct sockaddr_storage names[XR_CHUNK];
	struct mmsghdr part[XR_CHUNK];
	unsigned int done = 0, i, k;
	int ret;

	while (done < vlen) {
		k = vlen - done < XR_CHUNK ? vlen - done : XR_CHUNK;
		for (i = 0; i < k; i++) {
			struct msghdr *h = &vec[done + i].msg_hdr;

			part[i] = vec[done + i];
			if (xr_is_inet(h->msg_name, h->msg_namelen))
				part[i].msg_hdr.msg_name =
					(void *)xr_in(&names[i], h->msg_name,
						      h->msg_namelen);
		}
		ret = real.sendmmsg(fd, part, k, flags);
		if (ret < 0)
			return done ? (int)done : ret;
		for (i = 0; i < (unsigned int)ret; i++)
			vec[done + i].msg_len = part[i].msg_len;
		done += ret;
		if ((unsigned int)ret < k)
			break;
	}
	return done;
}

EXPORT int sendmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags)
{
	unsigned int i;

	xr_init();
	if (vlen > XR_MAXVEC)
		vlen = XR_MAXVEC;
	for (i = 0; vec && i < vlen; i++) {
		struct msghdr *h = &vec[i].msg_hdr;

		if (xr_is_inet(h->msg_name, h->msg_namelen))
			break;
		xr_check_mapped("sendmmsg", h->msg_name, h->msg_namelen);
	}
	if (!vec || i == vlen || !xr_is_xinet(fd))
		return real.sendmmsg(fd, vec, vlen, flags);
	return xr_sendmmsg_xlate(fd, vec, vlen, flags);
}
