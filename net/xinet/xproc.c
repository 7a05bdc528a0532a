// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: /proc/net/xinet, twin of net/ipv4/proc.c.
 *
 * snmp and netstat print a namespace's counters, summed over the CPUs,
 * in the exact format of /proc/net/snmp and /proc/net/netstat: the same
 * lines, names, order and number formats, so that tools written for
 * those files (nstat, netstat -s) read these.  The counter sets are the
 * kernel's own enums (IPSTATS_MIB_*, ICMP_MIB_*, ...); columns that the
 * kernel added after 6.1 come from compat.h, so the files match the
 * kernel xinet runs on.  xinet has no UDP-Lite: its line reads all zero.
 * sockstat counts sockets and protocol memory as /proc/net/sockstat.
 */

#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/snmp.h>
#include <net/net_namespace.h>
#include <net/xinet/af_xinet.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xtcp.h>
#include <net/xinet/xproc.h>
#include <net/xinet/xsnmp.h>
#include <net/xinet/xudp.h>

static const struct snmp_mib xsnmp4_ipstats_list[] = {
	SNMP_MIB_ITEM("InReceives", IPSTATS_MIB_INPKTS),
	SNMP_MIB_ITEM("InHdrErrors", IPSTATS_MIB_INHDRERRORS),
	SNMP_MIB_ITEM("InAddrErrors", IPSTATS_MIB_INADDRERRORS),
	SNMP_MIB_ITEM("ForwDatagrams", IPSTATS_MIB_OUTFORWDATAGRAMS),
	SNMP_MIB_ITEM("InUnknownProtos", IPSTATS_MIB_INUNKNOWNPROTOS),
	SNMP_MIB_ITEM("InDiscards", IPSTATS_MIB_INDISCARDS),
	SNMP_MIB_ITEM("InDelivers", IPSTATS_MIB_INDELIVERS),
	SNMP_MIB_ITEM("OutRequests", IPSTATS_MIB_OUTREQUESTS),
	SNMP_MIB_ITEM("OutDiscards", IPSTATS_MIB_OUTDISCARDS),
	SNMP_MIB_ITEM("OutNoRoutes", IPSTATS_MIB_OUTNOROUTES),
	SNMP_MIB_ITEM("ReasmTimeout", IPSTATS_MIB_REASMTIMEOUT),
	SNMP_MIB_ITEM("ReasmReqds", IPSTATS_MIB_REASMREQDS),
	SNMP_MIB_ITEM("ReasmOKs", IPSTATS_MIB_REASMOKS),
	SNMP_MIB_ITEM("ReasmFails", IPSTATS_MIB_REASMFAILS),
	SNMP_MIB_ITEM("FragOKs", IPSTATS_MIB_FRAGOKS),
	SNMP_MIB_ITEM("FragFails", IPSTATS_MIB_FRAGFAILS),
	SNMP_MIB_ITEM("FragCreates", IPSTATS_MIB_FRAGCREATES),
	XINET_SNMP_IP_OUTTRANSMITS
	SNMP_MIB_SENTINEL
};

/* The IpExt: line of netstat. */
static const struct snmp_mib xsnmp4_ipextstats_list[] = {
	SNMP_MIB_ITEM("InNoRoutes", IPSTATS_MIB_INNOROUTES),
	SNMP_MIB_ITEM("InTruncatedPkts", IPSTATS_MIB_INTRUNCATEDPKTS),
	SNMP_MIB_ITEM("InMcastPkts", IPSTATS_MIB_INMCASTPKTS),
	SNMP_MIB_ITEM("OutMcastPkts", IPSTATS_MIB_OUTMCASTPKTS),
	SNMP_MIB_ITEM("InBcastPkts", IPSTATS_MIB_INBCASTPKTS),
	SNMP_MIB_ITEM("OutBcastPkts", IPSTATS_MIB_OUTBCASTPKTS),
	SNMP_MIB_ITEM("InOctets", IPSTATS_MIB_INOCTETS),
	SNMP_MIB_ITEM("OutOctets", IPSTATS_MIB_OUTOCTETS),
	SNMP_MIB_ITEM("InMcastOctets", IPSTATS_MIB_INMCASTOCTETS),
	SNMP_MIB_ITEM("OutMcastOctets", IPSTATS_MIB_OUTMCASTOCTETS),
	SNMP_MIB_ITEM("InBcastOctets", IPSTATS_MIB_INBCASTOCTETS),
	SNMP_MIB_ITEM("OutBcastOctets", IPSTATS_MIB_OUTBCASTOCTETS),
	/* Non RFC 4293 fields */
	SNMP_MIB_ITEM("InCsumErrors", IPSTATS_MIB_CSUMERRORS),
	SNMP_MIB_ITEM("InNoECTPkts", IPSTATS_MIB_NOECTPKTS),
	SNMP_MIB_ITEM("InECT1Pkts", IPSTATS_MIB_ECT1PKTS),
	SNMP_MIB_ITEM("InECT0Pkts", IPSTATS_MIB_ECT0PKTS),
	SNMP_MIB_ITEM("InCEPkts", IPSTATS_MIB_CEPKTS),
	SNMP_MIB_ITEM("ReasmOverlaps", IPSTATS_MIB_REASM_OVERLAPS),
	SNMP_MIB_SENTINEL
};

