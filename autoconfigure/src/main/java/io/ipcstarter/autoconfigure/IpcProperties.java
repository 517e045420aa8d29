package io.ipcstarter.autoconfigure;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

import io.ipcstarter.integration.HeaderMode;
import io.ipcstarter.integration.PayloadConverter;
import io.ipcstarter.integration.PayloadType;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.com.ComOptions;
import io.ipcstarter.transport.datagram.MessageQueueOptions;
import io.ipcstarter.transport.datagram.UdpOptions;
import io.ipcstarter.transport.file.FileOptions;
import io.ipcstarter.transport.shm.SharedMemoryOptions;
import io.ipcstarter.transport.fifo.FifoOptions;
import io.ipcstarter.transport.pipe.NamedPipeOptions;
import io.ipcstarter.transport.process.ProcessOptions;
import io.ipcstarter.transport.registry.RegistryOptions;

/**
 * Configuration properties of the IPC endpoints ({@code ipc.*}).
 */
@ConfigurationProperties("ipc")
public class IpcProperties {

	/**
	 * IPC endpoints by name. The name is used in bean names ("ipc.<name>"), meter tags,
	 * thread names and the actuator.
	 */
	private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

	/**
	 * Defaults for every endpoint: any setting here applies to each endpoint that does
	 * not set it.
	 */
	private final Defaults defaults = new Defaults();

	/**
	 * How the application's message ids are made: "spring" keeps Spring's default
	 * generator (16 random bytes per message); "fast" installs IpcIdGenerator (a per-JVM
	 * random half and a counter) for every message, unless the application declares its
	 * own IdGenerator bean. Spring Integration installs a generator JVM-wide and refuses
	 * a different one in another context of the same JVM. Messages the IPC inbound
	 * endpoints build get the cheap ids either way.
	 */
	private MessageIds messageIds = MessageIds.SPRING;

	public Map<String, Endpoint> getEndpoints() {
		return this.endpoints;
	}

	public Defaults getDefaults() {
		return this.defaults;
	}

	public MessageIds getMessageIds() {
		return this.messageIds;
	}

	public void setMessageIds(MessageIds messageIds) {
		this.messageIds = messageIds;
	}

	/** Values of {@code ipc.message-ids}. */
	public enum MessageIds {

		/** Spring's default generator. */
		SPRING,

		/** {@link io.ipcstarter.integration.IpcIdGenerator}: a counter step per id. */
		FAST

	}

	/**
	 * The settings an endpoint may take from {@code ipc.defaults}: everything but what
	 * names one endpoint's own peer and channels. Each default value is the transport
	 * layer's {@code EndpointSpec.DEFAULT_...} constant (or {@code PayloadConverter}'s),
	 * written once.
	 */
	public static class Defaults {

		/**
		 * Channel that receives errors of inbound endpoints (bad frames, rejected peers,
		 * failed handling). Defaults to the application's "errorChannel".
		 */
		private String errorChannel;

		/**
		 * How message boundaries are marked on stream transports.
		 */
		private Framing framing = EndpointSpec.DEFAULT_FRAMING;

		/**
		 * Largest message accepted from the wire; larger frames are rejected before any
		 * memory is allocated for them, and their connection is closed.
		 */
		private DataSize maxMessageSize = DataSize.ofBytes(EndpointSpec.DEFAULT_MAX_MESSAGE_SIZE);

		/**
		 * Payload type of received messages and replies: "bytes" (byte[]) or "text"
		 * (String in the charset).
		 */
		private PayloadType payloadType = PayloadConverter.DEFAULT_PAYLOAD_TYPE;

		/**
		 * Charset of text payloads.
		 */
		private Charset charset = PayloadConverter.DEFAULT_CHARSET;

		/**
		 * Whether message headers travel inside each frame: "none" (payload only) or
		 * "json" (a length-prefixed JSON object of string headers before the payload,
		 * e.g. to carry the trace context). Both ends must agree.
		 */
		private HeaderMode headers = PayloadConverter.DEFAULT_HEADERS;

		/**
		 * How long a send may wait to connect or for the peer to take the message before
		 * it fails.
		 */
		private Duration sendTimeout = EndpointSpec.DEFAULT_SEND_TIMEOUT;

