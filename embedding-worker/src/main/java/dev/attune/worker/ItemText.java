package dev.attune.worker;

import dev.attune.schema.ItemEvent;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How an item becomes the one text its vector is made from, written down once so the worker and the
 * benchmarks embed items alike:
 *
 * <pre>
 *   {title}. Categories: {c1}, {c2}. Tags: {t1}, {t2}. {description}
 * </pre>
 *
 * Parts that are empty are left out. The short, dense fields come first and the free-text description
 * last, so that when a long description is truncated to the model's token limit, only description is lost.
 */
public final class ItemText {

    private ItemText() {
    }

    /** The embedded text of {@code item}. */
    public static String of(ItemEvent item) {
        return of(item.getTitle(), item.getDescription(), item.getTags(), item.getCategories());
    }

    /** The embedded text of an item with these fields (null or empty fields are left out). */
    public static String of(String title, String description, List<String> tags, List<String> categories) {
        StringBuilder text = new StringBuilder();
        append(text, clean(title));
        append(text, labelled("Categories", categories));
        append(text, labelled("Tags", tags));
        append(text, clean(description));
        return text.toString();
    }

    /** The embedded text of a vocabulary term (a tag or category): the term itself, whitespace tidied. */
    public static String term(String term) {
        return clean(term);
    }

    /** The key of a term on the term-vectors topic: trimmed, lower case, single spaces. */
    public static String termKey(String term) {
        return clean(term).toLowerCase(Locale.ROOT);
    }

    /** {@code text} cut to at most {@code maxChars} characters, never splitting a surrogate pair. */
    public static String truncate(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return text.substring(0, end);
    }

    private static String labelled(String label, List<String> values) {
        if (values == null) {
            return "";
        }
        String joined = values.stream().map(ItemText::clean).filter(v -> !v.isEmpty()).collect(Collectors.joining(", "));
        return joined.isEmpty() ? "" : label + ": " + joined;
    }

    private static void append(StringBuilder text, String part) {
        if (part.isEmpty()) {
            return;
        }
        if (text.length() > 0) {
            char last = text.charAt(text.length() - 1);
            text.append(last == '.' || last == '!' || last == '?' ? " " : ". ");
        }
        text.append(part);
    }

    private static String clean(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ");
    }
}
