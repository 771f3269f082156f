package com.customerkpis.kpi;

import static org.apache.spark.sql.functions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * The lexicon sentiment scorer for unlabelled mentions (SPEC §4.14), built only from Spark
 * Column expressions: an English + Portuguese word list with polarity ±1, accent folding,
 * negation within the previous three words, and score = positives − negatives. See
 * {@code docs/kpis/sentiment.md}.
 */
public final class LexiconSentiment {
  private LexiconSentiment() {}

  public static final String POSITIVE = "positive";
  public static final String NEUTRAL = "neutral";
  public static final String NEGATIVE = "negative";

  /** How many following words a strong negator flips ("not", "não", "never", …). */
  public static final int NEGATION_WINDOW = 3;

  /**
   * Lower-case, accent-free words (the form tokens take after {@link #tokens}) and their
   * polarity. A token missing here is also looked up without a trailing "s" (plurals, 3rd person).
   */
  public static final Map<String, Integer> LEXICON = lexicon();

  /**
   * Negators and the distance they start at: a word at distance d ≤ {@link #NEGATION_WINDOW}
   * after a negator has its polarity flipped. "no" starts at the last distance so that it flips
   * only the next word: it is also the Portuguese "no" (= "in the"), which rarely precedes a
   * polar word directly but often precedes one two or three words later ("o suporte no app é
   * ótimo").
   */
  public static final Map<String, Integer> NEGATORS = negators();

  /** Tokens that end a negation's scope: clause punctuation (tokenised as ",") and "but". */
  public static final List<String> SCOPE_BREAKERS = List.of(",", "but", "however", "mas",
      "porem", "entretanto");

  private static final String CLAUSE = ",";
  private static final int OUT_OF_SCOPE = NEGATION_WINDOW + 1;
  private static final String FOLD_FROM = "áàâãäåéèêëíìîïóòôõöúùûüçñ";
  private static final String FOLD_TO = "aaaaaaeeeeiiiiooooouuuucn";

  /** The label of a text: positive (score > 0), negative (< 0) or neutral (0). */
  public static Column label(Column text) {
    Column s = score(text);
    return when(s.gt(0), lit(POSITIVE)).when(s.lt(0), lit(NEGATIVE)).otherwise(lit(NEUTRAL));
  }

  /** Σ polarity over the words of a text, each flipped when a negator is in scope (INT). */
  public static Column score(Column text) {
    Column lexicon = literalMap(LEXICON);
    Column negators = literalMap(NEGATORS);
    Column breakers = array(SCOPE_BREAKERS.stream().map(w -> lit(w))
        .toArray(Column[]::new));
    // State: running score and the distance of the current word from the last negator
    // (OUT_OF_SCOPE when none is in scope). A left fold, since scope depends on the words before.
    Column zero = struct(lit(0).as("score"), lit(OUT_OF_SCOPE).as("dist"));
    return aggregate(tokens(text), zero, (acc, w) -> {
      Column polarity = coalesce(element_at(lexicon, w),
          element_at(lexicon, regexp_replace(w, "s$", "")), lit(0));
      Column sign = when(acc.getField("dist").leq(NEGATION_WINDOW), lit(-1)).otherwise(lit(1));
      Column nextDist = coalesce(element_at(negators, w),
          when(array_contains(breakers, w), lit(OUT_OF_SCOPE)),
          least(acc.getField("dist").plus(1), lit(OUT_OF_SCOPE)));
      return struct(acc.getField("score").plus(polarity.multiply(sign)).as("score"),
          nextDist.as("dist"));
    }, acc -> acc.getField("score"));
  }

  /**
   * Words of a text: lower-cased, accents folded (both "não" and "nao" become "nao"), "n't"
   * expanded to " not", clause punctuation kept as the token ",", anything else non-alphanumeric
   * a separator.
   */
  public static Column tokens(Column text) {
    Column t = lower(coalesce(text, lit("")));
    t = regexp_replace(t, "\\p{M}+", ""); // combining accents of decomposed text
    t = translate(t, FOLD_FROM, FOLD_TO);
    t = regexp_replace(t, "n['’`]t\\b", " not");
    t = regexp_replace(t, "[.,;:!?()…]+", " " + CLAUSE + " ");
    t = trim(regexp_replace(t, "[^a-z0-9,]+", " "));
    return filter(split(t, " "), w -> w.notEqual(lit("")));
  }