		/**
		 * How long a gateway waits for a reply before it fails.
		 */
		private Duration replyTimeout = EndpointSpec.DEFAULT_REPLY_TIMEOUT;

		/**
		 * Permissions of files the endpoint creates (socket files, FIFOs, mapped files,
		 * directories), as in "ls -l", e.g. "rw-rw----". Owner-only by default.
		 */
		private String permissions = EndpointSpec.DEFAULT_PERMISSIONS;

		/**
		 * User ids allowed to connect to an inbound unix-socket endpoint, checked with
		 * SO_PEERCRED. Empty allows every user the socket file's permissions let in.
		 */
		private List<Integer> allowedUids = new ArrayList<>();

		/**
		 * Most connections an outbound gateway keeps open for concurrent requests. A
		 * one-way outbound endpoint always uses one, so that messages arrive in the order
		 * they were sent.
		 */
		private int poolSize = EndpointSpec.DEFAULT_POOL_SIZE;

		/**
		 * Most peers an inbound endpoint serves at once; more are refused and counted.
		 */
		private int maxConnections = EndpointSpec.DEFAULT_MAX_CONNECTIONS;

		/**
		 * How long a peer of an inbound unix-socket, tcp or named-pipe endpoint may go
		 * without sending a complete message before its connection is closed, freeing its
		 * place under max-connections. 0 (the default) never closes a connection for
		 * being idle.
		 */
		private Duration idleTimeout = EndpointSpec.DEFAULT_IDLE_TIMEOUT;

		/**
		 * Whether the endpoint starts with the application context.
		 */
		private boolean autoStartup = true;

		/**
		 * Reconnection back-off of outbound endpoints.
		 */
		private final Reconnect reconnect = new Reconnect();

		/**
		 * Options of the "file" transport (a shared directory).
		 */
		@NestedConfigurationProperty
		private final FileOptions file = new FileOptions();

		/**
		 * Options of the "shared-memory" transport.
		 */
		@NestedConfigurationProperty
		private final SharedMemoryOptions sharedMemory = new SharedMemoryOptions();

		/**
		 * Options of the "fifo" transport.
		 */
		@NestedConfigurationProperty
		private final FifoOptions fifo = new FifoOptions();

		/**
		 * Options of the "named-pipe" transport.
		 */
		@NestedConfigurationProperty
		private final NamedPipeOptions namedPipe = new NamedPipeOptions();

		/**
		 * Options of the "process" transport.
		 */
		@NestedConfigurationProperty
		private final ProcessOptions process = new ProcessOptions();

		/**
		 * Options of the "udp" transport (datagrams).
		 */
		@NestedConfigurationProperty
		private final UdpOptions udp = new UdpOptions();

		/**
		 * Options of the "message-queue" transport (POSIX message queues, Linux).
		 */
		@NestedConfigurationProperty
		private final MessageQueueOptions messageQueue = new MessageQueueOptions();

		/**
		 * Options of the "registry" transport (a Windows registry value).
		 */
		@NestedConfigurationProperty
		private final RegistryOptions registry = new RegistryOptions();

		/**
		 * Options of the "com" transport (OLE automation through IDispatch, Windows).
		 */
		@NestedConfigurationProperty
		private final ComOptions com = new ComOptions();

		public String getErrorChannel() {
			return this.errorChannel;
		}

		public void setErrorChannel(String errorChannel) {
			this.errorChannel = errorChannel;
		}

		public Framing getFraming() {
			return this.framing;
		}

		public void setFraming(Framing framing) {
			this.framing = framing;
		}

		public DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
		}

		public PayloadType getPayloadType() {
			return this.payloadType;
		}

		public void setPayloadType(PayloadType payloadType) {
			this.payloadType = payloadType;
		}

		public Charset getCharset() {
			return this.charset;
		}

		public void setCharset(Charset charset) {
			this.charset = charset;
		}

		public HeaderMode getHeaders() {
			return this.headers;
		}

		public void setHeaders(HeaderMode headers) {
			this.headers = headers;
		}

		public Duration getSendTimeout() {
			return this.sendTimeout;
		}

