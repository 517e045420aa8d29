/*
 * A window-message peer that is not ours, written from docs/wire-formats.md (section window-message), built with
 * mingw-w64 (x86_64-w64-mingw32-gcc) and run under Wine by WindowMessageInteropWindowsTests. It plays either side:
 *
 *   window_peer serve NAME [REGISTERED]
 *       owns a message-only window of class and name NAME and prints "PEER:ready". Each WM_COPYDATA prints
 *       "got <dwData> <bytes>"; with a caller window in wParam it answers "c:<bytes>" as a WM_COPYDATA to that window
 *       (dwData = the request's) and returns 1, else it returns the bytes read as a decimal number times two.
 *       Bytes "hang" make the window procedure never return. The registered message REGISTERED prints
 *       "reg <wParam> <lParam>" and returns their sum. Serves until its standard input ends.
 *   window_peer send NAME COUNT TYPE
 *       sends COUNT WM_COPYDATA "c0".."c<COUNT-1>" of dwData TYPE to the window NAME, then prints "sent COUNT".
 *   window_peer types NAME TYPE...
 *       sends one WM_COPYDATA "t<i>" per TYPE (dwData TYPE) to the window NAME and prints "t<i> <result>" for each.
 *   window_peer raw NAME SIZE
 *       sends one WM_COPYDATA of SIZE bytes 'x' (dwData 1), then "after" (dwData 2); prints each result.
 *   window_peer post NAME REGISTERED WPARAM LPARAM
 *       posts the registered message REGISTERED with the two numbers and prints "posted".
 *   window_peer hostile NAME GOOD BAD MAX TYPE REFUSED
 *       a storm for a receiver with headers: json, max-message-size MAX and accepted-message-types [TYPE]: GOOD
 *       WM_COPYDATA {"n":"<i>"} + "good-<i>" (every tenth with H = 0) of dwData TYPE among BAD hostile ones of dwData
 *       TYPE (1-3 bytes, a block length beyond the message, a block that is not JSON, JSON whose value is not a
 *       string, MAX+1 to MAX+500 bytes) or a well-formed message of dwData REFUSED; shuffled (seed 21), the last one
 *       good. Each send is synchronous, so nothing can be dropped under pressure. Prints
 *       "done <good> <decode> <oversize> <refused-type> <wrong>", wrong counting the sends whose result was not the
 *       documented one (1 for a handled message, 0 for a refused one).
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"

static UINT registered;
static DWORD main_thread;

static LRESULT CALLBACK procedure(HWND hwnd, UINT msg, WPARAM wParam, LPARAM lParam) {
	if (msg == WM_COPYDATA) {
		COPYDATASTRUCT *in = (COPYDATASTRUCT *) lParam;
		char text[4096];
		DWORD n = in->cbData < sizeof text - 1 ? in->cbData : sizeof text - 1;
		if (n > 0) memcpy(text, in->lpData, n);
		text[n] = 0;
		printf("got %llu %s\n", (unsigned long long) in->dwData, text);
		fflush(stdout);
		if (strcmp(text, "hang") == 0) {
			Sleep(INFINITE);
		}
		if (wParam != 0) {
			char reply[4100];
			COPYDATASTRUCT out;
			DWORD_PTR result = 0;
			snprintf(reply, sizeof reply, "c:%s", text);
			out.dwData = in->dwData;
			out.cbData = (DWORD) strlen(reply);
			out.lpData = reply;
			/* the reply goes out before this window procedure returns: the caller has it when its send returns */
			if (!SendMessageTimeoutW((HWND) wParam, WM_COPYDATA, (WPARAM) hwnd, (LPARAM) &out, SMTO_ABORTIFHUNG, 5000,
					&result)) {
				return 0;
			}
			return 1;
		}
		return (LRESULT) (_strtoi64(text, NULL, 10) * 2);
	}
	if (registered != 0 && msg == registered) {
		printf("reg %llu %lld\n", (unsigned long long) wParam, (long long) lParam);
		fflush(stdout);
		return (LRESULT) ((LONG_PTR) wParam + lParam);
	}
	return DefWindowProcW(hwnd, msg, wParam, lParam);
}

/* ends the message loop when the test closes our standard input */
static DWORD WINAPI watch_stdin(LPVOID unused) {
	(void) unused;
	while (getchar() != EOF) {
	}
	PostThreadMessageW(main_thread, WM_QUIT, 0, 0);
	return 0;
}

static int serve(const char *name, const char *reg) {
	WNDCLASSEXA wc;
	HWND hwnd;
	MSG msg;
	memset(&wc, 0, sizeof wc);
	wc.cbSize = sizeof wc;
	wc.lpfnWndProc = procedure;
	wc.hInstance = GetModuleHandleA(NULL);
	wc.lpszClassName = name;
	if (!RegisterClassExA(&wc)) { fprintf(stderr, "RegisterClassEx: %lu\n", GetLastError()); return 3; }
	hwnd = CreateWindowExA(0, name, name, 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, wc.hInstance, NULL);
	if (hwnd == NULL) { fprintf(stderr, "CreateWindowEx: %lu\n", GetLastError()); return 4; }
	if (reg != NULL) registered = RegisterWindowMessageA(reg);
	main_thread = GetCurrentThreadId();
	PeekMessageW(&msg, NULL, WM_USER, WM_USER, PM_NOREMOVE); /* makes this thread's queue before anyone posts */
	CreateThread(NULL, 0, watch_stdin, NULL, 0, NULL);
	printf("PEER:ready\n");
	fflush(stdout);
	while (GetMessageW(&msg, NULL, 0, 0) > 0) {
		TranslateMessage(&msg);
		DispatchMessageW(&msg);
	}
	DestroyWindow(hwnd);
	return 0;
}

