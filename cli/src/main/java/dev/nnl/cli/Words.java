package dev.nnl.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Options that take one of a few words ({@code --format}, {@code --color}, {@code --log}): enums
 * whose constants, in lower case, are the words. Only the exact words are taken, and anything
 * else is "--format takes text or json, found `xml`".
 */
final class Words {
    private Words() {
    }

    /**
     * Makes {@code cl} and its subcommands read every enum-typed option and parameter this way.
     * Taken from the commands as built, not from a list: a list would name every command's
     * enums, and loading them (predict's is the runtime's) is what `nnlc check` should not do.
     */
    static void registerAll(CommandLine cl) {
        for (CommandLine.Model.ArgSpec arg : cl.getCommandSpec().args()) {
            if (arg.type().isEnum()) {
                register(cl, arg.type().asSubclass(Enum.class));
            }
        }
        cl.getSubcommands().values().forEach(Words::registerAll);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void register(CommandLine cl, Class<? extends Enum> type) {
        cl.registerConverter(type, new Converter(type));
    }

    /** A class, not a lambda, for the class-data archive's sake: see Main.UsageErrors. */
    private static final class Converter<E extends Enum<E>> implements CommandLine.ITypeConverter<E> {
        private final Class<E> type;

        Converter(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            for (E e : type.getEnumConstants()) {
                if (word(e).equals(value)) {
                    return e;
                }
            }
            throw new Rejected(list(type));
        }
    }

    /** The word for a constant: {@code JSON} is {@code json}, {@code KERAS_JSON} is {@code keras-json}. */
    static String word(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** "human, gcc or json". */
    private static String list(Class<? extends Enum<?>> type) {
        List<String> all = Arrays.stream(type.getEnumConstants()).map(Words::word).toList();
        return all.size() == 1 ? all.get(0)
                : String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
    }
}
