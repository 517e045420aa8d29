/*
 * A peer of the message-queue transport, written from docs/wire-formats.md: a message is the payload, or with
 * headers: json the header block (u32 big-endian length, then that many bytes of JSON) followed by the payload.
 *
 *   mq_peer send QUEUE PRIORITY TEXT...   send each TEXT with PRIORITY (creating the queue if missing), print "done"
 *   mq_peer receive QUEUE COUNT           print "ready", then "<priority> <text>" per message, then "done"
 *   mq_peer count QUEUE COUNT             send "0".."COUNT-1", printing "S <i>" once each mq_send returned
 *   mq_peer soak QUEUE COUNT RATE         send "mq-0".."mq-<COUNT-1>", RATE a second at a steady pace (message i at
 *                                         i / RATE seconds after the first), then print "done"
 *   mq_peer hostile QUEUE GOOD BAD        GOOD messages {"n":"<i>"} + "good-<i>" among BAD malformed header blocks
 *                                         (shuffled, seed 21), print "done <good> <bad>"
 *
 * Build: gcc -O2 -Wall -Werror -o mq_peer mq_peer.c -lrt
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hostile.h"

static void fail(const char *what) {
	fprintf(stderr, "mq_peer: %s: %s\n", what, strerror(errno));
	exit(1);
}

static mqd_t open_queue(const char *name, int flags) {
	mqd_t q = mq_open(name, flags | O_CREAT, 0600, NULL);
	if (q == (mqd_t) -1) {
		fail("mq_open");
	}
	return q;
}

static void send_all(mqd_t q, const char *buf, size_t len, unsigned prio) {
	if (mq_send(q, buf, len, prio) != 0) {
		fail("mq_send");
	}
}

static int do_send(const char *name, unsigned prio, int argc, char **argv) {
	mqd_t q = open_queue(name, O_WRONLY);
	for (int i = 0; i < argc; i++) {
		send_all(q, argv[i], strlen(argv[i]), prio);
	}
	printf("done\n");
	return 0;
}

static int do_receive(const char *name, long count) {
	mqd_t q = open_queue(name, O_RDONLY);
	struct mq_attr attr;
	if (mq_getattr(q, &attr) != 0) {
		fail("mq_getattr");
	}
	char *buf = malloc(attr.mq_msgsize + 1);
	printf("ready\n");
	fflush(stdout);
	for (long i = 0; i < count; i++) {
		struct timespec deadline;
		clock_gettime(CLOCK_REALTIME, &deadline);
		deadline.tv_sec += 20;
		unsigned prio;
		ssize_t n = mq_timedreceive(q, buf, attr.mq_msgsize, &prio, &deadline);
		if (n < 0) {
			fail("mq_timedreceive");
		}
		buf[n] = 0;
		printf("%u %s\n", prio, buf);
		fflush(stdout);
	}
	printf("done\n");
	return 0;
}

static int do_count(const char *name, long count) {
	mqd_t q = open_queue(name, O_WRONLY);
	char text[32];
	for (long i = 0; i < count; i++) {
		int n = snprintf(text, sizeof text, "%ld", i);
		send_all(q, text, n, 0);
		printf("S %ld\n", i);
		fflush(stdout);
	}
	printf("done\n");
	return 0;
}

static int do_soak(const char *name, long count, long rate) {
	mqd_t q = open_queue(name, O_WRONLY);
	char text[32];
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (long i = 0; i < count; i++) {
		long long ns = (long long) i * 1000000000LL / rate;
		struct timespec at = { start.tv_sec + (time_t) (ns / 1000000000LL),
			start.tv_nsec + (long) (ns % 1000000000LL) };
		if (at.tv_nsec >= 1000000000L) {
			at.tv_sec++;
			at.tv_nsec -= 1000000000L;
		}
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL) == EINTR) {
		}
		int n = snprintf(text, sizeof text, "mq-%ld", i);
		send_all(q, text, n, 0);
	}
	printf("done\n");
	return 0;
}

static int do_hostile(const char *name, int good, int bad) {
	mqd_t q = open_queue(name, O_WRONLY);
	int total = good + bad;
	char *is_good = hostile_order(good, bad);
	if (is_good == NULL) {
		fail("calloc");
	}
	unsigned char buf[HOSTILE_ROOM];
	int n_good = 0;
	for (int i = 0; i < total; i++) {
		size_t len = is_good[i] ? hostile_good(buf, n_good++) : hostile_bad_block(buf, rand() % 4);
		send_all(q, (char *) buf, len, 0);
	}
	printf("done %d %d\n", good, bad);
	return 0;
}

int main(int argc, char **argv) {
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 4 && strcmp(argv[1], "send") == 0) {
		return do_send(argv[2], (unsigned) atoi(argv[3]), argc - 4, argv + 4);
	}
	if (argc == 4 && strcmp(argv[1], "receive") == 0) {
		return do_receive(argv[2], atol(argv[3]));
	}
	if (argc == 4 && strcmp(argv[1], "count") == 0) {
		return do_count(argv[2], atol(argv[3]));
	}
	if (argc == 5 && strcmp(argv[1], "soak") == 0) {
		return do_soak(argv[2], atol(argv[3]), atol(argv[4]));
	}
	if (argc == 5 && strcmp(argv[1], "hostile") == 0) {
		return do_hostile(argv[2], atoi(argv[3]), atoi(argv[4]));
	}
	fprintf(stderr, "usage: mq_peer send QUEUE PRIORITY TEXT... | receive QUEUE COUNT | count QUEUE COUNT | soak QUEUE COUNT RATE | hostile QUEUE GOOD BAD\n");
	return 2;
}
