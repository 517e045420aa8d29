/**
 * Win32 functions (kernel32, advapi32 via JNA) used by the transports on Windows.
 */
package io.ipcstarter.nativeapi.windows;