/* Icmp: columns that are per-type IcmpMsg counters, in Linux's order. */
static const struct {
	const char *name;
	int index;
} xicmpmibmap[] = {
	{ "DestUnreachs", ICMP_DEST_UNREACH },
	{ "TimeExcds", ICMP_TIME_EXCEEDED },
	{ "ParmProbs", ICMP_PARAMETERPROB },
	{ "SrcQuenchs", ICMP_SOURCE_QUENCH },
	{ "Redirects", ICMP_REDIRECT },
	{ "Echos", ICMP_ECHO },
	{ "EchoReps", ICMP_ECHOREPLY },
	{ "Timestamps", ICMP_TIMESTAMP },
	{ "TimestampReps", ICMP_TIMESTAMPREPLY },
	{ "AddrMasks", ICMP_ADDRESS },
	{ "AddrMaskReps", ICMP_ADDRESSREPLY },
	{ NULL, 0 }
};

static const struct snmp_mib xsnmp4_tcp_list[] = {
	SNMP_MIB_ITEM("RtoAlgorithm", TCP_MIB_RTOALGORITHM),
	SNMP_MIB_ITEM("RtoMin", TCP_MIB_RTOMIN),
	SNMP_MIB_ITEM("RtoMax", TCP_MIB_RTOMAX),
	SNMP_MIB_ITEM("MaxConn", TCP_MIB_MAXCONN),
	SNMP_MIB_ITEM("ActiveOpens", TCP_MIB_ACTIVEOPENS),
	SNMP_MIB_ITEM("PassiveOpens", TCP_MIB_PASSIVEOPENS),
	SNMP_MIB_ITEM("AttemptFails", TCP_MIB_ATTEMPTFAILS),
	SNMP_MIB_ITEM("EstabResets", TCP_MIB_ESTABRESETS),
	SNMP_MIB_ITEM("CurrEstab", TCP_MIB_CURRESTAB),
	SNMP_MIB_ITEM("InSegs", TCP_MIB_INSEGS),
	SNMP_MIB_ITEM("OutSegs", TCP_MIB_OUTSEGS),
	SNMP_MIB_ITEM("RetransSegs", TCP_MIB_RETRANSSEGS),
	SNMP_MIB_ITEM("InErrs", TCP_MIB_INERRS),
	SNMP_MIB_ITEM("OutRsts", TCP_MIB_OUTRSTS),
	SNMP_MIB_ITEM("InCsumErrors", TCP_MIB_CSUMERRORS),
	SNMP_MIB_SENTINEL
};

static const struct snmp_mib xsnmp4_udp_list[] = {
	SNMP_MIB_ITEM("InDatagrams", UDP_MIB_INDATAGRAMS),
	SNMP_MIB_ITEM("NoPorts", UDP_MIB_NOPORTS),
	SNMP_MIB_ITEM("InErrors", UDP_MIB_INERRORS),
	SNMP_MIB_ITEM("OutDatagrams", UDP_MIB_OUTDATAGRAMS),
	SNMP_MIB_ITEM("RcvbufErrors", UDP_MIB_RCVBUFERRORS),
	SNMP_MIB_ITEM("SndbufErrors", UDP_MIB_SNDBUFERRORS),
	SNMP_MIB_ITEM("InCsumErrors", UDP_MIB_CSUMERRORS),
	SNMP_MIB_ITEM("IgnoredMulti", UDP_MIB_IGNOREDMULTI),
	SNMP_MIB_ITEM("MemErrors", UDP_MIB_MEMERRORS),
	SNMP_MIB_SENTINEL
};

