package io.ipcstarter.integration.dsl;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.integration.IpcInboundChannelAdapter;
import io.ipcstarter.integration.IpcInboundGateway;
import io.ipcstarter.integration.IpcOutboundChannelAdapter;
import io.ipcstarter.integration.IpcOutboundGateway;
import io.ipcstarter.integration.HeaderMode;
import io.ipcstarter.integration.PayloadConverter;
import io.ipcstarter.integration.PayloadType;
import io.ipcstarter.transport.Delivery;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.TransportOptions;
import io.ipcstarter.transport.Transports;

/**
 * The settings of one IPC endpoint, each with the same default as in YAML; the role
 * methods ({@link #inboundAdapter()}, {@link #inboundGateway()},
 * {@link #outboundAdapter()}, {@link #outboundGateway()}) check them with the transport
 * and build the Spring Integration component.
 */
public final class IpcEndpointSpec {

	private final String transport;

	private final String address;

	private String name;

	private PayloadType payloadType = PayloadConverter.DEFAULT_PAYLOAD_TYPE;

	private Charset charset = PayloadConverter.DEFAULT_CHARSET;

	private HeaderMode headers = PayloadConverter.DEFAULT_HEADERS;

	private UnaryOperator<EndpointSpec.Builder> settings = UnaryOperator.identity();

	IpcEndpointSpec(String transport, String address) {
		this.transport = transport;
		this.address = address;
	}

	/**
	 * Name used in the actuator, health, meter tags, thread names, the
	 * {@code ipc_endpoint} header and error messages; defaults to the component's bean
	 * name (its {@code .id(...)} in a flow). Names must be unique.
	 */
	public IpcEndpointSpec name(String name) {
		this.name = name;
		return this;
	}

	public IpcEndpointSpec framing(Framing framing) {
		return with(b -> b.framing(framing));
	}

	/** Largest message accepted from the wire, in bytes (default 1 MiB). */
	public IpcEndpointSpec maxMessageSize(int bytes) {
		return with(b -> b.maxMessageSize(bytes));
	}

	public IpcEndpointSpec sendTimeout(Duration timeout) {
		return with(b -> b.sendTimeout(timeout));
	}

	public IpcEndpointSpec replyTimeout(Duration timeout) {
		return with(b -> b.replyTimeout(timeout));
	}

	/**
	 * Permissions of files the endpoint creates, as in {@code ls -l} (default
	 * {@code rw-------}).
	 */
	public IpcEndpointSpec permissions(String permissions) {
		return with(b -> b.permissions(permissions));
	}

	/** User ids allowed to connect (unix-socket). */
	public IpcEndpointSpec allowedUids(int... uids) {
		return with(b -> b.allowedUids(Arrays.stream(uids).boxed().collect(Collectors.toSet())));
	}

	public IpcEndpointSpec poolSize(int poolSize) {
		return with(b -> b.poolSize(poolSize));
	}

	public IpcEndpointSpec maxConnections(int maxConnections) {
		return with(b -> b.maxConnections(maxConnections));
	}

	/**
	 * What a one-way send promises on a stream transport (default plain); both ends must
	 * agree.
	 */
	public IpcEndpointSpec delivery(Delivery delivery) {
		return with(b -> b.delivery(delivery));
	}

	/**
	 * How long an inbound peer may send no complete frame before it is closed (default
	 * zero: never).
	 */
	public IpcEndpointSpec idleTimeout(Duration idleTimeout) {
		return with(b -> b.idleTimeout(idleTimeout));
	}

	public IpcEndpointSpec reconnect(Duration initialInterval, Duration maxInterval) {
		return with(b -> b.reconnect(initialInterval, maxInterval));
	}

	/**
	 * Where a listening endpoint runs its connections, e.g. virtual threads
	 * ({@code Executors.newVirtualThreadPerTaskExecutor()} on Java 21+); by default the
	 * transport's own named threads. YAML endpoints take virtual threads from
	 * {@code spring.threads.virtual.enabled}.
	 */
	public IpcEndpointSpec connectionExecutor(Executor executor) {
		return with(b -> b.connectionExecutor(executor));
	}

	/**
	 * Transport-specific options (the same objects YAML binds, e.g. a
	 * {@code FileOptions}).
	 */
	public <T extends TransportOptions<T>> IpcEndpointSpec option(Class<T> type, T options) {
		return with(b -> b.option(type, options));
	}

	/** Payload type of received messages and replies (default bytes). */
	public IpcEndpointSpec payloadType(PayloadType payloadType) {
		this.payloadType = payloadType;
		return this;
	}

	public IpcEndpointSpec charset(Charset charset) {
		this.charset = charset;
		return this;
	}

	/** Whether headers travel in each frame (default none); both ends must agree. */
	public IpcEndpointSpec headers(HeaderMode headers) {
		this.headers = headers;
		return this;
	}

	/** Receive one-way messages: the start of a flow. */
	public IpcInboundChannelAdapterSpec inboundAdapter() {
		EndpointSpec spec = spec(Role.INBOUND);
		return new IpcInboundChannelAdapterSpec(
				named(new IpcInboundChannelAdapter(Transports.get(spec.transport()), spec, converter())));
	}

	/** Answer requests with the flow's reply: the start of a flow. */
	public IpcInboundGatewaySpec inboundGateway() {
		EndpointSpec spec = spec(Role.INBOUND_GATEWAY);
		return new IpcInboundGatewaySpec(
				named(new IpcInboundGateway(Transports.get(spec.transport()), spec, converter())));
	}

	/** Send one-way messages: a flow's {@code handle(...)}. */
	public IpcOutboundChannelAdapterSpec outboundAdapter() {
		EndpointSpec spec = spec(Role.OUTBOUND);
		return new IpcOutboundChannelAdapterSpec(
				named(new IpcOutboundChannelAdapter(Transports.get(spec.transport()), spec, converter())));
	}

	/** Send requests and produce the replies: a flow's {@code handle(...)}. */
	public IpcOutboundGatewaySpec outboundGateway() {
		EndpointSpec spec = spec(Role.OUTBOUND_GATEWAY);
		return new IpcOutboundGatewaySpec(
				named(new IpcOutboundGateway(Transports.get(spec.transport()), spec, converter())));
	}

	/** Without a name of its own, the endpoint takes its component's bean name. */
	private <E extends IpcEndpoint> E named(E endpoint) {
		if (this.name == null) {
			endpoint.state().nameFromBean();
		}
		return endpoint;
	}

	private IpcEndpointSpec with(UnaryOperator<EndpointSpec.Builder> setting) {
		UnaryOperator<EndpointSpec.Builder> previous = this.settings;
		this.settings = b -> setting.apply(previous.apply(b));
		return this;
	}

	/**
	 * The same checks as a YAML endpoint's, one home each in the transport layer, failing
	 * alike with an {@link io.ipcstarter.transport.InvalidEndpointException}.
	 */
	private EndpointSpec spec(Role role) {
		String endpoint = (this.name != null) ? this.name : this.transport;
		IpcTransport transport = Transports.forEndpoint(endpoint, this.transport, role);
		EndpointSpec spec = this.settings.apply(EndpointSpec.builder(endpoint, transport.id(), role, this.address))
			.build();
		Transports.validate(transport, spec);
		return spec;
	}

	private PayloadConverter converter() {
		return new PayloadConverter(this.payloadType, this.charset, this.headers);
	}

}
