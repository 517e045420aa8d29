/**
 * Windows API functions (kernel32, advapi32) used by the transports, beyond what
 * jna-platform declares.
 */
@NullMarked
package io.ipcstarter.nativeapi.windows;

import org.jspecify.annotations.NullMarked;
