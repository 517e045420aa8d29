/**
 * The {@code process} transport (a child process spoken to over its stdin and stdout) and
 * the {@code stdio} transport (this application is the child).
 */
@NullMarked
package io.ipcstarter.transport.process;

import org.jspecify.annotations.NullMarked;