/* The TcpExt: line of netstat: the LINUX_MIB_* counters. */
static const struct snmp_mib xsnmp4_net_list[] = {
	SNMP_MIB_ITEM("SyncookiesSent", LINUX_MIB_SYNCOOKIESSENT),
	SNMP_MIB_ITEM("SyncookiesRecv", LINUX_MIB_SYNCOOKIESRECV),
	SNMP_MIB_ITEM("SyncookiesFailed", LINUX_MIB_SYNCOOKIESFAILED),
	SNMP_MIB_ITEM("EmbryonicRsts", LINUX_MIB_EMBRYONICRSTS),
	SNMP_MIB_ITEM("PruneCalled", LINUX_MIB_PRUNECALLED),
	SNMP_MIB_ITEM("RcvPruned", LINUX_MIB_RCVPRUNED),
	SNMP_MIB_ITEM("OfoPruned", LINUX_MIB_OFOPRUNED),
	SNMP_MIB_ITEM("OutOfWindowIcmps", LINUX_MIB_OUTOFWINDOWICMPS),
	SNMP_MIB_ITEM("LockDroppedIcmps", LINUX_MIB_LOCKDROPPEDICMPS),
	SNMP_MIB_ITEM("ArpFilter", LINUX_MIB_ARPFILTER),
	SNMP_MIB_ITEM("TW", LINUX_MIB_TIMEWAITED),
	SNMP_MIB_ITEM("TWRecycled", LINUX_MIB_TIMEWAITRECYCLED),
	SNMP_MIB_ITEM("TWKilled", LINUX_MIB_TIMEWAITKILLED),
	SNMP_MIB_ITEM("PAWSActive", LINUX_MIB_PAWSACTIVEREJECTED),
	SNMP_MIB_ITEM("PAWSEstab", LINUX_MIB_PAWSESTABREJECTED),
	SNMP_MIB_ITEM("DelayedACKs", LINUX_MIB_DELAYEDACKS),
	SNMP_MIB_ITEM("DelayedACKLocked", LINUX_MIB_DELAYEDACKLOCKED),
	SNMP_MIB_ITEM("DelayedACKLost", LINUX_MIB_DELAYEDACKLOST),
	SNMP_MIB_ITEM("ListenOverflows", LINUX_MIB_LISTENOVERFLOWS),
	SNMP_MIB_ITEM("ListenDrops", LINUX_MIB_LISTENDROPS),
	SNMP_MIB_ITEM("TCPHPHits", LINUX_MIB_TCPHPHITS),
	SNMP_MIB_ITEM("TCPPureAcks", LINUX_MIB_TCPPUREACKS),
	SNMP_MIB_ITEM("TCPHPAcks", LINUX_MIB_TCPHPACKS),
	SNMP_MIB_ITEM("TCPRenoRecovery", LINUX_MIB_TCPRENORECOVERY),
	SNMP_MIB_ITEM("TCPSackRecovery", LINUX_MIB_TCPSACKRECOVERY),
	SNMP_MIB_ITEM("TCPSACKReneging", LINUX_MIB_TCPSACKRENEGING),
	SNMP_MIB_ITEM("TCPSACKReorder", LINUX_MIB_TCPSACKREORDER),
	SNMP_MIB_ITEM("TCPRenoReorder", LINUX_MIB_TCPRENOREORDER),
	SNMP_MIB_ITEM("TCPTSReorder", LINUX_MIB_TCPTSREORDER),
	SNMP_MIB_ITEM("TCPFullUndo", LINUX_MIB_TCPFULLUNDO),
	SNMP_MIB_ITEM("TCPPartialUndo", LINUX_MIB_TCPPARTIALUNDO),
	SNMP_MIB_ITEM("TCPDSACKUndo", LINUX_MIB_TCPDSACKUNDO),
	SNMP_MIB_ITEM("TCPLossUndo", LINUX_MIB_TCPLOSSUNDO),
	SNMP_MIB_ITEM("TCPLostRetransmit", LINUX_MIB_TCPLOSTRETRANSMIT),
	SNMP_MIB_ITEM("TCPRenoFailures", LINUX_MIB_TCPRENOFAILURES),
	SNMP_MIB_ITEM("TCPSackFailures", LINUX_MIB_TCPSACKFAILURES),
	SNMP_MIB_ITEM("TCPLossFailures", LINUX_MIB_TCPLOSSFAILURES),
	SNMP_MIB_ITEM("TCPFastRetrans", LINUX_MIB_TCPFASTRETRANS),
	SNMP_MIB_ITEM("TCPSlowStartRetrans", LINUX_MIB_TCPSLOWSTARTRETRANS),
	SNMP_MIB_ITEM("TCPTimeouts", LINUX_MIB_TCPTIMEOUTS),
	SNMP_MIB_ITEM("TCPLossProbes", LINUX_MIB_TCPLOSSPROBES),
	SNMP_MIB_ITEM("TCPLossProbeRecovery", LINUX_MIB_TCPLOSSPROBERECOVERY),
	SNMP_MIB_ITEM("TCPRenoRecoveryFail", LINUX_MIB_TCPRENORECOVERYFAIL),
	SNMP_MIB_ITEM("TCPSackRecoveryFail", LINUX_MIB_TCPSACKRECOVERYFAIL),
	SNMP_MIB_ITEM("TCPRcvCollapsed", LINUX_MIB_TCPRCVCOLLAPSED),
	SNMP_MIB_ITEM("TCPBacklogCoalesce", LINUX_MIB_TCPBACKLOGCOALESCE),
	SNMP_MIB_ITEM("TCPDSACKOldSent", LINUX_MIB_TCPDSACKOLDSENT),
	SNMP_MIB_ITEM("TCPDSACKOfoSent", LINUX_MIB_TCPDSACKOFOSENT),
	SNMP_MIB_ITEM("TCPDSACKRecv", LINUX_MIB_TCPDSACKRECV),
	SNMP_MIB_ITEM("TCPDSACKOfoRecv", LINUX_MIB_TCPDSACKOFORECV),
	SNMP_MIB_ITEM("TCPAbortOnData", LINUX_MIB_TCPABORTONDATA),
	SNMP_MIB_ITEM("TCPAbortOnClose", LINUX_MIB_TCPABORTONCLOSE),
	SNMP_MIB_ITEM("TCPAbortOnMemory", LINUX_MIB_TCPABORTONMEMORY),
	SNMP_MIB_ITEM("TCPAbortOnTimeout", LINUX_MIB_TCPABORTONTIMEOUT),
	SNMP_MIB_ITEM("TCPAbortOnLinger", LINUX_MIB_TCPABORTONLINGER),
	SNMP_MIB_ITEM("TCPAbortFailed", LINUX_MIB_TCPABORTFAILED),
	SNMP_MIB_ITEM("TCPMemoryPressures", LINUX_MIB_TCPMEMORYPRESSURES),
	SNMP_MIB_ITEM("TCPMemoryPressuresChrono", LINUX_MIB_TCPMEMORYPRESSURESCHRONO),
	SNMP_MIB_ITEM("TCPSACKDiscard", LINUX_MIB_TCPSACKDISCARD),
	SNMP_MIB_ITEM("TCPDSACKIgnoredOld", LINUX_MIB_TCPDSACKIGNOREDOLD),
	SNMP_MIB_ITEM("TCPDSACKIgnoredNoUndo", LINUX_MIB_TCPDSACKIGNOREDNOUNDO),
	SNMP_MIB_ITEM("TCPSpuriousRTOs", LINUX_MIB_TCPSPURIOUSRTOS),
	SNMP_MIB_ITEM("TCPMD5NotFound", LINUX_MIB_TCPMD5NOTFOUND),
	SNMP_MIB_ITEM("TCPMD5Unexpected", LINUX_MIB_TCPMD5UNEXPECTED),
	SNMP_MIB_ITEM("TCPMD5Failure", LINUX_MIB_TCPMD5FAILURE),
	SNMP_MIB_ITEM("TCPSackShifted", LINUX_MIB_SACKSHIFTED),
	SNMP_MIB_ITEM("TCPSackMerged", LINUX_MIB_SACKMERGED),
	SNMP_MIB_ITEM("TCPSackShiftFallback", LINUX_MIB_SACKSHIFTFALLBACK),
	SNMP_MIB_ITEM("TCPBacklogDrop", LINUX_MIB_TCPBACKLOGDROP),
	SNMP_MIB_ITEM("PFMemallocDrop", LINUX_MIB_PFMEMALLOCDROP),
	SNMP_MIB_ITEM("TCPMinTTLDrop", LINUX_MIB_TCPMINTTLDROP),
	SNMP_MIB_ITEM("TCPDeferAcceptDrop", LINUX_MIB_TCPDEFERACCEPTDROP),
	SNMP_MIB_ITEM("IPReversePathFilter", LINUX_MIB_IPRPFILTER),
	SNMP_MIB_ITEM("TCPTimeWaitOverflow", LINUX_MIB_TCPTIMEWAITOVERFLOW),
	SNMP_MIB_ITEM("TCPReqQFullDoCookies", LINUX_MIB_TCPREQQFULLDOCOOKIES),
	SNMP_MIB_ITEM("TCPReqQFullDrop", LINUX_MIB_TCPREQQFULLDROP),
	SNMP_MIB_ITEM("TCPRetransFail", LINUX_MIB_TCPRETRANSFAIL),
	SNMP_MIB_ITEM("TCPRcvCoalesce", LINUX_MIB_TCPRCVCOALESCE),
	SNMP_MIB_ITEM("TCPOFOQueue", LINUX_MIB_TCPOFOQUEUE),
	SNMP_MIB_ITEM("TCPOFODrop", LINUX_MIB_TCPOFODROP),
	SNMP_MIB_ITEM("TCPOFOMerge", LINUX_MIB_TCPOFOMERGE),
	SNMP_MIB_ITEM("TCPChallengeACK", LINUX_MIB_TCPCHALLENGEACK),
	SNMP_MIB_ITEM("TCPSYNChallenge", LINUX_MIB_TCPSYNCHALLENGE),
	SNMP_MIB_ITEM("TCPFastOpenActive", LINUX_MIB_TCPFASTOPENACTIVE),
	SNMP_MIB_ITEM("TCPFastOpenActiveFail", LINUX_MIB_TCPFASTOPENACTIVEFAIL),
	SNMP_MIB_ITEM("TCPFastOpenPassive", LINUX_MIB_TCPFASTOPENPASSIVE),
	SNMP_MIB_ITEM("TCPFastOpenPassiveFail", LINUX_MIB_TCPFASTOPENPASSIVEFAIL),
	SNMP_MIB_ITEM("TCPFastOpenListenOverflow", LINUX_MIB_TCPFASTOPENLISTENOVERFLOW),
	SNMP_MIB_ITEM("TCPFastOpenCookieReqd", LINUX_MIB_TCPFASTOPENCOOKIEREQD),
	SNMP_MIB_ITEM("TCPFastOpenBlackhole", LINUX_MIB_TCPFASTOPENBLACKHOLE),
	SNMP_MIB_ITEM("TCPSpuriousRtxHostQueues", LINUX_MIB_TCPSPURIOUS_RTX_HOSTQUEUES),
	SNMP_MIB_ITEM("BusyPollRxPackets", LINUX_MIB_BUSYPOLLRXPACKETS),
	SNMP_MIB_ITEM("TCPAutoCorking", LINUX_MIB_TCPAUTOCORKING),
	SNMP_MIB_ITEM("TCPFromZeroWindowAdv", LINUX_MIB_TCPFROMZEROWINDOWADV),
	SNMP_MIB_ITEM("TCPToZeroWindowAdv", LINUX_MIB_TCPTOZEROWINDOWADV),
	SNMP_MIB_ITEM("TCPWantZeroWindowAdv", LINUX_MIB_TCPWANTZEROWINDOWADV),
	SNMP_MIB_ITEM("TCPSynRetrans", LINUX_MIB_TCPSYNRETRANS),
	SNMP_MIB_ITEM("TCPOrigDataSent", LINUX_MIB_TCPORIGDATASENT),
	SNMP_MIB_ITEM("TCPHystartTrainDetect", LINUX_MIB_TCPHYSTARTTRAINDETECT),
	SNMP_MIB_ITEM("TCPHystartTrainCwnd", LINUX_MIB_TCPHYSTARTTRAINCWND),
	SNMP_MIB_ITEM("TCPHystartDelayDetect", LINUX_MIB_TCPHYSTARTDELAYDETECT),
	SNMP_MIB_ITEM("TCPHystartDelayCwnd", LINUX_MIB_TCPHYSTARTDELAYCWND),
	SNMP_MIB_ITEM("TCPACKSkippedSynRecv", LINUX_MIB_TCPACKSKIPPEDSYNRECV),
	SNMP_MIB_ITEM("TCPACKSkippedPAWS", LINUX_MIB_TCPACKSKIPPEDPAWS),
	SNMP_MIB_ITEM("TCPACKSkippedSeq", LINUX_MIB_TCPACKSKIPPEDSEQ),
	SNMP_MIB_ITEM("TCPACKSkippedFinWait2", LINUX_MIB_TCPACKSKIPPEDFINWAIT2),
	SNMP_MIB_ITEM("TCPACKSkippedTimeWait", LINUX_MIB_TCPACKSKIPPEDTIMEWAIT),
	SNMP_MIB_ITEM("TCPACKSkippedChallenge", LINUX_MIB_TCPACKSKIPPEDCHALLENGE),
	SNMP_MIB_ITEM("TCPWinProbe", LINUX_MIB_TCPWINPROBE),
	SNMP_MIB_ITEM("TCPKeepAlive", LINUX_MIB_TCPKEEPALIVE),
	SNMP_MIB_ITEM("TCPMTUPFail", LINUX_MIB_TCPMTUPFAIL),
	SNMP_MIB_ITEM("TCPMTUPSuccess", LINUX_MIB_TCPMTUPSUCCESS),
	SNMP_MIB_ITEM("TCPDelivered", LINUX_MIB_TCPDELIVERED),
	SNMP_MIB_ITEM("TCPDeliveredCE", LINUX_MIB_TCPDELIVEREDCE),
	SNMP_MIB_ITEM("TCPAckCompressed", LINUX_MIB_TCPACKCOMPRESSED),
	SNMP_MIB_ITEM("TCPZeroWindowDrop", LINUX_MIB_TCPZEROWINDOWDROP),
	SNMP_MIB_ITEM("TCPRcvQDrop", LINUX_MIB_TCPRCVQDROP),
	SNMP_MIB_ITEM("TCPWqueueTooBig", LINUX_MIB_TCPWQUEUETOOBIG),
	SNMP_MIB_ITEM("TCPFastOpenPassiveAltKey", LINUX_MIB_TCPFASTOPENPASSIVEALTKEY),
	SNMP_MIB_ITEM("TcpTimeoutRehash", LINUX_MIB_TCPTIMEOUTREHASH),
	SNMP_MIB_ITEM("TcpDuplicateDataRehash", LINUX_MIB_TCPDUPLICATEDATAREHASH),
	SNMP_MIB_ITEM("TCPDSACKRecvSegs", LINUX_MIB_TCPDSACKRECVSEGS),
	SNMP_MIB_ITEM("TCPDSACKIgnoredDubious", LINUX_MIB_TCPDSACKIGNOREDDUBIOUS),
	SNMP_MIB_ITEM("TCPMigrateReqSuccess", LINUX_MIB_TCPMIGRATEREQSUCCESS),
	SNMP_MIB_ITEM("TCPMigrateReqFailure", LINUX_MIB_TCPMIGRATEREQFAILURE),
	XINET_SNMP_TCPEXT_PLB
	XINET_SNMP_TCPEXT_AO_ITEM("TCPAORequired", LINUX_MIB_TCPAOREQUIRED)
	XINET_SNMP_TCPEXT_AO_ITEM("TCPAOBad", LINUX_MIB_TCPAOBAD)
	XINET_SNMP_TCPEXT_AO_ITEM("TCPAOKeyNotFound",
				  LINUX_MIB_TCPAOKEYNOTFOUND)
	XINET_SNMP_TCPEXT_AO_ITEM("TCPAOGood", LINUX_MIB_TCPAOGOOD)
	XINET_SNMP_TCPEXT_AO_ITEM("TCPAODroppedIcmps",
				  LINUX_MIB_TCPAODROPPEDICMPS)
	SNMP_MIB_SENTINEL
};

