#!/usr/bin/env bash
# Makes the release commit and tag of nnl, then starts the next snapshot (docs/releasing.md):
#
#   tools/release.sh 0.2.0            # release 0.2.0, then 0.3.0-SNAPSHOT
#   tools/release.sh 0.2.0 1.0.0-SNAPSHOT
#
# 1. sets the version in every pom (its own or its parent's, the first <version> of each, and the
#    nnl.version of samples/java) and in the Maven snippets of the docs;
# 2. moves CHANGELOG.md's [Unreleased] section under "## [0.2.0] - today", leaves a fresh empty
#    [Unreleased] above it and updates the compare links at the end;
# 3. commits "Release 0.2.0" and tags it v0.2.0;
# 4. sets the next version (a -SNAPSHOT) in the poms and commits "Start 0.3.0-SNAPSHOT".
#
# It changes nothing outside this checkout: no push, no deploy (the two commands to run next are
# printed at the end). It refuses a working tree with changes, a malformed version, an existing
# tag and an empty [Unreleased] section.
set -euo pipefail

die() {
    echo "release: $*" >&2
    exit 1
}

usage="usage: tools/release.sh VERSION [NEXT-SNAPSHOT]   e.g. tools/release.sh 0.2.0"
[ $# -ge 1 ] && [ $# -le 2 ] || die "$usage"
version="$1"
[[ "$version" =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]] \
    || die "'$version' is not a release version MAJOR.MINOR.PATCH such as 0.2.0 (no 'v', no -SNAPSHOT)"
next="${2:-${BASH_REMATCH[1]}.$((BASH_REMATCH[2] + 1)).0-SNAPSHOT}"
[[ "$next" =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)-SNAPSHOT$ ]] \
    || die "'$next' is not a next version MAJOR.MINOR.PATCH-SNAPSHOT such as 0.3.0-SNAPSHOT"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || die "$root is not a git checkout"

changes="$(git status --porcelain)"
[ -z "$changes" ] || die "the working tree has changes; commit or stash them first:
$changes"
! git rev-parse -q --verify "refs/tags/v$version" >/dev/null || die "tag v$version exists already"

# The project's version: the root pom's own, the first <version> in it.
current="$(sed -n 's|^ *<version>\(.*\)</version>.*|\1|p' pom.xml | head -n 1)"
[[ "$current" == *-SNAPSHOT ]] || die "the current version '$current' is not a -SNAPSHOT"

changelog=CHANGELOG.md
[ -f "$changelog" ] || die "$changelog is missing"
grep -q '^## \[Unreleased\]$' "$changelog" || die "$changelog has no '## [Unreleased]' heading"
# The lines between [Unreleased] and the next "## " heading (or the link definitions): something
# besides blank lines and ### group headings.
unreleased="$(awk '/^## \[Unreleased\]$/ { on = 1; next } on && (/^## / || /^\[[^]]+\]: /) { exit } on' "$changelog" \
    | grep -v -e '^[[:space:]]*$' -e '^### ' || true)"
[ -n "$unreleased" ] || die "the [Unreleased] section of $changelog is empty: nothing to release"

home="$(sed -n 's|^ *<nnl.home>\(.*\)</nnl.home>.*|\1|p' pom.xml | head -n 1)"
[ -n "$home" ] || die "pom.xml has no <nnl.home>"

poms=()
while IFS= read -r f; do poms+=("$f"); done < <(git ls-files -- 'pom.xml' '*/pom.xml')

# Sets the version of every pom from $1 to $2: the first <version> (the project's own, or its
# parent's for a module: both come before any dependency or plugin), which must be $1, and any
# <nnl.version> (samples/java, which is not a module).
set_pom_versions() {
    local from="$1" to="$2" f first
    for f in "${poms[@]}"; do
        first="$(sed -n 's|^ *<version>\(.*\)</version>.*|\1|p' "$f" | head -n 1)"
        [ "$first" = "$from" ] || die "$f: its first <version> is '$first', not '$from' (nothing was changed)"
    done
    for f in "${poms[@]}"; do
        awk -v from="$from" -v to="$to" '
            !done && index($0, "<version>" from "</version>") { sub("<version>" from "</version>", "<version>" to "</version>"); done = 1 }
            index($0, "<nnl.version>" from "</nnl.version>") { sub("<nnl.version>" from "</nnl.version>", "<nnl.version>" to "</nnl.version>") }
            { print }' "$f" >"$f.release-tmp"
        mv "$f.release-tmp" "$f"
    done
}

# The docs' Maven snippets name the newest release: the <version> line right after an
# <artifactId>nnl-…</artifactId> line.
docs=(docs/java-api.md samples/java/README.md)
set_doc_versions() {
    local f
    for f in "${docs[@]}"; do
        [ -f "$f" ] || continue
        awk -v to="$1" '
            after && /<version>[^<]*<\/version>/ { sub(/<version>[^<]*<\/version>/, "<version>" to "</version>") }
            { after = ($0 ~ /<artifactId>nnl-[a-z-]+<\/artifactId>/); print }' "$f" >"$f.release-tmp"
        mv "$f.release-tmp" "$f"
    done
}

# CHANGELOG.md: "## [Unreleased]" becomes an empty [Unreleased] over "## [$version] - date", and
# the link definitions at the end compare each release with the one before.
release_changelog() {
    local today previous
    today="$(date -u +%Y-%m-%d)"
    # The newest earlier release: the first "## [x.y.z]" heading.
    previous="$(sed -n 's/^## \[\([0-9][^]]*\)\].*/\1/p' "$changelog" | head -n 1)"
    awk -v version="$version" -v today="$today" -v home="$home" -v previous="$previous" '
        /^## \[Unreleased\]$/ { print; print ""; print "## [" version "] - " today; next }
        /^\[Unreleased\]: / { next }
        /^\[[0-9][^]]*\]: / && !links { links = 1; print_links() }
        { print }
        END { if (!links) { print_links() } }
        function print_links() {
            print "[Unreleased]: " home "/compare/v" version "...HEAD"
            if (previous != "") {
                print "[" version "]: " home "/compare/v" previous "...v" version
            } else {
                print "[" version "]: " home "/releases/tag/v" version
            }
        }' "$changelog" >"$changelog.release-tmp"
    mv "$changelog.release-tmp" "$changelog"
}

set_pom_versions "$current" "$version"
set_doc_versions "$version"
release_changelog
git add -- "${poms[@]}" "$changelog"
for f in "${docs[@]}"; do [ -f "$f" ] && git add -- "$f"; done
git commit -q -m "Release $version"
git tag -a "v$version" -m "nnl $version"

set_pom_versions "$version" "$next"
git add -- "${poms[@]}"
git commit -q -m "Start $next"

echo "release: tagged v$version and moved on to $next. To publish:"
echo "  git push origin HEAD v$version"
echo "  git checkout v$version && mvn -B -Prelease deploy   # docs/releasing.md, Publishing to Maven Central"
