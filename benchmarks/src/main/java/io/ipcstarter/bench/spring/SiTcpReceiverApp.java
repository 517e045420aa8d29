package io.ipcstarter.bench.spring;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * The peer: Spring Integration's own TCP adapters as a user would configure them today
 * with the Java DSL ({@code Tcp.inboundAdapter} feeding {@code sink},
 * {@code Tcp.inboundGateway} feeding {@code echo}), length-header framing,
 * {@code TCP_NODELAY} on, blocking {@code TcpNet} connections (the default).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ReceiverConfig.class)
public class SiTcpReceiverApp {

	@Bean
	public TcpNetServerConnectionFactory sinkServer(@Value("${bench.sink}") String address,
			@Value("${bench.tls.keystore:}") String keystore, @Value("${bench.tls.password:}") String password) {
		return server(address, keystore, password);
	}

	@Bean
	public TcpNetServerConnectionFactory echoServer(@Value("${bench.echo}") String address,
			@Value("${bench.tls.keystore:}") String keystore, @Value("${bench.tls.password:}") String password) {
		return server(address, keystore, password);
	}

	@Bean
	public IntegrationFlow sinkFlow(TcpNetServerConnectionFactory sinkServer) {
		return IntegrationFlow.from(Tcp.inboundAdapter(sinkServer)).channel("sink").get();
	}

	@Bean
	public IntegrationFlow echoFlow(TcpNetServerConnectionFactory echoServer) {
		return IntegrationFlow.from(Tcp.inboundGateway(echoServer)).channel("echo").get();
	}

	private static TcpNetServerConnectionFactory server(String address, String keystore, String password) {
		TcpNetServerConnectionFactory factory = new TcpNetServerConnectionFactory(SiTcp.port(address));
		factory.setLocalAddress("127.0.0.1");
		SiTcp.configure(factory, keystore, password);
		return factory;
	}

}
