// SPDX-License-Identifier: GPL-2.0
/*
 * xinet: fragment reassembly queues, twin of net/ipv4/inet_fragment.c.
 *
 * Each namespace has a table of queues (struct xfqdir, in struct
 * xinet_net), one queue per datagram being reassembled.  A queue holds
 * its fragments in an rbtree of runs, as Linux does: a run is a chain of
 * fragments that follow each other without a gap, so that the common
 * in-order arrival appends to the last run in O(1) and an overlap, which
 * drops the whole datagram (RFC 5722), is found by one tree descent.
 *
 * Memory is accounted per namespace (the queues and the truesize of the
 * skbs they hold); while it is above ipfrag_high_thresh no fragment is
 * queued, and a flood is bounded by it until its queues expire after
 * ipfrag_time.
 *
 * Where Linux has a table (rhashtable) read under RCU and a lock per
 * queue, xinet has one lock per namespace for the table and its queues:
 * reassembly is not a fast path here.  The reference counting is
 * Linux's: the table and the pending timer each hold one; whoever takes
 * a queue out of the table or stops its timer (xinet_frag_kill()) owes
 * the matching put.
 */

#include <linux/jhash.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/xinet/compat.h>
#include <net/xinet/netns.h>
#include <net/xinet/xinet_frag.h>

/* What a queue costs the namespace besides its fragments (f->qsize). */
#define XFRAG_QSIZE	sizeof(struct xfrag_queue)

static u32 xfrag_hash(const struct xfqdir *fqdir,
		      const struct xfrag_v4_key *key)
{
	return jhash_3words((__force u32)key->saddr, (__force u32)key->daddr,
			    (__force u32)key->id << 8 | key->protocol,
			    fqdir->hash_rnd) >> (32 - XFRAG_HASH_BITS);
}

static bool xfrag_key_eq(const struct xfrag_v4_key *a,
			 const struct xfrag_v4_key *b)
{
	return a->saddr == b->saddr && a->daddr == b->daddr &&
	       a->id == b->id && a->protocol == b->protocol;
}

/**
 * xfqdir_init - set up a namespace's queue table (twin of fqdir_init)
 * @fqdir: the table, zeroed
 * @net: its namespace
 *
 * The caller sets the thresholds, timeout and max_dist.
 */
void xfqdir_init(struct xfqdir *fqdir, struct net *net)
{
	int i;

	fqdir->net = net;
	spin_lock_init(&fqdir->lock);
	atomic_long_set(&fqdir->mem, 0);
	fqdir->hash_rnd = get_random_u32();
	for (i = 0; i < ARRAY_SIZE(fqdir->hash); i++)
		INIT_HLIST_HEAD(&fqdir->hash[i]);
}

/* Free every fragment of @root: dropped for @reason, or consumed (0). */
static unsigned int xfrag_rbtree_purge(struct rb_root *root,
				       enum skb_drop_reason reason)
{
	struct rb_node *p = rb_first(root);
	unsigned int sum = 0;

	while (p) {
		struct sk_buff *skb = rb_entry(p, struct sk_buff, rbnode);

		p = rb_next(p);
		rb_erase(&skb->rbnode, root);
		while (skb) {
			struct sk_buff *next = XFRAG_CB(skb)->next_frag;

			sum += skb->truesize;
			if (reason == SKB_NOT_DROPPED_YET)
				consume_skb(skb);
			else
				kfree_skb_reason(skb, reason);
			skb = next;
		}
	}
	return sum;
}

/* Twin of inet_frag_destroy(): the last reference is gone. */
static void xinet_frag_destroy(struct xfrag_queue *q)
{
	struct xfqdir *fqdir = q->fqdir;
	enum skb_drop_reason reason;
	unsigned int sum;

	WARN_ON(!(q->flags & XFRAG_COMPLETE));
	WARN_ON(timer_pending(&q->timer));
	reason = (q->flags & XFRAG_DROP) ?
		 SKB_DROP_REASON_FRAG_REASM_TIMEOUT : SKB_NOT_DROPPED_YET;
	sum = xfrag_rbtree_purge(&q->rb_fragments, reason) + XFRAG_QSIZE;
	kfree(q);
	atomic_long_sub(sum, &fqdir->mem);
}

