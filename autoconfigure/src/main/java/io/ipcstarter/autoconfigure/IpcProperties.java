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
import io.ipcstarter.transport.Delivery;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.clipboard.ClipboardOptions;
import io.ipcstarter.transport.com.ComOptions;
import io.ipcstarter.transport.datagram.MessageQueueOptions;
import io.ipcstarter.transport.dde.DdeOptions;
import io.ipcstarter.transport.datagram.UdpOptions;
import io.ipcstarter.transport.socket.TcpOptions;
import io.ipcstarter.transport.file.FileOptions;
import io.ipcstarter.transport.shm.SharedMemoryOptions;
import io.ipcstarter.transport.fifo.FifoOptions;
import io.ipcstarter.transport.pipe.NamedPipeOptions;
import io.ipcstarter.transport.process.ProcessOptions;
import io.ipcstarter.transport.window.WindowMessageOptions;
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
	 * Typed remote calls by name: "interface" names a Java interface (fully qualified),
	 * "endpoint" an endpoint under ipc.endpoints. Over an outbound-gateway endpoint the
	 * application gets a bean implementing the interface whose calls go to the peer (bean
	 * name "ipc.remote.<name>"); behind an inbound-gateway endpoint the bean that
	 * implements the interface ("service": its bean name, when there are several) answers
	 * the peer's calls.
	 */
	private final Map<String, Remote> remote = new LinkedHashMap<>();

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

	public Map<String, Remote> getRemote() {
		return this.remote;
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
		 * Most peers an inbound endpoint serves at once; on unix-socket, tcp and
		 * named-pipe further peers wait, unaccepted, in the OS backlog until one leaves.
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
		 * What a one-way send promises on unix-socket, tcp and named-pipe: "plain" (it
		 * returns once the OS took the bytes; at-most-once) or "acknowledged" (it returns
		 * once the receiver handled the message; resent after a broken connection,
		 * duplicates dropped; at-least-once). Both ends must agree.
		 */
		private Delivery delivery = EndpointSpec.DEFAULT_DELIVERY;

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
		 * Options of the "tcp" transport (TLS).
		 */
		@NestedConfigurationProperty
		private final TcpOptions tcp = new TcpOptions();

		/**
		 * Options of the "message-queue" transport (POSIX message queues, Linux).
		 */
		@NestedConfigurationProperty
		private final MessageQueueOptions messageQueue = new MessageQueueOptions();

		/**
		 * Options of the "window-message" transport (WM_COPYDATA and registered window
		 * messages, Windows).
		 */
		@NestedConfigurationProperty
		private final WindowMessageOptions windowMessage = new WindowMessageOptions();

		/**
		 * Options of the "clipboard" transport (the Win32 clipboard, Windows).
		 */
		@NestedConfigurationProperty
		private final ClipboardOptions clipboard = new ClipboardOptions();

		/**
		 * Options of the "dde" transport (Dynamic Data Exchange through DDEML, Windows).
		 */
		@NestedConfigurationProperty
		private final DdeOptions dde = new DdeOptions();

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

		public Delivery getDelivery() {
			return this.delivery;
		}

		public void setDelivery(Delivery delivery) {
			this.delivery = delivery;
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

		public TcpOptions getTcp() {
			return this.tcp;
		}

		public MessageQueueOptions getMessageQueue() {
			return this.messageQueue;
		}

		public WindowMessageOptions getWindowMessage() {
			return this.windowMessage;
		}

		public ClipboardOptions getClipboard() {
			return this.clipboard;
		}

		public DdeOptions getDde() {
			return this.dde;
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

	/**
	 * One remote under {@code ipc.remote.<name>}: an interface carried by an endpoint
	 * with a gateway role.
	 */
	public static class Remote {

		/**
		 * Fully qualified name of the Java interface whose calls travel (shared by both
		 * applications).
		 */
		private String interfaceName;

		/**
		 * Name of the endpoint (under ipc.endpoints) that carries the calls: an
		 * outbound-gateway makes this application the caller, an inbound-gateway the
		 * server.
		 */
		private String endpoint;

		/**
		 * Serving side only: name of the bean that implements the interface. Needed only
		 * when several beans do.
		 */
		private String service;

		public String getInterface() {
			return this.interfaceName;
		}

		public void setInterface(String interfaceName) {
			this.interfaceName = interfaceName;
		}

		public String getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(String endpoint) {
			this.endpoint = endpoint;
		}

		public String getService() {
			return this.service;
		}

		public void setService(String service) {
			this.service = service;
		}

	}

}
