package io.ipcstarter.transport.kafka;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcThreads;

/**
 * The outbound side of {@code kafka}: one producer (thread-safe, shared by every caller),
 * made on first use. A send returns once the broker has acknowledged the record
 * ({@code acks=all}) or fails after {@code send-timeout}. A request also registers its
 * correlation id, and one reader per client ({@code ipc-<name>-replies-1}, a daemon)
 * reads the reply topic from its end, without a group: every partition assigned, so each
 * requester process sees every reply and takes only its own. A reply that does not come
 * within {@code reply-timeout} fails the request with {@code timeout}; a late one is
 * dropped.
 */
final class KafkaClient implements IpcClient {

	private final EndpointSpec spec;

	private final KafkaOptions options;

	private final String replyTopic;

	private final Map<String, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();

	private final Object lock = new Object();

	private volatile @Nullable KafkaProducer<byte[], byte[]> producer;

	private volatile @Nullable Thread replyReader;

	private volatile boolean closed;

	KafkaClient(EndpointSpec spec, KafkaOptions options) {
		this.spec = spec;
		this.options = options;
		this.replyTopic = KafkaTransport.replyTopic(spec);
	}

	@Override
	public void send(byte[] payload) throws IOException {
		sendAndWait(producer(), new ProducerRecord<>(this.spec.address(), payload), this.spec);
	}

