package io.ipcstarter.bench.spring;

import org.springframework.integration.ip.tcp.connection.AbstractConnectionFactory;
import org.springframework.integration.ip.tcp.serializer.ByteArrayLengthHeaderSerializer;

/** The settings both Spring Integration TCP apps share. */
final class SiTcp {

	/**
	 * Room for the largest benchmark message (the serializer's default limit is 2 KiB).
	 */
	static final int MAX_MESSAGE_SIZE = 2 * 1024 * 1024;

	private SiTcp() {
	}

	static int port(String address) {
		return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
	}

	/**
	 * Length-header framing (the same bytes as our {@code length-prefix}) and
	 * {@code TCP_NODELAY}, as ours.
	 */
	static void configure(AbstractConnectionFactory factory) {
		ByteArrayLengthHeaderSerializer codec = new ByteArrayLengthHeaderSerializer();
		codec.setMaxMessageSize(MAX_MESSAGE_SIZE);
		factory.setSerializer(codec);
		factory.setDeserializer(codec);
		factory.setSoTcpNoDelay(true);
	}

}
