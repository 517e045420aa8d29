/*
 * A clipboard peer that is not ours, written from docs/wire-formats.md (section Clipboard), built with mingw-w64
 * (x86_64-w64-mingw32-gcc) and run under Wine by ClipboardInteropWindowsTests. A registered format's block is a
 * 4-byte little-endian length n, then n bytes. It plays either side, with a message-only window of its own:
 *
 *   clipboard_peer write FORMAT
 *       each line read from standard input is put on the clipboard in FORMAT (owner: our window), then
 *       "PEER:written" is printed. Ends with its standard input (under Wine the content goes with the process).
 *       A line "hold TEXT" first puts somebody's text in CF_TEXT, then TEXT in FORMAT keeping the clipboard open for
 *       500 ms after SetClipboardData: the reader is told of the first change while the second is being written.
 *   clipboard_peer read FORMAT
 *       listens with AddClipboardFormatListener, prints "PEER:ready", and at each change in FORMAT written by
 *       another process prints "PEER:got <sequence> <bytes>" (or "PEER:bad <reason>" for a block that does not
 *       hold what the format promises). Ends with its standard input.
 *   clipboard_peer hostile FORMAT GOOD BAD MAX
 *       a storm for an inbound endpoint with headers: json and max-message-size MAX, in lock step (the clipboard keeps
 *       only the latest content): each line on standard input puts the next message on the clipboard and prints
 *       "PEER:put <good> <decode> <oversize> <other>" (so far), the last one "PEER:done" with the same counts. GOOD
 *       blocks holding {"n":"<i>"} + "good-<i>" (every tenth with H = 0) among BAD hostile ones: a block of 1-3 bytes
 *       (no room for the length), a length beyond the block, a malformed header block inside a right length (1-3
 *       bytes, H beyond the message, not JSON, a value that is not a string), a message over MAX (all decode but
 *       the last, oversize), and content in CF_TEXT only, which is not the endpoint's format ("other": ignored, not
 *       counted). Shuffled (hostile.h, seed 21), the last one good.
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"

#define WM_LINE (WM_APP + 1)

static DWORD main_thread;
static UINT format;
static HWND window;

/* standard input on a thread of its own: the main thread must keep pumping messages, because the clipboard sends
 * its owner's window messages (WM_DESTROYCLIPBOARD) while another program writes */
static DWORD WINAPI read_stdin(LPVOID unused) {
	char line[8192];
	(void) unused;
	while (fgets(line, sizeof line, stdin) != NULL) {
		size_t n = strcspn(line, "\r\n");
		char *copy = malloc(n + 1);
		memcpy(copy, line, n);
		copy[n] = 0;
		PostThreadMessageW(main_thread, WM_LINE, 0, (LPARAM) copy);
	}
	PostThreadMessageW(main_thread, WM_QUIT, 0, 0);
	return 0;
}

static BOOL open_clipboard(void) {
	int i;
	for (i = 0; i < 500; i++) { /* another program may hold it for a moment */
		if (OpenClipboard(window)) return TRUE;
		Sleep(10);
	}
	return FALSE;
}

static void write_message(const char *text) {
	DWORD n = (DWORD) strlen(text);
	HGLOBAL h = GlobalAlloc(GMEM_MOVEABLE, 4 + n);
	unsigned char *p = GlobalLock(h);
	p[0] = (unsigned char) n; p[1] = (unsigned char) (n >> 8); p[2] = (unsigned char) (n >> 16);
	p[3] = (unsigned char) (n >> 24);
	memcpy(p + 4, text, n);
	GlobalUnlock(h);
	if (!open_clipboard()) { fprintf(stderr, "OpenClipboard: %lu\n", GetLastError()); exit(5); }
	EmptyClipboard();
	if (SetClipboardData(format, h) == NULL) { fprintf(stderr, "SetClipboardData: %lu\n", GetLastError()); exit(6); }
	CloseClipboard(); /* h is the system's now: never freed here */
	printf("PEER:written\n");
	fflush(stdout);
}