#define XSNMP_COUNT(list)	(ARRAY_SIZE(list) - 1)

/* Sum a per-CPU unsigned long MIB over the CPUs into @buff. */
static void xsnmp_fold(unsigned long *buff, const struct snmp_mib *list,
		       void __percpu *mib)
{
	int c, i;

	for_each_possible_cpu(c)
		for (i = 0; list[i].name; i++)
			buff[i] += snmp_get_cpu_field(mib, c, list[i].entry);
}

/* The same for the 64-bit Ip: counters, read under their syncp. */
static void xsnmp_fold64(u64 *buff, const struct snmp_mib *list,
			 struct ipstats_mib __percpu *mib)
{
	int c, i;

	for_each_possible_cpu(c)
		for (i = 0; list[i].name; i++)
			buff[i] += snmp_get_cpu_field64(mib, c, list[i].entry,
					offsetof(struct ipstats_mib, syncp));
}

static void xsnmp_seq_show_ip(struct seq_file *seq, struct xinet_net *xn)
{
	u64 buff64[XSNMP_COUNT(xsnmp4_ipstats_list)] = {};
	int i;

	seq_puts(seq, "Ip: Forwarding DefaultTTL");
	for (i = 0; xsnmp4_ipstats_list[i].name; i++)
		seq_printf(seq, " %s", xsnmp4_ipstats_list[i].name);

	/* xinet never forwards: 2 is "not forwarding" (RFC 1213). */
	seq_printf(seq, "\nIp: %d %d", 2,
		   READ_ONCE(xn->sysctl_ip_default_ttl));
	xsnmp_fold64(buff64, xsnmp4_ipstats_list, xn->mib.ip_statistics);
	for (i = 0; xsnmp4_ipstats_list[i].name; i++)
		seq_printf(seq, " %llu", buff64[i]);
}

