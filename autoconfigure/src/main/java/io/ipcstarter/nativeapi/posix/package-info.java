/**
 * POSIX C library functions (Linux, macOS) used by the transports.
 */
@NullMarked
package io.ipcstarter.nativeapi.posix;

import org.jspecify.annotations.NullMarked;
