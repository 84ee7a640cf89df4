'use strict';
// extension.js runs inside VS Code, which these tests do not start: `vscode` and the language
// client are replaced by small fakes that record what the extension asks of them. What is tested
// is the extension's own logic: finding nnlc, the command line it starts, the messages it shows,
// and restarting on a command or a settings change.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');
const test = require('node:test');

const manifest = require('../package.json');

/** A fresh copy of extension.js wired to the fakes; returns the module and the fakes' records. */
function load({ settings = {}, startFails = false, errorChoice, root = os.tmpdir() } = {}) {
    const record = { clients: [], errors: [], executed: [], commands: new Map(), configListeners: [], lines: [] };
    const values = { 'nnl.server.path': 'nnlc', 'nnl.server.args': ['lsp'], 'nnl.server.env': {}, ...settings };
    const vscode = {
        window: {
            createOutputChannel: (name) => ({
                name,
                appendLine: (line) => record.lines.push(line),
                show: () => undefined,
                dispose: () => undefined,
            }),
            showErrorMessage: (message, ...items) => {
                record.errors.push({ message, items });
                return Promise.resolve(errorChoice);
            },
        },
        commands: {
            registerCommand: (id, handler) => {
                record.commands.set(id, handler);
                return { dispose: () => undefined };
            },
            executeCommand: (...args) => {
                record.executed.push(args);
                return Promise.resolve();
            },
        },
        workspace: {
            workspaceFolders: [{ uri: { fsPath: root } }],
            getConfiguration: (section) => ({ get: (key) => values[`${section}.${key}`] }),
            onDidChangeConfiguration: (listener) => {
                record.configListeners.push(listener);
                return { dispose: () => undefined };
            },
        },
    };
    class LanguageClient {
        constructor(id, name, serverOptions, clientOptions) {
            Object.assign(this, { id, name, serverOptions, clientOptions, started: 0, stopped: 0 });
            record.clients.push(this);
        }

        start() {
            this.started++;
            return startFails ? Promise.reject(new Error('spawn failed')) : Promise.resolve();
        }

        stop() {
            this.stopped++;
            return Promise.resolve();
        }
    }
    const fakes = { vscode, 'vscode-languageclient/node': { LanguageClient } };
    const originalLoad = Module._load;
    Module._load = function (request, ...rest) {
        return Object.hasOwn(fakes, request) ? fakes[request] : originalLoad.call(this, request, ...rest);
    };
    try {
        delete require.cache[require.resolve('../extension.js')];
        return { extension: require('../extension.js'), record, values, vscode };
    } finally {
        Module._load = originalLoad;
    }
}

function context() {
    return { subscriptions: [] };
}

/** A temporary folder with an executable `nnlc` and a non-executable `plain`. */
function binDir() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnl-vscode-test-'));
    fs.writeFileSync(path.join(dir, 'nnlc'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'plain'), '', { mode: 0o644 });
    return dir;
}

/** Runs body with PATH set to the given folders, restoring it afterwards. */
async function withPath(dirs, body) {
    const saved = process.env.PATH;
    process.env.PATH = dirs.join(path.delimiter);
    try {
        return await body();
    } finally {
        process.env.PATH = saved;
    }
}

test('resolveCommand looks a bare name up on PATH', () => {
    const { extension } = load();
    const dir = binDir();
    const env = { PATH: ['/nonexistent', dir].join(path.delimiter) };
    assert.equal(extension.resolveCommand('nnlc', env, undefined), path.join(dir, 'nnlc'));
    assert.equal(extension.resolveCommand('missing', env, undefined), undefined);
    assert.equal(extension.resolveCommand('plain', env, undefined), undefined, 'not executable');
    assert.equal(extension.resolveCommand('nnlc', {}, undefined), undefined, 'no PATH at all');
});

test('resolveCommand takes paths as they are, relative ones from the workspace, ~/ from home', () => {
    const { extension } = load();
    const dir = binDir();
    assert.equal(extension.resolveCommand(path.join(dir, 'nnlc'), {}, undefined), path.join(dir, 'nnlc'));
    assert.equal(extension.resolveCommand('./nnlc', {}, dir), path.join(dir, 'nnlc'));
    assert.equal(extension.resolveCommand(' ./nnlc ', {}, dir), path.join(dir, 'nnlc'), 'surrounding blanks');
    assert.equal(extension.resolveCommand('./plain', {}, dir), undefined);
    assert.equal(extension.resolveCommand(path.join(dir, 'missing'), {}, undefined), undefined);
    const savedHome = process.env.HOME;
    process.env.HOME = dir;
    try {
        assert.equal(extension.resolveCommand('~/nnlc', {}, undefined), path.join(dir, 'nnlc'));
    } finally {
        process.env.HOME = savedHome;
    }
});

