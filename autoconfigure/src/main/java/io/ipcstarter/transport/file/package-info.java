/**
 * Transport {@code file}: one message per file in a shared directory, written and claimed
 * with the maildir protocol (atomic renames, no locks on messages), or picked up from a
 * legacy program's drop folder once complete.
 */
@NullMarked
package io.ipcstarter.transport.file;

import org.jspecify.annotations.NullMarked;
