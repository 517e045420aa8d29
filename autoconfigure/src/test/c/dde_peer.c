/*
 * A DDE client that is not ours, written from docs/wire-formats.md (section DDE: a message poked in a registered
 * format is the data handle's bytes exactly; with headers: json the header block comes first), built with mingw-w64
 * (x86_64-w64-mingw32-gcc) against DDEML and run under Wine:
 *
 *   dde_peer hostile SERVICE TOPIC ITEM FORMAT GOOD BAD MAX
 *       a storm for an inbound-gateway with headers: json, dde.format FORMAT (a registered name) and max-message-size
 *       MAX: connects to SERVICE|TOPIC (waiting up to 30 s for the server) and pokes ITEM GOOD times with
 *       {"n":"<i>"} + "good-<i>" (every tenth with H = 0) among BAD hostile pokes: malformed header blocks (1-3 bytes,
 *       H beyond the message, not JSON, a value that is not a string), MAX+1 to MAX+500 bytes, or a well-formed
 *       message in CF_TEXT, a format the endpoint does not serve. Shuffled (hostile.h, seed 21), the last one good.
 *       Each poke is a synchronous transaction (10 s at most), so the storm is in lock step by nature. Prints
 *       "PEER:done <good> <decode> <oversize> <other-format> <wrong>", wrong counting the pokes answered otherwise than
 *       documented (DDE_FACK for a handled message, "not processed" for a refused one).
 *
 *   dde_peer advise SERVICE TOPIC ITEM FORMAT GOOD BAD MAX
 *       a storm for an inbound endpoint (a DDE client in a hot advise loop on ITEM in FORMAT): a DDEML server of
 *       SERVICE|TOPIC that answers XTYP_CONNECT for TOPIC and XTYP_ADVSTART for ITEM in FORMAT ("PEER:advised" once
 *       the loop is up), then, for each line on its standard input, changes ITEM to the next of a shuffled sequence
 *       of good and hostile data like "hostile"'s but with no change in another format (DDEML drops such data before
 *       the client's callback: under Wine 8 the client finds no link for its format) and posts it (DdePostAdvise;
 *       XTYP_ADVREQ hands the data), so the test paces it in lock step. Its thread pumps
 *       messages throughout (DDEML needs it: a reader thread passes the lines on as thread messages). After the last
 *       one it prints "PEER:done <good> <decode> <oversize> <other-format> 0" and ends at end of input.
 *       Each transaction type that arrives is logged on standard error.
 */
#include <windows.h>
#include <ddeml.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"

static DWORD instance;

/* a client only: nothing comes to it but the disconnect, which needs no answer */
static HDDEDATA CALLBACK callback(UINT type, UINT format, HCONV conv, HSZ hsz1, HSZ hsz2, HDDEDATA data,
		ULONG_PTR data1, ULONG_PTR data2) {
	(void) type; (void) format; (void) conv; (void) hsz1; (void) hsz2; (void) data; (void) data1; (void) data2;
	return NULL;
}

static HSZ string(const char *text) {
	return DdeCreateStringHandleA(instance, text, CP_WINANSI);
}

static HCONV connect_to(const char *service, const char *topic) {
	HSZ s = string(service), t = string(topic);
	int i;
	for (i = 0; i < 300; i++) {
		HCONV conv = DdeConnect(instance, s, t, NULL);
		if (conv != NULL) return conv;
		Sleep(100);
	}
	fprintf(stderr, "no DDE server %s|%s: DDEML error 0x%x\n", service, topic, DdeGetLastError(instance));
	exit(3);
}

/*
 * 1 when the server took the poke (DDE_FACK), 0 when it answered "not processed"; exits on anything else. Windows
 * fails the transaction on a negative acknowledgement (DMLERR_NOTPROCESSED); Wine 8 returns TRUE and puts the
 * acknowledgement's flags in *result, so both are read.
 */
static int poke(HCONV conv, HSZ item, UINT format, unsigned char *bytes, DWORD len) {
	DWORD result = 0;
	UINT error;
	if (DdeClientTransaction(bytes, len, conv, item, format, XTYP_POKE, 10000, &result) != 0) {
		return (result & DDE_FACK) ? 1 : 0;
	}
	error = DdeGetLastError(instance);
	if (error == DMLERR_NOTPROCESSED) return 0;
	fprintf(stderr, "poke failed: DDEML error 0x%x\n", error);
	exit(4);
}

static int hostile(const char *service, const char *topic, const char *item_name, const char *format_name, int good,
		int bad, DWORD max) {
	HCONV conv;
	HSZ item;
	UINT format = RegisterClipboardFormatA(format_name);
	int total = good + bad, i, n_good = 0, counts[3] = { 0, 0, 0 }, wrong = 0;
	char *is_good = hostile_order(good, bad);
	unsigned char *buf = malloc(max + 600);
	if (is_good == NULL || buf == NULL || format == 0) return 5;
	if (DdeInitializeA(&instance, callback, APPCMD_CLIENTONLY, 0) != DMLERR_NO_ERROR) {
		fprintf(stderr, "DdeInitialize failed\n");
		return 6;
	}
	conv = connect_to(service, topic);
	item = string(item_name);
	for (i = 0; i < total; i++) {
		if (is_good[i]) {
			if (poke(conv, item, format, buf, hostile_good(buf, n_good++)) != 1) wrong++;
		}
		else {
			int which = rand() % 6, kind = which < 4 ? 0 : which - 3; /* 0 decode, 1 oversize, 2 other format */
			DWORD len;
			if (which < 4) len = hostile_bad_block(buf, which);
			else if (which == 4) len = hostile_oversize(buf, max);
			else len = (DWORD) sprintf((char *) buf, "text %d", rand()) + 1; /* CF_TEXT: with its NUL */
			if (poke(conv, item, kind == 2 ? CF_TEXT : format, buf, len) != 0) wrong++;
			counts[kind]++;
		}
	}
	DdeDisconnect(conv);
	DdeUninitialize(instance);
	printf("PEER:done %d %d %d %d %d\n", n_good, counts[0], counts[1], counts[2], wrong);
	return 0;
}

