package io.ipcstarter.transport.kafka;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.InboundListener.Reply;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcThreads;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.Role;

/**
 * The inbound side of {@code kafka}: one consumer in the endpoint's group and one thread
 * ({@code ipc-<name>-kafka-1}, not a daemon: a listening endpoint keeps the JVM alive)
 * that polls it in slices of {@link #POLL_SLICE}, hands each record to the listener and
 * commits the offsets of a poll's records once the listener has returned for all of them.
 * A record is done when the listener returned, or when it was written to the dead-letter
 * topic after {@code kafka.max-attempts} failed attempts (or at once when it cannot be
 * read: no value, oversize, a request without reply headers). A record that is not done
 * (the endpoint stops during retries, or the dead-letter topic cannot be written) is not
 * committed: the consumer seeks back to it, and it comes again, here or to another member
 * of the group. Hence at-least-once: a consumer that dies after handling and before
 * committing hands those records to the next one.
 */
final class KafkaServer implements IpcServer {

	/**
	 * How long one poll waits for records before the thread checks whether it should
	 * stop.
	 */
	static final Duration POLL_SLICE = Duration.ofMillis(100);

	/** Longest exception text in a dead-letter record's header. */
	static final int MAX_EXCEPTION_TEXT = 1000;

	private final EndpointSpec spec;

	private final KafkaOptions options;

	private final String deadLetterTopic;

	private final boolean gateway;

	/**
	 * One peer per partition, made once, so a run of records from one partition shares
	 * its headers.
	 */
	private final Map<TopicPartition, Peer> peers = new HashMap<>();

	/**
	 * Answers handed to the producer and not yet acknowledged (a gateway's), oldest
	 * first.
	 */
	private final Queue<PendingReply> replies = new ConcurrentLinkedQueue<>();

	private volatile @Nullable Thread poller;

	private volatile boolean closed;

	private volatile long failingSince;

	KafkaServer(EndpointSpec spec, KafkaOptions options) {
		this.spec = spec;
		this.options = options;
		this.deadLetterTopic = KafkaTransport.deadLetterTopic(spec);
		this.gateway = spec.role() == Role.INBOUND_GATEWAY;
	}

	@Override
	public void start(InboundListener listener) throws IOException {
		if (this.closed) {
			throw new IpcException(ErrorReason.IO, "The kafka server of " + this.spec + " is closed");
		}
		KafkaClients.createTopics(this.spec, this.options, this.spec.address(), this.deadLetterTopic);
		KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(this.spec, this.options);
		KafkaConsumer<byte[], byte[]> consumer;
		try {
			consumer = KafkaClients.consumer(this.spec, this.options, KafkaTransport.groupId(this.spec));
			consumer.subscribe(List.of(this.spec.address()));
		}
		catch (RuntimeException ex) {
			producer.close(Duration.ZERO);
			throw ex;
		}
		Thread thread = new IpcThreads(this.spec.name(), "kafka", false)
			.newThread(() -> poll(consumer, producer, listener));
		this.poller = thread;
		thread.start();
	}

