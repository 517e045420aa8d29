package io.ipcstarter.sample;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.stereotype.Component;

/**
 * Counts the one-way messages arriving on channel {@code events}, logging every 1000th:
 * the sink of the sample's one-way endpoints.
 */
@Component
public class EventLog {

	private static final Log logger = LogFactory.getLog(EventLog.class);

	private final AtomicLong count = new AtomicLong();

	@ServiceActivator(inputChannel = "events")
	public void onEvent(Object payload) {
		long n = this.count.incrementAndGet();
		if (n == 1 || n % 1000 == 0) {
			logger.info("events received: " + n);
		}
	}

	public long count() {
		return this.count.get();
	}

}