static void xsnmp_seq_show_icmp(struct seq_file *seq, struct xinet_net *xn)
{
	atomic_long_t *ptr = xn->mib.icmpmsg_statistics->mibs;
	void __percpu *icmp = xn->mib.icmp_statistics;
	int i;

	seq_puts(seq, "\nIcmp: InMsgs InErrors InCsumErrors");
	for (i = 0; xicmpmibmap[i].name; i++)
		seq_printf(seq, " In%s", xicmpmibmap[i].name);
	seq_puts(seq, " OutMsgs OutErrors OutRateLimitGlobal OutRateLimitHost");
	for (i = 0; xicmpmibmap[i].name; i++)
		seq_printf(seq, " Out%s", xicmpmibmap[i].name);
	seq_printf(seq, "\nIcmp: %lu %lu %lu",
		   snmp_fold_field(icmp, ICMP_MIB_INMSGS),
		   snmp_fold_field(icmp, ICMP_MIB_INERRORS),
		   snmp_fold_field(icmp, ICMP_MIB_CSUMERRORS));
	for (i = 0; xicmpmibmap[i].name; i++)
		seq_printf(seq, " %lu",
			   atomic_long_read(ptr + xicmpmibmap[i].index));
	seq_printf(seq, " %lu %lu %lu %lu",
		   snmp_fold_field(icmp, ICMP_MIB_OUTMSGS),
		   snmp_fold_field(icmp, ICMP_MIB_OUTERRORS),
		   snmp_fold_field(icmp, ICMP_MIB_RATELIMITGLOBAL),
		   snmp_fold_field(icmp, ICMP_MIB_RATELIMITHOST));
	for (i = 0; xicmpmibmap[i].name; i++)
		seq_printf(seq, " %lu",
			   atomic_long_read(ptr + (xicmpmibmap[i].index | 0x100)));
}

