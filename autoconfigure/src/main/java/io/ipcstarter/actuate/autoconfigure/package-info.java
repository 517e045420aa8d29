/**
 * Auto-configuration of IPC monitoring: the endpoint registry with observations, meters,
 * the {@code ipc} health contributor and the {@code ipc} actuator endpoint, each only
 * when its library is on the class path.
 */
@NullMarked
package io.ipcstarter.actuate.autoconfigure;

import org.jspecify.annotations.NullMarked;
