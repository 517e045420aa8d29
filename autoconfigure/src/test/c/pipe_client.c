/*
 * A named-pipe client that is not ours, written from docs/wire-formats.md (section named-pipe: each frame of
 * length-prefix framing, a 4-byte big-endian length and the payload, is one pipe message), built with mingw-w64
 * (x86_64-w64-mingw32-gcc) and run under Wine:
 *
 *   pipe_client NAME TEXT
 *       (NamedPipeWindowsTests) connects to \\.\pipe\NAME, switches to message read mode, sends TEXT as one frame in
 *       one message, reads the reply message and prints its payload.
 *   pipe_client hostile NAME GOOD BAD MAX
 *       a storm for an inbound endpoint with headers: json and max-message-size MAX. One connection stays open from
 *       the first message to the last and carries the GOOD frames {"n":"<i>"} + "good-<i>" (every tenth with H = 0)
 *       and the hostile frames whose framing is intact but whose header block is malformed (1-3 bytes, H beyond the
 *       frame, not JSON, a value that is not a string: the endpoint drops the frame and reads on). Every other
 *       hostile input comes on a connection of its own: garbage (a length of 2^31 or more), a length over MAX (each
 *       followed by a few bytes; the client then waits for the endpoint to close the pipe), a frame cut short by a
 *       close, and, for every 250th hostile input, a frame cut short by the death of the writing process (a child
 *       "pipe_client die" that ends itself with TerminateProcess inside a frame). Shuffled (hostile.h, seed 21), the
 *       last one good. Prints "PEER:done <good> <decode> <oversize> <deaths>": how many of each it sent (deaths are among
 *       the decode ones).
 *   pipe_client die NAME
 *       connects, writes the first half of a frame and terminates itself (exit code 9) with the pipe open.
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"

static HANDLE open_pipe(const char *name) {
	char path[256];
	HANDLE h;
	DWORD mode = PIPE_READMODE_MESSAGE;
	snprintf(path, sizeof path, "\\\\.\\pipe\\%s", name);
	for (;;) {
		h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
		if (h != INVALID_HANDLE_VALUE) break;
		if (GetLastError() != ERROR_PIPE_BUSY || !WaitNamedPipeA(path, 10000)) {
			fprintf(stderr, "open %s failed: %lu\n", path, GetLastError());
			exit(3);
		}
	}
	if (!SetNamedPipeHandleState(h, &mode, NULL, NULL)) {
		fprintf(stderr, "SetNamedPipeHandleState: %lu\n", GetLastError());
		exit(4);
	}
	return h;
}

/* one pipe message */
static void write_message(HANDLE h, const unsigned char *bytes, DWORD len) {
	DWORD n = 0;
	if (!WriteFile(h, bytes, len, &n, NULL) || n != len) {
		fprintf(stderr, "write failed: %lu\n", GetLastError());
		exit(5);
	}
}

/* BODY of LEN bytes as one length-prefix frame in one message */
static void write_frame(HANDLE h, unsigned char *frame, DWORD len) {
	hostile_put_u32be(frame, len);
	write_message(h, frame, 4 + len);
}

/* waits (10 s at most) until the endpoint closes the pipe: it has read, and counted, what we sent */
static void await_close(HANDLE h) {
	unsigned char b[64];
	DWORD n, waited;
	for (waited = 0; waited < 10000; waited += 5) {
		DWORD available = 0;
		if (!PeekNamedPipe(h, NULL, 0, NULL, &available, NULL)) return;
		if (available > 0 && !ReadFile(h, b, sizeof b, &n, NULL) && GetLastError() != ERROR_MORE_DATA) return;
		Sleep(5);
	}
	fprintf(stderr, "the endpoint did not close the pipe within 10 s\n");
	exit(6);
}

static int die(const char *name) {
	HANDLE h = open_pipe(name);
	unsigned char half[4 + 50];
	hostile_put_u32be(half, 100);
	memset(half + 4, 'd', 50);
	write_message(h, half, sizeof half);
	TerminateProcess(GetCurrentProcess(), 9);
	return 8; /* never reached */
}