static void xicmpmsg_put_line(struct seq_file *seq, unsigned long *vals,
			      unsigned short *type, int count)
{
	int j;

	if (!count)
		return;
	seq_puts(seq, "\nIcmpMsg:");
	for (j = 0; j < count; j++)
		seq_printf(seq, " %sType%u", type[j] & 0x100 ? "Out" : "In",
			   type[j] & 0xff);
	seq_puts(seq, "\nIcmpMsg:");
	for (j = 0; j < count; j++)
		seq_printf(seq, " %lu", vals[j]);
}

/* Only the types seen, at most 16 to a pair of lines, as icmpmsg_put(). */
static void xsnmp_seq_show_icmpmsg(struct seq_file *seq, struct xinet_net *xn)
{
#define XICMPMSG_PERLINE	16
	unsigned short type[XICMPMSG_PERLINE];
	unsigned long vals[XICMPMSG_PERLINE], val;
	int i, count = 0;

	for (i = 0; i < ICMPMSG_MIB_MAX; i++) {
		val = atomic_long_read(&xn->mib.icmpmsg_statistics->mibs[i]);
		if (val) {
			type[count] = i;
			vals[count++] = val;
		}
		if (count == XICMPMSG_PERLINE) {
			xicmpmsg_put_line(seq, vals, type, count);
			count = 0;
		}
	}
	xicmpmsg_put_line(seq, vals, type, count);
#undef XICMPMSG_PERLINE
}

