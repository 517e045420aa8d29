package io.ipcstarter.autoconfigure;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.core.ResolvableType;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.env.Environment;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.integration.config.ConsumerEndpointFactoryBean;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import io.ipcstarter.remote.InvalidRemoteException;
import io.ipcstarter.remote.IpcRemote;
import io.ipcstarter.remote.RemoteClientFactoryBean;
import io.ipcstarter.remote.RemoteServiceFactoryBean;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.Role;

/**
 * Turns each remote under {@code ipc.remote}, and each {@link IpcRemote} interface of the
 * application's packages, into beans, by the role of the endpoint it names:
 * <ul>
 * <li>over an {@code outbound-gateway}: {@code ipc.remote.<name>}, a proxy of the
 * interface whose calls go to the endpoint's channel
 * ({@link RemoteClientFactoryBean});</li>
 * <li>behind an {@code inbound-gateway}: {@code ipc.remote.<name>.handler}, the
 * {@link io.ipcstarter.remote.RemoteServiceHandler} calling the service bean, and
 * {@code ipc.remote.<name>}, the consumer feeding it from the endpoint's channel.</li>
 * </ul>
 * Mistakes (no such interface or endpoint, an endpoint of another role, no Jackson) stop
 * start-up with an {@link InvalidRemoteException} naming the property.
 */
public class RemoteRegistrar implements BeanDefinitionRegistryPostProcessor, BeanRegistrationAotProcessor {

	private static final String REMOTE = "ipc.remote";

	private static final String JSON_MAPPER = "tools.jackson.databind.json.JsonMapper";

	private final Environment environment;

	public RemoteRegistrar(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		Binder binder = Binder.get(this.environment);
		Map<String, IpcProperties.Remote> remotes = new LinkedHashMap<>(bindRemotes(binder));
		addAnnotated(registry, remotes);
		if (remotes.isEmpty()) {
			return;
		}
		IpcProperties properties = binder.bind("ipc", Bindable.of(IpcProperties.class)).orElseGet(IpcProperties::new);
		EndpointSpecs specs = new EndpointSpecs(this.environment);
		ClassLoader classLoader = ClassUtils.getDefaultClassLoader();
		for (Map.Entry<String, IpcProperties.Remote> entry : remotes.entrySet()) {
			register(registry, specs, classLoader, entry.getKey(), entry.getValue(), properties);
		}
	}

	private void register(BeanDefinitionRegistry registry, EndpointSpecs specs, ClassLoader classLoader, String name,
			IpcProperties.Remote remote, IpcProperties properties) {
		if (!ClassUtils.isPresent(JSON_MAPPER, classLoader)) {
			throw new InvalidRemoteException(name, "interface", "typed remote calls need Jackson 3 on the class path",
					"Add spring-boot-starter-jackson (tools.jackson.core:jackson-databind) to the application", null);
		}
		Class<?> api = api(name, remote, classLoader);
		String endpoint = remote.getEndpoint();
		if (!StringUtils.hasText(endpoint)) {
			throw new InvalidRemoteException(name, "endpoint", "no endpoint given",
					"Name the endpoint under ipc.endpoints that carries the calls", null);
		}
		if (!properties.getEndpoints().containsKey(endpoint)) {
			throw new InvalidRemoteException(name, "endpoint", "no endpoint '" + endpoint + "' under ipc.endpoints",
					"Name an endpoint declared under ipc.endpoints, or declare ipc.endpoints." + endpoint, null);
		}
		EndpointSpecs.Resolved resolved = specs.resolve(endpoint);
		EndpointSpec spec = resolved.spec();
		String channel = resolved.properties().getChannel();
		String bean = RemoteServiceFactoryBean.BEAN_PREFIX + name;
		if (spec.role() == Role.OUTBOUND_GATEWAY) {
			RootBeanDefinition client = new RootBeanDefinition(RemoteClientFactoryBean.class);
			client.setTargetType(ResolvableType.forClassWithGenerics(RemoteClientFactoryBean.class, api));
			client.setAttribute(FactoryBean.OBJECT_TYPE_ATTRIBUTE, api);
			client.getConstructorArgumentValues().addIndexedArgumentValue(0, api);
			client.getConstructorArgumentValues().addIndexedArgumentValue(1, name);
			client.getConstructorArgumentValues().addIndexedArgumentValue(2, channel);
			client.getConstructorArgumentValues()
				.addIndexedArgumentValue(3, spec.sendTimeout().plus(spec.replyTimeout()));
			registry.registerBeanDefinition(bean, client);
		}
		else if (spec.role() == Role.INBOUND_GATEWAY) {
			String handler = bean + ".handler";
			RootBeanDefinition service = new RootBeanDefinition(RemoteServiceFactoryBean.class);
			service.getConstructorArgumentValues().addIndexedArgumentValue(0, api);
			service.getConstructorArgumentValues().addIndexedArgumentValue(1, name);
			service.getConstructorArgumentValues().addIndexedArgumentValue(2, endpoint);
			service.getConstructorArgumentValues()
				.addIndexedArgumentValue(3, StringUtils.hasText(remote.getService()) ? remote.getService() : null,
						String.class.getName());
			registry.registerBeanDefinition(handler, service);
			RootBeanDefinition consumer = new RootBeanDefinition(ConsumerEndpointFactoryBean.class);
			consumer.getPropertyValues()
				.add("inputChannelName", channel)
				.add("handler", new RuntimeBeanReference(handler))
				.add("autoStartup", resolved.properties().isAutoStartup());
			registry.registerBeanDefinition(bean, consumer);
		}
		else {
			throw new InvalidRemoteException(name, "endpoint",
					"endpoint '" + endpoint + "' has role " + spec.role().id()
							+ ", typed remote calls need a gateway role",
					"Give ipc.endpoints." + endpoint
							+ ".role outbound-gateway (this application calls) or inbound-gateway (it serves)",
					null);
		}
	}

