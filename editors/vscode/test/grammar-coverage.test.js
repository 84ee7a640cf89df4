'use strict';
// The tokenization tests (test/*.test.nnl, run by vscode-tmgrammar-test) must cover the whole
// grammar: every rule is reachable from the top, and every scope the grammar can produce is
// asserted at least once, so a new rule cannot land without a test.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');

const grammar = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'syntaxes', 'nnl.tmLanguage.json'), 'utf8'));

/** Calls visit on the grammar's top-level rule and on every rule nested in it or in the repository. */
function walk(visit) {
    const seen = new Set();
    const go = (rule) => {
        if (rule === undefined || seen.has(rule)) {
            return;
        }
        seen.add(rule);
        visit(rule);
        for (const child of rule.patterns || []) {
            go(child);
        }
        for (const key of ['captures', 'beginCaptures', 'endCaptures']) {
            for (const capture of Object.values(rule[key] || {})) {
                go(capture);
            }
        }
    };
    go(grammar);
    for (const rule of Object.values(grammar.repository)) {
        go(rule);
    }
}

function grammarScopes() {
    const scopes = new Set();
    walk((rule) => {
        for (const key of ['name', 'contentName']) {
            if (typeof rule[key] === 'string' && rule !== grammar) {
                rule[key].split(/\s+/).forEach((scope) => scopes.add(scope));
            }
        }
    });
    return scopes;
}

/** Every scope named on the positive side of an assertion line (`^^ a b - c` gives a and b). */
function assertedScopes() {
    const scopes = new Set();
    const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.nnl'));
    assert.ok(files.length > 0, 'no test/*.test.nnl files');
    for (const file of files) {
        for (const line of fs.readFileSync(path.join(__dirname, file), 'utf8').split(/\r?\n/)) {
            const m = /^\/\/\s*(?:\^+|<~*-+)((?:\s+[\w.-]+)*)/.exec(line);
            if (m) {
                m[1].trim().split(/\s+/).filter((s) => s !== '').forEach((scope) => scopes.add(scope));
            }
        }
    }
    return scopes;
}

test('every scope the grammar produces is asserted in a tokenization test', () => {
    const asserted = assertedScopes();
    const untested = [...grammarScopes()].filter((scope) => !asserted.has(scope));
    assert.deepEqual(untested, [], `scopes without a test in test/*.test.nnl: ${untested.join(', ')}`);
});

test('every repository rule is used', () => {
    const included = new Set();
    walk((rule) => {
        if (typeof rule.include === 'string' && rule.include.startsWith('#')) {
            included.add(rule.include.slice(1));
        }
    });
    const unused = Object.keys(grammar.repository).filter((name) => !included.has(name));
    assert.deepEqual(unused, []);
    const missing = [...included].filter((name) => !(name in grammar.repository));
    assert.deepEqual(missing, []);
});

test('every scope ends with the language suffix .nnl', () => {
    const foreign = [...grammarScopes()].filter((scope) => !scope.endsWith('.nnl'));
    assert.deepEqual(foreign, []);
});
