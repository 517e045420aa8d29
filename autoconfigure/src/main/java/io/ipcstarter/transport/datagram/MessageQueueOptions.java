package io.ipcstarter.transport.datagram;

import io.ipcstarter.transport.TransportOptions;

/**
 * Settings of the {@code message-queue} transport
 * ({@code ipc.endpoints.<name>.message-queue.*}). A plain JavaBean: the transport layer
 * knows nothing of Spring; the autoconfigure layer binds it.
 */
public class MessageQueueOptions extends TransportOptions<MessageQueueOptions> {

	/** Default {@code max-messages}: the kernel's own default (fs.mqueue.msg_default). */
	public static final int DEFAULT_MAX_MESSAGES = 10;

	/**
	 * Most messages the queue holds (mq_maxmsg) when this endpoint creates it; a sender
	 * to a full queue waits up to send-timeout. At most fs.mqueue.msg_max
	 * (/proc/sys/fs/mqueue/msg_max, 10 by default).
	 */
	private int maxMessages = DEFAULT_MAX_MESSAGES;

	/**
	 * Priority of the messages an outbound endpoint sends, 0 to 32767: a reader takes the
	 * oldest message of the highest priority first.
	 */
	private int priority = 0;

	public int getMaxMessages() {
		return this.maxMessages;
	}

	public void setMaxMessages(int maxMessages) {
		this.maxMessages = maxMessages;
	}

	public int getPriority() {
		return this.priority;
	}

	public void setPriority(int priority) {
		this.priority = priority;
	}

}
