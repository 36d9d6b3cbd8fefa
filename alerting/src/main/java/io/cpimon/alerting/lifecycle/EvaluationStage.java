package io.cpimon.alerting.lifecycle;

/** One step of an evaluation (see {@link AlertEvaluator} for their order). Blocking; called from one thread. */
@FunctionalInterface
interface EvaluationStage {
    Evaluation apply(Evaluation evaluation);
}
