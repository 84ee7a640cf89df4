# The part of the nnlc launcher that a checkout's ./nnlc and an install's bin/nnlc
# (dist/src/launcher/nnlc) share: the JVM options of each command, the class-data archive of the
# short commands, and the exec. Sourced, not run, with the command line as its arguments, after the
# caller has set:
#   jar        the cli jar (an archive older than it is made again)
#   short_cp   the class path of check, summary, fmt, layers and explain: the jars they load from
#   cp         the class path of every other command
#   cds        the class-data archive of the short commands, or where to make it
#   samples    the bundled samples, which the archive is made from
#   spark_cp   Spark's jars for `train --spark` (first on the class path), or empty where there are none
#   spark_job  the job jar a cluster's executors load nnl from
#   light      empty, or, in the light install, the name of the full one
#   jvm        the JVM options every command starts with
# With as few processes as it takes: each fork and exec is a few milliseconds of an `nnlc check`
# that should take about 100 (docs/performance.md).

# The class-data archive of the short commands: a checkout's build makes it (cli/pom.xml,
# executions class-list and class-data-archive) from ArchiveRun, which runs check, summary, fmt,
# layers and explain on the bundled samples; an install makes it here, on the first short command,
# in the user's cache (docs/install.md). It is made the same way, in-line, once: an archive of
# whatever command happens to run first (`--version` holds almost none of the compiler) would be
# kept for every later run. Where the folder cannot be written there is simply no archive.
make_archive() {
    local dir="${cds%/*}" tmp="$cds.$$.tmp" list="$cds.$$.classlist"
    [ -d "$dir" ] || mkdir -p "$dir" 2>/dev/null || return 0
    [ -w "$dir" ] || return 0
    echo "nnlc: making the class-data archive (once; a few seconds)…" >&2
    if java "${jvm[@]}" -XX:TieredStopAtLevel=1 -XX:DumpLoadedClassList="$list" -cp "$short_cp" dev.nnl.cli.ArchiveRun "$samples" \
            >/dev/null 2>&1 \
        && java -XX:+UseSerialGC -Xlog:cds=off -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$tmp" -cp "$short_cp" \
            >/dev/null 2>&1 \
        && [ -f "$tmp" ]; then
        mv -f "$tmp" "$cds"
    else
        rm -f "$tmp"
    fi
    rm -f "$list"
}

# The light install has the jars of the commands that need no ND4J: one line and exit 2 (a usage
# error) for the others, before a JVM starts, rather than a missing class halfway through a run.
# The command is the first word that is not an option (`nnlc --verbose train …`); no word at all
# is `nnlc` alone, which prints its usage.
if [ -n "$light" ]; then
    command=""
    for arg in "$@"; do
        case "$arg" in
            -*) ;;
            *) command="$arg"; break ;;
        esac
    done
    case "$command" in
        ""|check|summary|fmt|layers|explain|graph|lsp|help) ;;
        *)
            echo "error: \`nnlc $command\` needs the full install ($light); this is the light one, with check, summary, fmt, layers, explain, graph and lsp" >&2
            exit 2
            ;;
    esac
fi

case "${1:-}" in
    check|summary|fmt|layers|explain)
        # Short-lived commands: start fast. Class-data sharing maps the classes nnlc loads from the
        # archive; C1 alone is quicker than waiting for C2 in a ~0.2 s run.
        jvm+=(-XX:TieredStopAtLevel=1)
        # A young generation that holds what checking a large file allocates (about 120 MB for
        # 10,000 layers), so no collection copies it, in huge pages where the kernel offers
        # them: first touches of 4 KiB pages were a third of that check's CPU time
        # (docs/performance.md). Memory is only committed as it is used.
        jvm+=(-XX:NewSize=256m -Xlog:gc+ergo=off)
        thp=""
        [ -r /sys/kernel/mm/transparent_hugepage/enabled ] && read -r thp </sys/kernel/mm/transparent_hugepage/enabled
        case "$thp" in
            *"[always]"*|*"[madvise]"*) jvm+=(-XX:+UseTransparentHugePages) ;;
        esac
        # Only the jars these commands load from (cli/pom.xml, copy-short-libs), and the archive
        # was made with just this class path. An archive older than the cli jar is of an earlier
        # build or install: the JVM would ignore it, silently, for good.
        cp="$short_cp"
        [ "$cds" -nt "$jar" ] || make_archive
        if [ -f "$cds" ]; then
            jvm+=(-XX:SharedArchiveFile="$cds" -Xshare:auto)
        fi
        ;;
esac
# `train --spark`: Spark's jars and the JVM options it needs on Java 17 (the same as
# spark/pom.xml's spark.opens), only then, so no other command loads or even lists them.
for arg in "$@"; do
    case "$arg" in
        --spark|--spark=*)
            if [ -z "$spark_cp" ]; then
                echo "error: \`--spark\` needs Spark's jars, which an install does not bundle; train on Spark from a checkout (docs/distributed.md)" >&2
                exit 2
            fi
            # First: where both have a library (commons-lang3, slf4j-api…), Spark needs its newer one.
            cp="$spark_cp:$cp"
            for m in java.lang java.lang.invoke java.io java.net java.nio java.util java.util.concurrent sun.nio.ch sun.nio.cs \
                    sun.security.action sun.util.calendar; do
                jvm+=("--add-opens=java.base/$m=ALL-UNNAMED")
            done
            jvm+=(-Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
            # A cluster's executors load nnl from the job jar (spark.jars; SparkProvider adds it).
            jvm+=(-Dnnl.spark.jobJar="$spark_job")
            break
            ;;
    esac
done
exec java "${jvm[@]}" -cp "$cp" dev.nnl.cli.Main "$@"
