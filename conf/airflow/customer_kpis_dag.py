"""Example Airflow DAG: one `kpi run` per month through spark-submit (see docs/running.md).

Works on Airflow 2 (>= 2.4) and Airflow 3. Each DAG run computes the month that has just ended:

- The schedule is an explicit data-interval timetable (CronDataIntervalTimetable): the run that
  starts on June 1st has the data interval [May 1st, June 1st), as on Airflow 2 by default.
  Airflow 3's default for a cron schedule (CronTriggerTimetable) would give a zero-width interval
  at the trigger time instead, so a June 1st run would compute June.
- The period is derived from the END of the data interval (in TIMEZONE): the month before the
  month the interval ends in. That is right for both kinds of interval: [May 1st, June 1st) and
  [June 1st, June 1st) both give May, and a manual run on June 15th computes May, the last
  complete month.

With catchup=True, Airflow creates one run per month from start_date on, so a backfill is "the
missing runs" and each writes only its own period (plus the --lookback periods before it).
Re-running a month replaces exactly that month in every KPI table (Delta replaceWhere), so
retries and clears are safe. Backfills by hand: `airflow dags backfill` (Airflow 2) or
`airflow backfill create` (Airflow 3), see docs/running.md.

Needs the apache-airflow-providers-apache-spark package and a Spark connection (default
`spark_default`) whose host is the master (yarn, k8s://…, spark://…) and whose extra sets
{"deploy-mode": "client"} when the task must tell exit code 2/3 from 1 (see docs/running.md).
scripts/dag-test renders this DAG's arguments for both kinds of interval.
"""

import re
from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.timetables.interval import CronDataIntervalTimetable

# The business time zone: the job's --timezone and the timetable's zone must be the same, so that
# the interval's month and the job's month are the same month.
TIMEZONE = "UTC"

# Deployment settings: Airflow Variables override these defaults.
JAR = "{{ var.value.get('customer_kpis_jar', '/opt/customer-kpis/kpis-jobs-0.1.0-SNAPSHOT-spark3.5-cluster.jar') }}"
INPUT = "{{ var.value.get('customer_kpis_input', 's3a://data-lake/customer/raw') }}"
OUTPUT = "{{ var.value.get('customer_kpis_output', 's3a://data-lake/customer/kpis') }}"
# The project's quiet log configuration (conf/log4j2.properties), on the Airflow worker. It is
# shipped with --files; the driver (client mode: the spark-submit JVM on the worker) reads it by
# its path, the executors read their copy in the container's working directory.
LOG4J = "{{ var.value.get('customer_kpis_log4j', '/opt/customer-kpis/log4j2.properties') }}"
# Recompute the month before too, for late-arriving data (0 to disable).
LOOKBACK = "1"

# The month that has just ended: the month before the one the data interval ends in (its end is
# exclusive, so an interval ending at June 1st 00:00 ends in June and gives May).
PERIOD = (
    "{{ data_interval_end.in_timezone('" + TIMEZONE + "').start_of('month').subtract(days=1)"
    ".strftime('%Y-%m') }}"
)

DELTA_CONF = {
    "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
}

# Sizing as in docs/running.md: 4 executors x 4 cores = 16 cores; shuffle partitions 2x the cores
# (adaptive execution coalesces small stages further).
SPARK_CONF = {
    **DELTA_CONF,
    "spark.sql.adaptive.enabled": "true",
    "spark.sql.shuffle.partitions": "32",
    "spark.driver.extraJavaOptions": "-Dlog4j2.configurationFile=" + LOG4J,
    "spark.executor.extraJavaOptions": "-Dlog4j2.configurationFile=log4j2.properties",
}


class KpiSubmitOperator(SparkSubmitOperator):
    """spark-submit of `kpi`: exit codes 2 (usage) and 3 (input contract) fail without retries."""

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowException as e:
            # The hook says "Error code is: N" (spark-submit's exit code: the job's in client
            # mode) and, on Kubernetes, "Kubernetes spark exit code is: N" (the driver pod's).
            if re.search(r"(Error code is|Kubernetes spark exit code is): [23]\b", str(e)):
                raise AirflowFailException(
                    f"customer-kpis rejected its input or arguments; fix them, then clear the task: {e}"
                ) from e
            raise


with DAG(
    dag_id="customer_kpis_monthly",
    description="Customer KPIs, one month per run, into Delta tables",
    start_date=pendulum.datetime(2025, 1, 1, tz=TIMEZONE),
    # Midnight on the 1st of each month, with the month before as the data interval.
    schedule=CronDataIntervalTimetable("0 0 1 * *", timezone=TIMEZONE),
    catchup=True,
    # Runs of different months may run together (disjoint periods), but with --lookback each
    # run also rewrites the previous month, which the run before writes too; one at a time
    # keeps backfills free of Delta write conflicts. Raise it when LOOKBACK is "0".
    max_active_runs=1,
    default_args={
        "owner": "analytics",
        "retries": 2,
        "retry_delay": timedelta(minutes=10),
        "retry_exponential_backoff": True,
        "execution_timeout": timedelta(hours=3),
    },
    tags=["customer-kpis"],
) as dag:
    KpiSubmitOperator(
        task_id="kpi_run",
        conn_id="spark_default",
        application=JAR,
        java_class="com.customerkpis.cli.KpiCli",
        name="customer-kpis-" + PERIOD,
        application_args=[
            "run",
            "--input", INPUT,
            "--output", OUTPUT,
            "--period", PERIOD,
            "--lookback", LOOKBACK,
            "--timezone", TIMEZONE,
        ],
        files=LOG4J,
        conf=SPARK_CONF,
        driver_memory="4g",
        executor_memory="8g",
        executor_cores=4,
        num_executors=4,
        verbose=False,
    )