/* puts the N bytes at BYTES on the clipboard in FMT, as one block of exactly N bytes; pads a block the system
 * rounded up to 4 bytes or more with 0xFF, so that it still says nothing the reader could take for a message */
static void put_block(UINT fmt, const unsigned char *bytes, SIZE_T n) {
	HGLOBAL h = GlobalAlloc(GMEM_MOVEABLE | GMEM_ZEROINIT, n);
	unsigned char *p = GlobalLock(h);
	memcpy(p, bytes, n);
	if (n < 4 && GlobalSize(h) >= 4) memset(p, 0xFF, 4);
	GlobalUnlock(h);
	if (!open_clipboard()) { fprintf(stderr, "OpenClipboard: %lu\n", GetLastError()); exit(5); }
	EmptyClipboard();
	if (SetClipboardData(fmt, h) == NULL) { fprintf(stderr, "SetClipboardData: %lu\n", GetLastError()); exit(6); }
	CloseClipboard();
}

static void put_u32le(unsigned char *p, unsigned int v) {
	p[0] = (unsigned char) v; p[1] = (unsigned char) (v >> 8); p[2] = (unsigned char) (v >> 16);
	p[3] = (unsigned char) (v >> 24);
}

static void write_held(const char *text) {
	DWORD n = (DWORD) strlen(text);
	HGLOBAL h = GlobalAlloc(GMEM_MOVEABLE, 4 + n);
	unsigned char *p = GlobalLock(h);
	put_block(CF_TEXT, (const unsigned char *) "somebody's text", 16);
	put_u32le(p, n);
	memcpy(p + 4, text, n);
	GlobalUnlock(h);
	if (!open_clipboard()) { fprintf(stderr, "OpenClipboard: %lu\n", GetLastError()); exit(5); }
	EmptyClipboard();
	if (SetClipboardData(format, h) == NULL) { fprintf(stderr, "SetClipboardData: %lu\n", GetLastError()); exit(6); }
	Sleep(500);
	CloseClipboard();
	printf("PEER:written\n");
	fflush(stdout);
}

/* the storm's state: which are good, the next, and what was put so far */
static char *storm_good;
static int storm_total, storm_next, counts[4]; /* good, decode, oversize, other */
static unsigned char *storm_buf;
static DWORD storm_max;

static void put_next(void) {
	unsigned char *block = storm_buf, *message = storm_buf + 4;
	int i = storm_next++;
	if (storm_good[i]) {
		unsigned int n = hostile_good(message, counts[0]++);
		put_u32le(block, n);
		put_block(format, block, 4 + n);
	}
	else {
		unsigned int n;
		switch (rand() % 8) {
		case 0: /* a block of 1-3 bytes: no room for the length */
			n = 1 + rand() % 3;
			for (unsigned int b = 0; b < n; b++) block[b] = (unsigned char) rand();
			put_block(format, block, n);
			counts[1]++;
			break;
		case 1: /* a length beyond the block (by more than any rounding of its size) */
			n = rand() % 200;
			put_u32le(block, n + 100 + rand() % 100000);
			for (unsigned int b = 0; b < n; b++) message[b] = (unsigned char) rand();
			put_block(format, block, 4 + n);
			counts[1]++;
			break;
		case 6: /* a message over max-message-size, all of it in the block */
			n = hostile_oversize(message, storm_max);
			put_u32le(block, n);
			put_block(format, block, 4 + n);
			counts[2]++;
			break;
		case 7: /* somebody's text: not the endpoint's format */
			n = (unsigned int) sprintf((char *) block, "copied text %d", rand());
			put_block(CF_TEXT, block, n + 1);
			counts[3]++;
			break;
		default: /* a right length around a malformed header block */
			n = hostile_bad_block(message, rand() % 4);
			put_u32le(block, n);
			put_block(format, block, 4 + n);
			counts[1]++;
		}
	}
	printf("PEER:%s %d %d %d %d\n", storm_next == storm_total ? "done" : "put", counts[0], counts[1], counts[2],
			counts[3]);
	fflush(stdout);
}

