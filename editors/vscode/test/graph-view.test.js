'use strict';
// "nnl: Show model graph" (graph-view.js) with fakes for VS Code and the language client: what it
// asks the server, what the webview shows, and that it redraws on changes to its document only.

const assert = require('node:assert/strict');
const test = require('node:test');
const { showGraphCommand, page, REDRAW_MS } = require('../graph-view.js');

function fakes({ languageId = 'nnl', client = true } = {}) {
    const record = { panels: [], requests: [], infos: [], logs: [], listeners: [] };
    const doc = { languageId, uri: { toString: () => 'file:///m/net.nnl', fsPath: '/m/net.nnl' } };
    const vscode = {
        ViewColumn: { Beside: -2 },
        window: {
            activeTextEditor: { document: doc },
            showInformationMessage: (m) => record.infos.push(m),
            createWebviewPanel: (type, title, column, options) => {
                const panel = {
                    type, title, column, options, webview: { html: '' }, revealed: 0, disposers: [],
                    reveal() { this.revealed++; },
                    onDidDispose(f) { this.disposers.push(f); },
                };
                record.panels.push(panel);
                return panel;
            },
        },
        workspace: {
            onDidChangeTextDocument: (listener) => {
                const entry = { listener, disposed: false };
                record.listeners.push(entry);
                return { dispose: () => { entry.disposed = true; } };
            },
        },
    };
    let svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><g class="box layer" data-layer="dense"/></svg>';
    const lsp = {
        sendRequest: (method, params) => {
            record.requests.push({ method, params });
            return Promise.resolve({ svg, model: 'Net', models: ['Net'], hasErrors: svg.includes('error') });
        },
    };
    const command = showGraphCommand(vscode, () => (client ? lsp : undefined), (l) => record.logs.push(l));
    return { command, record, doc, setSvg: (s) => { svg = s; } };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('the command asks nnl/graph for the active document and shows the SVG beside it', async () => {
    const { command, record } = fakes();
    await command();
    assert.deepEqual(record.requests, [{ method: 'nnl/graph',
        params: { textDocument: { uri: 'file:///m/net.nnl' }, shapes: true, params: true } }]);
    const panel = record.panels[0];
    assert.equal(panel.title, 'Graph: net.nnl');
    assert.deepEqual(panel.column, { viewColumn: -2, preserveFocus: true });
    assert.equal(panel.options.enableScripts, false);
    assert.match(panel.webview.html, /data-layer="dense"/);
    assert.doesNotMatch(panel.webview.html, /<\?xml/, 'the XML declaration is dropped inside HTML');
    assert.match(panel.webview.html, /Content-Security-Policy" content="default-src 'none'/);
});

test('typing in the document redraws after a pause; other documents and a closed panel do not', async () => {
    const { command, record, doc, setSvg } = fakes();
    await command();
    const { listener } = record.listeners[0];
    setSvg('<svg><g class="box error" data-layer="error"/></svg>');
    listener({ document: { uri: { toString: () => 'file:///m/other.nnl' } } });
    listener({ document: doc });
    listener({ document: doc });
    await sleep(REDRAW_MS + 100);
    assert.equal(record.requests.length, 2, 'one redraw for a burst of changes to this document');
    assert.match(record.panels[0].webview.html, /class="box error"/);
    assert.match(record.panels[0].webview.html, /the picture stops at the first one/);
    record.panels[0].disposers.forEach((f) => f());
    assert.equal(record.listeners[0].disposed, true);
    await command();
    assert.equal(record.panels.length, 2, 'a closed panel is opened anew');
});

test('running the command again reveals the open panel and redraws it', async () => {
    const { command, record } = fakes();
    await command();
    await command();
    assert.equal(record.panels.length, 1);
    assert.equal(record.panels[0].revealed, 1);
    assert.equal(record.requests.length, 2);
});

test('not an nnl file, or no server: a message instead of a request', async () => {
    const other = fakes({ languageId: 'python' });
    await other.command();
    assert.equal(other.record.requests.length, 0);
    assert.match(other.record.infos[0], /open a \.nnl file/);
    const noServer = fakes({ client: false });
    await noServer.command();
    assert.match(noServer.record.panels[0].webview.html, /language server is not running/);
});

test('page() escapes its note', () => {
    assert.match(page('<svg/>', '<b>'), /&lt;b&gt;/);
});
