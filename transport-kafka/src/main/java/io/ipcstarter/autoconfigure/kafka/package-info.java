/**
 * Wiring of the {@code kafka} transport: Spring Boot's {@code spring.kafka.*} handed to
 * its endpoints as plain client properties.
 */
@NullMarked
package io.ipcstarter.autoconfigure.kafka;

import org.jspecify.annotations.NullMarked;
