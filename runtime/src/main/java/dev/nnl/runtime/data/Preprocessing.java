package dev.nnl.runtime.data;

import java.util.List;

/**
 * What turns raw files into model inputs, saved with the model so {@code eval} and
 * {@code predict} prepare new data exactly as training did.
 *
 * @param kind idx, csv, npy or text
 * @param scale the feature scale factor
 * @param labelNames class names when labels were words (index = class id), else empty
 * @param vocabulary text tokens by id (0 is padding, 1 is unknown), else empty
 * @param featureColumns CSV feature column names in order, else empty
 * @param labelColumn the CSV/text label column, or null
 * @param tokens words or chars (text)
 * @param maxLength padded length (text)
 * @param lowercase whether text is lowercased
 * @param window series window length (csv), or 0
 * @param means per-feature means to subtract (csv with standardize=true), else empty
 * @param stds per-feature standard deviations to divide by, else empty
 */
public record Preprocessing(String kind, double scale, List<String> labelNames, List<String> vocabulary,
                            List<String> featureColumns, String labelColumn, String tokens, int maxLength,
                            boolean lowercase, int window, String delimiter, List<Double> means, List<Double> stds)
        implements java.io.Serializable {

    public static Preprocessing simple(String kind, double scale) {
        return new Preprocessing(kind, scale, List.of(), List.of(), List.of(), null, null, 0, true, 0, ",", List.of(), List.of());
    }
}
