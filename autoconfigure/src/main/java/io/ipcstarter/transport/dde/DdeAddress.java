package io.ipcstarter.transport.dde;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;

/**
 * A DDE conversation's names from {@code address: service|topic}, e.g.
 * {@code Excel|Sheet1}.
 *
 * @param service the application's DDE service name
 * @param topic the topic within it
 */
record DdeAddress(String service, String topic) {

	/** DDEML string handles hold at most 255 characters. */
	static final int MAX_NAME = 255;

	static DdeAddress of(EndpointSpec spec) {
		String address = spec.address();
		int bar = address.indexOf('|');
		String service = (bar > 0) ? address.substring(0, bar).trim() : "";
		String topic = (bar > 0) ? address.substring(bar + 1).trim() : "";
		if (service.isEmpty() || topic.isEmpty() || topic.indexOf('|') >= 0 || service.length() > MAX_NAME
				|| topic.length() > MAX_NAME) {
			throw new InvalidEndpointException(spec.name(), "address",
					"'" + address + "' is not service|topic (each 1 to " + MAX_NAME + " characters)",
					"Set it to the DDE service and topic, e.g. Excel|Sheet1");
		}
		return new DdeAddress(service, topic);
	}

	@Override
	public String toString() {
		return this.service + "|" + this.topic;
	}

}