	/**
	 * The {@link IpcRemote} interfaces of the application's packages, each as the remote
	 * its annotation describes, unless {@code ipc.remote} declares one for the same
	 * interface (YAML wins: changing the endpoint needs no code change).
	 */
	private void addAnnotated(BeanDefinitionRegistry registry, Map<String, IpcProperties.Remote> remotes) {
		if (!(registry instanceof BeanFactory beanFactory) || !AutoConfigurationPackages.has(beanFactory)) {
			return;
		}
		Set<String> declared = new HashSet<>();
		remotes.values().forEach((remote) -> declared.add(remote.getInterface()));
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false,
				this.environment) {

			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
				return definition.getMetadata().isInterface() && definition.getMetadata().isIndependent();
			}

		};
		scanner.addIncludeFilter(new AnnotationTypeFilter(IpcRemote.class, false, true));
		for (String base : AutoConfigurationPackages.get(beanFactory)) {
			for (BeanDefinition candidate : scanner.findCandidateComponents(base)) {
				String type = candidate.getBeanClassName();
				if (type == null || declared.contains(type)
						|| !(candidate instanceof AnnotatedBeanDefinition annotated)) {
					continue;
				}
				MergedAnnotation<IpcRemote> annotation = annotated.getMetadata().getAnnotations().get(IpcRemote.class);
				String endpoint = annotation.getString("endpoint");
				String name = StringUtils.hasText(annotation.getString("name")) ? annotation.getString("name")
						: endpoint;
				if (!StringUtils.hasText(endpoint)) {
					throw new InvalidRemoteException(type, "endpoint", "@IpcRemote on " + type + " names no endpoint",
							"Write the endpoint's name in the annotation, e.g. @IpcRemote(\"orders\")", null);
				}
				IpcProperties.Remote remote = new IpcProperties.Remote();
				remote.setInterface(type);
				remote.setEndpoint(endpoint);
				remotes.putIfAbsent(name, remote);
				declared.add(type);
			}
		}
	}

	/**
	 * {@code ipc.remote.*}, strictly: a key a remote does not take fails naming it, as an
	 * endpoint's do.
	 */
	private static Map<String, IpcProperties.Remote> bindRemotes(Binder binder) {
		try {
			return binder
				.bind(REMOTE, Bindable.mapOf(String.class, IpcProperties.Remote.class),
						new NoUnboundElementsBindHandler(BindHandler.DEFAULT))
				.orElseGet(Map::of);
		}
		catch (BindException ex) {
			if (ex.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
				ConfigurationProperty first = unbound.getUnboundProperties().iterator().next();
				ConfigurationPropertyName name = first.getName();
				String remote = (name.getNumberOfElements() > 2) ? name.getElement(2, Form.ORIGINAL) : "?";
				String key = name.subName(Math.min(3, name.getNumberOfElements())).toString();
				throw new InvalidRemoteException(remote, key, "unknown property '" + key + "'",
						"Use interface, endpoint or service (unknown keys would be ignored silently)", null);
			}
			throw ex;
		}
	}

	private static Class<?> api(String name, IpcProperties.Remote remote, ClassLoader classLoader) {
		String type = remote.getInterface();
		if (!StringUtils.hasText(type)) {
			throw new InvalidRemoteException(name, "interface", "no interface given",
					"Set it to the fully qualified name of the interface both applications share", null);
		}
		Class<?> api;
		try {
			api = ClassUtils.forName(type.trim(), classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new InvalidRemoteException(name, "interface", "no class " + type + " on the class path",
					"Set it to the fully qualified name of an interface on the class path", ex);
		}
		if (!api.isInterface()) {
			throw new InvalidRemoteException(name, "interface", type + " is a class, not an interface",
					"Name the interface the service implements, not the class", null);
		}
		return api;
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
