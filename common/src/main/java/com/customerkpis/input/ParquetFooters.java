package com.customerkpis.input;

import com.customerkpis.input.ColumnSpec;
import com.customerkpis.input.InputTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the footer of every data file of an input table before the run touches any data, so that
 * a truncated or foreign file, or a contract column whose type differs between files, fails the
 * run up front with one line naming table, file and problem (exit 3) instead of a task failure.
 */
public final class ParquetFooters {
  /** Footers read in parallel (object stores answer slowly, one request per file). */
  private static final int THREADS = 8;

  private ParquetFooters() {}

  /** Checks every data file under {@code location}; throws on the first problem found. */
  public static void check(SparkSession spark, InputTable table, String location,
      String segmentColumn) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Set<String> contract = table.columns(segmentColumn).stream().map(ColumnSpec::name)
        .collect(Collectors.toSet());
    List<FileStatus> files = new ArrayList<>();
    try {
      Path root = new Path(location);
      listDataFiles(root.getFileSystem(conf), root, files);
    } catch (IOException e) {
      throw new ContractViolationException("table " + table.tableName() + " at " + location
          + " cannot be listed: " + e.getMessage());
    }
    List<Map<String, String>> types = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(THREADS,
        files.size())), r -> {
          Thread t = new Thread(r, "parquet-footers");
          t.setDaemon(true);
          return t;
        });
    try {
      List<Future<Map<String, String>>> fs = new ArrayList<>();
      for (FileStatus f : files) {
        fs.add(pool.submit(() -> columnTypes(table, f, conf, contract)));
      }
      for (Future<Map<String, String>> f : fs) {
        types.add(f.get());
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ContractViolationException c) {
        throw c;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading Parquet footers", e);
    } finally {
      pool.shutdownNow();
    }
    checkSameTypes(table, files, types);
  }

  /** Data files as Spark sees them: recursive, skipping names that start with _ or . */
  private static void listDataFiles(FileSystem fs, Path dir, List<FileStatus> out)
      throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      String n = s.getPath().getName();
      if (n.startsWith("_") || n.startsWith(".")) {
        continue;
      }
      if (s.isDirectory()) {
        listDataFiles(fs, s.getPath(), out);
      } else {
        out.add(s);
      }
    }
  }

  private static Map<String, String> columnTypes(InputTable table, FileStatus f,
      Configuration conf, Set<String> contract) {
    String where = "table " + table.tableName() + ": file " + f.getPath();
    MessageType schema;
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromStatus(f, conf))) {
      schema = r.getFooter().getFileMetaData().getSchema();
    } catch (IOException | RuntimeException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("is not a Parquet file") || m.contains("too small")) {
        throw new ContractViolationException(where + " is unreadable: not a Parquet file (no "
            + "Parquet footer at its end: truncated, still being written, or another format)");
      }
      throw new ContractViolationException(where + " is unreadable: footer corrupt ("
          + m.lines().findFirst().orElse(m) + ")");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Type t : schema.getFields()) {
      if (contract.contains(t.getName())) {
        out.put(t.getName(), describe(t));
      }
    }
    return out;
  }

  /** The first file whose contract column type differs from most files fails the check. */
  private static void checkSameTypes(InputTable table, List<FileStatus> files,
      List<Map<String, String>> types) {
    Map<String, Map<String, Integer>> votes = new LinkedHashMap<>();
    for (Map<String, String> m : types) {
      m.forEach((c, t) -> votes.computeIfAbsent(c, k -> new LinkedHashMap<>())
          .merge(t, 1, Integer::sum));
    }
    for (Map.Entry<String, Map<String, Integer>> v : votes.entrySet()) {
      if (v.getValue().size() < 2) {
        continue;
      }
      String usual = v.getValue().entrySet().stream().max(Map.Entry.comparingByValue())
          .orElseThrow().getKey();
      for (int i = 0; i < files.size(); i++) {
        String t = types.get(i).get(v.getKey());
        if (t != null && !t.equals(usual)) {
          throw new ContractViolationException("table " + table.tableName() + ": file "
              + files.get(i).getPath() + ": column '" + v.getKey() + "' has type " + t
              + ", which differs from the other files (" + usual + " in "
              + v.getValue().get(usual) + " of " + files.size() + " files)");
        }
      }
    }
  }

  /** A Parquet column type in SQL words (the physical encoding of a logical type is left out). */
  static String describe(Type t) {
    if (!t.isPrimitive()) {
      return t.toString().replaceAll("\\s+", " ");
    }
    PrimitiveType p = t.asPrimitiveType();
    LogicalTypeAnnotation l = p.getLogicalTypeAnnotation();
    if (l instanceof DecimalLogicalTypeAnnotation d) {
      return "DECIMAL(" + d.getPrecision() + "," + d.getScale() + ")";
    }
    if (l instanceof TimestampLogicalTypeAnnotation ts) {
      return ts.isAdjustedToUTC() ? "TIMESTAMP" : "TIMESTAMP_NTZ";
    }
    if (l instanceof IntLogicalTypeAnnotation i) {
      String name = switch (i.getBitWidth()) {
        case 8 -> "TINYINT";
        case 16 -> "SMALLINT";
        case 32 -> "INT";
        default -> "BIGINT";
      };
      return i.isSigned() ? name : "UNSIGNED " + name;
    }
    if (l == LogicalTypeAnnotation.stringType() || l instanceof
        LogicalTypeAnnotation.StringLogicalTypeAnnotation
        || l instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation) {
      return "STRING";
    }
    if (l instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return "DATE";
    }
    return switch (p.getPrimitiveTypeName()) {
      case INT96 -> "TIMESTAMP";
      case INT32 -> "INT";
      case INT64 -> "BIGINT";
      case BINARY -> "BINARY";
      default -> p.getPrimitiveTypeName().name();
    };
  }
}
