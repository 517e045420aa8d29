package io.ipcstarter.actuate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.propagation.tracecontext.TraceContextPropagation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

/**
 * A real tracer (Brave, W3C trace context) behind an {@link ObservationRegistry}, as
 * Spring Boot's tracing auto-configuration would set it up, collecting finished spans.
 */
final class TestTracing {

	final List<MutableSpan> finished = new CopyOnWriteArrayList<>();

	final Tracer tracer;

	final ObservationRegistry registry = ObservationRegistry.create();

	TestTracing() {
		ThreadLocalCurrentTraceContext context = ThreadLocalCurrentTraceContext.newBuilder().build();
		Tracing tracing = Tracing.newBuilder()
			.currentTraceContext(context)
			.propagationFactory(TraceContextPropagation.FACTORY)
			.addSpanHandler(new SpanHandler() {
				@Override
				public boolean end(TraceContext traceContext, MutableSpan span, Cause cause) {
					TestTracing.this.finished.add(span);
					return true;
				}
			})
			.build();
		this.tracer = new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(context),
				new BraveBaggageManager());
		Propagator propagator = new BravePropagator(tracing);
		this.registry.observationConfig()
			.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
					new PropagatingSenderTracingObservationHandler<>(this.tracer, propagator),
					new PropagatingReceiverTracingObservationHandler<>(this.tracer, propagator),
					new DefaultTracingObservationHandler(this.tracer)));
	}

}
