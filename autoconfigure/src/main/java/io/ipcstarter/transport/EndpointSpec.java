package io.ipcstarter.transport;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

/**
 * Everything a transport needs to open one endpoint, already validated. Immutable; built
 * with {@link #builder}. Transport-specific settings travel as typed option objects
 * ({@link #option(Class)}), copied in and out.
 * <p>
 * This class is the one home of every endpoint setting's default (the {@code DEFAULT_}
 * constants, which the YAML binding refers to as well) and of every check of a single
 * value: a wrong value fails with an {@link InvalidEndpointException} that carries the
 * property's key, for YAML and code alike.
 */
public final class EndpointSpec {

	/** Default framing of stream transports. */
	public static final Framing DEFAULT_FRAMING = Framing.LENGTH_PREFIX;

	/** Default largest message accepted from the wire: 1 MiB. */
	public static final int DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;

	/**
	 * Largest {@code max-message-size} there can be: a Java array's limit, less room for
	 * a frame header.
	 */
	public static final long MAX_MAX_MESSAGE_SIZE = Integer.MAX_VALUE - 8;

	/** Default time a send may wait for the transport. */
	public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(10);

	/** Default time a gateway waits for a reply. */
	public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofSeconds(10);

	/** Default permissions of the files an endpoint creates: owner-only. */
	public static final String DEFAULT_PERMISSIONS = "rw-------";

	/**
	 * Default number of connections an outbound gateway keeps for concurrent requests.
	 */
	public static final int DEFAULT_POOL_SIZE = 4;

	/** Default number of peers an inbound endpoint serves at once. */
	public static final int DEFAULT_MAX_CONNECTIONS = 100;

	/**
	 * Default time an inbound connection may go without a complete frame: zero, never
	 * closed for being idle.
	 */
	public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ZERO;

	/** Default delivery of one-way stream endpoints: plain, at-most-once. */
	public static final Delivery DEFAULT_DELIVERY = Delivery.PLAIN;

	/** Default first wait between connection attempts. */
	public static final Duration DEFAULT_RECONNECT_INITIAL_INTERVAL = Duration.ofMillis(50);

	/** Default longest wait between connection attempts. */
	public static final Duration DEFAULT_RECONNECT_MAX_INTERVAL = Duration.ofSeconds(5);

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

	private final Duration idleTimeout;

	private final Delivery delivery;

	private final Duration reconnectInitialInterval;

	private final Duration reconnectMaxInterval;

	private final Map<Class<?>, TransportOptions<?>> options;

	private final @Nullable Executor connectionExecutor;

	private EndpointSpec(Builder b) {
		this.name = Objects.requireNonNull(b.name, "name");
		this.transport = Objects.requireNonNull(b.transport, "transport");
		this.role = Objects.requireNonNull(b.role, "role");
		this.address = Objects.requireNonNull(b.address, "address");
		this.framing = b.framing;
		this.maxMessageSize = b.maxMessageSize;
		this.sendTimeout = b.sendTimeout;
		this.replyTimeout = b.replyTimeout;
		this.permissions = b.permissions;
		this.allowedUids = Set.copyOf(b.allowedUids);
		this.poolSize = b.poolSize;
		this.maxConnections = b.maxConnections;
		this.idleTimeout = b.idleTimeout;
		this.delivery = b.delivery;
		this.reconnectInitialInterval = b.reconnectInitialInterval;
		this.reconnectMaxInterval = b.reconnectMaxInterval;
		this.options = Map.copyOf(b.options);
		this.connectionExecutor = b.connectionExecutor;
	}

	/**
	 * A builder for an endpoint of this name, transport, role and address, every other
	 * setting at its default.
	 * @throws InvalidEndpointException when the address is missing or blank
	 */

	public static Builder builder(String name, String transport, Role role, String address) {
		return new Builder(name, transport, role, address);
	}