static HWND find(const char *name) {
	int i;
	for (i = 0; i < 500; i++) {
		HWND to = FindWindowExA(HWND_MESSAGE, NULL, name, NULL);
		if (to != NULL) return to;
		Sleep(10);
	}
	fprintf(stderr, "no window %s\n", name);
	exit(5);
}

static LRESULT send_copy(HWND to, ULONG_PTR type, const void *bytes, DWORD size) {
	COPYDATASTRUCT cds;
	DWORD_PTR result = 0;
	cds.dwData = type;
	cds.cbData = size;
	cds.lpData = (PVOID) bytes;
	if (!SendMessageTimeoutW(to, WM_COPYDATA, 0, (LPARAM) &cds, SMTO_ABORTIFHUNG, 10000, &result)) {
		fprintf(stderr, "SendMessageTimeout: %lu\n", GetLastError());
		exit(6);
	}
	return (LRESULT) result;
}

/* one hostile message into buf (room for max + 500 bytes); its length; *kind: 0 decode, 1 oversize, 2 refused type */
static DWORD bad_message(unsigned char *buf, DWORD max, int *kind) {
	int which = rand() % 6;
	*kind = which < 4 ? 0 : which - 3;
	if (which < 4) return hostile_bad_block(buf, which);
	/* over the receiver's max-message-size, or a well-formed message of a type the receiver does not accept */
	return which == 4 ? hostile_oversize(buf, max) : hostile_good(buf, 1);
}

static int hostile(const char *name, int good, int bad, DWORD max, ULONG_PTR type, ULONG_PTR refused_type) {
	HWND to = find(name);
	int total = good + bad, i, n_good = 0, counts[3] = { 0, 0, 0 }, wrong = 0;
	char *is_good = hostile_order(good, bad);
	unsigned char *buf = malloc(max + 600);
	if (is_good == NULL || buf == NULL) return 5;
	for (i = 0; i < total; i++) {
		if (is_good[i]) {
			DWORD len = hostile_good(buf, n_good++);
			if (send_copy(to, type, buf, len) != 1) wrong++;
		}
		else {
			int kind;
			DWORD len = bad_message(buf, max, &kind);
			if (send_copy(to, kind == 2 ? refused_type : type, buf, len) != 0) wrong++;
			counts[kind]++;
		}
	}
	printf("done %d %d %d %d %d\n", n_good, counts[0], counts[1], counts[2], wrong);
	return 0;
}

int main(int argc, char **argv) {
	if (argc >= 3 && strcmp(argv[1], "serve") == 0) {
		return serve(argv[2], argc > 3 ? argv[3] : NULL);
	}
	if (argc == 5 && strcmp(argv[1], "send") == 0) {
		HWND to = find(argv[2]);
		int count = atoi(argv[3]), i;
		ULONG_PTR type = (ULONG_PTR) _strtoui64(argv[4], NULL, 10);
		for (i = 0; i < count; i++) {
			char text[32];
			snprintf(text, sizeof text, "c%d", i);
			send_copy(to, type, text, (DWORD) strlen(text));
		}
		printf("sent %d\n", count);
		return 0;
	}
	if (argc >= 4 && strcmp(argv[1], "types") == 0) {
		HWND to = find(argv[2]);
		int i;
		for (i = 3; i < argc; i++) {
			char text[32];
			snprintf(text, sizeof text, "t%d", i - 3);
			printf("%s %lld\n", text,
					(long long) send_copy(to, (ULONG_PTR) _strtoui64(argv[i], NULL, 10), text, (DWORD) strlen(text)));
		}
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "raw") == 0) {
		HWND to = find(argv[2]);
		DWORD size = (DWORD) atol(argv[3]);
		char *big = malloc(size ? size : 1);
		memset(big, 'x', size);
		printf("raw %lld\n", (long long) send_copy(to, 1, big, size));
		printf("after %lld\n", (long long) send_copy(to, 2, "after", 5));
		free(big);
		return 0;
	}
	if (argc == 6 && strcmp(argv[1], "post") == 0) {
		HWND to = find(argv[2]);
		UINT msg = RegisterWindowMessageA(argv[3]);
		if (!PostMessageW(to, msg, (WPARAM) _strtoui64(argv[4], NULL, 10), (LPARAM) _strtoi64(argv[5], NULL, 10))) {
			fprintf(stderr, "PostMessage: %lu\n", GetLastError());
			return 7;
		}
		printf("posted\n");
		return 0;
	}
	if (argc == 8 && strcmp(argv[1], "hostile") == 0) {
		return hostile(argv[2], atoi(argv[3]), atoi(argv[4]), (DWORD) atol(argv[5]),
				(ULONG_PTR) _strtoui64(argv[6], NULL, 10), (ULONG_PTR) _strtoui64(argv[7], NULL, 10));
	}
	fprintf(stderr, "usage: see the comment at the top of window_peer.c\n");
	return 2;
}
