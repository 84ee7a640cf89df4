'use strict';
// The VS Code side of nnl: highlighting comes from the grammar in package.json; everything else
// (diagnostics, hover, completion, definitions, symbols, inlay hints, formatting, the model graph
// of graph-view.js) comes from
// `nnlc lsp`, which this file starts over stdio and restarts when its settings change.
// Plain JavaScript, so the extension needs no build step before `vsce package`.

const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');
const { showGraphCommand } = require('./graph-view');

const SETUP_HINT = 'Put nnlc on your PATH (it is the launcher script at the root of the nnl repository) '
    + 'or set "nnl.server.path" to its full path.';

/** The running client, or undefined while stopped. */
let client;
/** Start and stop run one at a time: a restart requested while the server starts waits for it. */
let queue = Promise.resolve();
/** Kept across restarts, so the log of a server that failed stays readable. */
let outputChannel;
let traceChannel;

function activate(context) {
    outputChannel = vscode.window.createOutputChannel('nnl Language Server');
    traceChannel = vscode.window.createOutputChannel('nnl Language Server Trace');
    context.subscriptions.push(
        outputChannel,
        traceChannel,
        vscode.commands.registerCommand('nnl.restartServer', () => restart()),
        vscode.commands.registerCommand('nnl.showOutput', () => outputChannel.show(true)),
        vscode.commands.registerCommand('nnl.showGraph',
            showGraphCommand(vscode, () => client, (line) => outputChannel.appendLine(line))),
        vscode.workspace.onDidChangeConfiguration((event) => {
            // nnl.trace.server is applied by the client itself, without a restart.
            if (event.affectsConfiguration('nnl.server')) {
                restart();
            }
        }),
    );
    return restart();
}

function deactivate() {
    return enqueue(stop);
}

/** Stops the server if it runs, then starts it with the current settings. */
function restart() {
    return enqueue(async () => {
        await stop();
        await start();
    });
}

function enqueue(task) {
    // The queue never rejects, so one failed task does not block the next, and callers that do not
    // wait (the settings listener) leave no unhandled rejection behind.
    queue = queue.then(task).catch((error) => {
        outputChannel.appendLine(`nnl: ${messageOf(error)}`);
    });
    return queue;
}

async function start() {
    const settings = vscode.workspace.getConfiguration('nnl.server');
    // settings.json is not validated against the schema: a value of the wrong type means the default.
    const configuredPath = settings.get('path');
    const configured = typeof configuredPath === 'string' && configuredPath.trim() !== '' ? configuredPath : 'nnlc';
    const command = resolveCommand(configured, process.env, workspaceRoot());
    if (command === undefined) {
        // Not awaited: a restart (after the user fixes the setting) must not wait for this
        // notification to be dismissed.
        vscode.window.showErrorMessage(
            `nnl: cannot find the language server command "${configured}". ${SETUP_HINT} `
                + 'Highlighting works without it.',
            'Open Settings',
        ).then((action) => {
            if (action === 'Open Settings') {
                vscode.commands.executeCommand('workbench.action.openSettings', 'nnl.server');
            }
        });
        return;
    }
    const args = settings.get('args');
    const env = settings.get('env');
    const extraEnv = env !== null && typeof env === 'object' && !Array.isArray(env) ? env : {};
    const serverOptions = {
        command,
        args: Array.isArray(args) ? args.map(String) : ['lsp'],
        // No `transport`: the client would then append `--stdio`, which `nnlc lsp` does not take.
        // Without it the client still talks to the process over its stdin and stdout.
        options: { env: { ...process.env, ...extraEnv } },
    };
    const clientOptions = {
        documentSelector: [
            { scheme: 'file', language: 'nnl' },
            { scheme: 'untitled', language: 'nnl' },
        ],
        outputChannel,
        traceOutputChannel: traceChannel,
    };
    // The id `nnl` makes the client read `nnl.trace.server` by itself.
    const next = new LanguageClient('nnl', 'nnl Language Server', serverOptions, clientOptions);
    try {
        await next.start();
        client = next;
    } catch (error) {
        // The client has already shown its own error notification, with a button to this log.
        const commandLine = [command, ...serverOptions.args].join(' ');
        outputChannel.appendLine(`nnl: "${commandLine}" did not start: ${messageOf(error)}`);
        outputChannel.appendLine('nnl: fix the settings or the server, then run "nnl: Restart Language Server". '
            + SETUP_HINT);
    }
}

async function stop() {
    const running = client;
    client = undefined;
    if (running !== undefined) {
        try {
            await running.stop();
        } catch (error) {
            outputChannel.appendLine(`nnl: stopping the language server failed: ${messageOf(error)}`);
        }
    }
}

function workspaceRoot() {
    const folders = vscode.workspace.workspaceFolders;
    return folders && folders.length > 0 ? folders[0].uri.fsPath : undefined;
}

function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}

/**
 * The executable that `nnl.server.path` names, or undefined when there is none. Checked before
 * spawning because a missing command otherwise shows up only as an opaque ENOENT in the log.
 * A name without a slash is looked up on PATH (with PATHEXT on Windows); `~/` is the home folder;
 * a relative path is taken from the first workspace folder.
 */
function resolveCommand(configured, env, root) {
    let value = configured.trim();
    if (value === '~' || value.startsWith('~/') || value.startsWith('~\\')) {
        value = path.join(os.homedir(), value.slice(1));
    }
    const windows = process.platform === 'win32';
    const extensions = windows ? ['', ...(env.PATHEXT || '.EXE;.CMD;.BAT').split(';')] : [''];
    const hasSeparator = value.includes('/') || (windows && value.includes('\\'));
    if (hasSeparator) {
        const full = path.isAbsolute(value) ? value : path.resolve(root || process.cwd(), value);
        return firstExecutable(extensions.map((ext) => full + ext));
    }
    const dirs = (env.PATH || env.Path || '').split(path.delimiter).filter((dir) => dir !== '');
    return firstExecutable(dirs.flatMap((dir) => extensions.map((ext) => path.join(dir, value + ext))));
}

function firstExecutable(candidates) {
    return candidates.find((file) => {
        try {
            if (!fs.statSync(file).isFile()) {
                return false;
            }
            fs.accessSync(file, fs.constants.X_OK);
            return true;
        } catch {
            return false;
        }
    });
}

module.exports = { activate, deactivate, resolveCommand };
