package io.ipcstarter.integration.dsl;

/**
 * Factory of IPC endpoints for the Java DSL. Pick the transport and address here, the
 * settings on the returned {@link IpcEndpointSpec}, then the role:
 *
 * <pre class="code">
 * IntegrationFlow.from(Ipc.unixSocket("/run/user/1000/quotes.sock").inboundGateway())
 *     .handle(String.class, (symbol, headers) -&gt; quote(symbol))
 *     .get();
 *
 * IntegrationFlow.from("orders")
 *     .handle(Ipc.tcp("127.0.0.1:7070").framing(Framing.LINE).outboundAdapter())
 *     .get();
 * </pre>
 */
public final class Ipc {

	private Ipc() {
	}

	/** A Unix-domain socket endpoint at this socket file path. */
	public static IpcEndpointSpec unixSocket(String path) {
		return endpoint("unix-socket", path);
	}

	/** A TCP endpoint at {@code host:port}; a bare port means {@code 127.0.0.1}. */
	public static IpcEndpointSpec tcp(String hostPort) {
		return endpoint("tcp", hostPort);
	}

	/**
	 * A TCP endpoint on {@code 127.0.0.1} at this port (0: any free port, inbound only).
	 */
	public static IpcEndpointSpec tcp(int port) {
		return endpoint("tcp", Integer.toString(port));
	}

	/**
	 * An endpoint of any transport on the class path, by id (e.g.
	 * {@code "shared-memory"}). The role method checks it as a YAML endpoint is checked.
	 */
	public static IpcEndpointSpec endpoint(String transport, String address) {
		return new IpcEndpointSpec(transport, address);
	}

}
