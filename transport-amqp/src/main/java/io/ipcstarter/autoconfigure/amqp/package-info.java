/**
 * Wiring of the {@code amqp} transport: its broker connection from Spring Boot's
 * {@code spring.rabbitmq.*}.
 */
@NullMarked
package io.ipcstarter.autoconfigure.amqp;

import org.jspecify.annotations.NullMarked;