/**
 * xinet_frag_putn - drop references to a queue (twin of inet_frag_putn)
 * @q: the queue
 * @refs: how many; 0 is allowed
 *
 * The last one frees the queue and what it still holds.
 */
void xinet_frag_putn(struct xfrag_queue *q, int refs)
{
	if (refs && refcount_sub_and_test(refs, &q->refcnt))
		xinet_frag_destroy(q);
}

/**
 * xinet_frag_kill - take a queue out of service (twin of inet_frag_kill)
 * @q: the queue; the namespace's fragment lock held
 * @refs: incremented by the references the caller now owes
 *
 * Stops the timer and removes the queue from the table; the caller
 * puts @refs after dropping the lock.
 */
void xinet_frag_kill(struct xfrag_queue *q, int *refs)
{
	lockdep_assert_held(&q->fqdir->lock);

	if (del_timer(&q->timer))
		(*refs)++;
	if (!(q->flags & XFRAG_COMPLETE)) {
		q->flags |= XFRAG_COMPLETE;
		hlist_del_init(&q->node);
		WRITE_ONCE(q->fqdir->nqueues, q->fqdir->nqueues - 1);
		(*refs)++;
	}
}

/**
 * xinet_frag_queue_flush - drop a queue's fragments, keep the queue
 * @q: the queue; the namespace's fragment lock held
 * @reason: the drop reason, 0 for a timeout
 *
 * Twin of inet_frag_queue_flush().
 */
void xinet_frag_queue_flush(struct xfrag_queue *q,
			    enum skb_drop_reason reason)
{
	unsigned int sum;

	reason = reason ?: SKB_DROP_REASON_FRAG_REASM_TIMEOUT;
	sum = xfrag_rbtree_purge(&q->rb_fragments, reason);
	atomic_long_sub(sum, &q->fqdir->mem);
	q->rb_fragments = RB_ROOT;
	q->fragments_tail = NULL;
	q->last_run_head = NULL;
}

/* Twin of inet_frag_alloc() and inet_frag_create(), under the lock. */
static struct xfrag_queue *xinet_frag_create(struct xfqdir *fqdir,
					     const struct xfrag_v4_key *key,
					     struct hlist_head *bucket)
{
	struct xfrag_queue *q;

	q = kzalloc(sizeof(*q), GFP_ATOMIC);
	if (!q)
		return NULL;
	q->fqdir = fqdir;
	q->key = *key;
	q->rb_fragments = RB_ROOT;
	if (READ_ONCE(fqdir->max_dist)) {
		u32 slot = jhash_1word((__force u32)key->saddr,
				       fqdir->hash_rnd) >>
			   (32 - XFRAG_PEER_BITS);

		q->peer = &fqdir->peer_rid[slot];
	}
	atomic_long_add(XFRAG_QSIZE, &fqdir->mem);
	timer_setup(&q->timer, xip_expire, 0);
	/* One reference for the timer, one for the table. */
	refcount_set(&q->refcnt, 2);
	hlist_add_head(&q->node, bucket);
	WRITE_ONCE(fqdir->nqueues, fqdir->nqueues + 1);
	mod_timer(&q->timer, jiffies + READ_ONCE(fqdir->timeout));
	return q;
}

/**
 * xinet_frag_find - the queue of a datagram, created if need be
 * @fqdir: the namespace's queues; its lock held
 * @key: the datagram
 *
 * Twin of inet_frag_find(): nothing while the namespace's fragments take
 * more than ipfrag_high_thresh, or while it goes away.
 *
 * Return: the queue, or NULL.
 */
struct xfrag_queue *xinet_frag_find(struct xfqdir *fqdir,
				    const struct xfrag_v4_key *key)
{
	long high_thresh = READ_ONCE(fqdir->high_thresh);
	struct hlist_head *bucket;
	struct xfrag_queue *q;

	lockdep_assert_held(&fqdir->lock);

	if (fqdir->dead || !high_thresh ||
	    xfrag_mem_limit(fqdir) > high_thresh)
		return NULL;

	bucket = &fqdir->hash[xfrag_hash(fqdir, key)];
	hlist_for_each_entry(q, bucket, node)
		if (xfrag_key_eq(&q->key, key))
			return q;
	return xinet_frag_create(fqdir, key, bucket);
}