static void read_message(void) {
	DWORD owner_pid = 0;
	HWND owner = GetClipboardOwner();
	if (owner != NULL) GetWindowThreadProcessId(owner, &owner_pid);
	if (owner_pid == GetCurrentProcessId() || !IsClipboardFormatAvailable(format)) return;
	if (!open_clipboard()) { fprintf(stderr, "OpenClipboard: %lu\n", GetLastError()); exit(5); }
	HANDLE h = GetClipboardData(format);
	if (h != NULL) {
		SIZE_T size = GlobalSize(h);
		unsigned char *p = GlobalLock(h);
		if (size < 4) {
			printf("PEER:bad short %lu\n", (unsigned long) size);
		}
		else {
			DWORD n = p[0] | (p[1] << 8) | (p[2] << 16) | ((DWORD) p[3] << 24);
			if (n > size - 4) {
				printf("PEER:bad length %lu\n", (unsigned long) n);
			}
			else {
				printf("PEER:got %lu %.*s\n", (unsigned long) GetClipboardSequenceNumber(), (int) n, p + 4);
			}
		}
		GlobalUnlock(h);
		fflush(stdout);
	}
	CloseClipboard();
}

static LRESULT CALLBACK procedure(HWND hwnd, UINT msg, WPARAM wParam, LPARAM lParam) {
	if (msg == WM_CLIPBOARDUPDATE) {
		read_message();
		return 0;
	}
	return DefWindowProcW(hwnd, msg, wParam, lParam);
}

int main(int argc, char **argv) {
	WNDCLASSEXA wc;
	MSG msg;
	int hostile = argc == 6 && strcmp(argv[1], "hostile") == 0;
	if (hostile) {
		storm_good = hostile_order(atoi(argv[3]), atoi(argv[4]));
		storm_total = atoi(argv[3]) + atoi(argv[4]);
		storm_max = (DWORD) atol(argv[5]);
		storm_buf = malloc(storm_max + 600);
		if (storm_good == NULL || storm_buf == NULL) return 5;
	}
	else if (argc != 3 || (strcmp(argv[1], "write") != 0 && strcmp(argv[1], "read") != 0)) {
		fprintf(stderr, "usage: see the comment at the top of clipboard_peer.c\n");
		return 2;
	}
	format = RegisterClipboardFormatA(argv[2]);
	memset(&wc, 0, sizeof wc);
	wc.cbSize = sizeof wc;
	wc.lpfnWndProc = procedure;
	wc.hInstance = GetModuleHandleA(NULL);
	wc.lpszClassName = "clipboard_peer";
	RegisterClassExA(&wc);
	window = CreateWindowExA(0, "clipboard_peer", "clipboard_peer", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, wc.hInstance,
			NULL);
	if (window == NULL) { fprintf(stderr, "CreateWindowEx: %lu\n", GetLastError()); return 4; }
	main_thread = GetCurrentThreadId();
	PeekMessageW(&msg, NULL, WM_USER, WM_USER, PM_NOREMOVE); /* makes this thread's queue before anyone posts */
	if (strcmp(argv[1], "read") == 0) {
		if (!AddClipboardFormatListener(window)) { fprintf(stderr, "AddClipboardFormatListener: %lu\n", GetLastError()); return 3; }
		printf("PEER:ready\n");
		fflush(stdout);
	}
	CreateThread(NULL, 0, read_stdin, NULL, 0, NULL);
	while (GetMessageW(&msg, NULL, 0, 0) > 0) {
		if (msg.hwnd == NULL && msg.message == WM_LINE) {
			if (hostile && storm_next < storm_total) put_next();
			else if (strcmp(argv[1], "write") == 0 && strncmp((const char *) msg.lParam, "hold ", 5) == 0) {
				write_held((const char *) msg.lParam + 5);
			}
			else if (strcmp(argv[1], "write") == 0) write_message((const char *) msg.lParam);
			free((void *) msg.lParam);
			continue;
		}
		TranslateMessage(&msg);
		DispatchMessageW(&msg);
	}
	if (strcmp(argv[1], "read") == 0) RemoveClipboardFormatListener(window);
	DestroyWindow(window);
	return 0;
}
