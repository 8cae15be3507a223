package io.imgctl.application.contract;

import io.imgctl.application.port.out.ContainerEngine;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Wraps an engine and records every call made to it, so tests can tell what reached the engine. */
final class RecordingEngine {

    /** One call: the port method's name and its arguments. */
    record Call(String method, List<Object> arguments) {
    }

    private final List<Call> calls = new ArrayList<>();
    private final ContainerEngine proxy;

    RecordingEngine(ContainerEngine delegate) {
        InvocationHandler handler = (p, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(delegate, args);
            }
            synchronized (calls) {
                calls.add(new Call(method.getName(), args == null ? List.of() : Arrays.asList(args)));
            }
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        this.proxy = (ContainerEngine) Proxy.newProxyInstance(ContainerEngine.class.getClassLoader(),
                new Class<?>[] {ContainerEngine.class}, handler);
    }

    ContainerEngine engine() {
        return proxy;
    }

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    List<Call> calls(String method) {
        return calls().stream().filter(c -> c.method().equals(method)).toList();
    }
}