/**
 * xfqdir_exit - free every queue of a namespace that goes away
 * @fqdir: the table
 *
 * Twin of fqdir_pre_exit() and fqdir_exit().  No packet arrives any more
 * (the namespace's devices are gone); a timer may still be running, and
 * is waited for.
 */
void xfqdir_exit(struct xfqdir *fqdir)
{
	struct xfrag_queue *q;
	struct hlist_node *n;
	HLIST_HEAD(dying);
	int i;

	spin_lock_bh(&fqdir->lock);
	WRITE_ONCE(fqdir->high_thresh, 0);
	fqdir->dead = true;
	for (i = 0; i < ARRAY_SIZE(fqdir->hash); i++) {
		hlist_for_each_entry_safe(q, n, &fqdir->hash[i], node) {
			/* The table's reference moves to @dying. */
			q->flags |= XFRAG_COMPLETE;
			hlist_del(&q->node);
			hlist_add_head(&q->node, &dying);
		}
	}
	WRITE_ONCE(fqdir->nqueues, 0);
	spin_unlock_bh(&fqdir->lock);

	hlist_for_each_entry_safe(q, n, &dying, node) {
		int refs = 1;

		/* A running xip_expire() sees XFRAG_COMPLETE and puts its own. */
		if (timer_delete_sync(&q->timer))
			refs++;
		xinet_frag_putn(q, refs);
	}
	WARN_ON_ONCE(xfrag_mem_limit(fqdir));
}

/* Twin of fragcb_clear(). */
static void xfragcb_clear(struct sk_buff *skb)
{
	RB_CLEAR_NODE(&skb->rbnode);
	XFRAG_CB(skb)->next_frag = NULL;
	XFRAG_CB(skb)->frag_run_len = skb->len;
}

/* Twin of fragrun_append_to_last(): @skb follows the last run. */
static void xfragrun_append_to_last(struct xfrag_queue *q,
				    struct sk_buff *skb)
{
	xfragcb_clear(skb);
	XFRAG_CB(q->last_run_head)->frag_run_len += skb->len;
	XFRAG_CB(q->fragments_tail)->next_frag = skb;
	q->fragments_tail = skb;
}

/* Twin of fragrun_create(): @skb starts a run after the last one. */
static void xfragrun_create(struct xfrag_queue *q, struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct xfrag_cb) > sizeof_field(struct sk_buff, cb));
	xfragcb_clear(skb);
	if (q->last_run_head)
		rb_link_node(&skb->rbnode, &q->last_run_head->rbnode,
			     &q->last_run_head->rbnode.rb_right);
	else
		rb_link_node(&skb->rbnode, NULL, &q->rb_fragments.rb_node);
	rb_insert_color(&skb->rbnode, &q->rb_fragments);

	q->fragments_tail = skb;
	q->last_run_head = skb;
}

/**
 * xinet_frag_queue_insert - place a fragment in its queue
 * @q: the queue; the namespace's fragment lock held
 * @skb: the fragment, data at its payload
 * @offset: where its payload starts in the datagram
 * @end: where it ends
 *
 * Twin of inet_frag_queue_insert().  A fragment that lies within what
 * one run already holds is a duplicate, ignored; one that overlaps
 * anything otherwise is an overlap (RFC 5722 section 4 with erratum
 * 3089), for which the caller drops the datagram.
 *
 * Return: XIPFRAG_OK (the queue owns @skb), XIPFRAG_DUP or
 * XIPFRAG_OVERLAP (the caller keeps it).
 */
