package com.customerkpis.job;

import com.customerkpis.kpi.KpiRegistry;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.customerkpis.output.OutputTables;

/**
 * {@code --database NAME}: registers every Delta table under the output root as
 * {@code NAME.<table>} in the session catalog (Hive metastore, Glue, Unity Catalog, or Spark's
 * embedded one), so users query tables by name. The data stays where the job wrote it.
 */
public final class CatalogRegistrar {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogRegistrar.class);

  /** A database name, optionally qualified by a catalog ({@code main.kpis}). */
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

  private CatalogRegistrar() {}

  /** Checks the name before any work. */
  public static void validate(String database) {
    if (!NAME.matcher(database).matches()) {
      throw new IllegalArgumentException("invalid --database '" + database
          + "': expected a name of letters, digits and _ (optionally catalog.database)");
    }
  }

  /**
   * Creates the database if needed and, for each KPI and audit table that exists under
   * {@code outputRoot}, creates {@code database.table} over its location, or points an existing
   * one at it when its location differs. Returns the registered table names.
   */
  public static List<String> register(SparkSession spark, String database, String outputRoot) {
    validate(database);
    spark.sql("CREATE DATABASE IF NOT EXISTS " + database);
    List<String> tables = new ArrayList<>(KpiRegistry.names());
    tables.add(OutputTables.RUNS);
    tables.add(OutputTables.QUARANTINE);
    List<String> done = new ArrayList<>();
    for (String t : tables) {
      String location = qualified(spark, outputRoot.replaceAll("/+$", "") + "/" + t);
      if (!DeltaTable.isDeltaTable(spark, location)) {
        continue;
      }
      String name = database + ".`" + t + "`";
      String literal = "'" + location.replace("\\", "\\\\").replace("'", "\\'") + "'";
      if (!spark.catalog().tableExists(database + "." + t)) {
        spark.sql("CREATE TABLE IF NOT EXISTS " + name + " USING delta LOCATION " + literal);
      } else {
        Row detail = spark.sql("DESCRIBE DETAIL " + name).select("location").first();
        if (!location.equals(qualified(spark, detail.getString(0)))) {
          LOG.info("{} pointed at {}; moving it to {}", name, detail.getString(0), location);
          spark.sql("ALTER TABLE " + name + " SET LOCATION " + literal);
        }
      }
      done.add(t);
    }
    LOG.info("registered {} table(s) in database {}", done.size(), database);
    return done;
  }

  private static String qualified(SparkSession spark, String location) {
    try {
      Path p = new Path(location);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p)
          .toString();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot resolve " + location + ": " + e.getMessage(), e);
    }
  }
}
