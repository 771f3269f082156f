package com.customerkpis.cli;

import com.customerkpis.config.ChurnModel;
import com.customerkpis.config.CohortBy;
import com.customerkpis.time.Grain;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converter and completion candidates of an enum-typed option, spelled in lower case as users
 * type it ({@code month}, {@code first_order}) and accepted in any case.
 *
 * <p>picocli's own enum conversion lists the constants in upper case in its errors and help; this
 * keeps the spellings of the docs. Picocli needs a no-argument class per option, hence the
 * subclasses.
 */
public abstract class EnumValues<E extends Enum<E>> implements ITypeConverter<E>, Iterable<String> {
  private final Class<E> type;
  private final boolean blankIsUnset;

  /**
   * @param blankIsUnset whether an empty value means "not set" (null) rather than an error
   */
  EnumValues(Class<E> type, boolean blankIsUnset) {
    this.type = type;
    this.blankIsUnset = blankIsUnset;
  }

  /** The command-line spelling of a constant. */
  public static String label(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public E convert(String value) {
    String v = value.trim();
    if (v.isEmpty() && blankIsUnset) {
      return null;
    }
    for (E e : type.getEnumConstants()) {
      if (label(e).equalsIgnoreCase(v)) {
        return e;
      }
    }
    // picocli prefixes "Invalid value for option '--x': ".
    throw new TypeConversionException("expected one of " + String.join(", ", this)
        + " (case-insensitive) but was '" + value + "'");
  }

  @Override
  public Iterator<String> iterator() {
    return Arrays.stream(type.getEnumConstants()).map(EnumValues::label).iterator();
  }

  /** {@code --grain}: day, week, month, quarter, year. */
  public static final class GrainValues extends EnumValues<Grain> {
    public GrainValues() {
      super(Grain.class, false);
    }
  }

  /** {@code --cohort-by}: signup, first_order. */
  public static final class CohortByValues extends EnumValues<CohortBy> {
    public CohortByValues() {
      super(CohortBy.class, false);
    }
  }

  /** {@code --churn-model}: subscription, activity; empty means decided by the inputs. */
  public static final class ChurnModelValues extends EnumValues<ChurnModel> {
    public ChurnModelValues() {
      super(ChurnModel.class, true);
    }
  }
}