int xinet_frag_queue_insert(struct xfrag_queue *q, struct sk_buff *skb,
			    int offset, int end)
{
	struct sk_buff *last = q->fragments_tail;

	/* A fragment is never GSO; metadata an untrusted source attached
	 * must not reach the reassembled datagram.
	 */
	skb_gso_reset(skb);

	if (!last) {
		xfragrun_create(q, skb);
	} else if (XFRAG_CB(last)->offset + last->len < end) {
		/* The common case: after everything so far. */
		if (offset < XFRAG_CB(last)->offset + last->len)
			return XIPFRAG_OVERLAP;
		if (offset == XFRAG_CB(last)->offset + last->len)
			xfragrun_append_to_last(q, skb);
		else
			xfragrun_create(q, skb);
	} else {
		/* Somewhere before the end: search the runs. */
		struct rb_node **rbn = &q->rb_fragments.rb_node, *parent;

		do {
			struct sk_buff *curr;
			int curr_run_end;

			parent = *rbn;
			curr = rb_to_skb(parent);
			curr_run_end = XFRAG_CB(curr)->offset +
				       XFRAG_CB(curr)->frag_run_len;
			if (end <= XFRAG_CB(curr)->offset)
				rbn = &parent->rb_left;
			else if (offset >= curr_run_end)
				rbn = &parent->rb_right;
			else if (offset >= XFRAG_CB(curr)->offset &&
				 end <= curr_run_end)
				return XIPFRAG_DUP;
			else
				return XIPFRAG_OVERLAP;
		} while (*rbn);
		xfragcb_clear(skb);
		rb_link_node(&skb->rbnode, parent, rbn);
		rb_insert_color(&skb->rbnode, &q->rb_fragments);
	}

	XFRAG_CB(skb)->offset = offset;
	return XIPFRAG_OK;
}

/**
 * xinet_frag_reasm_prepare - make @skb the head of the datagram
 * @q: the complete queue; the namespace's fragment lock held
 * @skb: the fragment that completed it, already inserted
 * @parent: the queue's tail before @skb was inserted
 *
 * Twin of inet_frag_reasm_prepare(): the caller's @skb becomes the first
 * fragment (skb_morph), so that the skb the receive path holds is the
 * datagram; the head is uncloned and its frag_list readied.
 *
 * Return: where xinet_frag_reasm_finish() chains the rest, or NULL
 * without memory.
 */
void *xinet_frag_reasm_prepare(struct xfrag_queue *q, struct sk_buff *skb,
			       struct sk_buff *parent)
{
	struct sk_buff *fp, *head = skb_rb_first(&q->rb_fragments);
	int delta;

	if (head != skb) {
		fp = skb_clone(skb, GFP_ATOMIC);
		if (!fp)
			return NULL;
		XFRAG_CB(fp)->next_frag = XFRAG_CB(skb)->next_frag;
		if (RB_EMPTY_NODE(&skb->rbnode))
			XFRAG_CB(parent)->next_frag = fp;
		else
			rb_replace_node(&skb->rbnode, &fp->rbnode,
					&q->rb_fragments);
		if (q->fragments_tail == skb)
			q->fragments_tail = fp;
		if (q->last_run_head == skb)
			q->last_run_head = fp;
		skb_morph(skb, head);
		XFRAG_CB(skb)->next_frag = XFRAG_CB(head)->next_frag;
		rb_replace_node(&head->rbnode, &skb->rbnode,
				&q->rb_fragments);
		consume_skb(head);
		head = skb;
	}
	WARN_ON(XFRAG_CB(head)->offset != 0);

	delta = -head->truesize;
	/* The head of the list must not be a clone. */
	if (skb_unclone(head, GFP_ATOMIC))
		return NULL;
	delta += head->truesize;
	if (delta)
		atomic_long_add(delta, &q->fqdir->mem);

	/* A head that has a frag_list of its own keeps it behind a stub. */
	if (skb_has_frag_list(head)) {
		struct sk_buff *clone;
		int i, plen = 0;

		clone = alloc_skb(0, GFP_ATOMIC);
		if (!clone)
			return NULL;
		skb_shinfo(clone)->frag_list = skb_shinfo(head)->frag_list;
		skb_frag_list_init(head);
		for (i = 0; i < skb_shinfo(head)->nr_frags; i++)
			plen += skb_frag_size(&skb_shinfo(head)->frags[i]);
		clone->data_len = head->data_len - plen;
		clone->len = clone->data_len;
		head->truesize += clone->truesize;
		clone->csum = 0;
		clone->ip_summed = head->ip_summed;
		atomic_long_add(clone->truesize, &q->fqdir->mem);
		skb_shinfo(head)->frag_list = clone;
		return &clone->next;
	}
	return &skb_shinfo(head)->frag_list;
}

