package io.ipcstarter.integration;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.integration.context.IntegrationContextUtils;
import org.springframework.integration.handler.LoggingHandler;
import org.springframework.messaging.Message;

/**
 * Spring Integration's default error logger (the handler it subscribes to the
 * {@code errorChannel} it creates when the application has none), except that it leaves
 * out bad input from IPC peers and the exits of a {@code process} endpoint's child
 * ({@link IpcMessagingException#isPeerEvent()}). The endpoint logs those itself, one line
 * each, a bounded number of times; the default logger would write each at ERROR with a
 * stack trace, and a hostile peer could have it write thousands of lines a second (a
 * child that keeps dying, one report per restart). Every subscriber of
 * {@code errorChannel} still receives every error message: only this logger skips some.
 */
public class BadInputAwareErrorLogger extends LoggingHandler {

	/** The bean name Spring Integration gives its default error logger's handler. */
	public static final String HANDLER_BEAN_NAME = IntegrationContextUtils.ERROR_LOGGER_BEAN_NAME + ".handler";

	public BadInputAwareErrorLogger(Level level) {
		super(level);
	}

	@Override
	protected void handleMessageInternal(Message<?> message) {
		if (message.getPayload() instanceof IpcMessagingException error && error.isPeerEvent()) {
			return;
		}
		super.handleMessageInternal(message);
	}

	/**
	 * Makes Spring Integration's default error logger a {@link BadInputAwareErrorLogger}:
	 * the same bean, with the same level and order, of this class. An application that
	 * declares its own {@code errorChannel} has no default error logger, and nothing
	 * changes.
	 */
	public static final class PostProcessor implements BeanFactoryPostProcessor {

		@Override
		public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
			if (!beanFactory.containsBeanDefinition(HANDLER_BEAN_NAME)) {
				return;
			}
			BeanDefinition definition = beanFactory.getBeanDefinition(HANDLER_BEAN_NAME);
			if (LoggingHandler.class.getName().equals(definition.getBeanClassName())) {
				definition.setBeanClassName(BadInputAwareErrorLogger.class.getName());
			}
		}

	}

}