static void xsnmp_put_udp(struct seq_file *seq, const char *name,
			  void __percpu *mib)
{
	unsigned long buff[XSNMP_COUNT(xsnmp4_udp_list)] = {};
	int i;

	if (mib)
		xsnmp_fold(buff, xsnmp4_udp_list, mib);
	seq_printf(seq, "\n%s:", name);
	for (i = 0; xsnmp4_udp_list[i].name; i++)
		seq_printf(seq, " %s", xsnmp4_udp_list[i].name);
	seq_printf(seq, "\n%s:", name);
	for (i = 0; xsnmp4_udp_list[i].name; i++)
		seq_printf(seq, " %lu", buff[i]);
}

static void xsnmp_seq_show_tcp_udp(struct seq_file *seq, struct xinet_net *xn)
{
	unsigned long buff[XSNMP_COUNT(xsnmp4_tcp_list)] = {};
	int i;

	seq_puts(seq, "\nTcp:");
	for (i = 0; xsnmp4_tcp_list[i].name; i++)
		seq_printf(seq, " %s", xsnmp4_tcp_list[i].name);
	seq_puts(seq, "\nTcp:");
	xsnmp_fold(buff, xsnmp4_tcp_list, xn->mib.tcp_statistics);
	for (i = 0; xsnmp4_tcp_list[i].name; i++) {
		/* MaxConn is signed (RFC 2012). */
		if (xsnmp4_tcp_list[i].entry == TCP_MIB_MAXCONN)
			seq_printf(seq, " %ld", buff[i]);
		else
			seq_printf(seq, " %lu", buff[i]);
	}

	xsnmp_put_udp(seq, "Udp", xn->mib.udp_statistics);
	/* No UDP-Lite in xinet: the line is there, with zeros. */
	xsnmp_put_udp(seq, "UdpLite", NULL);
	seq_putc(seq, '\n');
}

static int xsnmp_seq_show(struct seq_file *seq, void *v)
{
	struct xinet_net *xn = xinet_net(seq->private);

	xsnmp_seq_show_ip(seq, xn);
	xsnmp_seq_show_icmp(seq, xn);
	xsnmp_seq_show_icmpmsg(seq, xn);
	xsnmp_seq_show_tcp_udp(seq, xn);
	return 0;
}

static int xnetstat_seq_show(struct seq_file *seq, void *v)
{
	const int ip_cnt = XSNMP_COUNT(xsnmp4_ipextstats_list);
	const int tcp_cnt = XSNMP_COUNT(xsnmp4_net_list);
	struct xinet_net *xn = xinet_net(seq->private);
	unsigned long *buff;
	u64 *buff64;
	int i;

	/* Too big for the stack; the kernel allocates it the same way. */
	buff = kcalloc(tcp_cnt, sizeof(*buff), GFP_KERNEL);
	buff64 = kcalloc(ip_cnt, sizeof(*buff64), GFP_KERNEL);
	if (!buff || !buff64) {
		kfree(buff);
		kfree(buff64);
		return -ENOMEM;
	}

	seq_puts(seq, "TcpExt:");
	for (i = 0; i < tcp_cnt; i++)
		seq_printf(seq, " %s", xsnmp4_net_list[i].name);
	seq_puts(seq, "\nTcpExt:");
	xsnmp_fold(buff, xsnmp4_net_list, xn->mib.net_statistics);
	for (i = 0; i < tcp_cnt; i++)
		seq_printf(seq, " %lu", buff[i]);

	seq_puts(seq, "\nIpExt:");
	for (i = 0; i < ip_cnt; i++)
		seq_printf(seq, " %s", xsnmp4_ipextstats_list[i].name);
	seq_puts(seq, "\nIpExt:");
	xsnmp_fold64(buff64, xsnmp4_ipextstats_list, xn->mib.ip_statistics);
	for (i = 0; i < ip_cnt; i++)
		seq_printf(seq, " %llu", buff64[i]);
	seq_putc(seq, '\n');

	kfree(buff);
	kfree(buff64);
	return 0;
}

