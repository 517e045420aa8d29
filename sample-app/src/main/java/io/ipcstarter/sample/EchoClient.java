package io.ipcstarter.sample;

import org.springframework.integration.annotation.MessagingGateway;

/**
 * Sends text to the echo server and returns its answer: a plain interface that Spring
 * Integration implements. Each call becomes a message on channel {@code ask}, which the
 * {@code ask} outbound-gateway endpoint of {@code application.yml} sends over its unix
 * socket; the reply it reads back is the return value. Inject it like any bean:
 * {@code echoClient.echo("hello")}.
 */
@MessagingGateway(defaultRequestChannel = "ask")
public interface EchoClient {

	/**
	 * Send {@code text} and wait for the reply (up to the endpoint's
	 * {@code reply-timeout}).
	 * @param text the request
	 * @return the peer's reply
	 */
	String echo(String text);

}