/**
 * xinet_frag_reasm_finish - chain the fragments behind the head
 * @q: the queue; the namespace's fragment lock held
 * @head: the head xinet_frag_reasm_prepare() made
 * @reasm_data: what it returned
 *
 * Twin of inet_frag_reasm_finish(): the runs in order become the head's
 * frag_list (or are merged into it where skb_try_coalesce() can), the
 * network header is pushed back, and the namespace stops accounting
 * the datagram: it belongs to the receive path now.
 */
void xinet_frag_reasm_finish(struct xfrag_queue *q, struct sk_buff *head,
			     void *reasm_data)
{
	struct sk_buff **nextp = reasm_data;
	struct rb_node *rbn;
	struct sk_buff *fp;
	int sum_truesize;

	skb_push(head, head->data - skb_network_header(head));

	fp = XFRAG_CB(head)->next_frag;
	rbn = rb_next(&head->rbnode);
	rb_erase(&head->rbnode, &q->rb_fragments);

	sum_truesize = head->truesize;
	while (rbn || fp) {
		/* @fp walks the current run, @rbn the runs. */
		while (fp) {
			struct sk_buff *next_frag = XFRAG_CB(fp)->next_frag;
			bool stolen;
			int delta;

			sum_truesize += fp->truesize;
			if (head->ip_summed != fp->ip_summed)
				head->ip_summed = CHECKSUM_NONE;
			else if (head->ip_summed == CHECKSUM_COMPLETE)
				head->csum = csum_add(head->csum, fp->csum);

			if (skb_try_coalesce(head, fp, &stolen, &delta)) {
				kfree_skb_partial(fp, stolen);
			} else {
				fp->prev = NULL;
				memset(&fp->rbnode, 0, sizeof(fp->rbnode));
				fp->sk = NULL;

				head->data_len += fp->len;
				head->len += fp->len;
				head->truesize += fp->truesize;

				*nextp = fp;
				nextp = &fp->next;
			}
			fp = next_frag;
		}
		if (rbn) {
			struct rb_node *rbnext = rb_next(rbn);

			fp = rb_to_skb(rbn);
			rb_erase(rbn, &q->rb_fragments);
			rbn = rbnext;
		}
	}
	atomic_long_sub(sum_truesize, &q->fqdir->mem);

	*nextp = NULL;
	skb_mark_not_on_list(head);
	head->prev = NULL;
	head->tstamp = q->stamp;
	q->rb_fragments = RB_ROOT;
	q->fragments_tail = NULL;
	q->last_run_head = NULL;
}

/**
 * xinet_frag_pull_head - take the first fragment out of a queue
 * @q: the queue; the namespace's fragment lock held
 *
 * Twin of inet_frag_pull_head(), for the ICMP a timeout sends.
 *
 * Return: the fragment at the lowest offset, or NULL.
 */
struct sk_buff *xinet_frag_pull_head(struct xfrag_queue *q)
{
	struct sk_buff *head, *skb;

	head = skb_rb_first(&q->rb_fragments);
	if (!head)
		return NULL;
	skb = XFRAG_CB(head)->next_frag;
	if (skb)
		rb_replace_node(&head->rbnode, &skb->rbnode,
				&q->rb_fragments);
	else
		rb_erase(&head->rbnode, &q->rb_fragments);
	memset(&head->rbnode, 0, sizeof(head->rbnode));
	barrier();

	if (head == q->fragments_tail)
		q->fragments_tail = NULL;
	if (head == q->last_run_head)
		q->last_run_head = skb;

	atomic_long_sub(head->truesize, &q->fqdir->mem);
	return head;
}