/*
 * The pages @prot has charged: the global count plus what each CPU holds
 * back in its reserve (sk_memory_allocated_add() moves pages to the global
 * count only in batches of net.core.mem_pcpu_rsv).  Linux's sockstat
 * prints the global count alone, clamped at 0; here the sum is exact and
 * signed, so that a test sees a single page leaked or uncharged twice.
 */
static long xproto_memory_allocated(const struct proto *prot)
{
	long pages;
	int cpu;

	if (!prot->memory_allocated)
		return 0;
	pages = atomic_long_read(prot->memory_allocated);
	if (prot->per_cpu_fw_alloc)
		for_each_possible_cpu(cpu)
			pages += *per_cpu_ptr(prot->per_cpu_fw_alloc, cpu);
	return pages;
}

/*
 * sockstat, twin of sockstat_seq_show(): the lines and fields of
 * /proc/net/sockstat.  As there, inuse and tw count this namespace's
 * sockets, while orphan, alloc and mem are the module's totals.  xinet
 * has neither UDP-Lite nor reassembly: those lines read zero.
 */
static int xsockstat_seq_show(struct seq_file *seq, void *v)
{
	struct net *net = seq->private;
	struct xinet_net *xn = xinet_net(net);

	seq_printf(seq, "sockets: used %d\n", sock_inuse_get(net));
	seq_printf(seq, "TCP: inuse %d orphan %lld tw %d alloc %lld mem %ld\n",
		   sock_prot_inuse_get(net, &xtcp_prot),
		   percpu_counter_sum_positive(&xtcp_orphan_count),
		   atomic_read(&xn->tcp_tw_count),
		   percpu_counter_sum_positive(xtcp_prot.sockets_allocated),
		   xproto_memory_allocated(&xtcp_prot));
	seq_printf(seq, "UDP: inuse %d mem %ld\n",
		   sock_prot_inuse_get(net, &xudp_prot),
		   xproto_memory_allocated(&xudp_prot));
	seq_puts(seq, "UDPLITE: inuse 0\n");
	seq_printf(seq, "RAW: inuse %d\n", sock_prot_inuse_get(net, &xraw_prot));
	seq_printf(seq, "FRAG: inuse %u memory %lu\n",
		   READ_ONCE(xn->fqdir.nqueues), xip_frag_mem(net));
	return 0;
}

/*
 * The constant Tcp: entries, set at namespace birth as tcp_mib_init()
 * sets them: Van Jacobson's RTO algorithm ("other" is 1 in RFC 2012),
 * the RTO bounds in milliseconds, and no connection limit (-1).
 */
static void xinet_tcp_mib_init(struct xinet_net *xn)
{
	SNMP_ADD_STATS(xn->mib.tcp_statistics, TCP_MIB_RTOALGORITHM, 1);
	SNMP_ADD_STATS(xn->mib.tcp_statistics, TCP_MIB_RTOMIN,
		       XTCP_RTO_MIN * 1000 / HZ);
	SNMP_ADD_STATS(xn->mib.tcp_statistics, TCP_MIB_RTOMAX,
		       XTCP_RTO_MAX * 1000 / HZ);
	SNMP_ADD_STATS(xn->mib.tcp_statistics, TCP_MIB_MAXCONN, -1);
}

/**
 * xinet_proc_init_net - create /proc/net/xinet in a namespace
 * @net: the namespace, whose counters are allocated
 *
 * Creates the directory and its snmp, netstat and sockstat files; the
 * transports add their socket lists to xinet_net(net)->proc_dir.
 *
 * Return: 0 or -ENOMEM (nothing left created).
 */
int xinet_proc_init_net(struct net *net)
{
	struct xinet_net *xn = xinet_net(net);

	/* proc_net_mkdir(): the files find their namespace in the dir. */
	xn->proc_dir = proc_net_mkdir(net, "xinet", net->proc_net);
	if (!xn->proc_dir)
		return -ENOMEM;
	if (!proc_create_net_single("snmp", 0444, xn->proc_dir,
				    xsnmp_seq_show, NULL) ||
	    !proc_create_net_single("netstat", 0444, xn->proc_dir,
				    xnetstat_seq_show, NULL) ||
	    !proc_create_net_single("sockstat", 0444, xn->proc_dir,
				    xsockstat_seq_show, NULL)) {
		remove_proc_subtree("xinet", net->proc_net);
		xn->proc_dir = NULL;
		return -ENOMEM;
	}
	xinet_tcp_mib_init(xn);
	return 0;
}

/**
 * xinet_proc_exit_net - remove /proc/net/xinet and what is in it
 * @net: the namespace
 */
void xinet_proc_exit_net(struct net *net)
{
	remove_proc_subtree("xinet", net->proc_net);
	xinet_net(net)->proc_dir = NULL;
}
