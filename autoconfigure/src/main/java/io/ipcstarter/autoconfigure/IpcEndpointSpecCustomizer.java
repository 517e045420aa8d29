package io.ipcstarter.autoconfigure;

import io.ipcstarter.transport.EndpointSpec;

/**
 * Adjusts an endpoint's spec from what the application context knows before the
 * endpoint's component is made: a transport module that takes its connection settings
 * from Spring Boot's own properties (a broker's {@code spring.kafka.*}, an SSL bundle)
 * declares one as a bean and fills in its transport options. Every customizer bean is
 * applied to every YAML endpoint, in {@link org.springframework.core.Ordered order}; one
 * that has nothing to do for an endpoint returns the spec it was given.
 * <p>
 * This keeps the transport layer free of Spring: the transport receives plain options,
 * and only the customizer knows where they came from.
 */
@FunctionalInterface
public interface IpcEndpointSpecCustomizer {

	/**
	 * The spec to use for the endpoint: the one given, or a changed copy made with
	 * {@link EndpointSpec#toBuilder()}.
	 */
	EndpointSpec customize(EndpointSpec spec);

}
