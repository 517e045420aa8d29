package io.ipcstarter.autoconfigure;

import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.ConsumerEndpointFactoryBean;

import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.integration.IpcInboundChannelAdapter;
import io.ipcstarter.integration.IpcInboundGateway;
import io.ipcstarter.integration.IpcOutboundChannelAdapter;
import io.ipcstarter.integration.IpcOutboundGateway;

/**
 * Turns each endpoint under {@code ipc.endpoints} into Spring Integration beans before
 * any bean is created, so a mistake stops start-up at once:
 * <ul>
 * <li>{@code ipc.<name>}: the lifecycle bean: the inbound adapter or gateway itself, or
 * for outbound roles the consumer endpoint that feeds the handler from the channel;</li>
 * <li>{@code ipc.<name>.handler}: the outbound adapter or gateway (outbound roles);</li>
 * <li>the channel, as a {@link DirectChannel}, when no bean has its name yet, so two
 * endpoints naming one channel form a bridge without code.</li>
 * </ul>
 * The definitions name {@link IpcEndpointFactory} methods and carry the endpoint's name,
 * nothing built: Spring AOT writes them out as code, and an AOT-processed application
 * does not run this registrar again (it excludes itself from AOT as a
 * {@link BeanRegistrationAotProcessor}). The set of endpoints is then fixed at build
 * time, like every bean of such an application; their settings are still read at
 * start-up.
 */
public class IpcEndpointRegistrar implements BeanDefinitionRegistryPostProcessor, BeanRegistrationAotProcessor {

	private final Environment environment;

	public IpcEndpointRegistrar(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		EndpointSpecs specs = new EndpointSpecs(this.environment);
		specs.checkDefaults();
		IpcProperties properties = Binder.get(this.environment)
			.bind("ipc", Bindable.of(IpcProperties.class))
			.orElseGet(IpcProperties::new);
		if (!registry.containsBeanDefinition(IpcEndpointFactory.BEAN_NAME)) {
			registry.registerBeanDefinition(IpcEndpointFactory.BEAN_NAME,
					new RootBeanDefinition(IpcEndpointFactory.class));
		}
		for (String name : properties.getEndpoints().keySet()) {
			register(registry, specs.resolve(name));
		}
	}

	private void register(BeanDefinitionRegistry registry, EndpointSpecs.Resolved endpoint) {
		String name = endpoint.spec().name();
		String channel = endpoint.properties().getChannel();
		String bean = IpcEndpoint.BEAN_PREFIX + name;
		registerChannelIfMissing(registry, channel);
		switch (endpoint.spec().role()) {
			case INBOUND -> registry.registerBeanDefinition(bean,
					component(IpcInboundChannelAdapter.class, "inboundAdapter", name));
			case INBOUND_GATEWAY ->
				registry.registerBeanDefinition(bean, component(IpcInboundGateway.class, "inboundGateway", name));
			case OUTBOUND -> registerConsumer(registry, bean, endpoint,
					component(IpcOutboundChannelAdapter.class, "outboundAdapter", name));
			case OUTBOUND_GATEWAY -> registerConsumer(registry, bean, endpoint,
					component(IpcOutboundGateway.class, "outboundGateway", name));
		}
	}

	/**
	 * A bean made by {@link IpcEndpointFactory}'s method of that name from the endpoint's
	 * name.
	 */
	private static RootBeanDefinition component(Class<?> type, String factoryMethod, String endpointName) {
		RootBeanDefinition definition = new RootBeanDefinition();
		definition.setTargetType(type);
		definition.setFactoryBeanName(IpcEndpointFactory.BEAN_NAME);
		definition.setUniqueFactoryMethodName(factoryMethod);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, endpointName);
		return definition;
	}

	private static void registerConsumer(BeanDefinitionRegistry registry, String name, EndpointSpecs.Resolved endpoint,
			RootBeanDefinition handler) {
		String handlerName = name + ".handler";
		registry.registerBeanDefinition(handlerName, handler);
		RootBeanDefinition consumer = new RootBeanDefinition(ConsumerEndpointFactoryBean.class);
		consumer.getPropertyValues()
			.add("inputChannelName", endpoint.properties().getChannel())
			.add("handler", new RuntimeBeanReference(handlerName))
			.add("autoStartup", endpoint.properties().isAutoStartup());
		registry.registerBeanDefinition(name, consumer);
	}

	private static void registerChannelIfMissing(BeanDefinitionRegistry registry, String channel) {
		if (!registry.containsBeanDefinition(channel)) {
			registry.registerBeanDefinition(channel, new RootBeanDefinition(DirectChannel.class));
		}
	}

	/**
	 * Nothing to add to any bean's AOT code; implemented so that AOT leaves this
	 * registrar out.
	 */
	@Override
	public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		return null;
	}

}
