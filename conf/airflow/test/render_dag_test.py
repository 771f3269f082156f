"""Renders conf/airflow/customer_kpis_dag.py's templated arguments without Airflow (scripts/dag-test).

Stub modules stand in for the Airflow classes the DAG imports, recording what the DAG passes to
them; the operator's templated fields are then rendered with jinja2 and a context shaped like
Airflow's (pendulum data_interval_start/end, var.value.get, macros), as Airflow renders them.
"""

import datetime
import importlib.util
import re
import sys
import types
from pathlib import Path

import jinja2
import pendulum

ROOT = Path(sys.argv[1])
FAILURES = []
CHECKS = [0]


def check(what, actual, expected):
    CHECKS[0] += 1
    if actual != expected:
        FAILURES.append(f"{what}: expected {expected!r}, got {actual!r}")


# --- stub Airflow modules: only what the DAG imports ---------------------------------------------
CREATED = {}


class DAG:
    def __init__(self, dag_id, **kwargs):
        CREATED["dag"] = dict(kwargs, dag_id=dag_id)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class AirflowException(Exception):
    pass


class AirflowFailException(AirflowException):
    pass


class SparkSubmitOperator:
    # The provider's template_fields (apache-airflow-providers-apache-spark).
    template_fields = ("application", "conf", "files", "py_files", "jars", "driver_class_path",
                       "packages", "exclude_packages", "keytab", "principal", "proxy_user",
                       "name", "application_args", "env_vars", "properties_file")

    def __init__(self, task_id, **kwargs):
        CREATED["task"] = dict(kwargs, task_id=task_id, cls=type(self).__name__)


class CronDataIntervalTimetable:
    def __init__(self, cron, timezone):
        self.cron, self.timezone = cron, timezone


def module(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m
    return m


module("airflow", DAG=DAG)
module("airflow.exceptions", AirflowException=AirflowException,
       AirflowFailException=AirflowFailException)
for p in ("airflow.providers", "airflow.providers.apache", "airflow.providers.apache.spark",
          "airflow.providers.apache.spark.operators", "airflow.timetables"):
    module(p)
module("airflow.providers.apache.spark.operators.spark_submit",
       SparkSubmitOperator=SparkSubmitOperator)
module("airflow.timetables.interval", CronDataIntervalTimetable=CronDataIntervalTimetable)

spec = importlib.util.spec_from_file_location("customer_kpis_dag",
                                              ROOT / "conf/airflow/customer_kpis_dag.py")
dag_module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dag_module)
dag, task = CREATED["dag"], CREATED["task"]


# --- rendering as Airflow does --------------------------------------------------------------------
class VarValue:
    """var.value.get(name, default): no Variables set, so the defaults."""

    @staticmethod
    def get(name, default=None):
        return default


ENV = jinja2.Environment(undefined=jinja2.StrictUndefined)


def render(value, ctx):
    if isinstance(value, str):
        return ENV.from_string(value).render(**ctx)
    if isinstance(value, (list, tuple)):
        return [render(v, ctx) for v in value]
    if isinstance(value, dict):
        return {k: render(v, ctx) for k, v in value.items()}
    return value


def context(start, end):
    macros = types.SimpleNamespace(datetime=datetime.datetime, timedelta=datetime.timedelta)
    return {"data_interval_start": start, "data_interval_end": end,
            "logical_date": start, "var": types.SimpleNamespace(value=VarValue()),
            "macros": macros}


def rendered(start, end):
    ctx = context(start, end)
    return {f: render(task[f], ctx) for f in SparkSubmitOperator.template_fields if f in task}


def arg(args, option):
    return args[args.index(option) + 1]


tz = dag_module.TIMEZONE
utc = pendulum.timezone("UTC")

# The DAG's own timetable: a data interval per month, in the job's time zone.
tt = dag["schedule"]
check("timetable class", type(tt).__name__, "CronDataIntervalTimetable")
check("timetable cron", tt.cron, "0 0 1 * *")
check("timetable zone", tt.timezone, tz)
check("catchup", dag["catchup"], True)
check("operator", task["cls"], "KpiSubmitOperator")

