package io.ipcstarter.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.ipcstarter.remote.InvalidRemoteException;

/**
 * Explains a remote ({@code ipc.remote.<name>}) that cannot work: which property, and
 * what to change.
 */
class InvalidRemoteFailureAnalyzer extends AbstractFailureAnalyzer<InvalidRemoteException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidRemoteException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Consider changing " + cause.propertyName() + ": " + cause.action() + ".", cause);
	}

}
