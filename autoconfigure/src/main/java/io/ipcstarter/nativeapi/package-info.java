/**
 * The only place that declares native functions (JNA), one sub-package per
 * operating-system family. Loading never crashes the application: a library that cannot
 * be loaded is reported as "not supported here" with its cause.
 */
@NullMarked
package io.ipcstarter.nativeapi;

import org.jspecify.annotations.NullMarked;
