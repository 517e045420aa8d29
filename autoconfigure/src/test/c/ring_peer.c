/*
 * A shared-memory ring peer written only from docs/wire-formats.md ("Shared memory"), to prove the document is
 * enough to interoperate. Built by SharedMemoryInteropTests with gcc into target/.
 *
 *   ring_peer produce PATH CAPACITY COUNT     sends "c:0".."c:COUNT-1" (type 1), then prints "done"
 *   ring_peer hostile PATH CAPACITY           sends "good-1", an oversize message, a record of unknown type, "good-2"
 *   ring_peer overrun PATH CAPACITY COUNT     claims a 16-byte record but commits it with a length of 32768 (past the
 *                                             tail: a buggy producer), prints "bad", waits until the consumer has
 *                                             handled it, then sends "good-0".."good-COUNT-1" and prints "done"
 *   ring_peer overrun-queued PATH CAPACITY COUNT   the same without waiting: the bad record, COUNT good ones behind
 *                                             it (for a consumer that is not running yet), "done"
 *   ring_peer send PATH CAPACITY TEXT          sends one message
 *   ring_peer consume PATH CAPACITY COUNT     creates the ring, claims the consumer slot, prints COUNT messages
 *   ring_peer storm PATH CAPACITY GOOD HOSTILE MAX ABANDON   for an endpoint with headers: json and max-message-size
 *                                             MAX: HOSTILE bad records in turn (a body of MAX + 1 bytes, an unknown
 *                                             type, a header block longer than its record, a length past the tail,
 *                                             waiting until the consumer has handled it), every ABANDON-th instead a
 *                                             record claimed and never committed (a producer that died inside it);
 *                                             GOOD records "good-<i>" (an empty header block) spread among them;
 *                                             prints "done GOOD HOSTILE"
 *   ring_peer count PATH CAPACITY COUNT       sends "<i>" for i in 0..COUNT-1, printing "S <i>" once each is committed
 *   ring_peer soak PATH CAPACITY COUNT RATE   sends "shm-<i>" for i in 0..COUNT-1, RATE a second at a steady pace
 *                                             (message i at i / RATE seconds after the first), then prints "done"
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define HEADER_LENGTH 512
#define OFF_VERSION 8
#define OFF_HEADER_LENGTH 12
#define OFF_CAPACITY 16
#define OFF_TAIL 128
#define OFF_HEAD 256
#define OFF_HANDLED 64
#define OFF_CONSUMER 384
#define TYPE_MESSAGE 1
#define TYPE_PADDING 2

static const char MAGIC[8] = { 'I', 'P', 'C', 'R', 'I', 'N', 'G', 0 };

static uint8_t *base;
static uint8_t *data;
static uint64_t capacity;

#define U64(off) ((uint64_t *) (base + (off)))
#define LEN(i) ((int32_t *) (data + (i)))
#define TYPE(i) ((int32_t *) (data + (i) + 4))

static void die(const char *what) { perror(what); exit(2); }

static void map_ring(int fd) {
	base = mmap(NULL, HEADER_LENGTH + capacity, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (base == MAP_FAILED) die("mmap");
	data = base + HEADER_LENGTH;
}

static void open_ring(const char *path) {
	int fd = -1;
	for (int tries = 0; tries < 1000 && fd < 0; tries++) {
		fd = open(path, O_RDWR);
		if (fd < 0) usleep(10000);
	}
	if (fd < 0) die(path);
	struct stat st;
	if (fstat(fd, &st) != 0 || (uint64_t) st.st_size != HEADER_LENGTH + capacity) { fprintf(stderr, "bad size\n"); exit(2); }
	map_ring(fd);
	if (memcmp(base, MAGIC, 8) != 0 || *(uint32_t *) (base + OFF_VERSION) != 2
			|| *(uint32_t *) (base + OFF_HEADER_LENGTH) != HEADER_LENGTH || *U64(OFF_CAPACITY) != capacity) {
		fprintf(stderr, "not a ring of version 2 and capacity %llu\n", (unsigned long long) capacity);
		exit(2);
	}
}

static uint32_t align8(uint32_t n) { return (n + 7) & ~7u; }

/* claim, write, commit one record; waits while the ring is full */
static void produce(int32_t type, const void *body, uint32_t body_length) {
	int32_t length = 8 + (int32_t) body_length;
	uint64_t aligned = align8(length), tail, padding, index;
	for (;;) {
		tail = __atomic_load_n(U64(OFF_TAIL), __ATOMIC_ACQUIRE);
		uint64_t head = __atomic_load_n(U64(OFF_HEAD), __ATOMIC_ACQUIRE);
		index = tail & (capacity - 1);
		padding = (aligned > capacity - index) ? capacity - index : 0;
		if (aligned + padding > capacity - (tail - head)) { sched_yield(); continue; } /* full */
		if (__atomic_compare_exchange_n(U64(OFF_TAIL), &tail, tail + aligned + padding, 0, __ATOMIC_ACQ_REL,
				__ATOMIC_ACQUIRE)) break;
	}
	if (padding) {
		*TYPE(index) = TYPE_PADDING;
		__atomic_store_n(LEN(index), (int32_t) padding, __ATOMIC_RELEASE);
		index = 0;
	}
	__atomic_store_n(LEN(index), -length, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	*TYPE(index) = type;
	memcpy(data + index + 8, body, body_length);
	int32_t expected = -length;
	if (!__atomic_compare_exchange_n(LEN(index), &expected, length, 0, __ATOMIC_RELEASE, __ATOMIC_RELAXED)) {
		fprintf(stderr, "record skipped by the consumer\n");
		exit(3);
	}
}

/* a buggy producer: claims and writes a record of 8 + 8 bytes, but commits a length that runs 32 KiB past it */
static uint64_t produce_overrun(void) {
	uint64_t tail;
	for (;;) {
		tail = __atomic_load_n(U64(OFF_TAIL), __ATOMIC_ACQUIRE);
		if (capacity - (tail & (capacity - 1)) < 32768) { fprintf(stderr, "overrun wants a ring near its start\n"); exit(2); }
		if (__atomic_compare_exchange_n(U64(OFF_TAIL), &tail, tail + 16, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) break;
	}
	uint64_t index = tail & (capacity - 1);
	__atomic_store_n(LEN(index), -16, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	*TYPE(index) = TYPE_MESSAGE;
	memcpy(data + index + 8, "bad-len!", 8);
	__atomic_store_n(LEN(index), 32768, __ATOMIC_RELEASE);
	return tail + 16;
}

/* a record of 16 bytes committed with the length of everything up to the end of the data region (past the tail);
   0 when the tail is too near that end for it to be longer than claimed */
static uint64_t produce_past_tail(void) {
	uint64_t tail;
	for (;;) {
		tail = __atomic_load_n(U64(OFF_TAIL), __ATOMIC_ACQUIRE);
		uint64_t head = __atomic_load_n(U64(OFF_HEAD), __ATOMIC_ACQUIRE);
		if (capacity - (tail & (capacity - 1)) < 32) return 0;
		if (16 > capacity - (tail - head)) { sched_yield(); continue; } /* full */
		if (__atomic_compare_exchange_n(U64(OFF_TAIL), &tail, tail + 16, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) break;
	}
	uint64_t index = tail & (capacity - 1);
	__atomic_store_n(LEN(index), -16, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	*TYPE(index) = TYPE_MESSAGE;
	memcpy(data + index + 8, "bad-len!", 8);
	__atomic_store_n(LEN(index), (int32_t) (capacity - index), __ATOMIC_RELEASE);
	return tail + 16;
}

/* claims a record of 8 + 16 bytes and never commits it: what a producer killed inside a record leaves */
static void abandon(void) {
	uint64_t tail, index, padding;
	for (;;) {
		tail = __atomic_load_n(U64(OFF_TAIL), __ATOMIC_ACQUIRE);
		uint64_t head = __atomic_load_n(U64(OFF_HEAD), __ATOMIC_ACQUIRE);
		index = tail & (capacity - 1);
		padding = (24 > capacity - index) ? capacity - index : 0;
		if (24 + padding > capacity - (tail - head)) { sched_yield(); continue; }
		if (__atomic_compare_exchange_n(U64(OFF_TAIL), &tail, tail + 24 + padding, 0, __ATOMIC_ACQ_REL,
				__ATOMIC_ACQUIRE)) break;
	}
	if (padding) {
		*TYPE(index) = TYPE_PADDING;
		__atomic_store_n(LEN(index), (int32_t) padding, __ATOMIC_RELEASE);
		index = 0;
	}
	__atomic_store_n(LEN(index), -24, __ATOMIC_RELEASE);
	*TYPE(index) = TYPE_MESSAGE;
	memcpy(data + index + 8, "never committed!", 16);
}

static void storm(long good, long hostile, uint32_t max, long abandon_every) {
	char text[64];
	unsigned char *big = calloc(1, max + 1);
	long every = hostile / (good > 0 ? good : 1), sent = 0;
	if (every < 1) every = 1;
	for (long i = 0; i < hostile; i++) {
		int kind = (int) (i % 4);
		if (abandon_every > 0 && i % abandon_every == abandon_every - 1) {
			abandon();
		}
		else if (kind == 0) {
			produce(TYPE_MESSAGE, big, max + 1);
		}
		else if (kind == 1) {
			produce(9, "what type is this", 17);
		}
		else if (kind == 2) {
			/* a header block length of 1000 in a record of 12 bytes */
			produce(TYPE_MESSAGE, "\0\0\x03\xe8{}!!!!!!", 12);
		}
		else {
			uint64_t end = produce_past_tail();
			if (end == 0) {
				produce(9, "no room to lie", 14);
			}
			else {
				/* the consumer drops everything up to the tail it sees: good records go only after it did */
				while (__atomic_load_n(U64(OFF_HANDLED), __ATOMIC_ACQUIRE) < end) usleep(100);
			}
		}
		if (i % every == 0 && sent < good) {
			int n = snprintf(text, sizeof text, "%c%c%c%cgood-%ld", 0, 0, 0, 0, sent++);
			produce(TYPE_MESSAGE, text, n);
		}
	}
	while (sent < good) {
		int n = snprintf(text, sizeof text, "%c%c%c%cgood-%ld", 0, 0, 0, 0, sent++);
		produce(TYPE_MESSAGE, text, n);
	}
	printf("done %ld %ld\n", good, hostile);
}

/* sleep until message i of a steady RATE a second is due (i / RATE seconds after start) */
static void pace(const struct timespec *start, long i, long rate) {
	long long ns = (long long) i * 1000000000LL / rate;
	struct timespec at = { start->tv_sec + (time_t) (ns / 1000000000LL), start->tv_nsec + (long) (ns % 1000000000LL) };
	if (at.tv_nsec >= 1000000000L) {
		at.tv_sec++;
		at.tv_nsec -= 1000000000L;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL) == EINTR) {
	}
}

static void create_ring(const char *path) {
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.init-%d", path, (int) getpid());
	int fd = open(tmp, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0) die(tmp);
	if (ftruncate(fd, HEADER_LENGTH + capacity) != 0) die("ftruncate");
	map_ring(fd);
	*(uint32_t *) (base + OFF_VERSION) = 2;
	*(uint32_t *) (base + OFF_HEADER_LENGTH) = HEADER_LENGTH;
	*U64(OFF_CAPACITY) = capacity;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	memcpy(base, MAGIC, 8);
	if (link(tmp, path) != 0) die("link");
	unlink(tmp);
}

static void consume(uint64_t count) {
	uint64_t pid = (uint64_t) getpid(), none = 0;
	if (!__atomic_compare_exchange_n(U64(OFF_CONSUMER), &none, pid, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		fprintf(stderr, "ring already has a consumer\n");
		exit(2);
	}
	uint64_t head = __atomic_load_n(U64(OFF_HEAD), __ATOMIC_ACQUIRE);
	uint64_t handled = __atomic_load_n(U64(OFF_HANDLED), __ATOMIC_ACQUIRE);
	if (handled > head && handled - head <= capacity) {
		/* the last consumer died after handling bytes it had not freed: free them (the span may wrap) */
		uint64_t index = head & (capacity - 1), length = handled - head;
		uint64_t first = length < capacity - index ? length : capacity - index;
		memset(data + index, 0, first);
		memset(data, 0, length - first);
		head = handled;
		__atomic_store_n(U64(OFF_HEAD), head, __ATOMIC_RELEASE);
	}
	printf("ready\n");
	fflush(stdout);
	while (count > 0) {
		uint64_t index = head & (capacity - 1);
		int32_t length = __atomic_load_n(LEN(index), __ATOMIC_ACQUIRE);
		if (length <= 0) { sched_yield(); continue; }
		if (length < 8 || (uint64_t) length > capacity - index) { fprintf(stderr, "malformed\n"); exit(2); }
		if (*TYPE(index) == TYPE_MESSAGE) {
			fwrite(data + index + 8, 1, length - 8, stdout);
			putchar('\n');
			count--;
		}
		/* free it as wire-formats.md says: mark it handled, zero it, move the head (one record per batch here) */
		head += align8(length);
		__atomic_store_n(U64(OFF_HANDLED), head, __ATOMIC_RELEASE);
		memset(data + index, 0, align8(length));
		__atomic_store_n(U64(OFF_HEAD), head, __ATOMIC_RELEASE);
	}
	fflush(stdout);
	__atomic_store_n(U64(OFF_CONSUMER), 0, __ATOMIC_RELEASE);
}

int main(int argc, char **argv) {
	if (argc < 4) { fprintf(stderr, "usage: ring_peer produce|hostile|overrun|overrun-queued|send|consume|storm|count|soak PATH CAPACITY [COUNT]\n"); return 1; }
	capacity = strtoull(argv[3], NULL, 10);
	char text[64];
	if (strcmp(argv[1], "produce") == 0) {
		open_ring(argv[2]);
		long count = atol(argv[4]);
		for (long i = 0; i < count; i++) {
			int n = snprintf(text, sizeof text, "c:%ld", i);
			produce(TYPE_MESSAGE, text, n);
		}
	}
	else if (strcmp(argv[1], "hostile") == 0) {
		open_ring(argv[2]);
		produce(TYPE_MESSAGE, "good-1", 6);
		static char big[100000];
		produce(TYPE_MESSAGE, big, sizeof big);
		produce(9, "what type is this", 17);
		produce(TYPE_MESSAGE, "good-2", 6);
	}
	else if (strcmp(argv[1], "overrun") == 0 || strcmp(argv[1], "overrun-queued") == 0) {
		open_ring(argv[2]);
		long count = atol(argv[4]);
		uint64_t end = produce_overrun();
		if (strcmp(argv[1], "overrun") == 0) {
			printf("bad\n");
			fflush(stdout);
			/* wait (up to 10 s) until the consumer has handled the bad record, so the good ones come after it */
			for (int tries = 0; tries < 10000 && __atomic_load_n(U64(OFF_HANDLED), __ATOMIC_ACQUIRE) < end; tries++) {
				usleep(1000);
			}
		}
		for (long i = 0; i < count; i++) {
			int n = snprintf(text, sizeof text, "good-%ld", i);
			produce(TYPE_MESSAGE, text, n);
		}
	}
	else if (strcmp(argv[1], "send") == 0) {
		open_ring(argv[2]);
		produce(TYPE_MESSAGE, argv[4], (uint32_t) strlen(argv[4]));
	}
	else if (strcmp(argv[1], "storm") == 0 && argc == 8) {
		open_ring(argv[2]);
		storm(atol(argv[4]), atol(argv[5]), (uint32_t) atol(argv[6]), atol(argv[7]));
		return 0;
	}
	else if (strcmp(argv[1], "count") == 0) {
		open_ring(argv[2]);
		long count = atol(argv[4]);
		for (long i = 0; i < count; i++) {
			int n = snprintf(text, sizeof text, "%ld", i);
			produce(TYPE_MESSAGE, text, n);
			printf("S %ld\n", i);
			fflush(stdout);
		}
	}
	else if (strcmp(argv[1], "soak") == 0 && argc == 6) {
		open_ring(argv[2]);
		long count = atol(argv[4]), rate = atol(argv[5]);
		struct timespec start;
		clock_gettime(CLOCK_MONOTONIC, &start);
		for (long i = 0; i < count; i++) {
			pace(&start, i, rate);
			int n = snprintf(text, sizeof text, "shm-%ld", i);
			produce(TYPE_MESSAGE, text, n);
		}
	}
	else if (strcmp(argv[1], "consume") == 0) {
		create_ring(argv[2]);
		consume(strtoull(argv[4], NULL, 10));
	}
	else {
		return 1;
	}
	printf("done\n");
	return 0;
}
