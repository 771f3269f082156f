package com.customerkpis.generate;

import com.customerkpis.input.InputTable;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Social mentions in English and Portuguese whose wording carries their true sentiment; about
 * 60% carry the label (a few upper-case or padded), the rest are left for lexicon scoring.
 */
final class MentionRows implements TableRows {
  private static final long serialVersionUID = 1L;
  static final long STREAM = 0x4d454e54494f4eL;

  // Singular objects, so that every template agrees with every object.
  private static final String[] OBJECTS_EN = {"the new dashboard", "the monthly report",
      "the mobile app", "the support team", "the alerting", "the API", "the onboarding",
      "the pricing page"};
  private static final String[] OBJECTS_PT = {"o novo painel", "o relatório mensal",
      "o aplicativo", "o suporte", "o sistema de alertas", "o onboarding", "o checkout",
      "o painel de vendas"};
  /** Templates by language (en, pt) and sentiment (positive, neutral, negative). */
  private static final String[][][] TEMPLATES = {
      {
          {"Love %s, great job!", "Really happy with %s, excellent work.",
              "Amazing experience with %s, highly recommend.", "%s is fast and easy, perfect.",
              "Great update to %s, love it!"},
          {"Anyone using %s?", "Trying %s today.", "How do I export data from %s?",
              "Switched to the annual plan, looking at %s next.", "Reading the docs for %s."},
          {"Terrible experience with %s, so disappointed.", "%s is broken again, awful.",
              "Worst update ever, %s keeps crashing.", "%s is so slow, I hate it.",
              "Still waiting for a refund, %s is a bad joke."}
      },
      {
          {"Adorei %s, excelente!", "Muito bom, %s funciona perfeitamente.",
              "Recomendo %s, ótimo trabalho.", "%s é rápido e fácil, maravilhoso."},
          {"Alguém usa %s?", "Testando %s hoje.", "Como exporto dados usando %s?",
              "Mudei para o plano anual, vou ver %s."},
          {"Péssimo, %s trava toda hora.", "Horrível, %s está muito lento.",
              "Decepcionado com %s, quero reembolso.", "%s é ruim demais, odeio."}
      }};

  @Override
  public InputTable table() {
    return InputTable.MENTIONS;
  }

  @Override
  public long entities(Plan plan) {
    return count(plan);
  }

  static long count(Plan plan) {
    return Math.max(50L * plan.months,
        Math.round(plan.customers * Model.MENTIONS_PER_CUSTOMER_MONTH * plan.months));
  }

  @Override
  public double rowsPerEntity(Plan plan) {
    return 1;
  }

  @Override
  public List<Row> rows(Plan plan, long entity) {
    SplittableRandom r = Rand.of(plan.seed, STREAM, entity);
    long t = plan.span.growthInstant(r.nextDouble(), plan.span.start, plan.span.end);
    t -= Math.floorMod(t, Span.SECOND);
    int platform = Rand.pick(r, Model.PLATFORM_SHARE);
    int sentiment = Rand.pick(r, Model.SENTIMENT_SHARE);
    int lang = Rand.chance(r, Model.MENTION_PORTUGUESE_SHARE) ? 1 : 0;
    String object = Rand.pick(r, lang == 0 ? OBJECTS_EN : OBJECTS_PT);
    String text = capitalise(String.format(Locale.ROOT,
        Rand.pick(r, TEMPLATES[lang][sentiment]), object));
    String label = null;
    if (Rand.chance(r, Model.MENTION_LABELLED_SHARE)) {
      label = Model.SENTIMENTS[sentiment];
      double u = r.nextDouble();
      if (u < 0.07) {
        label = label.toUpperCase(Locale.ROOT);
      } else if (u < 0.1) {
        label = " " + Character.toUpperCase(label.charAt(0)) + label.substring(1) + " ";
      }
    }
    long salt = Rand.mix(plan.seed ^ STREAM);
    return List.of(RowFactory.create("M" + Rand.hex16(Rand.mix(entity ^ salt)), EventRows.ts(t),
        Model.PLATFORMS[platform], text, label));
  }

  private static String capitalise(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
