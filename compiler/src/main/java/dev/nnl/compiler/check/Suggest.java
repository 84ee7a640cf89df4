package dev.nnl.compiler.check;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" by edit distance, as rustc and Elm do it. */
public final class Suggest {
    private Suggest() {
    }

    /** The closest candidate within a distance of a third of the word's length (at least 1), or null. */
    public static String closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = word.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            if (c.toLowerCase(Locale.ROOT).equals(lower) || c.replace("_", "").equalsIgnoreCase(word.replace("_", ""))) {
                return c;
            }
            int d = distance(lower, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return bestDistance <= Math.max(1, word.length() / 3) ? best : null;
    }

    /** "did you mean `x`?" or null. */
    public static String didYouMean(String word, Collection<String> candidates) {
        String c = closest(word, candidates);
        return c == null ? null : "did you mean `" + c + "`?";
    }

    static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 8) {
            return Integer.MAX_VALUE / 2;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
