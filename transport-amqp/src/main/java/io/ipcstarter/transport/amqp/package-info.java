/**
 * Transport {@code amqp}: endpoints on a RabbitMQ broker (AMQP 0-9-1) through the
 * official {@code amqp-client}; plain Java, no Spring.
 */
@NullMarked
package io.ipcstarter.transport.amqp;

import org.jspecify.annotations.NullMarked;
