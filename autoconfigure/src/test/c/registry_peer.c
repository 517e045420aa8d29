/*
 * A registry writer that is not ours, written from docs/wire-formats.md (section Registry) and
 * docs/transports/registry.md, built with mingw-w64 (x86_64-w64-mingw32-gcc) and run under Wine by
 * RegistryStormWindowsTests:
 *
 *   registry_peer hostile KEY VALUE GOOD BAD MAX
 *       a storm for a registry inbound endpoint with headers: json and max-message-size MAX watching value VALUE of
 *       HKCU\KEY, in lock step (a value keeps only its latest content): each line on standard input writes the next
 *       value with RegSetValueExW (or removes it with RegDeleteValueW) and prints
 *       "PEER:put <good> <decode> <oversize> <ignored>" (so far), the last one "PEER:done" with the same counts.
 *       GOOD REG_BINARY values holding {"n":"<i>"} + "good-<i>" (every tenth with H = 0) among BAD hostile ones:
 *       malformed header blocks (hostile.h), a value over MAX, values of a type that is not carried (REG_MULTI_SZ,
 *       REG_NONE), a REG_DWORD (carried as decimal text, which is no header block), an empty REG_BINARY or REG_SZ
 *       (all decode but the oversize one), and the value's removal ("ignored": delivers nothing, counts nothing).
 *       Shuffled (hostile.h, seed 21), the last one good.
 *
 * The watcher delivers or reports a value only when its type or bytes differ from the last one it read, so a hostile
 * value equal to the last value written (not counting removals and oversize values, which it does not keep) is
 * drawn again, as is a removal after a removal. A removal is not followed by an oversize value: the writer cannot wait
 * for a removal to be seen, so the next value may be read at the removal's notice and again at its own, and an
 * oversize value (not kept) would then be reported twice.
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"

static HKEY key;
static const wchar_t *value_name;
static char *storm_good;
static int storm_total, storm_next, counts[4]; /* good, decode, oversize, ignored */
static unsigned char *buf, *kept;
static DWORD max_size, kept_type = (DWORD) -1, kept_size;
static int last_removed;

static wchar_t *widen(const char *s) {
	int n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
	wchar_t *w = malloc(sizeof(wchar_t) * (size_t) n);
	MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n);
	return w;
}

static void write_value(DWORD type, DWORD size, int keep) {
	LONG rc = RegSetValueExW(key, value_name, 0, type, buf, size);
	if (rc != ERROR_SUCCESS) {
		fprintf(stderr, "RegSetValueExW failed: %ld\n", rc);
		exit(2);
	}
	last_removed = 0;
	if (keep) {
		kept_type = type;
		kept_size = size;
		memcpy(kept, buf, size);
	}
}

/* a hostile value into buf: its type and size, or -1 for a removal; *reason is 1 decode, 2 oversize, 3 ignored */
static int draw(DWORD *type, DWORD *size, int *reason) {
	unsigned int n;
	*reason = 1;
	switch (rand() % 9) {
	case 0:
	case 1:
	case 2: /* a malformed header block */
		*type = REG_BINARY;
		*size = hostile_bad_block(buf, rand() % 4);
		return 0;
	case 3: /* over max-message-size */
		*type = REG_BINARY;
		*size = hostile_oversize(buf, max_size);
		*reason = 2;
		return 0;
	case 4: /* a type that is not carried */
		n = (unsigned int) sprintf((char *) buf, "a%d", rand());
		*type = REG_MULTI_SZ;
		{
			wchar_t *w = (wchar_t *) (buf + 64);
			unsigned int i;
			for (i = 0; i < n; i++) w[i] = buf[i];
			w[n] = 0;
			w[n + 1] = 0;
			memmove(buf, w, (n + 2) * sizeof(wchar_t));
		}
		*size = (n + 2) * sizeof(wchar_t);
		return 0;
	case 5:
		*type = REG_NONE;
		*size = 1 + rand() % 16;
		for (n = 0; n < *size; n++) buf[n] = (unsigned char) rand();
		return 0;
	case 6: /* a REG_DWORD: decimal text, which is no header block */
		*type = REG_DWORD;
		*size = 4;
		for (n = 0; n < 4; n++) buf[n] = (unsigned char) rand();
		return 0;
	case 7: /* empty */
		if (rand() % 2) {
			*type = REG_BINARY;
			*size = 0;
		}
		else {
			*type = REG_SZ;
			*size = 2;
			buf[0] = buf[1] = 0;
		}
		return 0;
	default:
		*reason = 3;
		return -1;
	}
}

static void put_next(void) {
	int i = storm_next++;
	if (storm_good[i]) {
		write_value(REG_BINARY, hostile_good(buf, counts[0]++), 1);
	}
	else {
		DWORD type, size;
		int reason;
		while (1) {
			int removal = draw(&type, &size, &reason) < 0;
			if (removal ? last_removed
					: (reason == 2 ? last_removed
							: (type == kept_type && size == kept_size && memcmp(buf, kept, size) == 0))) {
				continue; /* it would deliver or report nothing: draw again */
			}
			if (removal) {
				LONG rc = RegDeleteValueW(key, value_name);
				if (rc != ERROR_SUCCESS && rc != ERROR_FILE_NOT_FOUND) {
					fprintf(stderr, "RegDeleteValueW failed: %ld\n", rc);
					exit(2);
				}
				last_removed = 1;
			}
			else {
				write_value(type, size, reason != 2);
			}
			counts[reason]++;
			break;
		}
	}
	printf("PEER:%s %d %d %d %d\n", storm_next == storm_total ? "done" : "put", counts[0], counts[1], counts[2],
			counts[3]);
	fflush(stdout);
}

int main(int argc, char **argv) {
	char line[256];
	int good, bad;
	LONG rc;
	if (argc != 7 || strcmp(argv[1], "hostile") != 0) {
		fprintf(stderr, "usage: registry_peer hostile KEY VALUE GOOD BAD MAX\n");
		return 2;
	}
	value_name = widen(argv[3]);
	good = atoi(argv[4]);
	bad = atoi(argv[5]);
	max_size = (DWORD) atoi(argv[6]);
	rc = RegCreateKeyExW(HKEY_CURRENT_USER, widen(argv[2]), 0, NULL, 0, KEY_SET_VALUE | KEY_WOW64_64KEY, NULL, &key,
			NULL);
	if (rc != ERROR_SUCCESS) {
		fprintf(stderr, "RegCreateKeyExW failed: %ld\n", rc);
		return 2;
	}
	storm_good = hostile_order(good, bad);
	storm_total = good + bad;
	buf = malloc(max_size + 1024 + HOSTILE_ROOM);
	kept = malloc(max_size + 1024 + HOSTILE_ROOM);
	if (storm_good == NULL || buf == NULL || kept == NULL) return 2;
	printf("PEER:ready\n");
	fflush(stdout);
	while (fgets(line, sizeof line, stdin) != NULL) {
		if (storm_next < storm_total) put_next();
	}
	RegCloseKey(key);
	return 0;
}