	@Override
	public byte[] request(byte[] payload) throws IOException {
		KafkaProducer<byte[], byte[]> p = producer();
		startReplyReader();
		String correlation = UUID.randomUUID().toString();
		CompletableFuture<byte[]> answer = new CompletableFuture<>();
		this.pending.put(correlation, answer);
		try {
			RecordHeaders headers = new RecordHeaders();
			headers.add(KafkaClients.CORRELATION_ID, KafkaClients.utf8(correlation));
			headers.add(KafkaClients.REPLY_TOPIC, KafkaClients.utf8(this.replyTopic));
			sendAndWait(p, new ProducerRecord<byte[], byte[]>(this.spec.address(), null, null, payload, headers),
					this.spec);
			return answer.get(KafkaClients.millis(this.spec.replyTimeout()), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new IpcException(ErrorReason.TIMEOUT, "No reply on " + this.replyTopic + " within reply-timeout "
					+ Durations.simple(this.spec.replyTimeout()) + " for a request to " + this.spec.address());
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof IpcException failure) {
				throw failure; // the peer's failure answer, or the client closed
			}
			throw new IpcException(ErrorReason.IO,
					"Request to " + this.spec.address() + " failed: " + ex.getCause().getMessage(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(ErrorReason.IO, "Interrupted while waiting for a reply on " + this.replyTopic, ex);
		}
		finally {
			this.pending.remove(correlation);
		}
	}

	/**
	 * Send one record and wait for the broker's acknowledgement, within the spec's send
	 * timeout.
	 */
	static void sendAndWait(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record,
			EndpointSpec spec) throws IOException {
		try {
			producer.send(record).get(KafkaClients.millis(spec.sendTimeout()), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException ex) {
			throw new IpcException(ErrorReason.TIMEOUT, "The broker did not acknowledge a record for " + record.topic()
					+ " within send-timeout " + Durations.simple(spec.sendTimeout()), ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
				// the producer's own wait (metadata, max.block.ms = send-timeout) ran
				// out: the broker is unreachable
				throw new IpcException(ErrorReason.TIMEOUT,
						"The broker did not acknowledge a record for " + record.topic() + " within send-timeout "
								+ Durations.simple(spec.sendTimeout()) + ": " + cause.getMessage(),
						cause);
			}
			if (cause instanceof org.apache.kafka.common.errors.AuthenticationException refused) {
				throw KafkaClients.rejected(spec, refused);
			}
			ErrorReason reason = (cause instanceof org.apache.kafka.common.errors.RecordTooLargeException)
					? ErrorReason.OVERSIZE : ErrorReason.IO;
			throw new IpcException(reason, "Sending to " + record.topic() + " failed: " + cause.getMessage(), cause);
		}
		catch (InterruptedException | InterruptException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(ErrorReason.IO, "Interrupted while sending to " + record.topic(), ex);
		}
		// IllegalStateException: the producer was closed
		catch (org.apache.kafka.common.errors.AuthenticationException ex) {
			throw KafkaClients.rejected(spec, ex);
		}
		catch (KafkaException | IllegalStateException ex) {
			throw new IpcException(ErrorReason.IO, "Sending to " + record.topic() + " failed: " + ex.getMessage(), ex);
		}
	}

	private KafkaProducer<byte[], byte[]> producer() throws IpcException {
		KafkaProducer<byte[], byte[]> p = this.producer;
		if (p != null && !this.closed) {
			return p;
		}
		synchronized (this.lock) {
			if (this.closed) {
				throw new IpcException(ErrorReason.IO, "The kafka client of " + this.spec + " is closed");
			}
			if (this.producer == null) {
				KafkaClients.createTopics(this.spec, this.options, this.spec.address());
				this.producer = KafkaClients.producer(this.spec, this.options);
			}
			return this.producer;
		}
	}

	/**
	 * Start reading replies, once: every partition of the reply topic assigned,
	 * positioned at its end before the first request goes out, so no reply to it can be
	 * missed.
	 */
	private void startReplyReader() throws IpcException {
		if (this.replyReader != null) {
			return;
		}
		synchronized (this.lock) {
			if (this.replyReader != null) {
				return;
			}
			KafkaClients.createTopics(this.spec, this.options, this.replyTopic);
			KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(this.spec, this.options, null);
			try {
				Duration timeout = this.spec.sendTimeout();
				long deadline = System.nanoTime() + timeout.toNanos();
				List<PartitionInfo> infos = consumer.partitionsFor(this.replyTopic, timeout);
				// a topic just created may take a moment to reach the metadata of the
				// broker this client asks
				while ((infos == null || infos.isEmpty()) && System.nanoTime() < deadline) {
					KafkaServer.sleep(KafkaServer.POLL_SLICE);
					infos = consumer.partitionsFor(this.replyTopic, timeout);
				}
				if (infos == null || infos.isEmpty()) {
					throw new IpcException(ErrorReason.TIMEOUT,
							"Reply topic " + this.replyTopic + " was not found " + "within send-timeout "
									+ Durations.simple(timeout) + ": create it, or leave kafka.create-topics on");
				}
				List<TopicPartition> partitions = infos.stream()
					.map((info) -> new TopicPartition(info.topic(), info.partition()))
					.toList();
				consumer.assign(partitions);
				consumer.seekToEnd(partitions);
				for (TopicPartition partition : partitions) {
					// resolve the end now, not after the first request
					consumer.position(partition, timeout);
				}
			}
			catch (KafkaException ex) {
				consumer.close(Duration.ZERO);
				throw new IpcException(ErrorReason.IO, "Could not read reply topic " + this.replyTopic + ": " + ex, ex);
			}
			catch (IpcException ex) {
				consumer.close(Duration.ZERO);
				throw ex;
			}
			Thread thread = new IpcThreads(this.spec.name(), "replies").newThread(() -> readReplies(consumer));
			this.replyReader = thread;
			thread.start();
		}
	}

	private void readReplies(KafkaConsumer<byte[], byte[]> consumer) {
		try {
			while (!this.closed) {
				try {
					for (ConsumerRecord<byte[], byte[]> record : consumer.poll(KafkaServer.POLL_SLICE)) {
						String correlation = KafkaClients.header(record.headers(), KafkaClients.CORRELATION_ID);
						CompletableFuture<byte[]> answer = (correlation != null) ? this.pending.get(correlation) : null;
						if (answer == null) {
							continue;
						}
						String failure = KafkaClients.header(record.headers(), KafkaClients.ERROR_REASON);
						if (failure != null) {
							answer.completeExceptionally(new IpcException(KafkaClients.reason(failure),
									"The peer could not answer a request to " + this.spec.address() + ": "
											+ KafkaClients.header(record.headers(), KafkaClients.ERROR)));
						}
						else if (record.value() != null) {
							answer.complete(record.value());
						}
					}
				}
				catch (KafkaException ex) {
					if (this.closed) {
						return;
					}
					// the broker is away: the client retries by itself; the callers see
					// their timeouts
				}
			}
		}
		finally {
			consumer.close(Duration.ofSeconds(1));
		}
	}

	@Override
	public String address() {
		return this.spec.address();
	}

	@Override
	public void close() {
		KafkaProducer<byte[], byte[]> p;
		synchronized (this.lock) {
			this.closed = true;
			p = this.producer;
		}
		this.pending.values()
			.forEach((answer) -> answer.completeExceptionally(
					new IpcException(ErrorReason.IO, "The kafka client of " + this.spec.name() + " closed")));
		if (p != null) {
			p.close(Duration.ofSeconds(5));
		}
	}

}
