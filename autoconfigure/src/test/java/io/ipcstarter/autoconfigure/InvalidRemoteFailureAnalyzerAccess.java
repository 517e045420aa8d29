package io.ipcstarter.autoconfigure;

import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Lets tests of other packages run the package-private
 * {@link InvalidRemoteFailureAnalyzer}.
 */
public final class InvalidRemoteFailureAnalyzerAccess {

	private final InvalidRemoteFailureAnalyzer analyzer = new InvalidRemoteFailureAnalyzer();

	public FailureAnalysis analyze(Throwable failure) {
		return this.analyzer.analyze(failure);
	}

}