  private static Column literalMap(Map<String, Integer> m) {
    return map_from_arrays(lit(m.keySet().toArray(new String[0])),
        lit(m.values().stream().mapToInt(Integer::intValue).toArray()));
  }

  private static Map<String, Integer> negators() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (String w : List.of(
        // English ("n't" is expanded to "not" by tokens(); apostrophe-less forms listed)
        "not", "never", "nothing", "neither", "nor", "without", "hardly", "barely", "cannot",
        "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "wont", "cant",
        "couldnt", "wouldnt", "shouldnt", "havent", "hasnt", "stopped",
        // Portuguese
        "nao", "nunca", "nem", "jamais", "nada", "nenhum", "nenhuma", "sem", "parou")) {
      m.put(w, 1);
    }
    m.put("no", NEGATION_WINDOW);
    return m;
  }

  private static Map<String, Integer> lexicon() {
    Map<String, Integer> m = new LinkedHashMap<>();
    put(m, 1,
        // English
        "good", "great", "excellent", "amazing", "awesome", "fantastic", "wonderful", "perfect",
        "love", "loved", "loving", "like", "liked", "enjoy", "enjoyed", "happy", "glad",
        "satisfied", "pleased", "recommend", "recommended", "best", "better", "nice", "fast",
        "quick", "quickly", "easy", "helpful", "friendly", "polite", "reliable", "smooth",
        "fine", "works", "worked", "working", "fixed", "solved", "resolved", "thanks", "thank",
        "impressive", "superb", "brilliant", "efficient", "convenient",
        // Portuguese (accent-free forms)
        "bom", "boa", "bons", "otimo", "otima", "excelente", "incrivel", "maravilhoso",
        "maravilhosa", "perfeito", "perfeita", "perfeitamente", "adorei", "adoro", "amei", "amo",
        "gostei", "gosto", "feliz", "satisfeito", "satisfeita", "recomendo", "melhor", "legal",
        "rapido", "rapida", "rapidamente", "facil", "util", "eficiente", "atencioso",
        "atenciosa", "educado", "educada", "funciona", "funcionou", "funcionando", "funcionar",
        "resolvido", "resolvida", "resolveu", "obrigado", "obrigada", "parabens");
    put(m, -1,
        // English
        "bad", "terrible", "awful", "horrible", "worst", "worse", "hate", "hated", "poor",
        "slow", "broken", "bug", "crash", "crashed", "crashing", "error", "problem", "issue",
        "fail", "failed", "failure", "useless", "disappointed", "disappointing", "frustrating",
        "frustrated", "annoying", "rude", "unhelpful", "unhappy", "angry", "waste", "scam",
        "late", "delayed", "delay", "wrong", "confusing", "complicated", "difficult",
        "expensive", "outage", "missing", "lost",
        // Portuguese (accent-free forms)
        "ruim", "ruins", "pessimo", "pessima", "horrivel", "terrivel", "odeio", "odiei", "pior",
        "lento", "lenta", "demorado", "demorada", "demora", "demorou", "atraso", "atrasado",
        "atrasada", "atrasou", "quebrado", "quebrada", "erro", "problema", "defeito", "falha",
        "falhou", "trava", "travou", "travando", "caro", "inutil", "lixo", "golpe",
        "decepcionado", "decepcionada", "decepcionante", "insatisfeito", "insatisfeita",
        "reclamacao", "reclamar", "dificil", "complicado", "confuso", "grosso", "grossa",
        "mal", "horroroso");
    return m;
  }

  private static void put(Map<String, Integer> m, int polarity, String... words) {
    for (String w : words) {
      if (m.put(w, polarity) != null) {
        throw new IllegalStateException("duplicate lexicon word " + w); // map keys must be unique
      }
    }
  }
}
