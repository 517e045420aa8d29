package io.ipcstarter.transport.process;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.stream.FileChannelInputStream;

/**
 * This process's own stdin and stdout, for the {@code stdio} transport. One endpoint per
 * application may use them ({@link #claim}); claiming points {@code System.out} at
 * stderr, so that {@code System.out.println} and console loggers that write through
 * {@code System.out} (Logback's and Log4j2's console appenders do, at each write) stay
 * off the channel; the endpoint writes to file descriptor 1 directly. stdin is read
 * through a {@link FileChannel}, so stopping the endpoint ends a blocked read.
 */
final class StdioStreams {

	private static final int BUFFER_SIZE = 64 * 1024;

	private static @Nullable String owner;

	private static @Nullable StdioStreams instance;

	/**
	 * Only to ask how many bytes wait in the pipe ({@code FIONREAD}); read through the
	 * channel.
	 */
	private final FileInputStream stdinFile;

	private final FileChannel stdin;

	private final FileChannelInputStream stdinStream;

	private final InputStream input;

	private final OutputStream output;

	private StdioStreams() {
		this.stdinFile = new FileInputStream(FileDescriptor.in);
		this.stdin = this.stdinFile.getChannel();
		this.stdinStream = new FileChannelInputStream(this.stdin);
		this.input = new BufferedInputStream(this.stdinStream, BUFFER_SIZE);
		this.output = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), BUFFER_SIZE);
	}

	/**
	 * Take stdin/stdout for an endpoint.
	 * @throws IllegalStateException naming the endpoint that already has them
	 */
	static synchronized StdioStreams claim(String endpoint) {
		if (owner != null && !owner.equals(endpoint)) {
			throw new IllegalStateException("stdin/stdout are already used by IPC endpoint '" + owner
					+ "'; only one stdio endpoint per application");
		}
		if (instance == null) {
			PrintStream stderr = System.err;
			System.out.flush();
			System.setOut(stderr);
			instance = new StdioStreams();
		}
		owner = endpoint;
		return instance;
	}

	/**
	 * Give them back (the endpoint stopped); stdout stays redirected: the channel may be
	 * read by a peer still.
	 */
	static synchronized void release(String endpoint) {
		if (endpoint.equals(owner)) {
			owner = null;
		}
	}

	InputStream input() {
		return this.input;
	}

	OutputStream output() {
		return this.output;
	}

	FileChannel stdin() {
		return this.stdin;
	}

	/**
	 * Drop what the parent has written and we have not handled: what was read ahead into
	 * the buffer and what is in stdin's pipe at this moment (for a regular file, the rest
	 * of it). After a frame that broke the framing there is no telling where the next
	 * frame starts; what the parent writes after this starts on a frame boundary. Never
	 * blocks: it reads only what is there.
	 * @return how many bytes were dropped
	 */
	long discardQueued() throws IOException {
		long dropped = 0;
		int waiting;
		// the buffered bytes first (the stream below reports none available), then the
		// pipe's, as FIONREAD counts them
		while ((waiting = Math.max(this.input.available(), this.stdinFile.available())) > 0) {
			long skipped = this.input.skip(waiting);
			if (skipped <= 0) {
				break;
			}
			dropped += skipped;
		}
		return dropped;
	}

	/**
	 * Whether bytes the parent wrote wait to be read (read ahead into the buffer, or in
	 * stdin's pipe); never blocks.
	 */
	boolean hasQueued() throws IOException {
		return this.input.available() > 0 || this.stdinFile.available() > 0;
	}

	/** Whether stdin has reached its end (the parent closed it). */
	boolean stdinEnded() {
		return this.stdinStream.reachedEnd();
	}

}
