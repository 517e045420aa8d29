/**
 * Auto-configuration: the {@code ipc.*} properties, the registrar that turns each
 * configured endpoint into Spring Integration beans, and the failure analysis that
 * explains a wrong endpoint at start-up.
 */
@NullMarked
package io.ipcstarter.autoconfigure;

import org.jspecify.annotations.NullMarked;
