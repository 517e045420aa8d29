/**
 * Transport {@code shared-memory}: a many-producers-to-one-consumer ring buffer in a
 * memory-mapped region (a file, or a named file mapping on Windows), laid out byte by
 * byte as {@code docs/wire-formats.md} describes so that C and .NET peers can join.
 */
@NullMarked
package io.ipcstarter.transport.shm;

import org.jspecify.annotations.NullMarked;
