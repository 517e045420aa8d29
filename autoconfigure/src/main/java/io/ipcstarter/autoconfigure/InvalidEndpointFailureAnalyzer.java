package io.ipcstarter.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.ipcstarter.transport.InvalidEndpointException;

/**
 * Explains an IPC endpoint that cannot work: which endpoint, which property, and what to
 * change.
 */
class InvalidEndpointFailureAnalyzer extends AbstractFailureAnalyzer<InvalidEndpointException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidEndpointException cause) {
		String description = cause.getMessage();
		String action = "Consider changing " + cause.propertyName() + ": " + cause.action() + ".";
		return new FailureAnalysis(description, action, cause);
	}

}
