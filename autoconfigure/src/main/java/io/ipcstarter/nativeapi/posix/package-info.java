/**
 * POSIX C library functions (Linux, macOS) used by the transports.
 */
package io.ipcstarter.nativeapi.posix;
