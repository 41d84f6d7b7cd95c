package io.reelflow.operators.moderation;

import io.reelflow.operators.moderation.internal.Phrase;
import io.reelflow.operators.moderation.internal.PhraseIndex;
import io.reelflow.operators.moderation.internal.Pinyin;
import io.reelflow.operators.moderation.internal.TextNormalizer;
import io.reelflow.operators.moderation.internal.Token;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in classifier: the policy's terms, allow-contexts and combinations, matched on normalised text (see
 * {@link TextNormalizer}); Chinese terms also as their pinyin ({@link Pinyin}). A category's score is
 * 1 - product(1 - weight) over the distinct terms found outside an allow-context, raised to a combination's score when
 * all its conditions hold; the evidence is the terms found.
 */
public final class RulesClassifier implements PromptClassifier {

    /** Where a term or allow-context belongs: a category, a lexicon, or (both null) every category and lexicon. */
    private record Source(Category category, String lexicon) {
        static final Source EVERYWHERE = new Source(null, null);
    }

    private record Term(Source source, double weight) {}

    private static final Comparator<Map.Entry<String, Double>> STRONGEST_FIRST =
            Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

    private final List<Combination> combinations;
    private final PhraseIndex<Term> terms = new PhraseIndex<>();
    private final PhraseIndex<Source> contexts = new PhraseIndex<>();

    public RulesClassifier(ModerationPolicy policy) {
        this.combinations = policy.combinations();
        policy.allowContexts().forEach(context -> add(contexts, context, Source.EVERYWHERE));
        for (Lexicon lexicon : policy.lexicons().values()) {
            Source source = new Source(null, lexicon.name());
            lexicon.terms().forEach(term -> add(terms, term, new Term(source, 1.0)));
            lexicon.allowContexts().forEach(context -> add(contexts, context, source));
        }
        for (CategoryPolicy category : policy.categories().values()) {
            Source source = new Source(category.category(), null);
            category.terms().forEach((term, weight) -> add(terms, term, new Term(source, weight)));
            category.allowContexts().forEach(context -> add(contexts, context, source));
        }
    }

    private static <T> void add(PhraseIndex<T> index, String text, T value) {
        add(index, Phrase.parse(text), value);
    }

    /** Adds a term or context and its pinyin spellings, which are found as the Chinese they spell. */
    static <T> void add(PhraseIndex<T> index, Phrase phrase, T value) {
        index.add(phrase, value);
        String evidence = Phrase.join(phrase.words());
        Pinyin.builtIn().spellings(phrase).forEach(spelling -> index.add(spelling, evidence, value));
    }

    @Override
    public List<CategoryScore> classify(String text) {
        Map<Source, Map<String, Double>> found = find(text);
        Map<Category, Double> scores = new EnumMap<>(Category.class);
        Map<Category, List<String>> evidence = new EnumMap<>(Category.class);
        found.forEach((source, matched) -> {
            if (source.category() != null) {
                double unmatched = 1;
                for (double weight : matched.values()) {
                    unmatched *= 1 - weight;
                }
                scores.put(source.category(), 1 - unmatched);
                evidence.put(source.category(), new ArrayList<>(matched.entrySet().stream()
                        .sorted(STRONGEST_FIRST).map(Map.Entry::getKey).toList()));
            }
        });
        for (Combination combination : combinations) {
            List<String> why = conditionsHold(combination, found);
            if (why != null) {
                Category category = combination.category();
                scores.merge(category, combination.score(), Math::max);
                // The combination explains the decision better than single terms: it comes first, and replaces them.
                List<String> items = evidence.computeIfAbsent(category, c -> new ArrayList<>());
                items.removeAll(why);
                items.add(0, String.join(" + ", why));
            }
        }
        List<CategoryScore> out = new ArrayList<>(scores.size());
        scores.forEach((category, score) -> out.add(new CategoryScore(category, score, evidence.get(category))));
        return out;
    }

    /** The terms found per source, with their weight; terms inside an allow-context of theirs do not count. */
    private Map<Source, Map<String, Double>> find(String text) {
        Map<Source, Map<String, Double>> found = new HashMap<>();
        for (List<Token> view : TextNormalizer.views(text)) {
            List<PhraseIndex.Match<Term>> hits = terms.find(view);
            if (hits.isEmpty()) {
                continue;
            }
            List<PhraseIndex.Match<Source>> benign = contexts.find(view);
            for (PhraseIndex.Match<Term> hit : hits) {
                if (!neutralised(benign, hit) && !subsumed(hits, hit)) {
                    found.computeIfAbsent(hit.value().source(), s -> new HashMap<>())
                            .merge(hit.text(), hit.value().weight(), Math::max);
                }
            }
        }
        return found;
    }

    private static boolean neutralised(List<PhraseIndex.Match<Source>> contexts, PhraseIndex.Match<Term> hit) {
        for (PhraseIndex.Match<Source> context : contexts) {
            if (neutralises(context, hit)) {
                return true;
            }
        }
        return false;
    }

    private static boolean subsumed(List<PhraseIndex.Match<Term>> hits, PhraseIndex.Match<Term> hit) {
        for (PhraseIndex.Match<Term> longer : hits) {
            if (subsumes(longer, hit)) {
                return true;
            }
        }
        return false;
    }

    private static boolean neutralises(PhraseIndex.Match<Source> context, PhraseIndex.Match<Term> hit) {
        Source scope = context.value();
        return (scope == Source.EVERYWHERE || scope.equals(hit.value().source()))
                && context.start() <= hit.start()
                && hit.end() <= context.end();
    }

    /** "naked" inside "naked woman" is the same evidence, already weighed by the longer phrase. */
    private static boolean subsumes(PhraseIndex.Match<Term> longer, PhraseIndex.Match<Term> hit) {
        return longer.value().source().equals(hit.value().source())
                && longer.start() <= hit.start()
                && hit.end() <= longer.end()
                && longer.end() - longer.start() > hit.end() - hit.start();
    }

    /** The strongest term per condition if every condition holds, else null. */
    private static List<String> conditionsHold(Combination combination, Map<Source, Map<String, Double>> found) {
        List<String> why = new ArrayList<>();
        for (Combination.Condition condition : combination.allOf()) {
            Map<String, Double> matched;
            double minWeight;
            if (condition instanceof Combination.AnyOfLexicon lexicon) {
                matched = found.get(new Source(null, lexicon.lexicon()));
                minWeight = 0;
            } else {
                Combination.AnyOfCategory category = (Combination.AnyOfCategory) condition;
                matched = found.get(new Source(category.category(), null));
                minWeight = category.minWeight();
            }
            String strongest = matched == null ? null : matched.entrySet().stream()
                    .filter(term -> term.getValue() >= minWeight)
                    .sorted(STRONGEST_FIRST)
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse(null);
            if (strongest == null) {
                return null;
            }
            why.add(strongest);
        }
        return why;
    }

    @Override
    public String description() {
        return "the policy's rules";
    }
}
