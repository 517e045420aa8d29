/*
 * A mailslot writer and reader that are not ours, written from docs/wire-formats.md (section mailslot), built with
 * mingw-w64 (x86_64-w64-mingw32-gcc) and run under Wine by MailslotInteropWindowsTests:
 *
 *   write NAME MSG...   opens \\.\mailslot\NAME (waiting up to 10 s for it to exist), writes each MSG as one
 *                       message (one WriteFile), prints "sent N"
 *   big NAME SIZE       writes one message of SIZE bytes 'x', then "after"; prints "written" or "refused <error>"
 *                       for the big one, then "sent after"
 *   read NAME COUNT     creates \\.\mailslot\NAME, prints "PEER:ready", reads COUNT messages (30 s each at most) and
 *                       prints each as "got <bytes> <text>"
 *   hostile NAME GOOD BAD MAX BATCH
 *                       a storm for a reader with headers: json and max-message-size MAX: GOOD messages
 *                       {"n":"<i>"} + "good-<i>" (every tenth with H = 0) among BAD hostile ones (1-3 bytes, a block
 *                       length beyond the message, a block that is not JSON, JSON whose value is not a string, and
 *                       MAX+1 to MAX+500 bytes), shuffled (seed 21), the last one good. In lock step: waits for a line on
 *                       standard input before each BATCH messages, then prints
 *                       "PEER:BATCH <good> <decode> <oversize> <refused>" (so far; refused = oversize writes the
 *                       writer itself refused, as Windows does) and at the end "PEER:done" with the same counts
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"

static HANDLE open_slot(const char *name) {
	char path[256];
	HANDLE h;
	int tries;
	snprintf(path, sizeof path, "\\\\.\\mailslot\\%s", name);
	for (tries = 0; tries < 100; tries++) {
		/* FILE_SHARE_READ | FILE_SHARE_WRITE: writers do not lock each other out */
		h = CreateFileA(path, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
				FILE_ATTRIBUTE_NORMAL, NULL);
		if (h != INVALID_HANDLE_VALUE) return h;
		Sleep(100);
	}
	fprintf(stderr, "open %s failed: %lu\n", path, GetLastError());
	exit(3);
}

static BOOL write_one(HANDLE h, const char *bytes, DWORD len) {
	DWORD n = 0;
	return WriteFile(h, bytes, len, &n, NULL) && n == len;
}

/* one hostile message into buf (room for max + 500 bytes); its length; *oversize says which kind it was */
static DWORD bad_message(unsigned char *buf, DWORD max, int *oversize) {
	int kind = rand() % 5;
	*oversize = kind == 4;
	return kind == 4 ? hostile_oversize(buf, max) : hostile_bad_block(buf, kind);
}

static int hostile(const char *name, int good, int bad, DWORD max, int batch) {
	HANDLE h = open_slot(name);
	int total = good + bad, i, n_good = 0, decode = 0, oversize = 0, refused = 0;
	char *is_good = hostile_order(good, bad), line[64];
	unsigned char *buf = malloc(max + 600);
	if (is_good == NULL || buf == NULL) return 5;
	for (i = 0; i < total; i++) {
		DWORD len;
		int big = 0;
		if (i % batch == 0) {
			if (i > 0) printf("PEER:BATCH %d %d %d %d\n", n_good, decode, oversize, refused);
			if (fgets(line, sizeof line, stdin) == NULL) return 7;
		}
		len = is_good[i] ? hostile_good(buf, n_good) : bad_message(buf, max, &big);
		if (write_one(h, (const char *) buf, len)) {
			if (is_good[i]) n_good++;
			else if (big) oversize++;
			else decode++;
		}
		else if (big) refused++;
		else {
			fprintf(stderr, "write failed: %lu\n", GetLastError());
			return 4;
		}
	}
	CloseHandle(h);
	printf("PEER:done %d %d %d %d\n", n_good, decode, oversize, refused);
	return 0;
}

int main(int argc, char **argv) {
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc >= 3 && strcmp(argv[1], "write") == 0) {
		HANDLE h = open_slot(argv[2]);
		int i;
		for (i = 3; i < argc; i++) {
			if (!write_one(h, argv[i], (DWORD) strlen(argv[i]))) {
				fprintf(stderr, "write failed: %lu\n", GetLastError());
				return 4;
			}
		}
		CloseHandle(h);
		printf("sent %d\n", argc - 3);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "big") == 0) {
		HANDLE h = open_slot(argv[2]);
		DWORD size = (DWORD) atol(argv[3]);
		char *big = malloc(size);
		if (big == NULL) return 5;
		memset(big, 'x', size);
		if (write_one(h, big, size)) printf("written\n");
		else printf("refused %lu\n", GetLastError());
		free(big);
		if (!write_one(h, "after", 5)) return 4;
		CloseHandle(h);
		printf("sent after\n");
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "read") == 0) {
		char path[256];
		static char buf[65536 + 1];
		int count = atoi(argv[3]), i;
		HANDLE h;
		snprintf(path, sizeof path, "\\\\.\\mailslot\\%s", argv[2]);
		/* 0: any message size; reads wait 30 s at most */
		h = CreateMailslotA(path, 0, 30000, NULL);
		if (h == INVALID_HANDLE_VALUE) {
			fprintf(stderr, "create %s failed: %lu\n", path, GetLastError());
			return 3;
		}
		printf("PEER:ready\n");
		for (i = 0; i < count; i++) {
			DWORD n = 0;
			if (!ReadFile(h, buf, sizeof buf - 1, &n, NULL)) {
				fprintf(stderr, "read failed: %lu\n", GetLastError());
				return 6;
			}
			buf[n] = 0;
			printf("got %lu %s\n", n, buf);
		}
		CloseHandle(h);
		return 0;
	}
	if (argc == 7 && strcmp(argv[1], "hostile") == 0) {
		return hostile(argv[2], atoi(argv[3]), atoi(argv[4]), (DWORD) atol(argv[5]), atoi(argv[6]));
	}
	fprintf(stderr, "usage: mailslot_peer write NAME MSG... | big NAME SIZE | read NAME COUNT | hostile NAME GOOD BAD MAX BATCH\n");
	return 2;
}
