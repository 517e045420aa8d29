package io.ipcstarter.bench.spring;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;
import org.springframework.messaging.MessageChannel;

/**
 * The peer's sending app: {@code Tcp.outboundAdapter} draining channel {@code out},
 * {@code Tcp.outboundGateway} draining channel {@code ask}, each on one shared (not
 * single-use) connection.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SiTcpSenderApp {

	@Bean
	public MessageChannel out() {
		return new DirectChannel();
	}

	@Bean
	public MessageChannel ask() {
		return new DirectChannel();
	}

	@Bean
	public TcpNetClientConnectionFactory sinkClient(@Value("${bench.sink}") String address,
			@Value("${bench.tls.keystore:}") String keystore, @Value("${bench.tls.password:}") String password) {
		return client(address, keystore, password);
	}

	@Bean
	public TcpNetClientConnectionFactory echoClient(@Value("${bench.echo}") String address,
			@Value("${bench.tls.keystore:}") String keystore, @Value("${bench.tls.password:}") String password) {
		return client(address, keystore, password);
	}

	@Bean
	public IntegrationFlow outFlow(TcpNetClientConnectionFactory sinkClient) {
		return IntegrationFlow.from("out").handle(Tcp.outboundAdapter(sinkClient)).get();
	}

	@Bean
	public IntegrationFlow askFlow(TcpNetClientConnectionFactory echoClient) {
		return IntegrationFlow.from("ask").handle(Tcp.outboundGateway(echoClient).remoteTimeout(30_000)).get();
	}

	private static TcpNetClientConnectionFactory client(String address, String keystore, String password) {
		TcpNetClientConnectionFactory factory = new TcpNetClientConnectionFactory("127.0.0.1", SiTcp.port(address));
		factory.setSingleUse(false);
		SiTcp.configure(factory, keystore, password);
		return factory;
	}

}
