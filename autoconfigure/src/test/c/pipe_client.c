/*
 * A named-pipe client that is not ours, built with mingw-w64 (x86_64-w64-mingw32-gcc) and run under Wine by
 * NamedPipeWindowsTests: connects to \\.\pipe\<argv[1]>, switches to message read mode, sends argv[2] as one
 * length-prefixed frame in one message, reads the reply message and prints its payload.
 */
#include <windows.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
	char path[256];
	unsigned char out[1024], in[1024];
	DWORD mode = PIPE_READMODE_MESSAGE, n = 0, len;
	HANDLE h;
	if (argc != 3) return 2;
	snprintf(path, sizeof path, "\\\\.\\pipe\\%s", argv[1]);
	for (;;) {
		h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
		if (h != INVALID_HANDLE_VALUE) break;
		if (GetLastError() != ERROR_PIPE_BUSY || !WaitNamedPipeA(path, 5000)) {
			fprintf(stderr, "open %s failed: %lu\n", path, GetLastError());
			return 3;
		}
	}
	if (!SetNamedPipeHandleState(h, &mode, NULL, NULL)) return 4;
	len = (DWORD) strlen(argv[2]);
	out[0] = (unsigned char) (len >> 24); out[1] = (unsigned char) (len >> 16);
	out[2] = (unsigned char) (len >> 8); out[3] = (unsigned char) len;
	memcpy(out + 4, argv[2], len);
	if (!WriteFile(h, out, 4 + len, &n, NULL) || n != 4 + len) return 5;
	/* message mode: the whole reply frame arrives in one ReadFile */
	if (!ReadFile(h, in, sizeof in, &n, NULL) || n < 4) { fprintf(stderr, "read failed: %lu\n", GetLastError()); return 6; }
	len = ((DWORD) in[0] << 24) | ((DWORD) in[1] << 16) | ((DWORD) in[2] << 8) | in[3];
	if (len != n - 4) { fprintf(stderr, "one message should hold one frame: %lu != %lu\n", len, n - 4); return 7; }
	fwrite(in + 4, 1, len, stdout);
	printf("\n");
	CloseHandle(h);
	return 0;
}
