package org.recon4j.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A fixed set of worker threads that runs independent indices. Each index is processed by
 * exactly one thread and never depends on another, so results are the same bits for any
 * thread count and any scheduling. Close it when done; one instance serves one computation.
 */
public final class Parallel implements AutoCloseable {
    private final int threads;
    private final ExecutorService pool;

    public Parallel(int requestedThreads) {
        this.threads = resolveThreads(requestedThreads);
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "recon4j-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The thread count for a request of {@code requested}, where 0 means all cores. */
    public static int resolveThreads(int requested) {
        if (requested < 0) {
            throw new org.recon4j.InvalidInputException("thread count must be >= 0 (0 = all cores), found " + requested);
        }
        return requested == 0 ? Runtime.getRuntime().availableProcessors() : requested;
    }

    public int threads() {
        return threads;
    }

    /** Calls {@code body} for every index in [0, count), shared dynamically among the threads. */
    public void forEach(int count, IntConsumer body) {
        int workers = Math.min(threads, count);
        if (workers <= 1) {
            for (int index = 0; index < count; index++) {
                body.accept(index);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int index = next.getAndIncrement(); index < count; index = next.getAndIncrement()) {
                body.accept(index);
            }
        };
        List<Future<?>> futures = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            futures.add(pool.submit(worker));
        }
        awaitAll(futures);
    }

    /** Splits [0, count) into one contiguous range per thread: {@code body.run(start, end)}. */
    public void forEachRange(int count, RangeBody body) {
        int chunks = Math.max(1, Math.min(threads, count));
        forEach(chunks, chunk -> body.run(
                (int) ((long) chunk * count / chunks), (int) ((long) (chunk + 1) * count / chunks)));
    }

    /** Work on the index range [start, end). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    private static void awaitAll(List<Future<?>> futures) {
        try {
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
