/*
 * What the hostile storms of the C peers share (mailslot_peer, window_peer, clipboard_peer, dde_peer, pipe_client,
 * mq_peer), written from docs/wire-formats.md (section "Header block"): where the good messages go among the bad
 * ones, a good message with its header block, and the malformed header blocks a foreign writer may send. Included
 * as "hostile.h" from the peer's own folder, so the mingw-w64 build (autoconfigure/pom.xml, profile windows-tests)
 * and the gcc build (CPeers) find it with no flag; everything is static inline, so a peer that uses only a part of
 * it still builds with -Wall -Werror.
 *
 * A message body with headers: json is H (4-byte big-endian unsigned), H bytes of JSON (a flat object of strings),
 * then the payload.
 */
#ifndef IPC_TEST_HOSTILE_H
#define IPC_TEST_HOSTILE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* bytes a buffer needs for hostile_good and hostile_bad_block */
#define HOSTILE_ROOM 256

static inline void hostile_put_u32be(unsigned char *p, unsigned int v) {
	p[0] = (unsigned char) (v >> 24);
	p[1] = (unsigned char) (v >> 16);
	p[2] = (unsigned char) (v >> 8);
	p[3] = (unsigned char) v;
}

/*
 * Which of GOOD + BAD messages are the good ones: GOOD places chosen at random (srand(21): the same storm every run),
 * the last one always good, so that the storm ends with proof that the reader still works. calloc'd (the caller
 * frees it); NULL when out of memory. The caller's later rand() calls continue the same sequence.
 */
static inline char *hostile_order(int good, int bad) {
	int total = good + bad, placed;
	char *is_good = calloc((size_t) total, 1);
	if (is_good == NULL || total == 0 || good == 0) return is_good;
	srand(21);
	is_good[total - 1] = 1;
	for (placed = 1; placed < good;) {
		int at = rand() % total;
		if (!is_good[at]) {
			is_good[at] = 1;
			placed++;
		}
	}
	return is_good;
}

/* good message i: header block {"n":"<i>"} (H = 0 every tenth) and payload "good-<i>"; its length */
static inline unsigned int hostile_good(unsigned char *buf, int i) {
	char block[64];
	int blen = (i % 10 == 0) ? 0 : sprintf(block, "{\"n\":\"%d\"}", i);
	hostile_put_u32be(buf, (unsigned int) blen);
	memcpy(buf + 4, block, (size_t) blen);
	return (unsigned int) (4 + blen + sprintf((char *) buf + 4 + blen, "good-%d", i));
}

/*
 * A message whose header block is malformed, of KIND 0-3, into buf (HOSTILE_ROOM bytes); its length:
 *   0  1-3 bytes: no room for H (never 0 bytes: some transports drop an empty write)
 *   1  H beyond the message
 *   2  a block that is not JSON
 *   3  JSON whose value is not a string
 */
static inline unsigned int hostile_bad_block(unsigned char *buf, int kind) {
	unsigned int n, i;
	switch (kind) {
	case 0:
		n = 1 + rand() % 3;
		for (i = 0; i < n; i++) buf[i] = (unsigned char) rand();
		return n;
	case 1:
		n = rand() % 200;
		hostile_put_u32be(buf, n + 1 + rand() % 100000);
		for (i = 0; i < n; i++) buf[4 + i] = (unsigned char) rand();
		return 4 + n;
	case 2:
		n = 1 + rand() % 100;
		hostile_put_u32be(buf, n);
		buf[4] = 'x';
		for (i = 1; i < n; i++) buf[4 + i] = (unsigned char) rand();
		memcpy(buf + 4 + n, "payload", 7);
		return 4 + n + 7;
	default:
		n = (unsigned int) sprintf((char *) buf + 4, "{\"k%d\": %d}", rand() % 1000, rand() % 1000);
		hostile_put_u32be(buf, n);
		memcpy(buf + 4 + n, "payload", 7);
		return 4 + n + 7;
	}
}

/* MAX+1 to MAX+500 bytes of 'x' into buf (MAX + 500 bytes): over a reader's max-message-size MAX; its length */
static inline unsigned int hostile_oversize(unsigned char *buf, unsigned int max) {
	unsigned int n = max + 1 + rand() % 500;
	memset(buf, 'x', n);
	return n;
}

#endif
