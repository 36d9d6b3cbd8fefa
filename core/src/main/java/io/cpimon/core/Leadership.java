package io.cpimon.core;

/**
 * Whether this instance runs the jobs only one of the instances sharing a database may run (the rule evaluator,
 * retention). Implementations answer from memory and never block; any thread.
 */
@FunctionalInterface
public interface Leadership {
    /** A single instance: it always leads. */
    Leadership ALWAYS = () -> true;

    /** Whether this instance leads now; a job asks before each run and skips the run when not. */
    boolean leads();
}