	private void poll(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer,
			InboundListener listener) {
		Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
		try {
			while (!this.closed) {
				ConsumerRecords<byte[], byte[]> records;
				try {
					records = consumer.poll(POLL_SLICE);
					this.failingSince = 0;
				}
				catch (KafkaException ex) {
					failed(listener, ex, "poll");
					continue;
				}
				for (TopicPartition partition : records.partitions()) {
					for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
						if (!handle(record, partition, producer, listener)) {
							// not done: read it again (the next poll starts there), and
							// commit nothing past it
							consumer.seek(partition, record.offset());
							break;
						}
						done.put(partition, new OffsetAndMetadata(record.offset() + 1));
					}
				}
				commit(consumer, done, listener);
			}
		}
		finally {
			commit(consumer, done, listener);
			consumer.close(Duration.ofSeconds(5));
			producer.close(Duration.ofSeconds(5));
		}
	}

	private void commit(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, OffsetAndMetadata> done,
			InboundListener listener) {
		awaitReplies(listener);
		if (done.isEmpty()) {
			return;
		}
		try {
			consumer.commitSync(done, this.spec.sendTimeout());
		}
		catch (KafkaException ex) {
			// the records were handled: they come again after a rebalance
			// (at-least-once), nothing is lost
			listener
				.onError(
						ErrorReason.IO, new IpcException(ErrorReason.IO, "Committing offsets " + done + " of "
								+ this.spec.address() + " failed; those messages may be delivered again: " + ex, ex),
						null);
		}
		done.clear();
	}

	private void failed(InboundListener listener, Exception ex, String what) {
		if (this.failingSince == 0) {
			this.failingSince = System.currentTimeMillis();
		}
		listener.onError(ErrorReason.IO,
				new IpcException(ErrorReason.IO, "Kafka " + what + " on " + this.spec.address() + " failed: " + ex, ex),
				null);
		pause(this.options.getRetryInterval());
	}

	/**
	 * Hand one record to the listener; {@code true} when it is done with (handled or
	 * dead-lettered).
	 */
	private boolean handle(ConsumerRecord<byte[], byte[]> record, TopicPartition partition,
			KafkaProducer<byte[], byte[]> producer, InboundListener listener) {
		Peer peer = this.peers.computeIfAbsent(partition, (p) -> Peer.of("kafka:" + p.topic() + "-" + p.partition()));
		Caller caller = null;
		if (this.gateway) {
			String correlation = KafkaClients.header(record.headers(), KafkaClients.CORRELATION_ID);
			String replyTopic = KafkaClients.header(record.headers(), KafkaClients.REPLY_TOPIC);
			if (correlation == null || replyTopic == null || !KafkaTransport.isTopic(replyTopic)) {
				return refuse(record, peer, producer, listener, null, ErrorReason.DECODE, "a request without a valid "
						+ KafkaClients.REPLY_TOPIC + " and " + KafkaClients.CORRELATION_ID + " header");
			}
			caller = new Caller(replyTopic, correlation);
		}
		byte[] payload = record.value();
		if (payload == null) {
			return refuse(record, peer, producer, listener, caller, ErrorReason.DECODE, "a record without a value");
		}
		if (payload.length > this.spec.maxMessageSize()) {
			return refuse(record, peer, producer, listener, caller, ErrorReason.OVERSIZE,
					"a record of " + payload.length + " bytes, larger than max-message-size ("
							+ this.spec.maxMessageSize() + " bytes)");
		}
		Caller to = caller;
		Reply reply = (to != null) ? (answer) -> reply(producer, to, answer, null, null) : Reply.NONE;
		Map<String, Object> attributes = Map.of("topic", record.topic(), "partition", record.partition(), "offset",
				record.offset());
		for (int attempt = 1;; attempt++) {
			try {
				listener.onMessage(payload, peer, reply, attributes);
				return true;
			}
			catch (Exception ex) {
				ErrorReason reason = (ex instanceof IOException) ? IpcException.reasonOf(ex) : ErrorReason.HANDLER;
				// bad input (a malformed header block) fails the same way every time: no
				// retry
				if (attempt >= this.options.getMaxAttempts() || reason.isBadInput()) {
					return giveUp(record, peer, producer, listener, to, reason, ex, attempt);
				}
				if (this.closed || !pause(this.options.getRetryInterval())) {
					return false; // stopping: not committed, so it comes again
				}
			}
		}
	}

	/**
	 * The flow failed on every attempt: dead-letter the record, answer a gateway's caller
	 * with the failure, and report the flow's own exception (what went wrong) with what
	 * became of the record as a suppressed exception.
	 */
	private boolean giveUp(ConsumerRecord<byte[], byte[]> record, Peer peer, KafkaProducer<byte[], byte[]> producer,
			InboundListener listener, @Nullable Caller caller, ErrorReason reason, Exception failure, int attempts) {
		boolean written = deadLetter(record, producer, reason, failure, attempts);
		failure.addSuppressed(new IpcException(reason,
				"Message at " + record.topic() + "-" + record.partition() + "@" + record.offset() + " failed "
						+ attempts + " time(s), "
						+ (written ? "written to " + this.deadLetterTopic : "and the dead-letter topic "
								+ this.deadLetterTopic + " could not be written, so it will come again")));
		listener.onError(reason, failure, peer);
		if (written && caller != null) {
			answerFailure(producer, caller, reason, String.valueOf(failure.getMessage()));
		}
		if (!written) {
			pause(this.options.getRetryInterval());
		}
		return written;
	}

	private boolean refuse(ConsumerRecord<byte[], byte[]> record, Peer peer, KafkaProducer<byte[], byte[]> producer,
			InboundListener listener, @Nullable Caller caller, ErrorReason reason, String what) {
		boolean written = deadLetter(record, producer, reason, null, 0);
		String text = "Refused " + what + " at " + record.topic() + "-" + record.partition() + "@" + record.offset();
		listener.onError(reason,
				new IpcException(reason, text + (written ? "; written to " + this.deadLetterTopic
						: "; the dead-letter topic " + this.deadLetterTopic + " could not be written, it comes again")),
				peer);
		if (written && caller != null) {
			answerFailure(producer, caller, reason, text);
		}
		if (!written) {
			pause(this.options.getRetryInterval());
		}
		return written;
	}

	/**
	 * Tell a gateway's caller that its request failed, so it fails at once rather than
	 * after its reply-timeout.
	 */
	private void answerFailure(KafkaProducer<byte[], byte[]> producer, Caller caller, ErrorReason reason, String text) {
		try {
			reply(producer, caller, new byte[0], reason, text);
		}
		catch (IOException ex) {
			// the caller times out instead; the failure itself is reported
		}
	}

	/**
	 * Where a gateway's answer goes: the request's reply topic, with its correlation id.
	 */
	private record Caller(String replyTopic, String correlationId) {
	}

	/**
	 * Write the record to the dead-letter topic with its origin and why; {@code true}
	 * once the broker has it.
	 */
	private boolean deadLetter(ConsumerRecord<byte[], byte[]> record, KafkaProducer<byte[], byte[]> producer,
			ErrorReason reason, @Nullable Throwable cause, int attempts) {
		RecordHeaders headers = new RecordHeaders(record.headers().toArray());
		headers.add(KafkaClients.DLT_TOPIC, KafkaClients.utf8(record.topic()));
		headers.add(KafkaClients.DLT_PARTITION, KafkaClients.utf8(Integer.toString(record.partition())));
		headers.add(KafkaClients.DLT_OFFSET, KafkaClients.utf8(Long.toString(record.offset())));
		headers.add(KafkaClients.DLT_REASON, KafkaClients.utf8(reason.tag()));
		headers.add(KafkaClients.DLT_ATTEMPTS, KafkaClients.utf8(Integer.toString(attempts)));
		if (cause != null) {
			headers.add(KafkaClients.DLT_EXCEPTION, KafkaClients.utf8(rootCause(cause)));
		}
		try {
			producer.send(new ProducerRecord<>(this.deadLetterTopic, null, record.key(), record.value(), headers))
				.get(KafkaClients.millis(this.spec.sendTimeout()), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (ExecutionException | TimeoutException | KafkaException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The innermost cause, which says what went wrong (the outer ones are the framework's
	 * wrappers, whose text repeats the message), cut to {@link #MAX_EXCEPTION_TEXT}
	 * characters.
	 */
	static String rootCause(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String text = String.valueOf(root);
		return (text.length() > MAX_EXCEPTION_TEXT) ? text.substring(0, MAX_EXCEPTION_TEXT) : text;
	}

	/**
	 * A gateway's answer, to the reply topic the request named with its correlation id; a
	 * failure answer (empty, with the headers {@code ipc_error} and
	 * {@code ipc_errorReason}) when {@code reason} is given. Handed to the producer
	 * without waiting for the broker, so the next request is handled meanwhile;
	 * {@link #awaitReplies} waits for every answer before the requests' offsets are
	 * committed.
	 */
	private void reply(KafkaProducer<byte[], byte[]> producer, Caller caller, byte[] answer,
			@Nullable ErrorReason reason, @Nullable String error) throws IOException {
		RecordHeaders headers = new RecordHeaders();
		headers.add(KafkaClients.CORRELATION_ID, KafkaClients.utf8(caller.correlationId()));
		if (reason != null) {
			headers.add(KafkaClients.ERROR, KafkaClients.utf8(String.valueOf(error)));
			headers.add(KafkaClients.ERROR_REASON, KafkaClients.utf8(reason.tag()));
		}
		try {
			this.replies.add(new PendingReply(caller.replyTopic(), producer
				.send(new ProducerRecord<byte[], byte[]>(caller.replyTopic(), null, null, answer, headers))));
		}
		catch (KafkaException ex) {
			throw new IpcException(ErrorReason.IO,
					"Answering on " + caller.replyTopic() + " failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Wait (within send-timeout) until the broker has every answer handed to the producer
	 * since the last commit. An answer it refused is reported: its caller times out, and
	 * the request is not handled again.
	 */
	private void awaitReplies(InboundListener listener) {
		long deadline = System.nanoTime() + this.spec.sendTimeout().toNanos();
		PendingReply pending;
		while ((pending = this.replies.poll()) != null) {
			try {
				pending.sent().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (ExecutionException | TimeoutException ex) {
				ErrorReason reason = (ex instanceof TimeoutException
						|| ex.getCause() instanceof org.apache.kafka.common.errors.TimeoutException)
								? ErrorReason.TIMEOUT : ErrorReason.IO;
				listener.onError(reason,
						new IpcException(reason,
								"An answer on " + pending.topic()
										+ " was not acknowledged within send-timeout; its caller times out: " + ex,
								ex),
						null);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private record PendingReply(String topic, Future<RecordMetadata> sent) {
	}

	/** Wait, unless the server closes meanwhile; {@code false} when it did. */
	private boolean pause(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		try {
			while (!this.closed) {
				long left = end - System.nanoTime();
				if (left <= 0) {
					return true;
				}
				Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, POLL_SLICE.toMillis()));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return false;
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public long failingSince() {
		return this.failingSince;
	}

	@Override
	public String address() {
		return this.spec.address();
	}

	@Override
	public void close() {
		this.closed = true;
		// the record in hand finishes within the grace period; the thread sees the flag
		// within a poll slice, then commits what it handled, leaves the group and closes
		// its clients
		Thread thread = this.poller;
		if (thread != null && thread != Thread.currentThread()) {
			try {
				thread.join(TimeUnit.MILLISECONDS.convert(IpcTransport.DRAIN_TIMEOUT));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
