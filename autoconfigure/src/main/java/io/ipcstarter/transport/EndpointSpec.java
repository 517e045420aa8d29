package io.ipcstarter.transport;

import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Everything a transport needs to open one endpoint, already validated. Immutable; built with {@link #builder}.
 * Transport-specific settings travel as typed option objects ({@link #option(Class)}).
 */
public final class EndpointSpec {

	/** Default largest message accepted from the wire: 1 MiB. */
	public static final int DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;

	private final String name;

	private final String transport;

	private final Role role;

	private final String address;

	private final Framing framing;

	private final int maxMessageSize;

	private final Duration sendTimeout;

	private final Duration replyTimeout;

	private final Set<PosixFilePermission> permissions;

	private final Set<Integer> allowedUids;

	private final int poolSize;

	private final int maxConnections;

	private final Duration reconnectInitialInterval;

	private final Duration reconnectMaxInterval;

	private final Map<Class<?>, Object> options;

	private final Executor connectionExecutor;

	private EndpointSpec(Builder b) {
		this.name = Objects.requireNonNull(b.name, "name");
		this.transport = Objects.requireNonNull(b.transport, "transport");
		this.role = Objects.requireNonNull(b.role, "role");
		this.address = Objects.requireNonNull(b.address, "address");
		this.framing = b.framing;
		this.maxMessageSize = b.maxMessageSize;
		this.sendTimeout = b.sendTimeout;
		this.replyTimeout = b.replyTimeout;
		this.permissions = Collections.unmodifiableSet(EnumSet.copyOf(b.permissions));
		this.allowedUids = Set.copyOf(b.allowedUids);
		this.poolSize = b.poolSize;
		this.maxConnections = b.maxConnections;
		this.reconnectInitialInterval = b.reconnectInitialInterval;
		this.reconnectMaxInterval = b.reconnectMaxInterval;
		this.options = Map.copyOf(b.options);
		this.connectionExecutor = b.connectionExecutor;
	}

	public static Builder builder(String name, String transport, Role role, String address) {
		return new Builder(name, transport, role, address);
	}

	/** A builder holding this spec's values, to derive a variant. */
	public Builder toBuilder() {
		Builder b = new Builder(this.name, this.transport, this.role, this.address).framing(this.framing)
			.maxMessageSize(this.maxMessageSize)
			.sendTimeout(this.sendTimeout)
			.replyTimeout(this.replyTimeout)
			.permissions(this.permissions)
			.allowedUids(this.allowedUids)
			.poolSize(this.poolSize)
			.maxConnections(this.maxConnections)
			.reconnect(this.reconnectInitialInterval, this.reconnectMaxInterval)
			.connectionExecutor(this.connectionExecutor);
		b.options.putAll(this.options);
		return b;
	}

	/** Endpoint name: bean names, meter tag, thread names. */
	public String name() {
		return this.name;
	}

	/** Transport id, e.g. {@code unix-socket}. */
	public String transport() {
		return this.transport;
	}

	public Role role() {
		return this.role;
	}

	/** Transport-specific address: a socket path, {@code host:port}, a pipe name, a directory... */
	public String address() {
		return this.address;
	}

	public Framing framing() {
		return this.framing;
	}

	/** Largest message accepted from the wire, in bytes. */
	public int maxMessageSize() {
		return this.maxMessageSize;
	}

	/** How long a send may wait for the transport (connecting, back-pressure) before it fails. */
	public Duration sendTimeout() {
		return this.sendTimeout;
	}

	/** How long an outbound gateway waits for a reply. */
	public Duration replyTimeout() {
		return this.replyTimeout;
	}

	/** Permissions of files the endpoint creates (socket files, FIFOs, mapped files). */
	public Set<PosixFilePermission> permissions() {
		return this.permissions;
	}

	/** User ids allowed to connect; empty allows every user the file permissions let in. */
	public Set<Integer> allowedUids() {
		return this.allowedUids;
	}

	/** Most connections an outbound gateway keeps open for concurrent requests. */
	public int poolSize() {
		return this.poolSize;
	}

	/** Most peers an inbound endpoint serves at once; more are refused. */
	public int maxConnections() {
		return this.maxConnections;
	}

	/** First wait between connection attempts. */
	public Duration reconnectInitialInterval() {
		return this.reconnectInitialInterval;
	}

	/** Longest wait between connection attempts. */
	public Duration reconnectMaxInterval() {
		return this.reconnectMaxInterval;
	}

	/**
	 * Where a listening stream endpoint runs the work of each connection (reading frames, calling the listener);
	 * {@code null} for the transport's own named platform threads. Never shut down by the transport.
	 */
	public Executor connectionExecutor() {
		return this.connectionExecutor;
	}

	/** The transport-specific options of the given type, or {@code null} when none were given. */
	public <T> T option(Class<T> type) {
		return type.cast(this.options.get(type));
	}

	@Override
	public String toString() {
		return "endpoint '" + this.name + "' (" + this.transport + " " + this.role.id() + " at " + this.address + ")";
	}

	/** Builds an {@link EndpointSpec}; every optional value has the documented default. */
	public static final class Builder {

		private final String name;

		private final String transport;

		private final Role role;

		private String address;

		private Framing framing = Framing.LENGTH_PREFIX;

		private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;

		private Duration sendTimeout = Duration.ofSeconds(10);

		private Duration replyTimeout = Duration.ofSeconds(10);

		private Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE);

		private Set<Integer> allowedUids = Set.of();

		private int poolSize = 4;

		private int maxConnections = 100;

		private Duration reconnectInitialInterval = Duration.ofMillis(50);

		private Duration reconnectMaxInterval = Duration.ofSeconds(5);

		private final Map<Class<?>, Object> options = new HashMap<>();

		private Executor connectionExecutor;

		private Builder(String name, String transport, Role role, String address) {
			this.name = name;
			this.transport = transport;
			this.role = role;
			this.address = address;
		}

		/** Replace the address, e.g. with the OS path a transport derived from a logical name. */
		public Builder address(String address) {
			this.address = Objects.requireNonNull(address, "address");
			return this;
		}

		public Builder framing(Framing framing) {
			this.framing = Objects.requireNonNull(framing);
			return this;
		}

		public Builder maxMessageSize(int maxMessageSize) {
			if (maxMessageSize <= 0) {
				throw new IllegalArgumentException("max-message-size must be positive, was " + maxMessageSize);
			}
			this.maxMessageSize = maxMessageSize;
			return this;
		}

		public Builder sendTimeout(Duration sendTimeout) {
			this.sendTimeout = positive(sendTimeout, "send-timeout");
			return this;
		}

		public Builder replyTimeout(Duration replyTimeout) {
			this.replyTimeout = positive(replyTimeout, "reply-timeout");
			return this;
		}

		public Builder permissions(Set<PosixFilePermission> permissions) {
			this.permissions = EnumSet.noneOf(PosixFilePermission.class);
			this.permissions.addAll(permissions);
			return this;
		}

		public Builder allowedUids(Set<Integer> allowedUids) {
			this.allowedUids = Set.copyOf(allowedUids);
			return this;
		}

		public Builder poolSize(int poolSize) {
			if (poolSize <= 0) {
				throw new IllegalArgumentException("pool-size must be positive, was " + poolSize);
			}
			this.poolSize = poolSize;
			return this;
		}

		public Builder maxConnections(int maxConnections) {
			if (maxConnections <= 0) {
				throw new IllegalArgumentException("max-connections must be positive, was " + maxConnections);
			}
			this.maxConnections = maxConnections;
			return this;
		}

		public Builder reconnect(Duration initialInterval, Duration maxInterval) {
			this.reconnectInitialInterval = positive(initialInterval, "reconnect.initial-interval");
			this.reconnectMaxInterval = positive(maxInterval, "reconnect.max-interval");
			return this;
		}

		/** Run connections on this executor instead of the transport's own threads; {@code null} for those. */
		public Builder connectionExecutor(Executor connectionExecutor) {
			this.connectionExecutor = connectionExecutor;
			return this;
		}

		/** Transport-specific options, looked up by their type. */
		public <T> Builder option(Class<T> type, T value) {
			if (value != null) {
				this.options.put(type, value);
			}
			return this;
		}

		public EndpointSpec build() {
			return new EndpointSpec(this);
		}

		private static Duration positive(Duration d, String key) {
			if (d == null || d.isNegative() || d.isZero()) {
				throw new IllegalArgumentException(key + " must be positive, was " + d);
			}
			return d;
		}

	}

}