cases = [
    # (what, data_interval_start, data_interval_end, expected --period)
    ("Airflow 2/3, data-interval timetable, run of June 1st",
     pendulum.datetime(2026, 5, 1, tz=tz), pendulum.datetime(2026, 6, 1, tz=tz), "2026-05"),
    ("Airflow 2/3, data-interval timetable, run of January 1st",
     pendulum.datetime(2026, 12, 1, tz=tz), pendulum.datetime(2027, 1, 1, tz=tz), "2026-12"),
    ("Airflow 3, trigger timetable (zero-width interval), run of June 1st",
     pendulum.datetime(2026, 6, 1, tz=tz), pendulum.datetime(2026, 6, 1, tz=tz), "2026-05"),
    ("Airflow 3, manual run on June 15th (zero-width interval)",
     pendulum.datetime(2026, 6, 15, 10, 30, tz=tz), pendulum.datetime(2026, 6, 15, 10, 30, tz=tz),
     "2026-05"),
    ("interval bounds given in UTC (as Airflow stores them)",
     pendulum.datetime(2026, 5, 1, tz=tz).in_timezone(utc),
     pendulum.datetime(2026, 6, 1, tz=tz).in_timezone(utc), "2026-05"),
]
for what, start, end, period in cases:
    r = rendered(start, end)
    args = r["application_args"]
    check(what + ": --period", arg(args, "--period"), period)
    check(what + ": name", r["name"], "customer-kpis-" + period)
    check(what + ": --timezone", arg(args, "--timezone"), tz)
    check(what + ": --lookback", arg(args, "--lookback"), "1")
    check(what + ": command", args[0], "run")
    check(what + ": --input", arg(args, "--input"), "s3a://data-lake/customer/raw")
    check(what + ": --output", arg(args, "--output"), "s3a://data-lake/customer/kpis")

# A business zone west of UTC: the month must come from local time, not from the UTC instant.
west = "America/Sao_Paulo"
west_template = dag_module.PERIOD.replace("'" + tz + "'", "'" + west + "'")
w_end = pendulum.datetime(2026, 6, 1, tz=west).in_timezone(utc)  # 2026-06-01T03:00Z
check("west of UTC: period from local time",
      render(west_template, context(w_end, w_end)), "2026-05")

# Spark settings and logging: shipped with the job, and agreeing with docs/running.md.
r = rendered(pendulum.datetime(2026, 5, 1, tz=tz), pendulum.datetime(2026, 6, 1, tz=tz))
conf = r["conf"]
log4j = "/opt/customer-kpis/log4j2.properties"
check("--files ships the log configuration", r["files"], log4j)
check("driver log configuration", conf["spark.driver.extraJavaOptions"],
      "-Dlog4j2.configurationFile=" + log4j)
check("executor log configuration", conf["spark.executor.extraJavaOptions"],
      "-Dlog4j2.configurationFile=log4j2.properties")
running = (ROOT / "docs/running.md").read_text()
partitions = conf["spark.sql.shuffle.partitions"]
cores = task["num_executors"] * task["executor_cores"]
check("docs/running.md states the DAG's shuffle partitions",
      f"`spark.sql.shuffle.partitions={partitions}`" in running, True)
check("shuffle partitions are 2-3x the executor cores", 2 * cores <= int(partitions) <= 3 * cores,
      True)
check("docs/running.md documents --files for the log configuration",
      "--files" in running and "-Dlog4j2.configurationFile=log4j2.properties" in running, True)
for cli in ("airflow dags backfill", "airflow backfill create"):
    check(f"docs/running.md documents `{cli}`", cli in running, True)
check("log4j2.properties exists", (ROOT / "conf/log4j2.properties").is_file(), True)

if FAILURES:
    for f in FAILURES:
        print("dag-test: FAILED " + f, file=sys.stderr)
    print(f"dag-test: {CHECKS[0] - len(FAILURES)} passed, {len(FAILURES)} failed")
    sys.exit(1)
print(f"dag-test: {CHECKS[0]} passed, 0 failed")
