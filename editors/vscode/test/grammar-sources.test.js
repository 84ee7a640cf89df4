'use strict';
// The grammar repeats word lists that live in the compiler: the lexer's keywords (Nnl.g4) and the
// symbol words it knows (activations, initializers, losses); the Vim and Emacs snippets in
// docs/editors.md repeat the keywords. These tests read those sources so the highlighting cannot
// drift from the language when a word is added or removed.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');

const repo = path.resolve(__dirname, '..', '..', '..');
const grammar = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'syntaxes', 'nnl.tmLanguage.json'), 'utf8'));

function readRepoFile(relative) {
    return fs.readFileSync(path.join(repo, relative), 'utf8');
}

/** The words of a rule's patterns, each written `\b(?:a|b|c)\b`; any other form fails the test. */
function grammarWords(ruleName) {
    const words = [];
    for (const pattern of grammar.repository[ruleName].patterns) {
        const m = /^\\b\(\?:([a-z0-9_]+(?:\|[a-z0-9_]+)*)\)\\b$/.exec(pattern.match);
        assert.ok(m, `${ruleName}: expected \\b(?:word|word)\\b, found ${pattern.match}`);
        words.push(...m[1].split('|'));
    }
    return words;
}

/** The "string" literals inside `NAME = …List.of( … )` in a Java source. */
function javaList(source, name) {
    const m = new RegExp(`${name}\\s*=[^;]*?List\\.of\\(([^)]*)\\)`).exec(source);
    assert.ok(m, `no ${name} = …List.of(…) found`);
    return [...m[1].matchAll(/"([^"]*)"/g)].map((s) => s[1]);
}

function sorted(words) {
    return [...words].sort();
}

/** The keywords of the lexer in Nnl.g4. */
function lexerKeywords() {
    const g4 = readRepoFile('grammar/src/main/antlr4/dev/nnl/grammar/Nnl.g4');
    // A keyword is a lexer rule whose whole body is one literal that looks like a name, such as
    // `MODEL : 'model' ;` (ARROW : '->' is not one).
    const keywords = [...g4.matchAll(/^\s*[A-Z][A-Z_]*\s*:\s*'([A-Za-z_][A-Za-z0-9_]*)'\s*;/gm)].map((m) => m[1]);
    assert.ok(keywords.includes('model'), 'the .g4 parsing found no keywords');
    return keywords;
}

test('the keywords are exactly the lexer keywords of Nnl.g4', () => {
    assert.deepEqual(sorted(grammarWords('keywords')), sorted(lexerKeywords()));
});

test('the Vim and Emacs snippets in docs/editors.md name every keyword', () => {
    const doc = readRepoFile('docs/editors.md');
    const vim = [...doc.matchAll(/^syntax keyword nnl(?:Keyword|Boolean) (.*)$/gm)].flatMap((m) => m[1].split(' '));
    assert.deepEqual(sorted(vim), sorted(lexerKeywords()), 'Vim syntax file');
    const emacs = [...doc.matchAll(/\(regexp-opt '\(([^)]*)\) 'symbols\)/g)]
        .flatMap((m) => [...m[1].matchAll(/"([^"]+)"/g)].map((w) => w[1]));
    assert.deepEqual(sorted(emacs), sorted(lexerKeywords()), 'Emacs nnl-mode');
});

test('every keyword is matched by exactly one keywords pattern', () => {
    const words = grammarWords('keywords');
    assert.equal(new Set(words).size, words.length);
});

test('activations are the compiler\'s (Common.ACTIVATIONS)', () => {
    const common = readRepoFile('compiler/src/main/java/dev/nnl/compiler/layers/Common.java');
    const activations = grammar.repository['symbol-constants'].patterns
        .find((p) => p.name === 'support.constant.activation.nnl');
    const words = /^\\b\(\?:([a-z0-9_|]+)\)\\b$/.exec(activations.match)[1].split('|');
    assert.deepEqual(sorted(words), sorted(javaList(common, 'ACTIVATIONS')));
});

test('initializer names are the compiler\'s (Common.INITIALIZER_NAMES)', () => {
    const common = readRepoFile('compiler/src/main/java/dev/nnl/compiler/layers/Common.java');
    const initializers = grammar.repository['symbol-constants'].patterns
        .find((p) => p.name === 'support.constant.initializer.nnl');
    const words = /^\\b\(\?:([a-z0-9_|]+)\)\\b$/.exec(initializers.match)[1].split('|');
    assert.deepEqual(sorted(words), sorted(javaList(common, 'INITIALIZER_NAMES')));
});

test('loss words are the compiler\'s (TrainSchemas.LOSS_NAMES)', () => {
    const schemas = readRepoFile('compiler/src/main/java/dev/nnl/compiler/train/TrainSchemas.java');
    const losses = [...schemas.matchAll(/LOSS_NAMES\.put\("([^"]+)"/g)].map((m) => m[1]);
    assert.ok(losses.length > 0, 'no LOSS_NAMES.put(…) found');
    const pattern = grammar.repository['symbol-constants'].patterns
        .find((p) => p.name === 'support.constant.loss.nnl');
    const words = /^\\b\(\?:([a-z0-9_|]+)\)\\b$/.exec(pattern.match)[1].split('|');
    assert.deepEqual(sorted(words), sorted(losses));
});

test('the allow directive uses the compiler\'s pattern (Suppressions.ALLOW)', () => {
    const suppressions = readRepoFile('compiler/src/main/java/dev/nnl/compiler/parse/Suppressions.java');
    const java = /Pattern\.compile\("((?:[^"\\]|\\.)*)"\)/.exec(suppressions)[1].replace(/\\\\/g, '\\');
    // The grammar wraps the directive words in one more group, to scope them apart from the list.
    const grammarPattern = grammar.repository['allow-directive'].match.replace(/^\(([^()]*)\)/, '$1');
    assert.equal(grammarPattern, java);
});