		public void setSendTimeout(Duration sendTimeout) {
			this.sendTimeout = sendTimeout;
		}

		public Duration getReplyTimeout() {
			return this.replyTimeout;
		}

		public void setReplyTimeout(Duration replyTimeout) {
			this.replyTimeout = replyTimeout;
		}

		public String getPermissions() {
			return this.permissions;
		}

		public void setPermissions(String permissions) {
			this.permissions = permissions;
		}

		public List<Integer> getAllowedUids() {
			return this.allowedUids;
		}

		public void setAllowedUids(List<Integer> allowedUids) {
			this.allowedUids = allowedUids;
		}

		public int getPoolSize() {
			return this.poolSize;
		}

		public void setPoolSize(int poolSize) {
			this.poolSize = poolSize;
		}

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public boolean isAutoStartup() {
			return this.autoStartup;
		}

		public void setAutoStartup(boolean autoStartup) {
			this.autoStartup = autoStartup;
		}

		public Reconnect getReconnect() {
			return this.reconnect;
		}

		public FileOptions getFile() {
			return this.file;
		}

		public SharedMemoryOptions getSharedMemory() {
			return this.sharedMemory;
		}

		public FifoOptions getFifo() {
			return this.fifo;
		}

		public NamedPipeOptions getNamedPipe() {
			return this.namedPipe;
		}

		public ProcessOptions getProcess() {
			return this.process;
		}

		public UdpOptions getUdp() {
			return this.udp;
		}

		public MessageQueueOptions getMessageQueue() {
			return this.messageQueue;
		}

		public RegistryOptions getRegistry() {
			return this.registry;
		}

		public ComOptions getCom() {
			return this.com;
		}

	}

	/**
	 * One IPC endpoint: its own transport, role, address and channels, and any
	 * {@link Defaults} setting to override.
	 */
	public static class Endpoint extends Defaults {

		/**
		 * Transport: the IPC mechanism. One of "unix-socket", "tcp", "named-pipe",
		 * "fifo", "process", "stdio", "shared-memory", "file" or "udp" (and any other
		 * transport on the class path).
		 */
		private String transport;

		/**
		 * Role: "inbound" receives into the channel, "outbound" sends from it,
		 * "inbound-gateway" answers requests, "outbound-gateway" makes requests.
		 */
		private Role role;

		/**
		 * Where the endpoint listens or sends, in the transport's terms: the socket file
		 * path (unix-socket), host:port or a bare port meaning 127.0.0.1 (tcp, udp), the
		 * pipe name (named-pipe), the FIFO path (fifo), the child's command line
		 * (process), "-" (stdio), the ring name or file path (shared-memory), the
		 * directory (file).
		 */
		private String address;

		/**
		 * Name of the message channel the endpoint sends received messages to (inbound
		 * roles) or takes messages from (outbound roles). Created as a direct channel
		 * when no bean has that name.
		 */
		private String channel;

		/**
		 * Channel an outbound gateway sends replies to. Without it, replies go to the
		 * request's "replyChannel" header (a @MessagingGateway caller).
		 */
		private String replyChannel;

		public String getTransport() {
			return this.transport;
		}

		public void setTransport(String transport) {
			this.transport = transport;
		}

		public Role getRole() {
			return this.role;
		}

		public void setRole(Role role) {
			this.role = role;
		}

		public String getAddress() {
			return this.address;
		}

		public void setAddress(String address) {
			this.address = address;
		}

		public String getChannel() {
			return this.channel;
		}

		public void setChannel(String channel) {
			this.channel = channel;
		}

		public String getReplyChannel() {
			return this.replyChannel;
		}

		public void setReplyChannel(String replyChannel) {
			this.replyChannel = replyChannel;
		}

	}

	/**
	 * Bounded exponential back-off between connection attempts.
	 */
	public static class Reconnect {

		/**
		 * First wait after a failed connection attempt; doubled after each further
		 * failure.
		 */
		private Duration initialInterval = EndpointSpec.DEFAULT_RECONNECT_INITIAL_INTERVAL;

		/**
		 * Longest wait between connection attempts.
		 */
		private Duration maxInterval = EndpointSpec.DEFAULT_RECONNECT_MAX_INTERVAL;

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

	}

}
