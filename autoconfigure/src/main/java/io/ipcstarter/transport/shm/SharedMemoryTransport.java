package io.ipcstarter.transport.shm;

import java.util.EnumSet;
import java.util.Set;

import io.ipcstarter.transport.BacklogReporting;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;

/**
 * Transport {@code shared-memory}: a ring buffer in mapped memory, many producers to one
 * consumer. Inbound roles consume (and create) the ring; outbound roles produce into it.
 * Gateways add one reply ring per client.
 */
public final class SharedMemoryTransport implements IpcTransport {

	@Override
	public String id() {
		return "shared-memory";
	}

	@Override
	public Set<Role> roles() {
		return EnumSet.allOf(Role.class);
	}

	@Override
	public Class<SharedMemoryOptions> optionsType() {
		return SharedMemoryOptions.class;
	}

	@Override
	public void validate(EndpointSpec spec) throws InvalidEndpointException {
		try {
			RingAddress.resolve(spec.address());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointException(spec.name(), "address", ex.getMessage(),
					"Set it to a ring name such as 'orders' or to a file path", ex);
		}
		SharedMemoryOptions options = options(spec);
		long capacity = options.configuredCapacityBytes();
		if (!RingLayout.isValidCapacity(capacity)) {
			throw new InvalidEndpointException(spec.name(), "shared-memory.capacity",
					"capacity " + capacity + " bytes is not a power of two between 1KB and 1GB", "Set it to e.g. 4MB");
		}
		if (spec.maxMessageSize() > RingLayout.maxBody((int) capacity)) {
			throw new InvalidEndpointException(spec.name(), "shared-memory.capacity",
					"a ring of " + capacity + " bytes holds messages of at most " + RingLayout.maxBody((int) capacity)
							+ " bytes, but " + "max-message-size is " + spec.maxMessageSize(),
					"Set shared-memory.capacity to a power of two at least twice max-message-size, or lower max-message-size");
		}
		if (options.getIdleStrategy() == null || options.getMaxPark() == null || options.getMaxPark().isNegative()
				|| options.getUnblockTimeout() == null || options.getUnblockTimeout().isNegative()
				|| options.getUnblockTimeout().isZero()) {
			throw new InvalidEndpointException(spec.name(), "shared-memory",
					"idle-strategy, max-park and " + "unblock-timeout must be set (unblock-timeout positive)",
					"Remove them to use the defaults");
		}
	}

	/**
	 * The ring's unread bytes; not their age: a record carries no time (see
	 * docs/wire-formats.md).
	 */
	@Override
	public BacklogReporting backlogReporting(EndpointSpec spec) {
		return new BacklogReporting(BacklogReporting.BYTES, false);
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		return new SharedMemoryServer(spec, options(spec), RingAddress.resolve(spec.address()));
	}

	@Override
	public IpcClient createClient(EndpointSpec spec) {
		return new SharedMemoryClient(spec, options(spec), RingAddress.resolve(spec.address()));
	}

	private static SharedMemoryOptions options(EndpointSpec spec) {
		SharedMemoryOptions options = spec.option(SharedMemoryOptions.class);
		return (options != null) ? options : new SharedMemoryOptions();
	}

}