/* runs "pipe_client die NAME" as a process of its own and waits for its end */
static void die_in_child(const char *name) {
	char exe[MAX_PATH], command[MAX_PATH + 300];
	STARTUPINFOA si;
	PROCESS_INFORMATION pi;
	DWORD code = 0;
	GetModuleFileNameA(NULL, exe, sizeof exe);
	snprintf(command, sizeof command, "\"%s\" die %s", exe, name);
	memset(&si, 0, sizeof si);
	si.cb = sizeof si;
	if (!CreateProcessA(exe, command, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
		fprintf(stderr, "CreateProcess: %lu\n", GetLastError());
		exit(7);
	}
	WaitForSingleObject(pi.hProcess, 30000);
	GetExitCodeProcess(pi.hProcess, &code);
	CloseHandle(pi.hProcess);
	CloseHandle(pi.hThread);
	if (code != 9) {
		fprintf(stderr, "the dying writer ended with %lu, not 9\n", code);
		exit(7);
	}
}

static int hostile(const char *name, int good, int bad, DWORD max) {
	HANDLE steady = open_pipe(name);
	int total = good + bad, i, n_good = 0, n_bad = 0, decode = 0, oversize = 0, deaths = 0;
	char *is_good = hostile_order(good, bad);
	unsigned char frame[4 + HOSTILE_ROOM];
	if (is_good == NULL) return 5;
	for (i = 0; i < total; i++) {
		int kind;
		if (is_good[i]) {
			write_frame(steady, frame, hostile_good(frame + 4, n_good++));
			continue;
		}
		kind = (n_bad++ % 250 == 0) ? 7 : rand() % 7;
		if (kind < 4) { /* a malformed header block in an intact frame: on the steady connection */
			write_frame(steady, frame, hostile_bad_block(frame + 4, kind));
			decode++;
		}
		else {
			HANDLE h = open_pipe(name);
			switch (kind) {
			case 4: /* garbage: a length the framing refuses */
				hostile_put_u32be(frame, 0x80000000u | (unsigned int) rand());
				memset(frame + 4, 'g', 16);
				write_message(h, frame, 20);
				await_close(h);
				decode++;
				break;
			case 5: /* a length over max-message-size */
				hostile_put_u32be(frame, max + 1 + (unsigned int) rand() % (64u << 20));
				memset(frame + 4, 'o', 16);
				write_message(h, frame, 20);
				await_close(h);
				oversize++;
				break;
			case 6: { /* a frame cut short by a close */
				DWORD len = 10 + rand() % 200;
				hostile_put_u32be(frame, len);
				memset(frame + 4, 't', len / 2);
				write_message(h, frame, 4 + len / 2);
				decode++;
				break;
			}
			default: /* a frame cut short by the writer's death */
				die_in_child(name);
				decode++;
				deaths++;
			}
			CloseHandle(h);
		}
	}
	CloseHandle(steady);
	free(is_good);
	printf("PEER:done %d %d %d %d\n", n_good, decode, oversize, deaths);
	return 0;
}

static int request(const char *name, const char *text) {
	unsigned char out[1024], in[1024];
	DWORD n = 0, len;
	HANDLE h = open_pipe(name);
	len = (DWORD) strlen(text);
	if (len > sizeof out - 4) return 2;
	memcpy(out + 4, text, len);
	write_frame(h, out, len);
	/* message mode: the whole reply frame arrives in one ReadFile */
	if (!ReadFile(h, in, sizeof in, &n, NULL) || n < 4) { fprintf(stderr, "read failed: %lu\n", GetLastError()); return 6; }
	len = ((DWORD) in[0] << 24) | ((DWORD) in[1] << 16) | ((DWORD) in[2] << 8) | in[3];
	if (len != n - 4) { fprintf(stderr, "one message should hold one frame: %lu != %lu\n", len, n - 4); return 7; }
	fwrite(in + 4, 1, len, stdout);
	printf("\n");
	CloseHandle(h);
	return 0;
}

int main(int argc, char **argv) {
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc == 6 && strcmp(argv[1], "hostile") == 0) {
		return hostile(argv[2], atoi(argv[3]), atoi(argv[4]), (DWORD) atol(argv[5]));
	}
	if (argc == 3 && strcmp(argv[1], "die") == 0) {
		return die(argv[2]);
	}
	if (argc == 3) {
		return request(argv[1], argv[2]);
	}
	fprintf(stderr, "usage: pipe_client NAME TEXT | hostile NAME GOOD BAD MAX | die NAME\n");
	return 2;
}
