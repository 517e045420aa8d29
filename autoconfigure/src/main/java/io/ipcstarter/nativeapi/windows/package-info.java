/**
 * Windows API functions (kernel32, advapi32) used by the transports, beyond what jna-platform declares.
 */
package io.ipcstarter.nativeapi.windows;
