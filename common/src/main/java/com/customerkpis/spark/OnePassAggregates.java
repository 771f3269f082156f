package com.customerkpis.spark;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.Complete$;
import org.apache.spark.sql.catalyst.expressions.aggregate.Final$;
import org.apache.spark.sql.catalyst.expressions.aggregate.Partial$;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.aggregate.HashAggregateExec;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractPartialFunction;
import scala.runtime.BoxedUnit;

/**
 * A query-stage preparation rule that replaces a partial hash aggregate directly under its final
 * aggregate (no shuffle between them, because the input is already partitioned by the grouping
 * keys) with one aggregate in complete mode.
 *
 * <p>Spark always plans an aggregation as a partial and a final step and lets a shuffle go
 * between them when needed. When the input already arrives partitioned by the keys (after a
 * {@code repartition}, a join or another aggregation by them), no shuffle goes between, and the
 * final step only builds a second hash map of the first one's rows: for keys that barely repeat
 * (row counts per key hash, visitors per period) as large as the first. One aggregate in complete
 * mode evaluates the same functions over the same rows once (Spark plans exactly that for
 * functions that cannot be split), so results are the same. (A floating-point sum may differ in
 * its last bits where the partial step would have spilled and the final one merged several
 * partial sums of a key; the KPIs' sums that must be exact are decimals.) Only plain pairs of
 * {@link HashAggregateExec} with the same keys are replaced; distinct aggregates and the other
 * aggregate operators are left as planned. {@value #ENABLED_KEY} = false turns the rule off.
 */
public final class OnePassAggregates extends Rule<SparkPlan> {
  /** Session setting that turns the rule off when false (default true). */
  public static final String ENABLED_KEY = "spark.customerkpis.onePassAggregates.enabled";

  /** Registers the rule with a session's extensions. */
  public static final class Extension extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {
    @Override
    public BoxedUnit apply(SparkSessionExtensions extensions) {
      extensions.injectQueryStagePrepRule(new AbstractFunction1<SparkSession, Rule<SparkPlan>>() {
        @Override
        public Rule<SparkPlan> apply(SparkSession session) {
          return new OnePassAggregates();
        }
      });
      return BoxedUnit.UNIT;
    }
  }

  @Override
  public SparkPlan apply(SparkPlan plan) {
    if (!Boolean.parseBoolean(conf().getConfString(ENABLED_KEY, "true"))) {
      return plan;
    }
    return plan.transformUp(new AbstractPartialFunction<SparkPlan, SparkPlan>() {
      @Override
      public boolean isDefinedAt(SparkPlan p) {
        return collapsible(p);
      }

      @Override
      public SparkPlan apply(SparkPlan p) {
        return collapse((HashAggregateExec) p);
      }
    });
  }

  /**
   * A final hash aggregate over a partial one with the same keys (plain columns of the partial's
   * input) and the same functions, none distinct.
   */
  static boolean collapsible(SparkPlan p) {
    if (!(p instanceof HashAggregateExec)
        || !(((HashAggregateExec) p).child() instanceof HashAggregateExec)) {
      return false;
    }
    HashAggregateExec fin = (HashAggregateExec) p;
    HashAggregateExec partial = (HashAggregateExec) fin.child();
    var finAggs = fin.aggregateExpressions();
    var partialAggs = partial.aggregateExpressions();
    if (finAggs.size() != partialAggs.size()) {
      return false;
    }
    for (int i = 0; i < finAggs.size(); i++) {
      AggregateExpression f = finAggs.apply(i);
      AggregateExpression q = partialAggs.apply(i);
      if (!f.mode().equals(Final$.MODULE$) || !q.mode().equals(Partial$.MODULE$)
          || f.isDistinct() || q.isDistinct() || !f.resultId().equals(q.resultId())) {
        return false;
      }
    }
    var finKeys = fin.groupingExpressions();
    var partialKeys = partial.groupingExpressions();
    if (finKeys.size() != partialKeys.size()) {
      return false;
    }
    for (int i = 0; i < finKeys.size(); i++) {
      NamedExpression fk = finKeys.apply(i);
      NamedExpression pk = partialKeys.apply(i);
      if (!(pk instanceof Attribute) || !fk.exprId().equals(pk.exprId())
          || !partial.child().outputSet().contains((Attribute) pk)) {
        return false;
      }
    }
    return true;
  }

  /** The same aggregation in one complete-mode step over the partial step's input. */
  static SparkPlan collapse(HashAggregateExec fin) {
    HashAggregateExec partial = (HashAggregateExec) fin.child();
    HashAggregateExec complete = (HashAggregateExec) fin.transformExpressions(
        new AbstractPartialFunction<Expression, Expression>() {
          @Override
          public boolean isDefinedAt(Expression e) {
            return e instanceof AggregateExpression;
          }

          @Override
          public Expression apply(Expression e) {
            AggregateExpression a = (AggregateExpression) e;
            return a.copy(a.aggregateFunction(), Complete$.MODULE$, a.isDistinct(), a.filter(),
                a.resultId());
          }
        });
    // Complete mode reads no input buffers: its buffer offset is 0, as Spark plans it.
    return complete.copy(complete.requiredChildDistributionExpressions(), complete.isStreaming(),
        complete.numShufflePartitions(), complete.groupingExpressions(),
        complete.aggregateExpressions(), complete.aggregateAttributes(), 0,
        complete.resultExpressions(), partial.child());
  }
}
