package io.ipcstarter.bench.spring;

import org.springframework.integration.ip.tcp.connection.AbstractConnectionFactory;
import org.springframework.integration.ip.tcp.connection.DefaultTcpNetSSLSocketFactorySupport;
import org.springframework.integration.ip.tcp.connection.DefaultTcpSSLContextSupport;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
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
		configure(factory, "", "");
	}

	/**
	 * As {@link #configure(AbstractConnectionFactory)}, and with TLS when a key store is
	 * given: Spring Integration's own SSL support over it (key store and trust store).
	 */
	static void configure(AbstractConnectionFactory factory, String keystore, String password) {
		if (!keystore.isEmpty()) {
			DefaultTcpSSLContextSupport ssl = new DefaultTcpSSLContextSupport(keystore, keystore, password, password);
			ssl.setKeyStoreType("PKCS12");
			ssl.setTrustStoreType("PKCS12");
			DefaultTcpNetSSLSocketFactorySupport sockets = new DefaultTcpNetSSLSocketFactorySupport(ssl);
			if (factory instanceof TcpNetServerConnectionFactory server) {
				server.setTcpSocketFactorySupport(sockets);
			}
			else if (factory instanceof TcpNetClientConnectionFactory client) {
				client.setTcpSocketFactorySupport(sockets);
			}
		}
		ByteArrayLengthHeaderSerializer codec = new ByteArrayLengthHeaderSerializer();
		codec.setMaxMessageSize(MAX_MESSAGE_SIZE);
		factory.setSerializer(codec);
		factory.setDeserializer(codec);
		factory.setSoTcpNoDelay(true);
	}

}
