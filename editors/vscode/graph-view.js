'use strict';
// "nnl: Show model graph": the picture `nnlc graph` draws, asked of the language server with its
// `nnl/graph` request, in a webview beside the .nnl file, redrawn as the file changes (typing
// included). `vscode` and the client are passed in, so the tests can give fakes.

const path = require('path');

/** How long typing must pause before the picture is redrawn. */
const REDRAW_MS = 300;

/** The webview's page: the SVG inline, no scripts, nothing loaded from anywhere. */
function page(svg, note) {
    return '<!DOCTYPE html><html><head><meta charset="utf-8">'
        + '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:;">'
        + '<style>body{background:#fff;margin:8px} .note{font-family:sans-serif;color:#c62828;margin:4px 0 8px}</style>'
        + '</head><body>'
        + (note ? `<div class="note">${escape(note)}</div>` : '')
        + svg.replace(/^<\?xml[^>]*>\s*/, '')
        + '</body></html>';
}

function escape(text) {
    return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
}

/**
 * Returns the command's handler. `getClient()` is the running language client or undefined;
 * `log(line)` writes to the extension's output channel.
 */
function showGraphCommand(vscode, getClient, log) {
    /** One panel per document URI, reused when the command runs again. */
    const panels = new Map();

    return async function showGraph() {
        const editor = vscode.window.activeTextEditor;
        if (!editor || editor.document.languageId !== 'nnl') {
            vscode.window.showInformationMessage('nnl: open a .nnl file to see its model graph.');
            return undefined;
        }
        const document = editor.document;
        const uri = document.uri.toString();
        const open = panels.get(uri);
        if (open) {
            open.panel.reveal(vscode.ViewColumn.Beside, true);
            return open.redraw();
        }
        const panel = vscode.window.createWebviewPanel('nnlGraph', `Graph: ${path.basename(document.uri.fsPath || uri)}`,
            { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false });
        let timer;
        const redraw = async () => {
            const client = getClient();
            if (!client) {
                panel.webview.html = page('', 'The language server is not running: see "nnl: Show Language Server Output".');
                return;
            }
            try {
                const result = await client.sendRequest('nnl/graph', { textDocument: { uri }, shapes: true, params: true });
                if (result) {
                    panel.webview.html = page(result.svg, result.hasErrors ? 'The file has errors: the picture stops at the first one (in red).' : '');
                }
            } catch (error) {
                log(`nnl: the model graph failed: ${error && error.message ? error.message : error}`);
            }
        };
        const changes = vscode.workspace.onDidChangeTextDocument((event) => {
            if (event.document.uri.toString() === uri) {
                clearTimeout(timer);
                timer = setTimeout(redraw, REDRAW_MS);
            }
        });
        panels.set(uri, { panel, redraw });
        panel.onDidDispose(() => {
            clearTimeout(timer);
            changes.dispose();
            panels.delete(uri);
        });
        return redraw();
    };
}

module.exports = { showGraphCommand, page, REDRAW_MS };
