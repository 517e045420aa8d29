package io.ipcstarter.transport.shm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * How a ring's memory is mapped, the only part of the transport that differs between
 * platforms: a mapped file ({@link MappedFileRingMapper}, any OS) or a Windows named file
 * mapping ({@link WindowsNamedRingMapper}).
 */
interface RingMapper {

	/**
	 * Opens the region named {@code location}, creating it owner-only and initialised by
	 * {@code initializer} when it does not exist yet. Other processes never see a created
	 * region before {@code initializer} has run.
	 */
	RingMemory openOrCreate(String location, int size, Set<PosixFilePermission> permissions,
			Consumer<ByteBuffer> initializer) throws IOException;

	/** Opens an existing region; {@code null} when there is none (yet). */
	@Nullable RingMemory openExisting(String location) throws IOException;

	/**
	 * Removes the region's name where it outlives its users (a file); a no-op for named
	 * mappings.
	 */
	void delete(String location);

	/** A human description of a location, for messages: a path or a mapping name. */
	String describe(String location);

}