static HSZ advise_topic, advise_item;
static UINT advise_format;
static unsigned char *next_bytes;
static DWORD next_len;
static DWORD main_thread;

static HDDEDATA CALLBACK server_callback(UINT type, UINT format, HCONV conv, HSZ hsz1, HSZ hsz2, HDDEDATA data,
		ULONG_PTR data1, ULONG_PTR data2) {
	(void) conv; (void) data; (void) data1; (void) data2;
	if (type != XTYP_ADVREQ) fprintf(stderr, "dde_peer: transaction 0x%x format 0x%x\n", type, format);
	switch (type) {
		case XTYP_CONNECT:
			return (HDDEDATA) (ULONG_PTR) (DdeCmpStringHandles(hsz1, advise_topic) == 0);
		case XTYP_ADVSTART:
			/* Wine 8 hands a registered format sign-extended (0xFFFFC0xx: DDEADVISE's cfFormat is a short) */
			if (DdeCmpStringHandles(hsz2, advise_item) == 0 && (format & 0xFFFF) == advise_format) {
				printf("PEER:advised\n");
				return (HDDEDATA) TRUE;
			}
			return (HDDEDATA) FALSE;
		case XTYP_ADVREQ:
			if (next_bytes == NULL) return NULL;
			return DdeCreateDataHandle(instance, next_bytes, next_len, 0, advise_item, advise_format, 0);
		default:
			return NULL;
	}
}

/* the lines of standard input, passed to the DDEML thread as messages: that thread must keep pumping */
static DWORD WINAPI read_lines(LPVOID unused) {
	char line[64];
	(void) unused;
	while (fgets(line, sizeof line, stdin) != NULL) PostThreadMessageA(main_thread, WM_APP, 0, 0);
	PostThreadMessageA(main_thread, WM_APP + 1, 0, 0);
	return 0;
}

static int advise(const char *service, const char *topic, const char *item_name, const char *format_name, int good,
		int bad, DWORD max) {
	HSZ name;
	MSG msg;
	int total = good + bad, i = 0, n_good = 0, counts[3] = { 0, 0, 0 };
	char *is_good = hostile_order(good, bad);
	unsigned char *buf = malloc(max + 600);
	advise_format = RegisterClipboardFormatA(format_name);
	if (is_good == NULL || buf == NULL || advise_format == 0) return 5;
	main_thread = GetCurrentThreadId();
	PeekMessageA(&msg, NULL, 0, 0, PM_NOREMOVE); /* the thread's queue exists before the reader posts */
	if (DdeInitializeA(&instance, server_callback, APPCLASS_STANDARD, 0) != DMLERR_NO_ERROR) {
		fprintf(stderr, "DdeInitialize failed\n");
		return 6;
	}
	name = string(service);
	advise_topic = string(topic);
	advise_item = string(item_name);
	if (DdeNameService(instance, name, NULL, DNS_REGISTER) == NULL) {
		fprintf(stderr, "DdeNameService failed: DDEML error 0x%x\n", DdeGetLastError(instance));
		return 7;
	}
	CreateThread(NULL, 0, read_lines, NULL, 0, NULL);
	printf("PEER:ready\n");
	while (GetMessageA(&msg, NULL, 0, 0) > 0) {
		if (msg.hwnd == NULL && msg.message == WM_APP + 1) break;
		if (msg.hwnd == NULL && msg.message == WM_APP) {
			if (i >= total) continue;
			if (is_good[i]) {
				next_len = hostile_good(buf, n_good++);
			}
			else {
				/* no change in another format: DDEML drops it before the client's callback (Wine 8 finds no
				   link for its format), so the endpoint could neither take nor count it */
				int which = rand() % 5, kind = which < 4 ? 0 : 1;
				if (which < 4) next_len = hostile_bad_block(buf, which);
				else next_len = hostile_oversize(buf, max);
				counts[kind]++;
			}
			next_bytes = buf;
			if (!DdePostAdvise(instance, advise_topic, advise_item)) {
				fprintf(stderr, "DdePostAdvise failed: DDEML error 0x%x\n", DdeGetLastError(instance));
			}
			if (++i == total) printf("PEER:done %d %d %d %d 0\n", n_good, counts[0], counts[1], counts[2]);
			continue;
		}
		TranslateMessage(&msg);
		DispatchMessageA(&msg);
	}
	DdeNameService(instance, name, NULL, DNS_UNREGISTER);
	DdeUninitialize(instance);
	return 0;
}

int main(int argc, char **argv) {
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc == 9 && strcmp(argv[1], "hostile") == 0) {
		return hostile(argv[2], argv[3], argv[4], argv[5], atoi(argv[6]), atoi(argv[7]), (DWORD) atol(argv[8]));
	}
	if (argc == 9 && strcmp(argv[1], "advise") == 0) {
		return advise(argv[2], argv[3], argv[4], argv[5], atoi(argv[6]), atoi(argv[7]), (DWORD) atol(argv[8]));
	}
	fprintf(stderr, "usage: see the comment at the top of dde_peer.c\n");
	return 2;
}
