package io.cpimon.simulator;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a Vert.x future from a plain thread (never from an event loop: that would deadlock). */
public final class Blocking {
    private Blocking() {
    }

    public static <T> T await(Future<T> f) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("blocking simulator call on a Vert.x event loop");
        }
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out after 30 s", e);
        }
    }
}
