/**
 * Monitoring of IPC endpoints: what each endpoint did
 * ({@link io.ipcstarter.actuate.IpcEndpointActivity}), its Micrometer meters, its health,
 * and the {@code ipc} actuator endpoint that lists, stops and starts endpoints.
 * Micrometer and Actuator are optional: only the types that use them need them.
 */
@NullMarked
package io.ipcstarter.actuate;

import org.jspecify.annotations.NullMarked;