test('activation starts `nnlc lsp` over stdio for nnl documents', async () => {
    const dir = binDir();
    const { extension, record } = load({ settings: { 'nnl.server.env': { NNL_EXTRA: '1' } } });
    await withPath([dir], () => extension.activate(context()));
    assert.equal(record.clients.length, 1);
    const client = record.clients[0];
    assert.equal(client.id, 'nnl', 'the id under which the client reads nnl.trace.server');
    assert.equal(client.started, 1);
    assert.equal(client.serverOptions.command, path.join(dir, 'nnlc'));
    assert.deepEqual(client.serverOptions.args, ['lsp']);
    assert.equal(client.serverOptions.transport, undefined, 'a transport would add --stdio to the arguments');
    assert.equal(client.serverOptions.options.env.NNL_EXTRA, '1');
    assert.equal(client.serverOptions.options.env.PATH, dir, 'the rest of the environment is kept');
    assert.deepEqual(client.clientOptions.documentSelector.map((s) => s.language), ['nnl', 'nnl']);
    assert.deepEqual(record.errors, []);
});

test('settings of the wrong type fall back to the defaults', async () => {
    const dir = binDir();
    const { extension, record } = load({
        settings: { 'nnl.server.path': 42, 'nnl.server.args': 'lsp --verbose', 'nnl.server.env': 'X=1' },
    });
    await withPath([dir], () => extension.activate(context()));
    assert.equal(record.clients.length, 1);
    assert.equal(record.clients[0].serverOptions.command, path.join(dir, 'nnlc'));
    assert.deepEqual(record.clients[0].serverOptions.args, ['lsp']);
    assert.equal(record.clients[0].serverOptions.options.env['0'], undefined);
});

test('a missing nnlc gets a message that says how to fix it, and no client', async () => {
    const { extension, record } = load({ errorChoice: 'Open Settings' });
    await withPath([binDir() + '-missing'], () => extension.activate(context()));
    assert.equal(record.clients.length, 0);
    assert.equal(record.errors.length, 1);
    assert.match(record.errors[0].message, /cannot find the language server command "nnlc"/);
    assert.match(record.errors[0].message, /PATH/);
    assert.match(record.errors[0].message, /nnl\.server\.path/);
    assert.deepEqual(record.errors[0].items, ['Open Settings']);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(record.executed, [['workbench.action.openSettings', 'nnl.server']]);
});

test('the restart command and nnl.server changes restart the server; trace changes do not', async () => {
    const dir = binDir();
    const { extension, record, values } = load();
    await withPath([dir], async () => {
        await extension.activate(context());
        await record.commands.get('nnl.restartServer')();
        assert.equal(record.clients.length, 2);
        assert.equal(record.clients[0].stopped, 1);
        assert.equal(record.clients[1].started, 1);

        values['nnl.server.args'] = ['lsp', '--verbose'];
        const change = (section) => ({ affectsConfiguration: (s) => section.startsWith(s) });
        await Promise.all(record.configListeners.map((listener) => listener(change('nnl.server.args'))));
        await extension.deactivate();
        assert.equal(record.clients.length, 3);
        assert.equal(record.clients[1].stopped, 1);
        assert.deepEqual(record.clients[2].serverOptions.args, ['lsp', '--verbose']);
        assert.equal(record.clients[2].stopped, 1, 'deactivate stops the server');

        record.configListeners.forEach((listener) => listener(change('nnl.trace.server')));
        await extension.deactivate();
        assert.equal(record.clients.length, 3);
    });
});

test('a server that fails to start is logged, and a later restart tries again', async () => {
    const dir = binDir();
    const { extension, record } = load({ startFails: true });
    await withPath([dir], async () => {
        await extension.activate(context());
        assert.equal(record.clients.length, 1);
        assert.ok(record.lines.some((line) => line.includes('did not start: spawn failed')), record.lines.join('\n'));
        await record.commands.get('nnl.restartServer')();
        assert.equal(record.clients.length, 2);
        assert.equal(record.clients[0].stopped, 0, 'a client that never started is not stopped');
    });
});

test('the manifest contributes what extension.js uses', async () => {
    const { extension, record } = load();
    await withPath([binDir()], () => extension.activate(context()));
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.deepEqual([...record.commands.keys()].sort(), contributed.sort());
    const properties = Object.keys(manifest.contributes.configuration.properties);
    assert.deepEqual(properties.sort(), ['nnl.server.args', 'nnl.server.env', 'nnl.server.path', 'nnl.trace.server']);
    assert.equal(manifest.contributes.configuration.properties['nnl.server.path'].default, 'nnlc');
    assert.deepEqual(manifest.contributes.configuration.properties['nnl.server.args'].default, ['lsp']);
    assert.deepEqual(manifest.activationEvents, ['onLanguage:nnl']);
    assert.equal(manifest.main, './extension.js');
});

test('the manifest\'s grammar and language files exist and agree', () => {
    const root = path.join(__dirname, '..');
    const [language] = manifest.contributes.languages;
    const [grammar] = manifest.contributes.grammars;
    assert.equal(language.id, 'nnl');
    assert.deepEqual(language.extensions, ['.nnl']);
    assert.equal(grammar.language, 'nnl');
    const tm = JSON.parse(fs.readFileSync(path.join(root, grammar.path), 'utf8'));
    assert.equal(tm.scopeName, grammar.scopeName);
    assert.equal(grammar.scopeName, 'source.nnl');
    const config = JSON.parse(fs.readFileSync(path.join(root, language.configuration), 'utf8'));
    assert.deepEqual(config.comments, { lineComment: '//', blockComment: ['/*', '*/'] });
});
