"""Example Airflow DAG: one `kpi run` per month through spark-submit (see docs/running.md).

Each DAG run computes the month of its data interval. With catchup=True, Airflow creates one run
per month from start_date on, so a backfill is simply "the missing runs" and each writes only its
own period (plus the --lookback periods before it). Re-running a month replaces exactly that
month in every KPI table (Delta replaceWhere), so retries and clears are safe.

Needs the apache-airflow-providers-apache-spark package and a Spark connection (default
`spark_default`) whose host is the master (yarn, k8s://…, spark://…) and whose extra sets
{"deploy-mode": "client"} when the task must tell exit code 2/3 from 1 (see docs/running.md).
"""

import re
from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

# Deployment settings: Airflow Variables override these defaults.
JAR = "{{ var.value.get('customer_kpis_jar', '/opt/customer-kpis/kpis-jobs-0.1.0-SNAPSHOT-cluster.jar') }}"
INPUT = "{{ var.value.get('customer_kpis_input', 's3a://data-lake/customer/raw') }}"
OUTPUT = "{{ var.value.get('customer_kpis_output', 's3a://data-lake/customer/kpis') }}"
# Recompute the month before too, for late-arriving data (0 to disable).
LOOKBACK = "1"

DELTA_CONF = {
    "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
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
    # The month label comes from data_interval_start in this time zone: keep it equal to the
    # job's --timezone so that the interval and the job's month are the same month.
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    schedule="@monthly",
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
        name="customer-kpis-{{ data_interval_start.strftime('%Y-%m') }}",
        application_args=[
            "run",
            "--input", INPUT,
            "--output", OUTPUT,
            "--period", "{{ data_interval_start.strftime('%Y-%m') }}",
            "--lookback", LOOKBACK,
            "--timezone", "UTC",
        ],
        conf={
            **DELTA_CONF,
            "spark.sql.adaptive.enabled": "true",
            "spark.sql.shuffle.partitions": "200",
        },
        driver_memory="4g",
        executor_memory="8g",
        executor_cores=4,
        num_executors=4,
        verbose=False,
    )