	/** A builder holding this spec's values, to derive a variant. */
	public Builder toBuilder() {
		Builder b = new Builder(this.name, this.transport, this.role, this.address);
		b.copyFrom(this);
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

	/**
	 * Transport-specific address: a socket path, {@code host:port}, a pipe name, a
	 * directory...
	 */
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

	/**
	 * How long a send may wait for the transport (connecting, back-pressure) before it
	 * fails.
	 */
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

	/**
	 * User ids allowed to connect; empty allows every user the file permissions let in.
	 */
	public Set<Integer> allowedUids() {
		return this.allowedUids;
	}

	/** Most connections an outbound gateway keeps open for concurrent requests. */
	public int poolSize() {
		return this.poolSize;
	}

	/**
	 * Most peers an inbound endpoint serves at once; a listening stream endpoint at the
	 * limit accepts no more until one leaves (they wait in the OS backlog).
	 */
	public int maxConnections() {
		return this.maxConnections;
	}

	/**
	 * How long a peer of a listening stream endpoint may go without sending a complete
	 * frame before its connection is closed, freeing its {@linkplain #maxConnections()
	 * slot}; zero never closes a connection for being idle.
	 */
	public Duration idleTimeout() {
		return this.idleTimeout;
	}

	/**
	 * What a one-way send promises on a stream transport: {@link Delivery#PLAIN} or
	 * {@link Delivery#ACKNOWLEDGED}.
	 */
	public Delivery delivery() {
		return this.delivery;
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
	 * Where a listening stream endpoint runs the work of each connection (reading frames,
	 * calling the listener); {@code null} for the transport's own named platform threads.
	 * Never shut down by the transport.
	 */
	public @Nullable Executor connectionExecutor() {
		return this.connectionExecutor;
	}

	/**
	 * A copy of the transport-specific options of the given type, or {@code null} when
	 * none were given.
	 */
	public <T extends TransportOptions<T>> @Nullable T option(Class<T> type) {
		TransportOptions<?> options = this.options.get(type);
		return (options != null) ? type.cast(options).copy() : null;
	}

	/** The types of the transport-specific options given. */
	public Set<Class<?>> optionTypes() {
		return this.options.keySet();
	}

	/**
	 * This spec with another name (an endpoint made in code learns its bean name late).
	 */
	public EndpointSpec withName(String name) {
		Builder b = new Builder(name, this.transport, this.role, this.address);
		b.copyFrom(this);
		return b.build();
	}

	@Override
	public String toString() {
		return "endpoint '" + this.name + "' (" + this.transport + " " + this.role.id() + " at " + this.address + ")";
	}

	/**
	 * Builds an {@link EndpointSpec}; every optional value starts at its {@code DEFAULT_}
	 * constant. Each setter checks its value and throws an
	 * {@link InvalidEndpointException} naming the property's key.
	 */
	public static final class Builder {

		private final String name;

		private final String transport;

		private final Role role;

		private String address;

		private Framing framing = DEFAULT_FRAMING;

		private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;

		private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;

		private Duration replyTimeout = DEFAULT_REPLY_TIMEOUT;

		private Set<PosixFilePermission> permissions = Collections
			.unmodifiableSet(EnumSet.copyOf(PosixFilePermissions.fromString(DEFAULT_PERMISSIONS)));

		private Set<Integer> allowedUids = Set.of();

		private int poolSize = DEFAULT_POOL_SIZE;

		private int maxConnections = DEFAULT_MAX_CONNECTIONS;

		private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;

		private Delivery delivery = DEFAULT_DELIVERY;

		private Duration reconnectInitialInterval = DEFAULT_RECONNECT_INITIAL_INTERVAL;

		private Duration reconnectMaxInterval = DEFAULT_RECONNECT_MAX_INTERVAL;

		private final Map<Class<?>, TransportOptions<?>> options = new HashMap<>();

		private @Nullable Executor connectionExecutor;

		private Builder(String name, String transport, Role role, String address) {
			this.name = Objects.requireNonNull(name, "name");
			this.transport = Objects.requireNonNull(transport, "transport");
			this.role = Objects.requireNonNull(role, "role");
			this.address = checkAddress(address);
		}

		private void copyFrom(EndpointSpec spec) {
			this.framing = spec.framing;
			this.maxMessageSize = spec.maxMessageSize;
			this.sendTimeout = spec.sendTimeout;
			this.replyTimeout = spec.replyTimeout;
			this.permissions = spec.permissions;
			this.allowedUids = spec.allowedUids;
			this.poolSize = spec.poolSize;
			this.maxConnections = spec.maxConnections;
			this.idleTimeout = spec.idleTimeout;
			this.delivery = spec.delivery;
			this.reconnectInitialInterval = spec.reconnectInitialInterval;
			this.reconnectMaxInterval = spec.reconnectMaxInterval;
			this.options.putAll(spec.options);
			this.connectionExecutor = spec.connectionExecutor;
		}

		/**
		 * Replace the address, e.g. with the OS path a transport derived from a logical
		 * name.
		 */
		public Builder address(@Nullable String address) {
			this.address = checkAddress(address);
			return this;
		}

		public Builder framing(Framing framing) {
			this.framing = required(framing, "framing");
			return this;
		}

		/**
		 * Largest message accepted from the wire, in bytes: 1 to
		 * {@link #MAX_MAX_MESSAGE_SIZE}.
		 */
		public Builder maxMessageSize(long bytes) {
			if (bytes <= 0 || bytes > MAX_MAX_MESSAGE_SIZE) {
				throw invalid("max-message-size", "must be between 1B and 2GB, was " + bytes + "B",
						"Set it to the largest message you expect, e.g. 1MB");
			}
			this.maxMessageSize = (int) bytes;
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

		/**
		 * Permissions of files the endpoint creates, as in {@code ls -l}, e.g.
		 * {@code rw-rw----}.
		 */
		public Builder permissions(@Nullable String permissions) {
			try {
				if (permissions == null) {
					throw new IllegalArgumentException("no permissions");
				}
				return permissions(PosixFilePermissions.fromString(permissions));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidEndpointException(this.name, "permissions",
						"'" + permissions + "' is not a permission string",
						"Write it as in ls -l, nine characters, e.g. rw------- or rw-rw----", ex);
			}
		}

		public Builder permissions(Set<PosixFilePermission> permissions) {
			Set<PosixFilePermission> copy = EnumSet.noneOf(PosixFilePermission.class);
			copy.addAll(required(permissions, "permissions"));
			this.permissions = Collections.unmodifiableSet(copy);
			return this;
		}

		public Builder allowedUids(Set<Integer> allowedUids) {
			this.allowedUids = Set.copyOf(required(allowedUids, "allowed-uids"));
			return this;
		}

		public Builder poolSize(int poolSize) {
			this.poolSize = positive(poolSize, "pool-size");
			return this;
		}

		public Builder maxConnections(int maxConnections) {
			this.maxConnections = positive(maxConnections, "max-connections");
			return this;
		}

		/**
		 * How long an inbound peer may send no complete frame before it is closed; zero
		 * for never.
		 */
		public Builder idleTimeout(Duration idleTimeout) {
			if (idleTimeout == null || idleTimeout.isNegative()) {
				throw invalid("idle-timeout",
						"must not be negative, was " + ((idleTimeout != null) ? Durations.simple(idleTimeout) : null),
						"Set it to how long a peer may stay silent, e.g. 5m, or 0 to keep idle peers");
			}
			this.idleTimeout = idleTimeout;
			return this;
		}

		/**
		 * What a one-way send promises on a stream transport; the transport checks that
		 * it can.
		 */
		public Builder delivery(Delivery delivery) {
			this.delivery = required(delivery, "delivery");
			return this;
		}

		public Builder reconnect(Duration initialInterval, Duration maxInterval) {
			this.reconnectInitialInterval = positive(initialInterval, "reconnect.initial-interval");
			this.reconnectMaxInterval = positive(maxInterval, "reconnect.max-interval");
			return this;
		}

		/**
		 * Run connections on this executor instead of the transport's own threads;
		 * {@code null} for those.
		 */
		public Builder connectionExecutor(@Nullable Executor connectionExecutor) {
			this.connectionExecutor = connectionExecutor;
			return this;
		}

		/** Transport-specific options, looked up by their type; the spec keeps a copy. */
		public <T extends TransportOptions<T>> Builder option(Class<T> type, @Nullable T value) {
			if (value != null) {
				this.options.put(type, value.copy());
			}
			return this;
		}

		public EndpointSpec build() {
			return new EndpointSpec(this);
		}

		private String checkAddress(@Nullable String address) {
			if (address == null || address.isBlank()) {
				throw invalid("address", "no address given",
						"Set it to where the endpoint listens or sends, e.g. a socket path or host:port");
			}
			return address.trim();
		}

		private <V> V required(V value, String key) {
			if (value == null) {
				throw invalid(key, "no value given", "Set it or leave the key out for the default");
			}
			return value;
		}

		private int positive(int value, String key) {
			if (value <= 0) {
				throw invalid(key, "must be positive, was " + value, "Set it to a positive number");
			}
			return value;
		}

		private Duration positive(Duration d, String key) {
			if (d == null || d.isNegative() || d.isZero()) {
				throw invalid(key, "must be positive, was " + ((d != null) ? Durations.simple(d) : null),
						"Set it to a positive duration, e.g. 10s");
			}
			return d;
		}

		private InvalidEndpointException invalid(String key, String problem, String action) {
			return new InvalidEndpointException(this.name, key, problem, action);
		}

	}

}
