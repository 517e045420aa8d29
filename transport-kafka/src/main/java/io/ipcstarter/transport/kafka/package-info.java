/**
 * The {@code kafka} transport: endpoints on an Apache Kafka broker through the official
 * client ({@code kafka-clients}), plain Java with no Spring. The broker connection
 * settings reach it as plain client properties in
 * {@link io.ipcstarter.transport.kafka.KafkaOptions}, filled in by the wiring from Spring
 * Boot's {@code spring.kafka.*}.
 */
@NullMarked
package io.ipcstarter.transport.kafka;

import org.jspecify.annotations.NullMarked;
